package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/supervision"
)

// The supervision prep view: for one contact, what was flagged since the
// last export to them, a short summary of what was written since then, and
// which of Proctor's functions of supervision the worker needs this time.
// From here the flagged entries can be exported or presented.

const screenPrep screenID = "prep"

var (
	prepBinding     = key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "for supervision"))
	flagNoteBinding = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "note"))
)

type prepScreen struct {
	data    *supervisionData
	cursor  int // in the contacts, then in the rows
	contact *diary.Contact
	prep    *supervision.Prep
	include map[string]bool // flagged entries to take, by id
	needs   map[supervision.Function]bool
	summary bool
	problem string
	top     int // the first line of the scrolling part on screen

	noting string          // the flagged entry whose note is being written, by id
	note   textinput.Model // what the worker wants to talk about

	width, height int
}

func (p *prepScreen) typing() bool    { return p.noting != "" }
func (p *prepScreen) fullWidth() bool { return false }

// lock forgets the flags, the summary and the contacts.
func (p *prepScreen) lock() { *p = prepScreen{width: p.width, height: p.height} }

func (p *prepScreen) layout(m *Model) { p.width, p.height = m.textWidth(), m.bodyHeight() }

func (p *prepScreen) open(m *Model) tea.Cmd {
	*p = prepScreen{width: p.width, height: p.height, needs: map[supervision.Function]bool{}, include: map[string]bool{}, summary: true}
	p.layout(m)
	return m.to(screenPrep, supervisionDataCmd(m.store))
}

func (p *prepScreen) hints(m *Model) help.KeyMap {
	k := m.keys
	back := withHelp(k.Back, "esc", "back")
	if p.prep == nil {
		choose := withHelp(k.Submit, "enter", "choose")
		return helpFor{short: []key.Binding{k.Up, k.Down, choose, back, k.Help}, full: [][]key.Binding{{k.Up, k.Down, choose}, {back, k.Lock, k.Quit, k.Help}}}
	}
	if p.noting != "" {
		save := withHelp(k.Submit, "enter", "keep the note")
		return helpFor{short: []key.Binding{save, back}, full: [][]key.Binding{{save, back}, {k.Lock}}}
	}
	export := withHelp(supExportBinding, "x", "export")
	if p.cursor < len(p.prep.Flagged) {
		return helpFor{short: []key.Binding{tickBinding, flagNoteBinding, export, presentBinding, back, k.Help},
			full: [][]key.Binding{{k.Up, k.Down, tickBinding, flagNoteBinding}, {export, presentBinding}, {back, k.Lock, k.Quit, k.Help}}}
	}
	return helpFor{short: []key.Binding{tickBinding, export, presentBinding, back, k.Help},
		full: [][]key.Binding{{k.Up, k.Down, tickBinding}, {export, presentBinding}, {back, k.Lock, k.Quit, k.Help}}}
}

// rows on the prepared view: the flagged entries, then the three
// functions, then whether to add the summary.
func (p *prepScreen) rows() int { return len(p.prep.Flagged) + len(supervision.Functions) + 1 }

func (p *prepScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case supervisionDataMsg:
		if msg.err != nil {
			p.problem = "Your contacts could not be read: " + describe(msg.err)
			return nil
		}
		p.data = &msg.data
		if len(p.data.contacts) == 1 {
			p.choose(m, 0)
		}
		return nil
	case flagNotedMsg:
		if msg.err != nil {
			p.problem = "The note could not be kept: " + describe(msg.err)
			return nil
		}
		p.problem = ""
		for _, fs := range [][]diary.Flag{p.data.flags, p.prep.Flagged} {
			for i := range fs {
				if fs[i].ID == msg.flag.ID {
					fs[i].Note = msg.flag.Note
				}
			}
		}
		return nil
	case tea.KeyPressMsg:
		if p.noting != "" {
			return p.noteKey(m, msg)
		}
		return p.key(m, msg)
	case tea.PasteMsg:
		if p.noting != "" {
			var cmd tea.Cmd
			p.note, cmd = p.note.Update(msg)
			return cmd
		}
	}
	return nil
}

// noteKey edits the note of a flagged entry: enter keeps it, esc leaves
// it as it was.
func (p *prepScreen) noteKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case msg.String() == "enter":
		id, note := p.noting, p.note.Value()
		p.noting = ""
		p.note.Reset()
		return m.to(screenPrep, flagNoteCmd(m.store, id, note))
	case msg.String() == "esc":
		p.noting = ""
		p.note.Reset()
		return nil
	}
	var cmd tea.Cmd
	p.note, cmd = p.note.Update(msg)
	return cmd
}

