package crypto

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func openTestDir(t *testing.T) (*Dir, string) {
	t.Helper()
	path := t.TempDir()
	d, err := OpenDir(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d, path
}

func listNames(t *testing.T, path string) []string {
	t.Helper()
	des, err := os.ReadDir(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func TestWriteFileAtomicMode(t *testing.T) {
	for _, umask := range []int{0o000, 0o022, 0o077, 0o777} {
		old := syscall.Umask(umask)
		d, path := openTestDir(t)
		err := d.WriteFileAtomic("a.age", []byte("one"))
		errReplace := d.WriteFileAtomic("a.age", []byte("two"))
		syscall.Umask(old)
		if err != nil || errReplace != nil {
			t.Fatalf("umask %03o: %v, %v", umask, err, errReplace)
		}
		fi, err := os.Stat(filepath.Join(path, "a.age"))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("umask %03o: mode %v, want 0600", umask, fi.Mode().Perm())
		}
		if got, _ := os.ReadFile(filepath.Join(path, "a.age")); string(got) != "two" {
			t.Errorf("umask %03o: content %q", umask, got)
		}
		if names := listNames(t, path); !slices.Equal(names, []string{"a.age"}) {
			t.Errorf("umask %03o: folder holds %v", umask, names)
		}
	}
}

func TestWriteFileAtomicFailureKeepsOldFile(t *testing.T) {
	d, path := openTestDir(t)
	old := bytes.Repeat([]byte("old entry "), 1000)
	if err := d.WriteFileAtomic("e.age", old); err != nil {
		t.Fatal(err)
	}
	injected := errors.New("injected: no space left on device")
	testHookBeforeReplace = func(string) error { return injected }
	err := d.WriteFileAtomic("e.age", []byte("new"))
	testHookBeforeReplace = nil
	if !errors.Is(err, injected) {
		t.Fatalf("WriteFileAtomic: %v, want the injected error", err)
	}
	got, err := os.ReadFile(filepath.Join(path, "e.age"))
	if err != nil || !bytes.Equal(got, old) {
		t.Fatalf("old file changed after a failed write (%d bytes, %v)", len(got), err)
	}
	if names := listNames(t, path); !slices.Equal(names, []string{"e.age"}) {
		t.Fatalf("a failed write left %v", names)
	}
}

func TestWriteFileAtomicReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders; TestWriteFileAtomicFailureKeepsOldFile covers the failure path")
	}
	d, path := openTestDir(t)
	if err := d.WriteFileAtomic("e.age", []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(path, 0o700) })
	if err := d.WriteFileAtomic("e.age", []byte("new")); err == nil {
		t.Fatal("a write into a read-only folder succeeded")
	}
	if got, _ := os.ReadFile(filepath.Join(path, "e.age")); string(got) != "old" {
		t.Fatalf("old file changed: %q", got)
	}
}

func TestWriteFileAtomicRefusesPaths(t *testing.T) {
	d, _ := openTestDir(t)
	for _, name := range []string{"", ".", "..", "../x.age", "sub/x.age", "/etc/x.age", "a\x00b", `a\b`} {
		if err := d.WriteFileAtomic(name, []byte("x")); err == nil {
			t.Errorf("WriteFileAtomic(%q) succeeded", name)
		}
		if err := d.Remove(name); err == nil {
			t.Errorf("Remove(%q) succeeded", name)
		}
	}
}

