package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/supervision"
)

// The export flow: the entries chosen in Browse or the prep view go to one
// contact. Choose the contact (its key's fingerprint beside it), read once
// what a supervisor may have to act on (before the first export to them),
// write a note, see exactly what will leave with every replacement and
// every word to check marked, and confirm with a key of its own. Nothing is
// written before that, and the ledger records the export before its file.

const screenExport screenID = "export"

type exportStep int

const (
	stepContact exportStep = iota
	stepNotice
	stepNote
	stepPreview
	stepConfirm
	stepSent
)

// The note step's fields, in tab order.
const (
	fieldNote = iota
	fieldNeeds
	fieldSummary = fieldNeeds + 3
	fieldPath    = fieldSummary + 1
	fieldCount   = fieldPath + 1
)

var (
	supExportBinding   = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "export"))
	sendBinding        = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "send…"))
	formatBinding      = key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "format"))
	armorBinding       = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "text/binary"))
	datesBinding       = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "dates"))
	tickBinding        = key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "tick"))
	notePreviewBinding = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "preview"))
)

type exportScreen struct {
	active bool // startExport set the flow up
	step   exportStep
	ids    []string
	from   screenID // where esc from the first step and enter after sending go

	data     *supervisionData // nil while it loads
	cursor   int              // in data.contacts
	ticked   map[string]bool  // contacts ticked to send to several at once, by name
	contacts []diary.Contact  // who it goes to, one file for all
	first    []string         // those of them nothing was exported to yet

	note    textarea.Model
	needs   map[supervision.Function]bool
	summary bool
	field   int
	path    textinput.Model

	format  supervision.Format
	armored bool
	dates   supervision.Dates

	packet   *supervision.Packet
	building bool
	built    int // the build a packetMsg must match
	lines    scroller
	since    int64 // when the confirm dialog opened
	sending  bool
	sent     *diary.ExportRecord
	problem  string

	width, height int
}

func (e *exportScreen) typing() bool {
	return e.step == stepNote && (e.field == fieldNote || e.field == fieldPath)
}

// lock forgets the entries, the contacts, the note and the packet.
func (e *exportScreen) lock() { *e = exportScreen{width: e.width, height: e.height} }

func (e *exportScreen) fullWidth() bool { return true }

func (e *exportScreen) layout(m *Model) {
	e.width, e.height = m.innerWidth(), m.bodyHeight()
	if !e.active {
		return // nothing chosen yet: the fields are made by startExport
	}
	if e.step == stepNote && !m.plain {
		e.note.SetStyles(textarea.DefaultStyles(m.isDark))
		e.path.SetStyles(textinput.DefaultStyles(m.isDark))
	}
	e.note.SetWidth(max(min(e.width, readingWidth)-2, 10))
	e.path.SetWidth(max(min(e.width, readingWidth)-10, 10))
	e.relayoutPacket(m)
}

// startExport opens the flow for the entries ids, coming from screen from.
// needs and summary carry what the prep view already chose.
func (m *Model) startExport(ids []string, from screenID, needs map[supervision.Function]bool, summary bool) tea.Cmd {
	e := m.screens[screenExport].(*exportScreen)
	*e = exportScreen{active: true, ids: ids, from: from, needs: map[supervision.Function]bool{}, summary: summary,
		format: supervision.Markdown, dates: supervision.DatesDay, ticked: map[string]bool{}}
	for f, on := range needs {
		e.needs[f] = on
	}
	e.note = textarea.New()
	e.note.ShowLineNumbers = false
	e.note.Placeholder = "What you'd like from supervision this time (optional). Names on your list are taken out."
	e.note.CharLimit = 4000
	e.note.SetHeight(4)
	e.note.KeyMap.Paste.SetEnabled(false)
	e.note.KeyMap.CopySelection.SetEnabled(false)
	e.note.KeyMap.SelectAll.SetEnabled(false)
	e.path = textinput.New()
	e.path.Prompt = ""
	e.path.CharLimit = 1024
	e.layout(m)
	m.current = screenExport
	return m.to(screenExport, supervisionDataCmd(m.store))
}

