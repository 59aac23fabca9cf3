package prompts

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"peerdiary/diary"
)

func TestBuiltinLibraryIsValid(t *testing.T) {
	if err := BuiltinError(); err != nil {
		t.Fatalf("the embedded library does not parse: %v", err)
	}
	l := Builtin()
	ps := l.Prompts()
	if len(ps) < 60 {
		t.Fatalf("the library has %d prompts, want at least 60", len(ps))
	}
	ids := map[string]bool{}
	perSubtheme := map[string]int{}
	for _, p := range ps {
		if ids[p.ID] {
			t.Errorf("prompt id %s is used twice", p.ID)
		}
		ids[p.ID] = true
		if strings.Contains(p.ID, "/") {
			t.Errorf("built-in id %s contains '/', which is reserved for packs", p.ID)
		}
		if !strings.HasPrefix(p.ID, p.Family+"."+p.Subtheme+".") {
			t.Errorf("prompt %s: id does not follow family.subtheme.n", p.ID)
		}
		if _, ok := FindSubtheme(p.Family, p.Subtheme); !ok {
			t.Errorf("prompt %s: unknown subtheme %s/%s", p.ID, p.Family, p.Subtheme)
		}
		if p.Pack != "" {
			t.Errorf("prompt %s: built-in prompt has pack %q", p.ID, p.Pack)
		}
		perSubtheme[p.Family+"/"+p.Subtheme]++
	}
	for _, s := range Subthemes {
		if perSubtheme[s.Family+"/"+s.ID] == 0 {
			t.Errorf("subtheme %s/%s has no prompt", s.Family, s.ID)
		}
	}
	for _, f := range Families {
		n := 0
		for _, s := range Subthemes {
			n += perSubtheme[f.ID+"/"+s.ID]
		}
		if n < 2 {
			t.Errorf("family %s has %d prompts in the library", f.ID, n)
		}
	}
}

// The research names these subthemes; each must exist so the library covers
// what the prompts are grounded in.
func TestResearchSubthemesPresent(t *testing.T) {
	want := map[string][]string{
		FamilyTransitions:   {"training", "readiness", "first-weeks", "culture", "adapting", "advocating", "confidence", "development", "next-steps", "taking-with-you"},
		FamilyRoleFriction:  {"unclear-role", "undervalued", "resistance", "lived-knowledge", "org-support", "training-gaps", "systemic"},
		FamilyRelationships: {"relatedness", "trust", "stigma", "normalising", "own-biases", "making-a-difference", "role-modelling", "getting-it", "boundaries", "third-space", "colleagues"},
		FamilyCare:          {"hard-days", "grief", "after-incident", "boundaries", "keeps-you-going"},
	}
	for fam, subs := range want {
		for _, s := range subs {
			if _, ok := FindSubtheme(fam, s); !ok {
				t.Errorf("missing subtheme %s/%s", fam, s)
			}
		}
	}
}

func TestPromptTextIsPlain(t *testing.T) {
	// Words that make a prompt sound clinical or assume the worst; the
	// library speaks as a peer, not a case file.
	banned := []string{"relapse", "patient", "symptom", "disorder", "addict", "compliance", "noncompliant", "clean", "dirty"}
	for _, p := range Builtin().Prompts() {
		lower := strings.ToLower(p.Text + " " + strings.Join(p.FollowUps, " "))
		for _, w := range banned {
			if strings.Contains(lower, w) {
				t.Errorf("prompt %s uses %q", p.ID, w)
			}
		}
		if n := len([]rune(p.Text)); n > 200 {
			t.Errorf("prompt %s is %d characters; keep prompts short", p.ID, n)
		}
	}
}

