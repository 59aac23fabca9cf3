package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// styles is every look the interface uses, by meaning rather than colour.
// Nothing is told by colour alone: badges carry words, the cursor row a
// marker, errors a leading word.
type styles struct {
	App       lipgloss.Style // the whole frame's padding
	Title     lipgloss.Style
	Subtle    lipgloss.Style
	Prompt    lipgloss.Style // the prompt of the day
	Reason    lipgloss.Style // why this prompt
	Badge     lipgloss.Style // a prompt family, in brackets
	Tag       lipgloss.Style
	Selected  lipgloss.Style // the row under the cursor
	Marked    lipgloss.Style // rows picked with space
	Error     lipgloss.Style
	Notice    lipgloss.Style
	Working   lipgloss.Style
	Dialog    lipgloss.Style
	Pane      lipgloss.Style // the preview pane's frame
	Demo      lipgloss.Style
	HintBar   lipgloss.Style
	Field     lipgloss.Style // a label before a field
	Focused   lipgloss.Style // a focused field's label
	Separator lipgloss.Style
}

// newStyles builds the styles for a dark or light background. plain drops
// every colour (NO_COLOR) and keeps only bold, faint and borders.
func newStyles(isDark, plain bool) styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#4B3BA8"), lipgloss.Color("#B9A8FF"))
	calm := ld(lipgloss.Color("#2E6B5E"), lipgloss.Color("#8FD1C0"))
	muted := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
	warm := ld(lipgloss.Color("#8A4B00"), lipgloss.Color("#F2C185"))
	bad := ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF8A8A"))
	rowBG := ld(lipgloss.Color("#E8E4FF"), lipgloss.Color("#2D2850"))

	s := styles{
		App:       lipgloss.NewStyle().Padding(0, 1),
		Title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtle:    lipgloss.NewStyle().Foreground(muted),
		Prompt:    lipgloss.NewStyle().Bold(true).Foreground(calm),
		Reason:    lipgloss.NewStyle().Italic(true).Foreground(muted),
		Badge:     lipgloss.NewStyle().Foreground(warm),
		Tag:       lipgloss.NewStyle().Foreground(calm),
		Selected:  lipgloss.NewStyle().Bold(true).Background(rowBG),
		Marked:    lipgloss.NewStyle().Foreground(warm),
		Error:     lipgloss.NewStyle().Bold(true).Foreground(bad),
		Notice:    lipgloss.NewStyle().Foreground(calm),
		Working:   lipgloss.NewStyle().Foreground(accent),
		Dialog:    lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(warm).Padding(0, 1),
		Pane:      lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(muted).PaddingLeft(1),
		Demo:      lipgloss.NewStyle().Bold(true).Foreground(warm),
		HintBar:   lipgloss.NewStyle().Foreground(muted),
		Field:     lipgloss.NewStyle().Foreground(muted),
		Focused:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		Separator: lipgloss.NewStyle().Foreground(muted),
	}
	if plain {
		s = styles{
			App:       lipgloss.NewStyle().Padding(0, 1),
			Title:     lipgloss.NewStyle().Bold(true),
			Subtle:    lipgloss.NewStyle(),
			Prompt:    lipgloss.NewStyle().Bold(true),
			Reason:    lipgloss.NewStyle(),
			Badge:     lipgloss.NewStyle(),
			Tag:       lipgloss.NewStyle(),
			Selected:  lipgloss.NewStyle().Bold(true).Reverse(true),
			Marked:    lipgloss.NewStyle(),
			Error:     lipgloss.NewStyle().Bold(true),
			Notice:    lipgloss.NewStyle(),
			Working:   lipgloss.NewStyle(),
			Dialog:    lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
			Pane:      lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).PaddingLeft(1),
			Demo:      lipgloss.NewStyle().Bold(true),
			HintBar:   lipgloss.NewStyle(),
			Field:     lipgloss.NewStyle(),
			Focused:   lipgloss.NewStyle().Bold(true),
			Separator: lipgloss.NewStyle(),
		}
	}
	return s
}

// helpStyles matches the key help to the theme.
func helpStyles(isDark, plain bool) help.Styles {
	if plain {
		return help.Styles{}
	}
	return help.DefaultStyles(isDark)
}
