package crypto

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

func TestSealArmoredOpensBothWays(t *testing.T) {
	a, _ := GenerateIdentity(false, testNow)
	b, _ := GenerateIdentity(false, testNow)
	classic, _ := GenerateIdentity(true, testNow)
	plain := bytes.Repeat([]byte("a bundle for two researchers\n"), 5000)
	sealed, err := SealArmored(plain, a.Recipient(), b.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	if !IsArmored(sealed) || !bytes.HasPrefix(sealed, []byte("-----BEGIN AGE ENCRYPTED FILE-----\n")) {
		t.Fatalf("not armored: %.40q", sealed)
	}
	for _, id := range []*Identity{a, b} {
		got, err := OpenAny(sealed, int64(len(plain)), id)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("open: %v", err)
		}
	}
	if _, err := OpenAny(sealed, int64(len(plain)), classic); !errors.Is(err, ErrWrongKey) {
		t.Errorf("another key: %v", err)
	}
	if _, err := SealArmored(plain, a.Recipient(), classic.Recipient()); err == nil {
		t.Error("a mix of post-quantum and classic recipients was accepted")
	}
	// Binary files still open.
	bin, _ := Seal(plain, a.Recipient())
	if got, err := OpenAny(bin, int64(len(plain)), a); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("binary: %v", err)
	}
	// Damaged armor, and a changed byte inside it, are damage.
	bad := bytes.Replace(sealed, []byte("\n"), []byte("\n!"), 3)
	if got, err := OpenAny(bad, int64(len(plain)), a); !errors.Is(err, ErrDamaged) || got != nil {
		t.Errorf("bad armor: %v", err)
	}
	flipped := bytes.Clone(sealed)
	i := len(flipped) / 2
	if flipped[i] == 'A' {
		flipped[i] = 'B'
	} else {
		flipped[i] = 'A'
	}
	if got, err := OpenAny(flipped, int64(len(plain)), a); err == nil || got != nil {
		t.Errorf("flipped: %v", err)
	}
}

func TestWriteNewFileRefusesToReplace(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/bundle.age"
	if err := WriteNewFile(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteNewFile(path, []byte("two")); !errors.Is(err, ErrExists) {
		t.Fatalf("second write: %v", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "one" {
		t.Errorf("the file was replaced: %q", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if err := WriteNewFile(dir+"/missing/x.age", nil); err == nil {
		t.Error("wrote into a folder that does not exist")
	}
}
