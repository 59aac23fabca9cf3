package textarea

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/rivo/uniseg"
)

// wrapped is one line laid out at one width: its rows and their widths.
type wrapped struct {
	line   []rune // a copy of the line, to check a hash's match
	width  int
	rows   [][]rune
	widths []int // each row's width in cells
	drawn  int   // the widest row as drawn (a too-wide row loses a trailing space)
	words  int   // runs of characters that are not white space
}

// tooWide reports a row drawn wider than the text's width, which makes the
// upstream's viewport cut every row on screen to the width.
func (w *wrapped) tooWide(width int) bool { return w.drawn > width }

func newWrapped(line []rune, width int) *wrapped {
	w := &wrapped{line: slices.Clone(line), width: width, rows: wrap(line, width)}
	inWord := false
	for _, r := range line {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			w.words++
		}
		inWord = !space
	}
	w.widths = make([]int, len(w.rows))
	for i, r := range w.rows {
		cells := uniseg.StringWidth(string(r))
		w.widths[i] = cells
		if cells > width && len(r) > 0 && r[len(r)-1] == ' ' {
			cells--
		}
		w.drawn = max(w.drawn, cells)
	}
	return w
}

// wrapCacheSize is how many laid-out lines are kept before the cache
// starts again; an edit makes a new version of its line each key.
const wrapCacheSize = 4096

// wrapCache keeps each line's layout, found by a hash of its runes and
// the width and checked against a copy of the line, so a key re-lays out
// only the line it changed. (The upstream hashed every line with SHA-256
// on every look-up.)
type wrapCache struct {
	entries map[uint64]*wrapped
	// byRow is what each row of the text last found; a row that has not
	// changed finds it again by a comparison, without hashing.
	byRow []*wrapped
}

func newWrapCache() *wrapCache { return &wrapCache{entries: make(map[uint64]*wrapped)} }

// row is get for the line at row of the text.
func (c *wrapCache) row(row int, line []rune, width int) *wrapped {
	if row < len(c.byRow) {
		if w := c.byRow[row]; w != nil && w.width == width && slices.Equal(w.line, line) {
			return w
		}
	} else {
		c.byRow = append(c.byRow, make([]*wrapped, row+1-len(c.byRow))...)
	}
	w := c.get(line, width)
	c.byRow[row] = w
	return w
}

func (c *wrapCache) get(line []rune, width int) *wrapped {
	h := hashLine(line, width)
	if w, ok := c.entries[h]; ok && w.width == width && slices.Equal(w.line, line) {
		return w
	}
	if len(c.entries) >= wrapCacheSize {
		clear(c.entries)
		clear(c.byRow)
	}
	w := newWrapped(line, width)
	c.entries[h] = w
	return w
}

// hashLine is FNV-1a over the runes and the width.
func hashLine(line []rune, width int) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for _, r := range line {
		h ^= uint64(r)
		h *= prime
	}
	h ^= uint64(width) << 32
	h *= prime
	return h
}

// fastStyle draws with a style's escape codes found once, instead of
// working out the style for every piece of every row. A style it cannot
// be sure of (anything but colours and attributes on one line) is drawn
// by lipgloss every time.
type fastStyle struct {
	style          lipgloss.Style
	prefix, suffix string
	fast           bool
}

func newFastStyle(st lipgloss.Style) fastStyle {
	f := fastStyle{style: st}
	out := st.Render("x")
	i := strings.Index(out, "x")
	if i < 0 {
		return f
	}
	f.prefix, f.suffix = out[:i], out[i+1:]
	for _, probe := range []string{"", "yy", "a \x1b[7mb\x1b[m c", "┃ 漢字 é"} {
		if st.Render(probe) != f.prefix+probe+f.suffix {
			return f
		}
	}
	f.fast = true
	return f
}

// render draws s, which holds no tab, carriage return or line break.
func (f fastStyle) render(s string) string {
	if !f.fast {
		return f.style.Render(s)
	}
	if f.prefix == "" && f.suffix == "" {
		return s
	}
	return f.prefix + s + f.suffix
}

// drawStyles are one state's styles, ready to draw with.
type drawStyles struct {
	text, cursorLine, selection, endOfBuffer, prompt fastStyle
}

func newDrawStyles(s StyleState) *drawStyles {
	return &drawStyles{
		text:        newFastStyle(s.computedText()),
		cursorLine:  newFastStyle(s.computedCursorLine()),
		selection:   newFastStyle(s.computedSelection()),
		endOfBuffer: newFastStyle(s.computedEndOfBuffer()),
		prompt:      newFastStyle(s.computedPrompt()),
	}
}
