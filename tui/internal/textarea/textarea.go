// Package textarea is the editor's text field: the bubbles textarea
// (charm.land/bubbles/v2 v2.2.1, MIT licence in LICENSE), cut down to what
// the diary uses and changed to lay out only what is on screen.
//
// The upstream textarea lays out and styles every line it holds, plus a
// screenful of padding, twice for each key (once in Update, once in View),
// and hashes every line with SHA-256 to find its wrapped form. Here Update
// lays out nothing, View styles only the rows on screen, and each line's
// wrapped form is cached under a cheap hash checked against the line. The
// text, the cursor, the keys and what is drawn are the upstream's:
// TestMatchesUpstream replays random editing against both and compares the
// text, the cursor, the scroll position and the drawn view after every
// key. Two differences are on purpose, and the comparison knows them:
// ctrl+t exchanges whole characters (grapheme clusters), not runes, so an
// emoji keeps its skin tone (transposeLeft); and a row holding a character
// that joins the ASCII character before it (a skin tone after a space) is
// drawn as one row, where the upstream's viewport breaks it in two
// (rewrappedByViewport in the tests).
//
// What the diary does not use is gone: line numbers, a prompt function,
// character and height limits, dynamic height, the drawn (virtual)
// cursor, and the clipboard (its paste, copy and select-all keys; paste
// arrives as a tea.PasteMsg from the terminal).
package textarea

import (
	"image/color"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	rw "github.com/mattn/go-runewidth"
	"github.com/rivo/uniseg"

	"peerdiary/tui/internal/cellwidth"
)

const (
	minHeight        = 1
	defaultHeight    = 6
	defaultWidth     = 40
	defaultMaxWidth  = 500
	mouseWheelDelta  = 3
	defaultTabSpaces = "    "

	// MaxLines is the most lines the textarea holds: input that would
	// take it past this is cut, as upstream.
	MaxLines = 10000
)

// KeyMap is the key bindings for different actions within the textarea.
type KeyMap struct {
	CharacterBackward       key.Binding
	CharacterForward        key.Binding
	DeleteAfterCursor       key.Binding
	DeleteBeforeCursor      key.Binding
	DeleteCharacterBackward key.Binding
	DeleteCharacterForward  key.Binding
	DeleteWordBackward      key.Binding
	DeleteWordForward       key.Binding
	InsertNewline           key.Binding
	LineEnd                 key.Binding
	LineNext                key.Binding
	LinePrevious            key.Binding
	LineStart               key.Binding
	PageUp                  key.Binding
	PageDown                key.Binding
	WordBackward            key.Binding
	WordForward             key.Binding
	InputBegin              key.Binding
	InputEnd                key.Binding

	UppercaseWordForward  key.Binding
	LowercaseWordForward  key.Binding
	CapitalizeWordForward key.Binding

	TransposeCharacterBackward key.Binding

	SelectCharacterForward  key.Binding
	SelectCharacterBackward key.Binding
	SelectWordForward       key.Binding
	SelectWordBackward      key.Binding
	SelectLineUp            key.Binding
	SelectLineDown          key.Binding
}

// DefaultKeyMap returns the default set of key bindings for navigating and acting
// upon the textarea.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		CharacterForward:        key.NewBinding(key.WithKeys("right", "ctrl+f"), key.WithHelp("right", "character forward")),
		CharacterBackward:       key.NewBinding(key.WithKeys("left", "ctrl+b"), key.WithHelp("left", "character backward")),
		WordForward:             key.NewBinding(key.WithKeys("alt+right", "ctrl+right", "alt+f"), key.WithHelp("alt+right", "word forward")),
		WordBackward:            key.NewBinding(key.WithKeys("alt+left", "ctrl+left", "alt+b"), key.WithHelp("alt+left", "word backward")),
		LineNext:                key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("down", "next line")),
		LinePrevious:            key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("up", "previous line")),
		DeleteWordBackward:      key.NewBinding(key.WithKeys("alt+backspace", "ctrl+w", "ctrl+backspace"), key.WithHelp("alt+backspace", "delete word backward")),
		DeleteWordForward:       key.NewBinding(key.WithKeys("alt+delete", "alt+d", "ctrl+delete"), key.WithHelp("alt+delete", "delete word forward")),
		DeleteAfterCursor:       key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "delete after cursor")),
		DeleteBeforeCursor:      key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "delete before cursor")),
		InsertNewline:           key.NewBinding(key.WithKeys("enter", "ctrl+m"), key.WithHelp("enter", "insert newline")),
		DeleteCharacterBackward: key.NewBinding(key.WithKeys("backspace", "ctrl+h"), key.WithHelp("backspace", "delete character backward")),
		DeleteCharacterForward:  key.NewBinding(key.WithKeys("delete", "ctrl+d"), key.WithHelp("delete", "delete character forward")),
		LineStart:               key.NewBinding(key.WithKeys("home", "ctrl+a"), key.WithHelp("home", "line start")),
		LineEnd:                 key.NewBinding(key.WithKeys("end", "ctrl+e"), key.WithHelp("end", "line end")),
		PageUp:                  key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:                key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdown", "page down")),
		InputBegin:              key.NewBinding(key.WithKeys("alt+<", "ctrl+home"), key.WithHelp("alt+<", "input begin")),
		InputEnd:                key.NewBinding(key.WithKeys("alt+>", "ctrl+end"), key.WithHelp("alt+>", "input end")),

		CapitalizeWordForward: key.NewBinding(key.WithKeys("alt+c"), key.WithHelp("alt+c", "capitalize word forward")),
		LowercaseWordForward:  key.NewBinding(key.WithKeys("alt+l"), key.WithHelp("alt+l", "lowercase word forward")),
		UppercaseWordForward:  key.NewBinding(key.WithKeys("alt+u"), key.WithHelp("alt+u", "uppercase word forward")),

		TransposeCharacterBackward: key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "transpose character backward")),

		SelectCharacterForward:  key.NewBinding(key.WithKeys("shift+right"), key.WithHelp("shift+right", "select character forward")),
		SelectCharacterBackward: key.NewBinding(key.WithKeys("shift+left"), key.WithHelp("shift+left", "select character backward")),
		SelectWordForward:       key.NewBinding(key.WithKeys("ctrl+shift+right", "alt+shift+right", "alt+shift+f"), key.WithHelp("alt+shift+right", "select word forward")),
		SelectWordBackward:      key.NewBinding(key.WithKeys("ctrl+shift+left", "alt+shift+left", "alt+shift+b"), key.WithHelp("alt+shift+left", "select word backward")),
		SelectLineUp:            key.NewBinding(key.WithKeys("shift+up"), key.WithHelp("shift+up", "select line up")),
		SelectLineDown:          key.NewBinding(key.WithKeys("shift+down"), key.WithHelp("shift+down", "select line down")),
	}
}

// LineInfo is a helper for keeping track of line information regarding
// soft-wrapped lines.
type LineInfo struct {
	// Width is the number of columns in the line.
	Width int

	// CharWidth is the number of characters in the line to account for
	// double-width runes.
	CharWidth int

	// Height is the number of rows in the line.
	Height int

	// StartColumn is the index of the first column of the line.
	StartColumn int

	// ColumnOffset is the number of columns that the cursor is offset from the
	// start of the line.
	ColumnOffset int

	// RowOffset is the number of rows that the cursor is offset from the start
	// of the line.
	RowOffset int

	// CharOffset is the number of characters that the cursor is offset
	// from the start of the line. This will generally be equivalent to
	// ColumnOffset, but will be different there are double-width runes before
	// the cursor.
	CharOffset int
}

