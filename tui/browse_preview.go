package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// The preview pane: the entry under the cursor rendered as Markdown,
// asked for after a short pause and kept in a cache by id, width and theme.

func (b *browseScreen) previewKey(m *Model) (renderKey, bool) {
	s := b.selected(m)
	if s == nil {
		return renderKey{}, false
	}
	w, _ := b.previewSize()
	return renderKey{id: s.ID, width: w, dark: m.isDark}, true
}

// previewNow asks for the preview of the entry under the cursor unless it
// is already rendered.
func (b *browseScreen) previewNow(m *Model) tea.Cmd {
	k, ok := b.previewKey(m)
	if !ok {
		return nil
	}
	if _, done := m.renders[k]; done {
		return nil
	}
	return previewCmd(m.store, *b.selected(m), k, m.plain)
}

func (b *browseScreen) onPreviewDue(m *Model, msg previewDueMsg) tea.Cmd {
	if m.current != screenBrowse || msg.seq != b.previewSeq {
		return nil
	}
	return b.previewNow(m)
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
	return m.showing().update(m, msg) // the reader may be waiting for it
}

func (b *browseScreen) viewPreview(m *Model, w, h int) string {
	k, ok := b.previewKey(m)
	if !ok {
		return ""
	}
	if r, done := m.renders[k]; done {
		return strings.Trim(r, "\n")
	}
	return m.styles.Subtle.Render("…")
}
