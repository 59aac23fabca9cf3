package prompts

import (
	"slices"
	"strings"

	"peerdiary/diary"
)

// Family ids. The command line and the terminal interface use these.
const (
	FamilyTransitions   = "transitions"
	FamilyRoleFriction  = "role-friction"
	FamilyRelationships = "relationships"
	FamilyCare          = "care"
)

// Families lists the family ids in the order screens show them.
var Families = []string{FamilyTransitions, FamilyRoleFriction, FamilyRelationships, FamilyCare}

// StageAny marks a prompt that suits every stage.
const StageAny diary.Stage = "any"

// Subtheme is one theme within a family.
type Subtheme struct {
	ID     string // unique within its family, e.g. "first-weeks"
	Family string
	// Group is the part of the family it belongs to: the stage for
	// transitions ("into", "through", "beyond"), "who" or "how" for
	// relationships, "" otherwise.
	Group string
	// Stage is the stage the subtheme speaks to, or StageAny.
	Stage diary.Stage
	// About completes "a prompt about …" in plain words.
	About string
}

// Subthemes are the built-in subthemes, taken from the research.
var Subthemes = []Subtheme{
	{"training", FamilyTransitions, "into", diary.StageInto, "your training"},
	{"readiness", FamilyTransitions, "into", diary.StageInto, "feeling ready for the role"},
	{"first-weeks", FamilyTransitions, "into", diary.StageInto, "your first weeks"},
	{"culture", FamilyTransitions, "into", diary.StageInto, "learning how your organisation works"},
	{"adapting", FamilyTransitions, "through", diary.StageThrough, "adapting to the work"},
	{"advocating", FamilyTransitions, "through", diary.StageThrough, "speaking up for harm reduction"},
	{"confidence", FamilyTransitions, "through", diary.StageThrough, "growing confidence"},
	{"development", FamilyTransitions, "beyond", diary.StageBeyond, "learning and development"},
	{"next-steps", FamilyTransitions, "beyond", diary.StageBeyond, "your next steps"},
	{"taking-with-you", FamilyTransitions, "beyond", diary.StageBeyond, "what you take with you"},

	{"unclear-role", FamilyRoleFriction, "", StageAny, "unclear titles and expectations"},
	{"undervalued", FamilyRoleFriction, "", StageAny, "feeling undervalued or ineffective"},
	{"resistance", FamilyRoleFriction, "", StageAny, "pushback from other professionals"},
	{"lived-knowledge", FamilyRoleFriction, "", StageAny, "how your lived experience is treated"},
	{"org-support", FamilyRoleFriction, "", StageAny, "support from your organisation"},
	{"training-gaps", FamilyRoleFriction, "", StageAny, "gaps in training"},
	{"systemic", FamilyRoleFriction, "", StageAny, "obstacles in the system"},
	{"pay-and-contracts", FamilyRoleFriction, "", StageAny, "pay, hours and contracts"},
	{"tokenism", FamilyRoleFriction, "", StageAny, "being included for show"},
	{"stigma-at-work", FamilyRoleFriction, "", StageAny, "stigma aimed at you at work"},

	{"relatedness", FamilyRelationships, "who", StageAny, "connecting through shared experience"},
	{"trust", FamilyRelationships, "who", StageAny, "trust"},
	{"stigma", FamilyRelationships, "who", StageAny, "stigma"},
	{"normalising", FamilyRelationships, "who", StageAny, "helping someone feel less alone"},
	{"own-biases", FamilyRelationships, "who", StageAny, "your own biases"},
	{"dual-relationships", FamilyRelationships, "who", StageAny, "knowing someone from another part of your life"},
	{"different-paths", FamilyRelationships, "who", StageAny, "when your experience differs from theirs"},
	{"living-experience", FamilyRelationships, "who", StageAny, "experience that is part of your life now"},
	{"making-a-difference", FamilyRelationships, "how", StageAny, "making a difference"},
	{"role-modelling", FamilyRelationships, "how", StageAny, "being a role model"},
	{"getting-it", FamilyRelationships, "how", StageAny, "\u201cgetting it\u201d"},
	{"boundaries", FamilyRelationships, "how", StageAny, "boundaries with the people you support"},
	{"third-space", FamilyRelationships, "how", StageAny, "the space between peer and professional"},
	{"colleagues", FamilyRelationships, "how", StageAny, "working with colleagues"},
	{"mutuality", FamilyRelationships, "how", StageAny, "what goes both ways"},
	{"hope", FamilyRelationships, "how", StageAny, "noticing hope"},
	{"endings", FamilyRelationships, "how", StageAny, "endings"},

	{"hard-days", FamilyCare, "", StageAny, "hard days"},
	{"grief", FamilyCare, "", StageAny, "grief and loss"},
	{"after-incident", FamilyCare, "", StageAny, "what comes after an overdose, a death or another emergency"},
	{"boundaries", FamilyCare, "", StageAny, "protecting your own time and energy"},
	{"keeps-you-going", FamilyCare, "", StageAny, "what keeps you going"},
	{"own-wellbeing", FamilyCare, "", StageAny, "when the work stirs up your own story"},
	{"supervision", FamilyCare, "", StageAny, "supervision"},
	{"welcome", FamilyCare, "", StageAny, "where to begin"},
	{"checking-back", FamilyCare, "", StageAny, "how you are, a day or two on"},
}

// KnownFamily reports whether id is one of the four families.
func KnownFamily(id string) bool { return slices.Contains(Families, id) }

// FamilyName is a family as a sentence says it: "role friction".
func FamilyName(id string) string { return strings.ReplaceAll(id, "-", " ") }

// FindSubtheme returns the built-in subtheme of a family, if there is one.
func FindSubtheme(family, id string) (Subtheme, bool) {
	for _, s := range Subthemes {
		if s.Family == family && s.ID == id {
			return s, true
		}
	}
	return Subtheme{}, false
}

// subthemeAbout says what a subtheme is about, for a pack's own subthemes
// too.
func subthemeAbout(family, id string) string {
	if s, ok := FindSubtheme(family, id); ok {
		return s.About
	}
	return strings.ReplaceAll(id, "-", " ")
}

// stageKnown reports whether s names a stage or StageAny.
func stageKnown(s diary.Stage) bool {
	switch s {
	case diary.StageInto, diary.StageThrough, diary.StageBeyond, StageAny:
		return true
	}
	return false
}