// CursorStyle is the style of the terminal's cursor over the text.
type CursorStyle struct {
	// Color is the cursor's colour.
	Color color.Color

	// Shape is the cursor shape: tea.CursorBlock, tea.CursorUnderline or
	// tea.CursorBar.
	Shape tea.CursorShape

	// Blink determines whether or not the cursor should blink.
	Blink bool
}

// Styles are the styles for the textarea, separated into focused and blurred
// states. The appropriate styles will be chosen based on the focus state of
// the textarea.
type Styles struct {
	Focused StyleState
	Blurred StyleState
	Cursor  CursorStyle
}

// StyleState that will be applied to the text area.
type StyleState struct {
	Base        lipgloss.Style
	Text        lipgloss.Style
	CursorLine  lipgloss.Style
	EndOfBuffer lipgloss.Style
	Placeholder lipgloss.Style
	Prompt      lipgloss.Style

	// Selection styles text covered by an active selection.
	Selection lipgloss.Style
}

func (s StyleState) computedCursorLine() lipgloss.Style {
	return s.CursorLine.Inherit(s.Base).Inline(true)
}

func (s StyleState) computedEndOfBuffer() lipgloss.Style {
	return s.EndOfBuffer.Inherit(s.Base).Inline(true)
}

func (s StyleState) computedPlaceholder() lipgloss.Style {
	return s.Placeholder.Inherit(s.Base).Inline(true)
}

func (s StyleState) computedPrompt() lipgloss.Style {
	return s.Prompt.Inherit(s.Base).Inline(true)
}

func (s StyleState) computedText() lipgloss.Style {
	return s.Text.Inherit(s.Base).Inline(true)
}

func (s StyleState) computedSelection() lipgloss.Style {
	return s.Selection.Inherit(s.Text).Inherit(s.Base).Inline(true)
}

// Model is the Bubble Tea model for this text area element.
type Model struct {
	// cache holds each line's wrapped rows.
	cache *wrapCache

	// widths remembers the width of each row drawn in the last two
	// frames.
	widths *cellwidth.Memo

	// Prompt is printed at the beginning of each line.
	//
	// When changing the value of Prompt after the model has been
	// initialized, ensure that SetWidth() gets called afterwards.
	Prompt string

	// Placeholder is the text displayed when the user
	// hasn't entered anything yet.
	Placeholder string

	// EndOfBufferCharacter is displayed at the end of the input.
	EndOfBufferCharacter rune

	// KeyMap encodes the keybindings recognized by the widget.
	KeyMap KeyMap

	// MaxWidth is the maximum width of the text area in columns. If 0 or less,
	// there's no limit.
	MaxWidth int

	styles Styles

	// The styles of the focused and the blurred state, made once per
	// SetStyles (see drawStyles).
	drawFocused, drawBlurred *drawStyles

	// promptWidth is the width of the prompt.
	promptWidth int

	// width is the maximum number of characters that can be displayed at once.
	width int

	// height is the maximum number of lines that can be displayed at once.
	height int

	// viewWidth is the width of the drawn area: the prompt and the text.
	viewWidth int

	// yOffset is the first display row drawn (the upstream's viewport
	// offset).
	yOffset int

	// Underlying text value.
	value [][]rune

	// focus indicates whether user input focus should be on this input
	// component. When false, ignore keyboard input and hide the cursor.
	focus bool

	// Cursor column.
	col int

	// Cursor row.
	row int

	// Last character offset, used to maintain state when the cursor is moved
	// vertically such that we can maintain the same navigating position.
	lastCharOffset int

	// Selection anchor and head. The anchor is where the selection began;
	// the head follows the cursor. Either may sort before the other — use
	// [Model.Selection] for a normalized range.
	selAnchor Position
	selHead   Position

	// hasSelection reports whether a selection has been set at all.
	// [Model.HasSelection] additionally requires it to be non-empty.
	hasSelection bool

	// rev counts the changes to the text (see Revision).
	rev uint64
}

// Revision changes whenever the text does: an Update that leaves the text
// as it was (a move, or a delete with nothing to delete) leaves it alone,
// so comparing it is the cheap way to ask whether a key changed the text.
// (Typing or pasting over a selection counts as a change even when what is
// typed is what was selected.)
func (m Model) Revision() uint64 { return m.rev }

// New creates a new model with default settings.
func New() Model {
	m := Model{
		MaxWidth:             defaultMaxWidth,
		Prompt:               lipgloss.ThickBorder().Left + " ",
		cache:                newWrapCache(),
		widths:               &cellwidth.Memo{},
		EndOfBufferCharacter: ' ',
		KeyMap:               DefaultKeyMap(),

		value: make([][]rune, minHeight, MaxLines),
	}
	m.SetStyles(DefaultDarkStyles())
	m.SetHeight(defaultHeight)
	m.SetWidth(defaultWidth)

	return m
}

// DefaultStyles returns the default styles for focused and blurred states for
// the textarea.
func DefaultStyles(isDark bool) Styles {
	lightDark := lipgloss.LightDark(isDark)

	var s Styles
	s.Focused = StyleState{
		Base:        lipgloss.NewStyle(),
		CursorLine:  lipgloss.NewStyle().Background(lightDark(lipgloss.Color("255"), lipgloss.Color("0"))),
		EndOfBuffer: lipgloss.NewStyle().Foreground(lightDark(lipgloss.Color("254"), lipgloss.Color("0"))),
		Placeholder: lipgloss.NewStyle().Foreground(lipgloss.Color("240")),
		Prompt:      lipgloss.NewStyle().Foreground(lipgloss.Color("7")),
		Selection:   lipgloss.NewStyle().Background(lightDark(lipgloss.Color("253"), lipgloss.Color("8"))),
		Text:        lipgloss.NewStyle(),
	}
	s.Blurred = StyleState{
		Base:        lipgloss.NewStyle(),
		CursorLine:  lipgloss.NewStyle().Foreground(lightDark(lipgloss.Color("245"), lipgloss.Color("7"))),
		EndOfBuffer: lipgloss.NewStyle().Foreground(lightDark(lipgloss.Color("254"), lipgloss.Color("0"))),
		Placeholder: lipgloss.NewStyle().Foreground(lipgloss.Color("240")),
		Prompt:      lipgloss.NewStyle().Foreground(lipgloss.Color("7")),
		Selection:   lipgloss.NewStyle().Background(lightDark(lipgloss.Color("253"), lipgloss.Color("8"))),
		Text:        lipgloss.NewStyle().Foreground(lightDark(lipgloss.Color("245"), lipgloss.Color("7"))),
	}
	s.Cursor = CursorStyle{
		Color: lipgloss.Color("7"),
		Shape: tea.CursorBlock,
		Blink: true,
	}
	return s
}

// DefaultDarkStyles returns the default styles for a dark background.
func DefaultDarkStyles() Styles {
	return DefaultStyles(true)
}

// Styles returns the current styles for the textarea.
func (m Model) Styles() Styles {
	return m.styles
}

// SetStyles updates styling for the textarea.
func (m *Model) SetStyles(s Styles) {
	m.styles = s
	m.drawFocused = newDrawStyles(s.Focused)
	m.drawBlurred = newDrawStyles(s.Blurred)
}

// SetValue sets the value of the text input.
func (m *Model) SetValue(s string) {
	m.Reset()
	m.InsertString(s)
}

// InsertString inserts a string at the cursor position.
func (m *Model) InsertString(s string) {
	m.insertRunesFromUserInput([]rune(s))
	m.rev++
}

