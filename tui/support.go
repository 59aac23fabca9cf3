package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Support within reach: one key on every screen, the lock screen and the
// first-run setup included, shows at once the worker's people, their
// organisation's resources and crisis lines. While the diary is locked it
// shows only what the worker marked as safe to show then, kept in memory
// from the last unlock (Model.lockedReach); never an entry, a title or a
// count.

const screenSupport screenID = "support"

// supportScreen remembers the screen it was opened over, which keeps its
// state (a passphrase half typed, writing, a reflection's step) and comes
// back as it was.
type supportScreen struct {
	from screenID
}

func (s *supportScreen) typing() bool { return false }

// lock has nothing to drop: what shows is drawn from the model each time.
func (s *supportScreen) lock() {}

func (s *supportScreen) hints(m *Model) help.KeyMap { return m.keys.supportHelp(m.unlocked) }

// openSupport shows the support screen over the screen showing.
func (m *Model) openSupport() tea.Cmd {
	if m.current == screenSupport {
		return nil
	}
	s := m.screens[screenSupport].(*supportScreen)
	s.from = m.current
	m.current = screenSupport
	m.err = ""
	return nil
}

// closeSupport goes back to the screen underneath, as it was. If the diary
// locked meanwhile, that is the lock screen.
func (s *supportScreen) close(m *Model) tea.Cmd {
	back := s.from
	if back == "" || back == screenSupport || (!m.unlocked && back != screenSetup) {
		back = screenUnlock
		if m.store == nil {
			back = screenSetup
		}
	}
	m.current = back
	if f, ok := m.screens[back].(interface{ focus() tea.Cmd }); ok {
		return f.focus()
	}
	return nil
}

func (s *supportScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	msg2, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case msg2.String() == "ctrl+c":
		return m.quit(false)
	case key.Matches(msg2, m.keys.Back), key.Matches(msg2, supportBinding), msg2.String() == "q", msg2.String() == "enter":
		return s.close(m)
	case m.unlocked && key.Matches(msg2, settingsBinding):
		return m.openSettings(settingsPeople, true)
	}
	return nil
}

// reach is what the support screen shows now.
func (m *Model) reach() prompts.Reach {
	if !m.unlocked || m.settings == nil {
		return m.lockedReach
	}
	return prompts.WithinReach(m.settings.Supports, m.resources, false)
}

// rememberLockedReach keeps, for while the diary is locked, only what the
// worker marked as safe to show on the lock screen.
func (m *Model) rememberLockedReach() {
	var people []diary.Support
	if m.settings != nil {
		people = m.settings.Supports
	}
	m.lockedReach = prompts.WithinReach(people, m.resources, true)
}

func (s *supportScreen) view(m *Model) string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("Support within reach") + "\n\n")
	r := m.reach()
	for _, sec := range r.Sections() {
		b.WriteString(st.Field.Render(sec.Heading) + "\n")
		for _, l := range sec.Lines {
			text := sanitize(l.Text)
			if l.Placeholder {
				b.WriteString(st.Subtle.Render(wrap(text, w-2)) + "\n")
				continue
			}
			b.WriteString(wrap("· "+text, w-2) + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(st.Prompt.Render(wrap(prompts.Emergency, w)) + "\n\n")
	switch {
	case !m.unlocked && r.Empty():
		b.WriteString(st.Subtle.Render(wrap("Your people and your organisation's resources are inside the diary. Once it is unlocked, you can choose in Settings what may show here while it is locked.", w)) + "\n")
	case !m.unlocked:
		b.WriteString(st.Subtle.Render(wrap("While the diary is locked, only what you marked to show on the lock screen is here.", w)) + "\n")
	case r.Empty() || len(r.People) == 0 || len(r.Organisation)+len(r.Crisis) == 0:
		b.WriteString(wrap("You can add people to talk to, and your organisation's resources pack, in Settings: press e.", w) + "\n")
	}
	return b.String()
}

// supportBinding opens the support screen from anywhere, writing included.
var supportBinding = key.NewBinding(key.WithKeys("f2", "ctrl+o"), key.WithHelp("f2", "support"))

// supportHint is what the status line shows at its right: the support key.
const supportHint = "f2 support"

func (k keyMap) supportHelp(unlocked bool) helpFor {
	back := withHelp(k.Back, "esc", "back")
	short := []key.Binding{back}
	if unlocked {
		short = append(short, withHelp(settingsBinding, "e", "settings: people and resources"))
	}
	return helpFor{short: short, full: [][]key.Binding{short}}
}

// applyTheme takes the worker's choice of colours, or the terminal's.
func (m *Model) applyTheme() {
	dark := m.bgDark
	switch m.theme {
	case "dark":
		dark = true
	case "light":
		dark = false
	}
	if dark != m.isDark {
		m.isDark = dark
		m.renders = map[renderKey]string{}
	}
	m.restyle()
}
