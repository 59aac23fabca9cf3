package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Settings: the worker's people and their organisation's resources (and
// what of them may show on the lock screen), their stage in the role, how
// soon the diary locks, its colours, whether insights count days in a row,
// and whether the prompts kept for hard days may come as the prompt of the
// day. Every change is saved at once, encrypted, by a command.

const screenSettings screenID = "settings"

// settingsBinding opens Settings from Today and from the support screen.
var settingsBinding = key.NewBinding(key.WithKeys(",", "e"), key.WithHelp(",", "settings"))

// The rows of the settings screen.
const (
	settingsPeople = iota
	settingsResources
	settingsStage
	settingsIdle
	settingsTheme
	settingsStreak
	settingsSituational
	settingsMouse
	settingsRows
)

type settingsMode int

const (
	modeRows      settingsMode = iota
	modePeople                 // the list of people
	modePerson                 // adding or editing one
	modeResources              // the resources packs
	modePackPath               // typing where a pack file is
)

// Person form fields.
const (
	personName = iota
	personContact
	personNote
	personLocked
	personFields
)

type settingsScreen struct {
	mode    settingsMode
	row     int // the row under the cursor in modeRows
	item    int // the person or resource under the cursor
	from    screenID
	confirm string // "" or what a y would remove (a person's name, a pack's name)

	// the person form
	inputs   [personFields - 1]textinput.Model
	locked   bool
	field    int
	editing  string // the name of the person being edited, or "" to add
	pathIn   textinput.Model
	saving   bool
	lastSave string // a word on what was saved, for the status line
}

func newSettingsScreen() *settingsScreen {
	s := &settingsScreen{}
	for i, ph := range []string{"a first name or initials are enough", "how to reach them (optional)", "when they're around, who they are (optional)"} {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = ph
		in.CharLimit = diary.MaxSupportField
		s.inputs[i] = in
	}
	s.pathIn = textinput.New()
	s.pathIn.Prompt = "> "
	s.pathIn.Placeholder = "~/Downloads/resources.toml"
	s.pathIn.CharLimit = 4096
	return s
}

func (s *settingsScreen) layout(m *Model) {
	for i := range s.inputs {
		if !m.plain {
			s.inputs[i].SetStyles(textinput.DefaultStyles(m.isDark))
		}
		s.inputs[i].SetWidth(max(m.textWidth()-14, 10))
	}
	if !m.plain {
		s.pathIn.SetStyles(textinput.DefaultStyles(m.isDark))
	}
	s.pathIn.SetWidth(max(m.textWidth()-4, 10))
}

func (s *settingsScreen) typing() bool { return s.mode == modePerson || s.mode == modePackPath }

// lock forgets the form: names and contacts are diary text.
func (s *settingsScreen) lock() {
	for i := range s.inputs {
		s.inputs[i].Reset()
	}
	s.pathIn.Reset()
	s.mode, s.row, s.item, s.confirm, s.editing, s.saving, s.lastSave = modeRows, 0, 0, "", "", false, ""
}

// openSettings shows Settings at a row; with list, the list of people or
// of resources under it opens at once.
func (m *Model) openSettings(row int, list bool) tea.Cmd {
	s := m.screens[screenSettings].(*settingsScreen)
	if m.current != screenSettings {
		// Back, on esc, to the screen it was opened from, writing
		// included, as it was.
		s.from = m.current
		if s.from == screenSupport {
			s.from = m.screens[screenSupport].(*supportScreen).from
		}
	}
	s.mode, s.row, s.item, s.confirm = modeRows, row, 0, ""
	switch {
	case list && row == settingsPeople:
		s.mode = modePeople
	case list && row == settingsResources:
		s.mode = modeResources
	}
	m.current = screenSettings
	m.err = ""
	return nil
}

func (s *settingsScreen) hints(m *Model) help.KeyMap {
	k := m.keys
	back := withHelp(k.Back, "esc", "back")
	var short []key.Binding
	switch {
	case s.confirm != "":
		return k.confirmHelp()
	case s.mode == modeRows:
		short = []key.Binding{withHelp(k.Down, "↑/↓", "choose"), key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "change")),
			withHelp(k.Open, "enter", "open"), back, k.Lock}
	case s.mode == modePeople:
		short = []key.Binding{settingsAdd, withHelp(k.Open, "enter", "edit"), settingsLockToggle, withHelp(k.Delete, "d", "remove"), back}
	case s.mode == modePerson:
		short = []key.Binding{withHelp(k.NextField, "tab", "next"), withHelp(k.Submit, "enter", "save"), withHelp(k.Back, "esc", "cancel")}
	case s.mode == modeResources:
		short = []key.Binding{withHelp(settingsAdd, "a", "add a pack"), settingsLockToggle, withHelp(k.Delete, "d", "remove pack"), back}
	case s.mode == modePackPath:
		short = []key.Binding{withHelp(k.Submit, "enter", "add"), withHelp(k.Back, "esc", "cancel")}
	}
	return helpFor{short: short, full: [][]key.Binding{short}}
}

