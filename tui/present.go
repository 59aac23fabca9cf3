package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary/supervision"
)

// Present mode: the chosen entries full screen, one at a time, with names
// taken out, for reading aloud in a supervision meeting. Nothing is
// written and nothing is recorded: nothing leaves the computer.

const screenPresent screenID = "present"

var (
	presentBinding = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "present"))
	nextEntry      = key.NewBinding(key.WithKeys("right", "l", "n"), key.WithHelp("→", "next entry"))
	prevEntry      = key.NewBinding(key.WithKeys("left", "h", "N"), key.WithHelp("←", "previous entry"))
)

type presentScreen struct {
	ids     []string
	from    screenID
	packet  *supervision.Packet
	entry   int
	lines   scroller
	problem string

	width, height int
}

func (p *presentScreen) typing() bool    { return false }
func (p *presentScreen) fullWidth() bool { return true }

// lock forgets the packet.
func (p *presentScreen) lock() { *p = presentScreen{width: p.width, height: p.height} }

func (p *presentScreen) layout(m *Model) {
	p.width, p.height = m.innerWidth(), m.bodyHeight()
	p.relayout(m)
}

// startPresent shows the entries ids redacted, coming from screen from.
func (m *Model) startPresent(ids []string, from screenID) tea.Cmd {
	p := m.screens[screenPresent].(*presentScreen)
	*p = presentScreen{ids: ids, from: from}
	p.layout(m)
	m.current = screenPresent
	req := supervision.Request{Redact: true, Dates: supervision.DatesDay, Now: m.now(), Location: time.Local}
	return m.to(screenPresent, buildPacketCmd(m.store, ids, req))
}

func (p *presentScreen) hints(m *Model) help.KeyMap {
	k := m.keys
	back := withHelp(k.Back, "esc", "back")
	scroll := withHelp(k.Down, "↑/↓", "scroll")
	return helpFor{short: []key.Binding{nextEntry, prevEntry, scroll, back, k.Lock, k.Help},
		full: [][]key.Binding{{nextEntry, prevEntry}, {scroll, k.PageUp, k.PageDn}, {back, k.Lock, k.Quit, k.Help}}}
}

func (p *presentScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case packetMsg:
		if msg.err != nil {
			p.problem = "These entries could not be shown: " + describeExport(msg.err)
			return nil
		}
		p.packet = msg.packet
		p.relayout(m)
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			p.lines.scroll(-3)
		} else {
			p.lines.scroll(3)
		}
	case tea.KeyPressMsg:
		k := m.keys
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit(false)
		case key.Matches(msg, k.Back):
			from := p.from
			p.lock()
			return m.show(from)
		case p.packet == nil:
		case key.Matches(msg, nextEntry):
			p.turn(m, 1)
		case key.Matches(msg, prevEntry):
			p.turn(m, -1)
		case key.Matches(msg, k.Up):
			p.lines.scroll(-1)
		case key.Matches(msg, k.Down):
			p.lines.scroll(1)
		case key.Matches(msg, k.PageUp):
			p.lines.scroll(-p.lines.height)
		case key.Matches(msg, k.PageDn), msg.String() == "space":
			p.lines.scroll(p.lines.height)
		}
	}
	return nil
}

func (p *presentScreen) turn(m *Model, d int) {
	p.entry = max(min(p.entry+d, len(p.packet.Entries)-1), 0)
	p.lines.offset = 0
	p.relayout(m)
}

func (p *presentScreen) relayout(m *Model) {
	if p.packet == nil {
		return
	}
	pv := p.packet.EntryPreview(p.entry)
	// Only the names taken out are marked: this is for reading aloud.
	kept := pv.Marks[:0:0]
	for _, mk := range pv.Marks {
		if mk.Kind == supervision.Replaced {
			kept = append(kept, mk)
		}
	}
	pv.Marks = kept
	p.lines.set(packetLines(pv, min(p.width, readingWidth), m.packetStyles()), p.height-2)
}

func (p *presentScreen) view(m *Model) string {
	st := m.styles
	if p.problem != "" {
		return st.Title.Render("Present") + "\n\n" + st.Error.Render(wrap("! "+p.problem, min(p.width, readingWidth)))
	}
	if p.packet == nil {
		return st.Title.Render("Present") + "\n\n" + st.Subtle.Render("Taking names out…")
	}
	head := st.Title.Render(fmt.Sprintf("Entry %d of %d", p.entry+1, len(p.packet.Entries))) +
		st.Subtle.Render(" · names taken out · nothing is saved or sent")
	if pos := p.lines.position(); pos != "" {
		head += st.Subtle.Render(" · " + pos)
	}
	return ansiTruncate(head, p.width) + "\n" + st.Separator.Render(strings.Repeat("─", min(p.width, readingWidth))) + "\n" + p.lines.view()
}
