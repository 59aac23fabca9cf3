package prompts

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"peerdiary/diary"
)

var zone = time.FixedZone("PST", -8*3600)

// day is noon on 2026-11-23 plus n days, in the worker's zone.
func day(n int) time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, zone).AddDate(0, 0, n) }

func wrote(n int, family, subtheme string) diary.Summary {
	return diary.Summary{
		ID: fmt.Sprintf("e%d%s", -n, family), Created: day(n),
		Prompt: &diary.PromptRef{ID: family + "." + subtheme + ".x", Family: family, Subtheme: subtheme},
	}
}

func tagged(n int, tags ...string) diary.Summary {
	return diary.Summary{ID: fmt.Sprintf("t%d", -n), Created: day(n), Tags: tags}
}

func stages(changes ...any) *diary.Settings {
	st := &diary.Settings{}
	for i := 0; i+1 < len(changes); i += 2 {
		st.Stages = append(st.Stages, diary.StageChange{Stage: changes[i].(diary.Stage), Since: day(changes[i+1].(int))})
	}
	return st
}

func TestPromptOfTheDay(t *testing.T) {
	lib := Builtin()
	recentButRelationships := []diary.Summary{
		wrote(-1, FamilyTransitions, "adapting"),
		wrote(-2, FamilyRoleFriction, "systemic"),
		wrote(-3, FamilyCare, "hard-days"),
		wrote(-23, FamilyRelationships, "trust"),
	}
	cases := []struct {
		name       string
		history    []diary.Summary
		offers     []Offer
		settings   *diary.Settings
		now        time.Time
		wantFamily string
		wantStage  diary.Stage // "" for don't care
		wantReason string      // a prefix
	}{
		{
			name: "new diary, no stage", now: day(0),
			wantFamily: FamilyCare, wantReason: "A new diary: a prompt about where to begin.",
		},
		{
			name: "a new diary starts with a welcome whatever the stage", settings: stages(diary.StageBeyond, -10), now: day(0),
			wantFamily: FamilyCare, wantReason: "A new diary: a prompt about where to begin.",
		},
		{
			name: "an empty diary whose welcome prompts were all offered", now: day(0),
			offers:     []Offer{{Day: day(-3).Format(time.DateOnly), ID: "care.welcome.1"}, {Day: day(-2).Format(time.DateOnly), ID: "care.welcome.2"}, {Day: day(-1).Format(time.DateOnly), ID: "care.welcome.3"}},
			wantReason: "Somewhere to start: a prompt about",
		},
		{
			name: "new worker settling in", settings: stages(diary.StageInto, -10), now: day(0), history: []diary.Summary{tagged(-30, "reflection")},
			wantFamily: FamilyTransitions, wantStage: diary.StageInto,
			wantReason: "You're settling into the role: a prompt about",
		},
		{
			name: "stage is read at the date", settings: stages(diary.StageInto, -200, diary.StageBeyond, -5), now: day(0), history: []diary.Summary{tagged(-30, "reflection")},
			wantFamily: FamilyTransitions, wantStage: diary.StageBeyond,
			wantReason: "You're looking beyond the role: a prompt about",
		},
		{
			name: "least recent family wins", history: recentButRelationships, now: day(0),
			wantFamily: FamilyRelationships,
			wantReason: "You haven't written about relationships for 23 days: a prompt about",
		},
		{
			name: "least recent family beats the stage nudge", history: recentButRelationships,
			settings: stages(diary.StageThrough, -100), now: day(0),
			wantFamily: FamilyRelationships,
			wantReason: "You haven't written about relationships for 23 days",
		},
		{
			name: "a family never written about", now: day(0),
			history:    []diary.Summary{wrote(-1, FamilyTransitions, "adapting"), wrote(-2, FamilyRoleFriction, "systemic"), wrote(-3, FamilyRelationships, "trust")},
			wantFamily: FamilyCare,
			wantReason: "You haven't written about care yet: a prompt about",
		},
		{
			name: "hand-written tags count as writing about a family", now: day(0),
			history: []diary.Summary{
				wrote(-1, FamilyTransitions, "adapting"), wrote(-2, FamilyRoleFriction, "systemic"),
				wrote(-40, FamilyRelationships, "trust"), tagged(-2, "care", "care/grief"),
			},
			wantFamily: FamilyRelationships,
			wantReason: "You haven't written about relationships for 40 days",
		},
		{
			name: "entries written today do not change today's prompt", now: day(0),
			history:    append(slices.Clone(recentButRelationships), wrote(0, FamilyRelationships, "trust")),
			wantFamily: FamilyRelationships,
			wantReason: "You haven't written about relationships for 23 days",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := RotationInput{Library: lib, History: tc.history, Offers: tc.offers, Settings: tc.settings, Now: tc.now, Seed: 7}
			c, err := PromptOfTheDay(in)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantFamily != "" && c.Prompt.Family != tc.wantFamily {
				t.Errorf("family = %s (%s), want %s", c.Prompt.Family, c.Prompt.ID, tc.wantFamily)
			}
			if tc.wantStage != "" && c.Prompt.Stage != tc.wantStage {
				t.Errorf("stage = %s (%s), want %s", c.Prompt.Stage, c.Prompt.ID, tc.wantStage)
			}
			if !strings.HasPrefix(c.Reason, tc.wantReason) {
				t.Errorf("reason = %q, want it to start %q", c.Reason, tc.wantReason)
			}
			if !strings.Contains(c.Reason, c.Prompt.About()) {
				t.Errorf("reason %q does not say what the prompt is about (%s)", c.Reason, c.Prompt.About())
			}
			// Deterministic, and the same at any hour of the day.
			for _, hour := range []int{0, 7, 23} {
				in.Now = time.Date(tc.now.Year(), tc.now.Month(), tc.now.Day(), hour, 59, 0, 0, zone)
				again, _ := PromptOfTheDay(in)
				if again.Prompt.ID != c.Prompt.ID || again.Reason != c.Reason {
					t.Errorf("at %02d:59 got %s, at noon %s", hour, again.Prompt.ID, c.Prompt.ID)
				}
			}
		})
	}
}

