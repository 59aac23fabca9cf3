package diary

import (
	"errors"
	"testing"

	"peerdiary/crypto"
)

func TestSetPassphrase(t *testing.T) {
	s, dir := newTestStore(t)
	id, err := s.Put(&Entry{Body: "Written before the change."})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassphrase(nil); !errors.Is(err, crypto.ErrEmptyPassphrase) {
		t.Fatalf("empty new passphrase: got %v, want ErrEmptyPassphrase", err)
	}
	s.Lock()
	if err := s.SetPassphrase([]byte("a new one")); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked store: got %v, want ErrLocked", err)
	}
	if err := s.Unlock([]byte("correct horse")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassphrase([]byte("a new one")); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.Unlock([]byte("correct horse")); !errors.Is(err, crypto.ErrWrongPassphrase) {
		t.Fatalf("old passphrase after the change: got %v, want ErrWrongPassphrase", err)
	}
	if err := s2.Unlock([]byte("a new one")); err != nil {
		t.Fatalf("new passphrase: %v", err)
	}
	e, err := s2.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Body != "Written before the change." {
		t.Fatalf("entry after the change: %q", e.Body)
	}
}