// InsertRune inserts a rune at the cursor position.
func (m *Model) InsertRune(r rune) {
	m.insertRunesFromUserInput([]rune{r})
	m.rev++
}

// insertRunesFromUserInput inserts runes at the current cursor position,
// and reports whether that changed the text.
func (m *Model) insertRunesFromUserInput(runes []rune) bool {
	// Clean up any special characters in the input provided by the
	// clipboard. This avoids bugs due to e.g. tab characters and
	// whatnot.
	runes = sanitize(runes)

	// Split the input into lines.
	var lines [][]rune
	lstart := 0
	for i := range runes {
		if runes[i] == '\n' {
			// Queue a line to become a new row in the text area below.
			// Beware to clamp the max capacity of the slice, to ensure no
			// data from different rows get overwritten when later edits
			// will modify this line.
			lines = append(lines, runes[lstart:i:i])
			lstart = i + 1
		}
	}
	if lstart <= len(runes) {
		// The last line did not end with a newline character.
		// Take it now.
		lines = append(lines, runes[lstart:])
	}

	// Obey the maximum line limit.
	if len(m.value)+len(lines)-1 > MaxLines {
		allowedHeight := max(0, MaxLines-len(m.value)+1)
		lines = lines[:allowedHeight]
	}

	if len(lines) == 0 {
		// Nothing left to insert.
		return false
	}

	// Save the remainder of the original line at the current
	// cursor position.
	tail := make([]rune, len(m.value[m.row][m.col:]))
	copy(tail, m.value[m.row][m.col:])

	// Paste the first line at the current cursor position.
	m.value[m.row] = append(m.value[m.row][:m.col], lines[0]...)
	m.col += len(lines[0])

	if numExtraLines := len(lines) - 1; numExtraLines > 0 {
		// Add the new lines.
		// We try to reuse the slice if there's already space.
		var newGrid [][]rune
		if cap(m.value) >= len(m.value)+numExtraLines {
			// Can reuse the extra space.
			newGrid = m.value[:len(m.value)+numExtraLines]
		} else {
			// No space left; need a new slice.
			newGrid = make([][]rune, len(m.value)+numExtraLines)
			copy(newGrid, m.value[:m.row+1])
		}
		// Add all the rows that were after the cursor in the original
		// grid at the end of the new grid.
		copy(newGrid[m.row+1+numExtraLines:], m.value[m.row+1:])
		m.value = newGrid
		// Insert all the new lines in the middle.
		for _, l := range lines[1:] {
			m.row++
			m.value[m.row] = l
			m.col = len(l)
		}
	}

	// Finally add the tail at the end of the last line inserted.
	m.value[m.row] = append(m.value[m.row], tail...)

	m.SetCursorColumn(m.col)
	return len(lines) > 1 || len(lines[0]) > 0
}

// sanitize removes control characters from input, turns a carriage
// return into a line break and a tab into four spaces (the upstream's
// runeutil sanitizer with its defaults).
func sanitize(runes []rune) []rune {
	clean := true
	for _, r := range runes {
		if r == '\r' || r == '\t' || r == unicode.ReplacementChar || (r != '\n' && unicode.IsControl(r)) {
			clean = false
			break
		}
	}
	if clean {
		return runes
	}
	out := make([]rune, 0, len(runes)+8)
	for _, r := range runes {
		switch {
		case r == unicode.ReplacementChar:
			// skip
		case r == '\r' || r == '\n':
			out = append(out, '\n')
		case r == '\t':
			out = append(out, []rune(defaultTabSpaces)...)
		case unicode.IsControl(r):
			// Other control characters: skip.
		default:
			out = append(out, r)
		}
	}
	return out
}

// Value returns the value of the text input.
func (m Model) Value() string {
	if m.value == nil {
		return ""
	}

	var v strings.Builder
	for _, l := range m.value {
		v.WriteString(string(l))
		v.WriteByte('\n')
	}

	return strings.TrimSuffix(v.String(), "\n")
}

// LineCount returns the number of lines that are currently in the text input.
func (m *Model) LineCount() int {
	return len(m.value)
}

// Line returns the 0-indexed row position of the cursor.
func (m Model) Line() int {
	return m.row
}

// Column returns the 0-indexed column position of the cursor.
func (m Model) Column() int {
	return m.col
}

// ScrollYOffset returns the Y offset (top row) index of the current view, which
// can be used to calculate the current scroll position.
func (m Model) ScrollYOffset() int {
	return m.yOffset
}

// setCursorLineRelative moves the cursor by the given number of lines. Negative
// values move the cursor up, positive values move the cursor down.
func (m *Model) setCursorLineRelative(delta int) {
	if delta == 0 {
		return
	}

	li := m.LineInfo()
	charOffset := max(m.lastCharOffset, li.CharOffset)
	m.lastCharOffset = charOffset

	// 2 columns to account for the trailing space wrapping.
	const trailingSpace = 2

	if delta > 0 { //nolint:nestif
		// Moving down.
		for range delta {
			if li.RowOffset+1 >= li.Height && m.row < len(m.value)-1 {
				m.row++
				m.col = 0
			} else {
				// Move the cursor to the start of the next virtual line.
				m.col = min(li.StartColumn+li.Width+trailingSpace, len(m.value[m.row])-1)
			}
			li = m.LineInfo()
		}
	} else {
		// Moving up.
		for range -delta {
			if li.RowOffset <= 0 && m.row > 0 {
				m.row--
				m.col = len(m.value[m.row])
			} else {
				// Move the cursor to the end of the previous line.
				m.col = li.StartColumn - trailingSpace
			}
			li = m.LineInfo()
		}
	}

	nli := m.LineInfo()
	m.col = nli.StartColumn

	if nli.Width <= 0 {
		m.repositionView()
		return
	}

	offset := 0
	for offset < charOffset {
		if m.row >= len(m.value) || m.col >= len(m.value[m.row]) || offset >= nli.CharWidth-1 {
			break
		}
		offset += rw.RuneWidth(m.value[m.row][m.col])
		m.col++
	}
	m.repositionView()
}

// CursorDown moves the cursor down by one line.
func (m *Model) CursorDown() {
	m.setCursorLineRelative(1)
}

// CursorUp moves the cursor up by one line.
func (m *Model) CursorUp() {
	m.setCursorLineRelative(-1)
}

// SetCursorColumn moves the cursor to the given position. If the position is
// out of bounds the cursor will be moved to the start or end accordingly.
func (m *Model) SetCursorColumn(col int) {
	m.col = clamp(col, 0, len(m.value[m.row]))
	// Any time that we move the cursor horizontally we need to reset the last
	// offset so that the horizontal position when navigating is adjusted.
	m.lastCharOffset = 0
}

// CursorStart moves the cursor to the start of the input field.
func (m *Model) CursorStart() {
	m.SetCursorColumn(0)
}

// CursorEnd moves the cursor to the end of the input field.
func (m *Model) CursorEnd() {
	m.SetCursorColumn(len(m.value[m.row]))
}

// Focused returns the focus state on the model.
func (m Model) Focused() bool {
	return m.focus
}

// activeStyle returns the appropriate set of styles to use depending on
// whether the textarea is focused or blurred.
func (m Model) activeStyle() *StyleState {
	if m.focus {
		return &m.styles.Focused
	}
	return &m.styles.Blurred
}

func (m Model) activeDraw() *drawStyles {
	if m.focus {
		return m.drawFocused
	}
	return m.drawBlurred
}

