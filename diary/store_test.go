package diary

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"peerdiary/crypto"
)

func TestMain(m *testing.M) {
	crypto.SetWorkFactorForTesting(10)
	code := m.Run()
	removeBenchDiary()
	os.Exit(code)
}

var fixedNow = time.Date(2026, 11, 23, 18, 30, 0, 0, time.FixedZone("", -8*3600))

func newTestStore(t *testing.T) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "diary")
	s, err := Create(dir, []byte("correct horse"), false, Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func TestPutLoadGetRoundTrip(t *testing.T) {
	s, dir := newTestStore(t)
	id, err := s.Put(&Entry{Body: "A long shift.\n\nSat with R. after the call.", Tags: []string{"#Outreach", "hard day"}, Mood: 2})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.Load(context.Background()); !errors.Is(err, ErrLocked) {
		t.Fatalf("Load while locked: %v, want ErrLocked", err)
	}
	if err := s2.Unlock([]byte("wrong")); !errors.Is(err, crypto.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if err := s2.Unlock([]byte("correct horse")); err != nil {
		t.Fatal(err)
	}
	c, err := s2.Load(context.Background())
	if err != nil || len(c.Entries) != 1 || len(c.Problems) != 0 {
		t.Fatalf("Load = %+v, %v", c, err)
	}
	e, err := s2.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Body != "A long shift.\n\nSat with R. after the call." || e.Mood != 2 || len(e.Tags) != 2 || e.Tags[0] != "hard-day" || !e.Created.Equal(fixedNow) {
		t.Fatalf("got %+v", e)
	}
	fi, err := os.Stat(filepath.Join(dir, EntriesDir, id+FileExt))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("entry file mode: %v %v", fi, err)
	}
}
