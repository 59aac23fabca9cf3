package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/crypto"
	"peerdiary/diary/research"
)

// The Studies screen: each research study the diary joined, where each
// shared entry stands, what the next export would send (de-identified,
// exactly), writing that export, and withdrawing. Joining is done from a
// terminal (peerdiary study join CARD), where the whole card is printed.

// studiesBinding opens the Studies screen from Today.
var studiesBinding = key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "studies"))

const screenStudies screenID = "studies"

type studiesMode int

const (
	studiesList     studiesMode = iota
	studiesPreview              // what the next export would send
	studiesExport               // asking where to write the bundle
	studiesWithdraw             // asking to withdraw, and where the notice goes
)

type studiesScreen struct {
	loading bool
	err     string
	list    []*research.Participation
	cursor  int
	mode    studiesMode
	plan    *research.Plan // the preview, once made
	scroll  int            // first line of the preview on screen
	path    textinput.Model
}

func (s *studiesScreen) typing() bool {
	return s.mode == studiesExport || s.mode == studiesWithdraw
}

// lock forgets the studies, the preview and any path typed.
func (s *studiesScreen) lock() { *s = studiesScreen{} }

func (s *studiesScreen) open(m *Model) tea.Cmd {
	*s = studiesScreen{loading: true, cursor: s.cursor}
	return m.to(screenStudies, loadStudiesCmd(m.store))
}

func (s *studiesScreen) selected() *research.Participation {
	if s.cursor < 0 || s.cursor >= len(s.list) {
		return nil
	}
	return s.list[s.cursor]
}

func (s *studiesScreen) hints(m *Model) help.KeyMap { return m.keys.studiesHelp(s.mode) }

func (s *studiesScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case studiesMsg:
		s.loading = false
		s.err = ""
		if msg.err != nil {
			s.err = "Your studies could not be read: " + describe(msg.err)
		} else if msg.problems > 0 {
			s.err = fmt.Sprintf("%s could not be read; run `peerdiary verify`.", plural(msg.problems, "study record", "study records"))
		}
		s.list = msg.list
		s.cursor = min(s.cursor, max(len(s.list)-1, 0))
		return nil
	case planMsg:
		s.loading = false
		if msg.err != nil {
			s.mode = studiesList
			m.err = "Nothing to preview: " + describe(msg.err)
			return nil
		}
		s.plan = msg.plan
		s.scroll = 0
		return nil
	case exportedMsg:
		s.loading = false
		if msg.err != nil {
			m.err = "Nothing was written: " + describe(msg.err)
			s.mode = studiesPreview
			return nil
		}
		m.notice = fmt.Sprintf("Wrote %s to %s. Send it to the research team.", plural(msg.entries, "entry", "entries"), msg.path)
		return s.open(m)
	case withdrawnMsg:
		s.loading = false
		if msg.err != nil {
			m.err = "Not withdrawn: " + describe(msg.err)
			s.mode = studiesList
			return nil
		}
		m.notice = "You withdrew from " + msg.study + ". Nothing more will be sent."
		if msg.notice != "" {
			m.notice += " The notice is in " + msg.notice + ": send it to the research team."
		}
		return s.open(m)
	case tea.KeyPressMsg:
		return s.key(m, msg)
	case tea.PasteMsg:
		if s.typing() {
			var cmd tea.Cmd
			s.path, cmd = s.path.Update(msg)
			return cmd
		}
		return nil
	}
	if s.typing() {
		var cmd tea.Cmd
		s.path, cmd = s.path.Update(msg)
		return cmd
	}
	return nil
}

func (s *studiesScreen) askPath(m *Model, mode studiesMode, value string) tea.Cmd {
	s.mode = mode
	s.path = textinput.New()
	s.path.Prompt = "File: "
	s.path.CharLimit = 4096
	s.path.SetWidth(max(m.screenWidth()-8, 10))
	if !m.plain {
		s.path.SetStyles(textinput.DefaultStyles(m.isDark))
	}
	s.path.SetValue(value)
	s.path.CursorEnd()
	return s.path.Focus()
}

