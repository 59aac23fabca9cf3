package crypto

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// testLogN keeps key files cheap in tests. Real key files use at least
// MinWorkFactor; reading accepts anything up to MaxWorkFactor.
const testLogN = 10

func wrapForTest(t *testing.T, classic bool, pass string) (*Identity, []byte) {
	t.Helper()
	id, err := GenerateIdentity(classic, testNow)
	if err != nil {
		t.Fatal(err)
	}
	kf, err := WrapIdentity(id, []byte(pass), testLogN)
	if err != nil {
		t.Fatal(err)
	}
	return id, kf
}

func dearmor(t *testing.T, armored []byte) []byte {
	t.Helper()
	bin, err := io.ReadAll(armor.NewReader(bytes.NewReader(armored)))
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestWrapUnwrapIdentity(t *testing.T) {
	for _, classic := range []bool{false, true} {
		id, kf := wrapForTest(t, classic, "correct horse battery")
		if !bytes.HasPrefix(kf, []byte(armor.Header)) {
			t.Fatalf("key file is not armored: %.30q", kf)
		}
		if bytes.Contains(kf, []byte("AGE-SECRET-KEY")) || bytes.Contains(kf, []byte(id.PublicKey())) {
			t.Fatal("the key file shows the key or the recipient in plaintext")
		}
		for _, form := range []struct {
			name string
			file []byte
		}{
			{"armored", kf},
			{"binary", dearmor(t, kf)},
			{"armored with surrounding white space", append(append([]byte("\n  \r\n"), kf...), "\n\n"...)},
		} {
			got, err := UnwrapIdentity(form.file, []byte("correct horse battery"))
			if err != nil {
				t.Fatalf("classic=%v %s: %v", classic, form.name, err)
			}
			if got.PublicKey() != id.PublicKey() || !bytes.Equal(got.Text(), id.Text()) {
				t.Fatalf("classic=%v %s: unwrapped a different identity", classic, form.name)
			}
		}
	}
}

func TestWrapIdentityRefusesEmptyPassphrase(t *testing.T) {
	id, _ := GenerateIdentity(false, testNow)
	if _, err := WrapIdentity(id, nil, testLogN); !errors.Is(err, ErrEmptyPassphrase) {
		t.Fatalf("WrapIdentity with no passphrase: %v", err)
	}
}

// replaceWorkFactor rewrites the scrypt stanza's work factor in a binary
// key file. The header MAC no longer matches, but the work factor is checked
// before anything else, which is the point.
func replaceWorkFactor(t *testing.T, bin []byte, logN string) []byte {
	t.Helper()
	lines := bytes.SplitN(bin, []byte("\n"), 3)
	f := bytes.Fields(lines[1])
	if len(f) != 4 || string(f[1]) != "scrypt" {
		t.Fatalf("unexpected stanza %q", lines[1])
	}
	f[3] = []byte(logN)
	lines[1] = bytes.Join(f, []byte(" "))
	return bytes.Join(lines, []byte("\n"))
}

func TestUnwrapIdentityErrors(t *testing.T) {
	_, kf := wrapForTest(t, false, "pass")
	bin := dearmor(t, kf)
	headerEnd := bytes.Index(bin, []byte("\n--- ")) + 1
	macAt := headerEnd + len("--- ") + 5
	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 0x01
		return c
	}
	other, err := GenerateIdentity(true, testNow)
	if err != nil {
		t.Fatal(err)
	}
	toKey, err := Seal([]byte("not a key file"), other.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	notIdentity := func() []byte {
		r, _ := age.NewScryptRecipient("pass")
		r.SetWorkFactor(testLogN)
		b, err := seal([]byte("just some text\n"), r)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}()
	armoredBad := bytes.Replace(bytes.Clone(kf), []byte("\n"), []byte("\n!"), 2)

	for _, tc := range []struct {
		name string
		file []byte
		pass string
		want error
	}{
		{"wrong passphrase", kf, "Pass", ErrWrongPassphrase},
		{"wrong passphrase, binary", bin, "pas", ErrWrongPassphrase},
		{"empty passphrase", kf, "", ErrEmptyPassphrase},
		{"zero bytes", nil, "pass", ErrKeyFileDamaged},
		{"not age", []byte("hello world\n"), "pass", ErrKeyFileDamaged},
		{"the secret key saved over the key file", secretLine(t), "pass", ErrKeyFileUnprotected},
		{"the identity text saved over the key file", identityText(t), "pass", ErrKeyFileUnprotected},
		{"random binary", bytes.Repeat([]byte{0xa5, 0x00, 0xff}, 100), "pass", ErrKeyFileDamaged},
		{"damaged MAC", flip(bin, macAt), "pass", ErrKeyFileDamaged},
		{"damaged payload", flip(bin, len(bin)-3), "pass", ErrKeyFileDamaged},
		{"damaged nonce", flip(bin, headerEnd+len("--- ")+44), "pass", ErrKeyFileDamaged},
		{"truncated payload", bin[:len(bin)-1], "pass", ErrKeyFileDamaged},
		{"truncated header", bin[:headerEnd-10], "pass", ErrKeyFileDamaged},
		{"trailing garbage", append(bytes.Clone(bin), 0), "pass", ErrKeyFileDamaged},
		{"damaged armor", armoredBad, "pass", ErrKeyFileDamaged},
		{"armor cut short", kf[:len(kf)-40], "pass", ErrKeyFileDamaged},
		{"too large", append(bytes.Clone(bin), make([]byte, maxKeyFileSize)...), "pass", ErrKeyFileDamaged},
		{"passphrase file that holds no key", notIdentity, "pass", ErrKeyFileDamaged},
		{"encrypted to a key, not a passphrase", toKey, "pass", ErrNotPassphraseFile},
		{"work factor 21", replaceWorkFactor(t, bin, "21"), "pass", ErrKeyFileTooMuchWork},
		{"work factor 23", replaceWorkFactor(t, bin, "23"), "pass", ErrKeyFileTooMuchWork},
		{"work factor 30", replaceWorkFactor(t, bin, "30"), "pass", ErrKeyFileTooMuchWork},
		{"work factor 64", replaceWorkFactor(t, bin, "64"), "pass", ErrKeyFileTooMuchWork},
		{"work factor zero", replaceWorkFactor(t, bin, "0"), "pass", ErrKeyFileDamaged},
		{"work factor with a leading zero", replaceWorkFactor(t, bin, "010"), "pass", ErrKeyFileDamaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, err := UnwrapIdentity(tc.file, []byte(tc.pass))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if id != nil {
				t.Fatal("an identity came back with an error")
			}
			if strings.Contains(err.Error(), "AGE-SECRET-KEY") {
				t.Fatal("the error shows key material")
			}
		})
	}
}

