package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Flagging from Browse: f on an entry without a flag flags it at once,
// then offers a line for what the worker wants to talk about, in the
// preview's place. enter keeps the note (the same rule as the prep view's
// n and peerdiary flag --note: diary.Store.FlagEntry), esc leaves the flag
// without one. f on a flagged entry takes the flag off, as before. A lock
// drops what was typed; the flag, already kept, stays.

// offerNote opens the note line for an entry just flagged.
func (b *browseScreen) offerNote(id string) tea.Cmd {
	b.noting = id
	b.note = newFlagNoteInput(b.noteWidth(), "")
	return b.note.Focus()
}

func (b *browseScreen) closeNote() {
	b.noting = ""
	b.note.Reset()
}

// noteKey edits the note: enter keeps it, esc leaves the flag without one.
func (b *browseScreen) noteKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		id, note := b.noting, b.note.Value()
		b.closeNote()
		if strings.TrimSpace(note) == "" {
			m.notice = flaggedWithoutNote
			return nil
		}
		return m.to(screenBrowse, flagNoteCmd(m.store, id, note))
	case "esc":
		b.closeNote()
		m.notice = flaggedWithoutNote
		return nil
	case "ctrl+c":
		return m.quit(false)
	}
	var cmd tea.Cmd
	b.note, cmd = b.note.Update(msg)
	return cmd
}

// flaggedWithoutNote is the notice after f, as onFlagToggled gives it:
// the prep view lists the entry, and its n adds a note later.
const flaggedWithoutNote = "Flagged for supervision. The prep view (u on Today) lists it."

// noteWidth is the width of the note's line in its box.
func (b *browseScreen) noteWidth() int {
	pw, _ := b.previewSize()
	return pw - 4 - 3 // the box's border and padding, the mark and the cursor
}

// viewNoteDialog offers the note for the entry just flagged (the row under
// the cursor, marked [flagged]), in a box w cells wide.
func (b *browseScreen) viewNoteDialog(m *Model, w int) string {
	inner := max(w-4, 10) // the border and padding
	ask := wrap("Flagged for supervision. Add a note if you like:", inner)
	return m.styles.Dialog.Render(ask + "\n› " + neutralizeBidi(b.note.View()) + "\n\n  enter  keep the note\n  esc    no note")
}
