package tui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/crypto"
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

// The smallest terminal peerdiary draws in; below it, a message says so.
const (
	minWidth  = 40
	minHeight = 10
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

// ed3 homes the cursor, clears the screen and erases the scrollback (ED 3),
// so nothing the diary showed can be scrolled back to.
const ed3 = "\x1b[H\x1b[2J\x1b[3J"

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
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		if m.read.entry != nil {
			m.read.header = m.readHeader(m.read.entry)
			m.read.setSize(m.textWidth(), m.bodyHeight())
		}
		if m.unlocked {
			return m.refreshRenders() // Markdown is laid out for a width
		}
		return nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.restyle()
		m.renders = map[renderKey]string{}
		return m.refreshRenders()
	case spinner.TickMsg:
		if m.busy == "" && !m.write.saving {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
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
		m.failed = true
		return m.quit(true)
	case createdMsg:
		return m.onCreated(msg)
	case demoReadyMsg:
		m.demoPass = msg.passphrase
		return m.onCreated(createdMsg{store: msg.store, err: msg.err})
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

func (m *Model) forwardToFocused(msg tea.Msg) tea.Cmd {
	switch m.screen {
	case screenSetup:
		return m.setup.updateInput(msg)
	case screenUnlock:
		return m.unlock.updateInput(msg)
	case screenWrite:
		return m.write.updateFocused(msg)
	case screenBrowse:
		if m.browse.filtering {
			var cmd tea.Cmd
			m.browse.filter, cmd = m.browse.filter.Update(msg)
			return cmd
		}
	}
	return nil
}

// handleKey resets the idle clock, applies the keys that work everywhere
// (lock, help), then routes to the screen.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m.lastKey = m.now()
	m.notice = ""
	if msg.String() == "ctrl+l" && m.unlocked {
		return m.lockNow()
	}
	if m.closing {
		return nil
	}
	if m.tooSmall() {
		if msg.String() == "ctrl+c" {
			return m.quit(false)
		}
		return nil
	}
	if m.showHelp {
		m.showHelp = false
		m.help.ShowAll = false
		return nil
	}
	if m.busy != "" {
		if msg.String() == "ctrl+c" {
			return m.quit(false)
		}
		return nil
	}
	if msg.String() == "f1" || (msg.String() == "?" && !m.typing()) {
		m.showHelp = true
		m.help.ShowAll = true
		return nil
	}
	if msg.String() != "ctrl+c" {
		m.quitArmed = false
	}
	switch m.screen {
	case screenSetup:
		return m.setupKey(msg)
	case screenUnlock:
		return m.unlockKey(msg)
	case screenToday:
		return m.todayKey(msg)
	case screenWrite:
		return m.writeKey(msg)
	case screenBrowse:
		return m.browseKey(msg)
	case screenRead:
		return m.readKey(msg)
	case screenInsights:
		return m.insightsKey(msg)
	case screenReflect:
		return m.chooseKey(msg)
	}
	return nil
}

// typing reports whether "?" is text for a field rather than a request
// for help.
func (m *Model) typing() bool {
	switch m.screen {
	case screenSetup, screenUnlock, screenWrite:
		return true
	case screenBrowse:
		return m.browse.filtering
	}
	return false
}

func (m *Model) handlePaste(msg tea.PasteMsg) tea.Cmd {
	m.lastKey = m.now()
	if m.busy != "" || m.closing || m.showHelp {
		return nil
	}
	switch m.screen {
	case screenWrite:
		return m.writePaste(msg)
	case screenSetup:
		return m.setup.updateInput(msg)
	case screenUnlock:
		return m.unlock.updateInput(msg)
	case screenBrowse:
		if m.browse.filtering {
			return m.browseFilterInput(msg)
		}
	}
	return nil
}

func (m *Model) handleWheel(msg tea.MouseWheelMsg) tea.Cmd {
	if m.showHelp || m.busy != "" {
		return nil
	}
	up := msg.Button == tea.MouseWheelUp
	switch m.screen {
	case screenBrowse:
		if up {
			return m.browseMove(-3)
		}
		return m.browseMove(3)
	case screenRead:
		if up {
			m.read.vp.ScrollUp(3)
		} else {
			m.read.vp.ScrollDown(3)
		}
	case screenWrite:
		var cmd tea.Cmd
		cmd = m.write.ed.Update(msg)
		return cmd
	}
	return nil
}

// checkIdle locks the diary when no key has been pressed for the timeout.
// It runs on every screen and under every dialog.
func (m *Model) checkIdle() tea.Cmd {
	next := idleTick(idleCheckEvery)
	if !m.unlocked || m.closing {
		return next
	}
	if m.now().Sub(m.lastKey) >= m.idleTimeout() {
		return tea.Batch(next, m.lockNow())
	}
	return next
}

func (m *Model) idleTimeout() time.Duration {
	if m.settings != nil {
		return m.settings.IdleLock()
	}
	if m.idleAfter > 0 {
		return m.idleAfter
	}
	return diary.DefaultIdleLockMinutes * time.Minute
}

// lockNow saves unsaved writing as an encrypted draft, drops every piece of
// decrypted text from the model, asks the store to forget its key, and
// clears the terminal, scrollback included.
func (m *Model) lockNow() tea.Cmd {
	var cmds []tea.Cmd
	if d, ok := m.unsavedDraft(); ok {
		m.pendingDraft = &d
		m.resumeDraft = d.Name
		if m.write.refl.on() {
			m.resumeStep = m.write.refl.step + 1
		}
		cmds = append(cmds, saveDraftCmd(m.store, d, m.write.gen, afterLock, true))
	}
	m.dropPlaintext()
	m.unlocked = false
	m.screen = screenUnlock
	m.showHelp = false
	m.help.ShowAll = false
	m.busy = ""
	m.err = ""
	m.notice = "Locked. Your writing is safe."
	cmds = append(cmds, lockCmd(m.store), tea.Sequence(tea.Raw(ed3), tea.ClearScreen), m.unlock.focus())
	return tea.Batch(cmds...)
}

// dropPlaintext forgets everything decrypted: catalog, previews, the
// reader, the editor, the filter.
func (m *Model) dropPlaintext() {
	m.idleAfter = m.idleTimeout()
	m.settings = nil // it names the worker's supports
	m.catalog = nil
	m.problems = 0
	m.drafts = nil
	m.renders = map[renderKey]string{}
	m.read = readModel{}
	m.write = writeModel{}
	m.choose = chooserModel{}
	m.browse.reset()
	m.forgetPromptRotation()
	m.restyle()
}

// unsavedDraft is the editor's writing as a draft, if there is writing that
// is not yet safely on disk.
func (m *Model) unsavedDraft() (diary.Draft, bool) {
	if m.screen != screenWrite && !m.write.active {
		return diary.Draft{}, false
	}
	if !m.write.active || m.write.readOnly || m.write.gen == m.write.persistedGen {
		return diary.Draft{}, false
	}
	e := m.write.entry()
	if entryBlank(&e) && m.write.draftName == "" {
		return diary.Draft{}, false
	}
	if m.write.draftName == "" {
		m.write.draftName = diary.NewID()
	}
	return diary.Draft{Name: m.write.draftName, Entry: e}, true
}

// quit leaves, saving a draft of unsaved writing first. force is for
// signals: if the draft cannot be saved, quit anyway (Run tries once more).
func (m *Model) quit(force bool) tea.Cmd {
	if m.closing {
		return nil
	}
	if d, ok := m.unsavedDraft(); ok && m.store != nil && !m.quitArmed {
		m.busy = "Saving your draft…"
		m.pendingDraft = &d
		then := afterQuit
		return tea.Batch(saveDraftCmd(m.store, d, m.write.gen, then, force), m.spinner.Tick)
	}
	m.closing = true
	return tea.Quit
}

func (m *Model) onDraftSaved(msg draftSavedMsg) tea.Cmd {
	switch msg.then {
	case afterQuit:
		m.busy = ""
		if msg.err != nil && !msg.quiet {
			m.err = "Your unsaved writing could not be saved as a draft: " + describe(msg.err) + " Press ctrl+c again to quit without it, or keep writing."
			m.pendingDraft = nil
			m.quitArmed = true
			return nil
		}
		m.markPersisted(msg)
		m.pendingDraft = nil
		m.closing = true
		return tea.Quit
	case afterLock:
		if msg.err != nil {
			m.err = "Your unsaved writing could not be saved as a draft (" + describe(msg.err) + "). It is kept until you unlock."
			m.resumeDraft = ""
			return nil
		}
		m.pendingDraft = nil
		return nil
	}
	// autosave
	m.write.autosaving = false
	if msg.err != nil {
		m.write.status = "Draft not saved: " + describe(msg.err)
		return nil
	}
	if m.write.active && (m.write.draftName == "" || m.write.draftName == msg.name) {
		m.write.draftName = msg.name
		m.markPersisted(msg)
		m.write.status = "Draft saved " + msg.at.Local().Format("15:04:05")
	}
	return nil
}

func (m *Model) markPersisted(msg draftSavedMsg) {
	if m.write.active && msg.gen > m.write.persistedGen {
		m.write.persistedGen = msg.gen
	}
}

// autosave writes an encrypted draft when the text changed since the last.
func (m *Model) autosave(msg autosaveTickMsg) tea.Cmd {
	if msg.gen != m.autosaveGen {
		return nil // a chain started before a lock: let it end
	}
	next := autosaveTick(autosaveEvery, m.autosaveGen)
	if m.screen != screenWrite || m.write.autosaving || m.closing || !m.unlocked {
		return next
	}
	d, ok := m.unsavedDraft()
	if !ok {
		return next
	}
	m.write.autosaving = true
	return tea.Batch(next, saveDraftCmd(m.store, d, m.write.gen, afterNothing, true))
}

// startAutosave starts the one chain of autosave ticks for this unlock.
func (m *Model) startAutosave() tea.Cmd {
	m.autosaveGen++
	return autosaveTick(autosaveEvery, m.autosaveGen)
}

func (m *Model) onCreated(msg createdMsg) tea.Cmd {
	m.busy = ""
	if msg.err != nil {
		m.setup.step = setupPassphrase
		m.err = "The diary could not be created: " + describe(msg.err)
		return m.setup.focus()
	}
	m.store = msg.store
	m.unlocked = true
	m.settings = &diary.Settings{}
	m.catalog = nil
	m.lastKey = m.now()
	if m.demo {
		m.busy = "Opening the demo diary…"
		return tea.Batch(loadCmd(m.store), m.spinner.Tick)
	}
	// Straight to writing: the first entry answers today's prompt.
	p, _ := m.prompts.Today(m.now(), nil)
	return tea.Batch(m.startWriting(p.ref(), nil, ""), m.startAutosave())
}

func (m *Model) onUnlocked(msg unlockedMsg) tea.Cmd {
	if msg.err != nil {
		m.busy = ""
		m.unlock.failures++
		m.err = unlockError(msg.err, m.unlock.failures)
		return m.unlock.focus()
	}
	m.unlock.failures = 0
	m.unlocked = true
	m.lastKey = m.now()
	m.busy = "Opening your entries…"
	return tea.Batch(loadCmd(m.store), m.spinner.Tick)
}

func unlockError(err error, failures int) string {
	switch {
	case errors.Is(err, crypto.ErrWrongPassphrase):
		s := "That passphrase didn't open the diary. Passphrases are case-sensitive: check caps lock and try again."
		if failures >= 3 {
			s += " If you are sure it is right, the key file may be damaged: restore identity.age from a backup."
		}
		return s
	case errors.Is(err, crypto.ErrEmptyPassphrase):
		return "Type your passphrase, then press enter."
	}
	return "The diary could not be opened: " + describe(err)
}

func (m *Model) onLoaded(msg loadedMsg) tea.Cmd {
	m.busy = ""
	if !m.unlocked {
		return nil // locked while loading: drop the result
	}
	if msg.err != nil {
		m.err = "Your entries could not be read: " + describe(msg.err)
		m.screen = screenToday
		return nil
	}
	m.catalog = msg.catalog.Entries
	m.problems = len(msg.catalog.Problems)
	m.settings = msg.settings
	m.drafts = msg.drafts
	m.browse.refilter(m.catalog)
	cmds := []tea.Cmd{m.startAutosave(), promptRotationCmd(m.store, m.catalog, m.settings, m.now())}
	if m.problems > 0 {
		m.notice = fmt.Sprintf("%d file(s) could not be read; run `peerdiary verify` to see which.", m.problems)
	}
	// Writing interrupted by a lock comes straight back.
	if m.pendingDraft != nil {
		d := *m.pendingDraft
		m.pendingDraft = nil
		m.resumeDraft = ""
		return tea.Batch(append(cmds, m.resumeFrom(d))...)
	}
	if m.resumeDraft != "" {
		name := m.resumeDraft
		m.resumeDraft = ""
		for i, d := range m.drafts {
			if d.Name == name {
				m.drafts = append(m.drafts[:i:i], m.drafts[i+1:]...)
				return tea.Batch(append(cmds, m.resumeFrom(d))...)
			}
		}
	}
	m.resumeStep = 0
	m.screen = screenToday
	return tea.Batch(cmds...)
}

func (m *Model) onSaved(msg savedMsg) tea.Cmd {
	m.write.saving = false
	if msg.err != nil {
		m.err = "Not saved: " + describe(msg.err) + " Your text is still here."
		return nil
	}
	m.upsertSummary(msg.summary)
	for k := range m.renders {
		if k.id == msg.summary.ID {
			delete(m.renders, k)
		}
	}
	words := msg.summary.Words
	edited := m.write.base != nil && m.write.base.ID != ""
	reflected := m.write.refl.on()
	back := m.write.returnTo
	m.write = writeModel{}
	m.restyle()
	m.notice = fmt.Sprintf("Saved and encrypted (%d words). Well done for writing today.", words)
	if reflected && !edited {
		m.notice = fmt.Sprintf("Reflection saved and encrypted (%d words). Well done for taking the time.", words)
	}
	if edited {
		m.notice = fmt.Sprintf("Changes saved and encrypted (%d words).", words)
	}
	return m.goBack(back)
}

func (m *Model) upsertSummary(s diary.Summary) {
	for i := range m.catalog {
		if m.catalog[i].ID == s.ID {
			m.catalog[i] = s
			diary.SortNewestFirst(m.catalog)
			m.browse.refilter(m.catalog)
			return
		}
	}
	m.catalog = append(m.catalog, s)
	diary.SortNewestFirst(m.catalog)
	m.browse.refilter(m.catalog)
}

func (m *Model) onDraftDeleted(msg draftDeletedMsg) tea.Cmd {
	if msg.err != nil {
		m.err = "The draft could not be discarded: " + describe(msg.err)
		return nil
	}
	m.notice = "Draft discarded."
	return nil
}

// describe turns an error into words for a person. Store errors never hold
// entry text; this also cuts anything long.
func describe(err error) string {
	switch {
	case errors.Is(err, diary.ErrEmptyBody):
		return "the entry is empty; write something first."
	case errors.Is(err, diary.ErrBodyTooLarge):
		return "the entry is over the 1 MB limit; split it into two entries."
	case errors.Is(err, diary.ErrLocked):
		return "the diary is locked; unlock it and try again."
	case errors.Is(err, diary.ErrNotFound):
		return "that entry is no longer there."
	case errors.Is(err, crypto.ErrDamaged):
		return "the file is damaged or was changed; run `peerdiary verify`."
	}
	s := sanitize(err.Error())
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s + "."
}

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// resize sizes every component from the terminal size.
func (m *Model) resize() {
	w, tw, h := m.innerWidth(), m.textWidth(), m.bodyHeight()
	m.help.SetWidth(w)
	m.setup.setWidth(tw)
	m.unlock.setWidth(tw)
	m.write.setSize(tw, h)
	m.browse.setSize(w, h)
	m.read.setSize(tw, h)
}

func (m *Model) innerWidth() int { return max(m.width-2, 10) }

// readingWidth is the widest a line of prose is drawn: wider is hard to
// read, so on a large terminal prose screens sit in a centred column.
const readingWidth = 100

// textWidth is the width of the prose screens (all but the list).
func (m *Model) textWidth() int { return min(m.innerWidth(), readingWidth) }

// centred reports whether the current screen is drawn in the column.
func (m *Model) centred() bool {
	return m.screen != screenBrowse && m.screen != screenInsights
}

// bodyHeight is what a screen may fill: the terminal less the status line
// and the key hint bar.
func (m *Model) bodyHeight() int { return max(m.height-2, 3) }

func (m *Model) refreshRenders() tea.Cmd {
	switch m.screen {
	case screenRead:
		return m.readRender()
	case screenBrowse:
		return m.previewNow()
	}
	return nil
}

// View implements tea.Model. It is the only place that builds a tea.View:
// alternate screen always, a fixed window title that never names an entry.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "peerdiary"
	v.MouseMode = tea.MouseModeCellMotion
	v.Cursor = m.editorCursor()
	return v
}

