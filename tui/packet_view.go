package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary/supervision"
)

// packetStyles mark a preview: a pseudonym where a name was, and a word to
// check. In plain mode (no colour) the marks are drawn as brackets, so
// nothing is told by colour alone.
type packetStyles struct {
	replaced, check lipgloss.Style
	plain           bool
}

func (m *Model) packetStyles() packetStyles {
	if m.plain {
		return packetStyles{replaced: lipgloss.NewStyle(), check: lipgloss.NewStyle(), plain: true}
	}
	ld := lipgloss.LightDark(m.isDark)
	return packetStyles{
		replaced: lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("#2E6B5E"), lipgloss.Color("#8FD1C0"))).
			Background(ld(lipgloss.Color("#DDF1EC"), lipgloss.Color("#1E3B35"))),
		check: lipgloss.NewStyle().Bold(true).Underline(true).Foreground(ld(lipgloss.Color("#8A4B00"), lipgloss.Color("#F2C185"))),
	}
}

// mark draws one marked stretch.
func (ps packetStyles) mark(text string, k supervision.MarkKind) string {
	switch {
	case ps.plain && k == supervision.Replaced:
		return "[" + text + "]"
	case ps.plain:
		return text + "(?)"
	case k == supervision.Replaced:
		return ps.replaced.Render(text)
	}
	return ps.check.Render(text)
}

// legend says what the marks mean.
func (ps packetStyles) legend() string {
	if ps.plain {
		return "[Client A] a name taken out · Word(?) check this: may be a name"
	}
	return ps.mark("Client A", supervision.Replaced) + " a name taken out · " + ps.mark("Underlined", supervision.Check) + " check this: may be a name"
}

// packetLines draws a preview's text wrapped to width, every replacement
// and every word to check marked. Text is sanitised piece by piece, so the
// marks stay on the words they belong to.
func packetLines(pv supervision.Preview, width int, ps packetStyles) []string {
	var out []string
	marks := pv.Marks
	at := 0
	for _, line := range strings.Split(pv.Text, "\n") {
		start, end := at, at+len(line)
		at = end + 1
		var b strings.Builder
		pos := start
		for len(marks) > 0 && marks[0].Start < end {
			mk := marks[0]
			if mk.End > end { // a mark never spans lines; keep it safe
				break
			}
			marks = marks[1:]
			if mk.Start < pos {
				continue
			}
			b.WriteString(sanitize(pv.Text[pos:mk.Start]))
			b.WriteString(ps.mark(sanitize(pv.Text[mk.Start:mk.End]), mk.Kind))
			pos = mk.End
		}
		b.WriteString(sanitize(pv.Text[pos:end]))
		wrapped := ansi.Wrap(b.String(), max(width, 1), "")
		out = append(out, strings.Split(wrapped, "\n")...)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// scroller shows a window of lines.
type scroller struct {
	lines  []string
	offset int
	height int
}

func (s *scroller) set(lines []string, height int) {
	s.lines, s.height = lines, max(height, 1)
	s.clamp()
}

func (s *scroller) scroll(n int) {
	s.offset += n
	s.clamp()
}

func (s *scroller) clamp() {
	s.offset = max(min(s.offset, len(s.lines)-s.height), 0)
}

func (s *scroller) view() string {
	end := min(s.offset+s.height, len(s.lines))
	if s.offset >= end {
		return ""
	}
	return strings.Join(s.lines[s.offset:end], "\n")
}

// position says where the window is, "lines 1–20 of 84".
func (s *scroller) position() string {
	if len(s.lines) <= s.height {
		return ""
	}
	return "lines " + itoa(s.offset+1) + "–" + itoa(min(s.offset+s.height, len(s.lines))) + " of " + itoa(len(s.lines))
}
