package redact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

func TestFuzzCorporaPresent(t *testing.T) {
	des, err := os.ReadDir(filepath.Join("testdata", "fuzz", "FuzzRedact"))
	if err != nil || len(des) < 5 {
		t.Errorf("FuzzRedact: seed corpus has %d files (%v), want at least 5", len(des), err)
	}
}

// FuzzRedact checks that no listed name or alias survives redaction, judged
// by a second, simpler reading of the text than the one Redact uses; that
// spans and counts describe the output; that redacting twice changes
// nothing; and that nothing panics.
func FuzzRedact(f *testing.F) {
	f.Add("Sam's day with Mary\nJo, and Zoë.", "Mary Jo", "Zoe", "")
	f.Add("SAM, sam, Samuel, o'brien", "O'Brien", "", "Client A")
	f.Add("我和王伟说话", "王伟", "伟", "")
	f.Add("STRASSE straße", "Straße", "Sam", "Person B")
	f.Add("a\u00adb c\u200bd", "ab", "cd", "")
	f.Fuzz(func(t *testing.T, text, name, alias, as string) {
		people := []Person{{Name: name, As: as}, {Name: "Sam"}}
		if alias != "" {
			people[0].Aliases = []string{alias}
		}
		r, err := New(people, Options{})
		if err != nil {
			return // an unusable list is refused, which is tested elsewhere
		}
		res := r.Redact(text)
		at := 0
		for _, s := range res.Spans {
			if s.Start < at || s.End > len(res.Text) || res.Text[s.Start:s.End] != s.Pseudonym {
				t.Fatalf("bad span %+v in %q", s, res.Text)
			}
			at = s.End
		}
		if r.Count() != len(res.Spans) {
			t.Fatalf("Count %d, %d spans", r.Count(), len(res.Spans))
		}
		if utf8.ValidString(text) && !utf8.ValidString(res.Text) {
			t.Fatalf("valid text became invalid: %q", res.Text)
		}
		if left := r.Find(res.Text); len(left) > 0 {
			t.Fatalf("Find sees %+v in %q", left, res.Text)
		}
		words := oracleWords(res.Text)
		for _, n := range []string{name, alias, "Sam"} {
			nw := oracleWords(n)
			if len(nw) != 1 {
				continue // the oracle reads single words; Find covers the rest
			}
			for _, w := range words {
				if w == nw[0] {
					t.Fatalf("%q survives in %q (from %q)", n, res.Text, text)
				}
			}
		}
		if again := r.Redact(res.Text); again.Text != res.Text {
			t.Fatalf("second pass changed %q to %q", res.Text, again.Text)
		}
		for _, c := range r.CheckThis(res.Text, res.Spans) {
			if res.Text[c.Start:c.End] != c.Word {
				t.Fatalf("candidate %+v covers %q", c, res.Text[c.Start:c.End])
			}
		}
	})
}

// oracleWords reads text as words the plain way: split at every rune that is
// not a letter, digit, mark or format character, with each character of an
// unspaced script (and the marks after it) a word of its own; each word
// normalised.
func oracleWords(text string) []string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if w := oracleNorm(cur.String()); w != "" {
			words = append(words, w)
		}
		cur.Reset()
	}
	inUnspaced := false
	for _, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.Cf, r)
		switch {
		case !word || r == utf8.RuneError:
			flush()
			inUnspaced = false
		case unicode.In(r, unspaced...):
			flush()
			cur.WriteRune(r)
			inUnspaced = true
		case inUnspaced && (unicode.IsMark(r) || unicode.Is(unicode.Cf, r)):
			cur.WriteRune(r)
		default:
			if inUnspaced {
				flush()
				inUnspaced = false
			}
			cur.WriteRune(r)
		}
	}
	flush()
	return words
}

func oracleNorm(w string) string {
	fold := cases.Fold()
	for range 2 {
		var b strings.Builder
		for _, r := range norm.NFKD.String(w) {
			if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || unicode.IsSpace(r) {
				continue
			}
			b.WriteRune(r)
		}
		w = fold.String(b.String())
	}
	return norm.NFC.String(w)
}
