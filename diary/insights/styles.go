package insights

import (
	"charm.land/lipgloss/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Glyphs carry every distinction the colours make, so the pictures read
// the same on a monochrome terminal, to a screen reader's text dump, or to
// someone who does not see the colours.
var (
	// ThemeGlyph fills a theme's part of a weekly bar.
	ThemeGlyph = map[string]string{
		prompts.FamilyTransitions:   "█",
		prompts.FamilyRoleFriction:  "▓",
		prompts.FamilyRelationships: "▒",
		prompts.FamilyCare:          "░",
		Other:                       ":",
	}
	// heatGlyphs are the calendar's cells for 0, 1, 2, 3 and 4+ entries.
	heatGlyphs = [5]string{"·", "░", "▒", "▓", "█"}
	// sparkGlyphs draw mood 1 (lowest) to 5 (highest).
	sparkGlyphs = []rune("▁▂▃▄▅▆▇█")
)

// Styles colour the pictures. Build them with DefaultStyles, or PlainStyles
// for no colour at all.
type Styles struct {
	Title lipgloss.Style
	Label lipgloss.Style // section names and the left-hand labels
	Axis  lipgloss.Style
	Muted lipgloss.Style // empty cells, "no mood recorded"
	Note  lipgloss.Style // the sentences under the pictures
	Theme map[string]lipgloss.Style
	Heat  [5]lipgloss.Style
	Mood  lipgloss.Style
	Stage map[diary.Stage]lipgloss.Style
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
		Theme: map[string]lipgloss.Style{
			prompts.FamilyTransitions:   c("#1D4ED8", "#60A5FA"),
			prompts.FamilyRoleFriction:  c("#B45309", "#FBBF24"),
			prompts.FamilyRelationships: c("#047857", "#34D399"),
			prompts.FamilyCare:          c("#BE185D", "#F472B6"),
			Other:                       c("#6B7280", "#9CA3AF"),
		},
		Heat: [5]lipgloss.Style{
			c("#D1D5DB", "#374151"), c("#6EE7B7", "#065F46"), c("#34D399", "#047857"),
			c("#059669", "#10B981"), c("#065F46", "#6EE7B7"),
		},
		Mood: c("#6D28D9", "#A78BFA"),
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
	return Styles{Title: p, Label: p, Axis: p, Muted: p, Note: p, Mood: p,
		Theme: map[string]lipgloss.Style{}, Stage: map[diary.Stage]lipgloss.Style{}}
}

func (s Styles) theme(t string) lipgloss.Style {
	if st, ok := s.Theme[t]; ok {
		return st
	}
	return lipgloss.NewStyle()
}

func (s Styles) stage(st diary.Stage) lipgloss.Style {
	if x, ok := s.Stage[st]; ok {
		return x
	}
	return lipgloss.NewStyle()
}
