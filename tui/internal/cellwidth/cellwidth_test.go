package cellwidth

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWidthIsStringWidth(t *testing.T) {
	lines := []string{
		"", "plain words", "\x1b[1mbold\x1b[m and not", "┃ 漢字 and é and e\u0301",
		"👍🏽 🇨🇦 👩\u200d👩\u200d👧", "\x1b[48;5;0m\x1b[37m┃ \x1b[m\x1b[m\x1b[48;5;0mtext\x1b[m", "tab\there",
	}
	var m Memo
	for round := range 3 {
		for _, l := range lines {
			if got, want := m.Width(l), ansi.StringWidth(l); got != want {
				t.Fatalf("round %d: Width(%q) = %d, ansi.StringWidth %d", round, l, got, want)
			}
		}
		m.Frame()
	}
	var none *Memo
	if none.Width("┃ x") != 3 {
		t.Fatal("a nil Memo does not measure")
	}
}

func TestForgets(t *testing.T) {
	var m Memo
	m.Width("┃ kept a frame")
	m.Frame()
	m.Frame()
	if len(m.cur)+len(m.prev) != 0 {
		t.Fatal("a line not measured for two frames is still held")
	}
	m.Width("┃ one")
	m.Frame()
	m.Width("┃ two")
	m.Clear()
	if len(m.cur)+len(m.prev) != 0 {
		t.Fatal("Clear kept lines")
	}
}

func FuzzWidth(f *testing.F) {
	f.Add("┃ \x1b[31mred\x1b[m 漢字")
	f.Add("e\u0301\u200d👍🏽")
	f.Fuzz(func(t *testing.T, s string) {
		var m Memo
		for range 2 {
			if got, want := m.Width(s), ansi.StringWidth(s); got != want {
				t.Fatalf("Width(%q) = %d, ansi.StringWidth %d", s, got, want)
			}
			m.Frame()
		}
	})
}
