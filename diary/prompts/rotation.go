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
// within the repeat window and stays the same all day. A day can have more
// than one: the worker asked for another, or checked in after a hard
// shift; the last one is the day's prompt.
type Offer struct {
	Day    string `yaml:"day"` // YYYY-MM-DD in the worker's time zone
	ID     string `yaml:"id"`
	Reason string `yaml:"reason,omitempty"`
	// FollowUp is when the hard shift this prompt checks back on was
	// recorded; zero for any other prompt.
	FollowUp time.Time `yaml:"follow_up,omitempty"`
}

// Choice is the prompt of the day and why it was chosen.
type Choice struct {
	Prompt Prompt
	// Reason is one plain sentence for the Today screen: "You haven't
	// written about relationships for 23 days: a prompt about trust."
	Reason string
	Day    string // the day it is for, YYYY-MM-DD
	// FollowUp is when the hard shift this prompt checks back on was
	// recorded (diary.CheckIn.At), or zero. Asking for another prompt puts
	// the check-back aside (diary.Store.MarkFollowedUp).
	FollowUp time.Time
}

// RotationInput is everything the prompt of the day depends on. The same
// input always gives the same Choice.
type RotationInput struct {
	Library  *Library
	History  []diary.Summary // the catalog, any order
	Offers   []Offer         // earlier prompts of the day
	Settings *diary.Settings // stage history, repeat window, situational opt-in; nil for defaults
	CheckIns []diary.CheckIn // shift-end check-ins, oldest first
	Now      time.Time       // its location is the worker's day boundary
	Seed     uint64          // varies the choice between diaries
}

// ErrNoPrompts means the library is empty, which only a broken build can
// cause.
var ErrNoPrompts = errors.New("the prompt library is empty")

// Rotation weights. A family counts twice as much as a subtheme, so the
// rotation moves round the four families first and round the subthemes
// within them second; a prompt for the worker's stage gets the equivalent
// of five days' more neglect, a nudge rather than a rule, so prompts for
// other stages (development, say, early in the role) still come.
const (
	familyWeight = 2
	stageBonus   = 10
	// otherStageDays caps how neglected a subtheme for another stage can
	// look, so the worker's own stage is preferred while its prompts are
	// fresh, and the others still come (development early on, say) once
	// the worker's own have been offered.
	otherStageDays = 30
	// incidentBonus leans a gentle prompt after "something happened"
	// towards the prompts for after an overdose or a hard day.
	incidentBonus = 200
	capDays       = 90 // beyond this, everything is equally long ago
	neverDays     = capDays + 1
)

// PromptOfTheDay is today's prompt: the one already offered today (the last,
// if the worker asked for another), or else a new choice (see choose). It
// is the same all day: only entries written before today count.
func PromptOfTheDay(in RotationInput) (Choice, error) {
	if in.Library == nil || len(in.Library.prompts) == 0 {
		return Choice{}, ErrNoPrompts
	}
	day := diary.StartOfDay(in.Now).Format(time.DateOnly)
	for i := len(in.Offers) - 1; i >= 0; i-- {
		o := in.Offers[i]
		if o.Day != day {
			continue
		}
		if p, ok := in.Library.Lookup(o.ID); ok {
			return Choice{Prompt: p, Reason: o.Reason, Day: day, FollowUp: o.FollowUp}, nil
		}
	}
	return choose(in, nil)
}

// AnotherPrompt is a different prompt for today, for a worker who asked for
// another or has just checked in: nothing offered today comes again. The
// caller remembers it (RotationState.Remember), so it is today's prompt
// from then on.
func AnotherPrompt(in RotationInput) (Choice, error) {
	if in.Library == nil || len(in.Library.prompts) == 0 {
		return Choice{}, ErrNoPrompts
	}
	day := diary.StartOfDay(in.Now).Format(time.DateOnly)
	shown := map[string]bool{}
	for _, o := range in.Offers {
		if o.Day == day {
			shown[o.ID] = true
		}
	}
	return choose(in, shown)
}

