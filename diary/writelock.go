package diary

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"peerdiary/crypto"
)

// The diary's lock, .lock, is held only while something is written: an
// entry, a draft, a record, the index, the key file, a quarantine, the
// clean-up of an interrupted save. Reading needs no lock (every file is
// replaced by an atomic rename, so a reader sees the old file or the new
// one, and the index checks each file it vouches for), and neither does the
// passphrase's scrypt work. So a full-screen diary left open in one
// terminal never stops a script writing in another: each waits, at most
// Options.LockWait, for the other's save to finish.

// DefaultLockWait is how long a write waits for another peerdiary's write
// to finish when Options.LockWait is 0. Saves take milliseconds; a key
// rotation of a large diary takes longer, and a write then fails with
// ErrInUse rather than wait without end.
const DefaultLockWait = 10 * time.Second

// lockWaitHook, when set, is called each time a write finds the diary's
// lock held by another process and begins to wait for it. It is set only by
// tests, through SetLockWaitHookForTesting; nothing in the binary sets it.
var lockWaitHook atomic.Pointer[func()]

// SetLockWaitHookForTesting has f called whenever a write of this process
// starts waiting for another process's lock (not when a write that can be
// left to later finds it held and gives up at once). A test holding the
// lock elsewhere can then let go exactly while a save waits, rather than
// guess how long to hold it. nil removes it.
func SetLockWaitHookForTesting(f func()) {
	if f == nil {
		lockWaitHook.Store(nil)
		return
	}
	lockWaitHook.Store(&f)
}

// lockWaiting tells the test hook, if any, that a write is waiting.
func lockWaiting() {
	if f := lockWaitHook.Load(); f != nil {
		(*f)()
	}
}

// ErrKeyChanged means the key file changed on disk since this store read
// it: another peerdiary changed the passphrase or moved the diary to a new
// key. Writing now could encrypt to a key the diary no longer uses, so
// nothing is written; unlock again.
var ErrKeyChanged = errors.New("the diary's key file changed since it was unlocked")

// lockWait is how long this store's writes wait for the lock.
func (s *Store) lockWait() time.Duration {
	switch w := s.opts.LockWait; {
	case w == 0:
		return DefaultLockWait
	case w < 0:
		return 0
	default:
		return w
	}
}

// write runs fn holding the diary's lock, waiting for it up to LockWait,
// after checking that the key file is still the one this store unlocked
// (unless fn writes the key file itself, see writeKey). Writes of one store
// happen one at a time.
func (s *Store) write(fn func() error) error {
	return s.writeLocked(s.lockWait(), true, fn)
}

// tryWrite is write for what can be left to later (the index, a cache;
// the clean-up of interrupted saves): if another peerdiary is writing, it
// does nothing and returns false.
func (s *Store) tryWrite(checkKey bool, fn func() error) (bool, error) {
	err := s.writeLocked(0, checkKey, fn)
	if errors.Is(err, ErrInUse) {
		return false, nil
	}
	return err == nil, err
}

func (s *Store) writeLocked(wait time.Duration, checkKey bool, fn func() error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	unlock, err := lockFile(filepath.Join(s.path, LockName), wait)
	if err != nil {
		return err
	}
	defer unlock()
	if checkKey {
		if err := s.checkKeyFile(); err != nil {
			return err
		}
	}
	return fn()
}

// keyFileSum is what a store remembers of the key file it unlocked (or
// wrote), to notice that another process replaced it.
func keyFileSum(keyFile []byte) [32]byte { return sha256.Sum256(keyFile) }

// checkKeyFile returns ErrKeyChanged if the key file on disk is not the
// one this store unlocked or wrote. A store that has never read it (locked
// since Open) has nothing to compare and writes nothing that needs a key.
func (s *Store) checkKeyFile() error {
	s.mu.Lock()
	want, known := s.keySum, s.keySumSet
	s.mu.Unlock()
	if !known {
		return nil
	}
	keyFile, err := s.root.ReadFile(KeyFileName, maxKeyFileRead)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: it is gone", ErrKeyChanged)
		}
		return err
	}
	if got := keyFileSum(keyFile); !bytes.Equal(got[:], want[:]) {
		return ErrKeyChanged
	}
	return nil
}

// rememberKeyFile records the key file this store now works with.
func (s *Store) rememberKeyFile(keyFile []byte) {
	sum := keyFileSum(keyFile)
	s.mu.Lock()
	s.keySum, s.keySumSet = sum, true
	s.mu.Unlock()
}

// maxKeyFileRead caps reading the key file; a real one is about 3 KiB.
const maxKeyFileRead = 1 << 20

// cleanUp removes temporary files left by interrupted saves, if no other
// peerdiary is writing (its own temporary file may be one of them).
func (s *Store) cleanUp() error {
	isOurs := func(name string) bool { return len(name) > len(FileExt) && name[len(name)-len(FileExt):] == FileExt }
	total := 0
	_, err := s.tryWrite(false, func() error {
		for _, d := range []*crypto.Dir{s.root, s.entries, s.drafts, s.records} {
			n, err := d.CleanTemp(isOurs)
			total += n
			if err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		// A diary on a read-only disk, or a folder this account may only
		// read: there is nothing it could have saved, so nothing to clean;
		// reading still works.
	case err != nil:
		return fmt.Errorf("cleaning up after an interrupted save: %w", err)
	}
	if total > 0 {
		s.Warnings = append(s.Warnings, fmt.Sprintf("removed %d unfinished save(s) left by an interrupted run; every saved entry is intact", total))
	}
	return nil
}
