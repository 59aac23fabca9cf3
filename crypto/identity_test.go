package crypto

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
)

var testNow = time.Date(2026, 11, 23, 18, 30, 0, 0, time.UTC)

func TestIdentityRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name       string
		classic    bool
		secretHead string
		publicHead string
	}{
		{"hybrid", false, "AGE-SECRET-KEY-PQ-1", "age1pq1"},
		{"classic", true, "AGE-SECRET-KEY-1", "age1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, err := GenerateIdentity(tc.classic, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if id.PostQuantum() == tc.classic {
				t.Errorf("PostQuantum() = %v for classic=%v", id.PostQuantum(), tc.classic)
			}
			if !strings.HasPrefix(id.PublicKey(), tc.publicHead) {
				t.Errorf("public key %.12s…, want prefix %s", id.PublicKey(), tc.publicHead)
			}
			text := id.Text()
			lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
			want := []string{"# created: 2026-11-23T18:30:00Z", "# public key: " + id.PublicKey()}
			if len(lines) != 3 || lines[0] != want[0] || lines[1] != want[1] || !strings.HasPrefix(lines[2], tc.secretHead) {
				t.Fatalf("identity text is not what age-keygen writes:\n%s", redactSecret(text))
			}

			// The stock parser reads our text: that is what age -i does.
			ids, err := age.ParseIdentities(bytes.NewReader(text))
			if err != nil || len(ids) != 1 {
				t.Fatalf("age.ParseIdentities: %v (%d identities)", err, len(ids))
			}

			back, err := ParseIdentity(text)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back.Text(), text) || back.PublicKey() != id.PublicKey() {
				t.Fatal("ParseIdentity(Text()) changed the identity")
			}

			// What one encrypts to, the other opens.
			sealed, err := Seal([]byte("round trip"), id.Recipient())
			if err != nil {
				t.Fatal(err)
			}
			plain, err := Open(sealed, 1<<10, back)
			if err != nil || string(plain) != "round trip" {
				t.Fatalf("Open with the parsed identity: %q, %v", plain, err)
			}
		})
	}
}

func TestGenerateIdentityIsRandom(t *testing.T) {
	a, _ := GenerateIdentity(false, testNow)
	b, _ := GenerateIdentity(false, testNow)
	if a.PublicKey() == b.PublicKey() {
		t.Fatal("two generated identities are the same")
	}
}

func TestParseIdentityRejects(t *testing.T) {
	id, err := GenerateIdentity(true, testNow)
	if err != nil {
		t.Fatal(err)
	}
	secret := strings.TrimSpace(string(id.Text()[bytes.LastIndexByte(bytes.TrimSuffix(id.Text(), []byte("\n")), '\n')+1:]))
	for _, tc := range []struct {
		name string
		text string
	}{
		{"empty", ""},
		{"comments only", "# created: 2026-11-23T18:30:00Z\n# public key: age1xyz\n"},
		{"two keys", secret + "\n" + secret + "\n"},
		{"not a key", "hello\n"},
		{"public key instead", id.PublicKey() + "\n"},
		{"bad checksum", secret[:len(secret)-1] + flipChar(secret[len(secret)-1]) + "\n"},
		{"ssh key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO abc\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseIdentity([]byte(tc.text))
			if err == nil {
				t.Fatalf("ParseIdentity accepted %q", tc.name)
			}
			if got != nil {
				t.Fatal("ParseIdentity returned an identity with an error")
			}
			if strings.Contains(err.Error(), "AGE-SECRET-KEY") {
				t.Fatalf("the error echoes key material: %v", err)
			}
		})
	}
}

func TestParseIdentityAcceptsKeygenVariants(t *testing.T) {
	id, _ := GenerateIdentity(false, testNow)
	text := string(id.Text())
	for _, tc := range []struct {
		name string
		text string
	}{
		{"as written", text},
		{"CRLF", strings.ReplaceAll(text, "\n", "\r\n")},
		{"no trailing newline", strings.TrimSuffix(text, "\n")},
		{"blank lines and indentation", "\n\n  " + strings.ReplaceAll(text, "\n", "\n\n  ")},
		{"no comments", text[strings.LastIndex(strings.TrimSuffix(text, "\n"), "\n")+1:]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseIdentity([]byte(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			if got.PublicKey() != id.PublicKey() {
				t.Fatal("parsed a different key")
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"age1short", "age1short"},
		{"age1qqqqqqqqaaaaaaaaaaaaaaaaaaaaaaaazzzzzzzz", "age1qqqqqqqq…zzzzzzzz"},
		{"age1pq1qqqqqqqqaaaaaaaaaaaaaaaaaaaazzzzzzzz", "age1pq1qqqqqqqq…zzzzzzzz"},
	} {
		if got := Fingerprint(tc.in); got != tc.want {
			t.Errorf("Fingerprint(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func flipChar(c byte) string {
	if c == 'q' {
		return "p"
	}
	return "q"
}

// redactSecret keeps test failure output free of key material.
func redactSecret(text []byte) string {
	var out []string
	for line := range strings.SplitSeq(string(text), "\n") {
		if strings.HasPrefix(line, "AGE-SECRET-KEY") {
			line = line[:strings.LastIndexByte(line, '-')+2] + "…"
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
