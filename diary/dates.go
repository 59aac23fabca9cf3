package diary

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when"
	"github.com/olebedev/when/rules/common"
	"github.com/olebedev/when/rules/en"
)

// ErrBadDate is wrapped by every ParseDate error, which is an *Explained.
var ErrBadDate = errors.New("not a date peerdiary understands")

var dateParser = func() *when.Parser {
	w := when.New(nil)
	w.Add(en.All...)
	w.Add(common.All...)
	return w
}()

// ParseDate reads a date as a person gives it on the command line: RFC 3339
// ("2026-11-23T18:30:00+01:00"), a calendar day ("2026-11-23"), or everyday
// words ("today", "yesterday", "last monday", "3 days ago"), relative to now
// and in now's time zone. exact reports whether the text named a moment
// (RFC 3339) rather than a day; callers widen days to their start or end.
func ParseDate(s string, now time.Time) (t time.Time, exact bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, usage(ErrBadDate, "the date is empty", dateHint)
	}
	if len(s) > 64 {
		return time.Time{}, false, usage(ErrBadDate, fmt.Sprintf("that is not a date peerdiary understands: %.20q… is too long", s), dateHint)
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, now.Location()); err == nil {
		return t, false, nil
	}
	if looksNumeric(s) {
		return time.Time{}, false, badDate(s)
	}
	if hasHugeNumber(s) {
		return time.Time{}, false, badDate(s)
	}
	r, err := dateParser.Parse(strings.ToLower(s), now)
	if err != nil || r == nil || strings.TrimSpace(r.Text) != strings.ToLower(s) {
		return time.Time{}, false, badDate(s)
	}
	t = r.Time.In(now.Location())
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, false, badDate(s)
	}
	return t, false, nil
}

// hasHugeNumber is true when the words hold a number over 10,000. The word
// parser multiplies such numbers into a time.Duration, which overflows
// silently: "3000000 days ago" came out as a date in 1996, and "99999999
// weeks ago" as one in the future.
func hasHugeNumber(s string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		if n, err := strconv.Atoi(f); err != nil || n > 10000 {
			return true
		}
	}
	return false
}

const dateHint = "use YYYY-MM-DD, an RFC 3339 time, or words such as today, yesterday, \"last monday\", \"3 days ago\""

func badDate(s string) error {
	return usage(ErrBadDate, fmt.Sprintf("that is not a date peerdiary understands: %q", s), dateHint)
}

// looksNumeric is true for digit-and-punctuation text that is not one of the
// accepted layouts ("2026-13-45", "11/23"): the word parser would guess.
func looksNumeric(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789-/:.T+Z ", r) {
			return false
		}
	}
	return true
}

// StartOfDay is midnight at the start of t's day, in t's zone.
func StartOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// EndOfDay is the last nanosecond of t's day, in t's zone.
func EndOfDay(t time.Time) time.Time {
	return StartOfDay(t).AddDate(0, 0, 1).Add(-time.Nanosecond)
}

// ErrBadRange means a range of dates ends before it starts.
var ErrBadRange = errors.New("the range ends before it starts")

// EntryTime is when an entry happened, as a person gives it (see
// ParseDate): a moment as given, or a day at now's time of day, so entries
// backdated to the same day still sort in the order they were written. A
// time more than a minute after now wraps ErrFutureDate: it is almost
// always "monday" meaning last Monday.
func EntryTime(s string, now time.Time) (time.Time, error) {
	t, exact, err := ParseDate(s, now)
	if err != nil {
		return time.Time{}, err
	}
	if !exact {
		y, m, d := t.Date()
		t = time.Date(y, m, d, now.Hour(), now.Minute(), now.Second(), 0, now.Location())
	}
	t = t.Truncate(time.Second)
	if t.After(now.Add(time.Minute)) {
		return time.Time{}, fmt.Errorf("%w: %s", ErrFutureDate, t.Format(time.RFC3339))
	}
	return t, nil
}

// DayRange reads the bounds of a range of dates (see ParseDate): a moment
// as given, a day from its first moment (since) or to its last (until);
// "" is no bound, the zero time. A range that ends before it starts wraps
// ErrBadRange.
func DayRange(since, until string, now time.Time) (from, to time.Time, err error) {
	bound := func(s string, toBound func(time.Time) time.Time) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		t, exact, err := ParseDate(s, now)
		if err != nil || exact {
			return t, err
		}
		return toBound(t), nil
	}
	if from, err = bound(since, StartOfDay); err != nil {
		return
	}
	if to, err = bound(until, EndOfDay); err != nil {
		return
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return from, to, ErrBadRange
	}
	return from, to, nil
}
