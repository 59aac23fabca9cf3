package diary

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFind(t *testing.T) {
	s, dir := newTestStore(t)
	a := &Entry{ID: "abc1xyz", Body: "one"}
	b := &Entry{ID: "abc2xyz", Body: "two"}
	for _, e := range []*Entry{a, b} {
		if _, err := s.Save(e); err != nil {
			t.Fatal(err)
		}
	}
	// A hand-made file whose name is not its id, and a damaged one.
	if err := os.WriteFile(filepath.Join(dir, EntriesDir, "planted.age"), sealToDiary(t, s, "---\nid: p1anted0\n---\nplanted"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, EntriesDir, "broken1.age"), []byte("age-encryption.org/v1\n-> nothing\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := load(t, s)

	for _, tc := range []struct {
		id, wantID, wantFile string
		err                  error
	}{
		{"abc1xyz", "abc1xyz", "entries/abc1xyz.age", nil},
		{"ABC2", "abc2xyz", "entries/abc2xyz.age", nil},
		{"p1an", "p1anted0", "entries/planted.age", nil},
		{"abc", "", "", ErrAmbiguous},
		{"zzz", "", "", ErrNotFound},
		{"", "", "", ErrNotFound},
	} {
		e, file, err := s.Find(c, tc.id)
		if !errors.Is(err, tc.err) || (tc.err == nil && (e.ID != tc.wantID || file != tc.wantFile)) {
			t.Errorf("Find(%q) = %v, %q, %v; want %s, %q, %v", tc.id, e, file, err, tc.wantID, tc.wantFile, tc.err)
		}
	}
	var amb *AmbiguousError
	if _, _, err := s.Find(c, "abc"); !errors.As(err, &amb) || !slices.Equal(amb.Candidates, []string{"abc1xyz", "abc2xyz"}) {
		t.Errorf("an ambiguous prefix: %v", err)
	}
	// The damaged file named after the id asked for is said to be damaged.
	_, _, err := s.Find(c, "broken")
	var ex *Explained
	if !errors.As(err, &ex) || ex.Kind != KindDamaged || !strings.Contains(ex.Msg, "entries/broken1.age") {
		t.Errorf("Find of a damaged entry: %v", err)
	}
}

func TestEntryTimeAndDayRange(t *testing.T) {
	now := time.Date(2026, 11, 23, 18, 30, 15, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"yesterday":            time.Date(2026, 11, 22, 18, 30, 15, 0, time.UTC),
		"2026-11-01":           time.Date(2026, 11, 1, 18, 30, 15, 0, time.UTC),
		"2026-11-02T07:15:00Z": time.Date(2026, 11, 2, 7, 15, 0, 0, time.UTC),
		"today":                now,
	} {
		if got, err := EntryTime(in, now); err != nil || !got.Equal(want) {
			t.Errorf("EntryTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := EntryTime("tomorrow", now); !errors.Is(err, ErrFutureDate) {
		t.Errorf("EntryTime(tomorrow): %v", err)
	}
	from, to, err := DayRange("yesterday", "today", now)
	if err != nil || !from.Equal(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)) || !to.Equal(EndOfDay(now)) {
		t.Errorf("DayRange = %v, %v, %v", from, to, err)
	}
	if from, to, err := DayRange("", "", now); err != nil || !from.IsZero() || !to.IsZero() {
		t.Errorf("an open range: %v %v %v", from, to, err)
	}
	if _, _, err := DayRange("today", "yesterday", now); !errors.Is(err, ErrBadRange) {
		t.Errorf("a range that ends before it starts: %v", err)
	}
}