func (s *studiesScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if s.typing() {
		switch msg.String() {
		case "esc":
			if s.mode == studiesExport {
				s.mode = studiesPreview
			} else {
				s.mode = studiesList
			}
			return nil
		case "ctrl+c":
			return m.quit(false)
		case "enter":
			path := strings.TrimSpace(s.path.Value())
			p := s.selected()
			if path == "" || p == nil || s.loading {
				return nil
			}
			s.loading = true
			if s.mode == studiesExport && s.plan != nil {
				return m.to(screenStudies, exportCmd(m.store, s.plan, path, m.now()))
			}
			return m.to(screenStudies, withdrawStudyCmd(m.store, p.CardInfo().Study, path, m.now()))
		}
		var cmd tea.Cmd
		s.path, cmd = s.path.Update(msg)
		return cmd
	}
	if s.mode == studiesPreview {
		switch {
		case key.Matches(msg, k.Back):
			s.mode, s.plan = studiesList, nil
		case key.Matches(msg, k.Quit):
			return m.quit(false)
		case key.Matches(msg, k.Up):
			s.scroll = max(s.scroll-1, 0)
		case key.Matches(msg, k.Down):
			s.scroll = min(s.scroll+1, 1<<20)
		case key.Matches(msg, k.PageUp):
			s.scroll = max(s.scroll-m.bodyHeight()/2, 0)
		case key.Matches(msg, k.PageDn):
			s.scroll += m.bodyHeight() / 2
		case key.Matches(msg, exportBinding):
			if s.plan != nil && len(s.plan.Entries) > 0 {
				return s.askPath(m, studiesExport, suggestedPath(s.plan.Participation.CardInfo().Study, "bundle", m.now()))
			}
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Back), key.Matches(msg, k.Today), key.Matches(msg, studiesBinding):
		return m.show(screenToday)
	case key.Matches(msg, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, k.Down):
		s.cursor = min(s.cursor+1, max(len(s.list)-1, 0))
	case key.Matches(msg, previewBinding), key.Matches(msg, exportBinding):
		if p := s.selected(); p != nil && !p.Withdrawn() && !s.loading {
			s.mode, s.plan, s.loading = studiesPreview, nil, true
			return m.to(screenStudies, planCmd(m.store, p.CardInfo().Study))
		}
	case key.Matches(msg, withdrawBinding):
		if p := s.selected(); p != nil && !p.Withdrawn() {
			return s.askPath(m, studiesWithdraw, suggestedPath(p.CardInfo().Study, "withdrawal", m.now()))
		}
	}
	return nil
}

var (
	previewBinding  = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "what would be sent"))
	exportBinding   = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "write the bundle"))
	withdrawBinding = key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "withdraw"))
)

func (s *studiesScreen) view(m *Model) string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("Research studies"))
	if len(s.list) > 0 {
		b.WriteString(st.Subtle.Render(" · " + plural(len(s.list), "study", "studies")))
	}
	b.WriteString("\n")
	if s.err != "" {
		b.WriteString(st.Error.Render(wrap(s.err, w)) + "\n")
	}
	if s.loading && len(s.list) == 0 {
		return b.String() + st.Subtle.Render("Reading your studies…") + "\n"
	}
	if len(s.list) == 0 {
		b.WriteString("\n" + wrap("You haven't joined a research study. Nothing from your diary is shared with anyone unless you choose it.", w) + "\n\n")
		b.WriteString(st.Subtle.Render(wrap("A research team gives you a card file. Read it and join in a terminal with `peerdiary study join CARD`; then share entries one by one with c in Browse.", w)) + "\n")
		return b.String()
	}
	switch s.mode {
	case studiesPreview, studiesExport:
		return b.String() + s.viewPreview(m, w)
	case studiesWithdraw:
		return b.String() + s.viewWithdraw(m, w)
	}
	for i, p := range s.list {
		line := p.CardInfo().Study + " · " + studyState(p)
		if i == s.cursor {
			b.WriteString(st.Selected.Render(fitLine("› "+line, w)) + "\n")
		} else {
			b.WriteString(fitLine("  "+line, w) + "\n")
		}
	}
	b.WriteString(st.Separator.Render(strings.Repeat("─", w)) + "\n")
	b.WriteString(s.viewStudy(m, w))
	return b.String()
}

