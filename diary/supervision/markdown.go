package supervision

import (
	"fmt"
	"strings"
)

// Preview is the Markdown packet with its marks: what a screen shows before
// anything is sent. Its Text is byte for byte the Markdown file.
type Preview struct {
	Text  string
	Marks []Mark
}

// doc builds text, keeping the marks of the Texts written into it.
type doc struct {
	b     strings.Builder
	marks []Mark
}

func (d *doc) s(parts ...string) {
	for _, p := range parts {
		d.b.WriteString(p)
	}
}

func (d *doc) t(t Text) {
	at := d.b.Len()
	d.b.WriteString(t.S)
	for _, m := range t.Marks {
		d.marks = append(d.marks, Mark{Start: at + m.Start, End: at + m.End, Kind: m.Kind})
	}
}

func (d *doc) f(format string, args ...any) { fmt.Fprintf(&d.b, format, args...) }

// Markdown is the packet as a Markdown file.
func (p *Packet) Markdown() []byte { return []byte(p.Preview().Text) }

// Preview is the Markdown packet with every replacement and every word to
// check marked.
func (p *Packet) Preview() Preview {
	d := &doc{}
	d.s("# Supervision packet\n\n")
	for _, line := range p.headerLines() {
		d.s("- ", line, "\n")
	}
	if p.From.S != "" {
		d.s("- From: ")
		d.t(p.From)
		d.s("\n")
	}
	if len(p.Needs) > 0 || p.Note.S != "" {
		d.s("\n## What I'd like from supervision\n\n")
		for _, f := range p.Needs {
			d.s("- ", f.Label(), "\n")
		}
		if len(p.Needs) > 0 && p.Note.S != "" {
			d.s("\n")
		}
		if p.Note.S != "" {
			d.t(p.Note)
			d.s("\n")
		}
	}
	if p.Summary != nil {
		d.s("\n## ", p.summaryTitle(), "\n\n")
		for _, line := range p.summaryLines() {
			d.s("- ", line, "\n")
		}
	}
	for i := range p.Entries {
		d.s("\n---\n\n")
		p.writeEntry(d, i)
	}
	return Preview{Text: d.b.String(), Marks: d.marks}
}

// EntryPreview is one entry of the packet as the Markdown file has it,
// with its marks: what present mode shows, one entry at a time.
func (p *Packet) EntryPreview(i int) Preview {
	d := &doc{}
	if i >= 0 && i < len(p.Entries) {
		p.writeEntry(d, i)
	}
	return Preview{Text: d.b.String(), Marks: d.marks}
}

func (p *Packet) writeEntry(d *doc, i int) {
	e := p.Entries[i]
	d.f("## %d. %s\n\n", i+1, p.date(e.Created))
	if e.Prompt.S != "" {
		d.s("- Prompt")
		if e.Family != "" {
			d.s(" (", p.theme(e), ")")
		}
		d.s(": ")
		d.t(e.Prompt)
		d.s("\n")
	}
	if e.Flagged {
		d.s("- Flagged to talk about")
		if e.FlagNote.S != "" {
			d.s(": ")
			d.t(e.FlagNote)
		}
		d.s("\n")
	}
	if e.Mood > 0 {
		d.f("- Mood: %d of 5\n", e.Mood)
	}
	if len(e.Tags) > 0 {
		d.s("- Tags:")
		for _, t := range e.Tags {
			d.s(" #")
			d.t(t)
		}
		d.s("\n")
	}
	d.s("- Entry ", e.ID, "\n")
	if e.Body.S != "" {
		d.s("\n")
		d.t(e.Body)
		d.s("\n")
	}
	for _, a := range e.Answers {
		d.s("\n### ")
		d.t(a.Question)
		d.s("\n\n")
		d.t(a.Text)
		d.s("\n")
	}
}

// headerLines are the packet's facts, the same in every format.
func (p *Packet) headerLines() []string {
	n := len(p.Entries)
	lines := []string{}
	switch {
	case n == 1:
		lines = append(lines, "1 entry, from "+p.date(p.First))
	case p.date(p.First) == p.date(p.Last):
		lines = append(lines, fmt.Sprintf("%d entries, from %s", n, p.date(p.First)))
	default:
		lines = append(lines, fmt.Sprintf("%d entries, from %s to %s", n, p.date(p.First), p.date(p.Last)))
	}
	lines = append(lines, "Made "+p.date(p.Made))
	switch {
	case !p.Redacted:
		lines = append(lines, "Names: not taken out")
	case p.Replacements == 1:
		lines = append(lines, "Names: replaced with pseudonyms (1 replacement)")
	default:
		lines = append(lines, fmt.Sprintf("Names: replaced with pseudonyms (%d replacements)", p.Replacements))
	}
	if p.Dates == DatesDay {
		lines = append(lines, "Dates: to the day")
	}
	return lines
}

func (p *Packet) theme(e Entry) string {
	s := FamilyLabel(e.Family)
	if e.Subtheme != "" {
		s += " · " + SubthemeLabel(e.Family, e.Subtheme)
	}
	return s
}

func (p *Packet) summaryTitle() string {
	if p.Summary.Since.IsZero() {
		return "Summary of my entries so far"
	}
	return "Since " + p.date(p.Summary.Since)
}

// summaryLines put the summary in words.
func (p *Packet) summaryLines() []string { return p.Summary.Lines() }

// Lines put a summary in words, one fact a line: "6 entries", "By theme:
// care 3, role friction 2", ….
func (s *Summary) Lines() []string {
	plural := func(n int, one, many string) string {
		switch n {
		case 0:
			return "No " + many
		case 1:
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	lines := []string{plural(s.Entries, "entry", "entries")}
	if len(s.Families) > 0 {
		var parts []string
		for _, c := range s.Families {
			parts = append(parts, fmt.Sprintf("%s %d", FamilyLabel(c.Family), c.N))
		}
		lines = append(lines, "By theme: "+strings.Join(parts, ", "))
	}
	if len(s.Subthemes) > 0 {
		var parts []string
		for _, c := range s.Subthemes[:min(len(s.Subthemes), 5)] {
			parts = append(parts, fmt.Sprintf("%s %d", SubthemeLabel(c.Family, c.Subtheme), c.N))
		}
		lines = append(lines, "Most written about: "+strings.Join(parts, ", "))
	}
	if s.Incidents > 0 {
		lines = append(lines, plural(s.Incidents, "entry after a critical incident", "entries after a critical incident"))
	}
	if s.Mood.Rated > 0 {
		line := fmt.Sprintf("Mood: %s, from %d to %d", plural(s.Mood.Rated, "entry rated", "entries rated"), s.Mood.Lowest, s.Mood.Highest)
		if tr := s.Mood.Trend(); tr != "" {
			line += fmt.Sprintf("; %s lately (%.1f, then %.1f)", tr, s.Mood.Early, s.Mood.Late)
		}
		lines = append(lines, line)
	}
	return lines
}
