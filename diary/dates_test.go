package diary

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	// Monday 23 November 2026, 18:30 in a zone eight hours behind UTC.
	now := time.Date(2026, 11, 23, 18, 30, 0, 0, pacific)
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, pacific) }
	for _, tc := range []struct {
		in    string
		want  time.Time
		exact bool
	}{
		{"2026-11-01", at(11, 1, 0, 0), false},
		{"  2026-11-01 ", at(11, 1, 0, 0), false},
		{"2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, pacific), false},
		{"2026-11-23T10:00:00Z", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), true},
		{"2026-11-23T10:00:00+01:00", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), true},
		{"today", now, false},
		{"Today", now, false},
		{"now", now, false},
		{"yesterday", at(11, 22, 18, 30), false},
		{"tomorrow", at(11, 24, 18, 30), false},
		{"last monday", at(11, 16, 18, 30), false},
		{"last friday", at(11, 20, 18, 30), false},
		{"3 days ago", at(11, 20, 18, 30), false},
		{"1 day ago", at(11, 22, 18, 30), false},
		{"a week ago", at(11, 16, 18, 30), false},
		{"2 weeks ago", at(11, 9, 18, 30), false},
		{"in 3 days", at(11, 26, 18, 30), false},
		{"yesterday 5pm", at(11, 22, 17, 0), false},
		{"10000 days ago", now.Add(-10000 * 24 * time.Hour), false},
	} {
		got, exact, err := ParseDate(tc.in, now)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tc.in, err)
			continue
		}
		if !got.Equal(tc.want) || exact != tc.exact {
			t.Errorf("ParseDate(%q) = %v exact=%v, want %v exact=%v", tc.in, got, exact, tc.want, tc.exact)
		}
		if !tc.exact && got.Location() != now.Location() {
			t.Errorf("ParseDate(%q) is in %v, not the clock's zone", tc.in, got.Location())
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	now := time.Date(2026, 11, 23, 18, 30, 0, 0, pacific)
	for _, in := range []string{
		"", "   ", "banana", "2026-13-45", "2026-02-30", "2026-11-23T25:00:00Z", "11/23", "23.11.2026",
		"2026-11-23T18:30:00", "last", "today please", "next week", "1234567890",
		"yesterday " + string(make([]byte, 80)),
		// Numbers the word parser would overflow or carry past year 9999.
		"3000000 days ago", "99999999 weeks ago", "in 99999999 years", "in 9000 years", "123456789012345678901 days ago",
	} {
		if got, _, err := ParseDate(in, now); !errors.Is(err, ErrBadDate) || !got.IsZero() {
			t.Errorf("ParseDate(%q) = %v, %v; want ErrBadDate", in, got, err)
		}
	}
}

func TestDayBounds(t *testing.T) {
	t0 := time.Date(2026, 3, 29, 13, 5, 0, 0, pacific)
	if got := StartOfDay(t0); !got.Equal(time.Date(2026, 3, 29, 0, 0, 0, 0, pacific)) {
		t.Errorf("StartOfDay = %v", got)
	}
	if got := EndOfDay(t0); !got.Equal(time.Date(2026, 3, 30, 0, 0, 0, 0, pacific).Add(-time.Nanosecond)) {
		t.Errorf("EndOfDay = %v", got)
	}
}