func (m *Model) render() string {
	if m.tooSmall() {
		msg := fmt.Sprintf("The terminal is too small for peerdiary (%dx%d).\nMake it at least %dx%d.", m.width, m.height, minWidth, minHeight)
		return fitBlock(msg, m.width, m.height)
	}
	w, h := m.innerWidth(), m.bodyHeight()
	var body string
	switch {
	case m.showHelp:
		body = m.viewHelp()
	case m.busy != "":
		body = m.viewBusy()
	default:
		switch m.screen {
		case screenSetup:
			body = m.viewSetup()
		case screenUnlock:
			body = m.viewUnlock()
		case screenToday:
			body = m.viewToday()
		case screenWrite:
			body = m.viewWrite()
		case screenBrowse:
			body = m.viewBrowse()
		case screenRead:
			body = m.viewRead()
		case screenInsights:
			body = m.viewInsights()
		case screenReflect:
			body = m.viewChooser()
		}
	}
	if m.err != "" && (m.screen == screenSetup || m.screen == screenUnlock) && m.busy == "" && !m.showHelp {
		body += "\n" + m.styles.Error.Render(wrap("! "+m.err, m.textWidth()))
	}
	var b strings.Builder
	if tw := m.textWidth(); m.centred() && tw < w {
		indent := strings.Repeat(" ", (w-tw)/2)
		b.WriteString(indent + strings.ReplaceAll(fitBlock(body, tw, h), "\n", "\n"+indent))
	} else {
		b.WriteString(fitBlock(body, w, h))
	}
	b.WriteByte('\n')
	b.WriteString(ansi.Truncate(m.statusLine(), w, "…"))
	b.WriteByte('\n')
	b.WriteString(ansi.Truncate(m.hintBar(), w, "…"))
	return m.styles.App.Render(b.String())
}