// Focus sets the focus state on the model. When the model is in focus it can
// receive keyboard input. It returns no command: the cursor is the
// terminal's own.
func (m *Model) Focus() tea.Cmd {
	m.focus = true
	return nil
}

// Blur removes the focus state on the model. When the model is blurred it can
// not receive keyboard input and the cursor will be hidden.
func (m *Model) Blur() {
	m.focus = false
}

// Reset sets the input to its default state with no input.
func (m *Model) Reset() {
	m.value = make([][]rune, minHeight, MaxLines)
	m.col = 0
	m.row = 0
	m.yOffset = 0
	m.SetCursorColumn(0)
	m.ClearSelection()
	m.rev++
}

// deleteBeforeCursor deletes all text before the cursor.
func (m *Model) deleteBeforeCursor() {
	m.value[m.row] = m.value[m.row][m.col:]
	m.SetCursorColumn(0)
}

// deleteAfterCursor deletes all text after the cursor.
func (m *Model) deleteAfterCursor() {
	m.value[m.row] = m.value[m.row][:m.col]
	m.SetCursorColumn(len(m.value[m.row]))
}

// transposeLeft exchanges the characters (grapheme clusters: what a
// writer sees as one character, such as 👍🏽, é written as e and an accent,
// or a flag) immediately before and at the cursor, and moves the cursor
// past both; at the end of the line it exchanges the last two. A cursor
// inside a cluster (arrows move a rune at a time) stands where it is
// drawn, after the cluster. No-op at the beginning of the line or with
// fewer than two characters in it.
//
// The upstream exchanges runes, which takes a skin tone from its emoji or
// an accent from its letter and leaves it beside a space, where terminals
// disagree on its width.
func (m *Model) transposeLeft() (changed bool) {
	line := m.value[m.row]
	if m.col == 0 || len(line) < 2 {
		return false
	}
	// bounds are the rune offsets where the clusters of the line begin,
	// and its end.
	bounds := []int{0}
	g := uniseg.NewGraphemes(string(line))
	for g.Next() {
		bounds = append(bounds, bounds[len(bounds)-1]+len(g.Runes()))
	}
	if len(bounds) < 3 {
		return false
	}
	// k is the cluster after the cursor: the one to exchange with the
	// one before it.
	k, _ := slices.BinarySearch(bounds, min(m.col, len(line)))
	k = min(k, len(bounds)-2)
	start, mid, end := bounds[k-1], bounds[k], bounds[k+1]
	before, at := slices.Clone(line[start:mid]), slices.Clone(line[mid:end])
	changed = !slices.Equal(before, at)
	copy(line[start:], at)
	copy(line[start+len(at):], before)
	m.SetCursorColumn(end)
	return changed
}

// deleteWordLeft deletes the word left to the cursor.
func (m *Model) deleteWordLeft() {
	if m.col == 0 || len(m.value[m.row]) == 0 {
		return
	}

	// Linter note: it's critical that we acquire the initial cursor position
	// here prior to altering it via SetCursor() below. As such, moving this
	// call into the corresponding if clause does not apply here.
	oldCol := m.col

	m.SetCursorColumn(m.col - 1)
	for unicode.IsSpace(m.value[m.row][m.col]) {
		if m.col <= 0 {
			break
		}
		// ignore series of whitespace before cursor
		m.SetCursorColumn(m.col - 1)
	}

	for m.col > 0 {
		if !unicode.IsSpace(m.value[m.row][m.col]) {
			m.SetCursorColumn(m.col - 1)
		} else {
			if m.col > 0 {
				// keep the previous space
				m.SetCursorColumn(m.col + 1)
			}
			break
		}
	}

	if oldCol > len(m.value[m.row]) {
		m.value[m.row] = m.value[m.row][:m.col]
	} else {
		m.value[m.row] = append(m.value[m.row][:m.col], m.value[m.row][oldCol:]...)
	}
}

// deleteWordRight deletes the word right to the cursor.
func (m *Model) deleteWordRight() {
	if m.col >= len(m.value[m.row]) || len(m.value[m.row]) == 0 {
		return
	}

	oldCol := m.col

	for m.col < len(m.value[m.row]) && unicode.IsSpace(m.value[m.row][m.col]) {
		// ignore series of whitespace after cursor
		m.SetCursorColumn(m.col + 1)
	}

	for m.col < len(m.value[m.row]) {
		if !unicode.IsSpace(m.value[m.row][m.col]) {
			m.SetCursorColumn(m.col + 1)
		} else {
			break
		}
	}

	if m.col > len(m.value[m.row]) {
		m.value[m.row] = m.value[m.row][:oldCol]
	} else {
		m.value[m.row] = append(m.value[m.row][:oldCol], m.value[m.row][m.col:]...)
	}

	m.SetCursorColumn(oldCol)
}

// characterRight moves the cursor one character to the right.
func (m *Model) characterRight() {
	if m.col < len(m.value[m.row]) {
		m.SetCursorColumn(m.col + 1)
	} else {
		if m.row < len(m.value)-1 {
			m.row++
			m.CursorStart()
		}
	}
}

// characterLeft moves the cursor one character to the left.
// If insideLine is set, the cursor is moved to the last
// character in the previous line, instead of one past that.
func (m *Model) characterLeft(insideLine bool) {
	if m.col == 0 && m.row != 0 {
		m.row--
		m.CursorEnd()
		if !insideLine {
			return
		}
	}
	if m.col > 0 {
		m.SetCursorColumn(m.col - 1)
	}
}

// wordLeft moves the cursor one word to the left.
func (m *Model) wordLeft() {
	for {
		oldRow, oldCol := m.row, m.col
		m.characterLeft(true /* insideLine */)
		if m.row == oldRow && m.col == oldCol {
			return
		}
		if m.col < len(m.value[m.row]) && !unicode.IsSpace(m.value[m.row][m.col]) {
			break
		}
	}

	for m.col > 0 {
		if unicode.IsSpace(m.value[m.row][m.col-1]) {
			break
		}
		m.SetCursorColumn(m.col - 1)
	}
}

// wordRight moves the cursor one word to the right.
func (m *Model) wordRight() {
	m.doWordRight(func(int, int) { /* nothing */ })
}

func (m *Model) doWordRight(fn func(charIdx int, pos int)) {
	// Skip spaces forward.
	for m.col >= len(m.value[m.row]) || unicode.IsSpace(m.value[m.row][m.col]) {
		if m.row == len(m.value)-1 && m.col == len(m.value[m.row]) {
			// End of text.
			break
		}
		m.characterRight()
	}

	charIdx := 0
	for m.col < len(m.value[m.row]) {
		if unicode.IsSpace(m.value[m.row][m.col]) {
			break
		}
		fn(charIdx, m.col)
		m.SetCursorColumn(m.col + 1)
		charIdx++
	}
}

// uppercaseRight changes the word to the right to uppercase.
func (m *Model) uppercaseRight() (changed bool) {
	m.doWordRight(func(_ int, i int) {
		changed = m.setRune(i, unicode.ToUpper(m.value[m.row][i])) || changed
	})
	return changed
}

// lowercaseRight changes the word to the right to lowercase.
func (m *Model) lowercaseRight() (changed bool) {
	m.doWordRight(func(_ int, i int) {
		changed = m.setRune(i, unicode.ToLower(m.value[m.row][i])) || changed
	})
	return changed
}

// capitalizeRight changes the word to the right to title case.
func (m *Model) capitalizeRight() (changed bool) {
	m.doWordRight(func(charIdx int, i int) {
		if charIdx == 0 {
			changed = m.setRune(i, unicode.ToTitle(m.value[m.row][i])) || changed
		}
	})
	return changed
}

