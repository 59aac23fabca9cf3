package research

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"peerdiary/diary"
)

func TestJoinRenewAndJoinAgain(t *testing.T) {
	card, _ := testCard(t)
	w := newWorker(t)
	if st, _, err := CheckJoin(w.s, card); err != nil || st != JoinNew {
		t.Fatalf("before joining: %v %v", st, err)
	}
	p, err := Join(w.s, card, "typed I agree", w.clock)
	if err != nil {
		t.Fatal(err)
	}
	code, key := p.ParticipantCode, p.KeyFingerprint()
	if !participantPattern.MatchString(code) {
		t.Errorf("participant code %q", code)
	}
	if p.Consent.CardSHA256 != card.Hash() || p.Consent.ConsentTextSHA256 != card.ConsentHash() || p.Consent.Method != "typed I agree" {
		t.Errorf("consent record %+v", p.Consent)
	}
	if _, err := Join(w.s, card, "again", w.clock); !errors.Is(err, ErrAlreadyJoined) {
		t.Errorf("same card: %v", err)
	}

	// A changed card asks again and keeps the code and key.
	spec := testSpec(t)
	spec.ConsentVersion = "1.1"
	spec.ConsentText += "\n\nWe may now quote you."
	_, card2, err := WriteCard("card.toml", spec)
	if err != nil {
		t.Fatal(err)
	}
	if st, _, _ := CheckJoin(w.s, card2); st != JoinRenew {
		t.Fatalf("changed card: %v", st)
	}
	w.clock = w.clock.Add(time.Hour)
	p, err = Join(w.s, card2, "typed I agree", w.clock)
	if err != nil {
		t.Fatal(err)
	}
	if p.ParticipantCode != code || p.KeyFingerprint() != key {
		t.Error("renewing changed the participant code or key")
	}
	if h := p.Consent.History; len(h) != 2 || h[1].Status != StatusRenewed || h[1].ConsentVersion != "1.1" || p.Consent.ConsentTextSHA256 != card2.ConsentHash() {
		t.Errorf("history %+v", h)
	}

	// After withdrawing, joining again is a new participant.
	if _, err := Withdraw(w.s, WithdrawRequest{Study: card.Study, Method: "test"}, "test", w.clock, Output{Name: "test.age", Write: func([]byte) error { return nil }}); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := CheckJoin(w.s, card2); st != JoinAgain {
		t.Fatalf("after withdrawing: %v", st)
	}
	p, err = Join(w.s, card2, "typed I agree", w.clock.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if p.ParticipantCode == code || p.KeyFingerprint() == key {
		t.Error("joining again kept the old code or key")
	}
	if len(p.Past) != 1 || p.Past[0].ParticipantCode != code || p.Withdrawn() {
		t.Errorf("past %+v, withdrawn %v", p.Past, p.Withdrawn())
	}
}

func TestEligibility(t *testing.T) {
	spec := testSpec(t)
	spec.Families = []string{"care"}
	spec.Tags = []string{"outreach"}
	spec.From, spec.Until = "2026-11-01", "2026-11-30"
	_, card, err := WriteCard("card.toml", spec)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorker(t)
	careP := prompt("care.hard-days.1", "care", "hard-days", "What made today hard?")
	w.write("ok", diary.Entry{Body: "x", Prompt: careP, Tags: []string{"outreach"}})
	w.write("free", diary.Entry{Body: "x", Tags: []string{"outreach"}})
	w.write("family", diary.Entry{Body: "x", Prompt: prompt("relationships.trust.1", "relationships", "trust", "t"), Tags: []string{"outreach"}})
	w.write("tag", diary.Entry{Body: "x", Prompt: careP})
	w.write("early", diary.Entry{Body: "x", Prompt: careP, Tags: []string{"outreach"}, Created: time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC)})
	w.write("late", diary.Entry{Body: "x", Prompt: careP, Tags: []string{"outreach"}, Created: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if _, err := Join(w.s, card, "test", w.clock); err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]string{
		"ok": "", "free": "answer a prompt", "family": "this one is relationships",
		"tag": "tagged #outreach", "early": "from 2026-11-01 on", "late": "up to 2026-11-30",
	} {
		p, _ := Load(w.s, card.Study)
		err := p.Grant(w.summaries(label), w.clock)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", label, err)
		case want != "" && (!errors.Is(err, ErrNotEligible) || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", label, err, want)
		}
	}
}

func TestExportThatFailsToWriteRecordsNothing(t *testing.T) {
	card, _ := testCard(t)
	w := newWorker(t)
	w.write("a", diary.Entry{Body: "One."})
	Join(w.s, card, "test", w.clock)
	w.grant(card.Study, "a")
	pl, err := PlanExport(w.s, card.Study)
	if err != nil {
		t.Fatal(err)
	}
	disk := errors.New("disk full")
	if _, err := Export(w.s, pl, "test", w.clock, Output{Name: "test.age", Write: func([]byte) error { return disk }}); !errors.Is(err, disk) {
		t.Fatalf("got %v", err)
	}
	p, _ := Load(w.s, card.Study)
	if len(p.Waiting()) != 1 || len(p.Sent) != 0 {
		t.Fatal("a bundle that was never written was recorded as sent")
	}
	if l, err := w.s.Ledger(); err != nil || len(l) != 0 {
		t.Fatalf("a bundle that was never written is in the ledger of exports: %v %+v", err, l)
	}
	// A deleted entry is skipped with a reason, not sent, not fatal.
	if err := w.s.Delete(w.ids["a"]); err != nil {
		t.Fatal(err)
	}
	pl, err = PlanExport(w.s, card.Study)
	if err != nil || len(pl.Entries) != 0 || len(pl.Skipped) != 1 || !strings.Contains(pl.Skipped[0].Reason, "no longer in the diary") {
		t.Fatalf("after delete: %v %+v", err, pl)
	}
}

func TestWithdrawWholeStudyKeepSent(t *testing.T) {
	researcher := testKey(t, "researcher")
	card, _ := testCard(t)
	w := newWorker(t)
	w.write("a", diary.Entry{Body: "Sent before."})
	w.write("b", diary.Entry{Body: "Shared, never sent."})
	Join(w.s, card, "test", w.clock)
	w.grant(card.Study, "a")
	bundle := w.export(card.Study)
	w.grant(card.Study, "b")

	var notice []byte
	w.clock = w.clock.Add(time.Hour)
	res, err := Withdraw(w.s, WithdrawRequest{Study: card.Study, KeepSent: true, Method: "test"}, "test", w.clock, Output{Name: "test.age", Write: func(b []byte) error { notice = b; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Withdrawn != 2 || res.WereSent != 1 || res.Notice == nil {
		t.Fatalf("%+v", res)
	}
	if _, err := PlanExport(w.s, card.Study); !errors.Is(err, ErrWithdrawn) {
		t.Errorf("export after withdrawal: %v", err)
	}
	p, _ := Load(w.s, card.Study)
	if err := p.Grant(w.summaries("a"), w.clock); !errors.Is(err, ErrWithdrawn) {
		t.Errorf("grant after withdrawal: %v", err)
	}
	// Withdrawing again writes the notice again, for the same moment.
	var again []byte
	if _, err := Withdraw(w.s, WithdrawRequest{Study: card.Study, KeepSent: true, Method: "test"}, "test", w.clock.Add(time.Hour), Output{Name: "test.age", Write: func(b []byte) error { again = b; return nil }}); err != nil || again == nil {
		t.Fatalf("re-issue: %v", err)
	}

	out := t.TempDir()
	rep, err := Import(researcher, []ImportFile{{"b", bundle}, {"n", notice}}, out, "test")
	if err != nil || rep.Rejected() != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
	if rep.Entries != 1 || rep.Withdrawn != 0 {
		t.Errorf("keep-sent: %d entries, %d withdrawn", rep.Entries, rep.Withdrawn)
	}
	if c := readFile(t, out, ConsentCSV); !strings.Contains(c, ",withdrawn,") {
		t.Errorf("consent.csv does not show the withdrawal:\n%s", c)
	}
	if wd := readFile(t, out, WithdrawalsCSV); !strings.Contains(wd, ",all,study,") || !strings.Contains(wd, ",false,") {
		t.Errorf("withdrawals.csv:\n%s", wd)
	}
}

func TestParticipantsAreNotLinkable(t *testing.T) {
	card, _ := testCard(t)
	spec := testSpec(t)
	spec.Study = "another-study"
	_, card2, _ := WriteCard("card.toml", spec)
	w := newWorker(t)
	p1, _ := Join(w.s, card, "test", w.clock)
	p2, _ := Join(w.s, card2, "test", w.clock)
	if p1.ParticipantCode == p2.ParticipantCode || p1.KeyFingerprint() == p2.KeyFingerprint() || p1.Consent.RecordID == p2.Consent.RecordID {
		t.Error("two studies share a code, key or record id")
	}
	w.write("a", diary.Entry{Body: "Shared with both."})
	w.grant(card.Study, "a")
	w.grant(card2.Study, "a")
	p1, _ = Load(w.s, card.Study)
	p2, _ = Load(w.s, card2.Study)
	if p1.Entry(w.ids["a"]).Pseudonym == p2.Entry(w.ids["a"]).Pseudonym {
		t.Error("one entry has the same pseudonym in two studies")
	}
	ps, problems, err := Studies(w.s)
	if err != nil || len(problems) != 0 || len(ps) != 2 {
		t.Fatalf("Studies: %v %v %d", err, problems, len(ps))
	}
}

func TestPseudonymsHoldAcrossBundles(t *testing.T) {
	researcher := testKey(t, "researcher")
	card, _ := testCard(t)
	w := newWorker(t)
	Join(w.s, card, "test", w.clock)
	w.write("a", diary.Entry{Body: "Dale, then Jess."})
	w.grant(card.Study, "a")
	one := w.export(card.Study)
	w.write("b", diary.Entry{Body: "Only Jess today."})
	w.grant(card.Study, "b")
	two := w.export(card.Study)
	out := t.TempDir()
	if _, err := Import(researcher, []ImportFile{{"1", one}, {"2", two}}, out, "test"); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, out, EntriesJSONL)
	if !strings.Contains(got, "Person A, then Person B.") || !strings.Contains(got, "Only Person B today.") {
		t.Errorf("pseudonyms changed between bundles:\n%s", got)
	}
}

func TestStatesPreviewAndToggle(t *testing.T) {
	spec := testSpec(t)
	spec.Families = []string{"care"}
	_, card, _ := WriteCard("card.toml", spec)
	w := newWorker(t)
	w.write("care", diary.Entry{Body: "Jess and I talked.", Prompt: prompt("care.hard-days.1", "care", "hard-days", "What made today hard?")})
	w.write("free", diary.Entry{Body: "No prompt."})
	Join(w.s, card, "test", w.clock)
	state := func(label string) EntryState {
		p, err := Load(w.s, card.Study)
		if err != nil {
			t.Fatal(err)
		}
		s := w.summaries(label)[0]
		return p.StateOf(&s)
	}
	if st := state("free"); st.State != StateNotAsked || !strings.Contains(st.Why, "answer a prompt") {
		t.Errorf("free: %+v", st)
	}
	if st := state("care"); st.State != StateNotShared {
		t.Errorf("care: %+v", st)
	}
	e, review, err := PreviewEntry(w.s, card.Study, w.ids["care"])
	if err != nil || e.Text != "Person A and I talked." || len(review) != 0 || e.Date != "2026-11" {
		t.Fatalf("preview: %v %+v %v", err, e, review)
	}
	sum := w.summaries("care")[0]
	if _, err := Toggle(w.s, card.Study, &sum, "test", "test", w.clock, Output{}); err != nil {
		t.Fatal(err)
	}
	if st := state("care"); st.State != StateWaiting || st.Pseudonym == "" {
		t.Errorf("after sharing: %+v", st)
	}
	// Stopping an entry not sent yet needs no notice.
	if res, err := Toggle(w.s, card.Study, &sum, "test", "test", w.clock, Output{}); err != nil || res.Notice != nil {
		t.Fatalf("unshare: %v %+v", err, res)
	}
	if st := state("care"); st.State != StateWithdrawn {
		t.Errorf("after unsharing: %+v", st)
	}
	Toggle(w.s, card.Study, &sum, "test", "test", w.clock, Output{})
	w.export(card.Study)
	if st := state("care"); st.State != StateSent {
		t.Errorf("after export: %+v", st)
	}
	if _, err := Toggle(w.s, card.Study, &sum, "test", "test", w.clock, Output{}); err == nil {
		t.Error("a sent entry was withdrawn without a notice")
	}
	var notice []byte
	if res, err := Toggle(w.s, card.Study, &sum, "test", "test", w.clock, Output{Name: "test.age", Write: func(b []byte) error { notice = b; return nil }}); err != nil || res.Notice == nil || notice == nil {
		t.Fatalf("withdraw sent: %v", err)
	}
	if st := state("care"); st.State != StateWithdrawnSent {
		t.Errorf("after withdrawing: %+v", st)
	}
	if _, err := Toggle(w.s, card.Study, &sum, "test", "test", w.clock, Output{}); !errors.Is(err, ErrAlreadySent) {
		t.Errorf("re-share after withdrawal: %v", err)
	}
}

// TestBundlesAndNoticesAreInTheLedger: everything sent to a study is in the
// diary's one ledger of exports, as a supervision export is: what, to which
// study and keys, which entries, and the SHA-256 of the exact file.
func TestBundlesAndNoticesAreInTheLedger(t *testing.T) {
	card, _ := testCard(t)
	w := newWorker(t)
	w.write("a", diary.Entry{Body: "Jess came by the van."})
	if _, err := Join(w.s, card, "test", w.clock); err != nil {
		t.Fatal(err)
	}
	w.grant(card.Study, "a")
	pl, err := PlanExport(w.s, card.Study)
	if err != nil {
		t.Fatal(err)
	}
	var bundle, notice []byte
	if _, err := Export(w.s, pl, "test", w.clock, Output{Name: "bundle.age", Write: func(b []byte) error { bundle = b; return nil }}); err != nil {
		t.Fatal(err)
	}
	if _, err := Withdraw(w.s, WithdrawRequest{Study: card.Study, Entries: []string{w.ids["a"]}, Method: "test"}, "test", w.clock,
		Output{Name: "notice.age", Write: func(b []byte) error { notice = b; return nil }}); err != nil {
		t.Fatal(err)
	}
	l, err := w.s.Ledger()
	if err != nil {
		t.Fatal(err)
	}
	if len(l) != 2 {
		t.Fatalf("%d lines in the ledger, want the bundle and the notice: %+v", len(l), l)
	}
	for i, want := range []struct {
		format, output string
		data           []byte
		replaced       int
	}{{"research bundle", "bundle.age", bundle, 1}, {"withdrawal notice", "notice.age", notice, 0}} {
		r := l[i]
		if r.Kind != diary.KindResearch || r.To != card.Study || r.Format != want.format || r.Output != want.output ||
			r.SHA256 != sha256Hex(want.data) || r.Size != len(want.data) || !slices.Equal(r.Entries, []string{w.ids["a"]}) ||
			!r.Redacted || r.Replacements != want.replaced || len(r.Fingerprints) != len(card.Recipients) || r.Dates != string(card.Dates) {
			t.Errorf("ledger line %d: %+v", i+1, r)
		}
	}
	// A study is not a contact: a supervision export's "last sent" never
	// names it.
	if _, found, err := w.s.LastExportTo(card.Study); err != nil || found {
		t.Errorf("LastExportTo(%q) found a research line: %v", card.Study, err)
	}
}
