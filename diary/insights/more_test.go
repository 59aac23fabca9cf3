package insights

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// A report starts at the week of the first entry, never covers fewer than
// MinWeeks or more than asked, and Fit keeps only the latest weeks that
// fit while Span remembers how many there were.
func TestWeeksStartAtTheFirstEntry(t *testing.T) {
	// now is a Monday, so n weeks ago is a Monday too.
	cases := []struct {
		name        string
		firstAgo    int // days; -1 for an empty diary
		weeks, fit  int
		want, span  int
		entriesSeen int
	}{
		{"empty", -1, 0, 0, MinWeeks, MinWeeks, 0},
		{"begun yesterday", 1, 0, 0, MinWeeks, MinWeeks, 1},
		{"begun today", 0, 0, 0, MinWeeks, MinWeeks, 1},
		{"ten weeks old", 70, 0, 0, 11, 11, 1},
		{"two years old", 730, 0, 0, DefaultWeeks, DefaultWeeks, 0},
		{"asked for fewer", 70, 6, 0, 6, 6, 0},
		{"asked for fewer than the minimum", 1, 2, 0, 2, 2, 1},
		{"fitted to a narrow window", 730, 0, 10, 10, DefaultWeeks, 0},
		{"fit larger than the diary", 70, 0, 30, 11, 11, 1},
	}
	for _, tc := range cases {
		var es []diary.Summary
		if tc.firstAgo >= 0 {
			es = append(es, entry(tc.firstAgo, "", 0))
		}
		r := Compute(es, Options{Now: now, Weeks: tc.weeks, Fit: tc.fit})
		if len(r.Weeks) != tc.want || r.Span != tc.span || r.InRange != tc.entriesSeen {
			t.Errorf("%s: %d weeks (span %d, %d entries in range), want %d (span %d, %d)", tc.name, len(r.Weeks), r.Span, r.InRange, tc.want, tc.span, tc.entriesSeen)
		}
		if last := r.Weeks[len(r.Weeks)-1].Start; !last.Equal(diary.StartOfDay(now)) {
			t.Errorf("%s: the last week starts %v, not this Monday", tc.name, last)
		}
		if first := r.Days[0].Date; first != r.Weeks[0].Start.Format(time.DateOnly) {
			t.Errorf("%s: the calendar starts %s, the weeks %v", tc.name, first, r.Weeks[0].Start)
		}
	}
}

// Incidents: the debrief (tagged with its subtheme), a prompt about after an
// incident, and the worker's own #incident tag; nothing else.
func TestIncidents(t *testing.T) {
	prompt := entry(1, prompts.FamilyCare, 2)
	prompt.Prompt.Subtheme = "after-incident"
	cases := []struct {
		name string
		s    diary.Summary
		want bool
	}{
		{"the debrief", entry(2, "", 0, "reflection", "care", "care/after-incident"), true},
		{"a prompt about after an incident", prompt, true},
		{"the worker's own tag", entry(3, "", 0, "incident"), true},
		{"a hard day", entry(4, prompts.FamilyCare, 1, "care/hard-days"), false},
		{"a tag that only starts the same", entry(5, "", 0, "incidental"), false},
	}
	var es []diary.Summary
	want := 0
	for _, tc := range cases {
		if got := IsIncident(&tc.s); got != tc.want {
			t.Errorf("%s: IsIncident = %v", tc.name, got)
		}
		es = append(es, tc.s)
		if tc.want {
			want++
		}
	}
	r := Compute(es, Options{Now: now, Weeks: 4})
	sum := 0
	for _, w := range r.Weeks {
		sum += w.Incidents
	}
	if r.Incidents != want || sum != want || r.Weeks[2].Incidents != 3 {
		t.Errorf("incidents %d, weeks sum %d (%+v), want %d", r.Incidents, sum, r.Weeks, want)
	}
}