func TestLookupAndTags(t *testing.T) {
	p, ok := Lookup("relationships.trust.1")
	if !ok {
		t.Fatal("Lookup(relationships.trust.1) found nothing")
	}
	if p.Family != FamilyRelationships || p.Subtheme != "trust" || p.Stage != StageAny {
		t.Errorf("got %+v", p)
	}
	if got := strings.Join(TagsFor(p), ","); got != "relationships,relationships/trust" {
		t.Errorf("TagsFor = %s", got)
	}
	if _, ok := Lookup("no.such.prompt"); ok {
		t.Error("Lookup of an unknown id succeeded")
	}
	first, _ := Lookup("transitions.first-weeks.1")
	if first.Stage != diary.StageInto {
		t.Errorf("first-weeks prompt stage = %q, want into (from its subtheme)", first.Stage)
	}
	ref := first.Ref()
	if ref.ID != first.ID || ref.Text != first.Text || ref.Family != FamilyTransitions {
		t.Errorf("Ref = %+v", ref)
	}
}

func TestBuiltinTemplates(t *testing.T) {
	l := Builtin()
	for _, tc := range []struct {
		id    string
		steps []string
	}{
		{"what-so-what-now-what", []string{"what", "so-what", "now-what"}},
		{"gibbs", []string{"description", "feelings", "evaluation", "analysis", "conclusion", "action-plan"}},
		// Psychological First Aid's order: safety and tonight's needs, the
		// story briefly, what you notice in yourself, who can help, one step.
		{"debrief", []string{"safe-now", "what-happened", "how-are-you", "who-to-talk-to", "next-step"}},
	} {
		tmpl, ok := l.Template(tc.id)
		if !ok {
			t.Errorf("template %s missing", tc.id)
			continue
		}
		var got []string
		for _, s := range tmpl.Steps {
			got = append(got, s.ID)
		}
		if strings.Join(got, ",") != strings.Join(tc.steps, ",") {
			t.Errorf("template %s steps = %v, want %v", tc.id, got, tc.steps)
		}
	}
	d, _ := l.Template("debrief")
	for i, s := range d.Steps {
		if want := s.ID == "safe-now" || s.ID == "who-to-talk-to"; s.OffersSupports != want {
			t.Errorf("debrief step %d (%s) offers supports: %v", i+1, s.ID, s.OffersSupports)
		}
	}
	if !strings.Contains(d.Steps[0].Question, "safe") || !strings.Contains(d.Steps[0].Question, "tonight") {
		t.Errorf("the debrief does not start with safety and tonight's needs: %q", d.Steps[0].Question)
	}
	if !strings.Contains(d.Steps[1].Hint, "skip") {
		t.Errorf("the story is not said to be optional: %q", d.Steps[1].Hint)
	}
	if !strings.Contains(d.Steps[2].Hint, "Numb is an answer too.") || !strings.Contains(d.Steps[2].Hint, "common") {
		t.Errorf("common reactions are not normalised: %q", d.Steps[2].Hint)
	}
	g, _ := l.Template("gibbs")
	if q := g.Steps[4].Question; !strings.Contains(q, "outside your control") || !strings.Contains(q, "else could you have done") {
		t.Errorf("Gibbs' conclusion = %q, want what was outside your control beside what else you could have done", q)
	}
	// What the worker reads of a template never says "critical incident".
	for _, tm := range l.Templates() {
		text := tm.Name + " " + tm.Description
		for _, s := range tm.Steps {
			text += " " + s.Question + " " + s.Hint
		}
		if strings.Contains(strings.ToLower(text), "critical incident") {
			t.Errorf("template %s says \"critical incident\"", tm.ID)
		}
	}
	if got := strings.Join(d.Tags(), ","); got != "care,care/after-incident,reflection" {
		t.Errorf("debrief tags = %s", got)
	}
}

// docConcepts reads the concept ids from the table under "## Concepts" in
// docs/PROMPTS.md, which is where the list is kept.
func docConcepts(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "PROMPTS.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Concepts\n")
	if !ok {
		t.Fatal("docs/PROMPTS.md has no \"## Concepts\" section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\|")
	var ids []string
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		ids = append(ids, m[1])
	}
	if len(ids) < 20 {
		t.Fatalf("found %d concepts in docs/PROMPTS.md; the table did not parse", len(ids))
	}
	return ids
}

