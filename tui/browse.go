package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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

// refilter rebuilds the visible rows from the whole catalog.
func (b *browseModel) refilter(cat []diary.Summary) {
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
func (m *Model) setQuery(q string) {
	b := &m.browse
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

func (m *Model) browseFilterInput(msg tea.Msg) tea.Cmd {
	b := &m.browse
	var cmd tea.Cmd
	b.filter, cmd = b.filter.Update(msg)
	if v := b.filter.Value(); v != b.query {
		m.setQuery(v)
		b.previewSeq++
		return tea.Batch(cmd, previewAfter(previewDelay, b.previewSeq))
	}
	return cmd
}

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

func (m *Model) viewBrowse() string {
	b := &m.browse
	st := m.styles
	var out strings.Builder
	head := plural(len(m.catalog), "entry", "entries")
	if b.query != "" {
		head = fmt.Sprintf("%d of %d entries", len(b.visible), len(m.catalog))
	}
	if n := len(b.marked); n > 0 {
		head += fmt.Sprintf(" · %d selected", n)
	}
	out.WriteString(st.Title.Render("Browse") + st.Subtle.Render(" · "+head) + "\n")
	switch {
	case b.filtering:
		out.WriteString(neutralizeBidi(b.filter.View()) + "\n")
	case b.query != "":
		out.WriteString(st.Subtle.Render("/ "+sanitize(b.query)+"  (esc clears)") + "\n")
	default:
		out.WriteString(st.Subtle.Render("/ to filter") + "\n")
	}

	list := m.viewRows()
	if b.confirmDelete != "" {
		list = m.viewDeleteDialog()
	}
	pw, ph := b.previewSize()
	preview := fitBlock(m.viewPreview(pw, ph), pw, ph)
	if b.wide() {
		left := fitBlock(list, b.listWidth(), b.listRows())
		out.WriteString(joinColumns(left, st.Pane.Render(preview), b.listWidth()))
		return out.String()
	}
	out.WriteString(fitBlock(list, b.width, b.listRows()) + "\n")
	out.WriteString(st.Separator.Render(strings.Repeat("─", b.width)) + "\n")
	out.WriteString(preview)
	return out.String()
}

// joinColumns puts two blocks side by side, the left padded to width.
func joinColumns(left, right string, width int) string {
	l := strings.Split(left, "\n")
	r := strings.Split(right, "\n")
	var b strings.Builder
	for i := range max(len(l), len(r)) {
		var a, c string
		if i < len(l) {
			a = l[i]
		}
		if i < len(r) {
			c = r[i]
		}
		if pad := width - ansi.StringWidth(a); pad > 0 {
			a += strings.Repeat(" ", pad)
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(a + c)
	}
	return b.String()
}

// viewRows draws only the rows on screen.
func (m *Model) viewRows() string {
	b := &m.browse
	st := m.styles
	if len(b.visible) == 0 {
		if b.query != "" {
			return st.Subtle.Render("No entries match. esc clears the filter.")
		}
		return st.Subtle.Render("No entries yet. Press t for today's prompt.")
	}
	w := b.listWidth()
	var out strings.Builder
	end := min(b.offset+b.listRows(), len(b.visible))
	for vi := b.offset; vi < end; vi++ {
		s := &m.catalog[b.visible[vi]]
		cursor := "  "
		if vi == b.cursor {
			cursor = "› "
		}
		mark := "  "
		if b.marked[s.ID] {
			mark = "● "
		}
		row := cursor + mark + listDate(s.Created, m.now()) + "  "
		if f := s.Family(); f != "" {
			row += "[" + sanitize(f) + "] "
		}
		row += sanitize(firstLine(s.Title))
		var tags []string
		for _, t := range s.Tags {
			if t != s.Family() {
				tags = append(tags, "#"+t)
			}
		}
		if len(tags) > 0 {
			row += "  " + sanitize(strings.Join(tags, " "))
		}
		row = ansi.Truncate(row, w, "…")
		switch {
		case vi == b.cursor:
			row = st.Selected.Render(row)
		case b.marked[s.ID]:
			row = st.Marked.Render(row)
		}
		if vi > b.offset {
			out.WriteByte('\n')
		}
		out.WriteString(row)
	}
	return out.String()
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

// listDate is a row's date: the weekday within this year, the year before.
func listDate(t, now time.Time) string {
	t = t.Local()
	if t.Year() == now.Year() {
		return t.Format("Mon 02 Jan")
	}
	return t.Format("02 Jan 2006")
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