// Within a family: entries about it (by prompt or tag), their mood, and
// the subthemes most written about, ties in the library's order.
func TestFamilyDetails(t *testing.T) {
	rf := func(n, mood int, sub string) diary.Summary {
		e := entry(n, prompts.FamilyRoleFriction, mood)
		e.Prompt.Subtheme = sub
		return e
	}
	es := []diary.Summary{
		rf(1, 2, "resistance"),
		rf(2, 0, "resistance"),
		rf(3, 4, "unclear-role"),
		rf(4, 3, "undervalued"),
		entry(5, "", 3, "role-friction/unclear-role", "care"), // a tag counts too
		entry(6, prompts.FamilyCare, 0),
		entry(400, prompts.FamilyRoleFriction, 5), // outside the weeks
	}
	r := Compute(es, Options{Now: now, Weeks: 4})
	if len(r.Families) != len(prompts.Families) {
		t.Fatalf("%d families in the report, %d in the table", len(r.Families), len(prompts.Families))
	}
	var got FamilyDetail
	for _, d := range r.Families {
		if d.Family == prompts.FamilyRoleFriction {
			got = d
		}
	}
	if got.Entries != 5 || got.Moods != 4 || got.Mood != 3 {
		t.Errorf("role friction: %d entries, %d moods averaging %.2f; want 5, 4, 3", got.Entries, got.Moods, got.Mood)
	}
	var subs []string
	for _, s := range got.Subthemes {
		subs = append(subs, s.Label+":"+string(rune('0'+s.Entries)))
	}
	// unclear-role comes before resistance in the library; both have two.
	if strings.Join(subs, " ") != "unclear role:2 resistance:2 undervalued:1" {
		t.Errorf("subthemes %v", subs)
	}
	for _, d := range r.Families {
		if d.Family == prompts.FamilyCare && (d.Entries != 2 || d.Moods != 1 || d.Mood != 3) {
			t.Errorf("care: %+v", d)
		}
	}
}

// On this day: a month and a year ago, the day itself or the nearest day
// within a few, the earlier on a tie; months of different lengths.
func TestLookBack(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, s, zone)
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(19 * time.Hour)
	}
	withPrompt := diary.Summary{ID: "p", Created: day("2026-10-23"), Mood: 2, Words: 120,
		Prompt: &diary.PromptRef{ID: "care.hard-days.1", Family: "care", Text: "What made today hard?"}}
	cases := []struct {
		name      string
		today     string
		written   []diary.Summary
		month     string // the day found a month ago, with its entry ids
		monthNear bool
		year      string
	}{
		{"the day itself", "2026-11-23", []diary.Summary{withPrompt, {ID: "y", Created: day("2025-11-23")}}, "2026-10-23 p", false, "2025-11-23 y"},
		{"nearest day, earlier on a tie", "2026-11-23", []diary.Summary{{ID: "a", Created: day("2026-10-21")}, {ID: "b", Created: day("2026-10-25")}}, "2026-10-21 a", true, "2025-11-23"},
		{"too far", "2026-11-23", []diary.Summary{{ID: "a", Created: day("2026-10-19")}}, "2026-10-23", false, "2025-11-23"},
		{"31 March looks back to February's end", "2027-03-31", []diary.Summary{{ID: "f", Created: day("2027-02-28")}}, "2027-02-28 f", false, "2026-03-31"},
		{"two entries that day, oldest first", "2026-11-23", []diary.Summary{{ID: "late", Created: day("2026-10-23").Add(time.Hour)}, {ID: "early", Created: day("2026-10-23")}}, "2026-10-23 early late", false, "2025-11-23"},
	}
	for _, tc := range cases {
		r := Compute(tc.written, Options{Now: day(tc.today)})
		if len(r.LookBack) != 2 {
			t.Fatalf("%s: %d look-backs", tc.name, len(r.LookBack))
		}
		show := func(lb LookBack) string {
			s := lb.Date
			for _, e := range lb.Entries {
				s += " " + e.ID
			}
			return s
		}
		if got := show(r.LookBack[0]); got != tc.month || r.LookBack[0].Near != tc.monthNear || r.LookBack[0].Label != "a month ago" {
			t.Errorf("%s: a month ago %q (near %v), want %q (%v)", tc.name, got, r.LookBack[0].Near, tc.month, tc.monthNear)
		}
		if got := show(r.LookBack[1]); got != tc.year || r.LookBack[1].Label != "a year ago" {
			t.Errorf("%s: a year ago %q, want %q", tc.name, got, tc.year)
		}
	}
	r := Compute([]diary.Summary{withPrompt}, Options{Now: day("2026-11-23")})
	if e := r.LookBack[0].Entries[0]; e.Prompt != "What made today hard?" || e.Family != "care" || e.Mood != 2 || e.Words != 120 {
		t.Errorf("the entry looked back at: %+v", e)
	}
}

