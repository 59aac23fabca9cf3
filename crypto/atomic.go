package crypto

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"filippo.io/age"
	"github.com/google/renameio/v2"
)

// Dir is one folder of the diary, opened as an os.Root so that no name, link
// or ".." can make a read or write land outside it.
type Dir struct {
	root *os.Root
}

// OpenDir opens an existing folder.
func OpenDir(path string) (*Dir, error) {
	r, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	return &Dir{root: r}, nil
}

// Path is the folder's path as it was opened.
func (d *Dir) Path() string { return d.root.Name() }

// Close releases the folder.
func (d *Dir) Close() error { return d.root.Close() }

// WriteFileAtomic replaces name in the folder with data, or creates it, so
// that a crash at any moment leaves the old file or the new one: the data goes
// to a temporary file in the same folder (mode 0600, whatever the umask),
// which is fsynced, renamed over name, and then the folder itself is fsynced
// so the rename survives a power cut. renameio does all but the last step.
//
// After a failed fsync the temporary file is dropped rather than retried: on
// Linux a second fsync can falsely succeed after an I/O error.
func (d *Dir) WriteFileAtomic(name string, data []byte) error {
	if !validName(name) {
		return fmt.Errorf("refusing to write %q: not a plain file name", name)
	}
	pf, err := renameio.NewPendingFile(name, renameio.WithRoot(d.root), renameio.WithStaticPermissions(0o600))
	if err != nil {
		return err
	}
	defer pf.Cleanup()
	if _, err := pf.Write(data); err != nil {
		return err
	}
	if hook := testHookBeforeReplace; hook != nil {
		if err := hook(name); err != nil {
			return err
		}
	}
	if err := pf.CloseAtomicallyReplace(); err != nil {
		return err
	}
	return d.Sync()
}

// SealFileAtomic is WriteFileAtomic of a file sealed to the recipients whose
// plaintext write produces, streamed: neither the plaintext nor the sealed
// file is ever held in memory whole. If write fails, nothing is replaced
// and its error is returned.
func (d *Dir) SealFileAtomic(name string, recipients []Recipient, write func(w io.Writer) error) error {
	p, err := d.CreateSealed(name, recipients)
	if err != nil {
		return err
	}
	defer p.Cleanup()
	if err := write(p); err != nil {
		return err
	}
	return p.Commit()
}

// PendingSealed is a sealed file being written in the folder, to replace
// name atomically once it is complete: its plaintext is written in pieces
// (Write), encrypted as it goes into a temporary file in the same folder,
// and nothing changes under name until Commit. A writer that takes long
// can write without holding the diary lock and take it only to Commit; its
// temporary file is marked as being written meanwhile, so another
// process's CleanTemp does not take it for a leftover and remove it.
type PendingSealed struct {
	d    *Dir
	name string
	pf   *renameio.PendingFile
	bw   *bufio.Writer
	w    io.WriteCloser
	done bool
}

// CreateSealed starts a sealed file that will replace name. The caller must
// call Cleanup, which removes the temporary file unless Commit succeeded.
func (d *Dir) CreateSealed(name string, recipients []Recipient) (*PendingSealed, error) {
	if !validName(name) {
		return nil, fmt.Errorf("refusing to write %q: not a plain file name", name)
	}
	rs, err := ageRecipients(recipients)
	if err != nil {
		return nil, err
	}
	pf, err := renameio.NewPendingFile(name, renameio.WithRoot(d.root), renameio.WithStaticPermissions(0o600))
	if err != nil {
		return nil, err
	}
	markWriting(pf.File)
	bw := bufio.NewWriterSize(pf, 64<<10)
	w, err := age.Encrypt(bw, rs...)
	if err != nil {
		pf.Cleanup()
		return nil, err
	}
	return &PendingSealed{d: d, name: name, pf: pf, bw: bw, w: w}, nil
}

// Write encrypts p into the temporary file.
func (p *PendingSealed) Write(b []byte) (int, error) {
	if p.done {
		return 0, errors.New("write to a sealed file already committed or cleaned up")
	}
	return p.w.Write(b)
}

// Commit ends the age stream, fsyncs the temporary file, renames it over
// the final name and fsyncs the folder.
func (p *PendingSealed) Commit() error {
	if p.done {
		return errors.New("a sealed file committed or cleaned up twice")
	}
	if err := p.w.Close(); err != nil {
		return err
	}
	if err := p.bw.Flush(); err != nil {
		return err
	}
	if hook := testHookBeforeReplace; hook != nil {
		if err := hook(p.name); err != nil {
			return err
		}
	}
	if err := p.pf.CloseAtomicallyReplace(); err != nil {
		return err
	}
	p.done = true
	return p.d.Sync()
}

// Cleanup removes the temporary file if Commit did not succeed; after a
// Commit it does nothing. It may be called more than once.
func (p *PendingSealed) Cleanup() error {
	if p.done {
		return nil
	}
	p.done = true
	return p.pf.Cleanup()
}