// newFlagNoteInput is the one line a flag's note is written in, in the
// prep view and in Browse: what the worker wants to talk about, started
// from the note the flag has.
func newFlagNoteInput(width int, note string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "what you want to talk about"
	in.CharLimit = 500
	in.SetWidth(max(width, 10))
	in.SetValue(note)
	in.CursorEnd()
	return in
}

type flagNotedMsg struct {
	flag diary.Flag
	err  error
}

// flagNoteCmd keeps a flagged entry's note: what the worker wants to talk
// about.
func flagNoteCmd(s diaryStore, id, note string) tea.Cmd {
	return safe(func() tea.Msg {
		f, err := s.FlagEntry(id, note)
		return flagNotedMsg{flag: f, err: err}
	})
}

func (p *prepScreen) choose(m *Model, i int) {
	c := p.data.contacts[i]
	p.contact = &c
	prep := supervision.Prepare(c, p.data.ledger, p.data.flags, m.catalog, m.now())
	p.prep = &prep
	for _, f := range prep.Flagged {
		p.include[f.ID] = true
	}
	p.cursor, p.top = 0, 0
}

func (p *prepScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Back):
		if p.prep != nil && len(p.data.contacts) > 1 {
			p.prep, p.contact = nil, nil
			p.include = map[string]bool{}
			return nil
		}
		return m.show(screenToday)
	case p.data == nil:
	case p.prep == nil:
		switch {
		case key.Matches(msg, k.Up):
			p.cursor = max(p.cursor-1, 0)
		case key.Matches(msg, k.Down):
			p.cursor = min(p.cursor+1, len(p.data.contacts)-1)
		case key.Matches(msg, k.Submit) && len(p.data.contacts) > 0:
			p.choose(m, p.cursor)
		}
	case key.Matches(msg, k.Up):
		p.cursor = max(p.cursor-1, 0)
		p.follow(m)
	case key.Matches(msg, k.Down):
		p.down(m)
	case key.Matches(msg, flagNoteBinding) && p.cursor < len(p.prep.Flagged):
		f := p.prep.Flagged[p.cursor]
		p.noting = f.ID
		p.note = newFlagNoteInput(p.width-12, f.Note)
		return p.note.Focus()
	case key.Matches(msg, tickBinding):
		n := len(p.prep.Flagged)
		switch {
		case p.cursor < n:
			id := p.prep.Flagged[p.cursor].ID
			p.include[id] = !p.include[id]
		case p.cursor < n+len(supervision.Functions):
			f := supervision.Functions[p.cursor-n]
			p.needs[f] = !p.needs[f]
		default:
			p.summary = !p.summary
		}
	case key.Matches(msg, supExportBinding), key.Matches(msg, presentBinding):
		ids := p.chosen(m)
		if len(ids) == 0 {
			p.problem = "Tick at least one flagged entry first, or choose entries in Browse (space marks them, x exports)."
			return nil
		}
		p.problem = ""
		if key.Matches(msg, presentBinding) {
			return m.startPresent(ids, screenPrep)
		}
		cmd := m.startExport(ids, screenPrep, p.needs, p.summary)
		return cmd
	}
	return nil
}

// down moves to the next row. Onto the summary's tick it brings the
// summary into view, from its start; on the tick, where there is no row
// further down, it reads on through a summary too long for the screen.
func (p *prepScreen) down(m *Model) {
	last := p.rows() - 1
	switch {
	case p.cursor == last:
		p.top++
	case p.cursor+1 == last:
		p.cursor = last
		p.top = p.arrange(m).summaryAt
	default:
		p.cursor++
	}
	p.follow(m)
}

// follow keeps the cursor's row on screen, and where the list was left
// within reach of the keys: the view draws from p.top as it is now.
func (p *prepScreen) follow(m *Model) { p.top = p.shownTop(p.arrange(m)) }

