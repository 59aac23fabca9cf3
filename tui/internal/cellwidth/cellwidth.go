// Package cellwidth measures lines of a terminal frame in cells exactly as
// ansi.StringWidth does, remembering the lines of the last two frames.
//
// Measuring a line means walking it grapheme cluster by grapheme cluster;
// from one key press to the next most lines of a screen are the same, and
// looking a line up costs a small part of measuring it again. A Memo holds
// the text of what was drawn, so whoever owns one must Clear it (or drop
// it) when the diary locks.
package cellwidth

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Memo remembers the width of each line measured in this frame and the
// last. The zero value is ready to use; a nil *Memo measures every time.
type Memo struct {
	cur, prev map[string]int
}

// Width is ansi.StringWidth(s).
func (m *Memo) Width(s string) int {
	if plainASCII(s) {
		return len(s)
	}
	if m == nil {
		return ansi.StringWidth(s)
	}
	if w, ok := m.cur[s]; ok {
		return w
	}
	w, ok := m.prev[s]
	if !ok {
		w = ansi.StringWidth(s)
	}
	if m.cur == nil {
		m.cur = make(map[string]int)
	}
	// A line is often a piece of the whole frame's string; a copy keeps
	// the frame from being held for it.
	m.cur[strings.Clone(s)] = w
	return w
}

// Frame ends a frame: what was measured neither in it nor in the one
// before is forgotten.
func (m *Memo) Frame() {
	if m == nil {
		return
	}
	m.prev, m.cur = m.cur, m.prev
	clear(m.cur)
}

// Clear forgets every line.
func (m *Memo) Clear() {
	if m == nil {
		return
	}
	clear(m.cur)
	clear(m.prev)
}

// plainASCII reports a string of printable ASCII only, whose width is its
// length.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