// Every prompt serves a concept from the research, and every concept in the
// list has at least two prompts, so no theme rests on a single question.
func TestEveryConceptHasPrompts(t *testing.T) {
	concepts := docConcepts(t)
	count := map[string]int{}
	for _, c := range concepts {
		if _, dup := count[c]; dup {
			t.Errorf("concept %s is listed twice", c)
		}
		count[c] = 0
	}
	for _, p := range Builtin().Prompts() {
		if _, ok := count[p.Concept]; !ok {
			t.Errorf("prompt %s cites concept %q, which docs/PROMPTS.md does not list", p.ID, p.Concept)
			continue
		}
		count[p.Concept]++
	}
	for _, c := range concepts {
		if count[c] < 2 {
			t.Errorf("concept %s has %d prompts; each needs at least two", c, count[c])
		}
	}
}

// The gaps named in the review of the library each have a subtheme.
func TestGapsHaveSubthemes(t *testing.T) {
	for _, s := range []string{
		"relationships/dual-relationships", "relationships/different-paths", "relationships/living-experience",
		"relationships/mutuality", "relationships/hope", "relationships/endings",
		"role-friction/pay-and-contracts", "role-friction/tokenism", "role-friction/stigma-at-work",
		"care/own-wellbeing", "care/supervision", "care/welcome", "care/checking-back",
	} {
		fam, sub, _ := strings.Cut(s, "/")
		if _, ok := FindSubtheme(fam, sub); !ok {
			t.Errorf("missing subtheme %s", s)
		}
	}
}

// The wording rules the library keeps: one question (a second goes in the
// follow-ups) unless the prompt is short; no yes/no questions; nothing
// pinned to "this week" when any prompt may come on any day; no jargon; no
// presuming words.
func TestPromptWording(t *testing.T) {
	yesNo := regexp.MustCompile(`^(Has|Have|Is|Was|Were|Did|Do|Does|Are|Can|Could) `)
	presuming := []string{"critical incident", "this week", "recovery", "sober", "using days", "your using", "ended tomorrow"}
	for _, p := range Builtin().Prompts() {
		n := utf8.RuneCountInString(p.Text)
		if q := strings.Count(p.Text, "?"); q > 1 && n > 120 {
			t.Errorf("prompt %s asks %d questions in %d characters; keep one and move the rest to follow-ups", p.ID, q, n)
		}
		if n > 130 {
			t.Errorf("prompt %s is %d characters; keep prompts short", p.ID, n)
		}
		lower := strings.ToLower(p.Text + " " + strings.Join(p.FollowUps, " "))
		for _, w := range presuming {
			if strings.Contains(lower, w) {
				t.Errorf("prompt %s says %q", p.ID, w)
			}
		}
		for _, sentence := range regexp.MustCompile(`[.?!]\s+`).Split(p.Text, -1) {
			if yesNo.MatchString(sentence) {
				t.Errorf("prompt %s asks a yes/no question: %q", p.ID, sentence)
			}
		}
	}
	for _, s := range Subthemes {
		if strings.Contains(strings.ToLower(s.About), "critical incident") {
			t.Errorf("subtheme %s/%s says \"critical incident\"", s.Family, s.ID)
		}
	}
}

// The prompts the review of the library named are reworded, keep their ids,
// and say what changed.
func TestReworkedPromptsSayWhatChanged(t *testing.T) {
	for _, id := range []string{
		"relationships.relatedness.2", "relationships.role-modelling.1", "relationships.making-a-difference.1",
		"relationships.own-biases.1", "role-friction.systemic.1", "transitions.next-steps.1", "care.after-incident.2",
	} {
		p, ok := Lookup(id)
		if !ok {
			t.Errorf("prompt %s is gone; ids are stable", id)
			continue
		}
		if !strings.HasPrefix(p.Revised, "2026-11-30: ") {
			t.Errorf("prompt %s has no dated revised note: %q", id, p.Revised)
		}
	}
}

