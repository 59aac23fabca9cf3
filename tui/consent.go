package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/research"
)

// The consent panel: from Browse or the reader, c shows each study the
// diary joined, whether this entry is shared with it, and exactly what
// that study would receive (de-identified), and shares it or stops sharing
// it. It holds a de-identified copy of the entry, so locking drops it.

var consentBinding = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "share with a study"))

type consentPanel struct {
	open    bool
	entry   diary.Summary
	loading bool
	choices []consentChoice
	listed  int // people on the worker's list when the previews were made
	cursor  int
	err     string
	// noticeFor is the study an entry is being withdrawn from after it was
	// sent: the panel asks where to write the notice.
	noticeFor string
	path      textinput.Model
}

// lock forgets everything, the preview first of all.
func (c *consentPanel) lock() { *c = consentPanel{} }

// typing reports whether the notice's file name has the focus.
func (c *consentPanel) typing() bool { return c.open && c.noticeFor != "" }

// show opens the panel on an entry and asks for its state.
func (c *consentPanel) show(m *Model, from screenID, e diary.Summary) tea.Cmd {
	*c = consentPanel{open: true, entry: e, loading: true}
	return m.to(from, consentStateCmd(m.store, e))
}

// update handles the panel's keys and results. It reports whether it took
// the message.
func (c *consentPanel) update(m *Model, from screenID, msg tea.Msg) (tea.Cmd, bool) {
	if !c.open {
		return nil, false
	}
	switch msg := msg.(type) {
	case consentStateMsg:
		if msg.entry != c.entry.ID {
			return nil, true
		}
		c.loading = false
		c.err = ""
		if msg.err != nil {
			c.err = "Your studies could not be read: " + describe(msg.err)
		}
		c.choices, c.listed = msg.states, msg.listed
		c.cursor = min(c.cursor, max(len(c.choices)-1, 0))
		return nil, true
	case consentChangedMsg:
		if msg.entry != c.entry.ID {
			return nil, true
		}
		switch {
		case msg.err != nil:
			c.err = "Nothing changed: " + describe(msg.err)
			return nil, true
		case msg.shared:
			m.notice = "Shared with " + msg.study + ". Nothing is sent until you export from the Studies screen."
		case msg.notice != "":
			m.notice = "Withdrawn. The notice is in " + msg.notice + ": send it to the research team."
		default:
			m.notice = "No longer shared with " + msg.study + ". It was never sent."
		}
		c.loading = true
		return m.to(from, consentStateCmd(m.store, c.entry)), true
	case tea.PasteMsg:
		if c.noticeFor != "" {
			var cmd tea.Cmd
			c.path, cmd = c.path.Update(msg)
			return cmd, true
		}
		return nil, true
	case tea.KeyPressMsg:
		return c.key(m, from, msg), true
	}
	if c.noticeFor != "" {
		var cmd tea.Cmd
		c.path, cmd = c.path.Update(msg)
		return cmd, true
	}
	return nil, false
}

func (c *consentPanel) key(m *Model, from screenID, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if c.noticeFor != "" {
		switch msg.String() {
		case "esc":
			c.noticeFor = ""
			return nil
		case "enter":
			path := strings.TrimSpace(c.path.Value())
			if path == "" {
				return nil
			}
			study := c.noticeFor
			c.noticeFor = ""
			c.loading = true
			return m.to(from, toggleConsentCmd(m.store, study, c.entry, path, m.now()))
		case "ctrl+c":
			return m.quit(false)
		}
		var cmd tea.Cmd
		c.path, cmd = c.path.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, consentBinding):
		c.lock()
		return nil
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Up):
		c.cursor = max(c.cursor-1, 0)
	case key.Matches(msg, k.Down):
		c.cursor = min(c.cursor+1, max(len(c.choices)-1, 0))
	case key.Matches(msg, k.Select), key.Matches(msg, k.Open):
		if c.loading || c.cursor >= len(c.choices) {
			return nil
		}
		st := c.choices[c.cursor].state
		switch st.State {
		case research.StateNotAsked, research.StateStudyLeft, research.StateWithdrawnSent:
			return nil
		case research.StateSent:
			c.noticeFor = st.Study
			c.path = textinput.New()
			c.path.Prompt = "Notice file: "
			c.path.CharLimit = 4096
			c.path.SetWidth(max(m.screenWidth()-16, 10))
			c.path.SetValue(suggestedPath(st.Study, "withdrawal", m.now()))
			c.path.CursorEnd()
			return c.path.Focus()
		}
		c.loading = true
		return m.to(from, toggleConsentCmd(m.store, st.Study, c.entry, "", m.now()))
	}
	return nil
}

