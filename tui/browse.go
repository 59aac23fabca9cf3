package tui

import (
	"charm.land/bubbles/v2/help"
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

const screenBrowse screenID = "browse"

type browseScreen struct {
	filter    textinput.Model
	filtering bool
	query     string
	visible   []int // indices into the catalog, newest first
	history   []filterStep
	cursor    int // index into visible
	offset    int // first visible row on screen
	marked    map[string]bool
	flagged   map[string]bool // entries flagged for supervision, by id; read when Browse opens

	confirmDelete string // id awaiting y/n
	confirmSince  int64  // unix nanos the dialog opened

	// noting is the entry f just flagged, whose note (what the worker
	// wants to talk about) is offered in note, in the preview's place.
	noting string
	note   textinput.Model

	previewSeq    int
	width, height int

	consent consentPanel // c: share the entry under the cursor with a study
}

func newBrowseScreen() *browseScreen {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "type to filter by words or #tags"
	in.CharLimit = 200
	return &browseScreen{filter: in, marked: map[string]bool{}}
}

func (b *browseScreen) fullWidth() bool { return true }

func (b *browseScreen) typing() bool { return b.filtering || b.noting != "" || b.consent.typing() }

func (b *browseScreen) layout(m *Model) {
	if !m.plain {
		b.filter.SetStyles(textinput.DefaultStyles(m.isDark))
	}
	b.setSize(m.innerWidth(), m.bodyHeight())
}

// lock forgets the rows, the filter and the selection.
func (b *browseScreen) lock() {
	w, h := b.width, b.height
	*b = *newBrowseScreen()
	b.setSize(w, h)
}

func (b *browseScreen) hints(m *Model) help.KeyMap {
	if b.confirmDelete != "" {
		return m.keys.confirmHelp()
	}
	if b.noting != "" {
		return m.keys.flagNoteHelp()
	}
	if b.consent.open {
		return m.keys.consentHelp(b.consent.typing())
	}
	return m.keys.browseHelp(b.filtering, len(b.visible) == 0, b.query != "", len(b.marked) > 0)
}

// refresh takes the preview of the row under the cursor.
func (b *browseScreen) refresh(m *Model) tea.Cmd { return b.previewNow(m) }

func (b *browseScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	if cmd, ok := b.consent.update(m, screenBrowse, msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return b.key(m, msg)
	case tea.PasteMsg:
		if b.noting != "" {
			var cmd tea.Cmd
			b.note, cmd = b.note.Update(msg)
			return cmd
		}
		if b.filtering {
			return b.filterInput(m, msg)
		}
		return nil
	case tea.MouseWheelMsg:
		if b.noting != "" {
			return nil // the note is for the row in view
		}
		if msg.Button == tea.MouseWheelUp {
			return b.move(m, -3)
		}
		return b.move(m, 3)
	case entryMsg:
		return b.onEntry(m, msg)
	case deletedMsg:
		return m.onDeleted(msg)
	case flagToggledMsg:
		m.onFlagToggled(msg)
		if msg.err == nil && msg.on && m.current == screenBrowse && b.confirmDelete == "" && !b.consent.open && !b.filtering {
			return b.offerNote(msg.id)
		}
		return nil
	case flagNotedMsg:
		if msg.err != nil {
			m.err = "The entry is flagged, but the note could not be saved: " + describe(msg.err)
			return nil
		}
		m.notice = "Flagged, with your note. The prep view (u on Today) lists it."
		return nil
	case flaggedMsg:
		if msg.err == nil {
			b.flagged = msg.ids
		}
		return nil
	case previewDueMsg:
		return b.onPreviewDue(m, msg)
	}
	if b.filtering {
		var cmd tea.Cmd
		b.filter, cmd = b.filter.Update(msg)
		return cmd
	}
	return nil
}

func (b *browseScreen) setSize(w, h int) {
	b.width, b.height = w, h
	b.filter.SetWidth(max(b.listWidth()-4, 10))
	if b.noting != "" {
		b.note.SetWidth(max(b.noteWidth(), 10))
	}
	b.clampOffset()
}

func (b *browseScreen) wide() bool { return b.width >= 100 }

func (b *browseScreen) listWidth() int {
	if b.wide() {
		return b.width * 11 / 20
	}
	return b.width
}

// listRows is how many entries fit on screen.
func (b *browseScreen) listRows() int {
	rows := b.height - 2 // header and filter line
	if !b.wide() {
		rows = max(rows/2, 3)
	}
	return max(rows, 1)
}

func (b *browseScreen) previewSize() (w, h int) {
	if b.wide() {
		return b.width - b.listWidth() - 2, b.height
	}
	return b.width, max(b.height-2-b.listRows()-1, 1)
}

func (b *browseScreen) clampOffset() {
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

// open shows the catalog as it is now, keeping the row under the cursor.
func (b *browseScreen) open(m *Model) tea.Cmd {
	b.refilter(m)
	return tea.Batch(b.previewNow(m), m.to(screenBrowse, flaggedCmd(m.store)))
}

// selected is the summary under the cursor, or nil.
func (b *browseScreen) selected(m *Model) *diary.Summary {
	if b.cursor < 0 || b.cursor >= len(b.visible) {
		return nil
	}
	return &m.catalog[b.visible[b.cursor]]
}

func (b *browseScreen) move(m *Model, delta int) tea.Cmd {
	b.cursor += delta
	b.clampOffset()
	b.previewSeq++
	return m.to(screenBrowse, previewAfter(previewDelay, b.previewSeq))
}

func (b *browseScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if b.noting != "" {
		return b.noteKey(m, msg)
	}
	if b.confirmDelete != "" {
		if m.now().UnixNano()-b.confirmSince < int64(dialogGrace) {
			return nil
		}
		switch {
		case key.Matches(msg, k.Confirm):
			id := b.confirmDelete
			b.confirmDelete = ""
			return m.to(screenBrowse, deleteCmd(m.store, id))
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
			return b.previewNow(m)
		case "esc":
			b.filtering = false
			b.filter.Blur()
			b.filter.Reset()
			b.setQuery(m, "")
			return b.previewNow(m)
		case "ctrl+c":
			return m.quit(false)
		case "up", "down":
			if msg.String() == "up" {
				return b.move(m, -1)
			}
			return b.move(m, 1)
		}
		return b.filterInput(m, msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Up):
		return b.move(m, -1)
	case key.Matches(msg, k.Down):
		return b.move(m, 1)
	case key.Matches(msg, k.PageUp):
		return b.move(m, -b.listRows())
	case key.Matches(msg, k.PageDn):
		return b.move(m, b.listRows())
	case key.Matches(msg, k.Top):
		return b.move(m, -len(b.visible))
	case key.Matches(msg, k.Bottom):
		return b.move(m, len(b.visible))
	case key.Matches(msg, k.Filter):
		b.filtering = true
		return b.filter.Focus()
	case key.Matches(msg, k.Back):
		if b.query != "" {
			b.filter.Reset()
			b.setQuery(m, "")
			return b.previewNow(m)
		}
		return m.show(screenToday)
	case key.Matches(msg, k.Today):
		return m.show(screenToday)
	case key.Matches(msg, k.Select):
		if s := b.selected(m); s != nil {
			if b.marked[s.ID] {
				delete(b.marked, s.ID)
			} else {
				b.marked[s.ID] = true
			}
		}
		return b.move(m, 1)
	}
	s := b.selected(m)
	if s == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return m.to(screenBrowse, getEntryCmd(m.store, s.ID, false))
	case key.Matches(msg, k.Edit):
		return m.to(screenBrowse, getEntryCmd(m.store, s.ID, true))
	case key.Matches(msg, k.Delete):
		b.confirmDelete = s.ID
		b.confirmSince = m.now().UnixNano()
	case key.Matches(msg, consentBinding):
		return b.consent.show(m, screenBrowse, *s)
	case key.Matches(msg, supExportBinding), key.Matches(msg, presentBinding):
		ids := b.chosen(m)
		if key.Matches(msg, presentBinding) {
			return m.startPresent(ids, screenBrowse)
		}
		return m.startExport(ids, screenBrowse, nil, false)
	case key.Matches(msg, flagBinding):
		return m.to(screenBrowse, toggleFlagCmd(m.store, s.ID))
	}
	return nil
}

func (b *browseScreen) onEntry(m *Model, msg entryMsg) tea.Cmd {
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
			m.browse().refilter(m)
			return
		}
	}
	m.catalog = append(m.catalog, s)
	diary.SortNewestFirst(m.catalog)
	m.browse().refilter(m)
}
