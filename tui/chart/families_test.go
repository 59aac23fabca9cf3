package chart

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary"
	"peerdiary/diary/insights"
	"peerdiary/diary/prompts"
)

// Every colour role has a colour, so a family that takes a spare role is
// drawn in colour without touching this package.
func TestEveryColourRoleHasAColour(t *testing.T) {
	for _, dark := range []bool{true, false} {
		st := DefaultStyles(dark)
		for _, r := range prompts.ColourRoles {
			if _, ok := st.Role[r]; !ok {
				t.Errorf("dark=%v: colour role %q has no colour", dark, r)
			}
		}
	}
}

// Adding a family is one row in the family table: with a made-up fifth
// family, whose label is longer than any other, insights count it and the
// pictures name it, mark it with its glyph and give it a heat map row,
// without a cut label.
func TestANewFamilyIsOneRow(t *testing.T) {
	saved := prompts.Families
	t.Cleanup(func() { prompts.Families = saved })
	spare := prompts.ColourRoles[len(prompts.ColourRoles)-1]
	fam := prompts.Family{ID: "sharing-the-work", Label: "sharing the work together", Glyph: "≡", Role: spare}
	prompts.Families = append(slices.Clone(saved), fam)

	var es []diary.Summary
	for d := range 10 {
		es = append(es, diary.Summary{
			ID: fam.ID + string(rune('a'+d)), Created: now.AddDate(0, 0, -d*3),
			Prompt: &diary.PromptRef{ID: fam.ID + ".x.1", Family: fam.ID},
		})
	}
	r := insights.Compute(es, insights.Options{Now: now})
	if !slices.Contains(insights.Themes(), fam.ID) || insights.ThemeOf(&es[0]) != fam.ID {
		t.Fatalf("insights do not know the new family: themes %v", insights.Themes())
	}
	if got := r.Weeks[len(r.Weeks)-1].Themes[fam.ID]; got == 0 {
		t.Errorf("this week's entries of the new family were not counted: %+v", r.Weeks[len(r.Weeks)-1])
	}
	out := ansi.Strip(Render(r, 120, PlainStyles()))
	checkFits(t, out, 120, 500)
	for _, want := range []string{fam.Glyph + " " + fam.Label, fam.Label + "  "} {
		if !strings.Contains(out, want) {
			t.Errorf("the pictures lack %q:\n%s", want, out)
		}
	}
	bars := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "│") {
			bars += strings.Count(l, fam.Glyph)
		}
	}
	if bars == 0 {
		t.Errorf("the weekly bars do not show the new family's glyph:\n%s", out)
	}
	if _, ok := DefaultStyles(true).Role[fam.Role]; !ok {
		t.Errorf("the new family's colour role %q has no colour", fam.Role)
	}
}