func TestDirStaysInside(t *testing.T) {
	d, path := openTestDir(t)
	outside := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(outside, []byte("outside"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(path, "link.age")); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReadFile("link.age", 1<<10); err == nil {
		t.Error("ReadFile followed a symlink out of the folder")
	}
	if err := d.WriteFileAtomic("link.age", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(outside); string(got) != "outside" {
		t.Fatal("a write through a symlink changed a file outside the folder")
	}
}

func TestReadFileLimit(t *testing.T) {
	d, _ := openTestDir(t)
	if err := d.WriteFileAtomic("big.age", make([]byte, 2048)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReadFile("big.age", 2047); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over the limit: %v", err)
	}
	if b, err := d.ReadFile("big.age", 2048); err != nil || len(b) != 2048 {
		t.Fatalf("at the limit: %d, %v", len(b), err)
	}
}

func TestCleanTemp(t *testing.T) {
	d, path := openTestDir(t)
	write := func(name string) {
		if err := os.WriteFile(filepath.Join(path, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Ours: renameio's pattern "." + final name + digits, for a name keep accepts.
	for _, name := range []string{".k3v9x2q8m4n7p1z0.age123456789", ".identity.age42", ".settings.age7"} {
		write(name)
	}
	// A person's, or not ours: all kept.
	kept := []string{
		"notes.txt", "k3v9.age", ".hidden", ".notes.txt123", ".k3v9.age", ".k3v9.age12x",
		"k3v9.age123", ".age", ".lock",
	}
	for _, name := range kept {
		write(name)
	}
	if err := os.Mkdir(filepath.Join(path, ".dir.age123"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("notes.txt", filepath.Join(path, ".link.age123")); err != nil {
		t.Fatal(err)
	}
	kept = append(kept, ".dir.age123", ".link.age123")

	isOurs := func(final string) bool { return filepath.Ext(final) == ".age" }
	n, err := d.CleanTemp(isOurs)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("CleanTemp removed %d files, want 3", n)
	}
	got := listNames(t, path)
	slices.Sort(kept)
	if !slices.Equal(got, kept) {
		t.Errorf("after CleanTemp:\n got %v\nwant %v", got, kept)
	}
	if n, err := d.CleanTemp(isOurs); n != 0 || err != nil {
		t.Errorf("second CleanTemp: %d, %v", n, err)
	}
}

// The temporary files a real interrupted write leaves are exactly the ones
// CleanTemp removes.
func TestCleanTempMatchesRealLeftovers(t *testing.T) {
	d, path := openTestDir(t)
	testHookBeforeReplace = func(string) error {
		// Copy the pending temporary file aside, as a crash would leave it.
		for _, name := range listNames(t, path) {
			if name != "e.age" && name[0] == '.' {
				b, _ := os.ReadFile(filepath.Join(path, name))
				os.WriteFile(filepath.Join(path, name+"0"), b, 0o600)
			}
		}
		return errors.New("crash")
	}
	err := d.WriteFileAtomic("e.age", []byte("new"))
	testHookBeforeReplace = nil
	if err == nil {
		t.Fatal("the injected failure did not fail the write")
	}
	if len(listNames(t, path)) != 1 {
		t.Fatalf("expected one leftover, found %v", listNames(t, path))
	}
	n, err := d.CleanTemp(func(final string) bool { return final == "e.age" })
	if err != nil || n != 1 {
		t.Fatalf("CleanTemp: %d, %v; folder %v", n, err, listNames(t, path))
	}
}

func TestSubCreatesPrivateFolder(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	d, path := openTestDir(t)
	sub, err := d.Sub("entries")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	fi, err := os.Stat(filepath.Join(path, "entries"))
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("sub-folder mode %v, %v", fi.Mode().Perm(), err)
	}
	if _, err := d.Sub("../x"); err == nil {
		t.Fatal("Sub accepted a path")
	}
}

// A new diary folder's name is made durable: the folder above each folder
// MkdirAll makes is fsynced, as a rename's folder is.
func TestMkdirAllSyncsParents(t *testing.T) {
	base := t.TempDir()
	var synced []string
	old := syncFolder
	syncFolder = func(path string) error {
		synced = append(synced, path)
		return old(path)
	}
	defer func() { syncFolder = old }()
	target := filepath.Join(base, "a", "b", "diary")
	if err := MkdirAll(target); err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(base, "a", "b"), filepath.Join(base, "a"), base}
	if !slices.Equal(synced, want) {
		t.Fatalf("synced %q, want %q", synced, want)
	}
	fi, err := os.Stat(target)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("the folder is %v, %v; want mode 0700", fi, err)
	}
	synced = nil
	if err := MkdirAll(target); err != nil || len(synced) != 0 {
		t.Fatalf("an existing folder: %v, synced %q; want nothing synced", err, synced)
	}
}

// A sealed file being written without the diary lock (CreateSealed, then
// Write for as long as it takes) is not an interrupted save: another
// process's CleanTemp, at its open, leaves it to be committed.
func TestCleanTempSparesASealedFileBeingWritten(t *testing.T) {
	d, path := openTestDir(t)
	id, err := GenerateIdentity(true, testNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.CreateSealed("texts.age", []Recipient{id.Recipient()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Cleanup()
	if _, err := p.Write([]byte("some of the texts")); err != nil {
		t.Fatal(err)
	}
	isOurs := func(final string) bool { return filepath.Ext(final) == ".age" }
	if n, err := d.CleanTemp(isOurs); n != 0 || err != nil {
		t.Fatalf("CleanTemp removed %d files (%v) while one was being written", n, err)
	}
	if err := p.Commit(); err != nil {
		t.Fatalf("the write CleanTemp ran beside: %v", err)
	}
	if got, err := d.OpenFile("texts.age", 1<<20, id); err != nil || string(got) != "some of the texts" {
		t.Fatalf("after commit: %q, %v", got, err)
	}
	// Once it is committed or abandoned, a leftover is removed as ever.
	q, err := d.CreateSealed("more.age", []Recipient{id.Recipient()})
	if err != nil {
		t.Fatal(err)
	}
	leftover := ""
	for _, name := range listNames(t, path) {
		if strings.HasPrefix(name, ".more.age") {
			leftover = name
		}
	}
	b, _ := os.ReadFile(filepath.Join(path, leftover))
	q.Cleanup()
	os.WriteFile(filepath.Join(path, leftover), b, 0o600) // as a kill leaves it
	if n, err := d.CleanTemp(isOurs); n != 1 || err != nil {
		t.Fatalf("CleanTemp removed %d files (%v), want the one left by a kill", n, err)
	}
}
