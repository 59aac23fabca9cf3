package tui

import (
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

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
	plain    bool // NO_COLOR
	demo     bool
	demoPass []byte    // demo only: unlock without typing
	newEntry *NewEntry // open the editor on it once the diary opens
}

// Model is the root of the interface. It alone returns a tea.View; screens
// (see screen.go) render strings. Update takes what concerns every screen
// (the size, the keys that work everywhere, locking, drafts, the results
// of unlocking and loading) and routes the rest to the screen showing; it
// never reads or writes files or keys itself. The Model is also the state
// the screens share, passed to each of their calls. The screens are
// pointers, so a copy of a Model shares them: carry on with the Model that
// Update returns.
type Model struct {
	deps
	width, height int
	isDark        bool
	styles        styles
	keys          keyMap
	help          help.Model
	spinner       spinner.Model

	screens  map[screenID]screen // every screen, built once
	current  screenID            // the one showing
	showHelp bool
	busy     string // what is running, shown with the spinner; "" for nothing
	notice   string
	err      string

	// Decrypted state shared by the screens, dropped on lock.
	catalog []diary.Summary
	// textReady is true once the catalog's texts are in memory (see
	// loadTextCmd), so a search of them does no I/O in Update; catalogGen
	// tells a late textReadyMsg from the catalog it was for.
	textReady  bool
	catalogGen int
	problems   int
	drafts     []diary.Draft // drafts offered back, newest first
	renders    map[renderKey]string
	widths     *widths // the lines of the last frames, measured
	settings   *diary.Settings
	rotation   rotation // the prompt of the day
	// resources are the organisation's resources packs.
	resources []*prompts.ResourcesPack
	checkIns  []diary.CheckIn // shift-end check-ins, oldest first
	// pendingDraft is unsaved writing held only until its encrypted draft is
	// on disk (lock, quit); if that save fails it is restored on unlock.
	pendingDraft *diary.Draft
	resumeDraft  string   // the draft to reopen straight after unlock
	resumeAt     writePos // where in it the writing was at the lock

	// lockedReach is what the worker marked as safe to show on the lock
	// screen, from the last unlock; the support key shows it while the
	// diary is locked. It is kept through a lock on purpose, in memory only.
	lockedReach prompts.Reach
	// bgDark is the terminal's background as it answered; theme, the
	// worker's choice ("" to follow the terminal), kept through a lock.
	bgDark bool
	theme  string

	unlocked bool
	lockGen  int // bumped on every lock; see Model.to
	lastKey  time.Time
	closing  bool // quitting: let tea.QuitMsg through
	failed   bool // a command panicked; Run reports it

	autosaveGen int
	idleAfter   time.Duration // the idle-lock timeout, kept through a lock
	refreshing  bool          // a refresh of the catalog is running
	entriesSeen folderStamp   // the entries folder when the catalog was read
	quitArmed   bool          // a draft save on quit failed; the next quit goes anyway
}

// newModel builds the root model. With no store it starts the first-run
// setup; with one it asks for the passphrase.
func newModel(d deps) Model {
	if d.now == nil {
		d.now = time.Now
	}
	m := Model{
		deps:     d,
		rotation: newRotation(d.dir),
		isDark:   true,
		bgDark:   true,
		keys:     defaultKeyMap(),
		help:     help.New(),
		spinner:  spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		renders:  map[renderKey]string{},
		widths:   &widths{},
		screens:  map[screenID]screen{},
		width:    80,
		height:   24,
	}
	for _, s := range screens {
		m.screens[s.id] = s.make()
	}
	m.lastKey = m.now()
	m.current = screenUnlock
	if d.store == nil {
		m.current = screenSetup
	}
	if d.demo && d.store == nil {
		m.busy = "Making a demo diary with sample entries…"
	}
	m.restyle()
	// Focus now, not only in Init, so the first key typed lands in the field.
	m.show(m.current)
	return m
}

// Screen names the screen showing, for tests and the smoke script.
func (m Model) Screen() string { return string(m.current) }

// restyle takes the colours for the background (dark or light, or none)
// and lays every screen out again.
func (m *Model) restyle() {
	m.styles = newStyles(m.isDark, m.plain)
	m.help.Styles = helpStyles(m.isDark, m.plain)
	m.spinner.Style = m.styles.Working
	m.help.SetWidth(m.innerWidth())
	m.layoutScreens()
}

// Init asks for the background colour (the answer may never come: dark is
// the default), starts the idle-lock clock and focuses the first field.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, idleTick(idleCheckEvery)}
	if m.demo && m.store == nil {
		cmds = append(cmds, demoCmd(m.dir, m.now), m.spinner.Tick)
	} else {
		cmds = append(cmds, m.show(m.current))
	}
	return tea.Batch(cmds...)
}

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	if _, isKey := msg.(tea.KeyPressMsg); isKey || m.current != screenSupport {
		return m.dispatch(msg)
	}
	// The support screen stays until the worker leaves it: what arrives
	// meanwhile (the diary unlocked, a save done) changes the screen it
	// goes back to. A lock still lands on the lock screen.
	wasUnlocked := m.unlocked
	cmd := m.dispatch(msg)
	if m.current != screenSupport && !(wasUnlocked && !m.unlocked) {
		m.screens[screenSupport].(*supportScreen).from = m.current
		m.current = screenSupport
	}
	return cmd
}

func (m *Model) dispatch(msg tea.Msg) tea.Cmd {
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
	case refreshedMsg:
		return m.onRefreshed(msg)
	case textReadyMsg:
		return m.onTextReady(msg)
	case draftSavedMsg:
		return m.onDraftSaved(msg)
	case draftDeletedMsg:
		return m.onDraftDeleted(msg)
	case newEntryMsg:
		return m.onNewEntryPrompt(msg)
	case renderedMsg:
		return m.onRendered(msg)
	case routedMsg:
		return m.onRouted(msg)
	case promptRotationMsg:
		m.onPromptRotation(msg)
		return nil
	case lockedMsg:
		return nil
	}
	// Anything else (cursor blinks) belongs to the screen showing.
	return m.showing().update(m, msg)
}

// isPlainEnv reports NO_COLOR, read once before the program starts.
func isPlainEnv() bool { return os.Getenv("NO_COLOR") != "" }
