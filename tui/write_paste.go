package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/tui/internal/textarea"
)

// Paste limits: a paste that would take the entry over the size an entry
// can be saved with, or the editor over its line cap, is refused whole.

// maxEditorLines is the textarea's line cap: it silently drops lines past
// it, so no paste may take the window over it.
const maxEditorLines = textarea.MaxLines

func (w *writeScreen) paste(m *Model, msg tea.PasteMsg) tea.Cmd {
	if w.leaving {
		return nil
	}
	if w.focus == fieldBody {
		if new(w.entry()).TextSize()+len(msg.Content) > diary.MaxBodySize {
			m.err = "That's too long for one entry: the limit is 1 MiB. Nothing was pasted."
			return nil
		}
		if w.ed.ta.LineCount()+strings.Count(msg.Content, "\n") > maxEditorLines {
			window, _ := w.ed.bounds()
			m.err = fmt.Sprintf("That's more lines than one paste can take (about %d). Nothing was pasted; paste it in parts.", maxEditorLines-2*window)
			return nil
		}
	}
	return w.updateFocusedPaste(msg)
}

func (w *writeScreen) updateFocusedPaste(msg tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	switch w.focus {
	case fieldBody:
		cmd = w.ed.Update(msg)
	case fieldTags:
		w.tags, cmd = w.tags.Update(msg)
	default:
		return nil
	}
	w.gen++
	return cmd
}
