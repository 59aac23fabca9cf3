package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// The shift-end check-in: sixty seconds, a mood from 1 to 5, one word for
// the shift, and whether something happened. After a hard shift (a mood of
// 1 or 2, or something happened) it offers, gently, the debrief, a gentler
// prompt and everyone within reach, and says the prompt will check back in
// a day or two. Nothing has to be done.

const screenCheckIn screenID = "checkin"

var checkInBinding = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "check in"))

// anotherBinding asks Today for another prompt.
var anotherBinding = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "another prompt"))

const (
	checkInMood = iota
	checkInWord
	checkInHappened
	checkInFields
)

type checkInScreen struct {
	mood     int
	word     textinput.Model
	happened bool
	field    int
	saving   bool
	// after is the check-in once saved, if the shift was hard: the screen
	// then shows what is offered.
	after *diary.CheckIn
}

func newCheckInScreen() *checkInScreen {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "one word, if you like"
	in.CharLimit = diary.MaxCheckInWord
	return &checkInScreen{word: in}
}

func (c *checkInScreen) layout(m *Model) {
	if !m.plain {
		c.word.SetStyles(textinput.DefaultStyles(m.isDark))
	}
	c.word.SetWidth(max(min(m.textWidth()-28, diary.MaxCheckInWord+2), 10))
}

func (c *checkInScreen) typing() bool { return c.after == nil && c.field == checkInWord }

// lock forgets the check-in being made: the word is the worker's own.
func (c *checkInScreen) lock() {
	c.word.Reset()
	c.mood, c.happened, c.field, c.saving, c.after = 0, false, checkInMood, false, nil
}

// open starts a new check-in.
func (c *checkInScreen) open(m *Model) tea.Cmd {
	c.lock()
	c.word.Blur()
	return nil
}

func (c *checkInScreen) hints(m *Model) help.KeyMap {
	k := m.keys
	if c.after != nil {
		debrief := key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "debrief"))
		write := key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "gentler prompt"))
		done := withHelp(k.Back, "esc", "today")
		short := []key.Binding{debrief, write, choosePromptBinding, supportBinding, done}
		return helpFor{short: short, full: [][]key.Binding{short}}
	}
	mood := key.NewBinding(key.WithKeys("1"), key.WithHelp("1-5", "mood"))
	short := []key.Binding{mood, withHelp(k.NextField, "tab", "next"), withHelp(k.Submit, "enter", "save"), withHelp(k.Back, "esc", "back")}
	return helpFor{short: short, full: [][]key.Binding{short, {k.Lock}}}
}

// checkInSavedMsg: the check-in is stored; after a hard shift, choice is
// the gentler prompt now offered for today, with the rotation's offers and
// the check-ins as they are now.
type checkInSavedMsg struct {
	checkIn  diary.CheckIn
	checkIns []diary.CheckIn
	another  *anotherMsg
	err      error
}

func (c *checkInScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return c.key(m, msg)
	case checkInSavedMsg:
		c.saving = false
		if msg.err != nil {
			m.err = "The check-in could not be saved: " + describe(msg.err)
			return nil
		}
		m.checkIns = msg.checkIns
		m.syncPromptCheckIns()
		if msg.another != nil {
			m.onAnother(*msg.another)
		}
		if !msg.checkIn.Hard() {
			m.notice = "Checked in. Thank you."
			return m.show(screenToday)
		}
		ci := msg.checkIn
		c.after = &ci
		c.word.Reset()
		return nil
	}
	if c.field == checkInWord && c.after == nil {
		var cmd tea.Cmd
		c.word, cmd = c.word.Update(msg)
		return cmd
	}
	return nil
}

func (c *checkInScreen) focus(f int) tea.Cmd {
	c.field = f
	if f == checkInWord {
		return c.word.Focus()
	}
	c.word.Blur()
	return nil
}

