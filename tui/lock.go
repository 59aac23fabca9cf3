package tui

import (
	"peerdiary/diary"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Locking: at once (ctrl+l) or after the idle timeout. A lock saves unsaved
// writing as an encrypted draft, then forgets every piece of decrypted text.

// ed3 homes the cursor, clears the screen and erases the scrollback (ED 3),
// so nothing the diary showed can be scrolled back to.
const ed3 = "\x1b[H\x1b[2J\x1b[3J"

// checkIdle locks the diary when no key has been pressed for the timeout.
// It runs on every screen and under every dialog.
func (m *Model) checkIdle() tea.Cmd {
	next := idleTick(idleCheckEvery)
	if !m.unlocked || m.closing {
		return next
	}
	if m.now().Sub(m.lastKey) >= m.idleTimeout() {
		return tea.Batch(next, m.lockNow())
	}
	return tea.Batch(next, m.maybeRefresh())
}

func (m *Model) idleTimeout() time.Duration {
	if m.settings != nil {
		return m.settings.IdleLock()
	}
	if m.idleAfter > 0 {
		return m.idleAfter
	}
	return diary.DefaultIdleLockMinutes * time.Minute
}

// lockNow saves unsaved writing as an encrypted draft, drops every piece of
// decrypted text from the model, asks the store to forget its key, and
// clears the terminal, scrollback included.
func (m *Model) lockNow() tea.Cmd {
	var cmds []tea.Cmd
	if d, ok := m.unsavedDraft(); ok {
		m.pendingDraft = &d
		cmds = append(cmds, saveDraftCmd(m.store, d, m.write().gen, afterLock, true))
	}
	// Writing with a draft on disk comes straight back after the unlock,
	// the cursor where it was.
	if w := m.write(); w.active && w.draftName != "" {
		m.resumeDraft = w.draftName
		m.resumeAt = w.position()
	}
	m.dropPlaintext()
	m.unlocked = false
	m.lockGen++
	m.showHelp = false
	m.help.ShowAll = false
	m.busy = ""
	m.err = ""
	m.notice = "Locked. Your writing is safe."
	cmds = append(cmds, lockCmd(m.store), tea.Sequence(tea.Raw(ed3), tea.ClearScreen), m.show(screenUnlock))
	return tea.Batch(cmds...)
}

// dropPlaintext forgets everything decrypted: the catalog, settings,
// drafts, renderings, and whatever each screen holds.
func (m *Model) dropPlaintext() {
	m.idleAfter = m.idleTimeout()
	m.settings = nil // it names the worker's supports
	m.resources = nil
	m.checkIns = nil
	// m.lockedReach stays: the worker marked it as safe to show while locked.
	m.catalog = nil
	m.problems = 0
	m.drafts = nil
	m.renders = map[renderKey]string{}
	m.widths.Clear() // it holds lines as they were drawn
	for _, s := range m.screens {
		s.lock()
	}
	m.forgetPromptRotation()
	m.restyle()
}
