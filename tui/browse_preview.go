package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// The preview pane: the entry under the cursor rendered as Markdown,
// asked for after a short pause and kept in a cache by id, width and theme.

func (m *Model) previewKey() (renderKey, bool) {
	s := m.current()
	if s == nil {
		return renderKey{}, false
	}
	w, _ := m.browse.previewSize()
	return renderKey{id: s.ID, width: w, dark: m.isDark}, true
}

// previewNow asks for the preview of the entry under the cursor unless it
// is already rendered.
func (m *Model) previewNow() tea.Cmd {
	k, ok := m.previewKey()
	if !ok {
		return nil
	}
	if _, done := m.renders[k]; done {
		return nil
	}
	return previewCmd(m.store, k, m.plain)
}

func (m *Model) onPreviewDue(msg previewDueMsg) tea.Cmd {
	if m.screen != screenBrowse || msg.seq != m.browse.previewSeq {
		return nil
	}
	return m.previewNow()
}

func (m *Model) onRendered(msg renderedMsg) tea.Cmd {
	if !m.unlocked {
		return nil // locked meanwhile: never keep it
	}
	if msg.err != nil {
		m.renders[msg.key] = m.styles.Error.Render("This entry could not be shown: " + describe(msg.err))
		return nil
	}
	if len(m.renders) > 256 {
		m.renders = map[renderKey]string{}
	}
	m.renders[msg.key] = msg.out
	if m.screen == screenRead && m.read.entry != nil && msg.key.id == m.read.entry.ID {
		m.read.setBody(msg.out)
	}
	return nil
}

func (m *Model) viewPreview(w, h int) string {
	k, ok := m.previewKey()
	if !ok {
		return ""
	}
	if r, done := m.renders[k]; done {
		return strings.Trim(r, "\n")
	}
	return m.styles.Subtle.Render("…")
}
