package tui

import (
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// screen is what fills the terminal.
type screen int

const (
	screenSetup screen = iota
	screenUnlock
	screenToday
	screenWrite
	screenBrowse
	screenRead
	screenInsights
	screenReflect // the chooser of reflection templates
)

var screenNames = map[screen]string{
	screenSetup:    "setup",
	screenUnlock:   "unlock",
	screenToday:    "today",
	screenWrite:    "write",
	screenBrowse:   "browse",
	screenRead:     "read",
	screenInsights: "insights",
	screenReflect:  "reflect",
}

func (s screen) String() string { return screenNames[s] }

// Timings. The idle check runs often enough that the lock comes within a
// few seconds of the timeout.
const (
	idleCheckEvery = 5 * time.Second
	autosaveEvery  = 3 * time.Second
	previewDelay   = 90 * time.Millisecond
	// dialogGrace is how long a new dialog ignores keys, so typing meant
	// for the screen underneath cannot answer it.
	dialogGrace = 250 * time.Millisecond
)

// deps is what a Model is built from.
type deps struct {
	store    diaryStore // nil on first run until the diary is created
	create   createFunc
	dir      string
	now      func() time.Time
	prompts  promptSource
	plain    bool // NO_COLOR
	demo     bool
	demoPass []byte // demo only: unlock without typing
}

// Model is the root of the interface. It alone returns a tea.View; screens
// render strings. Update routes messages to screens and applies results of
// commands; it never reads or writes files or keys itself.
type Model struct {
	deps
	width, height int
	isDark        bool
	styles        styles
	keys          keyMap
	help          help.Model
	spinner       spinner.Model

	screen   screen
	showHelp bool
	busy     string // what is running, shown with the spinner; "" for nothing
	notice   string
	err      string

	setup  setupModel
	unlock unlockModel
	write  writeModel
	browse browseModel
	read   readModel
	choose chooserModel

	// Decrypted state, dropped on lock.
	catalog  []diary.Summary
	problems int
	drafts   []diary.Draft // drafts offered back, newest first
	renders  map[renderKey]string
	settings *diary.Settings
	// pendingDraft is unsaved writing held only until its encrypted draft is
	// on disk (lock, quit); if that save fails it is restored on unlock.
	pendingDraft *diary.Draft
	resumeDraft  string // the draft to reopen straight after unlock
	resumeStep   int    // 1 + the reflection step on screen at the lock, or 0

	unlocked bool
	lastKey  time.Time
	closing  bool // quitting: let tea.QuitMsg through
	failed   bool // a command panicked; Run reports it

	autosaveGen int
	idleAfter   time.Duration // the idle-lock timeout, kept through a lock
	quitArmed   bool          // a draft save on quit failed; the next quit goes anyway
}

// newModel builds the root model. With no store it starts the first-run
// setup; with one it asks for the passphrase.
func newModel(d deps) Model {
	if d.now == nil {
		d.now = time.Now
	}
	if d.prompts == nil {
		d.prompts = newLibraryPrompts(d.dir)
	}
	m := Model{
		deps:    d,
		isDark:  true,
		keys:    defaultKeyMap(),
		help:    help.New(),
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		renders: map[renderKey]string{},
		width:   80,
		height:  24,
	}
	m.restyle()
	m.lastKey = m.now()
	m.setup = newSetupModel()
	m.unlock = newUnlockModel()
	m.browse = newBrowseModel()
	// Focus now, not only in Init, so the first key typed lands in the field.
	m.setup.focus()
	m.unlock.focus()
	switch {
	case d.demo && d.store == nil:
		m.screen = screenSetup
		m.busy = "Making a demo diary with sample entries…"
	case d.store == nil:
		m.screen = screenSetup
	default:
		m.screen = screenUnlock
	}
	return m
}

// Screen names the screen showing, for tests and the smoke script.
func (m Model) Screen() string { return m.screen.String() }

func (m *Model) restyle() {
	m.styles = newStyles(m.isDark, m.plain)
	m.help.Styles = helpStyles(m.isDark, m.plain)
	m.spinner.Style = m.styles.Working
	m.write.restyle(m.isDark, m.plain)
	m.unlock.restyle(m.isDark, m.plain)
	m.setup.restyle(m.isDark, m.plain)
	m.browse.restyle(m.isDark, m.plain)
}

// Init asks for the background colour (the answer may never come: dark is
// the default), starts the idle-lock clock and focuses the first field.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, idleTick(idleCheckEvery)}
	switch {
	case m.demo && m.store == nil:
		cmds = append(cmds, demoCmd(m.dir, m.now), m.spinner.Tick)
	case m.screen == screenSetup:
		cmds = append(cmds, m.setup.focus())
	case m.screen == screenUnlock:
		cmds = append(cmds, m.unlock.focus())
	}
	return tea.Batch(cmds...)
}

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.onResize(msg)
	case tea.BackgroundColorMsg:
		return m.onBackground(msg)
	case spinner.TickMsg:
		return m.onSpinnerTick(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		return m.handlePaste(msg)
	case tea.MouseWheelMsg:
		return m.handleWheel(msg)
	case idleCheckMsg:
		return m.checkIdle()
	case autosaveTickMsg:
		return m.autosave(msg)
	case shutdownMsg:
		return m.quit(true)
	case panicMsg:
		return m.onPanic()
	case createdMsg:
		return m.onCreated(msg)
	case demoReadyMsg:
		return m.onDemoReady(msg)
	case unlockedMsg:
		return m.onUnlocked(msg)
	case loadedMsg:
		return m.onLoaded(msg)
	case savedMsg:
		return m.onSaved(msg)
	case draftSavedMsg:
		return m.onDraftSaved(msg)
	case draftDeletedMsg:
		return m.onDraftDeleted(msg)
	case entryMsg:
		return m.onEntry(msg)
	case deletedMsg:
		return m.onDeleted(msg)
	case renderedMsg:
		return m.onRendered(msg)
	case previewDueMsg:
		return m.onPreviewDue(msg)
	case promptRotationMsg:
		m.onPromptRotation(msg)
		return nil
	case lockedMsg:
		return nil
	}
	// Anything else (cursor blinks) belongs to the focused field.
	return m.forwardToFocused(msg)
}

// isPlainEnv reports NO_COLOR, read once before the program starts.
func isPlainEnv() bool { return os.Getenv("NO_COLOR") != "" }