func (e *exportScreen) hints(m *Model) help.KeyMap {
	k := m.keys
	back := withHelp(k.Back, "esc", "back")
	switch e.step {
	case stepContact:
		choose := withHelp(k.Submit, "enter", "choose")
		if e.data != nil && len(e.data.contacts) > 1 {
			several := withHelp(tickBinding, "space", "tick")
			return helpFor{short: []key.Binding{k.Up, k.Down, several, choose, back, k.Help},
				full: [][]key.Binding{{k.Up, k.Down, several, choose}, {back, k.Lock, k.Quit, k.Help}}}
		}
		return helpFor{short: []key.Binding{k.Up, k.Down, choose, back, k.Help},
			full: [][]key.Binding{{k.Up, k.Down, choose}, {back, k.Lock, k.Quit, k.Help}}}
	case stepNotice:
		goOn := withHelp(k.Submit, "enter", "I understand, go on")
		return helpFor{short: []key.Binding{goOn, back}, full: [][]key.Binding{{goOn, back}, {k.Lock, k.Quit}}}
	case stepNote:
		next := withHelp(k.NextField, "tab", "next")
		if e.field == fieldNote {
			// In the note, enter starts a new line; the preview is one
			// tab away.
			newline := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line"))
			return helpFor{short: []key.Binding{next, newline, back},
				full: [][]key.Binding{{next, k.PrevField, newline}, {back, k.Lock}}}
		}
		return helpFor{short: []key.Binding{next, tickBinding, notePreviewBinding, back},
			full: [][]key.Binding{{next, k.PrevField, tickBinding, notePreviewBinding}, {back, k.Lock}}}
	case stepPreview:
		scroll := withHelp(k.Down, "↑/↓", "scroll")
		return helpFor{short: []key.Binding{sendBinding, scroll, formatBinding, armorBinding, datesBinding, back, k.Help},
			full: [][]key.Binding{{scroll, k.PageUp, k.PageDn, k.Top, k.Bottom}, {formatBinding, armorBinding, datesBinding}, {sendBinding, back, k.Lock, k.Quit, k.Help}}}
	case stepConfirm:
		yes := withHelp(k.Confirm, "y", "send it")
		no := withHelp(k.Cancel, "n", "not yet")
		return helpFor{short: []key.Binding{yes, no}, full: [][]key.Binding{{yes, no}}}
	}
	done := withHelp(k.Submit, "enter", "done")
	return helpFor{short: []key.Binding{done, k.Lock, k.Quit}, full: [][]key.Binding{{done}, {k.Lock, k.Quit}}}
}

func (e *exportScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case supervisionDataMsg:
		if msg.err != nil {
			e.problem = "Your contacts could not be read: " + describe(msg.err)
			return nil
		}
		e.data = &msg.data
		return nil
	case builtMsg:
		if msg.n != e.built || e.step != stepPreview {
			return nil // an older build, or the person went back
		}
		return e.onPacket(m, msg.msg)
	case sentMsg:
		return e.onSent(m, msg)
	case tea.KeyPressMsg:
		return e.key(m, msg)
	case tea.PasteMsg:
		return e.paste(msg)
	case tea.MouseWheelMsg:
		if e.step == stepPreview {
			if msg.Button == tea.MouseWheelUp {
				e.lines.scroll(-3)
			} else {
				e.lines.scroll(3)
			}
		}
		return nil
	}
	if e.step == stepNote {
		var cmd tea.Cmd
		if e.field == fieldNote {
			e.note, cmd = e.note.Update(msg)
		} else if e.field == fieldPath {
			e.path, cmd = e.path.Update(msg)
		}
		return cmd
	}
	return nil
}

func (e *exportScreen) paste(msg tea.PasteMsg) tea.Cmd {
	if e.step != stepNote {
		return nil
	}
	var cmd tea.Cmd
	switch e.field {
	case fieldNote:
		e.note, cmd = e.note.Update(msg)
	case fieldPath:
		e.path, cmd = e.path.Update(msg)
	}
	return cmd
}

func (e *exportScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if msg.String() == "ctrl+c" {
		return m.quit(false)
	}
	switch e.step {
	case stepContact:
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit(false)
		case key.Matches(msg, k.Back):
			return m.show(e.from)
		case e.data == nil || len(e.data.contacts) == 0:
		case key.Matches(msg, k.Up):
			e.cursor = max(e.cursor-1, 0)
		case key.Matches(msg, k.Down):
			e.cursor = min(e.cursor+1, len(e.data.contacts)-1)
		case key.Matches(msg, tickBinding):
			name := e.data.contacts[e.cursor].Name
			e.ticked[name] = !e.ticked[name]
			e.problem = ""
		case key.Matches(msg, k.Submit):
			return e.chooseContacts(m)
		}
	case stepNotice:
		switch {
		case key.Matches(msg, k.Back):
			e.step = stepContact
		case key.Matches(msg, k.Submit):
			return e.toNote()
		}
	case stepNote:
		return e.noteKey(m, msg)
	case stepPreview:
		return e.previewKey(m, msg)
	case stepConfirm:
		if m.now().UnixNano()-e.since < int64(dialogGrace) {
			return nil
		}
		switch {
		case key.Matches(msg, k.Confirm):
			e.step = stepPreview
			e.sending = true
			m.busy = "Encrypting and saving the export…"
			return tea.Batch(m.spinner.Tick, m.to(screenExport, sendCmd(m.store, e.packet, e.format, e.contacts, e.armored, strings.TrimSpace(e.path.Value()))))
		case key.Matches(msg, k.Cancel):
			e.step = stepPreview
		}
	case stepSent:
		if key.Matches(msg, k.Submit) || key.Matches(msg, k.Back) {
			m.browse().marked = map[string]bool{}
			from := e.from
			e.lock()
			return m.show(from)
		}
		if key.Matches(msg, k.Quit) {
			return m.quit(false)
		}
	}
	return nil
}

