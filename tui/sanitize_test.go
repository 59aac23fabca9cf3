package tui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "hello\nworld", "hello\nworld"},
		{"csi", "a\x1b[2Jb", "ab"},
		{"sgr", "\x1b[31mred\x1b[0m", "red"},
		{"osc title bel", "a\x1b]0;owned\x07b", "ab"},
		{"osc 52 st", "a\x1b]52;c;Zm9v\x1b\\b", "ab"},
		{"osc 8 link text kept", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"dcs", "a\x1bPq#0\x1b\\b", "ab"},
		{"apc", "a\x1b_secret\x1b\\b", "ab"},
		{"unterminated osc keeps text", "a\x1b]0;rest of entry", "a0;rest of entry"},
		{"two-byte esc", "a\x1bcb", "ab"},
		{"lone esc at end", "a\x1b", "a"},
		{"raw 0x9b", "a\x9b2Jb", "a\ufffd2Jb"},
		{"c1 csi", "a\u009b2Jb", "a⟨U+009B⟩2Jb"},
		{"c1 nel", "a\u0085b", "a⟨U+0085⟩b"},
		{"bel", "a\x07b", "a␇b"},
		{"backspace", "abc\b\bXY", "abc␈␈XY"},
		{"cr", "secret\rhidden", "secret␍hidden"},
		{"crlf", "one\r\ntwo", "one\ntwo"},
		{"nul", "a\x00b", "a␀b"},
		{"del", "a\x7fb", "a␡b"},
		{"tab", "a\tb", "a    b"},
		{"rlo", "a\u202egnp.exe", "a⟨U+202E⟩gnp.exe"},
		{"isolate", "\u2066x\u2069", "⟨U+2066⟩x⟨U+2069⟩"},
		{"marks", "\u200e\u200f\u061c", "⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩"},
		{"zwj kept", "👩\u200d💻", "👩\u200d💻"},
		{"invalid utf8", "a\xffb", "a\ufffdb"},
		{"combining capped", "e" + strings.Repeat("\u0301", 100), "e" + strings.Repeat("\u0301", maxCombiningRun)},
		{"accents kept", "café naïve", "café naïve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sanitize(tt.in); got != tt.want {
				t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeBreaksHugeLines(t *testing.T) {
	got := sanitize(strings.Repeat("é", 3*maxDisplayLine))
	for _, line := range strings.Split(got, "\n") {
		if n := utf8.RuneCountInString(line); n > maxDisplayLine {
			t.Fatalf("a line of %d runes survived", n)
		}
	}
	if strings.Count(got, "é") != 3*maxDisplayLine {
		t.Fatal("breaking the line lost text")
	}
}

func TestKeepOnlySGR(t *testing.T) {
	in := "\x1b[1;38;5;252mbold\x1b[m \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1b[2J"
	if got, want := keepOnlySGR(in), "\x1b[1;38;5;252mbold\x1b[m link "; got != want {
		t.Fatalf("keepOnlySGR = %q, want %q", got, want)
	}
}

// checkSanitized reports the first thing in s a terminal could act on.
func checkSanitized(s string) (string, bool) {
	if !utf8.ValidString(s) {
		return "invalid UTF-8", false
	}
	for _, r := range s {
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f:
			return "C0 or DEL", false
		case r >= 0x80 && r <= 0x9f:
			return "C1", false
		case isBidiControl(r):
			return "bidi control", false
		}
	}
	return "", true
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "plain text", "\x1b[2J", "\x1b]0;x\x07", "\x1b]52;c;AAAA\x07", "\x1b]8;;http://x\x1b\\y\x1b]8;;\x1b\\",
		"\x1bP…\x1b\\", "\x1b_…\x1b\\", "\x9b2J", "\u009b2J", "\x07", "\b", "\r", "\x00", "\x7f",
		"\u202e", "\u2066", "e" + strings.Repeat("\u0301", 100), "\t\ttabs", "\x1b", "\x1b[", "\x1b]", "\xff\xfe",
		"\x1b\x1b[31m", "a\r\nb", strings.Repeat("x", maxDisplayLine+5),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := sanitize(in)
		if what, ok := checkSanitized(out); !ok {
			t.Fatalf("sanitize(%q) = %q still has %s", in, out, what)
		}
		if again := sanitize(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", in, out, again)
		}
	})
}
