package diary

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func unlocked(t *testing.T, dir string, opts Options) *Store {
	t.Helper()
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Unlock([]byte("correct horse")); err != nil {
		t.Fatal(err)
	}
	return s
}

func titles(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	c, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range c.Entries {
		out[e.Title] = true
	}
	return out
}

// Two stores of one diary, as a full-screen diary in one terminal and a
// command in another: both read and write, and each sees what the other
// saved.
func TestTwoStoresOfOneDiary(t *testing.T) {
	a, dir := newTestStore(t)
	b := unlocked(t, dir, Options{})
	if _, err := a.Put(&Entry{Body: "from a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Put(&Entry{Body: "from b"}); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Store{"a": a, "b": b} {
		if got := titles(t, s); !got["from a"] || !got["from b"] {
			t.Errorf("%s lists %v, want both entries", name, got)
		}
	}
}

// The test hook hears when a write starts waiting for another process's
// lock, once per wait, and never from a write that gives up at once; a
// holder that lets go from the hook has the save go through, with no guess
// at how long to hold the lock.
func TestLockWaitHookHearsAWaitingWrite(t *testing.T) {
	_, dir := newTestStore(t)
	unlock, err := lockFile(filepath.Join(dir, LockName), 0)
	if err != nil {
		t.Fatal(err)
	}
	heard := 0
	SetLockWaitHookForTesting(func() { heard++ })
	t.Cleanup(func() { SetLockWaitHookForTesting(nil) })
	if _, err := lockFile(filepath.Join(dir, LockName), 0); !errors.Is(err, ErrInUse) {
		t.Fatalf("lockFile with no wait and the lock held: %v, want ErrInUse", err)
	}
	if heard != 0 {
		t.Fatalf("the hook heard %d waits from a write that does not wait", heard)
	}
	s := unlocked(t, dir, Options{LockWait: time.Minute})
	SetLockWaitHookForTesting(func() {
		heard++
		unlock()
	})
	if _, err := s.Put(&Entry{Body: "saved once the other let go"}); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if heard != 1 {
		t.Fatalf("the hook heard %d waits, want 1", heard)
	}
	if !titles(t, s)["saved once the other let go"] {
		t.Fatal("the entry saved after waiting is not listed")
	}
}

// Reading and unlocking need no lock: they work while another process is
// in the middle of a long write.
func TestReadsNeedNoLock(t *testing.T) {
	s, dir := newTestStore(t)
	s.Put(&Entry{Body: "kept"})
	unlock, err := lockFile(filepath.Join(dir, LockName), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	r := unlocked(t, dir, Options{})
	if !titles(t, r)["kept"] {
		t.Fatal("the entry was not read while the lock was held")
	}
}

// A write waits for another process's write, up to LockWait, then fails
// with ErrInUse, writing nothing.
func TestWriteWaitsBoundedForTheLock(t *testing.T) {
	_, dir := newTestStore(t)
	s := unlocked(t, dir, Options{LockWait: 200 * time.Millisecond})
	unlock, err := lockFile(filepath.Join(dir, LockName), 0)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = s.Put(&Entry{Body: "waits"})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("Put with the lock held elsewhere: %v, want ErrInUse", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Fatalf("gave up after %v, before LockWait", waited)
	}
	// Released while it waits: the write goes through.
	time.AfterFunc(100*time.Millisecond, unlock)
	s2 := unlocked(t, dir, Options{LockWait: 10 * time.Second})
	if _, err := s2.Put(&Entry{Body: "waited"}); err != nil {
		t.Fatalf("Put after the lock was released: %v", err)
	}
	if got := titles(t, s2); got["waits"] || !got["waited"] {
		t.Fatalf("entries %v: want only the one saved after waiting", got)
	}
}

// Many writers of many stores at once: every save is kept.
func TestConcurrentWritersKeepEverySave(t *testing.T) {
	_, dir := newTestStore(t)
	const stores, each = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, stores*each)
	for i := range stores {
		s := unlocked(t, dir, Options{})
		wg.Go(func() {
			for j := range each {
				if _, err := s.Put(&Entry{Body: "w" + string(rune('a'+i)) + string(rune('a'+j))}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := titles(t, unlocked(t, dir, Options{})); len(got) != stores*each {
		t.Fatalf("%d entries, want %d", len(got), stores*each)
	}
}

// Another process changed the key file (a new passphrase, a new key): a
// store unlocked with the old one writes nothing, so nothing is encrypted to
// a key the diary may no longer use, until it is unlocked again.
func TestKeyChangedElsewhere(t *testing.T) {
	a, dir := newTestStore(t)
	b := unlocked(t, dir, Options{})
	if err := b.SetPassphrase([]byte("new horse")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Put(&Entry{Body: "after the change"}); !errors.Is(err, ErrKeyChanged) {
		t.Fatalf("Put: %v, want ErrKeyChanged", err)
	}
	if err := a.SaveDraft(&Draft{Entry: Entry{Body: "draft"}}); !errors.Is(err, ErrKeyChanged) {
		t.Fatalf("SaveDraft: %v, want ErrKeyChanged", err)
	}
	if err := a.SetPassphrase([]byte("third horse")); !errors.Is(err, ErrKeyChanged) {
		t.Fatalf("SetPassphrase: %v, want ErrKeyChanged (it would undo the other change)", err)
	}
	if err := a.Unlock([]byte("new horse")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Put(&Entry{Body: "after unlocking again"}); err != nil {
		t.Fatalf("Put after unlocking again: %v", err)
	}
}