// chooseContacts takes the ticked contacts, or the one under the cursor if
// none is ticked. Contacts whose keys can't share one file are refused here,
// before anything is written, with the way forward.
func (e *exportScreen) chooseContacts(m *Model) tea.Cmd {
	var cs []diary.Contact
	for _, c := range e.data.contacts {
		if e.ticked[c.Name] {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		cs = []diary.Contact{e.data.contacts[e.cursor]}
	}
	if _, err := diary.RecipientsOf(cs); err != nil {
		e.problem = describe(err)
		return nil
	}
	e.problem = ""
	e.contacts = cs
	e.first = nil
	for _, c := range cs {
		if e.data.lastExport(c) == nil {
			e.first = append(e.first, c.Name)
		}
	}
	e.path.SetValue(exportPath(m.exportDir(), m.now(), e.pathName(), e.format, e.armored))
	e.path.CursorEnd()
	if len(e.first) > 0 {
		e.step = stepNotice
		return nil
	}
	return e.toNote()
}

// names is who the export goes to, in words: "Jo", "Jo and Sam".
func (e *exportScreen) names() string {
	ns := make([]string, len(e.contacts))
	for i, c := range e.contacts {
		ns[i] = sanitize(c.Name)
	}
	return diary.JoinNames(ns)
}

// pathName is the contacts' names for the file name offered.
func (e *exportScreen) pathName() string {
	ns := make([]string, len(e.contacts))
	for i, c := range e.contacts {
		ns[i] = c.Name
	}
	return strings.Join(ns, " ")
}

// keys is each contact's name with its keys' fingerprints.
func (e *exportScreen) keys(kinds bool) []string {
	out := make([]string, len(e.contacts))
	for i, c := range e.contacts {
		out[i] = sanitize(c.Name) + " · "
		if kinds {
			out[i] += strings.Join(c.Kinds(), ", ") + " "
		}
		out[i] += strings.Join(c.Fingerprints(), ", ")
	}
	return out
}

func (e *exportScreen) toNote() tea.Cmd {
	e.step = stepNote
	e.field = fieldNote
	e.path.Blur()
	return e.note.Focus()
}

func (e *exportScreen) noteKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		e.step = stepContact
		if len(e.first) > 0 {
			e.step = stepNotice
		}
		e.note.Blur()
		e.path.Blur()
		return nil
	case key.Matches(msg, k.NextField), key.Matches(msg, k.PrevField):
		d := 1
		if key.Matches(msg, k.PrevField) {
			d = fieldCount - 1
		}
		return e.focus((e.field + d) % fieldCount)
	case e.field == fieldNote:
		var cmd tea.Cmd
		e.note, cmd = e.note.Update(msg)
		return cmd
	case msg.String() == "enter":
		return e.build(m)
	case e.field == fieldPath:
		var cmd tea.Cmd
		e.path, cmd = e.path.Update(msg)
		return cmd
	case key.Matches(msg, k.Up):
		return e.focus(e.field - 1)
	case key.Matches(msg, k.Down):
		return e.focus(e.field + 1)
	case key.Matches(msg, tickBinding):
		if e.field == fieldSummary {
			e.summary = !e.summary
		} else if f := e.field - fieldNeeds; f >= 0 && f < len(supervision.Functions) {
			fn := supervision.Functions[f]
			e.needs[fn] = !e.needs[fn]
		}
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	}
	return nil
}

func (e *exportScreen) focus(f int) tea.Cmd {
	e.field = max(min(f, fieldCount-1), 0)
	e.note.Blur()
	e.path.Blur()
	switch e.field {
	case fieldNote:
		return e.note.Focus()
	case fieldPath:
		return e.path.Focus()
	}
	return nil
}

