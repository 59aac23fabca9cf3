package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// viewHelp is the full list of keys for the screen underneath, one group
// of related keys per block: stacked when they fit, side by side when not.
func (m *Model) viewHelp() string {
	st := m.styles
	w := m.textWidth()
	var blocks []string
	for _, group := range m.currentHelp().FullHelp() {
		keyWidth := 0
		for _, b := range group {
			if b.Enabled() {
				keyWidth = max(keyWidth, ansi.StringWidth(b.Help().Key))
			}
		}
		var lines []string
		for _, b := range group {
			if !b.Enabled() {
				continue
			}
			k := b.Help().Key
			lines = append(lines, st.Title.Render(k)+strings.Repeat(" ", keyWidth-ansi.StringWidth(k)+2)+b.Help().Desc)
		}
		if len(lines) > 0 {
			blocks = append(blocks, strings.Join(lines, "\n"))
		}
	}
	foot := st.Subtle.Render(wrap("ctrl+l locks the diary at once, from any screen; it also locks itself after a few minutes without a key press. Press any key to close this help.", w))
	keys := strings.Join(blocks, "\n\n")
	if lipgloss.Height(keys)+2+lipgloss.Height(foot)+1 > m.bodyHeight() {
		var padded []string
		for i, b := range blocks {
			if i > 0 {
				b = lipgloss.NewStyle().PaddingLeft(4).Render(b)
			}
			padded = append(padded, b)
		}
		keys = lipgloss.JoinHorizontal(lipgloss.Top, padded...)
	}
	return st.Title.Render("Keys on this screen") + "\n\n" + keys + "\n\n" + foot
}
