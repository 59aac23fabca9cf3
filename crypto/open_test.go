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
