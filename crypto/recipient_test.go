package crypto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"
	"golang.org/x/crypto/ssh"
)

// sshKeys makes an SSH key pair: the private key in OpenSSH PEM (protected
// by pass if it is not empty) and the authorized_keys line.
func sshKeys(t testing.TB, kind, pass string) (private []byte, public string) {
	t.Helper()
	var key any
	switch kind {
	case "ed25519":
		_, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		key = k
	case "rsa":
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		key = k
	}
	var block *pem.Block
	var err error
	if pass == "" {
		block, err = ssh.MarshalPrivateKey(key, "worker@example")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(key, "worker@example", []byte(pass))
	}
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block), strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey()))) + " supervisor@example"
}

func TestParseContactRecipient(t *testing.T) {
	pq, _ := GenerateIdentity(false, testNow)
	classic, _ := GenerateIdentity(true, testNow)
	_, edPub := sshKeys(t, "ed25519", "")
	_, rsaPub := sshKeys(t, "rsa", "")
	good := []struct {
		name, in string
		kind     RecipientKind
		fp       string
	}{
		{"post-quantum", pq.PublicKey(), PostQuantum, Fingerprint(pq.PublicKey())},
		{"post-quantum upper case", strings.ToUpper(pq.PublicKey()), PostQuantum, Fingerprint(pq.PublicKey())},
		{"classic with spaces", "  " + classic.PublicKey() + "\n", Classic, Fingerprint(classic.PublicKey())},
		{"ssh ed25519", edPub, SSH, "SHA256:"},
		{"ssh rsa", rsaPub, SSH, "SHA256:"},
	}
	for _, tc := range good {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseRecipient(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind() != tc.kind || !strings.HasPrefix(r.Fingerprint(), tc.fp) {
				t.Errorf("kind %v fingerprint %q", r.Kind(), r.Fingerprint())
			}
			if strings.Contains(r.String(), "supervisor@example") {
				t.Errorf("the SSH comment is kept: %q", r.String())
			}
			again, err := ParseRecipient(r.String())
			if err != nil || again.String() != r.String() || again.Fingerprint() != r.Fingerprint() {
				t.Errorf("String does not parse back to the same key: %v", err)
			}
		})
	}
	bad := []struct {
		name, in string
		is       error
		want     string
	}{
		{"empty", "  ", ErrBadRecipient, "empty"},
		{"garbage", "hello", ErrBadRecipient, "starts with age1pq1"},
		{"short age", "age1xyz", ErrBadRecipient, "malformed"},
		{"bad checksum", otherLastChar(classic.PublicKey()), ErrBadRecipient, "malformed"},
		{"mixed case", "Age1" + classic.PublicKey()[4:], ErrBadRecipient, "malformed key: it mixes upper and lower case"},
		{"mixed case inside", upperOneLetter(classic.PublicKey(), 10), ErrBadRecipient, "malformed"},
		{"secret key", strings.TrimSpace(string(classic.Text())), ErrSecretKey, "secret key"},
		{"secret key lower", "age-secret-key-1abc", ErrSecretKey, "secret key"},
		{"ssh private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nxx", ErrSecretKey, "private"},
		{"yubikey", "age1yubikey1qwerty", ErrUnsupportedKey, "hardware"},
		{"tag", "age1tag1qwerty", ErrUnsupportedKey, "hardware"},
		{"plugin", "age1example1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", ErrUnsupportedKey, "plugin"},
		{"ecdsa", "ecdsa-sha2-nistp256 AAAAE2VjZHNh", ErrUnsupportedKey, "ssh-ed25519 and ssh-rsa"},
		{"ssh garbage", "ssh-ed25519 AAAAnotbase64!!", ErrBadRecipient, "malformed"},
		{"two ssh keys", edPub + "\n" + rsaPub, ErrBadRecipient, "more than one key"},
		{"not utf-8", "age1\xff", ErrBadRecipient, "not text"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseRecipient(tc.in)
			if err == nil {
				t.Fatalf("ParseRecipient(%q) = %v, want %v containing %q", tc.in, r, tc.is, tc.want)
			}
			if !r.IsZero() || !errors.Is(err, tc.is) || !errors.Is(err, ErrBadRecipient) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseRecipient: %v, want %v containing %q", err, tc.is, tc.want)
			}
			if strings.Contains(err.Error(), "AGE-SECRET-KEY-1") {
				t.Errorf("the error repeats the secret key: %v", err)
			}
		})
	}
}

