package crypto

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"

	agetest "c2sp.org/CCTV/age"
	"filippo.io/age"
	"filippo.io/age/armor"
)

// cctvVector is one C2SP CCTV age test vector: a file and what a correct
// implementation must do with it. See c2sp.org/CCTV/age.
type cctvVector struct {
	name        string
	expect      string // success, no match, HMAC failure, header failure, payload failure, armor failure
	payloadHash *[32]byte
	identities  []age.Identity
	passphrase  string
	armored     bool
	file        []byte
}

func loadCCTV(t testing.TB) []*cctvVector {
	t.Helper()
	des, err := fs.ReadDir(agetest.Vectors, ".")
	if err != nil {
		t.Fatal(err)
	}
	var out []*cctvVector
	for _, de := range des {
		raw, err := fs.ReadFile(agetest.Vectors, de.Name())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, parseCCTV(t, de.Name(), raw))
	}
	if len(out) < 100 {
		t.Fatalf("only %d CCTV vectors found", len(out))
	}
	return out
}

func parseCCTV(t testing.TB, name string, raw []byte) *cctvVector {
	v := &cctvVector{name: name, file: raw}
	compressed := false
	for {
		line, rest, ok := bytes.Cut(v.file, []byte("\n"))
		if !ok {
			t.Fatalf("%s: no blank line before the file", name)
		}
		v.file = rest
		if len(line) == 0 {
			break
		}
		key, value, _ := strings.Cut(string(line), ": ")
		switch key {
		case "expect":
			v.expect = value
		case "payload":
			h, err := hex.DecodeString(value)
			if err != nil || len(h) != 32 {
				t.Fatalf("%s: payload hash %q", name, value)
			}
			v.payloadHash = (*[32]byte)(h)
		case "identity":
			id, err := age.ParseX25519Identity(value)
			if err == nil {
				v.identities = append(v.identities, id)
				continue
			}
			hid, err := age.ParseHybridIdentity(value)
			if err != nil {
				t.Fatalf("%s: identity: %v", name, err)
			}
			v.identities = append(v.identities, hid)
		case "passphrase":
			si, err := age.NewScryptIdentity(value)
			if err != nil {
				t.Fatal(err)
			}
			v.identities = append(v.identities, si)
			v.passphrase = value
		case "armored":
			v.armored = true
		case "compressed":
			compressed = value == "zlib"
		case "file key", "comment":
		default:
			t.Fatalf("%s: unknown header %q", name, key)
		}
	}
	if compressed {
		zr, err := zlib.NewReader(bytes.NewReader(v.file))
		if err != nil {
			t.Fatal(err)
		}
		if v.file, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// The largest CCTV payloads are 257 and 258 full chunks, just over 16 MiB.
const cctvLimit = 32 << 20

// TestCCTVOpen runs every vector through Open, the function every entry,
// draft and record is read with. Open takes binary files, so armored
// vectors are first decoded as the armor package would; a vector whose armor
// is broken must fail to decode (and Open must refuse the raw text).
func TestCCTVOpen(t *testing.T) {
	seen := map[string]int{}
	for _, v := range loadCCTV(t) {
		seen[v.expect]++
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			file := v.file
			if v.armored {
				if got, err := openAge(v.file, cctvLimit, v.identities...); got != nil || !errors.Is(err, ErrNotAgeFile) {
					t.Fatalf("Open on armored text: %v, %d bytes", err, len(got))
				}
				bin, err := io.ReadAll(armor.NewReader(bytes.NewReader(v.file)))
				if err != nil {
					if v.expect != "armor failure" {
						t.Fatalf("armor: %v, but expected %s", err, v.expect)
					}
					return
				}
				file = bin
			}
			plain, err := openAge(file, cctvLimit, v.identities...)
			if err != nil && plain != nil {
				t.Fatalf("%d bytes of plaintext came back with %v", len(plain), err)
			}
			switch v.expect {
			case "success":
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				if sha256.Sum256(plain) != *v.payloadHash {
					t.Fatal("plaintext does not match the payload hash")
				}
			case "no match":
				if !errors.Is(err, ErrWrongKey) {
					t.Fatalf("got %v, want ErrWrongKey", err)
				}
			case "HMAC failure", "header failure", "payload failure":
				if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotAgeFile) {
					t.Fatalf("got %v, want ErrDamaged or ErrNotAgeFile", err)
				}
			case "armor failure":
				// Armor that decodes but is not canonical is still damage.
				if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotAgeFile) {
					t.Fatalf("got %v, want ErrDamaged", err)
				}
			default:
				t.Fatalf("unknown expectation %q", v.expect)
			}
		})
	}
	t.Cleanup(func() {
		for _, want := range []string{"success", "no match", "HMAC failure", "header failure", "payload failure", "armor failure"} {
			if seen[want] == 0 {
				t.Errorf("no CCTV vector expects %q: the vectors changed shape", want)
			}
		}
	})
}

// TestCCTVKeyFile runs the passphrase vectors through the key-file reader,
// which takes armored or binary files and caps the work factor at
// MaxWorkFactor (age's default cap is 22). Vectors for keys are checked too:
// a key file encrypted to a key, not a passphrase, must say so.
func TestCCTVKeyFile(t *testing.T) {
	scryptVectors := 0
	for _, v := range loadCCTV(t) {
		t.Run(v.name, func(t *testing.T) {
			pass := v.passphrase
			if pass == "" {
				pass = "not the passphrase"
			} else {
				scryptVectors++
			}
			text, err := openKeyFile(v.file, []byte(pass))
			if err != nil && text != nil {
				t.Fatalf("plaintext came back with %v", err)
			}
			switch {
			case v.expect == "success" && v.passphrase != "":
				if err != nil {
					t.Fatalf("openKeyFile: %v", err)
				}
				if sha256.Sum256(text) != *v.payloadHash {
					t.Fatal("plaintext does not match the payload hash")
				}
			case v.expect == "success" || v.expect == "no match" && v.passphrase == "" || v.name == "scrypt_uppercase":
				// Intact files for keys, not passphrases ("Scrypt" is not
				// the scrypt stanza type, stanza types are case-sensitive).
				if !errors.Is(err, ErrNotPassphraseFile) {
					t.Fatalf("got %v, want ErrNotPassphraseFile", err)
				}
			case v.expect == "no match":
				if !errors.Is(err, ErrWrongPassphrase) {
					t.Fatalf("got %v, want ErrWrongPassphrase", err)
				}
			case v.name == "scrypt_work_factor_23":
				if !errors.Is(err, ErrKeyFileTooMuchWork) {
					t.Fatalf("got %v, want ErrKeyFileTooMuchWork", err)
				}
			default:
				if err == nil {
					t.Fatalf("accepted a file that expects %s", v.expect)
				}
				if !errors.Is(err, ErrKeyFileDamaged) && !errors.Is(err, ErrNotPassphraseFile) && !errors.Is(err, ErrWrongPassphrase) {
					t.Fatalf("got %v, want a key-file error", err)
				}
			}
		})
	}
	if scryptVectors == 0 {
		t.Fatal("no passphrase vectors")
	}
}
