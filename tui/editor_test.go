package tui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestEditorWindowMatchesTextarea replays random editing against the
// windowed editor and against a plain textarea holding the whole text (the
// oracle, fine below its 10,000-line cap): after every key both hold the
// same text with the cursor on the same line and column, and the editor's
// revision moved exactly when the text changed.
func TestEditorWindowMatchesTextarea(t *testing.T) {
	keys := []tea.KeyPressMsg{
		{Code: tea.KeyUp}, {Code: tea.KeyDown}, {Code: tea.KeyLeft}, {Code: tea.KeyRight},
		{Code: tea.KeyEnter}, {Code: tea.KeyBackspace},
		{Code: tea.KeyDelete}, {Code: tea.KeyHome}, {Code: tea.KeyEnd},
		{Code: tea.KeyHome, Mod: tea.ModCtrl}, {Code: tea.KeyEnd, Mod: tea.ModCtrl},
		{Code: 'k', Mod: tea.ModCtrl}, {Code: 'w', Mod: tea.ModCtrl},
		{Code: 'a', Text: "a"}, {Code: 'é', Text: "é"}, {Code: ' ', Text: " "},
	}
	// Long jumps are rarer than the keys a writer mostly presses.
	// (Page up and down are left out: where they land depends on how the
	// view is scrolled, which a moved window resets. TestEditorPaging covers
	// them.)
	weights := []int{20, 20, 5, 5, 4, 4, 2, 2, 2, 1, 1, 1, 1, 10, 3, 5}
	pick := func(r *rand.Rand) tea.KeyPressMsg {
		total := 0
		for _, w := range weights {
			total += w
		}
		n := r.IntN(total)
		for i, w := range weights {
			if n < w {
				return keys[i]
			}
			n -= w
		}
		return keys[0]
	}
	// A small window, so the oracle (which lays out every line on every
	// key) stays quick and the window moves often.
	defer func(w, m int) { editorWindow, editorMargin = w, m }(editorWindow, editorMargin)
	editorWindow, editorMargin = 24, 6
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			var b strings.Builder
			n := 36 + r.IntN(30) // over the window's 24 lines, so it moves

			for i := range n {
				if i > 0 {
					b.WriteByte('\n')
				}
				fmt.Fprintf(&b, "%d %s", i, strings.Repeat("word ", r.IntN(25)))
			}
			text := b.String()

			oracle := newEditor()
			oracle.SetWidth(60)
			oracle.SetHeight(20)
			oracle.SetValue(text)
			oracle.MoveToBegin()
			oracle.Focus()
			ed := editor{ta: newEditor()}
			ed.ta.SetWidth(60)
			ed.ta.SetHeight(20)
			ed.SetValue(text)
			ed.ta.Focus()
			if len(ed.post) == 0 {
				t.Fatal("the text is not long enough to need a window")
			}
			for i := range 500 {
				k := pick(r)
				before, rev := oracle.Value(), ed.revision()
				oracle, _ = oracle.Update(k)
				ed.Update(k)
				// A key that moves the window changes what the textarea
				// holds, but only a change to the text counts.
				if changed := oracle.Value() != before; changed != (ed.revision() != rev) {
					t.Fatalf("after key %d (%s) the text changed: %v, but the revision went from %d to %d", i, k, changed, rev, ed.revision())
				}
				if i%50 == 0 || k.Mod == tea.ModCtrl {
					if got, want := ed.Value(), oracle.Value(); got != want {
						t.Fatalf("after key %d (%s) the texts differ: %d and %d bytes", i, k, len(got), len(want))
					}
				}
				if ed.Line() != oracle.Line() || ed.ta.Column() != oracle.Column() {
					t.Fatalf("after key %d (%s) the cursor is at %d:%d, the oracle's at %d:%d",
						i, k, ed.Line(), ed.ta.Column(), oracle.Line(), oracle.Column())
				}
			}
			if ed.Value() != oracle.Value() {
				t.Fatal("the texts differ at the end")
			}
			if got, want := ed.Words(), len(strings.Fields(oracle.Value())); got != want {
				t.Fatalf("%d words counted, the text has %d", got, want)
			}
		})
	}
}

// TestEditorPaging pages through a long text to its end and back: the text
// is untouched and the cursor reaches both ends.
func TestEditorPaging(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	text := strings.TrimSuffix(b.String(), "\n")
	defer func(w, m int) { editorWindow, editorMargin = w, m }(editorWindow, editorMargin)
	editorWindow, editorMargin = 60, 25
	ed := editor{ta: newEditor()}
	ed.ta.SetWidth(60)
	ed.ta.SetHeight(20)
	ed.SetValue(text)
	ed.ta.Focus()
	rev := ed.revision()
	for range 400 {
		ed.Update(tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	if ed.Line() != 2999 {
		t.Fatalf("paging down stopped at line %d of 3000", ed.Line())
	}
	for range 400 {
		ed.Update(tea.KeyPressMsg{Code: tea.KeyPgUp})
	}
	if ed.Line() != 0 {
		t.Fatalf("paging up stopped at line %d", ed.Line())
	}
	if ed.Value() != text {
		t.Fatal("paging changed the text")
	}
	if ed.revision() != rev {
		t.Fatal("paging through the text counted as a change to it")
	}
}

// TestEditorWindowFollowsHeight: the window holds a few screens of a long
// text, whatever the height, so a taller terminal is never left half empty
// and a short one does not lay out hundreds of lines per key.
func TestEditorWindowFollowsHeight(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "line %d of a long entry\n", i)
	}
	text := b.String()
	ed := editor{ta: newEditor()}
	ed.SetValue(text) // before any size: the textarea's default height
	for _, h := range []int{10, 60, 20, 150} {
		ed.SetSize(70, h)
		window, margin := ed.bounds()
		if n := ed.ta.LineCount(); n != window || n < 2*margin+1 || margin <= h {
			t.Fatalf("height %d: the window holds %d lines (margin %d)", h, n, margin)
		}
		if ed.Value() != text || ed.Words() != 5000*6 {
			t.Fatalf("height %d: resizing changed the text or its count (%d words)", h, ed.Words())
		}
	}
	if window, _ := ed.bounds(); window > editorWindow {
		t.Fatalf("a window of %d lines, over the cap of %d", window, editorWindow)
	}
}
