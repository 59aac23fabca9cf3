package chart

import (
	"charm.land/lipgloss/v2"

	"peerdiary/diary"
	"peerdiary/diary/insights"
	"peerdiary/diary/prompts"
	"peerdiary/internal/safetext"
)

// Glyphs carry every distinction the colours make, so the pictures read
// the same on a monochrome terminal, to a screen reader's text dump, or to
// someone who does not see the colours.
var (
	// otherGlyph fills the part of a weekly bar that belongs to no family;
	// each family's glyph is in the family table.
	otherGlyph = ":"
	// heatGlyphs are the heat maps' cells, from none to the most. Three
	// shades far enough apart to tell without colour: dark shade and full
	// block are not.
	heatGlyphs = [4]string{"·", "░", "▒", "█"}
	// sparkGlyphs draw mood 1 (lowest) to 5 (highest).
	sparkGlyphs = []rune("▁▂▃▄▅▆▇█")
)

// Styles colour the pictures. Build them with DefaultStyles, or PlainStyles
// for no colour at all.
type Styles struct {
	Title lipgloss.Style
	Label lipgloss.Style // section names and the left-hand labels
	Axis  lipgloss.Style
	Muted lipgloss.Style                        // empty cells, "no mood recorded"
	Note  lipgloss.Style                        // the sentences under the pictures
	Role  map[prompts.ColourRole]lipgloss.Style // a family's colour, by its role
	Other lipgloss.Style                        // the theme of entries in no family
	Heat  [4]lipgloss.Style
	Mood  lipgloss.Style
	// Incident marks the weeks with entries written after something
	// happened on shift.
	Incident lipgloss.Style
	Stage    map[diary.Stage]lipgloss.Style
}

// DefaultStyles are the insights' colours for a dark or light background.
func DefaultStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) lipgloss.Style {
		return lipgloss.NewStyle().Foreground(ld(lipgloss.Color(light), lipgloss.Color(dark)))
	}
	return Styles{
		Title: c("#1F2937", "#F3F4F6").Bold(true),
		Label: c("#4B5563", "#D1D5DB"),
		Axis:  c("#9CA3AF", "#6B7280"),
		Muted: c("#9CA3AF", "#4B5563"),
		Note:  c("#374151", "#E5E7EB"),
		Role: map[prompts.ColourRole]lipgloss.Style{
			prompts.RoleCalm:   c("#1D4ED8", "#60A5FA"),
			prompts.RoleWarm:   c("#B45309", "#FBBF24"),
			prompts.RoleFresh:  c("#047857", "#34D399"),
			prompts.RoleTender: c("#BE185D", "#F472B6"),
			prompts.RoleBright: c("#0E7490", "#22D3EE"),
			prompts.RoleEarthy: c("#4D7C0F", "#A3E635"),
		},
		Other: c("#6B7280", "#9CA3AF"),
		Heat: [4]lipgloss.Style{
			c("#D1D5DB", "#374151"), c("#6EE7B7", "#065F46"), c("#34D399", "#047857"), c("#065F46", "#6EE7B7"),
		},
		Mood:     c("#6D28D9", "#A78BFA"),
		Incident: c("#B91C1C", "#FCA5A5"),
		Stage: map[diary.Stage]lipgloss.Style{
			diary.StageInto:    c("#1D4ED8", "#93C5FD"),
			diary.StageThrough: c("#047857", "#6EE7B7"),
			diary.StageBeyond:  c("#6D28D9", "#C4B5FD"),
		},
	}
}

// PlainStyles draw without colour.
func PlainStyles() Styles {
	p := lipgloss.NewStyle()
	return Styles{Title: p, Label: p, Axis: p, Muted: p, Note: p, Mood: p, Other: p, Incident: p,
		Role: map[prompts.ColourRole]lipgloss.Style{}, Stage: map[diary.Stage]lipgloss.Style{}}
}

// theme is a theme's colour: its family's role, or Other's.
func (s Styles) theme(t string) lipgloss.Style {
	if t == insights.Other {
		return s.Other
	}
	if f, ok := prompts.FindFamily(t); ok {
		if st, ok := s.Role[f.Role]; ok {
			return st
		}
	}
	return lipgloss.NewStyle()
}

// themeGlyph is a theme's mark: its family's glyph, or Other's.
func themeGlyph(t string) string {
	if f, ok := prompts.FindFamily(t); ok {
		return f.Glyph
	}
	return otherGlyph
}

// themeLabel is a theme as the legend names it.
func themeLabel(t string) string {
	if t == insights.Other {
		return insights.Other
	}
	return prompts.FamilyLabel(t)
}

func (s Styles) stage(st diary.Stage) lipgloss.Style {
	if x, ok := s.Stage[st]; ok {
		return x
	}
	return lipgloss.NewStyle()
}

// sanitizeLine makes text from an entry's header safe to print on one
// line, through the one sanitiser: a hand-made entry cannot restyle,
// retitle or reorder the terminal.
func sanitizeLine(s string) string { return safetext.Line(s) }
