package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// keyMap is every key the interface answers to. Screens show the subset that
// applies to them through the help.KeyMap values below.
type keyMap struct {
	// everywhere
	Lock key.Binding
	Quit key.Binding
	Help key.Binding // "?" where typing is not expected, f1 everywhere

	// unlock and setup
	Submit key.Binding

	// today
	WritePrompt key.Binding
	WriteBlank  key.Binding
	Reflect     key.Binding
	Browse      key.Binding
	Resume      key.Binding
	Discard     key.Binding

	// write
	Save      key.Binding
	Back      key.Binding
	NextField key.Binding
	PrevField key.Binding
	MoodUp    key.Binding
	MoodDown  key.Binding

	// a structured reflection
	NextStep key.Binding
	PrevStep key.Binding

	// browse
	Up      key.Binding
	Down    key.Binding
	PageUp  key.Binding
	PageDn  key.Binding
	Top     key.Binding
	Bottom  key.Binding
	Filter  key.Binding
	Open    key.Binding
	Edit    key.Binding
	Delete  key.Binding
	Select  key.Binding
	Confirm key.Binding
	Cancel  key.Binding
	Today   key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Lock: key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "lock")),
		Quit: key.NewBinding(key.WithKeys("ctrl+c", "q"), key.WithHelp("q", "quit")),
		Help: key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "keys")),

		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue")),

		WritePrompt: key.NewBinding(key.WithKeys("w", "enter"), key.WithHelp("w", "write")),
		WriteBlank:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "blank page")),
		Reflect:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "reflect step by step")),
		Browse:      key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "browse")),
		Resume:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "resume draft")),
		Discard:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "discard draft")),

		Save:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		NextField: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "tags/mood")),
		PrevField: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		MoodUp:    key.NewBinding(key.WithKeys("right", "+", "up"), key.WithHelp("1-5 →", "mood, on the mood field (0 clears)")),
		MoodDown:  key.NewBinding(key.WithKeys("left", "-", "down"), key.WithHelp("←", "lower mood, on the mood field")),

		NextStep: key.NewBinding(key.WithKeys("tab", "ctrl+n"), key.WithHelp("tab", "next step")),
		PrevStep: key.NewBinding(key.WithKeys("shift+tab", "ctrl+p"), key.WithHelp("shift+tab", "previous step")),

		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:  key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDn:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		Bottom:  key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
		Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read")),
		Edit:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Delete:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		Select:  key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "select")),
		Confirm: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		Cancel:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
		Today:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "today")),
	}
}

// helpFor is the key help of one screen: a short line always on screen and
// the full list behind "?".
type helpFor struct {
	short []key.Binding
	full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (h helpFor) ShortHelp() []key.Binding { return h.short }

// FullHelp implements help.KeyMap.
func (h helpFor) FullHelp() [][]key.Binding { return h.full }

var _ help.KeyMap = helpFor{}

// withHelp returns b with a different help text, for screens where the same
// key means something more specific.
func withHelp(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}

func (k keyMap) unlockHelp() helpFor {
	submit := withHelp(k.Submit, "enter", "unlock")
	quit := withHelp(k.Quit, "ctrl+c", "quit")
	return helpFor{
		short: []key.Binding{submit, quit},
		full:  [][]key.Binding{{submit}, {quit}},
	}
}

// setupHelp: the welcome page has nowhere to go back to.
func (k keyMap) setupHelp(canGoBack bool) helpFor {
	quit := withHelp(k.Quit, "ctrl+c", "quit")
	if !canGoBack {
		return helpFor{short: []key.Binding{k.Submit, quit}, full: [][]key.Binding{{k.Submit}, {quit}}}
	}
	back := withHelp(k.Back, "esc", "back")
	return helpFor{
		short: []key.Binding{k.Submit, back, quit},
		full:  [][]key.Binding{{k.Submit, back}, {quit}},
	}
}

func (k keyMap) todayHelp(hasDraft bool) helpFor {
	// The hint bar must fit 80 columns with quit and help in it; the blank
	// page, and with a draft waiting also reflect, insights and lock, are in
	// the full help.
	reflect := withHelp(k.Reflect, "s", "reflect")
	short := []key.Binding{k.WritePrompt, reflect, k.Browse, insightsBinding, k.Lock, k.Quit, k.Help}
	full := [][]key.Binding{{k.WritePrompt, k.WriteBlank, choosePromptBinding, k.Reflect, k.Browse, insightsBinding, studiesBinding, prepBinding}, {supportBinding, settingsBinding}, {k.Lock, k.Quit, k.Help}}
	if hasDraft {
		short = []key.Binding{k.Resume, k.Discard, k.WritePrompt, k.Browse, k.Quit, k.Help}
		full = append([][]key.Binding{{k.Resume, k.Discard}}, full...)
	}
	return helpFor{short: short, full: full}
}

func (k keyMap) writeHelp() helpFor {
	back := withHelp(k.Back, "esc", "done")
	help := withHelp(k.Help, "f1", "keys")
	return helpFor{
		short: []key.Binding{k.Save, k.NextField, back, k.Lock, help},
		full: [][]key.Binding{
			{k.Save, back, k.NextField, k.PrevField},
			{k.MoodUp, k.MoodDown},
			{k.Lock, help},
			{
				key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "delete to line end")),
				key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "delete to line start")),
				key.NewBinding(key.WithKeys("alt+left"), key.WithHelp("alt+←/→", "word left/right")),
				key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "scroll")),
			},
		},
	}
}

