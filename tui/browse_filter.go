package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// Filtering the entry list: the words typed after / narrow the rows,
// and each step is kept so that backspace is instant.

// refilter rebuilds the visible rows from the whole catalog.
func (b *browseScreen) refilter(cat []diary.Summary) {
	var keep string
	if len(b.visible) > 0 && b.cursor < len(b.visible) && b.cursor >= 0 {
		if i := b.visible[b.cursor]; i < len(cat) {
			keep = cat[i].ID
		}
	}
	b.visible = matching(cat, nil, b.query)
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
// query. With from set, only those indices are searched.
func matching(cat []diary.Summary, from []int, query string) []int {
	words := strings.Fields(strings.ToLower(query))
	for i, w := range words {
		words[i] = strings.TrimPrefix(w, "#")
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
	for i := len(b.history) - 1; i >= 0; i-- {
		if b.history[i].query == q {
			b.visible = b.history[i].visible
			b.history = b.history[:i+1]
			b.query, b.cursor, b.offset = q, 0, 0
			return
		}
	}
	if b.query != "" && strings.HasPrefix(q, b.query) {
		b.visible = matching(m.catalog, b.visible, q)
	} else {
		b.history = b.history[:0]
		b.visible = matching(m.catalog, nil, q)
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