// setRune puts r at column i of the cursor's line and reports a change.
func (m *Model) setRune(i int, r rune) bool {
	if m.value[m.row][i] == r {
		return false
	}
	m.value[m.row][i] = r
	return true
}

// LineInfo returns the number of characters from the start of the
// (soft-wrapped) line and the (soft-wrapped) line width.
func (m Model) LineInfo() LineInfo {
	w := m.cache.row(m.row, m.value[m.row], m.width)
	grid := w.rows

	// Find out which line we are currently on. This can be determined by the
	// m.col and counting the number of runes that we need to skip.
	var counter int
	for i, line := range grid {
		// We've found the line that we are on
		if counter+len(line) == m.col && i+1 < len(grid) {
			// We wrap around to the next line if we are at the end of the
			// previous line so that we can be at the very beginning of the row
			return LineInfo{
				CharOffset:   0,
				ColumnOffset: 0,
				Height:       len(grid),
				RowOffset:    i + 1,
				StartColumn:  m.col,
				Width:        len(grid[i+1]),
				CharWidth:    w.widths[i],
			}
		}

		if counter+len(line) >= m.col {
			return LineInfo{
				CharOffset:   uniseg.StringWidth(string(line[:max(0, m.col-counter)])),
				ColumnOffset: m.col - counter,
				Height:       len(grid),
				RowOffset:    i,
				StartColumn:  counter,
				Width:        len(line),
				CharWidth:    w.widths[i],
			}
		}

		counter += len(line)
	}
	return LineInfo{}
}

// repositionView scrolls as little as keeps the cursor's row on screen.
func (m *Model) repositionView() {
	minimum := m.yOffset
	maximum := minimum + m.height - 1
	if row := m.cursorLineNumber(); row < minimum {
		m.scrollUp(minimum - row)
	} else if row > maximum {
		m.scrollDown(row - maximum)
	}
}

// The upstream draws into a viewport whose content is every display row,
// a screenful of end-of-buffer rows, and one empty line after the last
// line break; it can scroll until that empty line is the top row. The
// placeholder is drawn a screen high and cannot scroll.
func (m *Model) maxYOffset() int {
	if m.showsPlaceholder() {
		return 0
	}
	return m.totalVisualLines() + 1
}

func (m *Model) scrollDown(n int) {
	if n == 0 {
		return
	}
	m.yOffset = clamp(m.yOffset+n, 0, m.maxYOffset())
}

func (m *Model) scrollUp(n int) {
	if m.yOffset <= 0 || n == 0 {
		return
	}
	m.yOffset = clamp(m.yOffset-n, 0, m.maxYOffset())
}

// clampOffset keeps the offset within the content, as the upstream's
// viewport does each time its content is set.
func (m *Model) clampOffset() {
	if top := m.maxYOffset(); m.yOffset > top {
		m.yOffset = top
	}
}

// Width returns the width of the textarea.
func (m Model) Width() int {
	return m.width
}

// MoveToBegin moves the cursor to the beginning of the input.
func (m *Model) MoveToBegin() {
	m.row = 0
	m.SetCursorColumn(0)
	m.repositionView()
}

// MoveToEnd moves the cursor to the end of the input.
func (m *Model) MoveToEnd() {
	m.row = len(m.value) - 1
	m.SetCursorColumn(len(m.value[m.row]))
	m.repositionView()
}

// PageUp moves the cursor up by one page. First call snaps to the first visible
// line, subsequent calls move up by a full page.
func (m *Model) PageUp() {
	// If not on the first visible line, snap to it.
	if offset := m.yOffset - m.cursorLineNumber(); offset < 0 {
		m.setCursorLineRelative(offset)
		return
	}

	// Already on first visible line, move up by a full page.
	m.setCursorLineRelative(-m.height)
}

// PageDown moves the cursor down by one page. First call snaps to the last
// visible line, subsequent calls move down by a full page.
func (m *Model) PageDown() {
	// If not on the last visible line, snap to it.
	if offset := m.cursorLineNumber() - m.yOffset; offset < m.height-1 {
		m.setCursorLineRelative(m.height - 1 - offset)
		return
	}

	// Already on last visible line, move down by a full page.
	m.setCursorLineRelative(m.height)
}

// SetWidth sets the width of the textarea to fit exactly within the given width.
// This means that the textarea will account for the width of the prompt.
//
// Ensure that SetWidth is called after setting the Prompt.
func (m *Model) SetWidth(w int) {
	m.promptWidth = uniseg.StringWidth(m.Prompt)

	// Add base style borders and padding to reserved outer width.
	reservedOuter := m.activeStyle().Base.GetHorizontalFrameSize()

	// Add prompt width to reserved inner width.
	reservedInner := m.promptWidth

	// Input width must be at least one more than the reserved inner and outer
	// width. This gives us a minimum input width of 1.
	minWidth := reservedInner + reservedOuter + 1
	inputWidth := max(w, minWidth)

	// Input width must be no more than maximum width.
	if m.MaxWidth > 0 {
		inputWidth = min(inputWidth, m.MaxWidth)
	}

	// Since the width of the viewport and input area is dependent on the width of
	// borders, prompt and line numbers, we need to calculate it by subtracting
	// the reserved width from them.
	m.viewWidth = inputWidth - reservedOuter
	m.width = inputWidth - reservedOuter - reservedInner
}

// Height returns the current height of the textarea.
func (m Model) Height() int {
	return m.height
}

// SetHeight sets the height of the textarea.
func (m *Model) SetHeight(h int) {
	m.height = max(h, minHeight)
	m.repositionView()
}

