package diary

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestSuggest(t *testing.T) {
	commands := []string{"write", "reflect", "list", "show", "edit", "delete", "prompts", "tags", "insights", "stage", "supports", "init", "passwd", "verify", "key", "demo", "help"}
	for _, tc := range []struct {
		typed string
		among []string
		want  []string
	}{
		{"lst", commands, []string{"list"}},
		{"lsit", commands, []string{"list"}},
		{"wirte", commands, []string{"write"}},
		{"prompt", commands, []string{"prompts"}},
		{"sup", commands, []string{"supports"}},
		{"LIST", commands, []string{"list"}},
		{"list", commands, nil}, // the same word is not a suggestion
		{"frobnicate", commands, nil},
		{"x", commands, nil},
		{"", commands, nil},
		{"sinse", []string{"since", "until", "tag", "family", "search", "number", "json"}, []string{"since"}},
		{"carer", []string{"transitions", "role-friction", "relationships", "care"}, []string{"care"}},
		{"relationship", []string{"transitions", "role-friction", "relationships", "care"}, []string{"relationships"}},
	} {
		if got := Suggest(tc.typed, tc.among); !slices.Equal(got, tc.want) {
			t.Errorf("Suggest(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"list", "lst", 1}, {"list", "lsit", 1},
		{"kitten", "sitting", 3}, {"café", "cafe", 1}, {"ab", "ba", 1},
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestParseMood(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"1", 1}, {"5", 5}, {" 3 ", 3}, {"okay", 3}, {"Very Good", 5}, {"very  low", 1}, {"very-low", 1}, {"low", 2}, {"good", 4},
		{"0", 0}, {"6", 0}, {"-1", 0}, {"great", 0}, {"", 0}, {"3.5", 0}, {"okay\x1b[2J", 0},
	} {
		got, err := ParseMood(tc.in)
		if got != tc.want {
			t.Errorf("ParseMood(%q) = %d, want %d", tc.in, got, tc.want)
		}
		if tc.want == 0 {
			var ex *Explained
			if !errors.Is(err, ErrBadMood) || !errors.As(err, &ex) || ex.Kind != KindUsage || len(ex.Hints) == 0 {
				t.Errorf("ParseMood(%q): error %v, want an Explained usage mistake wrapping ErrBadMood", tc.in, err)
			}
		} else if err != nil {
			t.Errorf("ParseMood(%q): %v", tc.in, err)
		}
	}
}

func TestParseStage(t *testing.T) {
	for in, want := range map[string]Stage{"into": StageInto, " Through ": StageThrough, "BEYOND": StageBeyond} {
		if got, err := ParseStage(in); err != nil || got != want {
			t.Errorf("ParseStage(%q) = %q, %v", in, got, err)
		}
	}
	_, err := ParseStage("thorugh")
	var ex *Explained
	if !errors.Is(err, ErrBadStage) || !errors.As(err, &ex) || ex.Hints[0] != "did you mean through?" {
		t.Errorf("ParseStage(thorugh): %v %+v", err, ex)
	}
}

// A stage begins now or on a past day, never on one that has not come yet,
// whatever the time zone: Kiritimati is 14 hours ahead of UTC, Adak 10
// hours behind it.
func TestNewStageChange(t *testing.T) {
	for _, zone := range []string{"UTC", "Pacific/Kiritimati", "America/Adak"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skip("no time zone data:", err)
		}
		now := time.Date(2026, 11, 23, 23, 30, 0, 0, loc) // late in the day
		for _, tc := range []struct {
			since string
			want  time.Time // zero: refused as in the future
		}{
			{"", now},
			{"today", time.Date(2026, 11, 23, 0, 0, 0, 0, loc)},
			{"yesterday", time.Date(2026, 11, 22, 0, 0, 0, 0, loc)},
			{"2026-09-01", time.Date(2026, 9, 1, 0, 0, 0, 0, loc)},
			{"tomorrow", time.Time{}},
			{"2026-11-24", time.Time{}},
			{"2027-01-01T00:00:00Z", time.Time{}},
		} {
			c, err := NewStageChange(StageThrough, tc.since, now)
			if tc.want.IsZero() {
				if !errors.Is(err, ErrFutureDate) {
					t.Errorf("%s: since %q: %v, %v; want ErrFutureDate", zone, tc.since, c.Since, err)
				}
				continue
			}
			if err != nil || !c.Since.Equal(tc.want) || c.Stage != StageThrough {
				t.Errorf("%s: since %q: %v %v, %v; want %v", zone, tc.since, c.Stage, c.Since, err, tc.want)
			}
		}
	}
	if _, err := NewStageChange("sideways", "", time.Now()); !errors.Is(err, ErrBadStage) {
		t.Errorf("a bad stage: %v", err)
	}
}

func TestRecordStage(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	var s Settings
	s.RecordStage(StageChange{StageThrough, day(20)})
	s.RecordStage(StageChange{StageInto, day(1)})
	s.RecordStage(StageChange{StageBeyond, day(20).Add(5 * time.Hour)}) // same day: replaces
	want := []StageChange{{StageInto, day(1)}, {StageBeyond, day(20).Add(5 * time.Hour)}}
	if !slices.Equal(s.Stages, want) {
		t.Errorf("stages %v, want %v", s.Stages, want)
	}
}