func TestParseRecipientsFile(t *testing.T) {
	a, _ := GenerateIdentity(false, testNow)
	b, _ := GenerateIdentity(false, testNow)
	rs, err := ParseRecipients([]byte("# supervisors\n\n" + a.PublicKey() + "\r\n  " + b.PublicKey() + "  \n"))
	if err != nil || len(rs) != 2 || rs[1].String() != b.PublicKey() {
		t.Fatalf("ParseRecipients: %v %v", rs, err)
	}
	for _, tc := range []struct{ in, want string }{
		{"# nothing\n\n", "holds no keys"},
		{a.PublicKey() + "\nnonsense\n", "line 2:"},
		{strings.Repeat("#", 70<<10), "too long"},
	} {
		if _, err := ParseRecipients([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseRecipients(%.20q): %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestSealToOpenSealed(t *testing.T) {
	pq1, _ := GenerateIdentity(false, testNow)
	pq2, _ := GenerateIdentity(false, testNow)
	classic, _ := GenerateIdentity(true, testNow)
	edPriv, edPub := sshKeys(t, "ed25519", "")
	rsaPriv, rsaPub := sshKeys(t, "rsa", "")
	encPriv, encPub := sshKeys(t, "ed25519", "sesame")
	parse := func(s string) Recipient {
		r, err := ParseRecipient(s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	noPass := func(string) ([]byte, error) { t.Fatal("asked for a passphrase"); return nil, nil }
	keysOf := func(data []byte, pass string) *Keys {
		k, err := ParseKeys(data, func(string) ([]byte, error) { return []byte(pass), nil })
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	plain := []byte("# Supervision packet\n\nClient A had a hard week.\n")
	for _, tc := range []struct {
		name  string
		to    []Recipient
		keys  []*Keys
		armor bool
	}{
		{"two post-quantum", []Recipient{parse(pq1.PublicKey()), parse(pq2.PublicKey())}, []*Keys{pq1.Keys(), pq2.Keys()}, false},
		{"classic and ssh, armored", []Recipient{parse(classic.PublicKey()), parse(edPub), parse(rsaPub)},
			[]*Keys{classic.Keys(), keysOf(edPriv, ""), keysOf(rsaPriv, ""), keysOf(classic.Text(), "")}, true},
		{"ssh key with a passphrase", []Recipient{parse(encPub)}, []*Keys{keysOf(encPriv, "sesame")}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sealed, err := SealTo(plain, tc.armor, tc.to...)
			if err != nil {
				t.Fatal(err)
			}
			if got := bytes.HasPrefix(sealed, []byte("-----BEGIN AGE ENCRYPTED FILE-----")); got != tc.armor {
				t.Errorf("armored %v, want %v", got, tc.armor)
			}
			for _, k := range tc.keys {
				got, err := OpenSealed(sealed, 1<<20, k)
				if err != nil || !bytes.Equal(got, plain) {
					t.Errorf("OpenSealed: %q %v", got, err)
				}
			}
			// Someone else's key opens nothing.
			other, _ := GenerateIdentity(!tc.to[0].Kind().postQuantum(), testNow)
			if got, err := OpenSealed(sealed, 1<<20, other.Keys()); !errors.Is(err, ErrWrongKey) || got != nil {
				t.Errorf("a stranger's key: %v", err)
			}
			// A cut-short or changed file shows nothing.
			for _, bad := range [][]byte{sealed[:len(sealed)/2], sealed[:len(sealed)-3], flipAt(sealed, len(sealed)-40)} {
				got, err := OpenSealed(bad, 1<<20, tc.keys[0])
				if err == nil || got != nil || errors.Is(err, ErrWrongKey) {
					t.Errorf("a damaged file: %q %v", got, err)
				}
			}
		})
	}
	// The wrong passphrase for an SSH key says so.
	k, err := ParseKeys(encPriv, func(string) ([]byte, error) { return []byte("wrong"), nil })
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := SealTo(plain, false, parse(encPub))
	if _, err := OpenSealed(sealed, 1<<20, k); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("wrong SSH passphrase: %v", err)
	}
	// A key that needs no passphrase never asks for one.
	if _, err := ParseKeys(edPriv, noPass); err != nil {
		t.Error(err)
	}
}

func (k RecipientKind) postQuantum() bool { return k == PostQuantum }

func flipAt(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

func TestSealToRefusesMixing(t *testing.T) {
	pq, _ := GenerateIdentity(false, testNow)
	classic, _ := GenerateIdentity(true, testNow)
	_, edPub := sshKeys(t, "ed25519", "")
	rpq, _ := ParseRecipient(pq.PublicKey())
	rc, _ := ParseRecipient(classic.PublicKey())
	rssh, _ := ParseRecipient(edPub)
	for _, rs := range [][]Recipient{{rpq, rc}, {rssh, rpq}} {
		if Compatible(rs...) {
			t.Errorf("Compatible(%v, %v)", rs[0].Kind(), rs[1].Kind())
		}
		out, err := SealTo([]byte("x"), false, rs...)
		if !errors.Is(err, ErrMixedRecipients) || out != nil {
			t.Errorf("SealTo(%v, %v): %v", rs[0].Kind(), rs[1].Kind(), err)
		}
	}
	if !Compatible(rc, rssh) || !Compatible(rpq) {
		t.Error("compatible recipients reported as incompatible")
	}
	if _, err := SealTo([]byte("x"), false); !errors.Is(err, ErrBadRecipient) {
		t.Errorf("no recipients: %v", err)
	}
}

func TestParseKeys(t *testing.T) {
	pq, _ := GenerateIdentity(false, testNow)
	classic, _ := GenerateIdentity(true, testNow)
	wrapped, err := WrapIdentity(pq, []byte("pass"), 10)
	if err != nil {
		t.Fatal(err)
	}
	both := append(append([]byte("# two keys\n"), pq.Text()...), classic.Text()...)
	sealed, _ := Seal([]byte("hello"), classic.Recipient())
	pass := func(p string) func(string) ([]byte, error) {
		return func(string) ([]byte, error) { return []byte(p), nil }
	}
	k, err := ParseKeys(both, pass(""))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := OpenSealed(sealed, 100, k); string(got) != "hello" || err != nil {
		t.Errorf("a file of two keys: %q %v", got, err)
	}
	k, err = ParseKeys(wrapped, pass("pass"))
	if err != nil {
		t.Fatal(err)
	}
	sealedPQ, _ := Seal([]byte("hi"), pq.Recipient())
	if got, err := OpenSealed(sealedPQ, 100, k); string(got) != "hi" || err != nil {
		t.Errorf("a passphrase key file: %q %v", got, err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		pass string
		is   error
		want string
	}{
		{"wrong passphrase", wrapped, "nope", ErrWrongPassphrase, ""},
		{"empty passphrase", wrapped, "", ErrEmptyPassphrase, ""},
		{"public key", []byte(pq.PublicKey() + "\n"), "", ErrBadKeyFile, "public key"},
		{"nothing", []byte("# only a comment\n"), "", ErrBadKeyFile, "no secret key"},
		{"damaged key", []byte("AGE-SECRET-KEY-1QQQQ\n"), "", ErrBadKeyFile, "damaged"},
		{"plugin", []byte("AGE-PLUGIN-YUBIKEY-1QQQ\n"), "", ErrUnsupportedKey, "plugin"},
		{"pem garbage", []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"), "", ErrBadKeyFile, "SSH key is damaged"},
		{"binary", []byte{0xff, 0xfe, 0}, "", ErrBadKeyFile, "not text"},
		{"too large", bytes.Repeat([]byte("#"), 70<<10), "", ErrBadKeyFile, "too large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseKeys(tc.data, pass(tc.pass))
			if k != nil || !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseKeys: %v, want %v with %q", err, tc.is, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "AGE-SECRET-KEY-1Q") {
				t.Errorf("the error repeats the key: %v", err)
			}
		})
	}
	// A prompt that fails is reported as it failed.
	cancelled := errors.New("cancelled")
	if _, err := ParseKeys(wrapped, func(string) ([]byte, error) { return nil, cancelled }); !errors.Is(err, cancelled) {
		t.Errorf("failed prompt: %v", err)
	}
	var _ age.Identity = &sshPassIdentity{}
}

// upperOneLetter upper-cases the first letter of key at or after i. A key is
// random: the characters at a fixed place may be digits, which have no upper
// case, and the key would then be left valid.
func upperOneLetter(key string, i int) string {
	for ; i < len(key); i++ {
		if c := key[i]; c >= 'a' && c <= 'z' {
			return key[:i] + string(c-'a'+'A') + key[i+1:]
		}
	}
	panic("no lower-case letter in " + key)
}

// otherLastChar changes the last character of s (a bech32 checksum
// character) to another one: always "q" would leave a key ending in "q"
// as it was.
func otherLastChar(s string) string {
	c := "q"
	if strings.HasSuffix(s, c) {
		c = "p"
	}
	return s[:len(s)-1] + c
}