// smallLibrary is a library of exactly the given prompts, to test the
// repeat window without the built-ins' variety hiding it.
func smallLibrary(ids ...string) *Library {
	l := &Library{}
	for _, id := range ids {
		l.prompts = append(l.prompts, Prompt{ID: id, Family: FamilyCare, Subtheme: "grief", Stage: StageAny, Text: id})
	}
	return l
}

func TestRepeatWindow(t *testing.T) {
	cases := []struct {
		name    string
		window  int
		history []diary.Summary
		offers  []Offer
		want    string
	}{
		{"answered within the window rests", 30,
			[]diary.Summary{{ID: "a", Created: day(-10), Prompt: &diary.PromptRef{ID: "a", Family: FamilyCare}}}, nil, "b"},
		{"offered within the window rests", 30, nil,
			[]Offer{{Day: day(-3).Format(time.DateOnly), ID: "b"}}, "a"},
		{"a shorter window lets it back", 5,
			[]diary.Summary{{ID: "a", Created: day(-10), Prompt: &diary.PromptRef{ID: "a", Family: FamilyCare}}},
			[]Offer{{Day: day(-1).Format(time.DateOnly), ID: "b"}}, "a"},
		{"everything used: the least recent comes back", 30,
			[]diary.Summary{{ID: "a", Created: day(-2), Prompt: &diary.PromptRef{ID: "a", Family: FamilyCare}}},
			[]Offer{{Day: day(-20).Format(time.DateOnly), ID: "b"}}, "b"},
		{"a long window reaches back past the cap", 365, nil,
			[]Offer{{Day: day(-200).Format(time.DateOnly), ID: "b"}}, "a"},
		{"today's offer is kept", 30, nil,
			[]Offer{{Day: day(0).Format(time.DateOnly), ID: "a", Reason: "kept"}}, "a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(20) { // whatever the tie-break
				c, err := PromptOfTheDay(RotationInput{
					Library: smallLibrary("a", "b"), History: tc.history, Offers: tc.offers,
					Settings: &diary.Settings{PromptRepeatDays: tc.window}, Now: day(0), Seed: seed,
				})
				if err != nil {
					t.Fatal(err)
				}
				if c.Prompt.ID != tc.want {
					t.Fatalf("seed %d: got %s, want %s", seed, c.Prompt.ID, tc.want)
				}
			}
		})
	}
}

