package crypto

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// oneByteReader hands out its file one byte at a time, as a slow pipe would.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}

// TestOpenReaderStreams: the streaming open gives the same plaintext whether
// or not the size is known and however the reads are cut, and nothing at
// all for a file cut short at any chunk boundary.
func TestOpenReaderStreams(t *testing.T) {
	id, _ := GenerateIdentity(false, testNow)
	plain := bytes.Repeat([]byte("streamed diary text "), 10000) // four chunks
	sealed, err := Seal(plain, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		r    io.Reader
		size int64
	}{
		{"size known", bytes.NewReader(sealed), int64(len(sealed))},
		{"size unknown", bytes.NewReader(sealed), -1},
		{"size too small", bytes.NewReader(sealed), 10},
		{"one byte at a time", oneByteReader{bytes.NewReader(sealed)}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := OpenReader(tc.r, tc.size, int64(len(plain)), id)
			if err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("got %d bytes, %v; want %d bytes", len(got), err, len(plain))
			}
			if cap(got) != len(got) {
				t.Errorf("capacity %d past the plaintext's %d: appending would write into the buffer", cap(got), len(got))
			}
		})
	}
	start := payloadStart(t, sealed)
	for _, cut := range []int{start + 16 + chunkSize, start + 16 + 2*chunkSize, len(sealed) - 1} {
		got, err := OpenReader(bytes.NewReader(sealed[:cut]), -1, int64(len(plain)), id)
		if got != nil || !errors.Is(err, ErrDamaged) {
			t.Errorf("cut at %d: %d bytes, %v; want nothing and ErrDamaged", cut, len(got), err)
		}
	}
	if got, err := OpenReader(bytes.NewReader(sealed), -1, int64(len(plain))-1, id); got != nil || !errors.Is(err, ErrTooLarge) {
		t.Errorf("one byte over the limit, size unknown: %d bytes, %v; want ErrTooLarge", len(got), err)
	}
}

func TestDirOpenFile(t *testing.T) {
	id, _ := GenerateIdentity(true, testNow)
	dir := t.TempDir()
	sealed, _ := Seal([]byte("a record"), id.Recipient())
	if err := os.WriteFile(filepath.Join(dir, "r.age"), sealed, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.age"), make([]byte, 64<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "sub.age"), 0o700)
	d, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got, err := d.OpenFile("r.age", 1<<10, id); err != nil || string(got) != "a record" {
		t.Fatalf("OpenFile: %q, %v", got, err)
	}
	if _, err := d.OpenFile("big.age", 1<<10, id); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file too large for the limit: %v, want ErrTooLarge before reading it", err)
	}
	if _, err := d.OpenFile("sub.age", 1<<10, id); err == nil {
		t.Error("a folder opened as a file")
	}
	if _, err := d.OpenFile("../r.age", 1<<10, id); err == nil || !strings.Contains(err.Error(), "not a plain file name") {
		t.Errorf("a path outside the folder: %v", err)
	}
}

func TestParseRecipient(t *testing.T) {
	pq, _ := GenerateIdentity(false, testNow)
	classic, _ := GenerateIdentity(true, testNow)
	for _, tc := range []struct {
		name, in string
		ok, pq   bool
	}{
		{"post-quantum", pq.PublicKey(), true, true},
		{"classic", classic.PublicKey(), true, false},
		{"with white space", "  " + classic.PublicKey() + "\n", true, false},
		{"empty", "", false, false},
		{"a secret key", strings.TrimSpace(strings.Split(string(classic.Text()), "\n")[2]), false, false},
		{"cut short", classic.PublicKey()[:20], false, false},
		{"an ssh key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseRecipient(tc.in)
			if tc.ok != (err == nil) {
				t.Fatalf("ParseRecipient: %v", err)
			}
			if !tc.ok {
				if !errors.Is(err, ErrBadRecipient) {
					t.Errorf("error %v does not wrap ErrBadRecipient", err)
				}
				if strings.Contains(err.Error(), "SECRET") || (len(tc.in) > 8 && strings.Contains(err.Error(), tc.in)) {
					t.Errorf("the error quotes its input: %v", err)
				}
				return
			}
			if r.PostQuantum() != tc.pq || r.String() != strings.TrimSpace(tc.in) {
				t.Errorf("got %s (pq %v)", r, r.PostQuantum())
			}
			sealed, err := Seal([]byte("to them"), r)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Open(sealed, 100, pq, classic); err != nil {
				t.Errorf("sealed to the parsed recipient, did not open: %v", err)
			}
		})
	}
	if _, err := Seal([]byte("x"), Recipient{}); !errors.Is(err, ErrBadRecipient) {
		t.Errorf("Seal to the zero recipient: %v", err)
	}
}

