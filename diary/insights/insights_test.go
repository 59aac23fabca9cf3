package insights

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/insights/insightstest"
	"peerdiary/diary/prompts"
)

var (
	now  = insightstest.Now
	zone = insightstest.Zone
)

// at is a moment n days before now, at the given hour.
func at(n, hour int) time.Time {
	d := diary.StartOfDay(now).AddDate(0, 0, -n)
	return d.Add(time.Duration(hour) * time.Hour)
}

func entry(n int, family string, mood int, tags ...string) diary.Summary {
	s := diary.Summary{ID: family + time.Duration(n).String(), Created: at(n, 10), Mood: mood, Tags: tags}
	if family != "" {
		s.Prompt = &diary.PromptRef{ID: family + ".x.1", Family: family}
	}
	return s
}

func TestComputeWeeks(t *testing.T) {
	// now is Monday 23 November: the current week has one day in it.
	es := []diary.Summary{
		entry(0, prompts.FamilyCare, 2),          // this week (Monday)
		entry(1, prompts.FamilyRelationships, 4), // Sunday: last week
		entry(7, "", 0),                          // last Monday: last week
		entry(8, prompts.FamilyCare, 0, "care"),  // the week before
		entry(400, prompts.FamilyCare, 0),        // outside the range
	}
	r := Compute(es, Options{Now: now, Weeks: 4})
	if len(r.Weeks) != 4 || r.Weeks[3].Start.Weekday() != time.Monday || !r.Weeks[3].Start.Equal(diary.StartOfDay(now)) {
		t.Fatalf("weeks = %+v", r.Weeks)
	}
	want := []struct {
		entries int
		themes  map[string]int
		mood    float64
	}{
		{0, map[string]int{}, 0},
		{1, map[string]int{prompts.FamilyCare: 1}, 0},
		{2, map[string]int{prompts.FamilyRelationships: 1, Other: 1}, 4},
		{1, map[string]int{prompts.FamilyCare: 1}, 2},
	}
	for i, w := range want {
		got := r.Weeks[i]
		if got.Entries != w.entries || got.Mood != w.mood || len(got.Themes) != len(w.themes) {
			t.Errorf("week %d = %+v, want %+v", i, got, w)
		}
		for k, v := range w.themes {
			if got.Themes[k] != v {
				t.Errorf("week %d theme %s = %d, want %d", i, k, got.Themes[k], v)
			}
		}
	}
	if r.Total != 5 || r.InRange != 4 {
		t.Errorf("total %d, in range %d", r.Total, r.InRange)
	}
	if len(r.Days) != 22 || r.Days[len(r.Days)-1].Date != "2026-11-23" || r.Days[len(r.Days)-1].Entries != 1 {
		t.Errorf("calendar has %d days ending %+v", len(r.Days), r.Days[len(r.Days)-1])
	}
}

func TestThemeOf(t *testing.T) {
	cases := []struct {
		s    diary.Summary
		want string
	}{
		{entry(0, prompts.FamilyCare, 0), prompts.FamilyCare},
		{entry(0, "", 0, "relationships/trust"), prompts.FamilyRelationships},
		{entry(0, "", 0, "outreach", "role-friction"), prompts.FamilyRoleFriction},
		{entry(0, "", 0, "careful"), Other},
		{diary.Summary{Prompt: &diary.PromptRef{ID: "x", Family: "made-up"}}, Other},
	}
	for _, tc := range cases {
		if got := ThemeOf(&tc.s); got != tc.want {
			t.Errorf("ThemeOf(%+v) = %s, want %s", tc.s, got, tc.want)
		}
	}
}

func TestStreak(t *testing.T) {
	cases := []struct {
		name             string
		daysAgo          []int
		current, longest int
	}{
		{"none", nil, 0, 0},
		{"today only", []int{0}, 1, 1},
		{"still alive from yesterday", []int{1, 2, 3}, 3, 3},
		{"broken", []int{2, 3, 4, 5}, 0, 4},
		{"two entries a day count once", []int{0, 0, 1, 3, 4, 5, 6}, 2, 4},
	}
	for _, tc := range cases {
		var es []diary.Summary
		for i, n := range tc.daysAgo {
			e := entry(n, "", 0)
			e.Created = e.Created.Add(time.Duration(i) * time.Minute)
			es = append(es, e)
		}
		s := Compute(es, Options{Now: now}).Streak
		if s == nil {
			t.Fatalf("%s: no streak although it was not turned off", tc.name)
		}
		if s.Current != tc.current || s.Longest != tc.longest {
			t.Errorf("%s: streak %d (longest %d), want %d (%d)", tc.name, s.Current, s.Longest, tc.current, tc.longest)
		}
	}
}

