package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// Leaving the editor: saving the entry, discarding it from the leave
// dialog, and going back to the screen it was opened from.

// saveEntry writes the entry (encrypted, atomically, in a command) and
// removes its draft.
func (m *Model) saveEntry() tea.Cmd {
	w := &m.write
	if w.saving {
		return nil
	}
	e := w.entry()
	if entryBlank(&e) {
		m.err = "Nothing to save yet: write something first, or press esc to leave."
		return nil
	}
	if entrySize(&e) > diary.MaxBodySize {
		m.err = "This entry is over the 1 MB limit. Move part of it into a new entry, then save."
		return nil
	}
	w.saving = true
	m.err = ""
	return saveEntryCmd(m.store, e, w.draftName)
}

// discardWriting leaves the editor without saving, deleting its draft.
func (m *Model) discardWriting() tea.Cmd {
	var cmd tea.Cmd
	if m.write.draftName != "" {
		cmd = deleteDraftCmd(m.store, m.write.draftName)
	}
	back := m.write.returnTo
	m.write = writeModel{}
	return tea.Batch(cmd, m.goBack(back))
}

// goBack leaves the editor for the screen it was opened from.
func (m *Model) goBack(to screen) tea.Cmd {
	if to == screenBrowse {
		m.screen = screenBrowse
		m.browse.clampOffset()
		return m.previewNow()
	}
	m.screen = screenToday
	return nil
}

// entryBlank reports an entry with no text in its body or any answer.
func entryBlank(e *diary.Entry) bool {
	if strings.TrimSpace(e.Body) != "" {
		return false
	}
	for _, a := range e.Answers {
		if strings.TrimSpace(a.Text) != "" {
			return false
		}
	}
	return true
}

func (m *Model) onSaved(msg savedMsg) tea.Cmd {
	m.write.saving = false
	if msg.err != nil {
		m.err = "Not saved: " + describe(msg.err) + " Your text is still here."
		return nil
	}
	m.upsertSummary(msg.summary)
	for k := range m.renders {
		if k.id == msg.summary.ID {
			delete(m.renders, k)
		}
	}
	words := msg.summary.Words
	edited := m.write.base != nil && m.write.base.ID != ""
	reflected := m.write.refl.on()
	back := m.write.returnTo
	m.write = writeModel{}
	m.restyle()
	m.notice = fmt.Sprintf("Saved and encrypted (%d words). Well done for writing today.", words)
	if reflected && !edited {
		m.notice = fmt.Sprintf("Reflection saved and encrypted (%d words). Well done for taking the time.", words)
	}
	if edited {
		m.notice = fmt.Sprintf("Changes saved and encrypted (%d words).", words)
	}
	return m.goBack(back)
}
