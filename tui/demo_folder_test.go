//go:build unix

package tui

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A demo killed before it could clean up leaves its folder (ciphertext of
// made-up entries) in the temporary folder; the next demo removes it, and
// never a folder a running demo is using or one just made.
func TestStaleDemoFoldersAreRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	old := time.Now().Add(-time.Hour)
	mk := func(name string) string {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Join(p, "entries"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "entries", "x.age"), []byte("ciphertext"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := mk(demoPrefix + "111")
	os.Chtimes(stale, old, old)
	fresh := mk(demoPrefix + "222") // being made right now
	running, release, err := makeDemoFolder()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	os.Chtimes(running, old, old)
	other := mk("someone-elses-folder")
	os.Chtimes(other, old, old)
	link := filepath.Join(tmp, demoPrefix+"333")
	if err := os.Symlink(other, link); err != nil {
		t.Fatal(err)
	}

	if n := cleanStaleDemos(tmp, time.Now()); n != 1 {
		t.Errorf("removed %d folders, want 1", n)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale demo folder is still there: %v", err)
	}
	for _, p := range []string{fresh, running, other, filepath.Join(other, "entries", "x.age"), link} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}
