package tui

import (
	"peerdiary/diary"

	tea "charm.land/bubbletea/v2"
)

// Drafts: unsaved writing is autosaved encrypted every few seconds, and
// saved before a lock or a quit, so a crash or a closed terminal loses
// nothing.

// unsavedDraft is the editor's writing as a draft, if there is writing that
// is not yet safely on disk.
func (m *Model) unsavedDraft() (diary.Draft, bool) {
	w := m.write()
	if !w.active || w.gen == w.persistedGen {
		return diary.Draft{}, false
	}
	e := w.entry()
	if e.Blank() && w.draftName == "" {
		return diary.Draft{}, false
	}
	if w.draftName == "" {
		w.draftName = diary.NewID()
	}
	return diary.Draft{Name: w.draftName, Entry: e}, true
}

// onPanic quits after a command panicked; Run reports it, without the
// panic's value.
func (m *Model) onPanic() tea.Cmd {
	m.failed = true
	return m.quit(true)
}

// quit leaves, saving a draft of unsaved writing first. force is for
// signals: if the draft cannot be saved, quit anyway (Run tries once more).
func (m *Model) quit(force bool) tea.Cmd {
	if m.closing {
		return nil
	}
	if d, ok := m.unsavedDraft(); ok && m.store != nil && !m.quitArmed {
		m.busy = "Saving your draft…"
		m.pendingDraft = &d
		then := afterQuit
		return tea.Batch(saveDraftCmd(m.store, d, m.write().gen, then, force), m.spinner.Tick)
	}
	m.closing = true
	return tea.Quit
}

func (m *Model) onDraftSaved(msg draftSavedMsg) tea.Cmd {
	switch msg.then {
	case afterQuit:
		m.busy = ""
		if msg.err != nil && !msg.quiet {
			m.err = "Your unsaved writing could not be saved as a draft: " + describe(msg.err) + " Press ctrl+c again to quit without it, or keep writing."
			m.pendingDraft = nil
			m.quitArmed = true
			return nil
		}
		m.markPersisted(msg)
		m.pendingDraft = nil
		m.closing = true
		return tea.Quit
	case afterLock:
		if msg.err != nil {
			m.err = "Your unsaved writing could not be saved as a draft (" + describe(msg.err) + "). It is kept until you unlock."
			m.resumeDraft = ""
			return nil
		}
		m.pendingDraft = nil
		return nil
	}
	// autosave
	w := m.write()
	w.autosaving = false
	if msg.err != nil {
		w.status = "Draft not saved: " + describe(msg.err)
		return nil
	}
	if w.active && (w.draftName == "" || w.draftName == msg.name) {
		w.draftName = msg.name
		m.markPersisted(msg)
		w.status = "Draft saved " + msg.at.Local().Format("15:04:05")
	}
	return nil
}

func (m *Model) markPersisted(msg draftSavedMsg) {
	if w := m.write(); w.active && msg.gen > w.persistedGen {
		w.persistedGen = msg.gen
	}
}

// autosave writes an encrypted draft when the text changed since the last.
func (m *Model) autosave(msg autosaveTickMsg) tea.Cmd {
	if msg.gen != m.autosaveGen {
		return nil // a chain started before a lock: let it end
	}
	next := autosaveTick(autosaveEvery, m.autosaveGen)
	w := m.write()
	if m.current != screenWrite || w.autosaving || m.closing || !m.unlocked {
		return next
	}
	d, ok := m.unsavedDraft()
	if !ok {
		return next
	}
	w.autosaving = true
	return tea.Batch(next, saveDraftCmd(m.store, d, w.gen, afterNothing, true))
}

// startAutosave starts the one chain of autosave ticks for this unlock.
func (m *Model) startAutosave() tea.Cmd {
	m.autosaveGen++
	return autosaveTick(autosaveEvery, m.autosaveGen)
}

func (m *Model) onDraftDeleted(msg draftDeletedMsg) tea.Cmd {
	if msg.err != nil {
		m.err = "The draft could not be discarded: " + describe(msg.err)
		return nil
	}
	m.notice = "Draft discarded."
	return nil
}