func studyState(p *research.Participation) string {
	if p.Withdrawn() {
		return "withdrew " + p.WithdrawnAt().Local().Format("2 Jan 2006")
	}
	return "taking part as " + p.ParticipantCode
}

// viewStudy draws the selected study: the card's essentials, counts, and
// each shared entry's state.
func (s *studiesScreen) viewStudy(m *Model, w int) string {
	st := m.styles
	p := s.selected()
	if p == nil {
		return ""
	}
	c := p.CardInfo()
	var b strings.Builder
	b.WriteString(st.Prompt.Render(wrap(sanitize(c.Title), w)) + "\n")
	b.WriteString(wrap(sanitize("Researcher: "+c.Investigator.Name+" · "+c.Investigator.Contact), w) + "\n")
	b.WriteString(wrap(sanitize("Ethics contact (outside the team): "+c.EthicsContact.Name+" · "+c.EthicsContact.Contact), w) + "\n")
	var uses []string
	for _, u := range c.AllowUse {
		uses = append(uses, string(u))
	}
	b.WriteString(st.Subtle.Render(wrap(fmt.Sprintf("Dates kept by %s · may be used for %s", c.Dates, strings.Join(uses, ", ")), w)) + "\n")
	b.WriteString(st.Subtle.Render(fitLine("Card fingerprint "+c.Fingerprint(), w)) + "\n")
	granted, waiting, sent, withdrawn := p.Counts()
	b.WriteString(fmt.Sprintf("Shared %d · sent %d · waiting %d · withdrawn %d\n", granted, sent, waiting, withdrawn))
	if p.Withdrawn() {
		b.WriteString(st.Subtle.Render(wrap("You withdrew; nothing more is sent. "+research.CannotUnsend, w)) + "\n")
	}
	if len(p.Entries) == 0 {
		b.WriteString("\n" + st.Subtle.Render(wrap("Nothing shared yet. In Browse or while reading, c shares an entry and shows exactly what the study would receive.", w)) + "\n")
		return b.String()
	}
	b.WriteString("\n" + st.Field.Render("Entries shared") + "\n")
	for _, ec := range p.Entries {
		when, title := "", "(no longer in the diary)"
		for i := range m.catalog {
			if m.catalog[i].ID == ec.Entry {
				when = m.catalog[i].Created.Local().Format("2006-01-02")
				title = m.catalog[i].Title
			}
		}
		state := "waiting"
		switch {
		case ec.Status() == research.StatusWithdrawn && ec.Sent():
			state = "withdrawn after sending"
		case ec.Status() == research.StatusWithdrawn:
			state = "withdrawn"
		case ec.Sent():
			state = "sent " + ec.SentAt.Local().Format("2 Jan")
		}
		right := " " + ec.Pseudonym + " · " + state
		left := fitLine(when+"  "+sanitize(title), max(w-len([]rune(right)), 8))
		b.WriteString(left + st.Subtle.Render(right) + "\n")
	}
	return b.String()
}

