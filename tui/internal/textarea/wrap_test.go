package textarea

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	rw "github.com/mattn/go-runewidth"
	"github.com/rivo/uniseg"
)

// wrapReference is the upstream's wrap, unchanged: wrap must give the
// same rows for every line and width.
func wrapReference(runes []rune, width int) [][]rune {
	var (
		lines  = [][]rune{{}}
		word   = []rune{}
		row    int
		spaces int
	)

	// Word wrap the runes
	for _, r := range runes {
		if unicode.IsSpace(r) {
			spaces++
		} else {
			word = append(word, r)
		}

		if spaces > 0 { //nolint:nestif
			if uniseg.StringWidth(string(lines[row]))+uniseg.StringWidth(string(word))+spaces > width {
				row++
				lines = append(lines, []rune{})
				lines[row] = append(lines[row], word...)
				lines[row] = append(lines[row], repeatSpaces(spaces)...)
				spaces = 0
				word = nil
			} else {
				lines[row] = append(lines[row], word...)
				lines[row] = append(lines[row], repeatSpaces(spaces)...)
				spaces = 0
				word = nil
			}
		} else {
			// If the last character is a double-width rune, then we may not be able to add it to this line
			// as it might cause us to go past the width.
			lastCharLen := rw.RuneWidth(word[len(word)-1])
			if uniseg.StringWidth(string(word))+lastCharLen > width {
				// If the current line has any content, let's move to the next
				// line because the current word fills up the entire line.
				if len(lines[row]) > 0 {
					row++
					lines = append(lines, []rune{})
				}
				lines[row] = append(lines[row], word...)
				word = nil
			}
		}
	}

	if uniseg.StringWidth(string(lines[row]))+uniseg.StringWidth(string(word))+spaces >= width {
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

// wrapPieces are what random lines are made of: words, spaces of several
// kinds, wide characters, and the characters that join into one cluster
// (combining marks, variation selectors, skin tones, ZWJ sequences,
// flags, Hangul jamo).
var wrapPieces = []string{
	"word", "a", "longerword", " ", " ", "  ", "\u00a0", "\u3000",
	"漢", "字", "かな", "é", "e\u0301", "\u0301", "\ufe0f", "\ufe0e", "☺", "☺\ufe0f",
	"👍", "👍🏽", "🏽", "\u200d", "👩\u200d👩\u200d👧", "🇨", "🇦", "🇨🇦",
	"\u1100", "\u1161", "\u11a8", "각", "\u0915\u094d\u0937", "x",
}

func checkWrap(t *testing.T, line string, width int) {
	t.Helper()
	runes := []rune(line)
	got, want := wrap(runes, width), wrapReference(runes, width)
	if !slices.EqualFunc(got, want, func(a, b []rune) bool { return slices.Equal(a, b) }) {
		t.Fatalf("wrap(%q, %d) = %q, upstream %q", line, width, got, want)
	}
}

func TestWrapMatchesUpstream(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(wrapPieces[r.IntN(len(wrapPieces))])
		}
		checkWrap(t, b.String(), 1+i%40)
	}
	checkWrap(t, strings.Repeat("x", 500), 60)
	checkWrap(t, strings.Repeat("漢字", 300), 59)
	checkWrap(t, strings.Repeat("the shift was long ", 60), 76)
}

func FuzzWrapMatchesUpstream(f *testing.F) {
	f.Add("a line of diary text", uint8(10))
	f.Add("👩\u200d👩\u200d👧 🇨🇦🇨 e\u0301 ☺\ufe0f 漢字", uint8(5))
	f.Fuzz(func(t *testing.T, line string, width uint8) {
		if len(line) > 2000 {
			return
		}
		checkWrap(t, line, int(width%100))
	})
}

func BenchmarkWrap(b *testing.B) {
	for _, tc := range []struct {
		name string
		line string
	}{
		{"paragraph-1000", strings.Repeat("the shift was long and I am tired ", 30)},
		{"cjk-600", strings.Repeat("今日は長い一日でした。", 60)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			runes := []rune(tc.line)
			for range b.N {
				_ = wrap(runes, 118)
			}
		})
		b.Run(tc.name+"-upstream", func(b *testing.B) {
			runes := []rune(tc.line)
			for range b.N {
				_ = wrapReference(runes, 118)
			}
		})
	}
}