var (
	settingsAdd        = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add"))
	settingsLockToggle = key.NewBinding(key.WithKeys("l", "space"), key.WithHelp("l", "lock screen on/off"))
)

// settingsSavedMsg: the settings were saved (err nil) as settings.
type settingsSavedMsg struct {
	settings *diary.Settings
	what     string
	err      error
}

// resourcesSavedMsg: the resources packs changed; packs is them now.
type resourcesSavedMsg struct {
	packs []*prompts.ResourcesPack
	what  string
	err   error
}

func (s *settingsScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.key(m, msg)
	case tea.PasteMsg:
		return s.updateInput(msg)
	case settingsSavedMsg:
		s.saving = false
		if msg.err != nil {
			m.err = "Settings could not be saved: " + describe(msg.err)
			return nil
		}
		m.settings = msg.settings
		m.afterSettings()
		m.notice = msg.what
		return nil
	case resourcesSavedMsg:
		s.saving = false
		if msg.err != nil {
			m.err = firstLine(sanitize(describe(msg.err)))
			return nil
		}
		m.resources = msg.packs
		m.rememberLockedReach()
		m.notice = msg.what
		if s.mode == modePackPath {
			s.pathIn.Reset()
			s.mode = modeResources
		}
		s.item = min(s.item, max(len(m.allResources())-1, 0))
		return nil
	}
	return s.updateInput(msg)
}

func (s *settingsScreen) updateInput(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch s.mode {
	case modePerson:
		if s.field < len(s.inputs) {
			s.inputs[s.field], cmd = s.inputs[s.field].Update(msg)
		}
	case modePackPath:
		s.pathIn, cmd = s.pathIn.Update(msg)
	}
	return cmd
}

// afterSettings applies settings that change how the diary looks or locks,
// and what the lock screen may show.
func (m *Model) afterSettings() {
	if m.settings != nil {
		m.idleAfter = m.settings.IdleLock()
		m.theme = m.settings.Theme
		m.rotation.settings = m.settings
	}
	m.rememberLockedReach()
	m.applyTheme()
}

func (s *settingsScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if msg.String() == "ctrl+c" {
		return m.quit(false)
	}
	if s.saving || m.settings == nil {
		return nil
	}
	if s.confirm != "" {
		what := s.confirm
		if key.Matches(msg, k.Confirm) {
			s.confirm = ""
			return s.remove(m, what)
		}
		if key.Matches(msg, k.Cancel) {
			s.confirm = ""
		}
		return nil
	}
	switch s.mode {
	case modePerson:
		return s.personKey(m, msg)
	case modePackPath:
		switch {
		case key.Matches(msg, k.Back):
			s.pathIn.Reset()
			s.mode = modeResources
			return nil
		case msg.String() == "enter":
			path := strings.TrimSpace(s.pathIn.Value())
			if path == "" {
				m.err = "Type where the pack file is, then press enter."
				return nil
			}
			s.saving = true
			return m.to(screenSettings, addResourcesCmd(m.store, path))
		}
		return s.updateInput(msg)
	case modePeople:
		return s.peopleKey(m, msg)
	case modeResources:
		return s.resourcesKey(m, msg)
	}
	switch {
	case key.Matches(msg, k.Back), msg.String() == "q":
		m.current = s.from
		if s.from == "" {
			m.current = screenToday
		}
		// A reflection under Settings lists whoever was just added.
		if w := m.write(); w.active && w.refl.on() && offersSupports(*w.refl.tmpl) {
			w.refl.supports, w.refl.crisis = reachLines(m.reach())
			w.layout(m)
		}
		return nil
	case key.Matches(msg, k.Up):
		s.row = max(s.row-1, 0)
	case key.Matches(msg, k.Down):
		s.row = min(s.row+1, settingsRows-1)
	case msg.String() == "enter" && s.row == settingsPeople:
		s.mode, s.item = modePeople, 0
	case msg.String() == "enter" && s.row == settingsResources:
		s.mode, s.item = modeResources, 0
	case msg.String() == "right", msg.String() == "l", msg.String() == "enter", msg.String() == "space":
		return s.change(m, +1)
	case msg.String() == "left", msg.String() == "h":
		return s.change(m, -1)
	}
	return nil
}

