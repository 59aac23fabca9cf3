package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// The lock screen. It shows nothing from the diary: not a title, not a
// count, not a date of the last entry.

type unlockModel struct {
	input    textinput.Model
	failures int
}

func newUnlockModel() unlockModel {
	in := textinput.New()
	in.Prompt = "> "
	// Not even the length of a passphrase is shown.
	in.EchoMode = textinput.EchoNone
	in.CharLimit = 1024
	return unlockModel{input: in}
}

func (u *unlockModel) restyle(isDark, plain bool) {
	if !plain {
		u.input.SetStyles(textinput.DefaultStyles(isDark))
	}
}

func (u *unlockModel) setWidth(w int) { u.input.SetWidth(max(w-4, 10)) }

func (u *unlockModel) focus() tea.Cmd { return u.input.Focus() }

func (u *unlockModel) updateInput(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	u.input, cmd = u.input.Update(msg)
	return cmd
}

func (m *Model) unlockKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "ctrl+c":
		m.unlock.input.Reset()
		return m.quit(false)
	case "enter":
		p := []byte(m.unlock.input.Value())
		m.unlock.input.Reset()
		if len(p) == 0 && m.demo && m.demoPass != nil {
			p = append([]byte(nil), m.demoPass...)
		}
		if len(p) == 0 {
			m.err = "Type your passphrase, then press enter."
			return nil
		}
		m.err = ""
		m.notice = ""
		m.busy = "Unlocking…"
		return tea.Batch(unlockCmd(m.store, p), m.spinner.Tick)
	}
	m.err = ""
	return m.unlock.updateInput(msg)
}

func (m *Model) viewUnlock() string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("peerdiary is locked") + "\n\n")
	b.WriteString(wrap("Type your passphrase and press enter. Typing is hidden.", w) + "\n\n")
	b.WriteString(m.unlock.input.View() + "\n\n")
	if m.demo {
		b.WriteString(st.Subtle.Render(wrap("This is the demo diary: just press enter.", w)) + "\n")
	}
	return b.String()
}