// view draws the panel in w×h cells.
func (c *consentPanel) view(m *Model, w, h int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Share with a study") + "\n")
	switch {
	case c.loading && len(c.choices) == 0:
		b.WriteString(st.Subtle.Render("Reading your studies…") + "\n")
		return b.String()
	case c.err != "" && len(c.choices) == 0:
		b.WriteString(st.Error.Render(wrap(c.err, w)) + "\n")
		return b.String()
	case len(c.choices) == 0:
		b.WriteString(wrap("You haven't joined a study. A research team gives you a card file; join with `peerdiary study join CARD` in a terminal. Nothing is ever shared unless you choose it here.", w) + "\n")
		return b.String()
	}
	for i, ch := range c.choices {
		mark := "[ ]"
		if ch.state.Shared() {
			mark = "[x]"
		}
		line := fmt.Sprintf("%s %s · %s", mark, ch.state.Study, ch.state.State)
		if i == c.cursor {
			b.WriteString(st.Selected.Render(fitLine("› "+line, w)) + "\n")
		} else {
			b.WriteString(fitLine("  "+line, w) + "\n")
		}
	}
	if c.err != "" {
		b.WriteString(st.Error.Render(wrap(c.err, w)) + "\n")
	}
	ch := c.choices[min(c.cursor, len(c.choices)-1)]
	b.WriteString("\n")
	if c.noticeFor != "" {
		b.WriteString(wrap("It was already sent. Withdrawing writes a signed notice, encrypted to the research team, asking them to remove it. "+research.CannotUnsend, w) + "\n\n")
		b.WriteString(neutralizeBidi(c.path.View()) + "\n")
		b.WriteString(st.Subtle.Render("enter writes the notice · esc keeps it shared") + "\n")
		return b.String()
	}
	switch {
	case ch.state.State == research.StateNotAsked:
		b.WriteString(st.Subtle.Render(wrap("Not asked for: "+sanitize(ch.state.Why)+".", w)) + "\n")
		return b.String()
	case ch.state.State == research.StateStudyLeft:
		b.WriteString(st.Subtle.Render(wrap("You withdrew from this study; nothing more is shared with it.", w)) + "\n")
		return b.String()
	case ch.err != nil:
		b.WriteString(st.Error.Render(wrap("The preview could not be made: "+describe(ch.err), w)) + "\n")
		return b.String()
	case ch.preview == nil:
		return b.String()
	}
	what := "What " + ch.state.Study + " would receive"
	if ch.state.State == research.StateSent || ch.state.State == research.StateWithdrawnSent {
		what = "What " + ch.state.Study + " received (as it would be sent now)"
	}
	b.WriteString(st.Field.Render(wrap(what+":", w)) + "\n")
	if c.listed == 0 {
		b.WriteString(st.Badge.Render(wrap("Your people list is empty, so no names are taken out.", w)) + "\n")
	}
	if len(ch.review) > 0 {
		b.WriteString(st.Badge.Render(wrap("Check these: "+sanitize(strings.Join(ch.review, ", "))+". If any is a person, add them to your people list.", w)) + "\n")
	}
	b.WriteString(previewText(m, ch.preview, w))
	return b.String()
}

// previewText draws a de-identified entry as the study would read it.
func previewText(m *Model, e *research.Entry, w int) string {
	st := m.styles
	var b strings.Builder
	meta := []string{e.Pseudonym, e.Date}
	if e.Stage != "" {
		meta = append(meta, "stage "+e.Stage)
	}
	if e.Mood != nil {
		meta = append(meta, fmt.Sprintf("mood %d/5", *e.Mood))
	}
	b.WriteString(st.Subtle.Render(wrap(sanitize(strings.Join(meta, " · ")), w)) + "\n")
	if e.Prompt != nil && e.Prompt.Text != "" {
		b.WriteString(st.Prompt.Render(wrap(sanitize(e.Prompt.Text), w)) + "\n")
	}
	if len(e.Tags) > 0 {
		b.WriteString(st.Tag.Render(wrap(sanitize("#"+strings.Join(e.Tags, " #")), w)) + "\n")
	}
	b.WriteString(wrap(sanitize(research.FullText(e)), w) + "\n")
	return b.String()
}

// fitLine cuts one line to w cells.
func fitLine(s string, w int) string { return fitBlock(s, w, 1) }

// consentHelp is the hint bar while the panel is open.
func (k keyMap) consentHelp(typing bool) helpFor {
	if typing {
		write := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write the notice"))
		back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "keep it shared"))
		return helpFor{short: []key.Binding{write, back}, full: [][]key.Binding{{write, back}}}
	}
	toggle := key.NewBinding(key.WithKeys("space", "enter"), key.WithHelp("space", "share / stop"))
	choose := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", "study"))
	back := key.NewBinding(key.WithKeys("esc", "c"), key.WithHelp("esc", "close"))
	return helpFor{short: []key.Binding{toggle, choose, back, k.Lock, k.Quit},
		full: [][]key.Binding{{toggle, choose, back}, {k.Lock, k.Quit, k.Help}}}
}
