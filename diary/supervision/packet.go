package supervision

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/diary/redact"
)

// FormatVersion is written into every packet; see docs/EXPORT.md.
const FormatVersion = 1

// Dates says how precisely a packet gives times.
type Dates string

// Date precisions. Day is the default: the hour of an entry says when
// someone works and when they write, which a supervisor rarely needs.
const (
	DatesDay   Dates = "day"
	DatesExact Dates = "exact"
)

// Function is one of Proctor's three functions of supervision, which a
// worker can say they need this time.
type Function string

// Proctor's functions.
const (
	Restorative Function = "restorative"
	Formative   Function = "formative"
	Normative   Function = "normative"
)

// Functions lists them in the order screens offer them: support first.
var Functions = []Function{Restorative, Formative, Normative}

// Label says what a function means, in the worker's words.
func (f Function) Label() string {
	switch f {
	case Restorative:
		return "Support: room to talk about how the work is landing on me"
	case Formative:
		return "Learning: help to build a skill or think a situation through"
	case Normative:
		return "Standards: checking what's expected of me, policy, boundaries"
	}
	return string(f)
}

// ParseFunction reads a function by name.
func ParseFunction(s string) (Function, error) {
	f := Function(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Functions, f) {
		return f, nil
	}
	return "", fmt.Errorf("%w: %q: choose restorative, formative or normative", ErrBadRequest, s)
}

// ErrBadRequest means the export asked for can't be made; the error says
// why. It is diary.ErrBadExport, which the diary's table of words says.
var ErrBadRequest = diary.ErrBadExport

// ErrNothingChosen means no entries were chosen (diary.ErrNothingToExport).
var ErrNothingChosen = diary.ErrNothingToExport

// Request is what a worker chose to send.
type Request struct {
	Entries []*diary.Entry // the chosen entries
	Flags   []diary.Flag   // flags, for the notes on flagged entries
	People  []diary.Person // the redaction list
	Redact  bool           // replace names with pseudonyms
	Dates   Dates          // "" means DatesDay
	Note    string         // what the worker wants from the supervisor
	From    string         // who the packet says it is from; "" says nothing
	Needs   []Function     // which of Proctor's functions the worker needs
	Summary *Summary       // a summary to include, or nil
	Now     time.Time      // when the packet is made
	// Location is the time zone dates are shown in; nil means time.Local.
	Location *time.Location
}

// Text is a piece of text in a packet with its marks: where names were
// replaced and which words to check.
type Text struct {
	S     string
	Marks []Mark
}

func (t Text) String() string { return t.S }

// MarshalText writes the text alone, without its marks.
func (t Text) MarshalText() ([]byte, error) { return []byte(t.S), nil }

// MarkKind is what a mark in a preview says.
type MarkKind int

// Kinds of mark.
const (
	// Replaced marks a pseudonym that stands where a name was.
	Replaced MarkKind = iota + 1
	// Check marks a capitalised word not on the list: it may be a name.
	Check
)

// Mark is a highlighted stretch of a text.
type Mark struct {
	Start, End int // byte offsets
	Kind       MarkKind
}

// Packet is exactly what will leave: every text already redacted.
type Packet struct {
	Made         time.Time
	Dates        Dates
	From         Text
	Note         Text
	Needs        []Function
	Redacted     bool
	Replacements int
	First, Last  time.Time // the oldest and newest entry
	Entries      []Entry
	Summary      *Summary
	loc          *time.Location // dates are shown in it; nil: as they are
}

// Entry is one entry as it appears in a packet.
type Entry struct {
	ID       string
	Created  time.Time
	Family   string // id, e.g. "role-friction"
	Subtheme string // id
	Prompt   Text
	Template string
	Answers  []Answer
	Tags     []Text
	Mood     int
	Flagged  bool
	FlagNote Text
	Body     Text
}

// Answer is one step of a structured reflection.
type Answer struct {
	Question Text
	Text     Text
}

// Limits of one packet.
const (
	maxEntries  = 1000
	maxNote     = 8 << 10 // bytes
	maxFromName = 100
)

