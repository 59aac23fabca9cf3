package textarea

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	upstream "charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// The fork must behave and draw exactly as the bubbles textarea it came
// from, configured as the diary configures it. These tests drive both with
// the same script of keys, pastes, resizes and wheel turns and compare,
// after every step, the text, the cursor, the scroll position and the
// view byte for byte.

// pair is the fork and the upstream textarea, set up alike.
type pair struct {
	fork    Model
	up      upstream.Model
	problem string
	updated bool // the last step was a message to Update
}

func newPair(width, height int, placeholder string, dark bool) *pair {
	up := upstream.New()
	up.ShowLineNumbers = false
	up.CharLimit = 0
	up.MaxHeight = 0
	up.MaxContentHeight = 0
	up.Placeholder = placeholder
	up.SetVirtualCursor(false)
	up.KeyMap.Paste.SetEnabled(false)
	up.KeyMap.CopySelection.SetEnabled(false)
	up.KeyMap.SelectAll.SetEnabled(false)
	up.SetStyles(upstream.DefaultStyles(dark))
	up.SetWidth(width)
	up.SetHeight(height)
	up.Focus()

	fork := New()
	fork.Placeholder = placeholder
	fork.SetStyles(DefaultStyles(dark))
	fork.SetWidth(width)
	fork.SetHeight(height)
	fork.Focus()
	return &pair{fork: fork, up: up}
}

// keys are every key the textarea knows (and three it must ignore: the
// clipboard's), and some text.
var keys = []tea.KeyPressMsg{
	{Code: tea.KeyLeft}, {Code: tea.KeyRight}, {Code: tea.KeyUp}, {Code: tea.KeyDown},
	{Code: 'f', Mod: tea.ModCtrl}, {Code: 'b', Mod: tea.ModCtrl}, {Code: 'n', Mod: tea.ModCtrl}, {Code: 'p', Mod: tea.ModCtrl},
	{Code: tea.KeyRight, Mod: tea.ModAlt}, {Code: tea.KeyLeft, Mod: tea.ModCtrl}, {Code: 'f', Mod: tea.ModAlt}, {Code: 'b', Mod: tea.ModAlt},
	{Code: tea.KeyBackspace, Mod: tea.ModAlt}, {Code: 'w', Mod: tea.ModCtrl},
	{Code: tea.KeyDelete, Mod: tea.ModAlt}, {Code: 'd', Mod: tea.ModAlt},
	{Code: 'k', Mod: tea.ModCtrl}, {Code: 'u', Mod: tea.ModCtrl},
	{Code: tea.KeyEnter}, {Code: tea.KeyBackspace}, {Code: tea.KeyDelete}, {Code: 'd', Mod: tea.ModCtrl}, {Code: 'h', Mod: tea.ModCtrl},
	{Code: tea.KeyHome}, {Code: tea.KeyEnd}, {Code: 'a', Mod: tea.ModCtrl}, {Code: 'e', Mod: tea.ModCtrl},
	{Code: tea.KeyPgUp}, {Code: tea.KeyPgDown},
	{Code: tea.KeyHome, Mod: tea.ModCtrl}, {Code: tea.KeyEnd, Mod: tea.ModCtrl}, {Code: '<', Mod: tea.ModAlt}, {Code: '>', Mod: tea.ModAlt},
	{Code: 'c', Mod: tea.ModAlt}, {Code: 'l', Mod: tea.ModAlt}, {Code: 'u', Mod: tea.ModAlt}, {Code: 't', Mod: tea.ModCtrl},
	{Code: tea.KeyRight, Mod: tea.ModShift}, {Code: tea.KeyLeft, Mod: tea.ModShift},
	{Code: tea.KeyRight, Mod: tea.ModShift | tea.ModCtrl}, {Code: tea.KeyLeft, Mod: tea.ModShift | tea.ModAlt},
	{Code: tea.KeyUp, Mod: tea.ModShift}, {Code: tea.KeyDown, Mod: tea.ModShift},
	{Code: 'v', Mod: tea.ModCtrl}, {Code: 'g', Mod: tea.ModCtrl}, {Code: 'c', Mod: tea.ModCtrl | tea.ModShift},
	{Code: 'a', Text: "a"}, {Code: 'z', Text: "z"}, {Code: ' ', Text: " "}, {Code: 'é', Text: "é"},
	{Code: '漢', Text: "漢"}, {Code: '👍', Text: "👍"}, {Code: 'e', Text: "e\u0301"},
}

