package prompts

import (
	"strings"

	"peerdiary/diary"
)

// Family ids, for code that must name a particular family. Everything that
// lists, names or draws families reads [Families].
const (
	FamilyTransitions   = "transitions"
	FamilyRoleFriction  = "role-friction"
	FamilyRelationships = "relationships"
	FamilyCare          = "care"
)

// Family is one family of prompts and how every screen shows it.
type Family struct {
	// ID is what prompt ids, tags, --family and pack files say:
	// "role-friction". It never changes once published.
	ID string
	// Label is the family as a sentence says it: "role friction".
	Label string
	// Glyph is one terminal cell that marks the family in pictures. No two
	// families share one, and each reads apart from the others without
	// colour.
	Glyph string
	// Role is which of the screens' family colours it takes. The colours
	// themselves belong to whatever draws; a family only names its role.
	Role ColourRole
	// About says in one short line, in plain words, what the family's
	// prompts are about, for a worker choosing one: "the people you
	// support and work beside".
	About string
}

// ColourRole names a colour by its part in a picture, not by its value.
// The terminal interface gives every role a colour for dark and light
// backgrounds; a new family takes a role no other family uses.
type ColourRole string

// The colour roles. ColourRoles lists them all.
const (
	RoleCalm   ColourRole = "calm"
	RoleWarm   ColourRole = "warm"
	RoleFresh  ColourRole = "fresh"
	RoleTender ColourRole = "tender"
	RoleBright ColourRole = "bright"
	RoleEarthy ColourRole = "earthy"
)

// ColourRoles lists every colour role, the spare ones included.
var ColourRoles = []ColourRole{RoleCalm, RoleWarm, RoleFresh, RoleTender, RoleBright, RoleEarthy}

// Families is the one table of prompt families, in the order screens show
// them. Prompts, the rotation, insights, the terminal interface and the
// demo all read it: adding a family is a row here, its subthemes in
// [Subthemes], and its prompts in library.yaml.
var Families = []Family{
	{ID: FamilyTransitions, Label: "transitions", Glyph: "█", Role: RoleCalm,
		About: "coming into the role, finding your way, and what comes after"},
	{ID: FamilyRoleFriction, Label: "role friction", Glyph: "▞", Role: RoleWarm,
		About: "when the role is unclear, undervalued or pushed against"},
	{ID: FamilyRelationships, Label: "relationships", Glyph: "▒", Role: RoleFresh,
		About: "the people you support and work beside: trust, stigma, hope"},
	{ID: FamilyCare, Label: "care", Glyph: "░", Role: RoleTender,
		About: "looking after yourself: hard days, grief, after an emergency"},
}

// FamilyIDs lists the family ids in table order.
func FamilyIDs() []string {
	ids := make([]string, len(Families))
	for i, f := range Families {
		ids[i] = f.ID
	}
	return ids
}

// FindFamily returns the family with the id, if there is one.
func FindFamily(id string) (Family, bool) {
	for _, f := range Families {
		if f.ID == id {
			return f, true
		}
	}
	return Family{}, false
}

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

// KnownFamily reports whether id is one of Families.
func KnownFamily(id string) bool {
	_, ok := FindFamily(id)
	return ok
}

// FamilyLabel is a family as a sentence says it: "role friction". An id
// not in the table (an old entry's, say) is shown with its hyphens as
// spaces.
func FamilyLabel(id string) string {
	if f, ok := FindFamily(id); ok {
		return f.Label
	}
	return strings.ReplaceAll(id, "-", " ")
}

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
