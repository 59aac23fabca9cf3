package tui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Screens as parts.
//
// Each thing that fills the terminal (Today, the editor, Browse, the
// reader, …) is a screen: a type in its own file that implements the
// screen interface below, with its own id. The root Model holds what every
// screen shares (the store, the catalog, settings, drafts, the prompt
// library, styles, keys, the terminal's size, the status line) and passes
// itself to every call; a screen keeps only its own state.
//
// Adding a screen:
//
//  1. a new file, say settings.go, with
//     const screenSettings screenID = "settings",
//     a type (type settingsScreen struct{ … }) with the five methods of
//     screen, and any of the optional ones below;
//  2. one line in the screens list at the bottom of this file;
//  3. open it from another screen's update with m.show(screenSettings).
//
// TestEveryScreen walks the list: each screen must render at 80x24 and
// 120x40 without a line wider than the terminal, drop its text on lock,
// and have keys to show; it fails for a screen it does not know how to
// reach, so add the way there to its table too.
//
// Rules a screen keeps:
//   - No I/O in update: return a tea.Cmd that captures values (see
//     commands.go). A result the screen must get even if the person moved
//     on goes through m.to(id, cmd); results arriving after a lock are
//     dropped.
//   - Sanitise diary text before drawing it (sanitize, neutralizeBidi).
//   - Everything read from the diary is dropped in lock.

// screenID names a screen. Each screen's file defines its own.
type screenID string

// screen is one part of the interface that fills the terminal.
type screen interface {
	// update handles a message while the screen shows: a key press (once
	// the keys that work everywhere are taken: ctrl+l, f1 and ?), a paste,
	// a mouse wheel turn, a cursor blink, or the result of one of its own
	// commands.
	update(m *Model, msg tea.Msg) tea.Cmd
	// view draws the screen's body, at most m.bodyHeight() lines of
	// m.screenWidth() cells; the root adds the status line and the hints.
	view(m *Model) string
	// hints is the keys that work now: the hint bar shows ShortHelp, and
	// ? (or f1) shows FullHelp.
	hints(m *Model) help.KeyMap
	// typing reports whether a field has the focus, so that ? and q are
	// letters there, not commands.
	typing() bool
	// lock forgets everything the screen holds from the diary: text,
	// titles, tags, dates, counts. Locking calls it on every screen, not
	// only the one showing.
	lock()
}

// Optional parts of a screen.
type (
	// opener is set up each time it is shown with Model.show.
	opener interface{ open(m *Model) tea.Cmd }
	// layouter sizes and colours its fields for the terminal: called on
	// every screen when the size or the background changes.
	layouter interface{ layout(m *Model) }
	// refresher shows rendered Markdown: when showing, it is asked to
	// take a rendering again after a resize, a change of colours, or a
	// rendering arriving in the cache.
	refresher interface{ refresh(m *Model) tea.Cmd }
	// wideScreen is drawn across the whole terminal instead of in the
	// centred reading column.
	wideScreen interface{ fullWidth() bool }
	// cursorScreen puts the terminal's cursor in its text field; the
	// position is relative to the body's top left corner.
	cursorScreen interface{ cursor(m *Model) *tea.Cursor }
)

// screens is every screen, by id. One line per screen.
var screens = []struct {
	id   screenID
	make func() screen
}{
	{screenSetup, func() screen { return newSetupScreen() }},
	{screenUnlock, func() screen { return newUnlockScreen() }},
	{screenToday, func() screen { return &todayScreen{} }},
	{screenWrite, func() screen { return &writeScreen{} }},
	{screenReflect, func() screen { return &chooseScreen{} }},
	{screenPrompts, func() screen { return &promptsScreen{} }},
	{screenBrowse, func() screen { return newBrowseScreen() }},
	{screenRead, func() screen { return &readScreen{} }},
	{screenInsights, func() screen { return &insightsScreen{} }},
	{screenStudies, func() screen { return &studiesScreen{} }},
	{screenExport, func() screen { return &exportScreen{} }},
	{screenPresent, func() screen { return &presentScreen{} }},
	{screenPrep, func() screen { return &prepScreen{} }},
	{screenSupport, func() screen { return &supportScreen{} }},
	{screenCheckIn, func() screen { return newCheckInScreen() }},
	{screenSettings, func() screen { return newSettingsScreen() }},
}

// showing is the screen on the terminal.
func (m *Model) showing() screen { return m.screens[m.current] }

// show puts screen id on the terminal, setting it up if it has an open.
func (m *Model) show(id screenID) tea.Cmd {
	m.current = id
	if o, ok := m.screens[id].(opener); ok {
		return o.open(m)
	}
	return nil
}

// screenWidth is the width the screen showing draws in: the reading
// column, or the whole terminal for a wide screen.
func (m *Model) screenWidth() int {
	if m.centred() {
		return m.textWidth()
	}
	return m.innerWidth()
}

// centred reports whether the screen showing is drawn in the reading
// column.
func (m *Model) centred() bool {
	w, ok := m.showing().(wideScreen)
	return !ok || !w.fullWidth()
}

// routedMsg carries the result of a screen's command to that screen.
type routedMsg struct {
	to  screenID
	gen int // the lock generation the command started in
	msg tea.Msg
}

// to sends the result of cmd (one command, not a batch) to screen id,
// whichever screen shows when it arrives. A result that arrives after the
// diary locked is dropped: it may hold diary text.
func (m *Model) to(id screenID, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	gen := m.lockGen
	return func() tea.Msg { return routedMsg{to: id, gen: gen, msg: cmd()} }
}

func (m *Model) onRouted(msg routedMsg) tea.Cmd {
	s, ok := m.screens[msg.to]
	if !ok || msg.gen != m.lockGen || !m.unlocked || msg.msg == nil {
		return nil
	}
	return s.update(m, msg.msg)
}

// layoutScreens lays every screen out for the terminal's size and colours.
func (m *Model) layoutScreens() {
	for _, s := range m.screens {
		if l, ok := s.(layouter); ok {
			l.layout(m)
		}
	}
}

// refreshShowing asks the screen showing to take its rendering again.
func (m *Model) refreshShowing() tea.Cmd {
	if r, ok := m.showing().(refresher); ok {
		return r.refresh(m)
	}
	return nil
}

// Typed access to the screens the root and other screens reach into.

func (m *Model) setup() *setupScreen   { return m.screens[screenSetup].(*setupScreen) }
func (m *Model) unlock() *unlockScreen { return m.screens[screenUnlock].(*unlockScreen) }
func (m *Model) write() *writeScreen   { return m.screens[screenWrite].(*writeScreen) }
func (m *Model) browse() *browseScreen { return m.screens[screenBrowse].(*browseScreen) }
func (m *Model) read() *readScreen     { return m.screens[screenRead].(*readScreen) }
func (m *Model) choose() *chooseScreen { return m.screens[screenReflect].(*chooseScreen) }
func (m *Model) studies() *studiesScreen {
	return m.screens[screenStudies].(*studiesScreen)
}
