package safetext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
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
		{"line separator", "a\u2028b\u2029c", "a⟨U+2028⟩b⟨U+2029⟩c"},
		{"zwj kept", "👩\u200d💻", "👩\u200d💻"},
		{"zwnj kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"invalid utf8", "a\xffb", "a\ufffdb"},
		{"combining capped", "e" + strings.Repeat("\u0301", 100), "e" + strings.Repeat("\u0301", MaxCombiningRun)},
		{"accents kept", "café naïve", "café naïve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"one\ntwo", "one two"},
		{"a\tb", "a b"},
		{"one\r\ntwo", "one two"},
		{"title\x1b]0;owned\x07", "title"},
		{"a\u202eb", "a⟨U+202E⟩b"},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A file name is shown with nothing hidden, so a person can see what is
// odd about it and find it.
func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"entries/abc.age", "entries/abc.age"},
		{"entries/\x1b]0;owned\x07x.age", "entries/␛]0;owned␇x.age"},
		{"entries/\x1b]52;c;Zm9v\x1b\\.age", "entries/␛]52;c;Zm9v␛\\.age"},
		{"a\x1b[2Jb", "a␛[2Jb"},
		{"two\nlines", "two␊lines"},
		{"tab\there", "tab␉here"},
		{"cr\rhere", "cr␍here"},
		{"a\xffb", "a⟨0xFF⟩b"},
		{"a\x9b2J", "a⟨0x9B⟩2J"},
		{"\u202egnp.age", "⟨U+202E⟩gnp.age"},
		{"zero\u200bwidth", "zero⟨U+200B⟩width"},
		{"\ufeffbom", "⟨U+FEFF⟩bom"},
		{"a\u2028b", "a⟨U+2028⟩b"},
		{"👩\u200d💻", "👩\u200d💻"},
		{"café", "café"},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTextBreaksHugeLines(t *testing.T) {
	got := Text(strings.Repeat("é", 3*MaxLine))
	for line := range strings.SplitSeq(got, "\n") {
		if n := utf8.RuneCountInString(line); n > MaxLine {
			t.Fatalf("a line of %d runes survived", n)
		}
	}
	if strings.Count(got, "é") != 3*MaxLine {
		t.Fatal("breaking the line lost text")
	}
}

func TestMarkBidi(t *testing.T) {
	in := "\x1b[1mbold\x1b[m a\u202eb\u2028"
	if got, want := MarkBidi(in), "\x1b[1mbold\x1b[m a⟨U+202E⟩b⟨U+2028⟩"; got != want {
		t.Fatalf("MarkBidi = %q, want %q", got, want)
	}
}

// unsafe reports the first thing in s a terminal could act on, for text
// that may keep newlines.
func unsafe(s string, newlines bool) (string, bool) {
	if !utf8.ValidString(s) {
		return "invalid UTF-8", true
	}
	for _, r := range s {
		switch {
		case r == '\n' && newlines:
		case r < 0x20, r == 0x7f:
			return "C0 or DEL", true
		case r >= 0x80 && r <= 0x9f:
			return "C1", true
		case IsBidiControl(r):
			return "bidi control", true
		case isSeparator(r):
			return "line or paragraph separator", true
		}
	}
	return "", false
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "plain text", "\x1b[2J", "\x1b]0;x\x07", "\x1b]52;c;AAAA\x07", "\x1b]8;;http://x\x1b\\y\x1b]8;;\x1b\\",
		"\x1bP…\x1b\\", "\x1b_…\x1b\\", "\x9b2J", "\u009b2J", "\x07", "\b", "\r", "\x00", "\x7f",
		"\u202e", "\u2066", "\u2028", "\u200b", "e" + strings.Repeat("\u0301", 100), "\t\ttabs", "\x1b", "\x1b[", "\x1b]", "\xff\xfe",
		"\x1b\x1b[31m", "a\r\nb", strings.Repeat("x", MaxLine+5), "entries/\x1b]0;t\x07.age",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, c := range []struct {
			name     string
			fn       func(string) string
			newlines bool
		}{{"Text", Text, true}, {"Line", Line, false}, {"Name", Name, false}} {
			out := c.fn(in)
			if what, bad := unsafe(out, c.newlines); bad {
				t.Fatalf("%s(%q) = %q still has %s", c.name, in, out, what)
			}
			if again := c.fn(out); again != out {
				t.Fatalf("%s is not idempotent: %q → %q → %q", c.name, in, out, again)
			}
		}
		if out := Name(in); strings.ContainsFunc(out, func(r rune) bool {
			return unicode.Is(unicode.Cf, r) && !isJoiner(r)
		}) {
			t.Fatalf("Name(%q) = %q keeps an invisible formatting character", in, out)
		}
		if utf8.ValidString(in) && !strings.ContainsFunc(in, func(r rune) bool {
			return r == 0x1b || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r)
		}) && Name(in) == in && strings.ContainsFunc(in, unicode.IsControl) {
			t.Fatalf("Name(%q) kept a control character", in)
		}
	})
}