func (c *checkInScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if msg.String() == "ctrl+c" {
		return m.quit(false)
	}
	if c.saving {
		return nil
	}
	if c.after != nil {
		switch msg.String() {
		case "d":
			c.after = nil
			if t, ok := m.library().Template("debrief"); ok {
				return m.startReflection(t, nil, "")
			}
		case "w":
			c.after = nil
			return m.startWriting(m.todayRef(m.catalog), nil, "")
		case "p":
			// esc there comes back here, as it is.
			return m.openPrompts(screenCheckIn)
		case "esc", "enter", "q", "t":
			c.after = nil
			return m.show(screenToday)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return m.show(screenToday)
	case msg.String() == "tab":
		return c.focus((c.field + 1) % checkInFields)
	case msg.String() == "shift+tab":
		return c.focus((c.field + checkInFields - 1) % checkInFields)
	case msg.String() == "enter":
		if c.mood == 0 {
			m.err = "Choose how you are first: 1 (very low) to 5 (very good)."
			return c.focus(checkInMood)
		}
		ci := diary.CheckIn{At: m.now(), Mood: c.mood, Word: strings.TrimSpace(c.word.Value()), Happened: c.happened}
		if err := ci.Validate(); err != nil {
			m.err = capitalise(err.Error()) + "."
			return nil
		}
		m.err = ""
		c.saving = true
		return m.to(screenCheckIn, saveCheckInCmd(m.store, ci, m.rotationNow()))
	}
	switch c.field {
	case checkInMood:
		switch s := msg.String(); {
		case len(s) == 1 && s[0] >= '1' && s[0] <= '5':
			c.mood = int(s[0] - '0')
		case s == "right" || s == "l" || s == "+":
			c.mood = min(max(c.mood, 0)+1, 5)
		case s == "left" || s == "h" || s == "-":
			c.mood = max(c.mood-1, 1)
		case s == "down":
			return c.focus(checkInWord)
		}
		m.err = ""
		return nil
	case checkInHappened:
		switch msg.String() {
		case "space", "x", "y":
			c.happened = !c.happened
		case "up":
			return c.focus(checkInWord)
		}
		return nil
	}
	switch msg.String() {
	case "up":
		return c.focus(checkInMood)
	case "down":
		return c.focus(checkInHappened)
	}
	var cmd tea.Cmd
	c.word, cmd = c.word.Update(msg)
	return cmd
}

func (c *checkInScreen) view(m *Model) string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("Check in") + st.Subtle.Render(" · "+m.now().Format("Mon 2 Jan 15:04")) + "\n\n")
	if c.after != nil {
		return b.String() + c.viewAfter(m, w)
	}
	b.WriteString(wrap("A minute at the end of a shift. It stays in the diary, encrypted; it is not an entry.", w) + "\n\n")

	label := func(f int, s string) string {
		if c.field == f {
			return st.Focused.Render(s)
		}
		return st.Field.Render(s)
	}
	b.WriteString(label(checkInMood, "How are you, right now?") + "\n")
	var moods []string
	for n := 1; n <= 5; n++ {
		item := fmt.Sprintf("%d %s", n, diary.MoodWords[n])
		if n == c.mood {
			item = st.Selected.Render("[" + item + "]")
		} else {
			item = " " + item + " "
		}
		moods = append(moods, item)
	}
	b.WriteString(wrap(strings.Join(moods, " "), w) + "\n\n")
	b.WriteString(label(checkInWord, "One word for the shift") + "\n")
	b.WriteString(c.word.View() + "\n\n")
	box := "[ ]"
	if c.happened {
		box = "[x]"
	}
	b.WriteString(label(checkInHappened, box+" Something happened") + st.Subtle.Render("  (space)") + "\n")
	b.WriteString(st.Subtle.Render(wrap("An overdose, a death, a fight, anything that shook you.", w)) + "\n")
	return b.String()
}

func (c *checkInScreen) viewAfter(m *Model, w int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString(wrap("Thank you for checking in. That sounds like a hard shift. Go gently tonight: nothing here has to be done now.", w) + "\n\n")
	b.WriteString(st.Field.Render("If it would help") + "\n")
	item := func(k, text string) string {
		return "  " + k + strings.ReplaceAll(wrap(text, w-5), "\n", "\n     ") + "\n"
	}
	b.WriteString(item("d  ", "the debrief, a step at a time; any step can be skipped"))
	if p, _, ok := m.rotation.Today(m.now(), m.catalog); ok {
		b.WriteString(item("w  ", "a gentler prompt: "+sanitize(p.Text)))
	}
	b.WriteString(item("p  ", "another prompt of your choosing, such as one for grief or for after an emergency"))
	b.WriteString(item("f2 ", "who you can turn to") + "\n")
	b.WriteString(st.Subtle.Render(wrap("In a day or two, Today will check back on how you are. You can pass over it with a.", w)) + "\n")
	return b.String()
}