// TestOpenStream: the streaming open of a file in a folder hands out the
// same plaintext as reading it whole, and ends with an error, never
// silently, for a file cut short, changed, too large, for another key, or
// not read to its end.
func TestOpenStream(t *testing.T) {
	id, _ := GenerateIdentity(false, testNow)
	other, _ := GenerateIdentity(false, testNow)
	plain := bytes.Repeat([]byte("streamed index text "), 10000) // four chunks
	sealed, err := Seal(plain, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()
	d, err := OpenDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	put := func(b []byte) {
		if err := os.WriteFile(filepath.Join(folder, "t.age"), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	readAll := func(limit int64, ids ...*Identity) ([]byte, error) {
		var got []byte
		err := d.OpenStream("t.age", limit, ids, func(r io.Reader) error {
			var err error
			got, err = io.ReadAll(oneByteReader{r})
			return err
		})
		return got, err
	}
	put(sealed)
	if got, err := readAll(int64(len(plain)), id); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("got %d bytes, %v; want %d", len(got), err, len(plain))
	}
	start := payloadStart(t, sealed)
	put(sealed[:start+16+2*chunkSize])
	if _, err := readAll(int64(len(plain)), id); !errors.Is(err, ErrDamaged) {
		t.Errorf("cut at a chunk boundary: %v, want ErrDamaged", err)
	}
	changed := bytes.Clone(sealed)
	changed[len(changed)-5] ^= 1
	put(changed)
	if got, err := readAll(int64(len(plain)), id); !errors.Is(err, ErrDamaged) || len(got) > 3*streamChunk {
		t.Errorf("changed in the last chunk: %d bytes, %v; want at most the first chunks and ErrDamaged", len(got), err)
	}
	put(sealed)
	if _, err := readAll(int64(len(plain))-1, id); !errors.Is(err, ErrTooLarge) {
		t.Errorf("one byte over the limit: %v, want ErrTooLarge", err)
	}
	if _, err := readAll(int64(len(plain)), other); !errors.Is(err, ErrWrongKey) {
		t.Errorf("another key: %v, want ErrWrongKey", err)
	}
	err = d.OpenStream("t.age", int64(len(plain)), []*Identity{id}, func(r io.Reader) error {
		_, err := r.Read(make([]byte, 10))
		return err
	})
	if err == nil {
		t.Error("a read that stopped early was taken as the whole file")
	}
	if err := d.OpenStream("none.age", 10, []*Identity{id}, func(io.Reader) error { return nil }); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// TestCreateSealed: a sealed file written in pieces replaces its name only
// at Commit; Cleanup before that leaves the old file and no temporary one.
func TestCreateSealed(t *testing.T) {
	id, _ := GenerateIdentity(false, testNow)
	folder := t.TempDir()
	d, err := OpenDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.WriteFileAtomic("r.age", []byte("old")); err != nil {
		t.Fatal(err)
	}
	abandoned, err := d.CreateSealed("r.age", []Recipient{id.Recipient()})
	if err != nil {
		t.Fatal(err)
	}
	abandoned.Write([]byte("never used"))
	if err := abandoned.Cleanup(); err != nil {
		t.Fatal(err)
	}
	names, _ := os.ReadDir(folder)
	if b, _ := os.ReadFile(filepath.Join(folder, "r.age")); string(b) != "old" || len(names) != 1 {
		t.Fatalf("after Cleanup: %q, %d files", b, len(names))
	}
	p, err := d.CreateSealed("r.age", []Recipient{id.Recipient()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Cleanup()
	for _, piece := range []string{"one ", "two ", strings.Repeat("three ", 20000)} {
		if _, err := p.Write([]byte(piece)); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(folder, "r.age")); string(b) != "old" {
		t.Fatal("the file was replaced before Commit")
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := p.Cleanup(); err != nil {
		t.Fatalf("Cleanup after Commit: %v", err)
	}
	got, err := d.OpenFile("r.age", 1<<20, id)
	if err != nil || string(got) != "one two "+strings.Repeat("three ", 20000) {
		t.Fatalf("%v", err)
	}
	if _, err := p.Write([]byte("more")); err == nil {
		t.Error("a write after Commit was taken")
	}
	if names, _ := os.ReadDir(folder); len(names) != 1 {
		t.Errorf("%d files in the folder, want 1", len(names))
	}
}
