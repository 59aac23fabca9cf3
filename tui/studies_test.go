package tui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/research"
)

// A research team's key, for tests only: never encrypt anything real to it.
const (
	studySecret    = "AGE-SECRET-KEY-1TGRQYF074HECZ37F26NRWV7VC2GCVGLAM9MH3JM9RGV09967YGXS00G5M6"
	studyRecipient = "age193259q3hf9jxwc7ngz7rq3ld068lhudey2scgjduu6t6fx83ceksfup39z"
)

func studyCard(t testing.TB) *research.Card {
	t.Helper()
	_, card, err := research.WriteCard("card.toml", research.CardSpec{
		Study:          "peer-reflections",
		Title:          "Peer Reflections: how peer workers make sense of the role",
		Institution:    "Example University",
		EthicsApproval: "REB-2026-0142",
		Investigator:   research.Person{Name: "Dr Ada Example", Contact: "ada@example.edu"},
		EthicsContact:  research.Person{Name: "Research Ethics Office", Contact: "ethics@example.edu"},
		Recipients:     []string{studyRecipient},
		ConsentVersion: "1.0",
		ConsentText:    "You are invited to share some of your diary entries with the Peer Reflections study.",
		Dates:          research.ByMonth,
		Uses:           []research.Use{research.UseAnalysis, research.UseQuotation},
		Retention:      "Five years after the study ends.",
		WithdrawHow:    "Run peerdiary consent withdraw and send us the notice.",
		WithdrawLimits: "Entries in published results can't be taken out.",
	})
	if err != nil {
		t.Fatal(err)
	}
	return card
}

// joinedFake is the sample diary joined to one study, sharing its two
// newest entries, with fixed codes so screens draw the same every time.
func joinedFake(t testing.TB, c *clock) *fakeStore {
	t.Helper()
	f := sampleFake(c)
	f.unlocked = true
	p, err := research.Join(f, studyCard(t), "test", c.Now())
	if err != nil {
		t.Fatal(err)
	}
	p.ParticipantCode, p.Consent.ParticipantCode = "K3V9-X2Q8-M4N7", "K3V9-X2Q8-M4N7"
	p.SigningKey = bytes.Repeat([]byte{1}, 32)
	cat, _ := f.Load(context.Background())
	if err := p.Grant(cat.Entries[:2], c.Now()); err != nil {
		t.Fatal(err)
	}
	for i := range p.Entries {
		p.Entries[i].Pseudonym = fmt.Sprintf("E-0000000%d", i+1)
	}
	if err := p.Save(f); err != nil {
		t.Fatal(err)
	}
	f.unlocked = false
	f.calls = map[string]int{}
	return f
}

// openStudies goes from Today to the Studies screen.
func openStudies(t *testing.T, m Model) Model {
	t.Helper()
	m, cmd := step(t, m, press("S"))
	if m.Screen() != string(screenStudies) {
		t.Fatalf("S opened %s", m.Screen())
	}
	m, _ = feed[studiesMsg](t, m, cmd)
	return m
}

// openConsent presses c on the first row of Browse and waits for the panel.
func openConsent(t *testing.T, m Model) Model {
	t.Helper()
	m, cmd := step(t, m, press("b"))
	m, _ = feed[renderedMsg](t, m, cmd)
	m, cmd = step(t, m, press("c"))
	m, _ = feed[consentStateMsg](t, m, cmd)
	return m
}

func TestStudiesGolden(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, w, h int) Model
	}{
		{"studies-none", func(t *testing.T, w, h int) Model {
			c := newClock()
			return openStudies(t, unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase"))
		}},
		{"studies", func(t *testing.T, w, h int) Model {
			c := newClock()
			return openStudies(t, unlocked(t, newFakeModel(t, joinedFake(t, c), c, w, h), "right passphrase"))
		}},
		{"studies-preview", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := openStudies(t, unlocked(t, newFakeModel(t, joinedFake(t, c), c, w, h), "right passphrase"))
			m, cmd := step(t, m, press("p"))
			m, _ = feed[planMsg](t, m, cmd)
			return m
		}},
		{"studies-export", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := openStudies(t, unlocked(t, newFakeModel(t, joinedFake(t, c), c, w, h), "right passphrase"))
			m, cmd := step(t, m, press("p"))
			m, _ = feed[planMsg](t, m, cmd)
			m, _ = step(t, m, press("x"))
			return m
		}},
		{"studies-withdraw", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := openStudies(t, unlocked(t, newFakeModel(t, joinedFake(t, c), c, w, h), "right passphrase"))
			m, _ = step(t, m, press("w"))
			return m
		}},
		{"browse-consent", func(t *testing.T, w, h int) Model {
			c := newClock()
			return openConsent(t, unlocked(t, newFakeModel(t, joinedFake(t, c), c, w, h), "right passphrase"))
		}},
		{"browse-consent-none", func(t *testing.T, w, h int) Model {
			c := newClock()
			return openConsent(t, unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase"))
		}},
		{"read-consent", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, joinedFake(t, c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, cmd := step(t, m, press("enter"))
			m, cmd = feed[entryMsg](t, m, cmd)
			m, _ = feed[renderedMsg](t, m, cmd)
			m, cmd = step(t, m, press("c"))
			m, _ = feed[consentStateMsg](t, m, cmd)
			return m
		}},
	}
	for _, tc := range cases {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", tc.name, size.w, size.h), func(t *testing.T) {
				checkFrame(t, tc.make(t, size.w, size.h), size.w)
			})
		}
	}
}

