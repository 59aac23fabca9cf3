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
	"unicode"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Other is the theme of an entry that belongs to no family.
const Other = "other"

// Themes lists the families and Other, in display order.
func Themes() []string { return append(prompts.FamilyIDs(), Other) }

// DefaultWeeks is the most weeks a report covers unless told otherwise.
const DefaultWeeks = 52

// MinWeeks is the fewest weeks a report covers: a report starts at the
// week of the first entry, so a new diary's pictures are not a year of
// empty weeks, but never covers less than a month and a half.
const MinWeeks = 6

// QuietAfter is when a family not written about earns a line.
const QuietAfter = 14

// lookAround is how many days either side of "a month ago" or "a year
// ago" the look back searches when nothing was written on the day itself.
const lookAround = 3

// Options shape a report.
type Options struct {
	Now time.Time // the clock; its location sets day and week boundaries
	// Weeks is the most weeks to cover, ending with the current one; 0
	// means DefaultWeeks. A younger diary's report starts at the week of
	// its first entry, or MinWeeks ago.
	Weeks int
	// Fit, if more than 0, is the most weeks the pictures have room for:
	// the report then covers only the latest Fit weeks, so every number in
	// it is about what is drawn, and Span says how many there would have
	// been.
	Fit      int
	Settings *diary.Settings // the stage history and the streak setting; nil for none
	// CheckIns are the shift-end check-ins, in any order: their moods
	// join the entries' in the weekly mood, and "something happened"
	// marks an incident day.
	CheckIns []diary.CheckIn
}

// Report is what the pictures are drawn from. It is also what
// `peerdiary insights --json` prints (docs/CLI.md describes it).
type Report struct {
	Now       time.Time      `json:"now"`
	Total     int            `json:"total_entries"` // in the whole diary
	InRange   int            `json:"entries_in_range"`
	First     *time.Time     `json:"first_entry,omitempty"`
	Last      *time.Time     `json:"last_entry,omitempty"`
	Span      int            `json:"-"`                  // the weeks it would cover without Options.Fit
	Weeks     []Week         `json:"weeks"`              // oldest first, Monday to Sunday
	Days      []Day          `json:"calendar"`           // every day of those weeks up to today
	Streak    *Streak        `json:"streak,omitempty"`   // nil when the worker turned it off
	Themes    []ThemeGap     `json:"themes"`             // one per family
	Families  []FamilyDetail `json:"families"`           // one per family, over the weeks
	Incidents int            `json:"incidents_in_range"` // incident days in the weeks
	LookBack  []LookBack     `json:"on_this_day"`        // a month ago, a year ago
	Stages    []StageSpan    `json:"stages"`             // the stage history overlapping the weeks
}

// Week is one week of writing.
type Week struct {
	Start     time.Time      `json:"start"` // Monday 00:00
	Entries   int            `json:"entries"`
	Themes    map[string]int `json:"themes"`         // family (or "other") → entries
	Mood      float64        `json:"mood,omitempty"` // average of recorded moods, entries' and check-ins', 1–5; 0 if none
	Moods     int            `json:"moods"`          // how many moods were recorded
	CheckIns  int            `json:"check_ins"`      // shift-end check-ins
	Incidents int            `json:"incidents"`      // days on which something happened on shift
}

// Day is one day of the calendar.
type Day struct {
	Date    string `json:"date"` // YYYY-MM-DD
	Entries int    `json:"entries"`
}

// Streak is consecutive days with at least one entry.
type Streak struct {
	Current int `json:"current"` // ending today, or yesterday if today is still blank
	Longest int `json:"longest"`
}

// ThemeGap is how long since a family was written about.
type ThemeGap struct {
	Family string `json:"family"`
	Days   int    `json:"days_since"` // -1 if never
	Quiet  bool   `json:"quiet"`      // worth a line: never, or QuietAfter days or more
	// Line offers the family back, in a sentence; "" unless Quiet.
	Line string `json:"line,omitempty"`
}

// FamilyDetail is one family over the report's weeks: how much it was
// written about, the mood recorded with it, and what within it.
type FamilyDetail struct {
	Family  string  `json:"family"`
	Entries int     `json:"entries"`        // entries about it (an entry can be about several)
	Mood    float64 `json:"mood,omitempty"` // average recorded mood of those, 1–5; 0 if none
	Moods   int     `json:"moods"`          // how many of them recorded a mood
	// Subthemes are the subthemes written about, most first.
	Subthemes []SubthemeCount `json:"subthemes"`
}

// SubthemeCount is how many entries were about one subtheme.
type SubthemeCount struct {
	Subtheme string `json:"subtheme"`
	Label    string `json:"label"` // "unclear role"
	Entries  int    `json:"entries"`
}