// texts are pasted or set whole.
var texts = []string{
	"",
	"one line",
	"a line of diary text that is long enough to wrap once or twice at this width",
	"first\nsecond\n\nfourth after a blank",
	"tab\tand\r\ncarriage return\x07bell\x1b[31m escape",
	strings.Repeat("word ", 40),
	strings.Repeat(" ", 70) + "x",
	"longwordwithoutanyspacesthatisfarwiderthananyreasonabletextareawidthcanhold",
	"漢字かな交じり文を書いてみますが、幅が二つの文字ばかりです。漢字かな交じり文",
	"emoji 👍🏽 and flags 🇨🇦 and ZWJ 👩‍👩‍👧 and combining é",
	"bidi \u202eevil\u202c and \u200b zero width",
	strings.Repeat("line\n", 30),
}

// step applies one operation, chosen by the next bytes of the script, to
// both, and reports what it was.
func (p *pair) step(script []byte) (string, []byte) {
	if len(script) == 0 {
		return "", nil
	}
	op, script := script[0], script[1:]
	p.updated = op < 225
	arg := func() int {
		if len(script) == 0 {
			return 0
		}
		a := int(script[0])
		script = script[1:]
		return a
	}
	switch {
	case op < 200:
		k := keys[int(op)%len(keys)]
		if k.String() == "ctrl+t" {
			p.transpose(k)
			return "key " + k.String(), script
		}
		p.fork, _ = p.fork.Update(k)
		p.up, _ = p.up.Update(k)
		return "key " + k.String(), script
	case op < 215:
		s := texts[arg()%len(texts)]
		p.fork, _ = p.fork.Update(tea.PasteMsg{Content: s})
		p.up, _ = p.up.Update(tea.PasteMsg{Content: s})
		return fmt.Sprintf("paste %q", s), script
	case op < 225:
		b := tea.MouseWheelDown
		if op%2 == 0 {
			b = tea.MouseWheelUp
		}
		msg := tea.MouseWheelMsg{Button: b}
		p.fork, _ = p.fork.Update(msg)
		p.up, _ = p.up.Update(msg)
		return "wheel " + msg.String(), script
	case op < 235:
		w, h := 4+arg()%70, 1+arg()%14
		p.fork.SetWidth(w)
		p.up.SetWidth(w)
		p.fork.SetHeight(h)
		p.up.SetHeight(h)
		p.settle(true)
		return fmt.Sprintf("size %dx%d", w, h), script
	case op < 242:
		s := texts[arg()%len(texts)]
		p.fork.SetValue(s)
		p.up.SetValue(s)
		if op%2 == 0 {
			p.fork.MoveToBegin()
			p.up.MoveToBegin()
		}
		p.settle(op%2 == 0)
		return fmt.Sprintf("set %q", s), script
	case op < 248:
		p.fork.CursorDown()
		p.up.CursorDown()
		p.settle(true)
		return "CursorDown", script
	case op < 252:
		c := arg() % 90
		p.fork.SetCursorColumn(c)
		p.up.SetCursorColumn(c)
		p.settle(false)
		return fmt.Sprint("SetCursorColumn ", c), script
	default:
		if p.fork.Focused() {
			p.fork.Blur()
			p.up.Blur()
			return "blur", script
		}
		p.fork.Focus()
		p.up.Focus()
		return "focus", script
	}
}

// settle follows a call made outside Update (scrolled if the call
// scrolls to the cursor: resizes and vertical moves, not SetValue or
// SetCursorColumn). There the upstream scrolls
// within the rows its viewport held at the last message (before a resize
// or new text), so it can leave the cursor off screen, or scroll to where
// the old rows allowed, until the next message. The fork keeps the cursor
// on screen at once, scrolling as little as it can. An empty message
// settles the upstream; the fork must have its cursor on screen, and then
// takes the upstream's scroll position, so that what follows is compared
// exactly.
func (p *pair) settle(scrolled bool) {
	row := p.fork.cursorLineNumber()
	if off := p.fork.yOffset; scrolled && (row < off || row >= off+p.fork.height) {
		p.problem = fmt.Sprintf("the cursor's row %d is off screen (rows %d to %d)", row, off, off+p.fork.height-1)
	}
	blurred := !p.up.Focused()
	p.up.Focus()
	p.up, _ = p.up.Update(nil)
	if blurred {
		p.up.Blur()
	}
	p.fork.yOffset = p.up.ScrollYOffset()
}