func (m *Model) statusLine() string {
	inBody := (m.screen == screenSetup || m.screen == screenUnlock) && m.busy == "" && !m.showHelp
	switch {
	case m.err != "" && inBody:
		return ""
	case m.err != "":
		return m.styles.Error.Render("! " + firstLine(m.err))
	case m.notice != "" && m.demo:
		return m.styles.Demo.Render("[demo] ") + m.styles.Notice.Render(firstLine(m.notice))
	case m.notice != "":
		return m.styles.Notice.Render(firstLine(m.notice))
	case m.demo:
		return m.styles.Demo.Render("demo diary — nothing is kept")
	}
	return ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func (m *Model) hintBar() string {
	km := m.currentHelp()
	h := m.help
	h.ShowAll = false
	return h.View(km)
}

func (m *Model) currentHelp() help.KeyMap {
	switch {
	case m.write.leaving && m.screen == screenWrite:
		return m.keys.leaveHelp()
	case m.browse.confirmDelete != "" && m.screen == screenBrowse:
		return m.keys.confirmHelp()
	case m.read.confirmDelete && m.screen == screenRead:
		return m.keys.confirmHelp()
	}
	switch m.screen {
	case screenSetup:
		return m.keys.setupHelp()
	case screenUnlock:
		return m.keys.unlockHelp()
	case screenToday:
		return m.keys.todayHelp(len(m.drafts) > 0)
	case screenWrite:
		if m.write.refl.on() {
			return m.keys.reflectHelp()
		}
		return m.keys.writeHelp()
	case screenBrowse:
		return m.keys.browseHelp(m.browse.filtering)
	case screenRead:
		return m.keys.readHelp()
	case screenInsights:
		return m.keys.insightsHelp()
	case screenReflect:
		return m.keys.chooseHelp()
	}
	return helpFor{}
}

func (m *Model) viewBusy() string {
	return "\n" + m.spinner.View() + " " + m.styles.Working.Render(m.busy)
}

// fitBlock cuts or pads s to exactly h lines, none wider than w cells.
func fitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// wrap word-wraps plain text to w cells.
func wrap(s string, w int) string {
	return lipgloss.NewStyle().Width(max(w, 1)).Render(s)
}

// isPlainEnv reports NO_COLOR, read once before the program starts.
func isPlainEnv() bool { return os.Getenv("NO_COLOR") != "" }