// change moves the value of the row under the cursor one step and saves.
func (s *settingsScreen) change(m *Model, dir int) tea.Cmd {
	st := m.settings.Clone()
	var what string
	switch s.row {
	case settingsStage:
		cur := st.StageAt(m.now())
		i := slices.Index(diary.Stages, cur)
		switch {
		case i < 0 && dir > 0:
			i = 0
		case i < 0:
			i = len(diary.Stages) - 1
		default:
			i = (i + dir + len(diary.Stages)) % len(diary.Stages)
		}
		c, err := diary.NewStageChange(diary.Stages[i], "", m.now())
		if err != nil {
			m.err = describe(err)
			return nil
		}
		st.RecordStage(c)
		what = "Stage: " + stageWords[c.Stage] + "."
	case settingsIdle:
		n := int(st.IdleLock().Minutes()) + dir
		st.IdleLockMinutes = min(max(n, 1), 30)
		what = fmt.Sprintf("The diary locks after %s without a key press.", plural(st.IdleLockMinutes, "minute", "minutes"))
	case settingsTheme:
		themes := []string{"", "dark", "light"}
		i := (slices.Index(themes, st.Theme) + dir + len(themes)) % len(themes)
		st.Theme = themes[i]
		what = "Colours: " + themeWords[st.Theme] + "."
	case settingsStreak:
		st.HideStreak = !st.HideStreak
		what = "Insights " + map[bool]string{false: "count", true: "no longer count"}[st.HideStreak] + " days written in a row."
	case settingsSituational:
		st.OfferSituational = !st.OfferSituational
		what = "Prompts for hard days " + map[bool]string{false: "come after a hard shift, or when you ask.", true: "may also come as the prompt of the day."}[st.OfferSituational]
	case settingsMouse:
		st.Mouse = !st.Mouse
		what = map[bool]string{
			false: "The mouse is left to the terminal again.",
			true:  "The diary takes the mouse now. To select text, hold shift.",
		}[st.Mouse]
	default:
		return nil
	}
	s.saving = true
	return m.to(screenSettings, saveSettingsCmd(m.store, st, what))
}

var stageWords = map[diary.Stage]string{
	"":                 "not set",
	diary.StageInto:    "settling into the role",
	diary.StageThrough: "finding your way through it",
	diary.StageBeyond:  "looking beyond it",
}

var themeWords = map[string]string{"": "match the terminal", "dark": "dark", "light": "light"}

func (s *settingsScreen) peopleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	people := m.settings.Supports
	switch {
	case key.Matches(msg, k.Back), msg.String() == "q":
		s.mode = modeRows
		s.row = settingsPeople
	case key.Matches(msg, k.Up):
		s.item = max(s.item-1, 0)
	case key.Matches(msg, k.Down):
		s.item = min(s.item+1, max(len(people)-1, 0))
	case key.Matches(msg, settingsAdd):
		return s.openPerson(diary.Support{})
	case len(people) > 0 && (msg.String() == "enter" || msg.String() == "e"):
		return s.openPerson(people[s.item])
	case len(people) > 0 && key.Matches(msg, settingsLockToggle):
		st := m.settings.Clone()
		p := people[s.item]
		st.SupportShownWhenLocked(p.Name, !p.ShowWhenLocked)
		s.saving = true
		what := sanitize(p.Name) + map[bool]string{true: " shows on the lock screen.", false: " no longer shows on the lock screen."}[!p.ShowWhenLocked]
		return m.to(screenSettings, saveSettingsCmd(m.store, st, what))
	case len(people) > 0 && key.Matches(msg, k.Delete):
		s.confirm = "person:" + people[s.item].Name
	}
	return nil
}