// browseHelp: with no rows on screen, nothing to read, edit, delete or
// select is offered.
func (k keyMap) browseHelp(filtering, noRows, filtered, marked bool) helpFor {
	if filtering {
		done := withHelp(k.Submit, "enter", "keep filter")
		clr := withHelp(k.Back, "esc", "clear filter")
		return helpFor{
			short: []key.Binding{done, clr, k.Lock},
			full:  [][]key.Binding{{done, clr}, {k.Lock}},
		}
	}
	back := withHelp(k.Back, "esc", "today")
	if noRows && filtered {
		clr := withHelp(k.Back, "esc", "clear filter")
		return helpFor{
			short: []key.Binding{k.Filter, clr, k.Today, k.Lock, k.Help},
			full:  [][]key.Binding{{k.Filter, clr, k.Today}, {k.Lock, k.Quit, k.Help}},
		}
	}
	if noRows {
		return helpFor{
			short: []key.Binding{back, k.Lock, k.Quit, k.Help},
			full:  [][]key.Binding{{back}, {k.Lock, k.Quit, k.Help}},
		}
	}
	short := []key.Binding{k.Open, k.Filter, k.Edit, k.Delete, k.Select, back, k.Help}
	if marked {
		// Marks are for export and present: say so where they are made.
		short = []key.Binding{k.Select, supExportBinding, presentBinding, k.Open, back, k.Help}
	}
	return helpFor{
		short: short,
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDn, k.Top, k.Bottom},
			{k.Open, k.Edit, k.Delete, k.Select, consentBinding},
			{flagBinding, supExportBinding, presentBinding},
			{k.Filter, back, k.Lock, k.Quit, k.Help},
		},
	}
}

// flagNoteHelp is Browse's key line while it offers a note for the entry
// just flagged.
func (k keyMap) flagNoteHelp() helpFor {
	keep := withHelp(k.Submit, "enter", "keep the note")
	skip := withHelp(k.Back, "esc", "no note")
	return helpFor{short: []key.Binding{keep, skip, k.Lock}, full: [][]key.Binding{{keep, skip}, {k.Lock}}}
}

func (k keyMap) readHelp() helpFor {
	back := withHelp(k.Back, "esc", "back")
	scroll := withHelp(k.Down, "↑/↓", "scroll")
	return helpFor{
		short: []key.Binding{scroll, k.Edit, back, k.Lock, k.Help},
		full:  [][]key.Binding{{scroll, k.PageUp, k.PageDn, k.Top, k.Bottom}, {k.Edit, k.Delete, consentBinding, flagBinding, back}, {k.Lock, k.Quit, k.Help}},
	}
}

func (k keyMap) confirmHelp() helpFor {
	return helpFor{
		short: []key.Binding{k.Confirm, k.Cancel},
		full:  [][]key.Binding{{k.Confirm, k.Cancel}},
	}
}

func (k keyMap) leaveHelp() helpFor {
	save := key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save"))
	discard := key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "discard"))
	keep := key.NewBinding(key.WithKeys("esc", "k"), key.WithHelp("esc/k", "keep writing"))
	return helpFor{short: []key.Binding{save, discard, keep}, full: [][]key.Binding{{save, discard, keep}}}
}

func (k keyMap) reflectHelp() helpFor {
	back := withHelp(k.Back, "esc", "done")
	help := withHelp(k.Help, "f1", "keys")
	next := withHelp(k.NextStep, "ctrl+n", "next step")
	prev := withHelp(k.PrevStep, "ctrl+p", "previous step")
	return helpFor{
		short: []key.Binding{k.Save, withHelp(k.NextStep, "tab", "next"), withHelp(k.PrevStep, "shift+tab", "back"), back, k.Lock, help},
		full: [][]key.Binding{
			{k.Save, back},
			{k.NextStep, k.PrevStep, next, prev},
			{k.Lock, help},
			{
				key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "delete to line end")),
				key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "delete to line start")),
				key.NewBinding(key.WithKeys("alt+left"), key.WithHelp("alt+←/→", "word left/right")),
			},
		},
	}
}

func (k keyMap) chooseHelp() helpFor {
	start := withHelp(k.Open, "enter", "start")
	pick := withHelp(k.Down, "↑/↓", "choose")
	back := withHelp(k.Back, "esc", "back")
	return helpFor{
		short: []key.Binding{start, pick, back, k.Lock, k.Help},
		full:  [][]key.Binding{{pick, start, back}, {k.Lock, k.Quit, k.Help}},
	}
}