// choose picks a prompt for the day by what the day calls for, then by
// rotation:
//
//   - a day or two after a hard shift (a check-in with a low mood or
//     "something happened") not yet checked back on, a follow-up prompt:
//     "how are you now, a day or two on from that shift?";
//   - on the day of a hard shift, a gentle prompt, leaning towards the ones
//     for after an overdose or a hard day if something happened;
//   - in a diary with nothing in it yet, a welcome prompt;
//   - otherwise an everyday prompt, never a situational one (grief, after
//     an incident, stigma turned inwards) unless the worker opted in.
//
// Within that, the family and then subtheme written about least recently
// win, leaning towards the worker's stage, never a prompt answered or
// offered within the repeat window. Ties are broken by a hash of the seed,
// the day and the prompt id, so it is deterministic. skip is prompts not to
// offer at all.
func choose(in RotationInput, skip map[string]bool) (Choice, error) {
	settings := in.Settings
	if settings == nil {
		settings = &diary.Settings{}
	}
	dayStart := diary.StartOfDay(in.Now)
	day := dayStart.Format(time.DateOnly)
	stage := settings.StageAt(in.Now)
	window := settings.RepeatWindow()
	h := newHistory(in.History, in.Offers, dayStart, max(window, capDays*24*time.Hour))
	fresh := func(p Prompt) bool {
		t, ok := h.lastPrompt[p.ID]
		return !ok || dayStart.Sub(t) >= window
	}
	everyday := func(p Prompt) bool {
		return p.Daily() || p.Occasion == OccasionSituational && settings.OfferSituational
	}
	has := func(pool func(Prompt) bool) bool {
		return slices.ContainsFunc(in.Library.prompts, func(p Prompt) bool { return pool(p) && !skip[p.ID] })
	}

	var (
		pool     = everyday
		followUp diary.CheckIn
		hard     diary.CheckIn
		bonus    = func(Prompt) float64 { return 0 }
		reason   func(Prompt) string
	)
	if ci, ok := diary.PendingFollowUp(in.CheckIns, in.Now); ok && !checkedBack(in.History, ci.At) &&
		has(func(p Prompt) bool { return p.Occasion == OccasionFollowUp }) {
		followUp = ci
		pool = func(p Prompt) bool { return p.Occasion == OccasionFollowUp }
		reason = func(Prompt) string { return followUpReason(ci, in.Now) }
	} else if ci, ok := diary.HardToday(in.CheckIns, in.Now); ok {
		hard = ci
		// Gentle prompts; of the situational ones, "what made today hard",
		// and after something happened those for after an incident. Grief
		// and stigma turned inwards presume too much: they come when asked
		// for, or every day for a worker who opted in.
		pool = func(p Prompt) bool {
			switch {
			case !p.Gentle:
				return false
			case p.Daily():
				return true
			case p.Occasion != OccasionSituational:
				return false
			}
			return settings.OfferSituational || p.Family == FamilyCare &&
				(p.Subtheme == "hard-days" || p.Subtheme == "after-incident" && ci.Happened)
		}
		if ci.Happened {
			bonus = func(p Prompt) float64 {
				if p.Family == FamilyCare && (p.Subtheme == "after-incident" || p.Subtheme == "hard-days") {
					return incidentBonus
				}
				return 0
			}
		}
		reason = func(p Prompt) string {
			return fmt.Sprintf("After a hard shift, something gentler: a prompt about %s.", p.About())
		}
	} else if !h.any && has(func(p Prompt) bool {
		_, offered := h.lastPrompt[p.ID]
		return p.Occasion == OccasionWelcome && !offered
	}) {
		pool = func(p Prompt) bool { return p.Occasion == OccasionWelcome }
	}

	// Relax the rules one at a time if nothing is left: a small library or
	// a long repeat window must still give a prompt, and an everyday one
	// before anything else.
	var candidates []Prompt
	for i, rule := range []func(Prompt) bool{
		func(p Prompt) bool { return pool(p) && fresh(p) },
		pool,
		func(p Prompt) bool { return everyday(p) && fresh(p) },
		everyday,
		func(p Prompt) bool { return p.Occasion != OccasionFollowUp },
		func(Prompt) bool { return true },
	} {
		if i == 4 && len(skip) > 0 && slices.ContainsFunc(in.Library.prompts, everyday) {
			// Every everyday prompt was offered today already: go round
			// them again rather than offer one the worker did not ask for.
			return choose(in, nil)
		}
		for _, p := range in.Library.prompts {
			if rule(p) && !skip[p.ID] {
				candidates = append(candidates, p)
			}
		}
		if len(candidates) > 0 {
			break
		}
	}
	if len(candidates) == 0 {
		// Everything was offered today already: start round again.
		return choose(in, nil)
	}

	best, bestScore := Prompt{}, math.Inf(-1)
	for _, p := range candidates {
		sub := h.subthemeDays(p.Family, p.Subtheme, dayStart)
		switch {
		case stage == "" || p.Stage == StageAny:
		case p.Stage == stage:
			sub += stageBonus
		default:
			sub = min(sub, otherStageDays)
		}
		score := float64(familyWeight*h.familyDays(p.Family, dayStart)+sub) + bonus(p)
		// Never reoffer the prompt used most recently when there is a choice.
		if t, ok := h.lastPrompt[p.ID]; ok {
			score -= float64(capDays-min(capDays, daysBetween(t, dayStart))) / capDays
		}
		score += tieBreak(in.Seed, day, p.ID)
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	c := Choice{Prompt: best, Day: day}
	switch {
	case !followUp.At.IsZero() && best.Occasion == OccasionFollowUp:
		c.Reason, c.FollowUp = reason(best), followUp.At
	case !hard.At.IsZero() && best.Gentle:
		c.Reason = reason(best)
	default:
		c.Reason = h.reason(best, stage, dayStart)
	}
	return c, nil
}

// checkedBack reports whether an entry answering a follow-up prompt was
// written after the check-in made at at.
func checkedBack(history []diary.Summary, at time.Time) bool {
	for _, s := range history {
		if s.Prompt != nil && s.Prompt.Family == FamilyCare && s.Prompt.Subtheme == "checking-back" && s.Created.After(at) {
			return true
		}
	}
	return false
}

// followUpReason says which shift a check-back is about, in the worker's
// own word if they gave one.
func followUpReason(ci diary.CheckIn, now time.Time) string {
	when := "On " + ci.At.In(now.Location()).Format("Monday")
	if daysBetween(ci.At, now) == 1 {
		when = "Yesterday"
	}
	switch {
	case ci.Word != "":
		return fmt.Sprintf("%s you called the shift \u201c%s\u201d. Checking back, a day or two on.", when, ci.Word)
	case ci.Happened:
		return when + " you said something happened on shift. Checking back, a day or two on."
	}
	return when + " you marked the shift as a hard one. Checking back, a day or two on."
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