// Grief, the after-incident prompts and stigma turned inwards are offered
// only when the day calls for them; a new diary has welcome prompts; a hard
// shift has gentle prompts and prompts to check back.
func TestOccasions(t *testing.T) {
	count := map[Occasion]int{}
	gentle := 0
	for _, p := range Builtin().Prompts() {
		count[p.Occasion]++
		if p.Gentle && p.Occasion != OccasionWelcome && p.Occasion != OccasionFollowUp {
			gentle++
		}
		situational := p.Family == FamilyCare && (p.Subtheme == "grief" || p.Subtheme == "after-incident") ||
			p.ID == "relationships.stigma.2"
		if situational && p.Occasion != OccasionSituational {
			t.Errorf("prompt %s is %s; it must be situational", p.ID, p.Occasion)
		}
		if (p.Subtheme == "welcome") != (p.Occasion == OccasionWelcome) || (p.Subtheme == "checking-back") != (p.Occasion == OccasionFollowUp) {
			t.Errorf("prompt %s: subtheme %s with occasion %s", p.ID, p.Subtheme, p.Occasion)
		}
	}
	if count[OccasionDaily] < 80 || count[OccasionWelcome] < 2 || count[OccasionFollowUp] < 2 || count[OccasionSituational] < 5 || gentle < 6 {
		t.Errorf("occasions %v, %d gentle", count, gentle)
	}
}

// The prompts kept for asking are exactly those outside the daily
// rotation, the packs' included: every situational prompt (grief, after an
// incident, stigma turned inwards), the welcome and check-back prompts,
// and never one that may be the prompt of the day on an ordinary day.
func TestKeptForAsking(t *testing.T) {
	pack, err := ParsePack("h.toml", []byte(goodTOML))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := NewLibrary(pack)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	for _, p := range lib.KeptForAsking() {
		if p.Daily() {
			t.Errorf("%s is in the daily rotation but kept for asking", p.ID)
		}
		kept[p.ID] = true
	}
	for _, p := range lib.Prompts() {
		want := p.Occasion == OccasionSituational || p.Occasion == OccasionWelcome || p.Occasion == OccasionFollowUp
		if kept[p.ID] != want {
			t.Errorf("%s (%s): kept for asking %v, want %v", p.ID, p.Occasion, kept[p.ID], want)
		}
	}
	for _, id := range []string{"care.grief.1", "care.grief.2", "care.after-incident.1", "care.after-incident.2", "relationships.stigma.2", "care.hard-days.1", "harbour-house/van"} {
		if !kept[id] {
			t.Errorf("%s is not kept for asking", id)
		}
	}
	if kept["harbour-house/night-shift"] || kept["relationships.trust.1"] {
		t.Error("an everyday prompt is kept for asking")
	}
}

// Answering is the one rule for a prompt asked for by id: the id as typed,
// any case and spaces around it, gives what the entry records.
func TestAnswering(t *testing.T) {
	pack, err := ParsePack("h.toml", []byte(goodTOML))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := NewLibrary(pack)
	if err != nil {
		t.Fatal(err)
	}
	grief, _ := lib.Lookup("care.grief.1")
	van, _ := lib.Lookup("harbour-house/van")
	for _, tc := range []struct {
		id   string
		want *diary.PromptRef
	}{
		{"care.grief.1", grief.Ref()},
		{"  Care.Grief.1\n", grief.Ref()},
		{"harbour-house/van", van.Ref()},
		{"HARBOUR-HOUSE/VAN ", van.Ref()},
		{"care.grief.99", nil},
		{"", nil},
		{"harbour-house/", nil},
	} {
		got, ok := lib.Answering(tc.id)
		if ok != (tc.want != nil) || ok && *got != *tc.want {
			t.Errorf("Answering(%q) = %+v, %v; want %+v", tc.id, got, ok, tc.want)
		}
	}
	if _, ok := Builtin().Answering("harbour-house/van"); ok {
		t.Error("the built-in library answers a pack's prompt")
	}
}
