package tui

import "strings"

// viewHelp is the full list of keys for the screen underneath.
func (m *Model) viewHelp() string {
	st := m.styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Keys on this screen") + "\n\n")
	h := m.help
	h.ShowAll = true
	b.WriteString(h.View(m.currentHelp()) + "\n\n")
	b.WriteString(st.Subtle.Render(wrap("ctrl+l locks the diary at once, from any screen. It also locks itself after a few minutes without a key press. Press any key to close this help.", m.innerWidth())))
	return b.String()
}
