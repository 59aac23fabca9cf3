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
	p.cursor = 0
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
	case key.Matches(msg, k.Down):
		p.cursor = min(p.cursor+1, p.rows()-1)
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
	pr := p.prep
	row := 0
	line := func(s string) {
		if row == p.cursor {
			b.WriteString(st.Selected.Render(ansiTruncate("› "+s, w)) + "\n")
		} else {
			b.WriteString(ansiTruncate("  "+s, w) + "\n")
		}
		row++
	}
	box := func(on bool) string {
		if on {
			return "[x]"
		}
		return "[ ]"
	}
	since := "Nothing sent to " + sanitize(p.contact.Name) + " yet: this covers everything so far."
	if pr.Last != nil {
		since = fmt.Sprintf("Since your last export to %s on %s (%s).", sanitize(p.contact.Name),
			pr.Last.At.Local().Format("Monday 2 January"), plural(len(pr.Last.Entries), "entry", "entries"))
	}
	b.WriteString(wrap(since, w) + "\n\n")
	b.WriteString(st.Field.Render("Flagged to talk about") + "\n")
	if len(pr.Flagged) == 0 {
		b.WriteString(st.Subtle.Render(wrap("Nothing flagged since then. Flag an entry with f in Browse or the reader.", w)) + "\n")
	}
	titles := map[string]diary.Summary{}
	for _, e := range m.catalog {
		titles[e.ID] = e
	}
	for _, f := range pr.Flagged {
		e := titles[f.ID]
		line(box(p.include[f.ID]) + " " + e.Created.Local().Format("2 Jan") + "  " + sanitize(e.Title))
		if p.noting == f.ID {
			b.WriteString("          " + neutralizeBidi(p.note.View()) + "\n")
		} else if f.Note != "" {
			b.WriteString(st.Subtle.Render(ansiTruncate("          "+sanitize(f.Note), w)) + "\n")
		}
	}
	b.WriteString("\n" + st.Field.Render("What do you need this time?") + "\n")
	for _, f := range supervision.Functions {
		line(box(p.needs[f]) + " " + f.Label())
	}
	b.WriteString("\n" + st.Field.Render("Since then") + "\n")
	for _, l := range pr.Summary.Lines() {
		b.WriteString(st.Subtle.Render(wrap("  "+l, w)) + "\n")
	}
	line(box(p.summary) + " Add this summary to the export")
	return b.String()
}