// The streak can be turned off: the report then has none, and its JSON no
// streak at all, while the last entry is still known.
func TestStreakOff(t *testing.T) {
	es := []diary.Summary{entry(0, "", 0), entry(1, "", 0)}
	r := Compute(es, Options{Now: now, Settings: &diary.Settings{HideStreak: true}})
	if r.Streak != nil || r.Last == nil {
		t.Fatalf("streak %+v, last %v", r.Streak, r.Last)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"streak"`) || !strings.Contains(string(b), `"last_entry"`) {
		t.Errorf("JSON with the streak off: %s", b)
	}
	if r := Compute(es, Options{Now: now, Settings: &diary.Settings{}}); r.Streak == nil || r.Streak.Current != 2 {
		t.Errorf("streak on: %+v", r.Streak)
	}
}

// Shift-end check-ins: their moods join the week's, "something happened"
// marks an incident day (once a day, however many entries and check-ins
// say so), and the weeks start at the first check-in if it came before any
// entry.
func TestCheckIns(t *testing.T) {
	debrief := entry(2, "", 0, "reflection", "care", "care/after-incident")
	es := []diary.Summary{debrief, entry(3, prompts.FamilyCare, 4)}
	cis := []diary.CheckIn{
		{At: at(2, 22), Mood: 1, Happened: true},  // the same day as the debrief
		{At: at(3, 22), Mood: 2},                  // a low day, nothing happened
		{At: at(9, 22), Mood: 3, Happened: true},  // the week before
		{At: at(60, 22), Mood: 5},                 // before any entry: the weeks reach back to it
		{At: at(-1, 22), Mood: 1, Happened: true}, // tomorrow: not counted
	}
	r := Compute(es, Options{Now: now, CheckIns: cis})
	if len(r.Weeks) != 10 {
		t.Fatalf("%d weeks; the first check-in was 60 days ago", len(r.Weeks))
	}
	last := r.Weeks[len(r.Weeks)-2] // last week: Monday 16 to Sunday 22 November
	if last.CheckIns != 2 || last.Moods != 3 || last.Mood != (4+1+2)/3.0 || last.Incidents != 1 {
		t.Errorf("last week: %+v", last)
	}
	before := r.Weeks[len(r.Weeks)-3]
	if before.CheckIns != 1 || before.Incidents != 1 || before.Entries != 0 || before.Mood != 3 {
		t.Errorf("the week before: %+v", before)
	}
	if r.Incidents != 2 || r.Weeks[len(r.Weeks)-1].CheckIns != 0 {
		t.Errorf("%d incident days; this week %+v", r.Incidents, r.Weeks[len(r.Weeks)-1])
	}
	if r.First == nil || !r.First.Equal(at(3, 10)) {
		t.Errorf("first entry %v: check-ins are not entries", r.First)
	}
	for _, d := range r.Families {
		if d.Family == prompts.FamilyCare && d.Moods != 1 {
			t.Errorf("a check-in has no theme, so no part in care's mood: %+v", d)
		}
	}
}

// A hand-made entry's header can name any family and subtheme: none of
// them confuses the counting, and nothing panics.
func TestOddPromptRefs(t *testing.T) {
	odd := []diary.PromptRef{
		{Family: "care/after-incident"},
		{Family: "care", Subtheme: "after-incident/x"},
		{Family: "care/", Subtheme: "after-incident"},
		{Family: "", Subtheme: "care/after-incident"},
		{Family: "c", Subtheme: "re/after-incident"},
		{Family: "role-friction/unclear-role", Subtheme: ""},
	}
	var es []diary.Summary
	for i, p := range odd {
		p := p
		s := entry(i, "", 0, "role-friction/", "/", "care//x")
		s.Prompt = &p
		if IsIncident(&s) {
			t.Errorf("%+v counted as an incident", p)
		}
		es = append(es, s)
	}
	r := Compute(es, Options{Now: now})
	if r.Incidents != 0 {
		t.Errorf("%d incident days", r.Incidents)
	}
}