// Update is the Bubble Tea update loop.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.focus {
		return m, nil
	}

	if m.value[m.row] == nil {
		m.value[m.row] = make([]rune, 0)
	}
	m.clampOffset()

	// changed notes a change to the text; what changes nothing (a
	// backspace at the start, upper-casing a word already in capitals)
	// does not count.
	changed := false
	note := func(c bool) { changed = changed || c }
	lineLen := func() int { return len(m.value[m.row]) }

	switch msg := msg.(type) {
	case tea.PasteMsg:
		note(m.deleteSelection())
		note(m.insertRunesFromUserInput([]rune(msg.Content)))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.KeyMap.DeleteAfterCursor):
			if m.HasSelection() {
				note(m.deleteSelection())
				break
			}
			m.col = clamp(m.col, 0, len(m.value[m.row]))
			if m.col >= len(m.value[m.row]) {
				note(m.mergeLineBelow(m.row))
				break
			}
			m.deleteAfterCursor()
			note(true)
		case key.Matches(msg, m.KeyMap.DeleteBeforeCursor):
			if m.HasSelection() {
				note(m.deleteSelection())
				break
			}
			m.col = clamp(m.col, 0, len(m.value[m.row]))
			if m.col <= 0 {
				note(m.mergeLineAbove(m.row))
				break
			}
			m.deleteBeforeCursor()
			note(true)
		case key.Matches(msg, m.KeyMap.DeleteCharacterBackward):
			if m.HasSelection() {
				note(m.deleteSelection())
				break
			}
			m.col = clamp(m.col, 0, len(m.value[m.row]))
			if m.col <= 0 {
				note(m.mergeLineAbove(m.row))
				break
			}
			if len(m.value[m.row]) > 0 {
				m.value[m.row] = append(m.value[m.row][:max(0, m.col-1)], m.value[m.row][m.col:]...)
				note(true)
				if m.col > 0 {
					m.SetCursorColumn(m.col - 1)
				}
			}
		case key.Matches(msg, m.KeyMap.DeleteCharacterForward):
			if m.HasSelection() {
				note(m.deleteSelection())
				break
			}
			if len(m.value[m.row]) > 0 && m.col < len(m.value[m.row]) {
				m.value[m.row] = slices.Delete(m.value[m.row], m.col, m.col+1)
				note(true)
			}
			if m.col >= len(m.value[m.row]) {
				note(m.mergeLineBelow(m.row))
				break
			}
		case key.Matches(msg, m.KeyMap.DeleteWordBackward):
			if m.HasSelection() {
				note(m.deleteSelection())
				break
			}
			if m.col <= 0 {
				note(m.mergeLineAbove(m.row))
				break
			}
			n := lineLen()
			m.deleteWordLeft()
			note(lineLen() != n)
		case key.Matches(msg, m.KeyMap.DeleteWordForward):
			if m.HasSelection() {
				note(m.deleteSelection())
				break
			}
			m.col = clamp(m.col, 0, len(m.value[m.row]))
			if m.col >= len(m.value[m.row]) {
				note(m.mergeLineBelow(m.row))
				break
			}
			n := lineLen()
			m.deleteWordRight()
			note(lineLen() != n)
		case key.Matches(msg, m.KeyMap.InsertNewline):
			note(m.deleteSelection())
			m.col = clamp(m.col, 0, len(m.value[m.row]))
			m.splitLine(m.row, m.col)
			note(true)
		case key.Matches(msg, m.KeyMap.LineEnd):
			m.ClearSelection()
			m.CursorEnd()
		case key.Matches(msg, m.KeyMap.LineStart):
			m.ClearSelection()
			m.CursorStart()
		case key.Matches(msg, m.KeyMap.CharacterForward):
			m.ClearSelection()
			m.characterRight()
		case key.Matches(msg, m.KeyMap.LineNext):
			m.ClearSelection()
			m.CursorDown()
		case key.Matches(msg, m.KeyMap.WordForward):
			m.ClearSelection()
			m.wordRight()
		case key.Matches(msg, m.KeyMap.CharacterBackward):
			m.ClearSelection()
			m.characterLeft(false /* insideLine */)
		case key.Matches(msg, m.KeyMap.LinePrevious):
			m.ClearSelection()
			m.CursorUp()
		case key.Matches(msg, m.KeyMap.WordBackward):
			m.ClearSelection()
			m.wordLeft()
		case key.Matches(msg, m.KeyMap.InputBegin):
			m.ClearSelection()
			m.MoveToBegin()
		case key.Matches(msg, m.KeyMap.InputEnd):
			m.ClearSelection()
			m.MoveToEnd()
		case key.Matches(msg, m.KeyMap.PageUp):
			m.ClearSelection()
			m.PageUp()
		case key.Matches(msg, m.KeyMap.PageDown):
			m.ClearSelection()
			m.PageDown()
		case key.Matches(msg, m.KeyMap.LowercaseWordForward):
			note(m.lowercaseRight())
		case key.Matches(msg, m.KeyMap.UppercaseWordForward):
			note(m.uppercaseRight())
		case key.Matches(msg, m.KeyMap.CapitalizeWordForward):
			note(m.capitalizeRight())
		case key.Matches(msg, m.KeyMap.TransposeCharacterBackward):
			note(m.transposeLeft())

		case key.Matches(msg, m.KeyMap.SelectCharacterForward):
			m.startKeyboardSelection()
			m.characterRight()
			m.updateKeyboardSelection()
		case key.Matches(msg, m.KeyMap.SelectCharacterBackward):
			m.startKeyboardSelection()
			m.characterLeft(false)
			m.updateKeyboardSelection()
		case key.Matches(msg, m.KeyMap.SelectWordForward):
			m.startKeyboardSelection()
			m.wordRight()
			m.updateKeyboardSelection()
		case key.Matches(msg, m.KeyMap.SelectWordBackward):
			m.startKeyboardSelection()
			m.wordLeft()
			m.updateKeyboardSelection()
		case key.Matches(msg, m.KeyMap.SelectLineUp):
			m.startKeyboardSelection()
			m.CursorUp()
			m.updateKeyboardSelection()
		case key.Matches(msg, m.KeyMap.SelectLineDown):
			m.startKeyboardSelection()
			m.CursorDown()
			m.updateKeyboardSelection()

		default:
			if msg.Text == "" {
				break
			}
			note(m.deleteSelection())
			note(m.insertRunesFromUserInput([]rune(msg.Text)))
		}

	case tea.MouseWheelMsg:
		// The upstream's viewport scrolls on the wheel (shift and the
		// sideways wheel scroll sideways, which a wrapped text never
		// needs); the cursor stays on screen below.
		m.clampOffset()
		if !msg.Mod.Contains(tea.ModShift) {
			switch msg.Button {
			case tea.MouseWheelDown:
				m.scrollDown(mouseWheelDelta)
			case tea.MouseWheelUp:
				m.scrollUp(mouseWheelDelta)
			}
		}
	}

	if changed {
		m.rev++
	}
	m.clampOffset()
	m.repositionView()

	return m, nil
}

// showsPlaceholder reports whether the placeholder is drawn instead of the
// text.
func (m Model) showsPlaceholder() bool {
	return len(m.value) == 1 && len(m.value[0]) == 0 && m.row == 0 && m.col == 0 && m.Placeholder != ""
}

// View renders the text area in its current state: the rows on screen and
// nothing else.
func (m Model) View() string {
	if m.showsPlaceholder() {
		return m.placeholderView()
	}
	m.clampOffset()
	d := m.activeDraw()
	prompt := d.prompt.render(m.Prompt)

	var (
		s         strings.Builder
		lineInfo  = m.LineInfo()
		top, end  = m.yOffset, m.yOffset + m.height
		total     = 0 // display rows before the current line
		tooWide   = false
		textLines = make([]string, 0, m.height)
	)
	s.Grow(m.height * (m.viewWidth + 16))

	for l, line := range m.value {
		w := m.cache.row(l, line, m.width)
		if total+len(w.rows) <= top || total >= end {
			// Off screen; the upstream's viewport would still cut every
			// row on screen if any row anywhere is too wide.
			tooWide = tooWide || w.tooWide(m.width)
			total += len(w.rows)
			continue
		}

		style := d.text
		if m.row == l {
			style = d.cursorLine
		}

		// wrappedBase is the index, within the logical line, of the first rune
		// of the current wrapped segment. It is what maps a segment back onto
		// selection coordinates.
		wrappedBase := 0

		for wl, wrappedLine := range w.rows {
			displayLine := total + wl
			if displayLine < top || displayLine >= end {
				wrappedBase += len(wrappedLine)
				continue
			}
			s.Reset()
			s.WriteString(style.render(prompt))

			strwidth := w.widths[wl]
			padding := m.width - strwidth
			// If the trailing space causes the line to be wider than the
			// width, we should not draw it to the screen since it will result
			// in an extra space at the end of the line which can look off when
			// the cursor line is showing.
			if strwidth > m.width {
				// The character causing the line to be wider than the width is
				// guaranteed to be a space since any other character would
				// have been wrapped.
				wrappedLine = []rune(strings.TrimSuffix(string(wrappedLine), " "))
				padding -= m.width - strwidth
			}

			// A selection covering this segment takes precedence over the
			// inline cursor.
			if selFrom, selTo, selected := m.selectionSpanFor(l, wrappedBase, len(wrappedLine)); selected {
				s.WriteString(style.render(string(wrappedLine[:selFrom])))
				s.WriteString(d.selection.render(string(wrappedLine[selFrom:selTo])))
				s.WriteString(style.render(string(wrappedLine[selTo:])))
			} else if m.row == l && lineInfo.RowOffset == wl {
				s.WriteString(style.render(string(wrappedLine[:lineInfo.ColumnOffset])))
				if m.col >= len(line) && lineInfo.CharOffset >= m.width {
					s.WriteString(d.cursorLine.render(" "))
				} else {
					s.WriteString(style.render(d.cursorLine.render(string(wrappedLine[lineInfo.ColumnOffset]))))
					s.WriteString(style.render(string(wrappedLine[lineInfo.ColumnOffset+1:])))
				}
			} else {
				s.WriteString(style.render(string(wrappedLine)))
			}
			wrappedBase += len(wrappedLine)
			s.WriteString(style.render(strings.Repeat(" ", max(0, padding))))
			textLines = append(textLines, s.String())
		}
		total += len(w.rows)
	}

	// The end-of-buffer rows after the text, then the empty line after
	// the upstream's last line break.
	eob := prompt + d.endOfBuffer.render(string(m.EndOfBufferCharacter)+
		strings.Repeat(" ", max(0, m.width-uniseg.StringWidth(string(m.EndOfBufferCharacter)))))
	for row := max(top, total); row < end && row < total+m.height; row++ {
		textLines = append(textLines, eob)
	}
	if total+m.height >= top && total+m.height < end {
		textLines = append(textLines, "")
	}
	return m.frame(textLines, tooWide)
}