// LookBack is what was written on one day in the past: a month or a year
// ago, or the nearest day around it.
type LookBack struct {
	Label string `json:"label"` // "a month ago", "a year ago"
	Date  string `json:"date"`  // the day looked at, YYYY-MM-DD
	// Near is set when nothing was written on the day itself and the
	// entries are from the nearest day within a few days of it.
	Near    bool            `json:"near,omitempty"`
	Entries []LookBackEntry `json:"entries"` // oldest first; none if nothing then
}

// LookBackEntry names an entry to look back at, without its text.
type LookBackEntry struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Family  string    `json:"family,omitempty"`
	Prompt  string    `json:"prompt,omitempty"` // the prompt it answered, not the answer
	Mood    int       `json:"mood,omitempty"`
	Words   int       `json:"words"`
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
			if inFamily(t, fam) {
				return fam
			}
		}
	}
	return Other
}

// inFamily reports whether tag is fam or one of its "<fam>/<subtheme>"
// tags, without building a string: it runs for every entry and family.
func inFamily(tag, fam string) bool {
	return strings.HasPrefix(tag, fam) && (len(tag) == len(fam) || tag[len(fam)] == '/')
}

// touches reports whether an entry is about a family at all: by prompt,
// template or tag. An entry can touch several.
func touches(s *diary.Summary, fam string) bool {
	if s.Family() == fam {
		return true
	}
	for _, t := range s.Tags {
		if inFamily(t, fam) {
			return true
		}
	}
	return false
}

// incidentSubtheme is the subtheme of the prompts and the debrief for after
// an overdose or another emergency; incidentTag is the tag a worker can
// give an entry (#incident) to mark one themselves.
var (
	incidentSubtheme = prompts.FamilyCare + "/after-incident"
	incidentTag      = "incident"
)

// IsIncident reports whether an entry was written after something happened
// on shift: the debrief, a prompt about what comes after an incident, or
// the worker's own #incident tag. A check-in says so itself (Happened).
func IsIncident(s *diary.Summary) bool {
	if p := s.Prompt; p != nil && len(p.Family)+1+len(p.Subtheme) == len(incidentSubtheme) &&
		strings.HasPrefix(incidentSubtheme, p.Family+"/") && strings.HasSuffix(incidentSubtheme, "/"+p.Subtheme) {
		return true
	}
	for _, t := range s.Tags {
		if t == incidentSubtheme || t == incidentTag {
			return true
		}
	}
	return false
}

// subthemesOf lists the subthemes of fam an entry is about: its prompt's,
// and any "<family>/<subtheme>" tag (a reflection's, or the worker's).
func subthemesOf(s *diary.Summary, fam string) []string {
	var out []string
	if p := s.Prompt; p != nil && p.Family == fam && p.Subtheme != "" {
		out = append(out, p.Subtheme)
	}
	for _, t := range s.Tags {
		if f, sub, ok := strings.Cut(t, "/"); ok && f == fam && sub != "" && !slices.Contains(out, sub) {
			out = append(out, sub)
		}
	}
	return out
}

