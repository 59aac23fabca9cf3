package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// Filtering the entry list: the words typed after / narrow the rows,
// and each step is kept so that backspace is instant.

// refilter rebuilds the visible rows from the whole catalog.
func (b *browseScreen) refilter(m *Model) {
	cat := m.catalog
	var keep string
	if len(b.visible) > 0 && b.cursor < len(b.visible) && b.cursor >= 0 {
		if i := b.visible[b.cursor]; i < len(cat) {
			keep = cat[i].ID
		}
	}
	b.visible = matching(cat, nil, b.query, m.textReady)
	b.history = nil
	b.cursor = 0
	for vi, i := range b.visible {
		if cat[i].ID == keep {
			b.cursor = vi
			break
		}
	}
	b.clampOffset()
}

// matching returns the catalog indices whose text holds every word of
// query. With from set, only those indices are searched. Until the
// catalog's texts are in memory (ready; see loadTextCmd) a query with
// words matches nothing yet: reading them here would be I/O in Update.
func matching(cat []diary.Summary, from []int, query string, ready bool) []int {
	words := strings.Fields(strings.ToLower(query))
	for i, w := range words {
		words[i] = strings.TrimPrefix(w, "#")
	}
	if len(words) > 0 && !ready {
		return []int{}
	}
	match := func(s *diary.Summary) bool {
		text := s.SearchText()
		for _, w := range words {
			if !strings.Contains(text, w) {
				return false
			}
		}
		return true
	}
	out := make([]int, 0, min(len(cat), 1024))
	if from != nil {
		for _, i := range from {
			if match(&cat[i]) {
				out = append(out, i)
			}
		}
		return out
	}
	for i := range cat {
		if len(words) == 0 || match(&cat[i]) {
			out = append(out, i)
		}
	}
	return out
}

// setQuery applies a new filter. A query that extends the last one narrows
// its result; one that was seen on the way (backspace) is taken from the
// stack of earlier results; anything else scans the catalog.
func (b *browseScreen) setQuery(m *Model, q string) {
	if q == b.query {
		return
	}
	if !m.textReady {
		// Nothing to search yet: the rows come when the texts do (see
		// onTextReady), and no step is kept.
		b.history = b.history[:0]
		b.visible = matching(m.catalog, nil, q, false)
		b.query, b.cursor, b.offset = q, 0, 0
		return
	}
	for i := len(b.history) - 1; i >= 0; i-- {
		if b.history[i].query == q {
			b.visible = b.history[i].visible
			b.history = b.history[:i+1]
			b.query, b.cursor, b.offset = q, 0, 0
			return
		}
	}
	if b.query != "" && strings.HasPrefix(q, b.query) {
		b.visible = matching(m.catalog, b.visible, q, true)
	} else {
		b.history = b.history[:0]
		b.visible = matching(m.catalog, nil, q, true)
	}
	b.history = append(b.history, filterStep{query: q, visible: b.visible})
	b.query, b.cursor, b.offset = q, 0, 0
}

// filterStep is one query typed and its result, kept so that backspace
// is instant.
type filterStep struct {
	query   string
	visible []int
}

func (b *browseScreen) filterInput(m *Model, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	b.filter, cmd = b.filter.Update(msg)
	if v := b.filter.Value(); v != b.query {
		b.setQuery(m, v)
		b.previewSeq++
		return tea.Batch(cmd, m.to(screenBrowse, previewAfter(previewDelay, b.previewSeq)))
	}
	return cmd
}

// textReadyMsg: the texts of catalog generation gen are in memory.
type textReadyMsg struct{ gen int }

// textLoader is a store that can read a catalog's texts ahead of a search
// (*diary.Store; a store without it holds them already).
type textLoader interface {
	LoadText(sums []diary.Summary) error
}

// loadTextCmd reads the texts of the catalog's entries, off Update: a
// diary opened from its index lists its entries before their texts are
// read, and a search needs them.
func loadTextCmd(s diaryStore, cat []diary.Summary, gen int) tea.Cmd {
	return safe(func() tea.Msg {
		if tl, ok := s.(textLoader); ok {
			// Locked meanwhile: the message is dropped as stale.
			_ = tl.LoadText(cat)
		}
		return textReadyMsg{gen: gen}
	})
}

// onTextReady makes the catalog searchable, and shows the rows of a query
// typed while its texts were read.
func (m *Model) onTextReady(msg textReadyMsg) tea.Cmd {
	if msg.gen != m.catalogGen || !m.unlocked {
		return nil
	}
	m.textReady = true
	if b := m.browse(); b.query != "" {
		b.refilter(m)
	}
	return nil
}
