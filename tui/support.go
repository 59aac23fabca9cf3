package tui

import (
	"fmt"
	"slices"
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
	// top is how far the worker's people and the organisation's resources
	// are scrolled, when they are more than the terminal holds: crisis
	// lines and the emergency line stay in sight below them.
	top int
}

func (s *supportScreen) typing() bool { return false }

// lock has nothing to drop: what shows is drawn from the model each time.
func (s *supportScreen) lock() {}

func (s *supportScreen) hints(m *Model) help.KeyMap {
	_, maxTop := s.layout(m)
	return m.keys.supportHelp(m.unlocked && m.busy == "", maxTop > 0)
}

// openSupport shows the support screen over the screen showing.
func (m *Model) openSupport() tea.Cmd {
	if m.current == screenSupport {
		return nil
	}
	s := m.screens[screenSupport].(*supportScreen)
	s.from = m.current
	s.top = 0
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
	case m.unlocked && m.busy == "" && key.Matches(msg2, settingsBinding):
		return m.openSettings(settingsPeople, true)
	case key.Matches(msg2, m.keys.Up):
		s.scroll(m, -1)
	case key.Matches(msg2, m.keys.Down):
		s.scroll(m, 1)
	case key.Matches(msg2, m.keys.PageUp):
		s.scroll(m, -max(m.bodyHeight()/2, 1))
	case key.Matches(msg2, m.keys.PageDn), msg2.String() == "space":
		s.scroll(m, max(m.bodyHeight()/2, 1))
	}
	return nil
}

// scroll moves the list of people and resources by n lines, within it.
func (s *supportScreen) scroll(m *Model, n int) {
	_, maxTop := s.layout(m)
	s.top = min(max(s.top+n, 0), maxTop)
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

// reachBlock lays out who the worker can turn to, w cells wide: the list
// that may scroll (the worker's people and the organisation's resources)
// and what stays in sight below it (crisis lines, the emergency line, then
// note, if any).
func reachBlock(st styles, w int, r prompts.Reach, note string) (list, pinned []string) {
	section := func(sec prompts.ReachSection) []string {
		var b strings.Builder
		b.WriteString(st.Field.Render(sec.Heading) + "\n")
		for _, l := range sec.Lines {
			text := sanitize(l.Text)
			if l.Placeholder {
				b.WriteString(st.Subtle.Render(wrap(text, w-2)) + "\n")
				continue
			}
			b.WriteString(wrap("· "+text, w-2) + "\n")
		}
		return strings.Split(b.String(), "\n") // ends with a blank line
	}
	for _, sec := range r.Sections() {
		if sec.Heading == prompts.CrisisHeading {
			pinned = append(pinned, section(sec)...)
		} else {
			list = append(list, section(sec)...)
		}
	}
	pinned = append(pinned, strings.Split(st.Prompt.Render(wrap(prompts.Emergency, w)), "\n")...)
	if note != "" {
		pinned = append(pinned, "")
		pinned = append(pinned, strings.Split(note, "\n")...)
	}
	return list, pinned
}

// scrolled joins head, list and pinned in at most height lines. When the
// list does not fit, the part of it from top shows, with a line saying how
// much more there is; pinned always shows. maxTop is the furthest the list
// can scroll, 0 when it fits.
func scrolled(st styles, head, list, pinned []string, height, top int) (view string, maxTop int) {
	room, maxTop := scrollRoom(height, len(head)+len(pinned), len(list))
	if len(list) > room {
		top = min(max(top, 0), maxTop)
		shown := slices.Clone(list[top:min(top+room, len(list))])
		var more string
		switch above, below := top, len(list)-top-len(shown); {
		case above > 0 && below > 0:
			more = fmt.Sprintf("↑/↓ more: %s above, %d below", plural(above, "line", "lines"), below)
		case below > 0:
			more = "↓ more: " + plural(below, "line", "lines") + " below"
		default:
			more = "↑ more: " + plural(above, "line", "lines") + " above"
		}
		list = append(shown, st.Subtle.Render(more), "")
	}
	return strings.Join(slices.Concat(head, list, pinned), "\n"), maxTop
}

// scrollRoom is how many lines of a list of n lines scrolled shows in
// height lines, fixed of them taken by the head and the pinned lines, and
// how far the list can scroll (0 when it fits). A list that does not fit
// gives two lines to saying there is more, and a blank.
func scrollRoom(height, fixed, n int) (room, maxTop int) {
	room = height - fixed
	if n > room {
		room = max(room-2, 1)
		maxTop = max(n-room, 0)
	}
	return room, maxTop
}

// layout is the support screen as it draws now, and how far its list can
// scroll.
func (s *supportScreen) layout(m *Model) (string, int) {
	st := m.styles
	w := m.textWidth()
	r := m.reach()
	var note string
	switch {
	case !m.unlocked && r.Empty():
		note = st.Subtle.Render(wrap("Your people and your organisation's resources are inside the diary. Once it is unlocked, you can choose in Settings what may show here while it is locked.", w))
	case !m.unlocked:
		note = st.Subtle.Render(wrap("While the diary is locked, only what you marked to show on the lock screen is here.", w))
	case r.Empty() || len(r.People) == 0 || len(r.Organisation)+len(r.Crisis) == 0:
		note = wrap("You can add people to talk to, and your organisation's resources pack, in Settings: press e.", w)
	}
	list, pinned := reachBlock(st, w, r, note)
	return scrolled(st, []string{st.Title.Render("Support within reach"), ""}, list, pinned, m.bodyHeight(), s.top)
}

func (s *supportScreen) view(m *Model) string {
	v, _ := s.layout(m)
	return v
}

// supportBinding opens the support screen from anywhere, writing included.
var supportBinding = key.NewBinding(key.WithKeys("f2", "ctrl+o"), key.WithHelp("f2", "support"))

// supportHint is what the status line shows at its right: the support key.
const supportHint = "f2 support"

func (k keyMap) supportHelp(unlocked, scrolls bool) helpFor {
	back := withHelp(k.Back, "esc", "back")
	short := []key.Binding{back}
	if scrolls {
		short = append(short, withHelp(k.Down, "↑/↓", "more"))
	}
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
