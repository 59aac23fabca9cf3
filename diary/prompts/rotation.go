package prompts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"time"

	"peerdiary/diary"
)

// Offer is a prompt of the day that was shown, so it is not offered again
// within the repeat window and stays the same all day.
type Offer struct {
	Day    string `yaml:"day"` // YYYY-MM-DD in the worker's time zone
	ID     string `yaml:"id"`
	Reason string `yaml:"reason,omitempty"`
}

// Choice is the prompt of the day and why it was chosen.
type Choice struct {
	Prompt Prompt
	// Reason is one plain sentence for the Today screen: "You haven't
	// written about relationships for 23 days: a prompt about trust."
	Reason string
	Day    string // the day it is for, YYYY-MM-DD
}

// RotationInput is everything the prompt of the day depends on. The same
// input always gives the same Choice.
type RotationInput struct {
	Library  *Library
	History  []diary.Summary // the catalog, any order
	Offers   []Offer         // earlier prompts of the day
	Settings *diary.Settings // stage history and repeat window; nil for defaults
	Now      time.Time       // its location is the worker's day boundary
	Seed     uint64          // varies the choice between diaries
}

// ErrNoPrompts means the library is empty, which only a broken build can
// cause.
var ErrNoPrompts = errors.New("the prompt library is empty")

// Rotation weights. A family counts twice as much as a subtheme, so the
// rotation moves round the four families first and round the subthemes
// within them second; a prompt for the worker's stage gets the equivalent
// of five days' more neglect, a nudge rather than a rule.
const (
	familyWeight = 2
	stageBonus   = 10
	capDays      = 90 // beyond this, everything is equally long ago
	neverDays    = capDays + 1
)

