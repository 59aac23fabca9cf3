// Package insights computes what a diary's pictures show: entries per week
// by theme, a mood trend, a writing calendar and streak, the themes gone
// quiet, and the worker's stage over time.
//
// It is pure computation over [diary.Summary] values, which hold no entry
// text: no I/O, no clock but the one passed in, and no drawing (package
// tui/chart draws a [Report] for a terminal). Insights describe; they never
// score. Mood is shown as the worker recorded it, without judgement.
package insights

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Other is the theme of an entry that belongs to no family.
const Other = "other"

// Themes lists the families and Other, in display order.
func Themes() []string { return append(prompts.FamilyIDs(), Other) }

// DefaultWeeks is how many weeks a report covers unless told otherwise.
const DefaultWeeks = 52

// QuietAfter is when a family not written about earns a line.
const QuietAfter = 14

// Options shape a report.
type Options struct {
	Now      time.Time       // the clock; its location sets day and week boundaries
	Weeks    int             // weeks to cover, ending with the current one; 0 means DefaultWeeks
	Settings *diary.Settings // the stage history; nil for none
}

// Report is what the pictures are drawn from. It is also what
// `peerdiary insights --json` prints.
type Report struct {
	Now     time.Time   `json:"now"`
	Total   int         `json:"total_entries"` // in the whole diary
	InRange int         `json:"entries_in_range"`
	First   *time.Time  `json:"first_entry,omitempty"`
	Weeks   []Week      `json:"weeks"`    // oldest first, Monday to Sunday
	Days    []Day       `json:"calendar"` // every day of those weeks up to today
	Streak  Streak      `json:"streak"`
	Themes  []ThemeGap  `json:"themes"` // one per family
	Stages  []StageSpan `json:"stages"` // the stage history overlapping the weeks
}

// Week is one week of writing.
type Week struct {
	Start   time.Time      `json:"start"` // Monday 00:00
	Entries int            `json:"entries"`
	Themes  map[string]int `json:"themes"`         // family (or "other") → entries
	Mood    float64        `json:"mood,omitempty"` // average of recorded moods, 1–5; 0 if none
	Moods   int            `json:"moods"`          // how many entries recorded a mood
}

// Day is one day of the calendar.
type Day struct {
	Date    string `json:"date"` // YYYY-MM-DD
	Entries int    `json:"entries"`
}

// Streak is consecutive days with at least one entry.
type Streak struct {
	Current int        `json:"current"` // ending today, or yesterday if today is still blank
	Longest int        `json:"longest"`
	Last    *time.Time `json:"last_written,omitempty"`
}

// ThemeGap is how long since a family was written about.
type ThemeGap struct {
	Family string `json:"family"`
	Days   int    `json:"days_since"` // -1 if never
	Quiet  bool   `json:"quiet"`      // worth a line: never, or QuietAfter days or more
	Line   string `json:"line,omitempty"`
}

// StageSpan is a stretch of time at one stage.
type StageSpan struct {
	Stage diary.Stage `json:"stage"`
	From  time.Time   `json:"from"`
	To    *time.Time  `json:"to,omitempty"` // nil while current
}

// ThemeOf is the family an entry is about: its prompt's, else the first
// family among its tags, else Other.
func ThemeOf(s *diary.Summary) string {
	if f := s.Family(); prompts.KnownFamily(f) {
		return f
	}
	for _, fam := range prompts.FamilyIDs() {
		for _, t := range s.Tags {
			if t == fam || strings.HasPrefix(t, fam+"/") {
				return fam
			}
		}
	}
	return Other
}

// touches reports whether an entry is about a family at all: by prompt,
// template or tag. An entry can touch several.
func touches(s *diary.Summary, fam string) bool {
	if s.Family() == fam {
		return true
	}
	for _, t := range s.Tags {
		if t == fam || strings.HasPrefix(t, fam+"/") {
			return true
		}
	}
	return false
}

