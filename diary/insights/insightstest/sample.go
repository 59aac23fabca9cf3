// Package insightstest holds a fictional diary for the tests of insights
// and of its pictures: the same numbers behind every golden.
package insightstest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Zone is the worker's time zone.
var Zone = time.FixedZone("PST", -8*3600)

// Now is Monday 23 November 2026, 18:30, in the worker's zone.
var Now = time.Date(2026, 11, 23, 18, 30, 0, 0, Zone)

// sampleSubthemes are the subthemes the sample writes about, fixed here so
// that the library growing does not change the sample.
var sampleSubthemes = map[string][]string{
	prompts.FamilyTransitions:   {"training", "readiness", "first-weeks", "culture", "adapting", "advocating", "confidence", "development", "next-steps", "taking-with-you"},
	prompts.FamilyRoleFriction:  {"unclear-role", "undervalued", "resistance", "lived-knowledge", "org-support", "training-gaps", "systemic"},
	prompts.FamilyRelationships: {"relatedness", "trust", "stigma", "normalising", "own-biases", "making-a-difference", "role-modelling", "getting-it", "boundaries", "third-space", "colleagues"},
	prompts.FamilyCare:          {"hard-days", "grief", "after-incident", "boundaries", "keeps-you-going"},
}

// SampleDiary is eight months of fictional, deterministic writing: a worker
// settling in over the summer, writing most about transitions early and
// relationships later, never about relationships in the last few weeks.
func SampleDiary() ([]diary.Summary, *diary.Settings) {
	rng := rand.New(rand.NewPCG(1, 2))
	var out []diary.Summary
	start := Now.AddDate(0, -8, 0)
	for d := start; d.Before(Now); d = d.AddDate(0, 0, 1) {
		if rng.IntN(10) < 4 {
			continue
		}
		for k := range 1 + rng.IntN(2) {
			age := Now.Sub(d).Hours() / 24
			var fam string
			switch r := rng.IntN(10); {
			case age > 150 && r < 5:
				fam = prompts.FamilyTransitions
			case r < 3 && age > 23:
				fam = prompts.FamilyRelationships
			case r < 5:
				fam = prompts.FamilyRoleFriction
			case r < 8:
				fam = prompts.FamilyCare
			case r < 9:
				fam = prompts.FamilyTransitions
			}
			s := diary.Summary{ID: fmt.Sprintf("%s-%d", d.Format("20060102"), k), Created: d.Add(time.Duration(k) * time.Hour), Mood: rng.IntN(6)}
			if fam != "" {
				subs := sampleSubthemes[fam]
				sub := subs[(d.Day()+k)%len(subs)]
				s.Prompt = &diary.PromptRef{ID: fam + "." + sub + ".1", Family: fam, Subtheme: sub, Text: "A prompt about " + sub + "?"}
				s.Tags = []string{fam, fam + "/" + sub}
			}
			out = append(out, s)
		}
	}
	diary.SortNewestFirst(out)
	settings := &diary.Settings{Stages: []diary.StageChange{
		{Stage: diary.StageInto, Since: start},
		{Stage: diary.StageThrough, Since: start.AddDate(0, 3, 0)},
	}}
	return out, settings
}
