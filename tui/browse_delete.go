package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary"
)

// Deleting from Browse: the y/n dialog and what a finished delete
// changes in the list, the selection and the preview cache.

func (m *Model) onDeleted(msg deletedMsg) tea.Cmd {
	if msg.err != nil {
		m.err = "Not deleted: " + describe(msg.err)
		return nil
	}
	for i := range m.catalog {
		if m.catalog[i].ID == msg.id {
			m.catalog = append(m.catalog[:i], m.catalog[i+1:]...)
			break
		}
	}
	b := m.browse()
	delete(b.marked, msg.id)
	for k := range m.renders {
		if k.id == msg.id {
			delete(m.renders, k)
		}
	}
	cursor := b.cursor
	b.visible = matching(m.catalog, nil, b.query, m.textReady)
	b.history = nil
	b.cursor = cursor
	b.clampOffset()
	m.notice = "Entry deleted."
	if m.current == screenRead {
		m.read().lock()
		m.current = screenBrowse // the row that took the deleted one's place
	}
	return b.previewNow(m)
}

// viewDeleteDialog asks about the entry under the cursor, named by its
// date and the start of its text, in a box w cells wide.
func (b *browseScreen) viewDeleteDialog(m *Model, w int) string {
	var s *diary.Summary
	for i := range m.catalog {
		if m.catalog[i].ID == b.confirmDelete {
			s = &m.catalog[i]
		}
	}
	inner := max(w-4, 10) // the border and padding
	what := "this entry"
	if s != nil {
		what = "the entry from " + s.Created.Local().Format("Mon 2 Jan 2006 15:04")
		if title := strings.TrimSpace(sanitize(firstLine(s.Title))); title != "" {
			what += ", \u201c" + ansi.Truncate(title, max(inner, 24), "…") + "\u201d"
		}
	}
	return m.styles.Dialog.Render(capLines(wrap("Delete "+what+"? This can't be undone.", inner), 4) + "\n\n  y  delete it\n  n  keep it")
}
