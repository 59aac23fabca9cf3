package prompts

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"peerdiary/diary"
)

func TestFormRoundTrip(t *testing.T) {
	tmpl, _ := Builtin().Template("debrief")
	form := tmpl.Form(WithinReach([]diary.Support{{Name: "Sam", Contact: "07700 900123"}}, nil, false))
	for _, want := range []string{"# After a hard shift", "## What happened, in a line or two?", "<!-- Your people: -->", "<!-- · Sam · 07700 900123 -->", "<!-- " + Emergency + " -->"} {
		if !strings.Contains(form, want) {
			t.Errorf("form lacks %q:\n%s", want, form)
		}
	}
	// Fill it in the way a person would in an editor.
	filled := strings.Replace(form, "## What happened, in a line or two?\n", "## What happened, in a line or two?\nAn overdose at the door.\n\n## Our own heading\nstill step two\n", 1)
	filled = strings.Replace(filled, "## What has helped so far, and who could you reach tonight or tomorrow?\n", "## What has helped so far, and who could you reach tonight or tomorrow?\nSam, tomorrow.\n", 1)
	got, err := tmpl.ParseForm(filled)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"", "An overdose at the door.\n\n## Our own heading\nstill step two", "", "Sam, tomorrow.", ""}
	if !slices.Equal(got, want) {
		t.Errorf("answers = %q, want %q", got, want)
	}
	if empty := tmpl.Form(Reach{}); !strings.Contains(empty, FormHowToAdd) || !strings.Contains(empty, "No one on your list yet.") {
		t.Errorf("a form with nothing set does not say how to add people and resources:\n%s", empty)
	}
	// The debrief is filled in on a hard evening: it never sends anyone to
	// run a command.
	for _, r := range []Reach{{}, WithinReach([]diary.Support{{Name: "Sam"}}, nil, false)} {
		if f := tmpl.Form(r); regexp.MustCompile(`peerdiary [a-z]|\x60`).MatchString(f) {
			t.Errorf("the debrief's form tells the worker to run a command:\n%s", f)
		}
	}
	// An empty form parses to no answers at all.
	empty, err := tmpl.ParseForm(form)
	if err != nil || strings.Join(empty, "") != "" {
		t.Errorf("unfilled form = %q, %v", empty, err)
	}
}

func TestFormErrors(t *testing.T) {
	tmpl, _ := Builtin().Template("what-so-what-now-what")
	cases := map[string]string{
		"no headings":        "just some text",
		"a step missing":     "## What happened?\nx\n## Now what? What will you do next, or differently?\ny",
		"a changed question": "## What happened?\nx\n## So what?\ny\n## Now what? What will you do next, or differently?\n",
	}
	for name, text := range cases {
		if _, err := tmpl.ParseForm(text); err == nil || !strings.Contains(err.Error(), "keep the questions as they were printed") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// FuzzFormRoundTrip: whatever is written under the questions comes back as
// the answers, trimmed.
func FuzzFormRoundTrip(f *testing.F) {
	f.Add("An overdose at the door.", "", "Sam, tomorrow.")
	f.Add("## a heading of my own\ntext", "  spaced  ", "- a\n- b")
	f.Add("", "", "")
	tmpl, _ := Builtin().Template("what-so-what-now-what")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		answers := []string{a, b, c}
		for _, x := range answers {
			// Comments are the form's own notes, and a line repeating a
			// later question starts that step: both are documented.
			if strings.Contains(x, "<!--") || strings.Contains(x, "\r") {
				t.Skip()
			}
			for _, s := range tmpl.Steps {
				if strings.Contains(x, s.Question) {
					t.Skip()
				}
			}
		}
		form := tmpl.Form(Reach{})
		for i, s := range tmpl.Steps {
			form = strings.Replace(form, "## "+s.Question+"\n", "## "+s.Question+"\n"+answers[i]+"\n", 1)
		}
		got, err := tmpl.ParseForm(form)
		if err != nil {
			t.Fatal(err)
		}
		for i := range answers {
			if got[i] != strings.TrimSpace(answers[i]) {
				t.Fatalf("step %d: got %q, wrote %q", i, got[i], answers[i])
			}
		}
	})
}
