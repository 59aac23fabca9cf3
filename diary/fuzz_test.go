package diary

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
)

// The checked-in seed corpora run in every go test; an empty one would turn
// the fuzz targets into tests of nothing.
func TestFuzzCorporaPresent(t *testing.T) {
	for _, target := range []string{"FuzzParseEntry", "FuzzParseDate", "FuzzHeaderMatchesYAML", "FuzzIndexDecode", "FuzzIndexTextDecode"} {
		des, err := os.ReadDir(filepath.Join("testdata", "fuzz", target))
		if err != nil || len(des) < 5 {
			t.Errorf("%s: seed corpus has %d files (%v), want at least 5", target, len(des), err)
		}
	}
}

// FuzzParseEntry checks that reading an entry never panics and that anything
// read survives a save unchanged: Parse(Format(e)) == e, and Format's output
// is a whole number of KiB.
func FuzzParseEntry(f *testing.F) {
	created := time.Date(2026, 11, 23, 18, 30, 0, 0, pacific)
	for _, e := range []Entry{
		{Body: "b"},
		{ID: "k3v9x2q8m4n7p1z0", Created: created, Updated: created, Tags: []string{"a", "b"}, Mood: 3,
			Prompt: &PromptRef{ID: "p", Family: "f", Text: "q?"}, Body: "# Title\n\ntext"},
		{ID: "r", Template: "debrief", Answers: []Answer{{Step: "s", Question: "q", Text: "a"}}},
		{ID: "x", Body: "b", Extra: map[string]any{"k": []any{1, "two"}}},
	} {
		plain, err := e.Format()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(plain)
	}
	f.Add([]byte("plain text"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("\ufeff---\r\nid: x\r\n---\r\nbody\r\n"))

	f.Fuzz(func(t *testing.T, in []byte) {
		e, err := ParseEntry(in)
		if err != nil {
			if e != nil {
				t.Fatal("an entry came back with an error")
			}
			if !errors.Is(err, ErrBadEntry) {
				t.Fatalf("error does not wrap ErrBadEntry: %v", err)
			}
			return
		}
		if e.Body != strings.TrimRightFunc(e.Body, unicode.IsSpace) {
			t.Fatal("body keeps trailing white space (padding)")
		}
		plain, err := e.Format()
		if err != nil {
			t.Fatalf("an entry that reads cannot be written: %v", err)
		}
		if len(plain) == 0 || len(plain)%padBlock != 0 {
			t.Fatalf("Format gave %d bytes, not a multiple of %d", len(plain), padBlock)
		}
		e2, err := ParseEntry(plain)
		if err != nil {
			t.Fatalf("Format's output does not read back: %v\n%q", err, plain)
		}
		if !e2.Created.Equal(e.Created) || !e2.Updated.Equal(e.Updated) {
			t.Fatalf("times changed: %v %v → %v %v", e.Created, e.Updated, e2.Created, e2.Updated)
		}
		a, b := *e, *e2
		a.Created, a.Updated, b.Created, b.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		a.Extra, b.Extra = nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("entry changed in a round trip:\n got %#v\nwant %#v", b, a)
		}
		again, err := e2.Format()
		if err != nil || !bytes.Equal(again, plain) {
			t.Fatalf("Format is not stable (unknown fields changed?):\n%q\n%q", plain, again)
		}
	})
}

// FuzzParseDate checks that no input panics, failures return the zero time,
// and accepted dates read back: a moment from its RFC 3339 form, a day from
// its YYYY-MM-DD form.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"today", "yesterday", "last monday", "3 days ago", "2026-11-23", "2026-11-23T18:30:00+01:00", "banana", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 23, 18, 30, 0, 0, pacific)
	f.Fuzz(func(t *testing.T, s string) {
		got, exact, err := ParseDate(s, now)
		if err != nil {
			if !got.IsZero() || !errors.Is(err, ErrBadDate) {
				t.Fatalf("ParseDate(%q) = %v, %v", s, got, err)
			}
			return
		}
		if exact {
			back, exact2, err := ParseDate(got.Format(time.RFC3339Nano), now)
			if err != nil || !exact2 || !back.Equal(got) {
				t.Fatalf("ParseDate(%q) = %v does not read back: %v %v", s, got, back, err)
			}
			return
		}
		if got.Location() != now.Location() {
			t.Fatalf("ParseDate(%q) = %v is not in the clock's zone", s, got)
		}
		day := got.Format(time.DateOnly)
		back, _, err := ParseDate(day, now)
		if err != nil || !back.Equal(StartOfDay(got)) {
			t.Fatalf("ParseDate(%q) = %v: its day %s reads back as %v, %v", s, got, day, back, err)
		}
	})
}
