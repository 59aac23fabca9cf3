package prompts

import (
	"strings"
	"testing"

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
		if !KnownFamily(f) {
			t.Errorf("family %s not known", f)
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
		{"debrief", []string{"what-happened", "how-are-you", "who-to-talk-to"}},
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
	if !d.Steps[2].OffersSupports {
		t.Error("the debrief's last step does not offer the worker's supports")
	}
	if got := strings.Join(d.Tags(), ","); got != "care,care/after-incident,reflection" {
		t.Errorf("debrief tags = %s", got)
	}
}
