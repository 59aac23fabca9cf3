package prompts

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
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
// week, and leans to the worker's stage without keeping to it.
func TestTodayOverNinetyDays(t *testing.T) {
	rs := memStore{}
	lib := Builtin()
	settings := stages(diary.StageInto, -1, diary.StageThrough, 45)
	var history []diary.Summary
	lastSeen := map[string]int{}
	families := map[string]int{}
	ownStage, otherStage := 0, 0
	for d := range 90 {
		now := day(d)
		c, err := Today(rs, lib, Day{History: history, Settings: settings, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Today(rs, lib, Day{History: history, Settings: settings, Now: now.Add(3 * time.Hour)})
		if again.Prompt.ID != c.Prompt.ID {
			t.Fatalf("day %d: asked twice, got %s then %s", d, c.Prompt.ID, again.Prompt.ID)
		}
		if prev, ok := lastSeen[c.Prompt.ID]; ok && d-prev < 30 {
			t.Errorf("day %d: %s offered again after %d days", d, c.Prompt.ID, d-prev)
		}
		lastSeen[c.Prompt.ID] = d
		if st := settings.StageAt(now); c.Prompt.Stage == st {
			ownStage++
		} else if c.Prompt.Stage != StageAny {
			otherStage++
		}
		if d < 7 {
			families[c.Prompt.Family]++
		}
		history = append(history, diary.Summary{ID: fmt.Sprint(d), Created: now, Prompt: c.Prompt.Ref(), Tags: TagsFor(c.Prompt)})
	}
	if len(families) != 4 {
		t.Errorf("first week's families = %v, want all four", families)
	}
	if otherStage == 0 || ownStage < 2*otherStage {
		t.Errorf("%d prompts for the worker's stage, %d for another; want a lean, not a rule", ownStage, otherStage)
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

// Over a simulated year of days, writing on some and not others, the
// prompt of the day is never a situational prompt (grief, after an
// incident, stigma turned inwards) or a check-back unless the worker opted
// in or a hard shift called for one; with the opt-in, situational prompts
// do come.
func TestSituationalNeverUnasked(t *testing.T) {
	lib := Builtin()
	for _, optIn := range []bool{false, true} {
		rs := memStore{}
		settings := &diary.Settings{OfferSituational: optIn}
		var history []diary.Summary
		rnd := rand.New(rand.NewPCG(1, 2))
		situational := 0
		for d := range 365 {
			// Any hour: the day boundary is the worker's.
			now := day(d).Add(time.Duration(rnd.IntN(24)-12) * time.Hour)
			c, err := Today(rs, lib, Day{History: history, Settings: settings, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			switch c.Prompt.Occasion {
			case OccasionSituational:
				situational++
				if !optIn {
					t.Errorf("day %d: %s (situational) came unasked", d, c.Prompt.ID)
				}
			case OccasionFollowUp:
				t.Errorf("day %d: %s (a check-back) came with no hard shift", d, c.Prompt.ID)
			case OccasionWelcome:
				if len(history) > 0 {
					t.Errorf("day %d: a welcome prompt in a diary with %d entries", d, len(history))
				}
			}
			if rnd.IntN(10) < 6 { // writes on six days in ten
				history = append(history, diary.Summary{ID: fmt.Sprint(d), Created: now, Prompt: c.Prompt.Ref(), Tags: TagsFor(c.Prompt)})
			}
		}
		if optIn && situational == 0 {
			t.Error("with situational prompts opted in, none came in a year")
		}
	}
}

// A hard shift: the check-in brings a gentle prompt that evening, a
// check-back the next day or the one after, easy to put aside; a better
// shift since, or an answer, ends it.
func TestCheckInThenGentleThenFollowUp(t *testing.T) {
	lib := Builtin()
	history := []diary.Summary{wrote(-10, FamilyCare, "keeps-you-going"), wrote(-9, FamilyRelationships, "trust")}
	rs := memStore{}
	hard := diary.CheckIn{At: day(0).Add(6 * time.Hour), Mood: 2, Word: "heavy", Happened: true}

	// The evening of the shift: today's prompt was offered before the
	// check-in; after it, another is gentle, for after an incident.
	first, err := Today(rs, lib, Day{History: history, Now: day(0)})
	if err != nil {
		t.Fatal(err)
	}
	evening := Day{History: history, CheckIns: []diary.CheckIn{hard}, Now: hard.At.Add(time.Minute)}
	gentle, _, err := Another(rs, lib, evening)
	if err != nil {
		t.Fatal(err)
	}
	if !gentle.Prompt.Gentle || gentle.Prompt.Family != FamilyCare || gentle.Prompt.ID == first.Prompt.ID {
		t.Errorf("after a hard shift got %s (gentle %v), first %s", gentle.Prompt.ID, gentle.Prompt.Gentle, first.Prompt.ID)
	}
	if gentle.Prompt.Subtheme != "after-incident" && gentle.Prompt.Subtheme != "hard-days" {
		t.Errorf("something happened, but the gentle prompt is about %s", gentle.Prompt.Subtheme)
	}
	if !strings.HasPrefix(gentle.Reason, "After a hard shift, something gentler: ") {
		t.Errorf("reason = %q", gentle.Reason)
	}
	// Remembered for the day, here and on the command line.
	if again, _ := Today(rs, lib, evening); again.Prompt.ID != gentle.Prompt.ID {
		t.Errorf("after another, today's prompt is %s, want %s", again.Prompt.ID, gentle.Prompt.ID)
	}
	third, _, _ := Another(rs, lib, evening)
	if third.Prompt.ID == gentle.Prompt.ID || third.Prompt.ID == first.Prompt.ID || !third.Prompt.Gentle {
		t.Errorf("a third prompt repeats the day's or is not gentle: %s", third.Prompt.ID)
	}

	// The next day: a check-back, in the worker's own word.
	next := Day{History: history, CheckIns: []diary.CheckIn{hard}, Now: day(1)}
	c, err := Today(rs, lib, next)
	if err != nil {
		t.Fatal(err)
	}
	if c.Prompt.Occasion != OccasionFollowUp || !c.FollowUp.Equal(hard.At) {
		t.Fatalf("the day after: %s (%s), follow-up %v", c.Prompt.ID, c.Prompt.Occasion, c.FollowUp)
	}
	if want := "Yesterday you called the shift \u201cheavy\u201d. Checking back, a day or two on."; c.Reason != want {
		t.Errorf("reason = %q, want %q", c.Reason, want)
	}
	// Put aside: another prompt, with the check-in marked followed up.
	done := hard
	done.FollowedUp = day(1)
	aside, _, _ := Another(rs, lib, Day{History: history, CheckIns: []diary.CheckIn{done}, Now: day(1)})
	if aside.Prompt.Occasion == OccasionFollowUp || !aside.FollowUp.IsZero() {
		t.Errorf("after putting it aside got %s", aside.Prompt.ID)
	}
	if c, _ := Today(memStore{}, lib, Day{History: history, CheckIns: []diary.CheckIn{done}, Now: day(2)}); c.Prompt.Occasion == OccasionFollowUp {
		t.Errorf("a check-back put aside came back: %s", c.Prompt.ID)
	}

	for _, tc := range []struct {
		name     string
		checkIns []diary.CheckIn
		history  []diary.Summary
		now      time.Time
		want     bool
	}{
		{"two days on", []diary.CheckIn{hard}, history, day(2), true},
		{"three days on: let it be", []diary.CheckIn{hard}, history, day(3), false},
		{"a better shift since", []diary.CheckIn{hard, {At: day(1), Mood: 4}}, history, day(2), false},
		{"answered already", []diary.CheckIn{hard}, append(slices.Clone(history),
			diary.Summary{ID: "cb", Created: day(1), Prompt: &diary.PromptRef{ID: "care.checking-back.1", Family: FamilyCare, Subtheme: "checking-back"}}), day(2), false},
		{"an okay shift brings nothing", []diary.CheckIn{{At: day(0), Mood: 3}}, history, day(1), false},
	} {
		c, err := PromptOfTheDay(RotationInput{Library: lib, History: tc.history, CheckIns: tc.checkIns, Now: tc.now, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Prompt.Occasion == OccasionFollowUp; got != tc.want {
			t.Errorf("%s: got %s", tc.name, c.Prompt.ID)
		}
	}
	// A low mood without an incident is gentle, not about incidents.
	low := Day{History: history, CheckIns: []diary.CheckIn{{At: day(5), Mood: 1}}, Now: day(5)}
	rs = memStore{}
	for range 6 {
		c, _, _ = Another(rs, lib, low)
		if !c.Prompt.Gentle || c.Prompt.Subtheme == "grief" || c.Prompt.Subtheme == "after-incident" || c.Prompt.ID == "relationships.stigma.2" {
			t.Errorf("after a low check-in, nothing happening, got %s", c.Prompt.ID)
		}
	}
}

// Asking for another prompt again and again, past every everyday prompt in
// the library, goes round the everyday ones again: it never turns up a
// situational prompt (grief, after an incident, stigma turned inwards), a
// welcome or a check-back the worker did not ask for.
func TestAnotherNeverReachesSituational(t *testing.T) {
	lib := Builtin()
	rs := memStore{}
	history := []diary.Summary{wrote(-10, FamilyCare, "keeps-you-going")}
	d := Day{History: history, Now: day(0)}
	if _, err := Today(rs, lib, d); err != nil {
		t.Fatal(err)
	}
	n := len(lib.Prompts())
	for i := range 2*n + 5 {
		c, _, err := Another(rs, lib, d)
		if err != nil {
			t.Fatal(err)
		}
		if o := c.Prompt.Occasion; o != OccasionDaily && o != "" {
			t.Fatalf("another prompt, press %d: %s (%s) came unasked", i+1, c.Prompt.ID, o)
		}
	}
}