// Compute builds a report from the catalog.
func Compute(entries []diary.Summary, opts Options) *Report {
	now := opts.Now
	asked := opts.Weeks
	if asked <= 0 {
		asked = DefaultWeeks
	}
	today := diary.StartOfDay(now)
	r := &Report{Now: now, Total: len(entries)}
	for i := range entries {
		created := entries[i].Created.In(now.Location())
		if r.First == nil || created.Before(*r.First) {
			c := created
			r.First = &c
		}
		if !created.After(now) && (r.Last == nil || created.After(*r.Last)) {
			c := created
			r.Last = &c
		}
	}
	// The weeks start with the first entry or check-in.
	start := r.First
	for _, c := range opts.CheckIns {
		if at := c.At.In(now.Location()); start == nil || at.Before(*start) {
			start = &at
		}
	}
	weeks := MinWeeks
	if start != nil && !start.After(now) {
		since := int(mondayOf(today).Sub(mondayOf(diary.StartOfDay(*start))).Hours()/24+0.5)/7 + 1
		weeks = max(weeks, since)
	}
	weeks = min(weeks, asked)
	r.Span = weeks
	if opts.Fit > 0 {
		weeks = min(weeks, opts.Fit)
	}
	firstWeek := mondayOf(today).AddDate(0, 0, -7*(weeks-1))

	r.Weeks = make([]Week, weeks)
	for i := range r.Weeks {
		r.Weeks[i] = Week{Start: firstWeek.AddDate(0, 0, 7*i), Themes: map[string]int{}}
	}
	// weekOf is the index of the week t falls in, or -1.
	weekOf := func(t time.Time) int {
		if t.Before(firstWeek) || t.After(now) {
			return -1
		}
		w := int(diary.StartOfDay(t).Sub(firstWeek).Hours()/24+0.5) / 7
		if w >= weeks {
			return -1
		}
		return w
	}
	byDay := map[string][]int{} // the entries of each day, by index
	moodSum := make([]int, weeks)
	incidentDays := make([]map[string]bool, weeks)
	for i := range incidentDays {
		incidentDays[i] = map[string]bool{}
	}
	fams := prompts.FamilyIDs()
	details := make([]FamilyDetail, len(fams))
	subCounts := make([]map[string]int, len(fams))
	famMood := make([]int, len(fams))
	for i, f := range fams {
		details[i] = FamilyDetail{Family: f, Subthemes: []SubthemeCount{}}
		subCounts[i] = map[string]int{}
	}
	for i := range entries {
		e := &entries[i]
		created := e.Created.In(now.Location())
		key := created.Format(time.DateOnly)
		byDay[key] = append(byDay[key], i)
		w := weekOf(created)
		if w < 0 {
			continue
		}
		r.InRange++
		r.Weeks[w].Entries++
		r.Weeks[w].Themes[ThemeOf(e)]++
		hasMood := e.Mood >= 1 && e.Mood <= 5
		if hasMood {
			r.Weeks[w].Moods++
			moodSum[w] += e.Mood
		}
		if IsIncident(e) {
			incidentDays[w][key] = true
		}
		for fi, f := range fams {
			if !touches(e, f) {
				continue
			}
			details[fi].Entries++
			if hasMood {
				details[fi].Moods++
				famMood[fi] += e.Mood
			}
			for _, sub := range subthemesOf(e, f) {
				subCounts[fi][sub]++
			}
		}
	}
	for _, c := range opts.CheckIns {
		at := c.At.In(now.Location())
		w := weekOf(at)
		if w < 0 {
			continue
		}
		r.Weeks[w].CheckIns++
		if c.Mood >= 1 && c.Mood <= 5 {
			r.Weeks[w].Moods++
			moodSum[w] += c.Mood
		}
		if c.Happened {
			incidentDays[w][at.Format(time.DateOnly)] = true
		}
	}
	for i := range r.Weeks {
		r.Weeks[i].Incidents = len(incidentDays[i])
		r.Incidents += len(incidentDays[i])
		if n := r.Weeks[i].Moods; n > 0 {
			r.Weeks[i].Mood = float64(moodSum[i]) / float64(n)
		}
	}
	for fi := range details {
		if n := details[fi].Moods; n > 0 {
			details[fi].Mood = float64(famMood[fi]) / float64(n)
		}
		details[fi].Subthemes = rankSubthemes(fams[fi], subCounts[fi])
	}
	r.Families = details
	for d := firstWeek; !d.After(today); d = d.AddDate(0, 0, 1) {
		key := d.Format(time.DateOnly)
		r.Days = append(r.Days, Day{Date: key, Entries: len(byDay[key])})
	}
	if opts.Settings == nil || !opts.Settings.HideStreak {
		st := streaks(byDay, today)
		r.Streak = &st
	}
	r.Themes = themeGaps(entries, r.First, today)
	r.LookBack = lookBacks(entries, byDay, today)
	r.Stages = []StageSpan{}
	if opts.Settings != nil {
		r.Stages = stageSpans(opts.Settings.Stages, firstWeek, now)
	}
	return r
}

// rankSubthemes orders a family's subthemes by entries, most first, then
// as the library lists them.
func rankSubthemes(fam string, counts map[string]int) []SubthemeCount {
	out := []SubthemeCount{}
	for sub, n := range counts {
		out = append(out, SubthemeCount{Subtheme: sub, Label: strings.ReplaceAll(sub, "-", " "), Entries: n})
	}
	order := func(sub string) int {
		for i, s := range prompts.Subthemes {
			if s.Family == fam && s.ID == sub {
				return i
			}
		}
		return len(prompts.Subthemes)
	}
	slices.SortFunc(out, func(a, b SubthemeCount) int {
		if a.Entries != b.Entries {
			return b.Entries - a.Entries
		}
		if oa, ob := order(a.Subtheme), order(b.Subtheme); oa != ob {
			return oa - ob
		}
		return strings.Compare(a.Subtheme, b.Subtheme)
	})
	return out
}

