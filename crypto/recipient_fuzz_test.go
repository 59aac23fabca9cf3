package crypto

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRecipientFuzzCorporaPresent(t *testing.T) {
	for _, target := range []string{"FuzzParseRecipient", "FuzzParseKeys"} {
		des, err := os.ReadDir(filepath.Join("testdata", "fuzz", target))
		if err != nil || len(des) < 5 {
			t.Errorf("%s: seed corpus has %d files (%v), want at least 5", target, len(des), err)
		}
	}
}

// FuzzParseRecipient checks that any text a person pastes as a contact's
// key is either refused with an error that never repeats a secret key, or
// accepted as a key whose canonical form reads back as the same key.
func FuzzParseRecipient(f *testing.F) {
	pq, _ := GenerateIdentity(false, testNow)
	classic, _ := GenerateIdentity(true, testNow)
	f.Add(pq.PublicKey())
	f.Add(classic.PublicKey())
	f.Add(" " + strings.ToUpper(classic.PublicKey()) + "\n")
	f.Add(fuzzClassicKey)
	f.Add("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHyk2t3j7Hc1t0W+JXRq3M0z6bJ0k3m5v8Hq3V7t2n1e x@y")
	f.Add("age1yubikey1q")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRecipient(s)
		if err != nil {
			if !r.IsZero() {
				t.Fatal("a recipient and an error")
			}
			if strings.Contains(s, "AGE-SECRET-KEY") && strings.Contains(err.Error(), s) {
				t.Fatalf("the error repeats the secret key: %v", err)
			}
			return
		}
		again, err := ParseRecipient(r.String())
		if err != nil || again.String() != r.String() || again.Fingerprint() != r.Fingerprint() || again.Kind() != r.Kind() {
			t.Fatalf("%q does not read back: %v", r.String(), err)
		}
		if r.Fingerprint() == "" {
			t.Fatal("empty fingerprint")
		}
	})
}

// FuzzParseKeys checks that reading a key file never panics and that its
// errors never repeat a secret key from the file.
func FuzzParseKeys(f *testing.F) {
	f.Add([]byte(fuzzClassicKey + "\n"))
	f.Add([]byte("# created: x\n" + fuzzHybridKey + "\n" + fuzzClassicKey + "\n"))
	f.Add([]byte("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"))
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAA 10\n"))
	f.Add([]byte("AGE-PLUGIN-X-1Q\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParseKeys(data, func(string) ([]byte, error) { return []byte(fuzzPassphrase), nil })
		if (k == nil) == (err == nil) {
			t.Fatalf("keys %v and error %v", k, err)
		}
		if err != nil {
			for _, line := range strings.Fields(string(data)) {
				if strings.HasPrefix(line, "AGE-SECRET-KEY-") && len(line) > 20 && strings.Contains(err.Error(), line) {
					t.Fatalf("the error repeats a secret key: %v", err)
				}
			}
		}
	})
}