// studyRecord reads the fake's record of the study.
func studyRecord(t *testing.T, f *fakeStore) *research.Participation {
	t.Helper()
	f.mu.Lock()
	was := f.unlocked
	f.unlocked = true
	f.mu.Unlock()
	defer func() { f.mu.Lock(); f.unlocked = was; f.mu.Unlock() }()
	p, err := research.Load(f, "peer-reflections")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConsentToggleFlow(t *testing.T) {
	c := newClock()
	f := joinedFake(t, c)
	m := unlocked(t, newFakeModel(t, f, c, 120, 40), "right passphrase")
	m = openConsent(t, m)
	first := m.browse().consent.entry.ID
	if !strings.Contains(view(m), "[x] peer-reflections · shared, not sent yet") {
		t.Fatalf("panel:\n%s", view(m))
	}
	if !strings.Contains(view(m), "What peer-reflections would receive:") || !strings.Contains(view(m), "E-00000001 · 2026-11") {
		t.Fatalf("no de-identified preview:\n%s", view(m))
	}

	// A key press does no I/O itself: the toggle is a command.
	before := f.totalCalls()
	m, cmd := step(t, m, press("space"))
	if f.totalCalls() != before {
		t.Fatal("Update touched the store")
	}
	m, cmd = feed[consentChangedMsg](t, m, cmd)
	if !strings.Contains(m.notice, "No longer shared with peer-reflections. It was never sent.") {
		t.Errorf("notice %q", m.notice)
	}
	m, _ = feed[consentStateMsg](t, m, cmd)
	if !strings.Contains(view(m), "[ ] peer-reflections · withdrawn") {
		t.Errorf("after stopping:\n%s", view(m))
	}
	if st := studyRecord(t, f).Entry(first).Status(); st != research.StatusWithdrawn {
		t.Errorf("record says %q", st)
	}
	// And share it again.
	m, cmd = step(t, m, press("space"))
	m, cmd = feed[consentChangedMsg](t, m, cmd)
	m, _ = feed[consentStateMsg](t, m, cmd)
	if st := studyRecord(t, f).Entry(first).Status(); st != research.StatusGranted {
		t.Errorf("record says %q", st)
	}
	// esc closes the panel; the preview shows again.
	m, _ = step(t, m, press("esc"))
	if m.browse().consent.open {
		t.Error("esc left the panel open")
	}
}

func TestStudiesExportAndWithdraw(t *testing.T) {
	c := newClock()
	f := joinedFake(t, c)
	dir := t.TempDir()
	m := openStudies(t, unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase"))
	m, cmd := step(t, m, press("p"))
	m, _ = feed[planMsg](t, m, cmd)
	m, _ = step(t, m, press("x"))
	if !m.studies().typing() {
		t.Fatal("x did not ask where to write")
	}
	// q is a letter while typing a path.
	bundle := filepath.Join(dir, "bundle.age")
	m.studies().path.SetValue("")
	m = typeText(t, m, bundle)
	m, cmd = step(t, m, press("enter"))
	m, cmd = feed[exportedMsg](t, m, cmd)
	if !strings.Contains(m.notice, "Wrote 2 entries to "+bundle) {
		t.Fatalf("notice %q, err %q", m.notice, m.err)
	}
	m, _ = feed[studiesMsg](t, m, cmd)
	data, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	if l := f.sup.ledger; len(l) != 1 || l[0].Kind != diary.KindResearch || l[0].Output != bundle || l[0].Size != len(data) {
		t.Errorf("the bundle is not in the ledger of exports as written: %+v", l)
	}
	id, _ := crypto.ParseIdentity([]byte(studySecret))
	if _, err := research.Import(id, []research.ImportFile{{Name: "b", Data: data}}, filepath.Join(dir, "out"), "test"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "out", research.EntriesCSV)); !bytes.Contains(got, []byte("Took my lunch break")) {
		t.Errorf("the bundle does not hold the shared entry:\n%s", got)
	}
	if n := len(studyRecord(t, f).Waiting()); n != 0 {
		t.Errorf("%d entries still waiting after the export", n)
	}

	// Withdraw: one key, a file name, enter.
	m, _ = step(t, m, press("w"))
	notice := filepath.Join(dir, "withdrawal.age")
	m.studies().path.SetValue("")
	m = typeText(t, m, notice)
	m, cmd = step(t, m, press("enter"))
	m, cmd = feed[withdrawnMsg](t, m, cmd)
	if !strings.Contains(m.notice, "You withdrew from peer-reflections. Nothing more will be sent. The notice is in "+notice) {
		t.Fatalf("notice %q, err %q", m.notice, m.err)
	}
	m, _ = feed[studiesMsg](t, m, cmd)
	if !studyRecord(t, f).Withdrawn() {
		t.Error("the record is not withdrawn")
	}
	if _, err := os.Stat(notice); err != nil {
		t.Error("no notice written")
	}
	if !strings.Contains(view(m), "peer-reflections · withdrew") || !strings.Contains(view(m), "can't delete copies") {
		t.Errorf("after withdrawing:\n%s", view(m))
	}
	// An existing file is never written over.
	m, _ = step(t, m, press("p"))
	if m.studies().mode != studiesList {
		t.Error("a withdrawn study offered a preview")
	}
}

func TestLockDropsConsentPreviews(t *testing.T) {
	c := newClock()
	f := joinedFake(t, c)
	// The entry shared first holds a canary, which the preview shows.
	for id, e := range f.entries {
		if strings.HasPrefix(e.Body, "Someone I knew") {
			e.Body = "CANARY-consent Debrief."
			f.entries[id] = e
		}
	}
	for _, path := range []func(t *testing.T, m Model) Model{
		func(t *testing.T, m Model) Model {
			m, cmd := step(t, m, press("b"))
			m, _ = feed[renderedMsg](t, m, cmd)
			m, _ = step(t, m, press("down"))
			m, cmd = step(t, m, press("c"))
			m, _ = feed[consentStateMsg](t, m, cmd)
			return m
		},
		func(t *testing.T, m Model) Model {
			m = openStudies(t, m)
			m, cmd := step(t, m, press("p"))
			m, _ = feed[planMsg](t, m, cmd)
			return m
		},
	} {
		m := unlocked(t, newFakeModel(t, f, c, 120, 40), "right passphrase")
		m = path(t, m)
		if !strings.Contains(view(m), "CANARY-consent") {
			t.Fatalf("the preview does not show the entry:\n%s", view(m))
		}
		m, _ = step(t, m, press("ctrl+l"))
		if where, ok := holdsText(m, "CANARY-consent"); ok {
			t.Errorf("after a lock the model still holds the preview at %s", where)
		}
	}
	// A preview that arrives after the lock is dropped.
	m := unlocked(t, newFakeModel(t, f, c, 120, 40), "right passphrase")
	m, cmd := step(t, m, press("S"))
	m, _ = step(t, m, press("ctrl+l"))
	m, _ = feed[studiesMsg](t, m, cmd)
	if where, ok := holdsText(m, "K3V9"); ok {
		t.Errorf("a late result was kept after the lock, at %s", where)
	}
}

var _ = diary.Summary{}
var _ = tea.KeyPressMsg{}

// TestStudyPreviewsTakeOutListedPeople: what a study would receive, in
// Browse's consent panel and on the Studies screen, has the names on the
// worker's people list taken out, as every export does; the note that
// nothing is taken out shows only while the list is empty.
func TestStudyPreviewsTakeOutListedPeople(t *testing.T) {
	c := newClock()
	f := joinedFake(t, c)
	f.sup.people = []diary.Person{{Name: "Sam Bench", Aliases: []string{"bench"}}}
	m := unlocked(t, newFakeModel(t, f, c, 120, 40), "right passphrase")
	m = openConsent(t, m)
	v := view(m)
	if !strings.Contains(v, "What peer-reflections would receive:") || !strings.Contains(v, "Sat outside on the") {
		t.Fatalf("no preview of the shared entry:\n%s", v)
	}
	if strings.Contains(v, "bench") || !strings.Contains(v, "Person A") || strings.Contains(v, "people list is empty") {
		t.Errorf("the consent panel's preview keeps a listed name, or says the list is empty:\n%s", v)
	}

	m, _ = step(t, m, press("esc"))
	m, _ = step(t, m, press("esc"))
	m = openStudies(t, m)
	m, cmd := step(t, m, press("p"))
	m, _ = feed[planMsg](t, m, cmd)
	v = view(m)
	if !strings.Contains(v, "1 name replaced") || strings.Contains(v, "bench") || strings.Contains(v, "people list is empty") {
		t.Errorf("the Studies preview keeps a listed name, or says the list is empty:\n%s", v)
	}
}