func TestSeedVariesTheChoice(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(20) {
		c, _ := PromptOfTheDay(RotationInput{Library: Builtin(), Now: day(0), Seed: seed})
		seen[c.Prompt.ID] = true
	}
	if len(seen) < 2 {
		t.Errorf("20 seeds all chose the same prompt; two diaries should not march in step")
	}
}

// memStore is an in-memory RecordStore.
type memStore map[string][]byte

func (m memStore) WriteRecord(name string, b []byte) error {
	m[name] = append([]byte(nil), b...)
	return nil
}

func (m memStore) ReadRecord(name string) ([]byte, error) {
	b, ok := m[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return append([]byte(nil), b...), nil
}

func (m memStore) RemoveRecord(name string) error {
	if _, ok := m[name]; !ok {
		return fs.ErrNotExist
	}
	delete(m, name)
	return nil
}

func (m memStore) ListRecords(prefix string) ([]string, error) {
	var out []string
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out, nil
}

// A worker who writes every day for 90 days: the rotation never repeats a
// prompt within the window, moves through all four families within a
// week, and keeps to the worker's stage.
func TestTodayOverNinetyDays(t *testing.T) {
	rs := memStore{}
	lib := Builtin()
	settings := stages(diary.StageInto, -1, diary.StageThrough, 45)
	var history []diary.Summary
	lastSeen := map[string]int{}
	families := map[string]int{}
	for d := range 90 {
		now := day(d)
		c, err := Today(rs, lib, history, settings, now)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Today(rs, lib, history, settings, now.Add(3*time.Hour))
		if again.Prompt.ID != c.Prompt.ID {
			t.Fatalf("day %d: asked twice, got %s then %s", d, c.Prompt.ID, again.Prompt.ID)
		}
		if prev, ok := lastSeen[c.Prompt.ID]; ok && d-prev < 30 {
			t.Errorf("day %d: %s offered again after %d days", d, c.Prompt.ID, d-prev)
		}
		lastSeen[c.Prompt.ID] = d
		if st := settings.StageAt(now); c.Prompt.Stage != StageAny && c.Prompt.Stage != st {
			t.Errorf("day %d: %s is for stage %s, the worker is %s", d, c.Prompt.ID, c.Prompt.Stage, st)
		}
		if d < 7 {
			families[c.Prompt.Family]++
		}
		history = append(history, diary.Summary{ID: fmt.Sprint(d), Created: now, Prompt: c.Prompt.Ref(), Tags: TagsFor(c.Prompt)})
	}
	if len(families) != 4 {
		t.Errorf("first week's families = %v, want all four", families)
	}
	st, err := LoadRotation(rs)
	if err != nil || len(st.Offers) != 90 {
		t.Fatalf("rotation state: %d offers, %v", len(st.Offers), err)
	}
}

// BenchmarkPromptOfTheDay: the Today screen asks on every draw, so the
// rotation over years of writing has to be cheap.
func BenchmarkPromptOfTheDay(b *testing.B) {
	lib := Builtin()
	var history []diary.Summary
	var offers []Offer
	ps := lib.Prompts()
	for d := range 2000 { // five and a half years, an entry most days
		p := ps[d%len(ps)]
		history = append(history, diary.Summary{ID: fmt.Sprint(d), Created: day(-d - 1), Prompt: p.Ref(), Tags: TagsFor(p)})
		offers = append(offers, Offer{Day: day(-d - 1).Format(time.DateOnly), ID: p.ID})
	}
	in := RotationInput{Library: lib, History: history, Offers: offers, Settings: stages(diary.StageThrough, -100), Now: day(0), Seed: 1}
	for b.Loop() {
		if _, err := PromptOfTheDay(in); err != nil {
			b.Fatal(err)
		}
	}
}
