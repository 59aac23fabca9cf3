package diary

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"peerdiary/crypto"
)

// filledStore is a diary with entries, a draft, settings, a record and an
// index, and what its entries say.
func filledStore(t *testing.T) (*Store, string, map[string]string) {
	t.Helper()
	s, dir := newTestStore(t)
	bodies := map[string]string{}
	for _, b := range []string{"first shift", "a hard night", strings.Repeat("long ", 30000) + "end"} {
		id, err := s.Put(&Entry{Body: b, Tags: []string{"t"}})
		if err != nil {
			t.Fatal(err)
		}
		bodies[id] = b
	}
	if err := s.SaveDraft(&Draft{Entry: Entry{Body: "unsaved writing"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSettings(&Settings{IdleLockMinutes: 7}); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteRecord("ledger", []byte("a record")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, dir, bodies
}

// keyFileKeys opens the key file with the passphrase: the current key and
// how many it still carries.
func keyFileKeys(t *testing.T, dir string) (*crypto.Identity, int) {
	t.Helper()
	kf, err := os.ReadFile(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	id, err := crypto.UnwrapIdentity(kf, []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	return id, len(id.Previous())
}

// everyFileOpensWith checks that every .age file of the diary but the key
// file opens with id alone.
func everyFileOpensWith(t *testing.T, dir string, id *crypto.Identity) {
	t.Helper()
	for _, sub := range []string{EntriesDir, DraftsDir, RecordsDir} {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*.age"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := crypto.Open(data, 32<<20, id); err != nil {
				t.Errorf("%s does not open with the key: %v", f, err)
			}
		}
	}
}

func TestRotateKey(t *testing.T) {
	s, dir, bodies := filledStore(t)
	old, _ := keyFileKeys(t, dir)
	var kept []byte
	r, err := s.RotateKey(context.Background(), []byte("correct horse"), func(kf []byte) error {
		kept = kf
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Resumed || r.Resealed != 6 || r.Already != 0 || len(r.Unreadable) != 0 {
		t.Errorf("rotation %+v: want 6 files resealed (3 entries, a draft, settings, a record)", r)
	}
	now, carried := keyFileKeys(t, dir)
	if carried != 0 || now.PublicKey() == old.PublicKey() || r.NewKey != now.PublicKey() || r.OldKey != old.PublicKey() {
		t.Fatalf("after the change the key file holds %s and %d more; it was %s", now.PublicKey(), carried, old.PublicKey())
	}
	if now.PostQuantum() != old.PostQuantum() {
		t.Error("the new key is not of the old key's kind")
	}
	everyFileOpensWith(t, dir, now)
	files, _ := filepath.Glob(filepath.Join(dir, EntriesDir, "*.age"))
	data, _ := os.ReadFile(files[0])
	if _, err := crypto.Open(data, 32<<20, old); !errors.Is(err, crypto.ErrWrongKey) {
		t.Errorf("an entry still opens with the old key: %v", err)
	}
	// The old key file, kept on request, still opens with the passphrase.
	if k, err := crypto.UnwrapIdentity(kept, []byte("correct horse")); err != nil || k.PublicKey() != old.PublicKey() {
		t.Errorf("the kept key file: %v", err)
	}
	// Everything reads, in this store and in a new one.
	for _, st := range []*Store{s, unlocked(t, dir, Options{})} {
		for id, body := range bodies {
			e, err := st.Get(id)
			if err != nil || e.Body != body {
				t.Errorf("entry %s after the change: %v", id, err)
			}
		}
		if ds, _ := st.Drafts(); len(ds) != 1 || ds[0].Entry.Body != "unsaved writing" {
			t.Errorf("drafts after the change: %+v", ds)
		}
		if set, err := st.Settings(); err != nil || set.IdleLockMinutes != 7 {
			t.Errorf("settings after the change: %+v, %v", set, err)
		}
		if rec, err := st.ReadRecord("ledger"); err != nil || string(rec) != "a record" {
			t.Errorf("record after the change: %q, %v", rec, err)
		}
	}
	// New saves go to the new key.
	if _, err := s.Put(&Entry{Body: "after"}); err != nil {
		t.Fatal(err)
	}
	everyFileOpensWith(t, dir, now)
}

// stopAfter is a context that is cancelled after its Err has been asked n
// times: a change of key interrupted after n files.
type stopAfter struct {
	context.Context
	n int
}

func (c *stopAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

func TestRotateKeyInterruptedAndResumed(t *testing.T) {
	s, dir, bodies := filledStore(t)
	old, _ := keyFileKeys(t, dir)
	_, err := s.RotateKey(&stopAfter{context.Background(), 2}, []byte("correct horse"), nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted change: %v", err)
	}
	// Half done: the key file carries both keys, every file opens, saves go
	// to the new key.
	now, carried := keyFileKeys(t, dir)
	if carried != 1 || now.Previous()[0].PublicKey() != old.PublicKey() {
		t.Fatalf("mid-change key file: %s carrying %d", now.PublicKey(), carried)
	}
	everyFileOpensWith(t, dir, now)
	r := unlocked(t, dir, Options{})
	if !r.RotationPending() {
		t.Error("RotationPending is false mid-change")
	}
	for id, body := range bodies {
		if e, err := r.Get(id); err != nil || e.Body != body {
			t.Errorf("entry %s mid-change: %v", id, err)
		}
	}
	if _, err := r.Put(&Entry{Body: "saved mid-change"}); err != nil {
		t.Fatal(err)
	}
	// A passphrase change meanwhile keeps both keys.
	if err := r.SetPassphrase([]byte("correct horse")); err != nil {
		t.Fatal(err)
	}
	if _, carried := keyFileKeys(t, dir); carried != 1 {
		t.Fatalf("a passphrase change mid-change dropped a key: %d carried", carried)
	}
	res, err := r.RotateKey(context.Background(), []byte("correct horse"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resumed || res.NewKey != now.PublicKey() || res.Already < 2 {
		t.Errorf("resumed change %+v: want it to finish the move to %s", res, now.PublicKey())
	}
	final, carried := keyFileKeys(t, dir)
	if carried != 0 || final.PublicKey() != now.PublicKey() {
		t.Fatalf("after resuming the key file holds %s and %d more", final.PublicKey(), carried)
	}
	everyFileOpensWith(t, dir, final)
	if r.RotationPending() {
		t.Error("RotationPending after the change finished")
	}
}

func TestRotateKeyRefusesAWrongPassphrase(t *testing.T) {
	s, dir, _ := filledStore(t)
	before, _ := os.ReadFile(filepath.Join(dir, KeyFileName))
	if _, err := s.RotateKey(context.Background(), []byte("correct horsE"), nil); !errors.Is(err, crypto.ErrWrongPassphrase) {
		t.Fatalf("RotateKey with a wrong passphrase: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, KeyFileName))
	if string(before) != string(after) {
		t.Fatal("the key file changed")
	}
}