// build asks for the packet with the choices made so far.
func (e *exportScreen) build(m *Model) tea.Cmd {
	if strings.TrimSpace(e.path.Value()) == "" {
		e.problem = "Say where to save the export: the last field."
		return e.focus(fieldPath)
	}
	e.problem = ""
	req := supervision.Request{Redact: true, Dates: e.dates, Note: e.note.Value(), Now: m.now(), Location: time.Local}
	for _, f := range supervision.Functions {
		if e.needs[f] {
			req.Needs = append(req.Needs, f)
		}
	}
	if e.summary && e.data != nil && len(e.contacts) > 0 {
		p := supervision.PrepareAll(e.contacts, e.data.ledger, e.data.flags, m.catalog, m.now())
		req.Summary = &p.Summary
	}
	e.note.Blur()
	e.path.Blur()
	e.step = stepPreview
	e.building = true
	e.built++
	e.packet = nil
	return m.to(screenExport, tagBuild(e.built, buildPacketCmd(m.store, e.ids, req)))
}

// builtMsg is a packet with the number of the build that asked for it, so
// a packet built before the dates were changed is not shown.
type builtMsg struct {
	n   int
	msg packetMsg
}

func tagBuild(n int, cmd tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		msg := cmd()
		if pm, ok := msg.(packetMsg); ok {
			return builtMsg{n: n, msg: pm}
		}
		return msg // a panic, reported as such
	}
}

func (e *exportScreen) onPacket(m *Model, msg packetMsg) tea.Cmd {
	e.building = false
	if msg.err != nil {
		e.step = stepNote
		e.problem = "The export could not be made: " + describeExport(msg.err)
		return e.focus(fieldNote)
	}
	e.packet = msg.packet
	e.relayoutPacket(m)
	return nil
}

func (e *exportScreen) relayoutPacket(m *Model) {
	if e.packet == nil {
		return
	}
	e.lines.set(packetLines(e.packet.Preview(), min(e.width, readingWidth), m.packetStyles()), e.height-len(e.previewHeader(m)))
}

func (e *exportScreen) previewKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Back):
		return e.toNote()
	case e.packet == nil || e.sending:
	case key.Matches(msg, sendBinding):
		e.step = stepConfirm
		e.since = m.now().UnixNano()
	case key.Matches(msg, formatBinding):
		e.format = map[supervision.Format]supervision.Format{
			supervision.Markdown: supervision.HTML, supervision.HTML: supervision.JSON, supervision.JSON: supervision.Markdown,
		}[e.format]
		e.renamePath(m)
	case key.Matches(msg, armorBinding):
		e.armored = !e.armored
		e.renamePath(m)
	case key.Matches(msg, datesBinding):
		if e.dates == supervision.DatesDay {
			e.dates = supervision.DatesExact
		} else {
			e.dates = supervision.DatesDay
		}
		return e.build(m)
	case key.Matches(msg, k.Up):
		e.lines.scroll(-1)
	case key.Matches(msg, k.Down):
		e.lines.scroll(1)
	case key.Matches(msg, k.PageUp):
		e.lines.scroll(-e.lines.height)
	case key.Matches(msg, k.PageDn), msg.String() == "space":
		e.lines.scroll(e.lines.height)
	case key.Matches(msg, k.Top):
		e.lines.scroll(-len(e.lines.lines))
	case key.Matches(msg, k.Bottom):
		e.lines.scroll(len(e.lines.lines))
	}
	return nil
}

// renamePath keeps the offered file name's ending in step with the format,
// unless the person typed a name of their own.
func (e *exportScreen) renamePath(m *Model) {
	if len(e.contacts) == 0 {
		return
	}
	for _, f := range []supervision.Format{supervision.Markdown, supervision.HTML, supervision.JSON} {
		for _, a := range []bool{false, true} {
			if e.path.Value() == exportPath(m.exportDir(), m.now(), e.pathName(), f, a) {
				e.path.SetValue(exportPath(m.exportDir(), m.now(), e.pathName(), e.format, e.armored))
				return
			}
		}
	}
}

func (e *exportScreen) onSent(m *Model, msg sentMsg) tea.Cmd {
	m.busy = ""
	e.sending = false
	if msg.err != nil {
		e.step = stepPreview
		e.problem = "Nothing was sent: " + describeExport(msg.err)
		return nil
	}
	rec := msg.record
	e.sent = &rec
	e.step = stepSent
	e.packet = nil // what left is in the file; the screen keeps no copy
	e.lines = scroller{}
	e.note.Reset()
	return nil
}

// describeExport says why an export failed, in words: the diary's table of
// words, and what to do here when the file is there already.
func describeExport(err error) string {
	if errIsExist(err) {
		return "a file with that name is there already; choose another name (esc, then the last field)."
	}
	return describe(err)
}
