package supervision

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// ErrNotPacket means a file decrypted, but what is inside is not a
// supervision packet this version can read.
var ErrNotPacket = errors.New("not a supervision packet")

// Kind is what a decrypted packet is written in.
func Kind(plain []byte) (Format, error) {
	if !utf8.Valid(plain) {
		return "", fmt.Errorf("%w: it is not text", ErrNotPacket)
	}
	t := bytes.TrimLeft(plain, " \t\r\n\ufeff")
	switch {
	case bytes.HasPrefix(t, []byte("{")):
		return JSON, nil
	case bytes.HasPrefix(bytes.ToLower(t), []byte("<!doctype html")) || bytes.HasPrefix(bytes.ToLower(t), []byte("<html")):
		return HTML, nil
	}
	return Markdown, nil
}

// ParseJSON reads a JSON packet back, for showing it as Markdown. Its text
// is shown as it is; nothing in it is redacted again.
func ParseJSON(data []byte) (*Packet, error) {
	var j jsonPacket
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("%w: the JSON can't be read", ErrNotPacket)
	}
	switch {
	case j.Format != FormatName:
		return nil, fmt.Errorf("%w: its format is not %q", ErrNotPacket, FormatName)
	case j.Version > FormatVersion:
		return nil, fmt.Errorf("%w: it was made by a newer peerdiary (version %d); update peerdiary to read it", ErrNotPacket, j.Version)
	case j.Version < 1:
		return nil, fmt.Errorf("%w: it has no version", ErrNotPacket)
	}
	p := &Packet{
		Dates: j.Dates, From: Text{S: j.From}, Note: Text{S: j.Note},
		Redacted: j.Redaction.Names, Replacements: j.Redaction.Replacements,
	}
	if p.Dates != DatesExact {
		p.Dates = DatesDay
	}
	var err error
	date := func(s string) time.Time {
		if s == "" || err != nil {
			return time.Time{}
		}
		var t time.Time
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			t, err = time.Parse("2006-01-02", s)
		}
		return t
	}
	p.Made, p.First, p.Last = date(j.Made), date(j.Range.First), date(j.Range.Last)
	for _, n := range j.Needs {
		p.Needs = append(p.Needs, n.Function)
	}
	if s := j.Summary; s != nil {
		sum := &Summary{Since: date(s.Since), Until: date(s.Until), Entries: s.Entries, Incidents: s.Incidents,
			Mood: Mood{Rated: s.Mood.Rated, Early: s.Mood.Early, Late: s.Mood.Late, Lowest: s.Mood.Lowest, Highest: s.Mood.Highest}}
		for _, c := range s.Families {
			sum.Families = append(sum.Families, Count{Family: c.Family, N: c.Entries})
		}
		for _, c := range s.Subthemes {
			sum.Subthemes = append(sum.Subthemes, Count{Family: c.Family, Subtheme: c.Subtheme, N: c.Entries})
		}
		p.Summary = sum
	}
	for _, je := range j.Entries {
		e := Entry{ID: je.ID, Created: date(je.Date), Template: je.Template, Mood: je.Mood, Body: Text{S: je.Body}}
		if je.Prompt != nil {
			e.Family, e.Subtheme, e.Prompt = je.Prompt.Family, je.Prompt.Subtheme, Text{S: je.Prompt.Text}
		}
		if je.Flag != nil {
			e.Flagged, e.FlagNote = true, Text{S: je.Flag.Note}
		}
		for _, t := range je.Tags {
			e.Tags = append(e.Tags, Text{S: t})
		}
		for _, a := range je.Answers {
			e.Answers = append(e.Answers, Answer{Question: Text{S: a.Question}, Text: Text{S: a.Text}})
		}
		p.Entries = append(p.Entries, e)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: a date can't be read", ErrNotPacket)
	}
	if len(p.Entries) == 0 {
		return nil, fmt.Errorf("%w: it has no entries", ErrNotPacket)
	}
	return p, nil
}
