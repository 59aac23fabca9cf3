package research

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/redact"
	"peerdiary/diary/research/qdpx"
	"peerdiary/diary/research/qdpx/qdpxtest"
)

func TestMain(m *testing.M) {
	crypto.SetWorkFactorForTesting(10)
	os.Exit(m.Run())
}

var t0 = time.Date(2026, 11, 2, 18, 30, 0, 0, time.FixedZone("PST", -8*3600))

// worker is a test diary with some entries.
type worker struct {
	t     testing.TB
	s     *diary.Store
	ids   map[string]string // label → entry id
	clock time.Time
}

func newWorker(t testing.TB) *worker {
	t.Helper()
	w := &worker{t: t, ids: map[string]string{}, clock: t0}
	s, err := diary.Create(filepath.Join(t.TempDir(), "diary"), []byte("correct horse"), false, diary.Options{Now: func() time.Time { return w.clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w.s = s
	if err := s.SaveSettings(&diary.Settings{Stages: []diary.StageChange{{Stage: diary.StageThrough, Since: t0.AddDate(0, -2, 0)}}}); err != nil {
		t.Fatal(err)
	}
	// The worker's list of people, which every export reads from the
	// diary itself.
	for _, p := range people {
		if _, err := s.AddPerson(diary.Person{Name: p.Name, Aliases: p.Aliases}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func (w *worker) write(label string, e diary.Entry) string {
	w.t.Helper()
	if e.Created.IsZero() {
		e.Created = w.clock
	}
	id, err := w.s.Put(&e)
	if err != nil {
		w.t.Fatal(err)
	}
	w.ids[label] = id
	return id
}

func (w *worker) summaries(labels ...string) []diary.Summary {
	w.t.Helper()
	c, err := w.s.Load(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	var out []diary.Summary
	for _, l := range labels {
		found := false
		for _, e := range c.Entries {
			if e.ID == w.ids[l] {
				out = append(out, e)
				found = true
			}
		}
		if !found {
			w.t.Fatalf("no entry %s", l)
		}
	}
	return out
}

func (w *worker) grant(study string, labels ...string) {
	w.t.Helper()
	p, err := Load(w.s, study)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := p.Grant(w.summaries(labels...), w.clock); err != nil {
		w.t.Fatal(err)
	}
	if err := p.Save(w.s); err != nil {
		w.t.Fatal(err)
	}
}

// people is every test worker's list of people to take out.
var people = []redact.Person{{Name: "Jess Moreau", Aliases: []string{"Jess"}}, {Name: "Dale"}}

func (w *worker) export(study string) []byte {
	w.t.Helper()
	pl, err := PlanExport(w.s, study)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []byte
	if _, err := Export(w.s, pl, "test", w.clock, Output{Name: "test.age", Write: func(b []byte) error { out = b; return nil }}); err != nil {
		w.t.Fatal(err)
	}
	return out
}

func prompt(id, fam, sub, text string) *diary.PromptRef {
	return &diary.PromptRef{ID: id, Family: fam, Subtheme: sub, Text: text}
}

func TestTwoWorkersOneResearcher(t *testing.T) {
	researcher := testKey(t, "researcher")
	card, cardData := testCard(t)

	// Worker A: three entries, shares two, then withdraws one.
	a := newWorker(t)
	a.write("hard", diary.Entry{Body: "Jess came in after the night at the shelter. Dale was kind.\n\nI sat with Jess's mum.", Mood: 2, Tags: []string{"outreach", "jess"},
		Prompt: prompt("care.hard-days.1", "care", "hard-days", "What made today hard?")})
	// The shift-end check-in of that evening travels with it; one made
	// another day does not.
	if err := a.s.AddCheckIn(diary.CheckIn{At: t0.Add(-2 * time.Hour), Mood: 2, Word: "drained", Happened: true}); err != nil {
		t.Fatal(err)
	}
	if err := a.s.AddCheckIn(diary.CheckIn{At: t0.Add(-30 * time.Hour), Mood: 5, Word: "bright"}); err != nil {
		t.Fatal(err)
	}
	a.clock = a.clock.Add(24 * time.Hour)
	a.write("private", diary.Entry{Body: "Nobody sees this one."})
	a.write("gibbs", diary.Entry{Body: "", Template: "gibbs", Answers: []diary.Answer{
		{Step: "description", Question: "What happened?", Text: "Dale shouted at the desk."},
		{Step: "feelings", Question: "What were you thinking and feeling?", Text: "Shaky."},
	}, Tags: []string{"reflection"}})
	if _, err := Join(a.s, card, "typed I agree", a.clock); err != nil {
		t.Fatal(err)
	}
	a.grant(card.Study, "hard", "gibbs")

	// Worker B: shares one.
	b := newWorker(t)
	b.write("first", diary.Entry{Body: "My first week. I met Jess Moreau at the van.", Prompt: prompt("transitions.first-weeks.1", "transitions", "first-weeks", "What has surprised you most in your first weeks?")})
	if _, err := Join(b.s, card, "typed I agree", b.clock); err != nil {
		t.Fatal(err)
	}
	b.grant(card.Study, "first")

	bundleA := a.export(card.Study)
	bundleB := b.export(card.Study)
	for _, bundle := range [][]byte{bundleA, bundleB} {
		for _, secret := range []string{"Jess", "Dale", "Moreau", "Nobody sees", a.ids["hard"], b.ids["first"]} {
			if bytes.Contains(bundle, []byte(secret)) {
				t.Fatalf("bundle carries %q in the clear", secret)
			}
		}
	}
	// Nothing more to send.
	if pl, err := PlanExport(a.s, card.Study); err != nil || len(pl.Entries) != 0 {
		t.Fatalf("second plan: %v, %d entries", err, len(pl.Entries))
	}

	// A withdraws the reflection.
	a.clock = a.clock.Add(48 * time.Hour)
	var notice []byte
	res, err := Withdraw(a.s, WithdrawRequest{Study: card.Study, Entries: []string{a.ids["gibbs"]}, Method: "test"}, "test", a.clock, Output{Name: "test.age", Write: func(b []byte) error { notice = b; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Notice == nil || res.WereSent != 1 || res.Withdrawn != 1 {
		t.Fatalf("withdraw result %+v", res)
	}

	out := t.TempDir()
	rep, err := Import(researcher, []ImportFile{{"a.age", bundleA}, {"b.age", bundleB}, {"notice.age", notice}}, out, "test")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rejected() != 0 {
		t.Fatalf("rejected: %+v", rep.Files)
	}
	if rep.Entries != 2 || rep.Participants != 2 || rep.Withdrawn != 1 {
		t.Fatalf("report %+v", rep)
	}
	rows := readCSV(t, filepath.Join(out, EntriesCSV))
	if len(rows) != 3 {
		t.Fatalf("%d rows in entries.csv", len(rows)-1)
	}
	all := readAll(t, out)
	for _, secret := range []string{"Jess", "Dale", "Moreau", "Nobody sees", "Shaky", a.ids["hard"], b.ids["first"]} {
		if strings.Contains(all, secret) {
			t.Errorf("the output holds %q", secret)
		}
	}
	for _, want := range []string{"Person A came in after the night at the shelter", "2026-11", "What made today hard?", "care.hard-days.1", "transitions.first-weeks.1", "through"} {
		if !strings.Contains(all, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	// The REFI-QDA project validates, holds one source per entry coded
	// with its prompt, and one case per participant.
	qdpxData, err := os.ReadFile(filepath.Join(out, ProjectQDPX))
	if err != nil {
		t.Fatal(err)
	}
	files := qdpxtest.ValidateQDPX(t, qdpxData)
	qde := string(files["project.qde"])
	for _, want := range []string{`<Code guid="` + qdpx.GUID("code:family:care") + `" name="care" isCodable="false">`,
		`name="care.hard-days.1" isCodable="true"`, `name="transitions.first-weeks.1" isCodable="true"`,
		`<CodeRef targetGUID="` + qdpx.GUID("code:prompt:care.hard-days.1") + `">`} {
		if !strings.Contains(qde, want) {
			t.Errorf("project.qde lacks %s", want)
		}
	}
	if n := strings.Count(qde, "<TextSource "); n != 2 {
		t.Errorf("%d sources in project.qde", n)
	}
	if n := strings.Count(qde, "<Case "); n != 2 {
		t.Errorf("%d cases in project.qde", n)
	}
	for name, data := range files {
		if strings.HasPrefix(name, "sources/") && bytes.Contains(data, []byte("Jess")) {
			t.Errorf("%s holds a listed name", name)
		}
	}

	if jl := readFile(t, out, EntriesJSONL); !strings.Contains(jl, `"checkin":{"mood":2,"word":"drained","something_happened":true}`) || strings.Contains(jl, "bright") {
		t.Errorf("the check-in did not travel with its entry, or another day's did:\n%s", jl)
	}
	if !strings.Contains(readFile(t, out, EntriesCSV), "mood 2; drained; something happened") {
		t.Error("entries.csv lacks the check-in")
	}

	// The tag that names a listed person did not travel.
	if strings.Contains(readFile(t, out, EntriesJSONL), `"jess"`) {
		t.Error("a tag naming a listed person was sent")
	}

	// Importing again, in another order, changes nothing.
	before := snapshot(t, out)
	rep2, err := Import(researcher, []ImportFile{{"notice.age", notice}, {"b.age", bundleB}, {"a.age", bundleA}}, out, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep2.Files {
		if !f.Already {
			t.Errorf("%s: %+v", f.Name, f)
		}
	}
	if after := snapshot(t, out); !equalMaps(before, after) {
		t.Error("importing the same files again changed the output")
	}

	// The card travelled unchanged.
	got, err := os.ReadFile(filepath.Join(out, ConsentCSV))
	if err != nil || !strings.Contains(string(got), card.Hash()) || !strings.Contains(string(got), card.ConsentHash()) {
		t.Errorf("consent.csv lacks the card's hashes:\n%s", got)
	}
	_ = cardData
	if os.Getenv("RESEARCH_DUMP") != "" {
		t.Log(readAll(t, out))
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readAll(t *testing.T, dir string) string {
	var b strings.Builder
	for _, n := range []string{EntriesCSV, EntriesJSONL, CodebookCSV, ConsentCSV, WithdrawalsCSV} {
		b.WriteString(readFile(t, dir, n))
	}
	return b.String()
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestImportRefusals(t *testing.T) {
	researcher := testKey(t, "researcher")
	card, _ := testCard(t)
	w := newWorker(t)
	w.write("one", diary.Entry{Body: "An ordinary day."})
	if _, err := Join(w.s, card, "typed I agree", w.clock); err != nil {
		t.Fatal(err)
	}
	w.grant(card.Study, "one")
	good := w.export(card.Study)

	// A participant's key changes: the same code, a new signing key.
	w.clock = w.clock.Add(time.Hour)
	w.write("two", diary.Entry{Body: "Another day."})
	w.grant(card.Study, "two")
	p, _ := Load(w.s, card.Study)
	oldSeed := p.SigningKey
	p.SigningKey = bytes.Repeat([]byte{7}, 32)
	p.Save(w.s)
	forged := w.export(card.Study)
	p, _ = Load(w.s, card.Study)
	p.SigningKey = oldSeed
	p.Save(w.s)

	// A bundle whose plaintext was changed and sealed again to the
	// researcher: the signature no longer holds.
	plain, err := crypto.OpenAny(good, maxBundlePlain, researcher)
	if err != nil {
		t.Fatal(err)
	}
	tampered := reseal(t, researcher, changeEntry(t, plain))

	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x02

	other := testKey(t, "other")
	cases := []struct {
		name string
		data []byte
		id   *crypto.Identity
		want error
	}{
		{"flipped byte", flipped, researcher, ErrFileDamaged},
		{"cut short", good[:len(good)/2], researcher, ErrFileDamaged},
		{"wrong key", good, other, ErrNotForYou},
		{"not age", []byte("hello, this is a letter"), researcher, ErrNotAgeFile},
		{"changed inside", tampered, researcher, ErrBadBundle},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			rep, err := Import(tc.id, []ImportFile{{"x.age", tc.data}}, out, "test")
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Files) != 1 || !errors.Is(rep.Files[0].Err, tc.want) {
				t.Fatalf("got %v, want %v", rep.Files[0].Err, tc.want)
			}
			if rep.Entries != 0 {
				t.Errorf("%d entries used from a refused file", rep.Entries)
			}
			if des, _ := os.ReadDir(filepath.Join(out, ReceivedDir)); len(des) != 0 {
				t.Error("a refused file was kept")
			}
		})
	}

	t.Run("changed signing key", func(t *testing.T) {
		out := t.TempDir()
		if rep, err := Import(researcher, []ImportFile{{"good.age", good}}, out, "test"); err != nil || rep.Rejected() != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
		rep, err := Import(researcher, []ImportFile{{"forged.age", forged}}, out, "test")
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(rep.Files[0].Err, ErrKeyChanged) {
			t.Fatalf("got %v", rep.Files[0].Err)
		}
		if rep.Entries != 1 {
			t.Errorf("%d entries; the forged file's entry was used", rep.Entries)
		}
		if !strings.Contains(rep.Files[0].Err.Error(), "check with the participant") {
			t.Errorf("message %q", rep.Files[0].Err)
		}
	})
}

// reseal encrypts a changed plaintext to the researcher, as someone who
// knows the study's public key could.
func reseal(t *testing.T, id *crypto.Identity, plain []byte) []byte {
	t.Helper()
	out, err := crypto.SealArmored(plain, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// changeEntry rewrites one entry's text inside a bundle's zip, keeping
// everything else.
func changeEntry(t *testing.T, plain []byte) []byte {
	t.Helper()
	b, err := ParseBundle(plain)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{cardName: b.Card.Bytes()}
	for _, e := range b.Entries {
		e.Text = "Words the participant never wrote."
		data, _ := jsonIndent(e)
		files[entriesDir+e.Pseudonym+".json"] = data
	}
	// The manifest is kept byte for byte, so its hashes no longer match.
	zr := rezip(t, plain, files)
	return zr
}