func TestThemeGaps(t *testing.T) {
	es := []diary.Summary{
		entry(2, prompts.FamilyCare, 0),
		entry(23, prompts.FamilyRelationships, 0),
		entry(3, "", 0, "transitions/first-weeks"),
	}
	r := Compute(es, Options{Now: now})
	got := map[string]ThemeGap{}
	for _, g := range r.Themes {
		got[g.Family] = g
	}
	// Worded as an offer, never as something owed.
	if g := got[prompts.FamilyRelationships]; !g.Quiet || g.Days != 23 || g.Line != "Relationships has been quiet for 23 days. A prompt is there if you'd like one." {
		t.Errorf("relationships: %+v", g)
	}
	if g := got[prompts.FamilyRoleFriction]; !g.Quiet || g.Days != -1 || g.Line != "Role friction hasn't come up yet. A prompt is there if you'd like one." {
		t.Errorf("role friction: %+v", g)
	}
	if g := got[prompts.FamilyTransitions]; g.Quiet || g.Days != 3 {
		t.Errorf("a tag should count as writing about transitions: %+v", g)
	}
	if g := got[prompts.FamilyCare]; g.Quiet || g.Days != 2 {
		t.Errorf("care: %+v", g)
	}
	// A new diary is offered nothing: neither an empty one nor one begun
	// less than QuietAfter days ago.
	for _, es := range [][]diary.Summary{nil, {entry(QuietAfter-1, prompts.FamilyCare, 0)}} {
		for _, g := range Compute(es, Options{Now: now}).Themes {
			if g.Quiet {
				t.Errorf("a diary of %d entries begun lately: %+v", len(es), g)
			}
		}
	}
	for _, g := range r.Themes {
		for _, nag := range []string{"should", "haven't written", "Not written", "!"} {
			if strings.Contains(g.Line, nag) {
				t.Errorf("%s: %q reads as a nag (%q)", g.Family, g.Line, nag)
			}
		}
	}
}

func TestStageSpans(t *testing.T) {
	st := &diary.Settings{Stages: []diary.StageChange{
		{Stage: diary.StageInto, Since: at(900, 0)},
		{Stage: diary.StageThrough, Since: at(600, 0)}, // ended before the range
		{Stage: diary.StageInto, Since: at(100, 0)},
		{Stage: diary.StageBeyond, Since: at(10, 0)},
		{Stage: diary.StageThrough, Since: at(-5, 0)}, // in the future
	}}
	r := Compute([]diary.Summary{entry(300, "", 0)}, Options{Now: now, Settings: st})
	if len(r.Stages) != 3 {
		t.Fatalf("spans = %+v", r.Stages)
	}
	if r.Stages[2].Stage != diary.StageBeyond || r.Stages[2].To != nil {
		t.Errorf("current span = %+v", r.Stages[2])
	}
	if got := r.StageAt(at(50, 0)); got != diary.StageInto {
		t.Errorf("StageAt 50 days ago = %s", got)
	}
}

func TestJSONShape(t *testing.T) {
	es, st := insightstest.SampleDiary()
	b, err := json.Marshal(Compute(es, Options{Now: now, Settings: st}))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"total_entries":223`, `"weeks":[`, `"calendar":[`, `"streak":{`, `"themes":[`, `"stages":[`, `"days_since":26`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func BenchmarkCompute(b *testing.B) {
	es, st := insightstest.SampleDiary()
	for range 20 { // about 4,500 entries, years of writing
		es = append(es, es[:223]...)
	}
	b.ResetTimer()
	for b.Loop() {
		_ = Compute(es, Options{Now: now, Settings: st})
	}
}
