package prompts

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
)

func TestMain(m *testing.M) {
	crypto.SetWorkFactorForTesting(10)
	os.Exit(m.Run())
}

func newStore(t *testing.T) (*diary.Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "diary")
	s, err := diary.Create(dir, []byte("correct horse"), false, diary.Options{Now: func() time.Time { return day(0) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

// Each structured reflection survives the real encrypted store step by step:
// saved, reopened with the passphrase, loaded and read back.
func TestStructuredReflectionsRoundTrip(t *testing.T) {
	s, dir := newStore(t)
	lib := Builtin()
	written := map[string][]string{
		"what-so-what-now-what": {"Sat with J. outside the pharmacy.", "She said nobody had asked before.", "Ask the team about a quieter space."},
		"gibbs":                 {"Naloxone at the shelter door.", "Shaky, then very calm.", "", "The hallway was too narrow.", "Call earlier.", "Talk to the manager about the door."},
		"debrief":               {"Home now. Need sleep.", "An overdose at the drop-in; he came round.", "Tired. Wired.", "R. from the peer team, tomorrow.", "Tea, then bed."},
	}
	ids := map[string]string{}
	for tid, answers := range written {
		tmpl, ok := lib.Template(tid)
		if !ok {
			t.Fatalf("no template %s", tid)
		}
		e, err := tmpl.Entry(answers)
		if err != nil {
			t.Fatal(err)
		}
		id, err := s.Put(e)
		if err != nil {
			t.Fatal(err)
		}
		ids[tid] = id
	}
	s.Close()

	s2, err := diary.Open(dir, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.Unlock([]byte("correct horse")); err != nil {
		t.Fatal(err)
	}
	cat, err := s2.Load(context.Background())
	if err != nil || len(cat.Entries) != 3 || len(cat.Problems) != 0 {
		t.Fatalf("Load: %d entries, %v problems, %v", len(cat.Entries), cat.Problems, err)
	}
	for tid, answers := range written {
		tmpl, _ := lib.Template(tid)
		e, err := s2.Get(ids[tid])
		if err != nil {
			t.Fatal(err)
		}
		if e.Template != tid {
			t.Errorf("%s: template = %q", tid, e.Template)
		}
		if got := tmpl.Answers(e); !slices.Equal(got, answers) {
			t.Errorf("%s: answers = %q, want %q", tid, got, answers)
		}
		for _, a := range e.Answers {
			step := slices.IndexFunc(tmpl.Steps, func(s Step) bool { return s.ID == a.Step })
			if step < 0 || a.Question != tmpl.Steps[step].Question {
				t.Errorf("%s: answer %+v does not carry its step's question", tid, a)
			}
		}
		if !slices.Contains(e.Tags, "reflection") {
			t.Errorf("%s: tags = %v", tid, e.Tags)
		}
	}
	d, _ := s2.Get(ids["debrief"])
	if !slices.Contains(d.Tags, "care/after-incident") {
		t.Errorf("debrief tags = %v, want care/after-incident", d.Tags)
	}
	// No step answer reaches the disk in the clear.
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, w := range []string{"pharmacy", "Naloxone", "drop-in", "peer team"} {
			if strings.Contains(string(b), w) {
				t.Errorf("%s holds %q in the clear", path, w)
			}
		}
		return nil
	})
}

func TestTemplateEntryRules(t *testing.T) {
	tmpl, _ := Builtin().Template("what-so-what-now-what")
	if _, err := tmpl.Entry([]string{"a", "b", "c", "d"}); err == nil {
		t.Error("four answers to three steps were accepted")
	}
	e, err := tmpl.Entry([]string{"only the first"})
	if err != nil || len(e.Answers) != 1 || e.Answers[0].Step != "what" {
		t.Fatalf("partial reflection: %+v, %v", e, err)
	}
	if got := tmpl.Answers(e); !slices.Equal(got, []string{"only the first", "", ""}) {
		t.Errorf("Answers = %q", got)
	}
}

func TestDebriefOffersSupports(t *testing.T) {
	d, _ := Builtin().Template("debrief")
	link := d.Steps[3]
	lines := func(secs []ReachSection) []string {
		var out []string
		for _, s := range secs {
			for _, l := range s.Lines {
				out = append(out, s.Heading+": "+l.Text)
			}
		}
		return out
	}
	cases := []struct {
		name string
		list []diary.Support
		want []string
	}{
		{"none yet", nil, []string{"Your people: No one on your list yet.", "Your organisation: No resources pack yet. Your organisation may have one."}},
		{"the worker's own list", []diary.Support{{Name: "Sam", Contact: "07700 900123", Note: "peer supervisor"}, {Name: "Debrief group"}},
			[]string{"Your people: Sam · 07700 900123 (peer supervisor)", "Your people: Debrief group", "Your organisation: No resources pack yet. Your organisation may have one."}},
	}
	for _, tc := range cases {
		if got := lines(link.Reach(WithinReach(tc.list, nil, false))); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := d.Steps[1].Reach(WithinReach([]diary.Support{{Name: "Sam"}}, nil, false)); got != nil {
		t.Errorf("a step that does not offer supports shows %+v", got)
	}
}

// Packs are stored inside the diary, encrypted, and come back after the
// diary is reopened.
func TestPackStoredEncrypted(t *testing.T) {
	s, dir := newStore(t)
	p, err := ParsePack("harbour.toml", []byte(goodTOML))
	if err != nil {
		t.Fatal(err)
	}
	if err := SavePack(s, p); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, diary.RecordsDir, "pack-harbour-house.age"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "night shift") || !strings.HasPrefix(string(raw), "age-encryption.org/v1") {
		t.Error("the pack is not stored as an age file")
	}
	lib, problems, err := LoadLibrary(s)
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	if _, ok := lib.Lookup("harbour-house/night-shift"); !ok {
		t.Error("stored pack not in the library")
	}
	c, err := Today(s, lib, Day{Settings: &diary.Settings{}, Now: day(0)})
	if err != nil {
		t.Fatal(err)
	}
	st, err := LoadRotation(s)
	if err != nil || len(st.Offers) != 1 || st.Offers[0].ID != c.Prompt.ID {
		t.Errorf("rotation state = %+v, %v", st, err)
	}
}
