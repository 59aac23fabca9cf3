package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"peerdiary/crypto"
)

// A researcher's key kept encrypted with a passphrase (as age -p writes
// it) opens with that passphrase; a plain key file that others can read is
// warned about; something that is not a key is refused with exit 6.
func TestResearchImportKeyFiles(t *testing.T) {
	f := newFakeRun(t)
	dir := t.TempDir()
	id, err := crypto.GenerateIdentity(false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := crypto.WrapIdentity(id, []byte("correct horse battery staple"), 10)
	if err != nil {
		t.Fatal(err)
	}
	protected := filepath.Join(dir, "protected.age")
	plain := filepath.Join(dir, "plain.key")
	notKey := filepath.Join(dir, "notes.txt")
	os.WriteFile(protected, wrapped, 0o600)
	os.WriteFile(plain, id.Text(), 0o644)
	os.WriteFile(notKey, []byte("just some notes\n"), 0o600)
	bundle := filepath.Join(dir, "b.age")
	os.WriteFile(bundle, []byte("not a bundle"), 0o600)

	code, stdout, stderr := f.run("", false, "research", "import", "--identity", protected, bundle, "--out", filepath.Join(dir, "a"))
	if code != exitDamaged || !strings.Contains(stderr, "refused: "+bundle) || !strings.Contains(stdout, "0 entries in the data") {
		t.Errorf("protected key: exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr = f.run("", false, "research", "import", "--identity", plain, bundle, "--out", filepath.Join(dir, "b"))
	if code != exitDamaged || !strings.Contains(stderr, "can be read by other accounts") {
		t.Errorf("plain key: exit %d\n%s", code, stderr)
	}
	code, _, stderr = f.run("", false, "research", "import", "--identity", notKey, bundle, "--out", filepath.Join(dir, "c"))
	if code != exitBadKey || !strings.Contains(stderr, "it is not an age secret key") {
		t.Errorf("not a key: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "c")); err == nil {
		t.Error("an import with no usable key made its folder")
	}
}