// chosen is the ticked flagged entries, oldest first.
func (p *prepScreen) chosen(m *Model) []string {
	var ids []string
	for _, f := range p.prep.Flagged {
		if p.include[f.ID] {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

func (p *prepScreen) view(m *Model) string {
	st := m.styles
	w := p.width
	var b strings.Builder
	b.WriteString(st.Title.Render("For supervision") + "\n\n")
	if p.problem != "" {
		b.WriteString(st.Error.Render(wrap("! "+p.problem, w)) + "\n\n")
	}
	switch {
	case p.data == nil:
		b.WriteString(st.Subtle.Render("Reading your contacts…"))
		return b.String()
	case len(p.data.contacts) == 0:
		b.WriteString(wrap("Add your supervisor as a contact first, from a terminal: peerdiary contacts add NAME THEIR-PUBLIC-KEY. Until then you can still flag entries and present them (Browse: space marks, p presents).", w))
		return b.String()
	case p.prep == nil:
		b.WriteString(wrap("Who is the session with?", w) + "\n\n")
		for i, c := range p.data.contacts {
			line := sanitize(c.Name) + "  " + strings.Join(c.Fingerprints(), ", ")
			if i == p.cursor {
				b.WriteString(st.Selected.Render("› "+line) + "\n")
			} else {
				b.WriteString("  " + line + "\n")
			}
		}
		return b.String()
	}
	l := p.arrange(m)
	v, _ := scrolled(st, l.head, l.list, l.pinned, p.height, p.shownTop(l))
	return v
}

// prepLayout is the prepared view in the three parts scrolled draws: the
// head, the list that scrolls (the flagged entries, the functions, the
// summary) and the tick that adds the summary, which always shows, so the
// choice to add it or leave it out is never below the screen.
type prepLayout struct {
	head, list, pinned []string
	// spans is, for each row but the summary's tick, the first and the
	// last line of the list that row needs on screen.
	spans [][2]int
	// summaryAt is the line of the list where the summary starts.
	summaryAt int
}

// arrange lays the prepared view out for the screen's width.
func (p *prepScreen) arrange(m *Model) prepLayout {
	st := m.styles
	w := p.width
	pr := p.prep
	var l prepLayout
	add := func(s string) { l.list = append(l.list, strings.Split(s, "\n")...) }
	row := func(s string) string {
		if len(l.spans) == p.cursor {
			return st.Selected.Render(ansiTruncate("› "+s, w))
		}
		return ansiTruncate("  "+s, w)
	}
	box := func(on bool) string {
		if on {
			return "[x]"
		}
		return "[ ]"
	}
	l.head = []string{st.Title.Render("For supervision"), ""}
	if p.problem != "" {
		l.head = append(l.head, strings.Split(st.Error.Render(wrap("! "+p.problem, w)), "\n")...)
		l.head = append(l.head, "")
	}
	since := "Nothing sent to " + sanitize(p.contact.Name) + " yet: this covers everything so far."
	if pr.Last != nil {
		since = fmt.Sprintf("Since your last export to %s on %s (%s).", sanitize(p.contact.Name),
			pr.Last.At.Local().Format("Monday 2 January"), plural(len(pr.Last.Entries), "entry", "entries"))
	}
	add(wrap(since, w))
	add("")
	add(st.Field.Render("Flagged to talk about"))
	if len(pr.Flagged) == 0 {
		add(st.Subtle.Render(wrap("Nothing flagged since then. Flag an entry with f in Browse or the reader.", w)))
	}
	titles := map[string]diary.Summary{}
	for _, e := range m.catalog {
		titles[e.ID] = e
	}
	for i, f := range pr.Flagged {
		first := len(l.list)
		if i == 0 {
			first = 0 // the first entry brings the lines above it along
		}
		e := titles[f.ID]
		add(row(box(p.include[f.ID]) + " " + e.Created.Local().Format("2 Jan") + "  " + sanitize(e.Title)))
		if p.noting == f.ID {
			add("          " + neutralizeBidi(p.note.View()))
		} else if f.Note != "" {
			add(st.Subtle.Render(ansiTruncate("          "+sanitize(f.Note), w)))
		}
		l.spans = append(l.spans, [2]int{first, len(l.list) - 1})
	}
	add("")
	add(st.Field.Render("What do you need this time?"))
	for i, f := range supervision.Functions {
		first := len(l.list)
		if i == 0 {
			first-- // with its heading
		}
		add(row(box(p.needs[f]) + " " + f.Label()))
		l.spans = append(l.spans, [2]int{first, len(l.list) - 1})
	}
	add("")
	l.summaryAt = len(l.list)
	add(st.Field.Render("Since then"))
	for _, s := range pr.Summary.Lines() {
		// A line too long for the screen goes on indented under itself.
		for i, part := range strings.Split(wrap(s, max(w-4, 1)), "\n") {
			indent := "  "
			if i > 0 {
				indent = "    "
			}
			add(st.Subtle.Render(indent + strings.TrimRight(part, " ")))
		}
	}
	l.pinned = []string{row(box(p.summary) + " Add this summary to the export")}
	return l
}

// shownTop is the first line of the list on screen: where it was left,
// moved as little as it takes to show the cursor's row.
func (p *prepScreen) shownTop(l prepLayout) int {
	room, maxTop := scrollRoom(p.height, len(l.head)+len(l.pinned), len(l.list))
	top := min(max(p.top, 0), maxTop)
	if p.cursor < len(l.spans) {
		span := l.spans[p.cursor]
		if span[1] >= top+room {
			top = span[1] - room + 1
		}
		if span[0] < top {
			top = span[0]
		}
	}
	return top
}
