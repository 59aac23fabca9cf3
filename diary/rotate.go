package diary

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"peerdiary/crypto"
)

// Rotation is what a change of key did.
type Rotation struct {
	OldKey, NewKey string // the public keys, for messages
	Resealed       int    // files sealed again, to the new key
	Already        int    // files already sealed to it (by an interrupted change, or saved since)
	// Unreadable are files that opened with neither key (damaged, or from
	// another diary): they are left exactly as they were; verify names them.
	Unreadable []Problem
	Resumed    bool // an interrupted change was finished, not a new one begun
}

// RotationPending reports whether an earlier change of key was interrupted:
// the key file still holds the previous key beside the new one. The diary
// works as it is; RotateKey finishes the change.
func (s *Store) RotationPending() bool {
	id, err := s.currentIdentity()
	return err == nil && len(id.Previous()) > 0
}

// RotateKey moves the diary to a new key: every entry, draft and record is
// sealed again to it, and the key file then holds the new key alone,
// wrapped with the same passphrase. Use it when the key may be known to
// someone else: a backup of the key file was lost, the passphrase was
// shared, or someone who had both left. (Changing the passphrase alone
// leaves old copies of the key file, in backups, opening with the old
// passphrase; the key inside them would read every future entry.)
//
// It is crash-safe. The key file is first replaced by one holding the new
// key and the old one, the new one first, so from then on every file opens
// whichever key it is sealed to and new saves go to the new key; then each
// file is replaced, atomically, by the same plaintext sealed to the new
// key; only when all are done is the key file replaced by one holding the
// new key alone. A kill at any moment leaves a diary that opens with its one
// key file and passphrase, with nothing lost; calling RotateKey again (after
// Unlock, which reports RotationPending) finishes the change.
//
// The store must be unlocked, and passphrase must be the one it was
// unlocked with: it is checked against the key file (one scrypt run) so a
// mistyped passphrase can never lock the new key away. keepOld, if not nil,
// is given the current key file before anything is changed, to keep a copy
// (opening with the passphrase, the old key reads backups made before).
// The scrypt work is done before the diary's lock is taken; the lock is
// then held until the change is complete.
func (s *Store) RotateKey(ctx context.Context, passphrase []byte, keepOld func(keyFile []byte) error) (*Rotation, error) {
	current, err := s.currentIdentity()
	if err != nil {
		return nil, err
	}
	keyFile, err := s.readKeyFile()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	unlockedSum, known := s.keySum, s.keySumSet
	s.mu.Unlock()
	if !known || keyFileSum(keyFile) != unlockedSum {
		return nil, ErrKeyChanged
	}
	check, err := crypto.UnwrapIdentity(keyFile, passphrase)
	if err != nil {
		return nil, err
	}
	if check.PublicKey() != current.PublicKey() {
		return nil, ErrKeyChanged
	}

	r := &Rotation{OldKey: current.PublicKey()}
	ring := current // the new key carrying the old: what files open with meanwhile
	var ringFile []byte
	if len(current.Previous()) > 0 {
		r.Resumed = true
		r.OldKey = current.Previous()[0].PublicKey()
	} else {
		next, err := crypto.GenerateIdentity(!current.PostQuantum(), s.opts.now())
		if err != nil {
			return nil, err
		}
		ring = next.Replacing(current)
		if ringFile, err = crypto.WrapIdentity(ring, passphrase, 0); err != nil {
			return nil, err
		}
	}
	target := ring.Alone()
	r.NewKey = target.PublicKey()
	finalFile, err := crypto.WrapIdentity(target, passphrase, 0)
	if err != nil {
		return nil, err
	}
	if keepOld != nil {
		old := keyFile
		if r.Resumed {
			// The key file holds both keys now; keep the old one alone.
			if old, err = crypto.WrapIdentity(current.Previous()[0], passphrase, 0); err != nil {
				return nil, err
			}
		}
		if err := keepOld(old); err != nil {
			return nil, err
		}
	}

	err = s.writeLocked(s.lockWait(), true, func() error {
		if ringFile != nil {
			if err := s.root.WriteFileAtomic(KeyFileName, ringFile); err != nil {
				return fmt.Errorf("writing the key file: %w", err)
			}
			s.rememberKeyFile(ringFile)
			s.setIdentity(ring)
		}
		for _, d := range []struct {
			dir   *crypto.Dir
			name  string
			limit int64
		}{{s.entries, EntriesDir, MaxEntryFileSize}, {s.drafts, DraftsDir, MaxEntryFileSize}, {s.records, RecordsDir, maxRecordSize}} {
			if err := s.reseal(ctx, d.dir, d.name, d.limit, ring, target, r); err != nil {
				return err
			}
		}
		// Every readable file is sealed to the new key: the old one can go.
		if err := s.root.WriteFileAtomic(KeyFileName, finalFile); err != nil {
			return fmt.Errorf("writing the key file: %w", err)
		}
		s.rememberKeyFile(finalFile)
		s.setIdentity(target)
		return nil
	})
	if err != nil {
		return r, err
	}
	s.mu.Lock()
	s.forgetIndexLocked() // summaries of files that have all been replaced
	s.mu.Unlock()
	return r, nil
}

// reseal seals every file of one folder to target, reading it with ring
// (target and the key it replaces). Files already sealed to target are
// left alone, and so are files neither key opens.
func (s *Store) reseal(ctx context.Context, d *crypto.Dir, folder string, limit int64, ring, target *crypto.Identity, r *Rotation) error {
	des, err := d.ReadDir()
	if err != nil {
		return err
	}
	for _, de := range des {
		name := de.Name()
		if !strings.HasSuffix(name, FileExt) || strings.HasPrefix(name, ".") || !de.Type().IsRegular() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d == s.records && isIndexRecord(name) {
			// A cache, sealed to the key it was made with: rebuilt later.
			if err := d.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			continue
		}
		plain, err := d.OpenFile(name, limit, target)
		if err == nil {
			clear(plain)
			r.Already++
			continue
		}
		if !errors.Is(err, crypto.ErrWrongKey) {
			r.Unreadable = append(r.Unreadable, Problem{Path: folder + "/" + name, Err: err})
			continue
		}
		plain, err = d.OpenFile(name, limit, ring)
		if err != nil {
			r.Unreadable = append(r.Unreadable, Problem{Path: folder + "/" + name, Err: err})
			continue
		}
		sealed, err := crypto.Seal(plain, target.Recipient())
		clear(plain)
		if err != nil {
			return err
		}
		if err := d.WriteFileAtomic(name, sealed); err != nil {
			return fmt.Errorf("sealing %s/%s to the new key: %w", folder, name, err)
		}
		r.Resealed++
	}
	return nil
}