// A damaged salt gives exactly the wrong-passphrase error: the two cannot be
// told apart, which is why the CLI says the key file may be damaged after
// repeated failures. This test pins that fact so the hint stays honest.
func TestDamagedSaltLooksLikeWrongPassphrase(t *testing.T) {
	_, kf := wrapForTest(t, false, "pass")
	bin := dearmor(t, kf)
	lines := bytes.SplitN(bin, []byte("\n"), 3)
	salt := lines[1][len("-> scrypt ") : len("-> scrypt ")+1]
	if salt[0] == 'A' {
		salt[0] = 'B'
	} else {
		salt[0] = 'A'
	}
	if _, err := UnwrapIdentity(bytes.Join(lines, []byte("\n")), []byte("pass")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("damaged salt: %v, want ErrWrongPassphrase", err)
	}
}

func TestCalibrateWorkFactor(t *testing.T) {
	if testWorkFactor.Load() != 0 {
		t.Fatal("a test hook is set")
	}
	n := CalibrateWorkFactor()
	if n < MinWorkFactor || n > MaxWorkFactor {
		t.Fatalf("CalibrateWorkFactor() = %d, want %d…%d", n, MinWorkFactor, MaxWorkFactor)
	}

	SetWorkFactorForTesting(testLogN)
	defer SetWorkFactorForTesting(0)
	if n := CalibrateWorkFactor(); n != testLogN {
		t.Fatalf("with the test hook: %d", n)
	}
}

// A key file written with a calibrated work factor states it in its stanza;
// the stock CLI and our reader must both accept it.
func TestWrapIdentityWritesRequestedWorkFactor(t *testing.T) {
	id, _ := GenerateIdentity(false, testNow)
	kf, err := WrapIdentity(id, []byte("pass"), 11)
	if err != nil {
		t.Fatal(err)
	}
	stanza := bytes.SplitN(dearmor(t, kf), []byte("\n"), 3)[1]
	if !bytes.HasSuffix(stanza, []byte(" 11")) {
		t.Fatalf("stanza %q does not carry work factor 11", stanza)
	}
}

func identityText(t *testing.T) []byte {
	id, err := GenerateIdentity(true, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return id.Text()
}

func secretLine(t *testing.T) []byte {
	text := identityText(t)
	return text[bytes.Index(text, []byte("AGE-SECRET-KEY")):]
}

// One limit, in characters, for every passphrase: the longest is taken
// both ways, one more is refused before any work.
func TestPassphraseLengthLimit(t *testing.T) {
	id, err := GenerateIdentity(true, testNow)
	if err != nil {
		t.Fatal(err)
	}
	longest := []byte(strings.Repeat("é", MaxPassphraseLength))
	kf, err := WrapIdentity(id, longest, testLogN)
	if err != nil {
		t.Fatalf("a passphrase of %d characters: %v", MaxPassphraseLength, err)
	}
	if _, err := UnwrapIdentity(kf, longest); err != nil {
		t.Fatalf("unwrapping with the longest passphrase: %v", err)
	}
	tooLong := append(bytes.Clone(longest), 'x')
	if _, err := WrapIdentity(id, tooLong, testLogN); !errors.Is(err, ErrPassphraseTooLong) {
		t.Fatalf("wrapping with %d characters: %v, want ErrPassphraseTooLong", MaxPassphraseLength+1, err)
	}
	if _, err := UnwrapIdentity(kf, tooLong); !errors.Is(err, ErrPassphraseTooLong) {
		t.Fatalf("unwrapping with %d characters: %v, want ErrPassphraseTooLong", MaxPassphraseLength+1, err)
	}
}