// Build makes the packet for a request, redacting every text field if
// asked. Entries are put oldest first, the order a story is told in.
func Build(req Request) (*Packet, error) {
	if len(req.Entries) == 0 {
		return nil, ErrNothingChosen
	}
	if len(req.Entries) > maxEntries {
		return nil, fmt.Errorf("%w: %d entries; at most %d go in one packet", ErrBadRequest, len(req.Entries), maxEntries)
	}
	if len(req.Note) > maxNote {
		return nil, fmt.Errorf("%w: the note is over %d KiB", ErrBadRequest, maxNote>>10)
	}
	if len(req.From) > maxFromName {
		return nil, fmt.Errorf("%w: the name it is from is over %d bytes", ErrBadRequest, maxFromName)
	}
	switch req.Dates {
	case "":
		req.Dates = DatesDay
	case DatesDay, DatesExact:
	default:
		return nil, fmt.Errorf("%w: dates %q: choose day or exact", ErrBadRequest, req.Dates)
	}
	loc := req.Location
	if loc == nil {
		loc = time.Local
	}
	var r *redact.Redactor
	if req.Redact {
		var err error
		if r, err = diary.NewRedactor(req.People); err != nil {
			return nil, err
		}
	} else {
		// Without redaction the list still marks names to check.
		r, _ = redact.New(nil, redact.Options{})
	}
	t := func(s string) Text { return text(r, req.Redact, s) }
	flags := map[string]diary.Flag{}
	for _, f := range req.Flags {
		flags[f.ID] = f
	}
	es := slices.Clone(req.Entries)
	slices.SortStableFunc(es, func(a, b *diary.Entry) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
	p := &Packet{
		Made:     req.Now,
		Dates:    req.Dates,
		Needs:    slices.Clone(req.Needs),
		Redacted: req.Redact,
		First:    es[0].Created,
		Last:     es[len(es)-1].Created,
		Summary:  req.Summary,
		loc:      loc,
	}
	// The note is redacted first so that the person the worker mentions
	// first in it gets the first pseudonym.
	p.Note = t(strings.TrimSpace(req.Note))
	p.From = Text{S: strings.TrimSpace(req.From)} // the worker's own name, if they give it
	for _, e := range es {
		pe := Entry{ID: e.ID, Created: e.Created, Template: e.Template, Mood: e.Mood}
		if e.Prompt != nil {
			pe.Family, pe.Subtheme = e.Prompt.Family, e.Prompt.Subtheme
			pe.Prompt = t(e.Prompt.Text)
		}
		if f, ok := flags[e.ID]; ok {
			pe.Flagged = true
			pe.FlagNote = t(f.Note)
		}
		for _, tag := range e.Tags {
			pe.Tags = append(pe.Tags, t(tag))
		}
		for _, a := range e.Answers {
			pe.Answers = append(pe.Answers, Answer{Question: t(a.Question), Text: t(a.Text)})
		}
		pe.Body = t(e.Body)
		p.Entries = append(p.Entries, pe)
	}
	p.Replacements = r.Count()
	if req.Redact {
		if err := p.checkNoNames(r); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// text redacts s (if asked) and marks its replacements and the words to
// check.
func text(r *redact.Redactor, redacting bool, s string) Text {
	out := Text{S: s}
	var spans []redact.Span
	if redacting {
		res := r.Redact(s)
		out.S, spans = res.Text, res.Spans
		for _, sp := range spans {
			out.Marks = append(out.Marks, Mark{Start: sp.Start, End: sp.End, Kind: Replaced})
		}
	}
	for _, c := range r.CheckThis(out.S, spans) {
		out.Marks = append(out.Marks, Mark{Start: c.Start, End: c.End, Kind: Check})
	}
	slices.SortFunc(out.Marks, func(a, b Mark) int { return a.Start - b.Start })
	return out
}

// checkNoNames is the last check before anything is rendered: no listed
// name is left in any text of the packet. It cannot fail unless redaction
// has a bug, and if it has, nothing leaves.
func (p *Packet) checkNoNames(r *redact.Redactor) error {
	var bad bool
	p.eachText(func(t *Text) {
		if len(r.Find(t.S)) > 0 {
			bad = true
		}
	})
	if bad {
		return fmt.Errorf("%w: a listed name was still in the packet after redaction; nothing was written", ErrBadRequest)
	}
	return nil
}

// eachText calls fn on every redacted text of the packet.
func (p *Packet) eachText(fn func(*Text)) {
	fn(&p.Note)
	for i := range p.Entries {
		e := &p.Entries[i]
		fn(&e.Prompt)
		fn(&e.FlagNote)
		for j := range e.Tags {
			fn(&e.Tags[j])
		}
		for j := range e.Answers {
			fn(&e.Answers[j].Question)
			fn(&e.Answers[j].Text)
		}
		fn(&e.Body)
	}
}

// Checks returns the distinct words marked "check this" across the packet,
// in the order they first appear.
func (p *Packet) Checks() []string {
	seen := map[string]bool{}
	var out []string
	p.eachText(func(t *Text) {
		for _, m := range t.Marks {
			if w := t.S[m.Start:m.End]; m.Kind == Check && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	})
	return out
}

// IDs are the ids of the packet's entries, oldest first.
func (p *Packet) IDs() []string {
	out := make([]string, len(p.Entries))
	for i, e := range p.Entries {
		out[i] = e.ID
	}
	return out
}

// FamilyLabel is a family's name as the packet prints it.
func FamilyLabel(id string) string { return prompts.FamilyLabel(id) }

// SubthemeLabel is a subtheme's description, or its id if it is not one of
// the built-in ones.
func SubthemeLabel(family, id string) string {
	if st, ok := prompts.FindSubtheme(family, id); ok {
		return st.About
	}
	return strings.ReplaceAll(id, "-", " ")
}

// date formats t as the packet's date precision asks.
func (p *Packet) date(t time.Time) string {
	if t.IsZero() {
		return "an unknown date"
	}
	if p.loc != nil {
		t = t.In(p.loc)
	}
	if p.Dates == DatesExact {
		return t.Format("Monday 2 January 2006, 15:04")
	}
	return t.Format("Monday 2 January 2006")
}

// isoDate formats t for JSON: the day, or the whole time.
func (p *Packet) isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if p.loc != nil {
		t = t.In(p.loc)
	}
	if p.Dates == DatesExact {
		return t.Format(time.RFC3339)
	}
	return t.Format("2006-01-02")
}
