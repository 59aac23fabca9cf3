package diary

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// CheckInsRecord is the record check-ins are stored under
// (records/checkins.age), encrypted like every record.
const CheckInsRecord = "checkins"

// Limits on check-ins.
const (
	// MaxCheckInWord is the longest a check-in's word can be, in
	// characters: a word or two, not an entry.
	MaxCheckInWord = 40
	// maxCheckIns is how many check-ins are kept; the oldest go first.
	// Two a day for seven years.
	maxCheckIns = 5000
)

// CheckIn is a sixty-second note at the end of a shift: a mood, one word
// for the shift, and whether something happened. It is not an entry: it
// never shows in the list of entries and is never exported with them.
type CheckIn struct {
	At   time.Time `yaml:"at"`
	Mood int       `yaml:"mood"`           // 1–5
	Word string    `yaml:"word,omitempty"` // one word for the shift, or ""
	// Happened is "something happened": an overdose, a death, a fight,
	// anything that shook the worker.
	Happened bool `yaml:"happened,omitempty"`
	// FollowedUp is when the check-back a day or two later was answered or
	// put aside; zero until then.
	FollowedUp time.Time `yaml:"followed_up,omitempty"`
}

// Hard reports whether the shift was a hard one: a low mood (1 or 2) or
// something happened. A hard shift brings gentler prompts, the offer of the
// debrief, and a check-back a day or two later.
func (c CheckIn) Hard() bool { return c.Mood <= 2 || c.Happened }

// Validate checks a check-in before it is stored.
func (c CheckIn) Validate() error {
	if c.At.IsZero() {
		return errors.New("a check-in needs a time")
	}
	if c.Mood < 1 || c.Mood > 5 {
		return fmt.Errorf("mood %d: choose 1 (very low) to 5 (very good)", c.Mood)
	}
	if n := utf8.RuneCountInString(c.Word); n > MaxCheckInWord {
		return fmt.Errorf("the word for the shift is %d characters; keep it to %d", n, MaxCheckInWord)
	}
	if strings.ContainsFunc(c.Word, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) {
		return errors.New("the word for the shift must be one line of plain text")
	}
	return nil
}

// CheckIns returns every check-in, oldest first. A diary without any has
// none.
func (s *Store) CheckIns() ([]CheckIn, error) {
	plain, err := s.ReadRecord(CheckInsRecord)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading check-ins: %w", err)
	}
	defer clear(plain)
	var list []CheckIn
	if err := yaml.Unmarshal(plain, &list); err != nil {
		return nil, fmt.Errorf("reading check-ins: %w", err)
	}
	slices.SortStableFunc(list, func(a, b CheckIn) int { return a.At.Compare(b.At) })
	return list, nil
}

// AddCheckIn stores a check-in, encrypted and atomically, with the word
// trimmed. The oldest are dropped beyond a few thousand.
func (s *Store) AddCheckIn(c CheckIn) error {
	c.Word = strings.TrimSpace(c.Word)
	c.At = c.At.Truncate(time.Second)
	if err := c.Validate(); err != nil {
		return err
	}
	list, err := s.CheckIns()
	if err != nil {
		return err
	}
	list = append(list, c)
	slices.SortStableFunc(list, func(a, b CheckIn) int { return a.At.Compare(b.At) })
	if len(list) > maxCheckIns {
		list = list[len(list)-maxCheckIns:]
	}
	return s.saveCheckIns(list)
}

// MarkFollowedUp records that the check-back for the check-in made at at
// was answered or put aside, so it is not offered again. A check-in not
// found is not an error: there is nothing left to follow up.
func (s *Store) MarkFollowedUp(at, when time.Time) error {
	list, err := s.CheckIns()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(c CheckIn) bool { return c.At.Equal(at) })
	if i < 0 || !list[i].FollowedUp.IsZero() {
		return nil
	}
	list[i].FollowedUp = when.Truncate(time.Second)
	return s.saveCheckIns(list)
}

func (s *Store) saveCheckIns(list []CheckIn) error {
	plain, err := yaml.Marshal(list)
	if err != nil {
		return err
	}
	defer clear(plain)
	return s.WriteRecord(CheckInsRecord, plain)
}

// PendingFollowUp is the hard shift to check back on at now: the latest
// check-in marked hard one or two days before now's day, not yet followed
// up, with no check-in since that was not hard (the worker has said the
// shifts since went better). ok is false when there is none. list is
// oldest first, as CheckIns returns it.
func PendingFollowUp(list []CheckIn, now time.Time) (c CheckIn, ok bool) {
	today := StartOfDay(now)
	for i := len(list) - 1; i >= 0; i-- {
		ci := list[i]
		day := StartOfDay(ci.At.In(now.Location()))
		if !ci.Hard() {
			return CheckIn{}, false // a better shift since: nothing to check back on
		}
		if !day.Before(today) {
			continue // a hard shift today is met by today's own offer
		}
		if today.Sub(day) > 2*24*time.Hour+time.Hour { // more than two days ago (an hour for a DST change)
			return CheckIn{}, false
		}
		if !ci.FollowedUp.IsZero() {
			return CheckIn{}, false
		}
		return ci, true
	}
	return CheckIn{}, false
}

// HardToday is the latest check-in made on now's day if it was hard.
func HardToday(list []CheckIn, now time.Time) (c CheckIn, ok bool) {
	today := StartOfDay(now)
	for i := len(list) - 1; i >= 0; i-- {
		ci := list[i]
		if StartOfDay(ci.At.In(now.Location())).Equal(today) {
			return ci, ci.Hard()
		}
	}
	return CheckIn{}, false
}
