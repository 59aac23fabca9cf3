package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Input routing: keys, pastes and the mouse wheel reach the screen
// showing, after the keys that work everywhere (lock, help, quit).

// handleKey resets the idle clock, applies the keys that work everywhere
// (lock, help), then routes to the screen.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m.lastKey = m.now()
	m.notice = ""
	if msg.String() == "ctrl+l" && m.unlocked {
		return m.lockNow()
	}
	if m.closing {
		return nil
	}
	if m.tooSmall() {
		if msg.String() == "ctrl+c" {
			return m.quit(false)
		}
		return nil
	}
	// Support within reach, from every screen, locked or not, over the
	// keys' help and while something runs (an unlock, making a key).
	if key.Matches(msg, supportBinding) && m.current != screenSupport {
		m.showHelp = false
		m.help.ShowAll = false
		return m.openSupport()
	}
	if m.showHelp {
		m.showHelp = false
		m.help.ShowAll = false
		return nil
	}
	if m.busy != "" && m.current != screenSupport {
		if msg.String() == "ctrl+c" {
			return m.quit(false)
		}
		return nil
	}
	if msg.String() == "f1" || (msg.String() == "?" && !m.showing().typing()) {
		m.showHelp = true
		m.help.ShowAll = true
		return nil
	}
	if msg.String() != "ctrl+c" {
		m.quitArmed = false
	}
	return m.showing().update(m, msg)
}

func (m *Model) handlePaste(msg tea.PasteMsg) tea.Cmd {
	m.lastKey = m.now()
	if m.busy != "" || m.closing || m.showHelp {
		return nil
	}
	return m.showing().update(m, msg)
}

func (m *Model) handleWheel(msg tea.MouseWheelMsg) tea.Cmd {
	if m.showHelp || m.busy != "" {
		return nil
	}
	return m.showing().update(m, msg)
}
