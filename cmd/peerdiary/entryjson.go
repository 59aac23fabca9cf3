package main

import (
	"bytes"
	"encoding/json"
	"io"

	"peerdiary/diary"
)

// jsonTime is the layout of every time in --json output: RFC 3339 with a
// numeric offset, never "Z", so a reader always sees the offset the entry
// was written in.
const jsonTime = "2006-01-02T15:04:05-07:00"

// jsonEntry is one entry in --json output. The schema is documented in
// docs/CLI.md and is stable: fields may be added, never renamed or removed.
type jsonEntry struct {
	ID       string         `json:"id"`
	Created  string         `json:"created"`
	Updated  string         `json:"updated"`
	Prompt   *jsonPrompt    `json:"prompt"`
	Tags     []string       `json:"tags"`
	Mood     *int           `json:"mood"`
	Words    int            `json:"words"`
	Body     string         `json:"body"`
	Template string         `json:"template,omitempty"`
	Answers  []diary.Answer `json:"answers,omitempty"`
	File     string         `json:"file"`
}

// jsonPrompt is the prompt an entry answers. Family and text are "" when
// the entry records only the prompt's id.
type jsonPrompt struct {
	ID       string `json:"id"`
	Family   string `json:"family"`
	Subtheme string `json:"subtheme,omitempty"`
	Text     string `json:"text"`
}

func toJSON(e *diary.Entry, file string) jsonEntry {
	j := jsonEntry{
		ID:       e.ID,
		Created:  e.Created.Format(jsonTime),
		Updated:  e.Updated.Format(jsonTime),
		Tags:     e.Tags,
		Words:    e.Words(),
		Body:     e.Body,
		Template: e.Template,
		Answers:  e.Answers,
		File:     file,
	}
	if j.Tags == nil {
		j.Tags = []string{}
	}
	if e.Mood != 0 {
		mood := e.Mood
		j.Mood = &mood
	}
	if p := e.Prompt; p != nil {
		j.Prompt = &jsonPrompt{ID: p.ID, Family: p.Family, Subtheme: p.Subtheme, Text: p.Text}
	}
	return j
}

// writeJSON prints v indented, without HTML escaping (a body's "<" stays
// "<").
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeJSONArray writes n values, item(0) to item(n-1), as writeJSON writes
// a slice of them, byte for byte, encoding one value at a time so that only
// the output, not every value as well, is held in memory. Nothing is
// written if item fails, as with writeJSON.
func writeJSONArray(w io.Writer, n int, item func(i int) (any, error)) error {
	if n == 0 {
		return writeJSON(w, []any{})
	}
	var out, buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", "  ")
	out.WriteString("[\n")
	for i := range n {
		v, err := item(i)
		if err != nil {
			return err
		}
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		if i > 0 {
			out.WriteString(",\n")
		}
		out.WriteString("  ")
		out.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	out.WriteString("\n]\n")
	_, err := out.WriteTo(w)
	return err
}