// rotation is what a command needs to choose another prompt.
type rotationNow struct {
	lib      *prompts.Library
	seed     uint64
	offers   []prompts.Offer
	day      prompts.Day
	checkIns []diary.CheckIn
}

// rotationNow captures the prompt of the day's inputs as they are now, for
// a command (values, not the model).
func (m *Model) rotationNow() rotationNow {
	r := rotationNow{lib: m.library(), checkIns: m.checkIns,
		day: prompts.Day{History: m.catalog, Settings: m.settings, CheckIns: m.checkIns, Now: m.now()}}
	r.seed, r.offers = m.rotation.seed, m.rotation.offers
	return r
}

// checkInStore is a store that keeps check-ins; *diary.Store is one.
type checkInStore interface {
	CheckIns() ([]diary.CheckIn, error)
	AddCheckIn(c diary.CheckIn) error
	MarkFollowedUp(at, when time.Time) error
}

func saveCheckInCmd(s diaryStore, ci diary.CheckIn, r rotationNow) tea.Cmd {
	return safe(func() tea.Msg {
		cs, ok := s.(checkInStore)
		if !ok {
			return checkInSavedMsg{err: fmt.Errorf("this diary cannot keep check-ins")}
		}
		if err := cs.AddCheckIn(ci); err != nil {
			return checkInSavedMsg{err: err}
		}
		list, err := cs.CheckIns()
		if err != nil {
			return checkInSavedMsg{err: err}
		}
		msg := checkInSavedMsg{checkIn: ci, checkIns: list}
		if ci.Hard() {
			r.checkIns, r.day.CheckIns = list, list
			a := another(s, r)
			msg.another = &a
		}
		return msg
	})
}

// anotherMsg: another prompt was chosen and remembered for today.
type anotherMsg struct {
	offers   []prompts.Offer
	checkIns []diary.CheckIn
	err      error
}

func anotherCmd(s diaryStore, r rotationNow) tea.Cmd {
	return safe(func() tea.Msg { return another(s, r) })
}

// another is prompts.AnotherToday on the diary, or, for a store without
// records, the same choice kept in memory for the session.
func another(s diaryStore, r rotationNow) anotherMsg {
	if ps, ok := s.(prompts.CheckInStore); ok {
		_, st, err := prompts.AnotherToday(ps, r.lib, r.day)
		if err != nil {
			return anotherMsg{err: err}
		}
		list, err := ps.CheckIns()
		if err != nil {
			return anotherMsg{err: err}
		}
		return anotherMsg{offers: st.Offers, checkIns: list}
	}
	in := prompts.RotationInput{Library: r.lib, History: r.day.History, Offers: r.offers, Settings: r.day.Settings,
		CheckIns: r.checkIns, Now: r.day.Now, Seed: r.seed}
	if cur, err := prompts.PromptOfTheDay(in); err == nil && !cur.FollowUp.IsZero() {
		if cs, ok := s.(checkInStore); ok {
			if err := cs.MarkFollowedUp(cur.FollowUp, r.day.Now); err != nil {
				return anotherMsg{err: err}
			}
			if list, err := cs.CheckIns(); err == nil {
				in.CheckIns, r.checkIns = list, list
			}
		}
	}
	c, err := prompts.AnotherPrompt(in)
	if err != nil {
		return anotherMsg{err: err}
	}
	offers := append(append([]prompts.Offer(nil), r.offers...), prompts.Offer{Day: c.Day, ID: c.Prompt.ID, Reason: c.Reason, FollowUp: c.FollowUp})
	return anotherMsg{offers: offers, checkIns: r.checkIns}
}

// onAnother takes the new offers in: today's prompt is the last of them.
func (m *Model) onAnother(msg anotherMsg) {
	if msg.err != nil {
		m.err = "Another prompt could not be chosen: " + describe(msg.err)
		return
	}
	m.checkIns = msg.checkIns
	m.rotation.offers = msg.offers
	m.syncPromptCheckIns()
}

// syncPromptCheckIns hands the check-ins to the prompt of the day.
func (m *Model) syncPromptCheckIns() {
	m.rotation.checkIns = m.checkIns
}
