package diary

import (
	"slices"
	"testing"
	"time"
)

func TestFilter(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, pacific) }
	entries := []*Entry{
		{ID: "a", Created: day(20), Body: "Naloxone training went well", Tags: []string{"training"}, Mood: 4},
		{ID: "b", Created: day(21), Body: "Long outreach shift. Cold.", Tags: []string{"outreach", "hard-day"},
			Prompt: &PromptRef{ID: "bd-1", Family: "Boundaries", Text: "Where did you say no?"}},
		{ID: "c", Created: day(22), Body: "Supervision", Tags: []string{"outreach"},
			Answers: []Answer{{Step: "what", Text: "Talked about burnout"}}},
		{ID: "d", Created: day(23), Body: "Quiet day at the drop-in", Prompt: &PromptRef{ID: "sc-2", Family: "self-care", Text: "What restored you?"}},
	}
	var cat []Summary
	for _, e := range entries {
		cat = append(cat, summarize(e, e.ID+FileExt))
	}
	SortNewestFirst(cat)

	for _, tc := range []struct {
		name string
		f    Filter
		want []string
	}{
		{"zero filter selects all, newest first", Filter{}, []string{"d", "c", "b", "a"}},
		{"since is inclusive", Filter{Since: day(22)}, []string{"d", "c"}},
		{"until is inclusive", Filter{Until: day(21)}, []string{"b", "a"}},
		{"day range", Filter{Since: StartOfDay(day(21)), Until: EndOfDay(day(22))}, []string{"c", "b"}},
		{"empty range", Filter{Since: day(23), Until: day(20)}, nil},
		{"one tag", Filter{Tags: []string{"outreach"}}, []string{"c", "b"}},
		{"every tag must match", Filter{Tags: []string{"outreach", "hard-day"}}, []string{"b"}},
		{"tags are normalised", Filter{Tags: []string{"#Hard Day"}}, []string{"b"}},
		{"unknown tag", Filter{Tags: []string{"nope"}}, nil},
		{"family, any case", Filter{Family: " boundaries "}, []string{"b"}},
		{"word in body, any case", Filter{Words: "NALOXONE"}, []string{"a"}},
		{"every word must appear", Filter{Words: "outreach cold"}, []string{"b"}},
		{"word in an answer", Filter{Words: "burnout"}, []string{"c"}},
		{"word in prompt text", Filter{Words: "restored"}, []string{"d"}},
		{"word matches a tag", Filter{Words: "#training"}, []string{"a"}},
		{"part of a word", Filter{Words: "super"}, []string{"c"}},
		{"word nowhere", Filter{Words: "fentanyl"}, nil},
		{"limit keeps the newest", Filter{Limit: 2}, []string{"d", "c"}},
		{"limit after filtering", Filter{Tags: []string{"outreach"}, Limit: 1}, []string{"c"}},
		{"everything combined", Filter{Since: day(21), Tags: []string{"outreach"}, Family: "boundaries", Words: "shift"}, []string{"b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range tc.f.Apply(cat) {
				got = append(got, s.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range cat {
				inApply := slices.Contains(got, cat[i].ID)
				if tc.f.Limit == 0 && tc.f.Matches(&cat[i]) != inApply {
					t.Fatalf("Matches(%s) disagrees with Apply", cat[i].ID)
				}
			}
		})
	}
}

func TestSortNewestFirstIsStable(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	es := []Summary{{ID: "b", Created: at}, {ID: "c", Created: at.Add(time.Hour)}, {ID: "a", Created: at}}
	SortNewestFirst(es)
	if got := []string{es[0].ID, es[1].ID, es[2].ID}; !slices.Equal(got, []string{"c", "a", "b"}) {
		t.Fatalf("order %v", got)
	}
}
