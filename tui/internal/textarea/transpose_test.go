package textarea

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// ctrl+t exchanges what a writer sees as characters: an emoji with its
// skin tone, a letter with its accent, a flag, each stays whole.
func TestTransposeKeepsCharactersWhole(t *testing.T) {
	for _, tc := range []struct {
		name      string
		line      string
		col       int
		want      string
		wantCol   int
		unchanged bool
	}{
		{"letters", "ab", 1, "ba", 2, false},
		{"letters at the end", "abc", 3, "acb", 3, false},
		{"emoji with a skin tone before a space", "ok 👍🏽 and", 5, "ok  👍🏽and", 6, false},
		{"cursor between the emoji and its skin tone", "ok 👍🏽 and", 4, "ok  👍🏽and", 6, false},
		{"emoji with a skin tone at the end", "ok 👍🏽", 5, "ok👍🏽 ", 5, false},
		{"space then emoji", "a 👍🏽", 2, "a👍🏽 ", 4, false},
		{"letter and combining accent", "xe\u0301y", 3, "xye\u0301", 4, false},
		{"two flags", "🇨🇦🇫🇷", 2, "🇫🇷🇨🇦", 4, false},
		{"family emoji", "👩\u200d👩\u200d👧!", 5, "!👩\u200d👩\u200d👧", 6, false},
		{"one character only", "👍🏽", 2, "👍🏽", 2, true},
		{"one character, cursor inside", "👍🏽", 1, "👍🏽", 1, true},
		{"at the start", "ab", 0, "ab", 0, true},
		{"the same character twice", "aa", 1, "aa", 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New()
			m.SetWidth(40)
			m.SetHeight(3)
			m.Focus()
			m.SetValue(tc.line)
			m.SetCursorColumn(tc.col)
			rev := m.Revision()
			m, _ = m.Update(tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl})
			if m.Value() != tc.want || m.Column() != tc.wantCol {
				t.Errorf("ctrl+t at %d in %q: %q with the cursor at %d, want %q at %d", tc.col, tc.line, m.Value(), m.Column(), tc.want, tc.wantCol)
			}
			if moved := m.Revision() != rev; moved == tc.unchanged {
				t.Errorf("revision moved: %v, want %v", moved, !tc.unchanged)
			}
		})
	}
}

// A skin tone left after a space (the emoji before it deleted, or pasted
// on its own) is one cluster with the space, one cell wide by the measure
// the text is wrapped with. The field still draws every row with its
// prompt and keeps the height it was given, where the upstream's viewport
// breaks such a row in two and grows by a line.
func TestStrandedSkinToneKeepsRows(t *testing.T) {
	p := newPair(18, 5, "", true)
	p.fork.SetValue("ok 👍🏽 and I wrote more")
	p.up.SetValue("ok 👍🏽 and I wrote more")
	p.settle(false)
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyHome}, {Code: tea.KeyRight}, {Code: tea.KeyRight}, {Code: tea.KeyRight}, {Code: tea.KeyRight}, {Code: tea.KeyBackspace}, {Code: tea.KeyEnd}} {
		p.fork, _ = p.fork.Update(k)
		p.up, _ = p.up.Update(k)
	}
	if got := p.fork.Value(); got != "ok 🏽 and I wrote more" {
		t.Fatalf("after deleting the emoji: %q", got)
	}
	if d := p.same(); d != "" {
		t.Fatal(d)
	}
	fv, uv := p.fork.View(), p.up.View()
	rows := strings.Split(fv, "\n")
	if len(rows) != 5 {
		t.Fatalf("%d rows drawn, want 5:\n%s", len(rows), fv)
	}
	for i, r := range rows {
		if !strings.HasPrefix(ansi.Strip(r), "┃ ") || ansi.StringWidth(r) != 18 {
			t.Errorf("row %d is %q (%d cells), want the prompt and 18 cells", i, ansi.Strip(r), ansi.StringWidth(r))
		}
	}
	if fv == uv {
		t.Log("the upstream now draws this row as the fork does: rewrappedByViewport may go")
	}
}
