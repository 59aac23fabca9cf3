package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// The entry list. It is virtualised: only the rows on screen are drawn, so
// it stays smooth with ten thousand entries. Filtering is a substring match
// of every typed word against each entry's text, tags and prompt (the same
// rule as `peerdiary list --grep`); a longer query narrows the previous
// result instead of scanning the whole diary again.

type browseModel struct {
	filter    textinput.Model
	filtering bool
	query     string
	visible   []int // indices into the catalog, newest first
	history   []filterStep
	cursor    int // index into visible
	offset    int // first visible row on screen
	marked    map[string]bool

	confirmDelete string // id awaiting y/n
	confirmSince  int64  // unix nanos the dialog opened

	previewSeq    int
	width, height int
}

func newBrowseModel() browseModel {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "type to filter by words or #tags"
	in.CharLimit = 200
	return browseModel{filter: in, marked: map[string]bool{}}
}

func (b *browseModel) restyle(isDark, plain bool) {
	if !plain {
		b.filter.SetStyles(textinput.DefaultStyles(isDark))
	}
}

func (b *browseModel) reset() {
	w, h := b.width, b.height
	*b = newBrowseModel()
	b.setSize(w, h)
}

func (b *browseModel) setSize(w, h int) {
	b.width, b.height = w, h
	b.filter.SetWidth(max(b.listWidth()-4, 10))
	b.clampOffset()
}

func (b *browseModel) wide() bool { return b.width >= 100 }

func (b *browseModel) listWidth() int {
	if b.wide() {
		return b.width * 11 / 20
	}
	return b.width
}

// listRows is how many entries fit on screen.
func (b *browseModel) listRows() int {
	rows := b.height - 2 // header and filter line
	if !b.wide() {
		rows = max(rows/2, 3)
	}
	return max(rows, 1)
}

func (b *browseModel) previewSize() (w, h int) {
	if b.wide() {
		return b.width - b.listWidth() - 2, b.height
	}
	return b.width, max(b.height-2-b.listRows()-1, 1)
}

func (b *browseModel) clampOffset() {
	if b.cursor >= len(b.visible) {
		b.cursor = len(b.visible) - 1
	}
	if b.cursor < 0 {
		b.cursor = 0
	}
	rows := b.listRows()
	if b.cursor < b.offset {
		b.offset = b.cursor
	}
	if b.cursor >= b.offset+rows {
		b.offset = b.cursor - rows + 1
	}
	b.offset = max(min(b.offset, len(b.visible)-rows), 0)
}

func (m *Model) openBrowse() tea.Cmd {
	m.screen = screenBrowse
	m.browse.refilter(m.catalog)
	return m.previewNow()
}

// current is the summary under the cursor, or nil.
func (m *Model) current() *diary.Summary {
	b := &m.browse
	if b.cursor < 0 || b.cursor >= len(b.visible) {
		return nil
	}
	return &m.catalog[b.visible[b.cursor]]
}

func (m *Model) browseMove(delta int) tea.Cmd {
	b := &m.browse
	b.cursor += delta
	b.clampOffset()
	b.previewSeq++
	return previewAfter(previewDelay, b.previewSeq)
}

func (m *Model) browseKey(msg tea.KeyPressMsg) tea.Cmd {
	b := &m.browse
	k := m.keys
	if b.confirmDelete != "" {
		if m.now().UnixNano()-b.confirmSince < int64(dialogGrace) {
			return nil
		}
		switch {
		case key.Matches(msg, k.Confirm):
			id := b.confirmDelete
			b.confirmDelete = ""
			return deleteCmd(m.store, id)
		case key.Matches(msg, k.Cancel):
			b.confirmDelete = ""
		}
		return nil
	}
	if b.filtering {
		switch msg.String() {
		case "enter":
			b.filtering = false
			b.filter.Blur()
			return m.previewNow()
		case "esc":
			b.filtering = false
			b.filter.Blur()
			b.filter.Reset()
			m.setQuery("")
			return m.previewNow()
		case "ctrl+c":
			return m.quit(false)
		case "up", "down":
			if msg.String() == "up" {
				return m.browseMove(-1)
			}
			return m.browseMove(1)
		}
		return m.browseFilterInput(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Up):
		return m.browseMove(-1)
	case key.Matches(msg, k.Down):
		return m.browseMove(1)
	case key.Matches(msg, k.PageUp):
		return m.browseMove(-b.listRows())
	case key.Matches(msg, k.PageDn):
		return m.browseMove(b.listRows())
	case key.Matches(msg, k.Top):
		return m.browseMove(-len(b.visible))
	case key.Matches(msg, k.Bottom):
		return m.browseMove(len(b.visible))
	case key.Matches(msg, k.Filter):
		b.filtering = true
		return b.filter.Focus()
	case key.Matches(msg, k.Back):
		if b.query != "" {
			b.filter.Reset()
			m.setQuery("")
			return m.previewNow()
		}
		m.screen = screenToday
		return nil
	case key.Matches(msg, k.Today):
		m.screen = screenToday
		return nil
	case key.Matches(msg, k.Select):
		if s := m.current(); s != nil {
			if b.marked[s.ID] {
				delete(b.marked, s.ID)
			} else {
				b.marked[s.ID] = true
			}
		}
		return m.browseMove(1)
	}
	s := m.current()
	if s == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return getEntryCmd(m.store, s.ID, false)
	case key.Matches(msg, k.Edit):
		return getEntryCmd(m.store, s.ID, true)
	case key.Matches(msg, k.Delete):
		b.confirmDelete = s.ID
		b.confirmSince = m.now().UnixNano()
	}
	return nil
}

func (m *Model) onEntry(msg entryMsg) tea.Cmd {
	if !m.unlocked {
		return nil
	}
	if msg.err != nil {
		m.err = "That entry could not be opened: " + describe(msg.err)
		return nil
	}
	if msg.edit {
		return m.startWriting(msg.entry.Prompt, msg.entry, "")
	}
	return m.openReader(msg.entry)
}

func (m *Model) upsertSummary(s diary.Summary) {
	for i := range m.catalog {
		if m.catalog[i].ID == s.ID {
			m.catalog[i] = s
			diary.SortNewestFirst(m.catalog)
			m.browse.refilter(m.catalog)
			return
		}
	}
	m.catalog = append(m.catalog, s)
	diary.SortNewestFirst(m.catalog)
	m.browse.refilter(m.catalog)
}
