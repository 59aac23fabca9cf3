package tui

import (
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
)

// editor is the bubbles textarea over a window of the text. The textarea
// lays out every one of its lines on each key press and drops lines past
// 10,000, so a long entry would be slow to type in and could not be held at
// all. Here it holds at most a few hundred lines around the cursor; the rest
// waits, untouched, before and after. When the cursor nears an edge of the
// window, the window moves. Value always gives the whole text.
type editor struct {
	ta   textarea.Model
	pre  []string // lines before the window
	post []string // lines after the window

	outsideWords int // words in pre and post, counted when they change
}

// The window's size. Variables only so that tests can make them small.
var (
	// editorWindow is how many lines the textarea holds after a move.
	editorWindow = 200
	// editorMargin is how close to an edge of the window the cursor may
	// come before the window moves; more than a page, so paging never
	// reaches the edge.
	editorMargin = 60
)

// SetValue replaces the whole text and puts the cursor at its start.
func (e *editor) SetValue(s string) {
	lines := strings.Split(s, "\n")
	e.pre, e.post = nil, nil
	if len(lines) > editorWindow {
		e.post = lines[editorWindow:]
		lines = lines[:editorWindow]
	}
	e.ta.SetValue(strings.Join(lines, "\n"))
	e.ta.MoveToBegin()
	e.countOutside()
}

// Words counts the words of the whole text. Lines break words, so the
// window's count and the rest's add up.
func (e *editor) Words() int { return e.outsideWords + len(strings.Fields(e.ta.Value())) }

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

// windowValue is the text in the window: what a key can change.
func (e *editor) windowValue() string { return e.ta.Value() }

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
	switch {
	case len(e.pre) > 0 && row < editorMargin,
		len(e.post) > 0 && row >= n-editorMargin,
		n > 2*editorWindow:
		e.moveWindow(e.Line(), e.ta.Column())
	}
}

// moveWindow re-cuts the window around line, with the cursor at col.
func (e *editor) moveWindow(line, col int) {
	all := make([]string, 0, e.LineCount())
	all = append(all, e.pre...)
	all = append(all, strings.Split(e.ta.Value(), "\n")...)
	all = append(all, e.post...)
	line = min(max(line, 0), len(all)-1)
	start := max(line-editorWindow/2, 0)
	end := min(start+editorWindow, len(all))
	start = max(end-editorWindow, 0)
	e.pre = append([]string(nil), all[:start]...)
	e.post = append([]string(nil), all[end:]...)
	e.ta.SetValue(strings.Join(all[start:end], "\n"))
	e.ta.MoveToBegin()
	// CursorDown walks wrapped rows too; it stops at the last line.
	for i := 0; e.ta.Line() < line-start && i < 16*editorWindow*4; i++ {
		e.ta.CursorDown()
	}
	e.ta.SetCursorColumn(col)
	e.countOutside()
}
