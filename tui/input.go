package tui

import tea "charm.land/bubbletea/v2"

// Input routing: keys, pastes and the mouse wheel reach the screen that
// has them, after the keys that work everywhere (lock, help, quit).

func (m *Model) forwardToFocused(msg tea.Msg) tea.Cmd {
	switch m.screen {
	case screenSetup:
		return m.setup.updateInput(msg)
	case screenUnlock:
		return m.unlock.updateInput(msg)
	case screenWrite:
		return m.write.updateFocused(msg)
	case screenBrowse:
		if m.browse.filtering {
			var cmd tea.Cmd
			m.browse.filter, cmd = m.browse.filter.Update(msg)
			return cmd
		}
	}
	return nil
}

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
	if m.showHelp {
		m.showHelp = false
		m.help.ShowAll = false
		return nil
	}
	if m.busy != "" {
		if msg.String() == "ctrl+c" {
			return m.quit(false)
		}
		return nil
	}
	if msg.String() == "f1" || (msg.String() == "?" && !m.typing()) {
		m.showHelp = true
		m.help.ShowAll = true
		return nil
	}
	if msg.String() != "ctrl+c" {
		m.quitArmed = false
	}
	switch m.screen {
	case screenSetup:
		return m.setupKey(msg)
	case screenUnlock:
		return m.unlockKey(msg)
	case screenToday:
		return m.todayKey(msg)
	case screenWrite:
		return m.writeKey(msg)
	case screenBrowse:
		return m.browseKey(msg)
	case screenRead:
		return m.readKey(msg)
	case screenInsights:
		return m.insightsKey(msg)
	case screenReflect:
		return m.chooseKey(msg)
	}
	return nil
}

// typing reports whether "?" is text for a field rather than a request
// for help.
func (m *Model) typing() bool {
	switch m.screen {
	case screenSetup, screenUnlock, screenWrite:
		return true
	case screenBrowse:
		return m.browse.filtering
	}
	return false
}

func (m *Model) handlePaste(msg tea.PasteMsg) tea.Cmd {
	m.lastKey = m.now()
	if m.busy != "" || m.closing || m.showHelp {
		return nil
	}
	switch m.screen {
	case screenWrite:
		return m.writePaste(msg)
	case screenSetup:
		return m.setup.updateInput(msg)
	case screenUnlock:
		return m.unlock.updateInput(msg)
	case screenBrowse:
		if m.browse.filtering {
			return m.browseFilterInput(msg)
		}
	}
	return nil
}

func (m *Model) handleWheel(msg tea.MouseWheelMsg) tea.Cmd {
	if m.showHelp || m.busy != "" {
		return nil
	}
	up := msg.Button == tea.MouseWheelUp
	switch m.screen {
	case screenBrowse:
		if up {
			return m.browseMove(-3)
		}
		return m.browseMove(3)
	case screenRead:
		if up {
			m.read.vp.ScrollUp(3)
		} else {
			m.read.vp.ScrollDown(3)
		}
	case screenWrite:
		var cmd tea.Cmd
		cmd = m.write.ed.Update(msg)
		return cmd
	}
	return nil
}
