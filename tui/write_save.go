package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// Leaving the editor: saving the entry, discarding it from the leave
// dialog, and going back to the screen it was opened from.

// save writes the entry (encrypted, atomically, in a command) and
// removes its draft.
func (w *writeScreen) save(m *Model) tea.Cmd {
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
	return m.to(screenWrite, saveEntryCmd(m.store, e, w.draftName))
}

// discard leaves the editor without saving, deleting its draft.
func (w *writeScreen) discard(m *Model) tea.Cmd {
	var cmd tea.Cmd
	if w.draftName != "" {
		cmd = deleteDraftCmd(m.store, w.draftName)
	}
	back := w.returnTo
	*w = writeScreen{}
	return tea.Batch(cmd, m.show(back))
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

func (w *writeScreen) onSaved(m *Model, msg savedMsg) tea.Cmd {
	w.saving = false
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
	edited := w.base != nil && w.base.ID != ""
	reflected := w.refl.on()
	back := w.returnTo
	*w = writeScreen{}
	m.notice = fmt.Sprintf("Saved and encrypted (%d words). Well done for writing today.", words)
	if reflected && !edited {
		m.notice = fmt.Sprintf("Reflection saved and encrypted (%d words). Well done for taking the time.", words)
	}
	if edited {
		m.notice = fmt.Sprintf("Changes saved and encrypted (%d words).", words)
	}
	return m.show(back)
}
