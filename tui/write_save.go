package tui

import (
	"errors"
	"fmt"

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
	// The store's own rule, asked before the command that saves: a blank
	// or oversized entry is refused at once, with words for this screen.
	switch err := diary.CheckBody(&e); {
	case errors.Is(err, diary.ErrEmptyBody):
		m.err = "Nothing to save yet: write something first, or press esc to leave."
		return nil
	case errors.Is(err, diary.ErrBodyTooLarge):
		m.err = "This entry is over the 1 MB limit. Move part of it into a new entry, then save."
		return nil
	case err != nil:
		m.err = "Not saved: " + describe(err) + " Your text is still here."
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
