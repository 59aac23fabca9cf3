package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"peerdiary/tui/internal/textarea"
)

// editor is the textarea over a window of the text. The textarea drops
// lines past 10,000, and though it draws only the rows on screen, each key
// still walks every line it holds (to find the cursor's row), so a long
// entry could not be held at all and would slow every key. Here it holds
// at most a few screens around the cursor; the rest waits, untouched,
// before and after. When the cursor nears an edge of the window, the
// window moves. Value always gives the whole text.
type editor struct {
	ta   textarea.Model
	pre  []string // lines before the window
	post []string // lines after the window

	outsideWords int // words in pre and post, counted when they change

	// moves counts the textarea's revisions that were window moves, which
	// change what it holds but not the text.
	moves uint64
}

// Caps on the window's size, far above what any terminal needs; they are
// variables only so that tests can make them small.
var (
	// editorWindow is the most lines the textarea holds after a move.
	editorWindow = 1000
	// editorMargin is the furthest from an edge of the window the cursor
	// must stay; closer, and the window moves.
	editorMargin = 300
)

// bounds is the window and margin for the textarea's height. The textarea
// walks every line it holds on each key, so it holds only a few screens:
// the margin is a page and a bit, so paging never reaches an edge, and the
// window leaves half a page of travel either side before the next move.
func (e *editor) bounds() (window, margin int) {
	page := max(e.ta.Height(), 1)
	margin = min(editorMargin, page+2)
	window = min(editorWindow, 2*margin+page)
	return window, margin
}

// SetSize sizes the textarea, and re-cuts the window if it no longer
// suits the height, so a taller screen is never left half empty.
func (e *editor) SetSize(width, height int) {
	e.ta.SetWidth(width)
	if height == e.ta.Height() {
		return
	}
	e.ta.SetHeight(height)
	if window, _ := e.bounds(); (len(e.pre) > 0 || len(e.post) > 0) && e.ta.LineCount() != window {
		e.moveWindow(e.Line(), e.ta.Column())
	}
}

// SetValue replaces the whole text and puts the cursor at its start.
func (e *editor) SetValue(s string) {
	lines := strings.Split(s, "\n")
	e.pre, e.post = nil, nil
	if window, _ := e.bounds(); len(lines) > window {
		e.post = lines[window:]
		lines = lines[:window]
	}
	e.ta.SetValue(strings.Join(lines, "\n"))
	e.ta.MoveToBegin()
	e.countOutside()
}

// Words counts the words of the whole text. Lines break words, so the
// window's count and the rest's add up.
func (e *editor) Words() int { return e.outsideWords + e.ta.Words() }

func (e *editor) countOutside() {
	e.outsideWords = 0
	for _, part := range [][]string{e.pre, e.post} {
		for _, l := range part {
			e.outsideWords += len(strings.Fields(l))
		}
	}
}

// Value is the whole text.
func (e *editor) Value() string {
	if len(e.pre) == 0 && len(e.post) == 0 {
		return e.ta.Value()
	}
	var b strings.Builder
	for _, l := range e.pre {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	b.WriteString(e.ta.Value())
	for _, l := range e.post {
		b.WriteByte('\n')
		b.WriteString(l)
	}
	return b.String()
}

// MoveToEnd puts the cursor at the end of the whole text.
func (e *editor) MoveToEnd() {
	if len(e.post) > 0 {
		e.moveWindow(e.LineCount()-1, 0)
	}
	e.ta.MoveToEnd()
}

// MoveTo puts the cursor on line (of the whole text) at column col, or as
// near as the text allows.
func (e *editor) MoveTo(line, col int) { e.moveWindow(line, col) }

// revision changes whenever a key changes the text
// (textarea.Model.Revision), and not when the window moves.
func (e *editor) revision() uint64 { return e.ta.Revision() - e.moves }

// LineCount is the number of lines in the whole text.
func (e *editor) LineCount() int { return len(e.pre) + e.ta.LineCount() + len(e.post) }

// Line is the cursor's line in the whole text.
func (e *editor) Line() int { return len(e.pre) + e.ta.Line() }

// Update passes a message to the textarea, moving the window first for
// the keys that jump to the start or end of the text, and after any key
// that brought the cursor near an edge.
func (e *editor) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "ctrl+home", "alt+<":
			if len(e.pre) > 0 {
				e.moveWindow(0, 0)
			}
		case "ctrl+end", "alt+>":
			if len(e.post) > 0 {
				e.moveWindow(e.LineCount()-1, 0)
			}
		}
	}
	var cmd tea.Cmd
	e.ta, cmd = e.ta.Update(msg)
	e.follow()
	return cmd
}

// follow moves the window when the cursor is near one of its edges, or
// when a paste made it far larger than it should be.
func (e *editor) follow() {
	row, n := e.ta.Line(), e.ta.LineCount()
	window, margin := e.bounds()
	switch {
	case len(e.pre) > 0 && row < margin,
		len(e.post) > 0 && row >= n-margin,
		n > 2*window:
		e.moveWindow(e.Line(), e.ta.Column())
	}
}

// moveWindow re-cuts the window around line, with the cursor at col.
func (e *editor) moveWindow(line, col int) {
	window, _ := e.bounds()
	old := e.ta.Value()
	total := e.outsideWords + e.ta.Words() // a move changes no text
	all := make([]string, 0, e.LineCount())
	all = append(all, e.pre...)
	all = append(all, strings.Split(old, "\n")...)
	all = append(all, e.post...)
	line = min(max(line, 0), len(all)-1)
	start := max(line-window/2, 0)
	end := min(start+window, len(all))
	start = max(end-window, 0)
	e.pre = append([]string(nil), all[:start]...)
	e.post = append([]string(nil), all[end:]...)
	in := strings.Join(all[start:end], "\n")
	rev := e.ta.Revision()
	e.ta.SetValue(in)
	e.moves += e.ta.Revision() - rev
	e.ta.MoveToBegin()
	// CursorDown walks wrapped rows too; it stops at the last line.
	for i := 0; e.ta.Line() < line-start && i < 16*window*4; i++ {
		e.ta.CursorDown()
	}
	e.ta.SetCursorColumn(col)
	// Only the window's words are counted again, not the whole text.
	e.outsideWords = total - len(strings.Fields(in))
}