// frame lays the rows on screen out as the upstream's viewport does: every
// row cut to the width when any row of the whole text is drawn wider than
// that (cut), padded with spaces to the width, and empty rows below to the
// height.
func (m Model) frame(lines []string, cut bool) string {
	widths := make([]int, len(lines))
	for i, l := range lines {
		widths[i] = m.widths.Width(l)
		cut = cut || widths[i] > m.viewWidth
	}
	defer m.widths.Frame()
	var b strings.Builder
	b.Grow(m.height * (m.viewWidth + 32))
	for i := range m.height {
		if i > 0 {
			b.WriteByte('\n')
		}
		l, w := "", 0
		if i < len(lines) {
			l, w = lines[i], widths[i]
		}
		if cut && w > m.viewWidth {
			l = ansi.Cut(l, 0, m.viewWidth)
			w = m.widths.Width(l)
		}
		b.WriteString(l)
		if w < m.viewWidth {
			b.WriteString(strings.Repeat(" ", m.viewWidth-w))
		}
	}
	return m.activeStyle().Base.Render(b.String())
}

// placeholderView returns the prompt and placeholder, if any.
func (m Model) placeholderView() string {
	var (
		lines  = make([]string, 0, m.height)
		p      = m.Placeholder
		styles = m.activeStyle()
		d      = m.activeDraw()
	)
	// word wrap lines
	pwordwrap := ansi.Wordwrap(p, m.width, "")
	// hard wrap lines (handles lines that could not be word wrapped)
	pwrap := ansi.Hardwrap(pwordwrap, m.width, true)
	// split string by new lines
	plines := strings.Split(strings.TrimSpace(pwrap), "\n")

	for i := range m.height {
		var s strings.Builder
		lineStyle := styles.computedPlaceholder()
		if len(plines) > i {
			lineStyle = styles.computedCursorLine()
		}

		// render prompt
		s.WriteString(lineStyle.Render(d.prompt.render(m.Prompt)))

		switch {
		// first line
		case i == 0:
			// first character of first line as cursor with character
			ch, rest, _, _ := uniseg.FirstGraphemeClusterInString(plines[0], 0)
			s.WriteString(lineStyle.Render(styles.computedPlaceholder().Render(ch)))

			// the rest of the first line
			s.WriteString(lineStyle.Render(styles.computedPlaceholder().Render(rest)))

			// extend the first line with spaces to fill the width, so that
			// the entire line is filled when cursorline is enabled.
			gap := strings.Repeat(" ", max(0, m.width-lipgloss.Width(plines[0])))
			s.WriteString(lineStyle.Render(gap))
		// remaining lines
		case len(plines) > i:
			// current line placeholder text
			placeholderLine := plines[i]
			gap := strings.Repeat(" ", max(0, m.width-uniseg.StringWidth(plines[i])))
			s.WriteString(lineStyle.Render(placeholderLine + gap))
		default:
			// end of line buffer character
			eob := styles.computedEndOfBuffer().Render(string(m.EndOfBufferCharacter))
			s.WriteString(eob)
		}
		lines = append(lines, s.String())
	}
	return m.frame(lines, false)
}

// Cursor returns a [tea.Cursor] for rendering a real cursor in a Bubble Tea
// program, relative to the textarea's top left corner.
func (m Model) Cursor() *tea.Cursor {
	if !m.Focused() {
		return nil
	}
	m.clampOffset()

	lineInfo := m.LineInfo()
	baseStyle := m.activeStyle().Base

	xOffset := lineInfo.CharOffset +
		m.promptWidth +
		baseStyle.GetMarginLeft() +
		baseStyle.GetPaddingLeft() +
		baseStyle.GetBorderLeftSize()

	yOffset := m.cursorLineNumber() -
		m.yOffset +
		baseStyle.GetMarginTop() +
		baseStyle.GetPaddingTop() +
		baseStyle.GetBorderTopSize()

	c := tea.NewCursor(xOffset, yOffset)
	c.Blink = m.styles.Cursor.Blink
	c.Color = m.styles.Cursor.Color
	c.Shape = m.styles.Cursor.Shape
	return c
}

// deleteSelection deletes the currently selected text, positions the cursor
// at the start of the former selection, and clears the selection state. It
// is a no-op when there is no active selection.
func (m *Model) deleteSelection() bool {
	if !m.HasSelection() {
		return false
	}

	start, end, _ := m.Selection()

	if start.Row == end.Row {
		line := m.value[start.Row]
		endCol := min(end.Col, len(line))
		startCol := min(start.Col, endCol)
		m.value[start.Row] = append(line[:startCol], line[endCol:]...)
		m.row = start.Row
		m.SetCursorColumn(startCol)
	} else {
		headLine := m.value[start.Row]
		tailLine := m.value[end.Row]
		endCol := min(end.Col, len(tailLine))
		startCol := min(start.Col, len(headLine))

		merged := make([]rune, 0, startCol+len(tailLine)-endCol)
		merged = append(merged, headLine[:startCol]...)
		merged = append(merged, tailLine[endCol:]...)

		newValue := make([][]rune, 0, len(m.value)-(end.Row-start.Row))
		newValue = append(newValue, m.value[:start.Row]...)
		newValue = append(newValue, merged)
		newValue = append(newValue, m.value[end.Row+1:]...)
		m.value = newValue

		m.row = start.Row
		m.SetCursorColumn(startCol)
	}

	m.ClearSelection()
	return true
}

// startKeyboardSelection begins a keyboard-driven selection at the current
// cursor position if one is not already active.
func (m *Model) startKeyboardSelection() {
	if !m.hasSelection {
		m.selAnchor = Position{Row: m.row, Col: m.col}
	}
	m.hasSelection = true
	m.selHead = Position{Row: m.row, Col: m.col}
}

// updateKeyboardSelection updates the selection head to the current cursor
// position after a keyboard movement.
func (m *Model) updateKeyboardSelection() {
	m.selHead = Position{Row: m.row, Col: m.col}
}

