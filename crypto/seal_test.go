package crypto

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"testing"

	"filippo.io/age"
)

const chunkSize = 64 << 10 // age's STREAM chunk

func TestSealOpenSizes(t *testing.T) {
	hybrid, _ := GenerateIdentity(false, testNow)
	classic, _ := GenerateIdentity(true, testNow)
	for _, id := range []*Identity{hybrid, classic} {
		for _, size := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 2 * chunkSize, 2*chunkSize + 1} {
			t.Run(fmt.Sprintf("pq=%v/%d", id.PostQuantum(), size), func(t *testing.T) {
				plain := make([]byte, size)
				rand.Read(plain)
				sealed, err := Seal(plain, id.Recipient())
				if err != nil {
					t.Fatal(err)
				}
				if size >= 32 && bytes.Contains(sealed, plain[:32]) {
					t.Fatal("plaintext visible in the sealed file")
				}
				got, err := Open(sealed, int64(size), id)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, plain) {
					t.Fatal("Open returned different bytes")
				}
				// One byte under the size is too large.
				if size > 0 {
					got, err := Open(sealed, int64(size-1), id)
					if !errors.Is(err, ErrTooLarge) || got != nil {
						t.Fatalf("limit %d: %v (%d bytes)", size-1, err, len(got))
					}
				}
			})
		}
	}
}

// payloadStart is where the payload (the 16-byte nonce) begins.
func payloadStart(t *testing.T, sealed []byte) int {
	t.Helper()
	mac := bytes.Index(sealed, []byte("\n--- "))
	if mac < 0 {
		t.Fatal("no header MAC line")
	}
	end := bytes.IndexByte(sealed[mac+1:], '\n')
	return mac + 1 + end + 1
}

// Truncation anywhere, and in particular at every chunk boundary, must give
// no plaintext at all: age hands out whole authenticated chunks before it
// notices the end is missing.
func TestOpenTruncatedReturnsNothing(t *testing.T) {
	for _, classic := range []bool{false, true} {
		id, _ := GenerateIdentity(classic, testNow)
		for _, size := range []int{0, 1, chunkSize, chunkSize + 1, 2 * chunkSize, 3*chunkSize + 7} {
			plain := bytes.Repeat([]byte("x"), size)
			sealed, err := Seal(plain, id.Recipient())
			if err != nil {
				t.Fatal(err)
			}
			start := payloadStart(t, sealed)
			cuts := map[int]bool{0: true, 1: true, start - 1: true, start: true, start + 16: true, start + 17: true, len(sealed) - 1: true}
			for k := 1; start+16+k*(chunkSize+16) <= len(sealed); k++ {
				b := start + 16 + k*(chunkSize+16)
				cuts[b-1], cuts[b] = true, true
				if b+1 < len(sealed) {
					cuts[b+1] = true
				}
			}
			for cut := range cuts {
				if cut >= len(sealed) {
					continue
				}
				got, err := Open(sealed[:cut], int64(size), id)
				if got != nil {
					t.Fatalf("classic=%v size %d cut at %d/%d: %d bytes of plaintext released", classic, size, cut, len(sealed), len(got))
				}
				want := ErrDamaged
				if cut < len("age-encryption.org/") {
					want = ErrNotAgeFile
				}
				if !errors.Is(err, want) {
					t.Fatalf("classic=%v size %d cut at %d/%d: %v, want %v", classic, size, cut, len(sealed), err, want)
				}
			}
		}
	}
}

func TestOpenErrors(t *testing.T) {
	id, _ := GenerateIdentity(false, testNow)
	other, _ := GenerateIdentity(false, testNow)
	classicOther, _ := GenerateIdentity(true, testNow)
	plain := bytes.Repeat([]byte("diary text "), 20000) // three chunks
	sealed, err := Seal(plain, id.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	start := payloadStart(t, sealed)
	flip := func(i int) []byte {
		c := bytes.Clone(sealed)
		c[i] ^= 0x80
		return c
	}
	scryptFile := func() []byte {
		r, _ := age.NewScryptRecipient("pass")
		r.SetWorkFactor(testLogN)
		b, _ := seal([]byte("x"), r)
		return b
	}()
	for _, tc := range []struct {
		name string
		file []byte
		ids  []age.Identity
		want error
	}{
		{"other key", sealed, []age.Identity{other.identity}, ErrWrongKey},
		{"classic key on a hybrid file", sealed, []age.Identity{classicOther.identity}, ErrWrongKey},
		{"passphrase file", scryptFile, []age.Identity{id.identity}, ErrWrongKey},
		{"flipped header byte", flip(30), []age.Identity{id.identity}, ErrDamaged},
		{"flipped MAC", flip(start - 10), []age.Identity{id.identity}, ErrDamaged},
		{"flipped nonce", flip(start + 3), []age.Identity{id.identity}, ErrDamaged},
		{"flipped first chunk", flip(start + 100), []age.Identity{id.identity}, ErrDamaged},
		{"flipped last chunk", flip(len(sealed) - 1), []age.Identity{id.identity}, ErrDamaged},
		{"trailing byte", append(bytes.Clone(sealed), 0), []age.Identity{id.identity}, ErrDamaged},
		{"empty", nil, []age.Identity{id.identity}, ErrNotAgeFile},
		{"plain text", []byte("diary text, copied in unencrypted\n"), []age.Identity{id.identity}, ErrNotAgeFile},
		{"plain text after an age intro", []byte("age-encryption.org/v1\ndiary text\n"), []age.Identity{id.identity}, ErrDamaged},
		{"armored", []byte("-----BEGIN AGE ENCRYPTED FILE-----\n"), []age.Identity{id.identity}, ErrNotAgeFile},
		{"far too large", make([]byte, len(plain)+64<<10), []age.Identity{id.identity}, ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := openAge(tc.file, int64(len(plain)), tc.ids...)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if got != nil {
				t.Fatalf("%d bytes of plaintext came back with an error", len(got))
			}
			if bytes.Contains([]byte(err.Error()), []byte("diary text")) {
				t.Fatal("the error shows plaintext")
			}
		})
	}
}

func TestSealRefusesMixedRecipients(t *testing.T) {
	pq, _ := GenerateIdentity(false, testNow)
	classic, _ := GenerateIdentity(true, testNow)
	if _, err := Seal([]byte("x"), pq.Recipient(), classic.Recipient()); err == nil {
		t.Fatal("Seal mixed a post-quantum and a classic recipient")
	}
}

// openAge is Open with age's own identities, for files made with keys
// peerdiary never makes (test vectors, passphrase files).
func openAge(file []byte, limit int64, ids ...age.Identity) ([]byte, error) {
	plain, _, err := openReaderInto(nil, bytes.NewReader(file), int64(len(file)), limit, ids...)
	return plain, err
}