// transposeClusters is what the fork's ctrl+t does to a line with the
// cursor at col: it exchanges the grapheme clusters before and after the
// cursor (the last two at the end of the line; a cursor inside a cluster
// stands after it) and puts the cursor after both. It returns the line
// and the cursor after, and where the two clusters begin and their
// lengths in runes (a is 0 when there is nothing to exchange).
func transposeClusters(line []rune, col int) (after []rune, cursor, start, a, b int) {
	bounds := []int{0}
	for g := uniseg.NewGraphemes(string(line)); g.Next(); {
		bounds = append(bounds, bounds[len(bounds)-1]+len(g.Runes()))
	}
	n := len(bounds) - 1 // clusters
	if col <= 0 || n < 2 {
		return line, col, 0, 0, 0
	}
	at := 1 // the cluster after the cursor
	for at < n-1 && bounds[at] < col {
		at++
	}
	start, a, b = bounds[at-1], bounds[at]-bounds[at-1], bounds[at+1]-bounds[at]
	after = slices.Concat(line[:start], line[start+a:start+a+b], line[start:start+a], line[start+a+b:])
	return after, start + a + b, start, a, b
}

// transposeRunes is what the upstream's ctrl+t does: the same with runes.
func transposeRunes(line []rune, col int) (after []rune, cursor int) {
	if col <= 0 || len(line) < 2 {
		return line, col
	}
	col = min(col, len(line)-1)
	after = slices.Clone(line)
	after[col-1], after[col] = after[col], after[col-1]
	return after, col + 1
}

// transpose presses ctrl+t. The fork exchanges grapheme clusters where
// the upstream exchanges runes, and so takes a skin tone from its emoji
// or an accent from its letter (see transposeLeft). Where the two differ
// the fork is checked against transposeClusters, and the upstream is made
// to exchange the same clusters with its own ctrl+t, a rune at a time, so
// that both go on alike.
func (p *pair) transpose(k tea.KeyPressMsg) {
	line, col := []rune(strings.Split(p.fork.Value(), "\n")[p.fork.Line()]), p.fork.Column()
	want, wantCol, start, a, b := transposeClusters(line, col)
	// (Unfocused, neither takes a key.)
	if up, upCol := transposeRunes(line, col); !p.fork.Focused() || slices.Equal(up, want) && upCol == wantCol {
		p.fork, _ = p.fork.Update(k)
		p.up, _ = p.up.Update(k)
		return
	}
	p.fork, _ = p.fork.Update(k)
	if got := []rune(strings.Split(p.fork.Value(), "\n")[p.fork.Line()]); !slices.Equal(got, want) || p.fork.Column() != wantCol {
		p.problem = fmt.Sprintf("ctrl+t at %d in %q gave %q with the cursor at %d, want %q at %d", col, string(line), string(got), p.fork.Column(), string(want), wantCol)
		return
	}
	// Carry each rune of the first cluster, last first, across the
	// second: ctrl+t with the cursor after a rune moves it one on.
	for i := a - 1; i >= 0; i-- {
		p.up.SetCursorColumn(start + i + 1)
		for range b {
			p.up, _ = p.up.Update(k)
		}
	}
	p.up.SetCursorColumn(wantCol)
	p.up, _ = p.up.Update(nil)
}

// same reports the first difference between the two, or "".
func (p *pair) same() string {
	f, u := &p.fork, &p.up
	if p.problem != "" {
		return p.problem
	}
	if f.Value() != u.Value() {
		return fmt.Sprintf("value %q, upstream %q", f.Value(), u.Value())
	}
	if f.Line() != u.Line() || f.Column() != u.Column() {
		return fmt.Sprintf("cursor %d:%d, upstream %d:%d", f.Line(), f.Column(), u.Line(), u.Column())
	}
	if fl, ul := f.LineInfo(), u.LineInfo(); fl != LineInfo(ul) {
		return fmt.Sprintf("line info %+v, upstream %+v", fl, ul)
	}
	// The upstream's View settles its scroll position; the program always
	// draws after a message, so compare after drawing.
	if fv, uv := f.View(), u.View(); fv != uv && !rewrappedByViewport(f, fv, uv) {
		return fmt.Sprintf("view\n%s\nupstream\n%s\n(%q\n%q)", fv, uv, fv, uv)
	}
	if f.ScrollYOffset() != u.ScrollYOffset() {
		return fmt.Sprintf("scrolled to %d, upstream %d", f.ScrollYOffset(), u.ScrollYOffset())
	}
	fc, uc := f.Cursor(), u.Cursor()
	switch {
	case (fc == nil) != (uc == nil):
		return fmt.Sprintf("cursor %v, upstream %v", fc, uc)
	case fc != nil && (fc.Position != uc.Position || fc.Shape != uc.Shape || fc.Blink != uc.Blink || fc.Color != uc.Color):
		return fmt.Sprintf("terminal cursor %+v, upstream %+v", *fc, *uc)
	}
	if f.Height() != u.Height() || f.Width() != u.Width() {
		return fmt.Sprintf("size %dx%d, upstream %dx%d", f.Width(), f.Height(), u.Width(), u.Height())
	}
	return ""
}

