package diary

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"peerdiary/crypto"
)

func TestPeopleRecord(t *testing.T) {
	s, dir := newTestStore(t)
	if ps, err := s.People(); err != nil || len(ps) != 0 {
		t.Fatalf("an empty diary's people: %v %v", ps, err)
	}
	p, err := s.AddPerson(Person{Name: "  Sam   Jones ", Aliases: []string{"Sammy", "sammy", "Sam Jones"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Sam Jones" || len(p.Aliases) != 1 || p.Aliases[0] != "Sammy" || !p.Added.Equal(fixedNow) {
		t.Errorf("stored %+v", p)
	}
	// Adding the same name again adds aliases and sets the pseudonym.
	if p, err = s.AddPerson(Person{Name: "sam jones", Aliases: []string{"SJ"}, As: "Client A"}); err != nil {
		t.Fatal(err)
	}
	if len(p.Aliases) != 2 || p.As != "Client A" {
		t.Errorf("merged %+v", p)
	}
	if _, err := s.AddPerson(Person{Name: "Alex", As: "Colleague"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    Person
		want string
	}{
		{Person{Name: " "}, "the name is empty"},
		{Person{Name: "Priya", Aliases: []string{"Sammy"}}, "listed for two different people"},
		{Person{Name: "Priya", As: "client a"}, `would both be "client a"`},
		{Person{Name: "Priya", As: "Sam's friend"}, "uses a word of a listed name"},
		{Person{Name: "Pri\x1bya"}, "control characters"},
		{Person{Name: strings.Repeat("x", 300)}, "over 200 bytes"},
	} {
		if _, err := s.AddPerson(tc.p); !errors.Is(err, ErrBadName) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("AddPerson(%+v): %v, want %q", tc.p, err, tc.want)
		}
	}
	ps, _ := s.People()
	if len(ps) != 2 {
		t.Fatalf("people after refusals: %+v", ps)
	}
	// Stored encrypted: no name in the record file. (Short strings are not
	// searched for: the header's base64 could hold "Sam" by chance.)
	raw, err := os.ReadFile(filepath.Join(dir, RecordsDir, PeopleRecord+FileExt))
	if err != nil || bytes.Contains(raw, []byte("Sam Jones")) || bytes.Contains(raw, []byte("Sammy")) {
		t.Fatalf("the people record holds a name in plaintext (or is missing: %v)", err)
	}
	r, err := NewRedactor(ps)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Redact("Sammy told Alex").Text; got != "Client A told Colleague" {
		t.Errorf("redacted %q", got)
	}
	if err := s.RemovePerson("SAM JONES"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemovePerson("Sam Jones"); !errors.Is(err, ErrNoPerson) {
		t.Errorf("removing twice: %v", err)
	}
	if ps, _ := s.People(); len(ps) != 1 || ps[0].Name != "Alex" {
		t.Errorf("after removing: %+v", ps)
	}
}

func TestContactsRecord(t *testing.T) {
	s, dir := newTestStore(t)
	pq, _ := crypto.GenerateIdentity(false, fixedNow)
	pq2, _ := crypto.GenerateIdentity(false, fixedNow)
	classic, _ := crypto.GenerateIdentity(true, fixedNow)
	c, err := s.AddContact(" Jo  (supervisor) ", []crypto.Recipient{pq.Recipient(), pq2.Recipient(), pq.Recipient()})
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Jo (supervisor)" || len(c.Keys) != 2 || c.Fingerprints()[0] != crypto.Fingerprint(pq.PublicKey()) {
		t.Errorf("stored %+v", c)
	}
	if _, err := s.AddContact("jo (Supervisor)", []crypto.Recipient{classic.Recipient()}); !errors.Is(err, ErrContactExists) {
		t.Errorf("same name again: %v", err)
	}
	if _, err := s.AddContact("Mixed", []crypto.Recipient{pq.Recipient(), classic.Recipient()}); !errors.Is(err, crypto.ErrMixedRecipients) {
		t.Errorf("mixed keys: %v", err)
	}
	if _, err := s.AddContact("Nobody", nil); !errors.Is(err, crypto.ErrBadRecipient) {
		t.Errorf("no key: %v", err)
	}
	if _, err := s.AddContact("Kim", []crypto.Recipient{classic.Recipient()}); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindContact("KIM")
	if err != nil || got.Name != "Kim" {
		t.Errorf("FindContact: %+v %v", got, err)
	}
	rs, err := got.Recipients()
	if err != nil || len(rs) != 1 || rs[0].String() != classic.PublicKey() {
		t.Errorf("Recipients: %v %v", rs, err)
	}
	if _, err := s.FindContact("Kin"); !errors.Is(err, ErrNoContact) || !strings.Contains(err.Error(), "did you mean Kim?") {
		t.Errorf("a near miss: %v", err)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, RecordsDir, ContactsRecord+FileExt))
	if bytes.Contains(raw, []byte(classic.PublicKey()[:12])) || bytes.Contains(raw, []byte("Jo (supervisor)")) {
		t.Error("the contacts record holds a key or name in plaintext")
	}
	if err := s.RemoveContact("kim"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindContact("Kim"); !errors.Is(err, ErrNoContact) {
		t.Errorf("after removing: %v", err)
	}
}

func TestFlagsAndLedger(t *testing.T) {
	s, _ := newTestStore(t)
	f, err := s.FlagEntry("k3v9x2q8m4n7p1z0", "  ask about the handover ")
	if err != nil || f.Note != "ask about the handover" || !f.At.Equal(fixedNow) {
		t.Fatalf("FlagEntry: %+v %v", f, err)
	}
	if f, err = s.FlagEntry("k3v9x2q8m4n7p1z0", "changed"); err != nil || f.Note != "changed" {
		t.Fatalf("changing the note: %+v %v", f, err)
	}
	if fs, _ := s.Flags(); len(fs) != 1 {
		t.Errorf("flags: %+v", fs)
	}
	if _, err := s.FlagEntry("../x", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("a bad id: %v", err)
	}
	if err := s.UnflagEntry("k3v9x2q8m4n7p1z0"); err != nil {
		t.Fatal(err)
	}
	if err := s.UnflagEntry("k3v9x2q8m4n7p1z0"); !errors.Is(err, ErrNotFlagged) {
		t.Errorf("unflag twice: %v", err)
	}

	rec := ExportRecord{ID: NewExportID(), Kind: KindSupervision, At: fixedNow, To: "Jo", Entries: []string{"a"}, Format: "md", Redacted: true, SHA256: "00"}
	if err := s.RecordExport(rec); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordExport(rec); err == nil {
		t.Error("the same export recorded twice")
	}
	last, ok, err := s.LastExportTo("jo")
	if err != nil || !ok || last.ID != rec.ID {
		t.Errorf("LastExportTo: %+v %v %v", last, ok, err)
	}
	if err := s.ForgetExport(rec.ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.Ledger(); len(l) != 0 {
		t.Errorf("after ForgetExport: %+v", l)
	}
	if _, ok, _ := s.LastExportTo("Jo"); ok {
		t.Error("a forgotten export is still the last one")
	}
	// A bundle for a study whose id happens to be a contact's name was not
	// sent to that contact.
	study := ExportRecord{ID: NewExportID(), Kind: KindResearch, At: rec.At, To: "jo"}
	if err := s.RecordExport(study); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LastExportTo("Jo"); ok || study.SentTo("Jo") {
		t.Error("a research study was taken for the contact of the same name")
	}
}

func TestRecordsNeedUnlock(t *testing.T) {
	s, _ := newTestStore(t)
	s.Lock()
	if _, err := s.People(); !errors.Is(err, ErrLocked) {
		t.Errorf("People while locked: %v", err)
	}
	if _, err := s.AddPerson(Person{Name: "Sam"}); !errors.Is(err, ErrLocked) {
		t.Errorf("AddPerson while locked: %v", err)
	}
}
