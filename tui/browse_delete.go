package tui

import (
	tea "charm.land/bubbletea/v2"

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
	delete(m.browse.marked, msg.id)
	for k := range m.renders {
		if k.id == msg.id {
			delete(m.renders, k)
		}
	}
	cursor := m.browse.cursor
	m.browse.visible = matching(m.catalog, nil, m.browse.query)
	m.browse.history = nil
	m.browse.cursor = cursor
	m.browse.clampOffset()
	m.notice = "Entry deleted."
	if m.screen == screenRead {
		m.screen = screenBrowse
		m.read = readModel{}
	}
	return m.previewNow()
}

func (m *Model) viewDeleteDialog() string {
	var s *diary.Summary
	for i := range m.catalog {
		if m.catalog[i].ID == m.browse.confirmDelete {
			s = &m.catalog[i]
		}
	}
	what := "this entry"
	if s != nil {
		what = "the entry from " + s.Created.Local().Format("Mon 2 Jan 2006 15:04")
	}
	return m.styles.Dialog.Render(wrap("Delete "+what+"? This can't be undone.", max(m.browse.listWidth()-6, 10)) + "\n\n  y  delete it\n  n  keep it")
}
