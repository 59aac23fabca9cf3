package diary

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"peerdiary/crypto"
)

// File and folder names inside a diary folder. Every file but the lock is an
// age file; see docs/FORMAT.md.
const (
	KeyFileName = "identity.age"
	LockName    = ".lock"
	EntriesDir  = "entries"
	DraftsDir   = "drafts"
	RecordsDir  = "records"
	DamagedDir  = "damaged"

	// FileExt ends every encrypted file's name.
	FileExt = ".age"
)

// maxRecordSize caps settings, contacts, ledgers and other records.
const maxRecordSize = 16 << 20

// Options configure Create and Open.
type Options struct {
	// Now is the clock; nil means time.Now. Tests inject a fixed one.
	Now func() time.Time

	// LockWait is how long a write waits for another peerdiary's write to
	// finish before it fails with ErrInUse: 0 means DefaultLockWait, a
	// negative duration not at all.
	LockWait time.Duration
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Store is an open diary folder. It holds its identity from Unlock until
// Lock, and the diary's lock only while it writes (see writelock.go), so
// several processes may have a diary open at once and one writes at a
// time. Its methods are safe for concurrent use.
type Store struct {
	opts    Options
	path    string
	root    *crypto.Dir
	entries *crypto.Dir
	drafts  *crypto.Dir
	records *crypto.Dir

	writeMu   sync.Mutex // one write of this store at a time (see write)
	keySum    [32]byte   // the key file this store unlocked or wrote
	keySumSet bool

	mu        sync.Mutex
	identity  *crypto.Identity  // nil while locked
	recipient crypto.Recipient  // kept through Lock so drafts can still be saved
	files     map[string]string // entry id → file name, filled by Load

	// The catalog copy behind records/index.age (see index.go): every
	// entry file's stamp and summary, from the last Load and the saves and
	// deletes since. It holds entry text, so Lock drops it.
	index   map[string]*indexEntry // file name → entry; nil until Load
	textSrc *textSource            // the index's texts, as this unlock reads them
	// What this store knows of the text file on disk (see writeIndex):
	// how many texts it holds, if this store wrote it (textKnown), and
	// whether it may hold texts of entries changed or deleted since.
	textKnown   bool
	textCount   int
	textStale   bool
	indexDirty  bool   // differs from the index on disk
	indexGen    uint64 // bumped by every change to index
	indexTag    [32]byte
	indexTagSet bool
	flushMu     sync.Mutex // one index write at a time, in order
	recordsMu   sync.Mutex // one read-change-write of a record at a time
	loadStats   loadStats  // what the last Load did, for tests

	// Warnings are things a person should know that do not stop the diary
	// from working: loose permissions, a network file system, leftover
	// temporary files cleaned up.
	Warnings []string
}

// Exists reports whether dir holds a diary (its key file).
func Exists(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, KeyFileName))
	return err == nil
}