// Compute builds a report from the catalog.
func Compute(entries []diary.Summary, opts Options) *Report {
	now := opts.Now
	weeks := opts.Weeks
	if weeks <= 0 {
		weeks = DefaultWeeks
	}
	today := diary.StartOfDay(now)
	firstWeek := mondayOf(today).AddDate(0, 0, -7*(weeks-1))
	r := &Report{Now: now, Total: len(entries)}

	r.Weeks = make([]Week, weeks)
	for i := range r.Weeks {
		r.Weeks[i] = Week{Start: firstWeek.AddDate(0, 0, 7*i), Themes: map[string]int{}}
	}
	perDay := map[string]int{}
	moodSum := make([]int, weeks)
	for i := range entries {
		e := &entries[i]
		created := e.Created.In(now.Location())
		if r.First == nil || created.Before(*r.First) {
			c := created
			r.First = &c
		}
		perDay[created.Format(time.DateOnly)]++
		if created.Before(firstWeek) || created.After(now) {
			continue
		}
		w := int(diary.StartOfDay(created).Sub(firstWeek).Hours()/24+0.5) / 7
		if w < 0 || w >= weeks {
			continue
		}
		r.InRange++
		r.Weeks[w].Entries++
		r.Weeks[w].Themes[ThemeOf(e)]++
		if e.Mood >= 1 && e.Mood <= 5 {
			r.Weeks[w].Moods++
			moodSum[w] += e.Mood
		}
	}
	for i := range r.Weeks {
		if n := r.Weeks[i].Moods; n > 0 {
			r.Weeks[i].Mood = float64(moodSum[i]) / float64(n)
		}
	}
	for d := firstWeek; !d.After(today); d = d.AddDate(0, 0, 1) {
		key := d.Format(time.DateOnly)
		r.Days = append(r.Days, Day{Date: key, Entries: perDay[key]})
	}
	r.Streak = streaks(perDay, today)
	r.Themes = themeGaps(entries, today)
	if opts.Settings != nil {
		r.Stages = stageSpans(opts.Settings.Stages, firstWeek, now)
	}
	return r
}

// mondayOf is the Monday starting t's week.
func mondayOf(day time.Time) time.Time {
	offset := (int(day.Weekday()) + 6) % 7
	return day.AddDate(0, 0, -offset)
}

func streaks(perDay map[string]int, today time.Time) Streak {
	var s Streak
	var days []time.Time
	for key, n := range perDay {
		if n == 0 {
			continue
		}
		if d, err := time.ParseInLocation(time.DateOnly, key, today.Location()); err == nil && !d.After(today) {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return s
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	last := days[len(days)-1]
	s.Last = &last
	run := 0
	for i, d := range days {
		if i > 0 && d.Equal(days[i-1].AddDate(0, 0, 1)) {
			run++
		} else {
			run = 1
		}
		s.Longest = max(s.Longest, run)
	}
	if last.Equal(today) || last.Equal(today.AddDate(0, 0, -1)) {
		s.Current = run
	}
	return s
}

func themeGaps(entries []diary.Summary, today time.Time) []ThemeGap {
	var out []ThemeGap
	for _, fam := range prompts.FamilyIDs() {
		var last time.Time
		for i := range entries {
			if touches(&entries[i], fam) && entries[i].Created.After(last) && !diary.StartOfDay(entries[i].Created.In(today.Location())).After(today) {
				last = entries[i].Created
			}
		}
		g := ThemeGap{Family: fam, Days: -1}
		name := prompts.FamilyLabel(fam)
		if !last.IsZero() {
			g.Days = int(today.Sub(diary.StartOfDay(last.In(today.Location()))).Hours()/24 + 0.5)
		}
		switch {
		case len(entries) == 0:
		case g.Days < 0:
			g.Quiet, g.Line = true, "Not written about "+name+" yet."
		case g.Days >= QuietAfter:
			g.Quiet, g.Line = true, fmt.Sprintf("Not written about %s for %d days.", name, g.Days)
		}
		out = append(out, g)
	}
	return out
}

func stageSpans(changes []diary.StageChange, from, now time.Time) []StageSpan {
	var out []StageSpan
	for i, c := range changes {
		if c.Since.After(now) {
			break
		}
		span := StageSpan{Stage: c.Stage, From: c.Since}
		if i+1 < len(changes) && !changes[i+1].Since.After(now) {
			to := changes[i+1].Since
			span.To = &to
			if to.Before(from) {
				continue
			}
		}
		out = append(out, span)
	}
	return out
}

// StageAt is the stage in force at t according to the report, or "".
func (r *Report) StageAt(t time.Time) diary.Stage {
	var cur diary.Stage
	for _, s := range r.Stages {
		if !s.From.After(t) {
			cur = s.Stage
		}
	}
	return cur
}