func (s *settingsScreen) openPerson(p diary.Support) tea.Cmd {
	s.mode = modePerson
	s.editing = p.Name
	s.inputs[personName].SetValue(p.Name)
	s.inputs[personContact].SetValue(p.Contact)
	s.inputs[personNote].SetValue(p.Note)
	s.locked = p.ShowWhenLocked
	s.field = personName
	return s.focusField()
}

func (s *settingsScreen) focusField() tea.Cmd {
	for i := range s.inputs {
		s.inputs[i].Blur()
	}
	if s.field < len(s.inputs) {
		return s.inputs[s.field].Focus()
	}
	return nil
}

func (s *settingsScreen) personKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		s.mode = modePeople
		return nil
	case msg.String() == "tab", msg.String() == "down":
		s.field = (s.field + 1) % personFields
		return s.focusField()
	case msg.String() == "shift+tab", msg.String() == "up":
		s.field = (s.field + personFields - 1) % personFields
		return s.focusField()
	case s.field == personLocked && (msg.String() == "space" || msg.String() == "x"):
		s.locked = !s.locked
		return nil
	case msg.String() == "enter":
		p := diary.Support{
			Name: s.inputs[personName].Value(), Contact: s.inputs[personContact].Value(),
			Note: s.inputs[personNote].Value(), ShowWhenLocked: s.locked,
		}
		st := m.settings.Clone()
		if s.editing != "" && !strings.EqualFold(strings.TrimSpace(s.editing), strings.TrimSpace(p.Name)) {
			st.RemoveSupport(s.editing)
		}
		if err := st.PutSupport(p); err != nil {
			m.err = capitalise(err.Error()) + "."
			return nil
		}
		m.err = ""
		s.mode = modePeople
		s.saving = true
		for i := range s.inputs {
			s.inputs[i].Reset()
		}
		return m.to(screenSettings, saveSettingsCmd(m.store, st, sanitize(strings.TrimSpace(p.Name))+" is on your list."))
	}
	return s.updateInput(msg)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// resourceRow is one resource with the pack it is in.
type resourceRow struct {
	pack *prompts.ResourcesPack
	res  prompts.Resource
}

func (m *Model) allResources() []resourceRow {
	var out []resourceRow
	for _, p := range m.resources {
		for _, r := range p.Resources {
			out = append(out, resourceRow{p, r})
		}
	}
	return out
}

func (s *settingsScreen) resourcesKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	rows := m.allResources()
	switch {
	case key.Matches(msg, k.Back), msg.String() == "q":
		s.mode = modeRows
		s.row = settingsResources
	case key.Matches(msg, k.Up):
		s.item = max(s.item-1, 0)
	case key.Matches(msg, k.Down):
		s.item = min(s.item+1, max(len(rows)-1, 0))
	case key.Matches(msg, settingsAdd):
		s.mode = modePackPath
		return s.pathIn.Focus()
	case len(rows) > 0 && key.Matches(msg, settingsLockToggle):
		r := rows[min(s.item, len(rows)-1)]
		s.saving = true
		what := sanitize(r.res.Name) + map[bool]string{true: " shows on the lock screen.", false: " no longer shows on the lock screen."}[!r.res.ShowWhenLocked]
		return m.to(screenSettings, setResourceLockedCmd(m.store, r.res.Name, !r.res.ShowWhenLocked, what))
	case len(rows) > 0 && key.Matches(msg, k.Delete):
		s.confirm = "pack:" + rows[min(s.item, len(rows)-1)].pack.Name
	}
	return nil
}

// remove does what the worker confirmed: take a person off the list, or a
// resources pack out of the diary.
func (s *settingsScreen) remove(m *Model, what string) tea.Cmd {
	kind, name, _ := strings.Cut(what, ":")
	s.saving = true
	if kind == "person" {
		st := m.settings.Clone()
		st.RemoveSupport(name)
		s.item = max(min(s.item, len(st.Supports)-1), 0)
		return m.to(screenSettings, saveSettingsCmd(m.store, st, sanitize(name)+" is off your list."))
	}
	return m.to(screenSettings, removeResourcesCmd(m.store, name))
}