// Create makes a new diary in dir, which may exist if it is empty, with a new
// identity (hybrid post-quantum unless classic) wrapped with the passphrase.
// The returned store is open and unlocked.
func Create(dir string, passphrase []byte, classic bool, opts Options) (*Store, error) {
	if len(passphrase) == 0 {
		return nil, crypto.ErrEmptyPassphrase
	}
	if Exists(dir) {
		return nil, ErrDiaryExists
	}
	if has, _ := hasEntries(dir); has {
		return nil, ErrKeyFileMissing
	}
	// The key is made and wrapped (a second of scrypt) before the lock is
	// taken, so no one else's save waits on it.
	id, err := crypto.GenerateIdentity(classic, opts.now())
	if err != nil {
		return nil, err
	}
	keyFile, err := crypto.WrapIdentity(id, passphrase, 0)
	if err != nil {
		return nil, err
	}
	if err := crypto.MkdirAll(dir); err != nil {
		return nil, err
	}
	s, err := openFolder(dir, opts)
	if err != nil {
		return nil, err
	}
	// The key file is written last: a crash before this leaves an empty
	// folder that init can use again, never entries without a key.
	err = s.writeLocked(s.lockWait(), false, func() error {
		if Exists(dir) { // someone else made one meanwhile
			return ErrDiaryExists
		}
		if err := s.root.WriteFileAtomic(KeyFileName, keyFile); err != nil {
			return fmt.Errorf("writing the key file: %w", err)
		}
		return nil
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	s.rememberKeyFile(keyFile)
	s.setIdentity(id)
	return s, nil
}

func hasEntries(dir string) (bool, error) {
	des, err := os.ReadDir(filepath.Join(dir, EntriesDir))
	if err != nil {
		return false, err
	}
	for _, de := range des {
		if strings.HasSuffix(de.Name(), FileExt) {
			return true, nil
		}
	}
	return false, nil
}

// Open opens an existing diary, locked (no identity yet). It removes
// temporary files left by a crash, if no other peerdiary is writing.
func Open(dir string, opts Options) (*Store, error) {
	if _, err := os.Lstat(filepath.Join(dir, KeyFileName)); err != nil {
		if errors.Is(err, fs.ErrPermission) {
			// Say that the folder can't be read, not "no diary here",
			// which would invite an init over a diary that may be there.
			return nil, err
		}
		if fi, statErr := os.Stat(dir); statErr == nil && !fi.IsDir() {
			return nil, &fs.PathError{Op: "open", Path: dir, Err: syscall.ENOTDIR}
		}
		if has, _ := hasEntries(dir); has {
			return nil, ErrKeyFileMissing
		}
		return nil, ErrNoDiary
	}
	return openFolder(dir, opts)
}

func openFolder(dir string, opts Options) (*Store, error) {
	s := &Store{opts: opts, path: dir}
	s.checkFolder()
	var err error
	if s.root, err = crypto.OpenDir(dir); err != nil {
		s.Close()
		return nil, err
	}
	for _, sub := range []struct {
		dir  **crypto.Dir
		name string
	}{{&s.entries, EntriesDir}, {&s.drafts, DraftsDir}, {&s.records, RecordsDir}} {
		if *sub.dir, err = s.root.Sub(sub.name); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.cleanUp(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// checkFolder warns about a diary folder others can read or enter.
func (s *Store) checkFolder() {
	fi, err := os.Stat(s.path)
	if err != nil {
		return
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		s.Warnings = append(s.Warnings, fmt.Sprintf(
			"the diary folder %s can be opened by other accounts (%v); run: chmod 700 %s",
			s.path, fi.Mode().Perm(), s.path))
	}
	if kf, err := os.Stat(filepath.Join(s.path, KeyFileName)); err == nil && kf.Mode().Perm()&0o077 != 0 {
		s.Warnings = append(s.Warnings, fmt.Sprintf(
			"the key file can be read by other accounts (%v); run: chmod 600 %s",
			kf.Mode().Perm(), filepath.Join(s.path, KeyFileName)))
	}
	if w := networkFSWarning(s.path); w != "" {
		s.Warnings = append(s.Warnings, w)
	}
}

// Path is the diary folder.
func (s *Store) Path() string { return s.path }

// Close locks the diary (which writes a changed entry index first, if no
// one else is writing) and releases its folder.
func (s *Store) Close() error {
	s.Lock()
	for _, d := range []*crypto.Dir{s.entries, s.drafts, s.records, s.root} {
		if d != nil {
			d.Close()
		}
	}
	return nil
}

// Unlock opens the key file with the passphrase. It takes about a second
// (scrypt) whether or not the passphrase is right.
func (s *Store) Unlock(passphrase []byte) error {
	keyFile, err := s.readKeyFile()
	if err != nil {
		return err
	}
	id, err := crypto.UnwrapIdentity(keyFile, passphrase)
	if err != nil {
		return err
	}
	s.rememberKeyFile(keyFile)
	s.setIdentity(id)
	return nil
}

// readKeyFile reads identity.age. A key file that can't be read because of
// its permissions, or that is not a file at all (a named pipe, a folder), is
// a file-system problem and is reported as one, naming the file: calling it
// damaged would advise restoring an old backup over a key that may be fine.
// Only a file that reads but is too large to be a key file is damaged here.
func (s *Store) readKeyFile() ([]byte, error) {
	keyFile, err := s.root.ReadFile(KeyFileName, maxKeyFileRead)
	switch {
	case err == nil:
		return keyFile, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, ErrNoDiary
	case errors.Is(err, crypto.ErrTooLarge):
		return nil, fmt.Errorf("%w: %v", crypto.ErrKeyFileDamaged, err)
	}
	return nil, err
}

func (s *Store) setIdentity(id *crypto.Identity) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.identity = id
	s.recipient = id.Recipient()
	s.indexTagSet = false
}

// Lock forgets the identity and the catalog copy. The recipient stays, so an
// encrypted draft can still be saved while the diary is locked. As it
// forgets, Lock writes the entry index if saves or deletes changed it; that
// is only a cache, so a failure there is ignored (the next Load rebuilds
// what it needs).
func (s *Store) Lock() {
	s.lockIndex()
}

// Unlocked reports whether the identity is in memory.
func (s *Store) Unlocked() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identity != nil
}

func (s *Store) currentIdentity() (*crypto.Identity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.identity == nil {
		return nil, ErrLocked
	}
	return s.identity, nil
}

func (s *Store) currentRecipient() (crypto.Recipient, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.recipient.IsZero() {
		return crypto.Recipient{}, ErrLocked
	}
	return s.recipient, nil
}

// ExportIdentity returns the identity text as age-keygen writes it. It is
// the diary's secret: whoever holds it reads every entry.
func (s *Store) ExportIdentity() ([]byte, error) {
	id, err := s.currentIdentity()
	if err != nil {
		return nil, err
	}
	return id.Text(), nil
}

// PublicKey returns the diary's recipient as a string.
func (s *Store) PublicKey() (string, error) {
	id, err := s.currentIdentity()
	if err != nil {
		return "", err
	}
	return id.PublicKey(), nil
}

// replaceKeyFile writes keyFile over identity.age, under the diary's lock,
// if the key file there is still the one whose sum is was: otherwise
// another peerdiary changed it after it was read (a new passphrase, a new
// key), and writing would undo that, so it fails with ErrKeyChanged. The
// scrypt work is done before, outside the lock.
func (s *Store) replaceKeyFile(was [32]byte, keyFile []byte) error {
	err := s.writeLocked(s.lockWait(), false, func() error {
		current, err := s.root.ReadFile(KeyFileName, maxKeyFileRead)
		if err != nil {
			return err
		}
		if keyFileSum(current) != was {
			return ErrKeyChanged
		}
		if err := s.root.WriteFileAtomic(KeyFileName, keyFile); err != nil {
			return fmt.Errorf("writing the key file: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.rememberKeyFile(keyFile)
	return nil
}

// seal encrypts plaintext to the diary's own recipient.
func (s *Store) seal(plaintext []byte) ([]byte, error) {
	r, err := s.currentRecipient()
	if err != nil {
		return nil, err
	}
	return crypto.Seal(plaintext, r)
}

// open reads and decrypts name in d.
func (s *Store) open(d *crypto.Dir, name string, limit int64) ([]byte, error) {
	id, err := s.currentIdentity()
	if err != nil {
		return nil, err
	}
	return d.OpenFile(name, limit, id)
}

// WriteRecord stores plaintext encrypted as records/<name>.age: settings,
// contacts, ledgers, consent records, prompt packs, an index. name is a plain
// file name without the extension.
func (s *Store) WriteRecord(name string, plaintext []byte) error {
	if !ValidID(name) {
		return fmt.Errorf("invalid record name %q", name)
	}
	sealed, err := s.seal(plaintext)
	if err != nil {
		return err
	}
	return s.write(func() error { return s.records.WriteFileAtomic(name+FileExt, sealed) })
}

// ReadRecord returns the plaintext of records/<name>.age, or an error
// wrapping fs.ErrNotExist if there is none.
func (s *Store) ReadRecord(name string) ([]byte, error) {
	if !ValidID(name) {
		return nil, fmt.Errorf("invalid record name %q", name)
	}
	return s.open(s.records, name+FileExt, maxRecordSize)
}

// RemoveRecord deletes records/<name>.age.
func (s *Store) RemoveRecord(name string) error {
	if !ValidID(name) {
		return fmt.Errorf("invalid record name %q", name)
	}
	return s.write(func() error { return s.records.Remove(name + FileExt) })
}