// replay runs a whole script, failing at the first difference.
func replay(t *testing.T, script []byte) {
	t.Helper()
	if len(script) < 3 {
		return
	}
	p := newPair(8+int(script[0])%60, 1+int(script[1])%12, []string{"", "Write freely. Nothing leaves this computer."}[script[2]%2], script[2]%4 < 2)
	script = script[3:]
	if d := p.same(); d != "" {
		t.Fatalf("before any step: %s", d)
	}
	var done []string
	for len(script) > 0 {
		var what string
		before, rev, selected := p.fork.Value(), p.fork.Revision(), p.fork.HasSelection()
		what, script = p.step(script)
		done = append(done, what)
		d := p.same()
		// The revision moves exactly when the text changes, except that
		// typing or pasting over a selection counts even when what is
		// typed is what was selected.
		changed, moved := p.fork.Value() != before, p.fork.Revision() != rev
		if d == "" && p.updated && changed != moved && !(moved && selected) {
			d = fmt.Sprintf("the text changed: %v, but the revision went from %d to %d", changed, rev, p.fork.Revision())
		}
		if n := len(strings.Fields(p.fork.Value())); d == "" && p.fork.Words() != n {
			d = fmt.Sprintf("%d words counted, the text has %d", p.fork.Words(), n)
		}
		if d != "" {
			if len(done) > 12 {
				done = done[len(done)-12:]
			}
			t.Fatalf("after %s: %s\n(last steps: %s)", what, d, strings.Join(done, "; "))
		}
	}
}

// TestMatchesUpstream replays random scripts, weighted towards typing and
// moving as a writer does.
func TestMatchesUpstream(t *testing.T) {
	n := 30
	if testing.Short() {
		n = 15
	}
	for seed := range uint64(n) {
		r := rand.New(rand.NewPCG(seed, 13))
		script := []byte{byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256))}
		// Start from some text, so moving and scrolling have work to do.
		script = append(script, 236, byte(r.IntN(len(texts))))
		for range 150 {
			switch x := r.IntN(100); {
			case x < 45: // typing
				script = append(script, byte(len(keys)-1-r.IntN(7)))
			case x < 88: // any key
				script = append(script, byte(r.IntN(200)))
			default: // anything else
				script = append(script, byte(200+r.IntN(56)), byte(r.IntN(256)), byte(r.IntN(256)))
			}
		}
		t.Run(fmt.Sprint(seed), func(t *testing.T) { replay(t, script) })
	}
}

// FuzzMatchesUpstream: any script of steps leaves the fork and the
// upstream alike.
func FuzzMatchesUpstream(f *testing.F) {
	f.Add([]byte{30, 5, 0, 236, 2, 196, 196, 18, 196, 27, 28, 29, 30})
	f.Add([]byte{20, 3, 1, 237, 6, 1, 2, 1, 1, 196, 3, 3, 38, 38, 39, 0, 220, 221})
	f.Add([]byte{10, 4, 2, 236, 8, 196, 18, 196, 197, 198, 3, 2, 2, 34, 35, 36, 37})
	// 👍 deleted from 👍🏽 leaves its skin tone after a space, on a full
	// row (see rewrappedByViewport).
	f.Add([]byte{11, 4, 0, 236, 9, 1, 1, 1, 1, 1, 1, 1, 19, 24})
	f.Fuzz(replay)
}

// rewrappedByViewport reports that the upstream's view is the fork's, every
// row exactly as wide as the text area by ansi.StringWidth, with rows
// broken again by the upstream's viewport. The viewport pads its rows with
// lipgloss's Width, which wraps any row it measures as too wide, and it
// measures otherwise than ansi.StringWidth: an ASCII character is taken
// on its own, so a character that joins it in one cluster (a skin tone
// after a space, as ctrl+t could leave it upstream, or when 👍 is deleted
// from 👍🏽) counts for its own width as well. Such a row, which fits by
// the measure the text was wrapped with, comes out of the upstream as two
// screen lines, the second without its prompt, and the text area one line
// taller than it was asked to be; the fork draws the row as it was
// wrapped, and the field keeps its height.
func rewrappedByViewport(f *Model, fv, uv string) bool {
	lines := strings.Split(fv, "\n")
	if len(lines) != f.Height() {
		return false
	}
	for _, l := range lines {
		if ansi.StringWidth(l) != f.viewWidth {
			return false
		}
	}
	return lipgloss.NewStyle().Width(f.viewWidth).Render(fv) == uv
}
