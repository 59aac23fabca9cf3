package diary

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzFold: the search text is exactly strings.ToLower of the text, and
// the edits give the text back byte for byte, whatever the text holds
// (capitals of every script, letters whose lower case is longer or shorter,
// bytes that are not UTF-8).
func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"", "a", "A", "Hello World", "NALOXONE kit", "ÜNICODE Straße naïve 😊",
		"İstanbul", "\u212a KELVIN", "Ⱥ\u023a", "bad \xff byte \xe2\x80", "\ufffd",
		"Sam’s “okay”", "ΣΑΣ", "A\nB\n\nC",
	} {
		f.Add(s, "Second")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var fo folder
		fo.add(a)
		fo.add("\n")
		fo.add(b)
		edits := fo.done()
		whole := a + "\n" + b
		if got, want := string(fo.out), strings.ToLower(whole); got != want {
			t.Fatalf("folded %q to %q, strings.ToLower gives %q", whole, got, want)
		}
		lower := string(fo.out) + "\n#tag" // search text goes on after the text
		if !checkUnfold(lower, edits, len(whole)) {
			t.Fatalf("edits for %q refused", whole)
		}
		if got := unfold(lower, edits, len(whole)); got != whole {
			t.Fatalf("unfolded %q, want %q", got, whole)
		}
	})
}

func FuzzUnfoldCheck(f *testing.F) {
	f.Add("hello world", "\x00\x02", 11)
	f.Add("hello", "\x00\x03\x02Hé", 5)
	f.Fuzz(func(t *testing.T, lower, edits string, total int) {
		if total < 0 || total > 1<<16 {
			return
		}
		if checkUnfold(lower, edits, total) {
			if got := unfold(lower, edits, total); len(got) != total {
				t.Fatalf("unfold gave %d bytes, want %d", len(got), total)
			}
		}
	})
}

// countWords counts exactly the words strings.Fields finds.
func FuzzCountWords(f *testing.F) {
	for _, s := range []string{"", " ", "a b", "  two  words ", "tab\tand\nnew\u00a0nbsp\u0085nel", "bad\xffbyte \u2003em space", "\u3000ideo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Fatalf("countWords(%q) = %d, strings.Fields finds %d", s, got, want)
		}
	})
}

// ValidID accepts exactly what the pattern it documents accepts.
func FuzzValidID(f *testing.F) {
	pattern := regexp.MustCompile(`^[0-9a-z][0-9a-z_-]{0,63}$`)
	for _, s := range []string{"", "a", "-a", "_a", "a-b_c", "A", "0123456789abcdefghjkmnpqrstvwxyz", strings.Repeat("a", 64), strings.Repeat("a", 65), "a\n", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ValidID(s), pattern.MatchString(s); got != want {
			t.Fatalf("ValidID(%q) = %v, the pattern says %v", s, got, want)
		}
	})
}