// lookBacks finds what was written a month and a year before today.
func lookBacks(entries []diary.Summary, byDay map[string][]int, today time.Time) []LookBack {
	return []LookBack{
		lookBack(entries, byDay, "a month ago", monthsBefore(today, 1)),
		lookBack(entries, byDay, "a year ago", monthsBefore(today, 12)),
	}
}

// monthsBefore is the same day n months earlier, or the last day of that
// month if it is shorter (31 March → 28 or 29 February).
func monthsBefore(day time.Time, n int) time.Time {
	y, m, d := day.Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, day.Location()).AddDate(0, -n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, day.Location())
}

// lookBack is the entries of day, or if there are none, of the nearest day
// within lookAround days of it (the earlier on a tie).
func lookBack(entries []diary.Summary, byDay map[string][]int, label string, day time.Time) LookBack {
	lb := LookBack{Label: label, Date: day.Format(time.DateOnly), Entries: []LookBackEntry{}}
	for _, off := range []int{0, -1, 1, -2, 2, -3, 3}[:1+2*lookAround] {
		d := day.AddDate(0, 0, off)
		for _, i := range byDay[d.Format(time.DateOnly)] {
			e := &entries[i]
			le := LookBackEntry{ID: e.ID, Created: e.Created.In(day.Location()), Family: e.Family(), Mood: e.Mood, Words: e.Words}
			if e.Prompt != nil {
				le.Prompt = e.Prompt.Text
			}
			lb.Entries = append(lb.Entries, le)
		}
		if len(lb.Entries) > 0 {
			lb.Near = off != 0
			lb.Date = d.Format(time.DateOnly)
			slices.SortFunc(lb.Entries, func(a, b LookBackEntry) int {
				if c := a.Created.Compare(b.Created); c != 0 {
					return c
				}
				return strings.Compare(a.ID, b.ID)
			})
			break
		}
	}
	return lb
}

// mondayOf is the Monday starting t's week.
func mondayOf(day time.Time) time.Time {
	offset := (int(day.Weekday()) + 6) % 7
	return day.AddDate(0, 0, -offset)
}

// StreakOf is the writing streak of a diary at now, or nil if the worker
// turned the streak off in settings (nil settings: on). Every screen that
// mentions a streak asks here.
func StreakOf(entries []diary.Summary, now time.Time, settings *diary.Settings) *Streak {
	if settings != nil && settings.HideStreak {
		return nil
	}
	byDay := map[string][]int{}
	for i := range entries {
		key := entries[i].Created.In(now.Location()).Format(time.DateOnly)
		byDay[key] = append(byDay[key], i)
	}
	s := streaks(byDay, diary.StartOfDay(now))
	return &s
}

// streaks counts runs of days with entries; byDay holds each day's entries.
func streaks(byDay map[string][]int, today time.Time) Streak {
	var s Streak
	var days []time.Time
	for key := range byDay {
		if d, err := time.ParseInLocation(time.DateOnly, key, today.Location()); err == nil && !d.After(today) {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return s
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	last := days[len(days)-1]
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

// themeGaps says how long each family has been quiet. A diary younger than
// QuietAfter days is offered nothing: it has hardly begun.
func themeGaps(entries []diary.Summary, first *time.Time, today time.Time) []ThemeGap {
	young := first == nil || today.Sub(diary.StartOfDay(*first)) < QuietAfter*24*time.Hour
	var out []ThemeGap
	for _, fam := range prompts.FamilyIDs() {
		var last time.Time
		for i := range entries {
			if touches(&entries[i], fam) && entries[i].Created.After(last) && !diary.StartOfDay(entries[i].Created.In(today.Location())).After(today) {
				last = entries[i].Created
			}
		}
		g := ThemeGap{Family: fam, Days: -1}
		if !last.IsZero() {
			g.Days = int(today.Sub(diary.StartOfDay(last.In(today.Location()))).Hours()/24 + 0.5)
		}
		if !young && (g.Days < 0 || g.Days >= QuietAfter) {
			g.Quiet, g.Line = true, gapOffer(fam, g.Days)
		}
		out = append(out, g)
	}
	return out
}

// gapOffer words a quiet family as an offer: what has been quiet, and that
// a prompt is there if the worker wants one. Never "you should".
func gapOffer(fam string, days int) string {
	name := []rune(prompts.FamilyLabel(fam))
	if len(name) > 0 {
		name[0] = unicode.ToUpper(name[0])
	}
	if days < 0 {
		return string(name) + " hasn't come up yet. A prompt is there if you'd like one."
	}
	return fmt.Sprintf("%s has been quiet for %d days. A prompt is there if you'd like one.", string(name), days)
}

func stageSpans(changes []diary.StageChange, from, now time.Time) []StageSpan {
	out := []StageSpan{}
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