// cursorLineNumber returns the line number that the cursor is on.
// This accounts for soft wrapped lines.
func (m Model) cursorLineNumber() int {
	line := 0
	for i := range m.row {
		// Calculate the number of lines that the current line will be split
		// into.
		line += len(m.cache.row(i, m.value[i], m.width).rows)
	}
	line += m.LineInfo().RowOffset
	return line
}

// totalVisualLines returns the total number of display lines across all
// logical lines, accounting for soft wraps.
func (m *Model) totalVisualLines() int {
	n := 0
	for i, line := range m.value {
		n += len(m.cache.row(i, line, m.width).rows)
	}
	return n
}

// Words counts the words of the text as strings.Fields would: runs of
// characters that are not white space.
func (m Model) Words() int {
	n := 0
	for i, line := range m.value {
		n += m.cache.row(i, line, m.width).words
	}
	return n
}

// mergeLineBelow merges the current line the cursor is on with the line below.
func (m *Model) mergeLineBelow(row int) bool {
	if row >= len(m.value)-1 {
		return false
	}

	// To perform a merge, we will need to combine the two lines and then
	m.value[row] = append(m.value[row], m.value[row+1]...)

	// Shift all lines up by one
	for i := row + 1; i < len(m.value)-1; i++ {
		m.value[i] = m.value[i+1]
	}

	// And, remove the last line
	if len(m.value) > 0 {
		m.value = m.value[:len(m.value)-1]
	}
	return true
}

// mergeLineAbove merges the current line the cursor is on with the line above.
func (m *Model) mergeLineAbove(row int) bool {
	if row <= 0 {
		return false
	}

	m.col = len(m.value[row-1])
	m.row = m.row - 1

	// To perform a merge, we will need to combine the two lines and then
	m.value[row-1] = append(m.value[row-1], m.value[row]...)

	// Shift all lines up by one
	for i := row; i < len(m.value)-1; i++ {
		m.value[i] = m.value[i+1]
	}

	// And, remove the last line
	if len(m.value) > 0 {
		m.value = m.value[:len(m.value)-1]
	}
	return true
}

func (m *Model) splitLine(row, col int) {
	// To perform a split, take the current line and keep the content before
	// the cursor, take the content after the cursor and make it the content of
	// the line underneath, and shift the remaining lines down by one
	head, tailSrc := m.value[row][:col], m.value[row][col:]
	tail := make([]rune, len(tailSrc))
	copy(tail, tailSrc)

	m.value = append(m.value[:row+1], m.value[row:]...)

	m.value[row] = head
	m.value[row+1] = tail

	m.col = 0
	m.row++
}

// wrap lays a line out in rows of at most width cells, breaking at spaces
// (which it turns into plain spaces) and inside words too long for a row.
// It is the upstream's wrap (wrapReference in the tests) with the widths
// of the row and the word so far kept as they grow, instead of measured
// again from their start for every rune, which made a long paragraph, or
// a line of Chinese or Japanese without spaces, quadratic.
func wrap(runes []rune, width int) [][]rune {
	var (
		lines  = [][]rune{{}}
		word   = []rune{}
		row    int
		spaces int
		rowW   cells // the width of lines[row]
		wordW  cells // the width of word
	)
	addRow := func() {
		row++
		lines = append(lines, []rune{})
		rowW.reset()
	}
	toRow := func(rs []rune) {
		lines[row] = append(lines[row], rs...)
		for _, r := range rs {
			rowW.add(r)
		}
	}

	// Word wrap the runes
	for _, r := range runes {
		if unicode.IsSpace(r) {
			spaces++
		} else {
			word = append(word, r)
			wordW.add(r)
		}

		if spaces > 0 {
			if rowW.width()+wordW.width()+spaces > width {
				addRow()
			}
			toRow(word)
			toRow(repeatSpaces(spaces))
			spaces = 0
			word = nil
			wordW.reset()
		} else {
			// If the last character is a double-width rune, then we may not be able to add it to this line
			// as it might cause us to go past the width.
			lastCharLen := rw.RuneWidth(word[len(word)-1])
			if wordW.width()+lastCharLen > width {
				// If the current line has any content, let's move to the next
				// line because the current word fills up the entire line.
				if len(lines[row]) > 0 {
					addRow()
				}
				toRow(word)
				word = nil
				wordW.reset()
			}
		}
	}

	if rowW.width()+wordW.width()+spaces >= width {
		lines = append(lines, []rune{})
		lines[row+1] = append(lines[row+1], word...)
		// We add an extra space at the end of the line to account for the
		// trailing space at the end of the previous soft-wrapped lines so that
		// behaviour when navigating is consistent and so that we don't need to
		// continually add edges to handle the last line of the wrapped input.
		spaces++
		lines[row+1] = append(lines[row+1], repeatSpaces(spaces)...)
	} else {
		lines[row] = append(lines[row], word...)
		spaces++
		lines[row] = append(lines[row], repeatSpaces(spaces)...)
	}

	return lines
}

// cells is the width uniseg.StringWidth gives a text that grows a rune at
// a time: the clusters before the last are summed, and only the last, which
// the next rune may join, is measured again.
type cells struct {
	done   int    // the width of the clusters before the last
	last   []byte // the last cluster, in UTF-8
	lastW  int    // its width
	single bool   // the last cluster is one plain rune (see plain)
}

func (c *cells) reset() { c.done, c.last, c.lastW, c.single = 0, c.last[:0], 0, false }

func (c *cells) width() int { return c.done + c.lastW }

func (c *cells) add(r rune) {
	if c.single && plain(r) {
		// Two plain runes are never one cluster.
		c.done += c.lastW
		c.last = utf8.AppendRune(c.last[:0], r)
		c.lastW = 1
		if r >= 0x80 {
			c.lastW = uniseg.StringWidth(string(r))
		}
		return
	}
	n := len(c.last)
	c.last = utf8.AppendRune(c.last, r)
	cluster, _, w, _ := uniseg.FirstGraphemeCluster(c.last, -1)
	if n > 0 && len(cluster) == n {
		// r begins a cluster of its own.
		c.done += c.lastW
		c.last = append(c.last[:0], c.last[n:]...)
		_, _, w, _ = uniseg.FirstGraphemeCluster(c.last, -1)
	}
	c.lastW = w
	c.single = len(c.last) == utf8.RuneLen(r) && plain(r)
}

// plain reports a rune of a kind that never joins a cluster with the rune
// before or after it (Unicode's Grapheme_Cluster_Break property Other, in
// blocks checked whole): printable ASCII, Latin letters, Greek and
// Cyrillic letters, CJK ideographs, kana and CJK punctuation.
func plain(r rune) bool {
	switch {
	case r >= 0x20 && r < 0x7f,
		r >= 0xa1 && r <= 0xac, r >= 0xae && r <= 0x2ff, // Latin-1 and Latin Extended, IPA, modifier letters
		r >= 0x386 && r <= 0x3ff,                           // Greek letters
		r >= 0x400 && r <= 0x482, r >= 0x48a && r <= 0x52f, // Cyrillic letters
		r >= 0x3001 && r <= 0x3029, // CJK punctuation
		r >= 0x3041 && r <= 0x3096, // hiragana
		r >= 0x30a1 && r <= 0x30fa, // katakana
		r >= 0x4e00 && r <= 0x9fff, // CJK unified ideographs
		r >= 0xff01 && r <= 0xff5e: // full-width forms
		return true
	}
	return false
}

func repeatSpaces(n int) []rune {
	return []rune(strings.Repeat(string(' '), n))
}

func clamp(v, low, high int) int {
	if high < low {
		low, high = high, low
	}
	return min(high, max(low, v))
}
