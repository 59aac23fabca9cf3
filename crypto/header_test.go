package crypto

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// sameHeaderAsAge checks decryptHeader's own reading of hdr against
// age.DecryptHeader with one identity: whatever it accepts, age accepts
// too, with the same file key. It reports whether it accepted.
func sameHeaderAsAge(t testing.TB, hdr []byte, id age.Identity) bool {
	t.Helper()
	fast, ok := unwrapCanonical(bytes.Clone(hdr), id)
	if !ok {
		return false
	}
	want, err := age.DecryptHeader(hdr, id)
	if err != nil {
		t.Fatalf("read a header age refuses (%v):\n%q", err, hdr)
	}
	if !bytes.Equal(fast, want) {
		t.Fatalf("file key %x, age says %x, from\n%q", fast, want, hdr)
	}
	return true
}

// TestCCTVHeaderFast runs every C2SP CCTV vector's header, with each of its
// identities alone, through the fast reading and age: nothing age refuses
// (a bad MAC, a malformed or non-canonical header, a wrong key) is read,
// and the canonical headers of the vectors that succeed are.
func TestCCTVHeaderFast(t *testing.T) {
	read, success := 0, 0
	for _, v := range loadCCTV(t) {
		file := v.file
		if v.armored {
			bin, err := io.ReadAll(armor.NewReader(bytes.NewReader(v.file)))
			if err != nil {
				continue
			}
			file = bin
		}
		end := headerEnd(file)
		if end < 0 {
			continue
		}
		for _, id := range v.identities {
			if sameHeaderAsAge(t, file[:end], id) {
				read++
			}
		}
		if v.expect == "success" && len(v.identities) == 1 {
			success++
		}
	}
	// Some success vectors have a header age reads but does not write
	// (a stanza of a type no identity knows beside the right one is still
	// canonical; a header with a plugin's stanza is too): at least half
	// must take the fast reading, or it is silently lost.
	if read < success/2 {
		t.Fatalf("the fast reading took %d headers, of %d vectors that succeed with one identity", read, success)
	}
	t.Logf("the fast reading took %d headers; %d vectors succeed with one identity", read, success)
}

// TestHeaderFastReadsWhatPeerdiaryWrites: the header of every file Seal
// writes, to a classic or a post-quantum key, and to several recipients,
// is read without age.DecryptHeader, to age's file key; a wrong key is
// left to age.
func TestHeaderFastReadsWhatPeerdiaryWrites(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var ids []*Identity
	for _, classic := range []bool{true, false, true, false} {
		id, err := GenerateIdentity(classic, now)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	cases := [][]*Identity{{ids[0]}, {ids[1]}, {ids[0], ids[2]}, {ids[1], ids[3]}}
	for _, size := range []int{0, 1, 1000, 64 << 10, 70 << 10} {
		for _, to := range cases {
			var rs []Recipient
			for _, id := range to {
				rs = append(rs, id.Recipient())
			}
			file, err := Seal(bytes.Repeat([]byte("x"), size), rs...)
			if err != nil {
				t.Fatal(err)
			}
			hdr := file[:headerEnd(file)]
			for _, id := range to {
				if !sameHeaderAsAge(t, hdr, id.identity) {
					t.Fatalf("a header Seal wrote was left to age:\n%s", hdr)
				}
			}
			other := ids[3]
			if to[len(to)-1] == ids[3] {
				other = ids[2]
			}
			if _, ok := unwrapCanonical(hdr, other.identity); ok {
				t.Fatal("the fast reading unwrapped a file with a key it was not sealed to")
			}
			if _, err := decryptHeader(hdr, other.identity); err == nil {
				t.Fatal("decryptHeader opened a file with a key it was not sealed to")
			} else if !errors.As(err, new(*age.NoIdentityMatchError)) {
				t.Fatalf("a wrong key gave %v, not age's own error", err)
			}
		}
	}
}

// recorder is an identity that gives a fixed file key for any stanzas and
// remembers what it was given.
type recorder struct {
	key     []byte
	stanzas []age.Stanza
}

func (r *recorder) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	r.stanzas = r.stanzas[:0]
	for _, s := range stanzas {
		r.stanzas = append(r.stanzas, age.Stanza{Type: s.Type, Args: append([]string{}, s.Args...), Body: append([]byte{}, s.Body...)})
	}
	return bytes.Clone(r.key), nil
}

// withMAC gives hdr the right MAC for key, so a test of the parsing is not
// stopped by the MAC.
func withMAC(hdr []byte, key []byte) []byte {
	i := bytes.Index(hdr, []byte("\n---"))
	if i < 0 {
		return hdr
	}
	covered := hdr[:i+len("\n---")]
	macKey, _ := hkdf.Key(sha256.New, key, nil, "header", 32)
	h := hmac.New(sha256.New, macKey)
	h.Write(covered)
	out := append(bytes.Clone(covered), ' ')
	out = strictB64.AppendEncode(out, h.Sum(nil))
	return append(out, '\n')
}

// FuzzHeaderMatchesAge: any header the fast reading accepts, age accepts
// too, giving the identity the same stanzas and returning the same file
// key. The identity gives a fixed key whatever it is handed and the MAC is
// made right for it, so what is compared is the reading of the header.
func FuzzHeaderMatchesAge(f *testing.F) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, classic := range []bool{true, false} {
		id, err := GenerateIdentity(classic, now)
		if err != nil {
			f.Fatal(err)
		}
		file, err := Seal([]byte("seed"), id.Recipient())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(file[:headerEnd(file)], true)
	}
	f.Add([]byte("age-encryption.org/v1\n-> X25519 abc\n\n-> other a b c\nQUJD\n---\n"), true)
	f.Add([]byte("age-encryption.org/v1\n-> t\n"+strings.Repeat("A", 64)+"\n\n--- x\n"), true)
	f.Add([]byte("age-encryption.org/v1\n-> t  a\nAA\n---"), false)
	key := bytes.Repeat([]byte{7}, 16)
	f.Fuzz(func(t *testing.T, hdr []byte, fixMAC bool) {
		if fixMAC {
			hdr = withMAC(hdr, key)
		}
		fast, slow := &recorder{key: key}, &recorder{key: key}
		got, ok := unwrapCanonical(bytes.Clone(hdr), fast)
		if !ok {
			return
		}
		want, err := age.DecryptHeader(hdr, slow)
		if err != nil {
			t.Fatalf("read a header age refuses (%v):\n%q", err, hdr)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("file key %x, age says %x", got, want)
		}
		if !reflect.DeepEqual(fast.stanzas, slow.stanzas) {
			t.Fatalf("the identity was given\n%#v\nage gave it\n%#v", fast.stanzas, slow.stanzas)
		}
	})
}