// PromptOfTheDay chooses today's prompt by rotation: the family and then
// subtheme written about least recently, weighted towards prompts for the
// worker's stage on that day, never a prompt answered or offered within the
// repeat window, and the same all day (only entries written before today
// count, and an offer already made today is kept). Ties are broken by a
// hash of the seed, the day and the prompt id, so it is deterministic.
func PromptOfTheDay(in RotationInput) (Choice, error) {
	if in.Library == nil || len(in.Library.prompts) == 0 {
		return Choice{}, ErrNoPrompts
	}
	settings := in.Settings
	if settings == nil {
		settings = &diary.Settings{}
	}
	dayStart := diary.StartOfDay(in.Now)
	day := dayStart.Format(time.DateOnly)
	for _, o := range in.Offers {
		if o.Day == day {
			if p, ok := in.Library.Lookup(o.ID); ok {
				return Choice{Prompt: p, Reason: o.Reason, Day: day}, nil
			}
		}
	}

	stage := settings.StageAt(in.Now)
	window := settings.RepeatWindow()
	h := newHistory(in.History, in.Offers, dayStart, max(window, capDays*24*time.Hour))
	fresh := func(p Prompt) bool {
		t, ok := h.lastPrompt[p.ID]
		return !ok || dayStart.Sub(t) >= window
	}
	fits := func(p Prompt) bool {
		return stage == "" || p.Stage == StageAny || p.Stage == stage
	}
	// Only everyday prompts come unasked; a diary with nothing in it yet
	// starts from a welcome prompt.
	occasion := OccasionDaily
	if !h.any && slices.ContainsFunc(in.Library.prompts, func(p Prompt) bool {
		_, offered := h.lastPrompt[p.ID]
		return p.Occasion == OccasionWelcome && !offered
	}) {
		occasion = OccasionWelcome
	}
	offered := func(p Prompt) bool { return p.Occasion == occasion || p.Occasion == "" }
	// Relax the rules one at a time if nothing is left: a small library or
	// a long repeat window must still give a prompt.
	var candidates []Prompt
	for _, rule := range []func(Prompt) bool{
		func(p Prompt) bool { return offered(p) && fresh(p) && fits(p) },
		func(p Prompt) bool { return offered(p) && fits(p) },
		func(p Prompt) bool { return p.Occasion != OccasionSituational && p.Occasion != OccasionFollowUp },
		func(Prompt) bool { return true },
	} {
		for _, p := range in.Library.prompts {
			if rule(p) {
				candidates = append(candidates, p)
			}
		}
		if len(candidates) > 0 {
			break
		}
	}

	best, bestScore := Prompt{}, math.Inf(-1)
	for _, p := range candidates {
		score := float64(familyWeight*h.familyDays(p.Family, dayStart) + h.subthemeDays(p.Family, p.Subtheme, dayStart))
		if stage != "" && p.Stage == stage {
			score += stageBonus
		}
		// Never reoffer the prompt used most recently when there is a choice.
		if t, ok := h.lastPrompt[p.ID]; ok {
			score -= float64(capDays-min(capDays, daysBetween(t, dayStart))) / capDays
		}
		score += tieBreak(in.Seed, day, p.ID)
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	return Choice{Prompt: best, Reason: h.reason(best, stage, dayStart), Day: day}, nil
}

// history is what the rotation knows of the past: when each family,
// subtheme and prompt was last written about or offered.
type history struct {
	any        bool
	lastFamily map[string]time.Time
	lastSub    map[string]time.Time
	lastPrompt map[string]time.Time
}

// newHistory reads entries from before the day starting at before, and the
// offers made within lookback of it.
func newHistory(sums []diary.Summary, offers []Offer, before time.Time, lookback time.Duration) *history {
	h := &history{lastFamily: map[string]time.Time{}, lastSub: map[string]time.Time{}, lastPrompt: map[string]time.Time{}}
	later := func(m map[string]time.Time, k string, t time.Time) {
		if k != "" && t.After(m[k]) {
			m[k] = t
		}
	}
	for i := range sums {
		s := &sums[i]
		if !s.Created.Before(before) {
			continue
		}
		h.any = true
		if s.Prompt != nil {
			later(h.lastPrompt, s.Prompt.ID, s.Created)
			if s.Prompt.Family != "" {
				later(h.lastFamily, s.Prompt.Family, s.Created)
				if s.Prompt.Subtheme != "" {
					later(h.lastSub, s.Prompt.Family+"/"+s.Prompt.Subtheme, s.Created)
				}
			}
		}
		// Tags count too: an entry tagged "care" or "care/grief" by hand, or
		// written with a template, is writing about that theme.
		for _, t := range s.Tags {
			if fam, _, ok := strings.Cut(t, "/"); ok && KnownFamily(fam) {
				later(h.lastFamily, fam, s.Created)
				later(h.lastSub, t, s.Created)
			} else if KnownFamily(t) {
				later(h.lastFamily, t, s.Created)
			}
		}
	}
	// Older offers weigh nothing; ISO dates compare as text.
	oldest := before.Add(-lookback).Format(time.DateOnly)
	for _, o := range offers {
		if o.Day < oldest {
			continue
		}
		d, err := time.ParseInLocation(time.DateOnly, o.Day, before.Location())
		if err != nil || !d.Before(before) {
			continue
		}
		later(h.lastPrompt, o.ID, d)
	}
	return h
}

func (h *history) familyDays(family string, now time.Time) int {
	t, ok := h.lastFamily[family]
	if !ok {
		return neverDays
	}
	return min(capDays, daysBetween(t, now))
}

func (h *history) subthemeDays(family, sub string, now time.Time) int {
	t, ok := h.lastSub[family+"/"+sub]
	if !ok {
		return neverDays
	}
	return min(capDays, daysBetween(t, now))
}

// daysBetween counts calendar days from t's day to now's day.
func daysBetween(t, now time.Time) int {
	a := diary.StartOfDay(t.In(now.Location()))
	b := diary.StartOfDay(now)
	return int(math.Round(b.Sub(a).Hours() / 24))
}

// stagePhrases open the reason when the worker's stage chose the prompt.
var stagePhrases = map[diary.Stage]string{
	diary.StageInto:    "You're settling into the role",
	diary.StageThrough: "You're finding your way through the role",
	diary.StageBeyond:  "You're looking beyond the role",
}

// reason says, in one sentence, why p was chosen.
func (h *history) reason(p Prompt, stage diary.Stage, now time.Time) string {
	about := p.About()
	fam := FamilyLabel(p.Family)
	t, written := h.lastFamily[p.Family]
	days := 0
	if written {
		days = daysBetween(t, now)
	}
	switch {
	case p.Occasion == OccasionWelcome:
		return fmt.Sprintf("A new diary: a prompt about %s.", about)
	case stage != "" && p.Stage == stage && (!written || days < 7):
		return fmt.Sprintf("%s: a prompt about %s.", stagePhrases[stage], about)
	case !h.any:
		return fmt.Sprintf("Somewhere to start: a prompt about %s.", about)
	case !written:
		return fmt.Sprintf("You haven't written about %s yet: a prompt about %s.", fam, about)
	case days >= 2:
		return fmt.Sprintf("You haven't written about %s for %d days: a prompt about %s.", fam, days, about)
	}
	if st, ok := h.lastSub[p.Family+"/"+p.Subtheme]; ok {
		return fmt.Sprintf("A prompt about %s, which you last wrote about %s.", about, ago(daysBetween(st, now)))
	}
	return fmt.Sprintf("Something new within %s: a prompt about %s.", fam, about)
}

func ago(days int) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "yesterday"
	}
	return fmt.Sprintf("%d days ago", days)
}

// tieBreak is a number in [0, 1) fixed by seed, day and id.
func tieBreak(seed uint64, day, id string) float64 {
	f := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	f.Write(b[:])
	f.Write([]byte(day))
	f.Write([]byte{0})
	f.Write([]byte(id))
	return float64(f.Sum64()>>11) / (1 << 53)
}