// viewPreview draws what the next export would send, scrolled.
func (s *studiesScreen) viewPreview(m *Model, w int) string {
	st := m.styles
	var b strings.Builder
	if s.plan == nil {
		return st.Subtle.Render("Making the preview…") + "\n"
	}
	pl := s.plan
	c := pl.Participation.CardInfo()
	if len(pl.Entries) == 0 {
		b.WriteString(wrap("Nothing is waiting to be sent to "+c.Study+". Share entries with c in Browse.", w) + "\n")
		return b.String()
	}
	var keys []string
	for _, r := range pl.Recipients {
		keys = append(keys, crypto.Fingerprint(r))
	}
	replaced, review, withheld := pl.PeopleReplaced()
	head := fmt.Sprintf("%s would be sent to %s as participant %s, encrypted to %s. %s replaced, %s withheld, %s to check.",
		plural(len(pl.Entries), "entry", "entries"), c.Study, pl.Participation.ParticipantCode, strings.Join(keys, ", "),
		plural(replaced, "name", "names"), plural(withheld, "tag", "tags"), plural(review, "word", "words"))
	b.WriteString(st.Subtle.Render(wrap(head, w)) + "\n")
	if pl.Listed == 0 {
		b.WriteString(st.Badge.Render(wrap("Your people list is empty, so no names are taken out.", w)) + "\n")
	}
	if s.mode == studiesExport {
		b.WriteString("\n" + wrap("Write the bundle here, then send the file to "+sanitize(c.Investigator.Name)+" ("+sanitize(c.Investigator.Contact)+"):", w) + "\n")
		b.WriteString(neutralizeBidi(s.path.View()) + "\n")
		return b.String()
	}
	var body strings.Builder
	for i, e := range pl.Entries {
		body.WriteString(st.Separator.Render(strings.Repeat("─", w)) + "\n")
		body.WriteString(previewText(m, &e, w))
		if words := pl.Review[i]; len(words) > 0 {
			body.WriteString(st.Badge.Render(wrap("Check these: "+sanitize(strings.Join(words, ", "))+".", w)) + "\n")
		}
	}
	for _, sk := range pl.Skipped {
		body.WriteString(st.Subtle.Render(wrap("Left out: one entry, because "+sanitize(sk.Reason)+".", w)) + "\n")
	}
	lines := strings.Split(strings.TrimRight(body.String(), "\n"), "\n")
	room := max(m.bodyHeight()-strings.Count(b.String(), "\n")-1, 1)
	start := min(s.scroll, max(len(lines)-room, 0))
	end := min(start+room, len(lines))
	b.WriteString(strings.Join(lines[start:end], "\n"))
	return b.String()
}

// viewWithdraw asks to withdraw: as short as consenting, with what it can
// and can't do said plainly.
func (s *studiesScreen) viewWithdraw(m *Model, w int) string {
	st := m.styles
	p := s.selected()
	if p == nil {
		return ""
	}
	c := p.CardInfo()
	var b strings.Builder
	b.WriteString(st.Prompt.Render(wrap("Withdraw from "+c.Study+"?", w)) + "\n\n")
	b.WriteString(wrap("Nothing more will be sent, from now on. You don't need to give a reason. A notice, signed and encrypted to the research team, asks them to remove what they already have.", w) + "\n\n")
	b.WriteString(st.Badge.Render(wrap(research.CannotUnsend, w)) + "\n")
	b.WriteString(st.Subtle.Render(wrap("What the study said withdrawing can't undo: "+sanitize(c.WithdrawLimits), w)) + "\n\n")
	b.WriteString(wrap("The notice goes here; send it to "+sanitize(c.Investigator.Name)+" ("+sanitize(c.Investigator.Contact)+"):", w) + "\n")
	b.WriteString(neutralizeBidi(s.path.View()) + "\n")
	return b.String()
}

// studiesHelp is the hint bar on the Studies screen.
func (k keyMap) studiesHelp(mode studiesMode) helpFor {
	back := withHelp(k.Back, "esc", "back")
	switch mode {
	case studiesPreview:
		scroll := withHelp(k.Down, "↑/↓", "scroll")
		return helpFor{short: []key.Binding{exportBinding, scroll, back, k.Lock, k.Help},
			full: [][]key.Binding{{exportBinding, scroll, k.PageUp, k.PageDn}, {back, k.Lock, k.Quit, k.Help}}}
	case studiesExport, studiesWithdraw:
		what := "write the bundle"
		if mode == studiesWithdraw {
			what = "withdraw"
		}
		enter := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", what))
		esc := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
		return helpFor{short: []key.Binding{enter, esc}, full: [][]key.Binding{{enter, esc}}}
	}
	choose := withHelp(k.Down, "↑/↓", "choose")
	return helpFor{short: []key.Binding{previewBinding, withdrawBinding, choose, back, k.Help},
		full: [][]key.Binding{{choose, previewBinding, exportBinding, withdrawBinding}, {back, k.Lock, k.Quit, k.Help}}}
}