// testHookBeforeReplace, set only by tests, runs after the temporary file is
// written and before it replaces the destination; an error it returns fails
// the write there, as a full disk or an I/O error would.
var testHookBeforeReplace func(name string) error

// MkdirAll makes path and any missing folders above it (mode 0700), and
// fsyncs the folder holding each one it made, so that a power cut after it
// returns cannot lose a folder a key file was then written into.
func MkdirAll(path string) error {
	var made []string
	for p := filepath.Clean(path); ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		made = append(made, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	if err := os.MkdirAll(path, 0o700); err != nil {
		return err
	}
	for _, p := range made {
		if err := syncFolder(filepath.Dir(p)); err != nil {
			return err
		}
	}
	return nil
}

// SyncFolder fsyncs the folder at path, making a new name in it durable.
func SyncFolder(path string) error { return syncFolder(path) }

// syncFolder fsyncs the folder at path; a variable so tests can watch it.
var syncFolder = func(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Sync fsyncs the folder, making renames and removals in it durable.
func (d *Dir) Sync() error {
	f, err := d.root.Open(".")
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// ReadFile reads name, refusing anything larger than limit bytes without
// reading it into memory, and anything but a regular file without waiting
// on it (see Open).
func (d *Dir) ReadFile(name string, limit int64) ([]byte, error) {
	f, fi, err := d.openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > limit {
		return nil, fmt.Errorf("%w: %s is %d bytes", ErrTooLarge, name, fi.Size())
	}
	// Read through a limit as well: the file may grow after the Stat.
	return io.ReadAll(io.LimitReader(f, limit))
}

// Remove deletes name and fsyncs the folder.
func (d *Dir) Remove(name string) error {
	if !validName(name) {
		return fmt.Errorf("refusing to remove %q: not a plain file name", name)
	}
	if err := d.root.Remove(name); err != nil {
		return err
	}
	return d.Sync()
}

// Rename moves a file within the folder (used to quarantine damaged files).
func (d *Dir) Rename(oldname, newname string) error {
	if err := d.root.Rename(oldname, newname); err != nil {
		return err
	}
	return d.Sync()
}

// Stat returns the file info of name.
func (d *Dir) Stat(name string) (fs.FileInfo, error) { return d.root.Stat(name) }

// ReadDir lists the folder.
func (d *Dir) ReadDir() ([]fs.DirEntry, error) {
	return fs.ReadDir(d.root.FS(), ".")
}

// Sub opens a sub-folder, creating it (0700) if it does not exist.
func (d *Dir) Sub(name string) (*Dir, error) {
	if !validName(name) {
		return nil, fmt.Errorf("refusing folder %q: not a plain name", name)
	}
	switch err := d.root.Mkdir(name, 0o700); {
	case err == nil:
		// The new folder's name is durable only once its parent is
		// fsynced.
		if err := d.Sync(); err != nil {
			return nil, err
		}
	case !os.IsExist(err):
		return nil, err
	}
	r, err := d.root.OpenRoot(name)
	if err != nil {
		return nil, err
	}
	return &Dir{root: r}, nil
}

// tempName matches the temporary files renameio makes: "." + the final
// name + decimal digits. Only these are ever removed by CleanTemp.
var tempName = regexp.MustCompile(`^\.(.+?)[0-9]+$`)

// CleanTemp removes temporary files left by a crash mid-write and returns how
// many it removed. Call it only while holding the diary lock, or it could
// remove a file another process is about to rename. A sealed file being
// written in pieces outside the lock (CreateSealed) is marked as being
// written while its writer lives, and left alone. Only regular files named
// like renameio's temporary files for a name accepted by keep are touched;
// anything else a person put in the folder stays.
//
// It runs at every open, so it lists names only (a folder of 100,000
// entries holds few or no temporary files) and examines just the
// temporary ones.
func (d *Dir) CleanTemp(keep func(finalName string) bool) (int, error) {
	dir, err := d.root.Open(".")
	if err != nil {
		return 0, err
	}
	names, err := dir.Readdirnames(-1)
	dir.Close()
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, name := range names {
		if !strings.HasPrefix(name, ".") {
			continue // the common case, decided without the expression
		}
		m := tempName.FindStringSubmatch(name)
		if m == nil || !keep(m[1]) {
			continue
		}
		if fi, err := d.root.Lstat(name); err != nil || !fi.Mode().IsRegular() {
			continue // gone since the listing, or not a file
		}
		if d.beingWritten(name) {
			continue // a sealed file another process is writing
		}
		if err := d.root.Remove(name); err != nil {
			return removed, err
		}
		removed++
	}
	if removed > 0 {
		return removed, d.Sync()
	}
	return 0, nil
}

func validName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, "/\\\x00")
}
