package crypto

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"filippo.io/age/armor"
	"golang.org/x/crypto/ssh"
)

// RecipientKind says what sort of public key a recipient is. age cannot put
// post-quantum and other recipients in one file.
type RecipientKind int

// The kinds of recipient.
const (
	// PostQuantum is an age hybrid ML-KEM-768 + X25519 key, age1pq1….
	PostQuantum RecipientKind = iota + 1
	// Classic is an age X25519 key, age1….
	Classic
	// SSH is an ssh-ed25519 or ssh-rsa public key.
	SSH
)

func (k RecipientKind) String() string {
	switch k {
	case PostQuantum:
		return "post-quantum age key"
	case Classic:
		return "classic age key"
	case SSH:
		return "SSH key"
	}
	return "unknown key"
}

// Recipient is a public key that files are sealed to: a diary's own, or
// someone the worker chose to share with. Its zero value is no recipient.
type Recipient struct {
	r    age.Recipient
	text string // age1pq1…, age1… or "ssh-ed25519 AAAA…", canonical
}

// Errors from parsing a recipient, for a message that says what to ask for
// instead. Each is wrapped with ErrBadRecipient.
var (
	// ErrBadRecipient means a public key is not one peerdiary can encrypt
	// to. Every error of ParseRecipient wraps it.
	ErrBadRecipient = errors.New("not a recipient peerdiary can encrypt to")

	// ErrSecretKey means a secret key was given where a public key belongs.
	ErrSecretKey = errors.New("that is a secret key")

	// ErrUnsupportedKey means a real key of a kind peerdiary does not
	// encrypt to: plugin and hardware keys, other SSH key types.
	ErrUnsupportedKey = errors.New("that kind of key is not supported")

	// ErrMixedRecipients means age refused to put the recipients in one
	// file: post-quantum keys cannot share a file with classic or SSH keys,
	// or the file would be open to a quantum computer.
	ErrMixedRecipients = errors.New("post-quantum keys can't share a file with classic or SSH keys")
)

// maxRecipientText caps one key or recipients file.
const maxRecipientText = 64 << 10

// ParseRecipient reads one public key: age1pq1… (hybrid post-quantum),
// age1… (X25519), or an OpenSSH public key line ("ssh-ed25519 AAAA…
// comment", "ssh-rsa …"). Surrounding white space is ignored; an SSH key's
// comment is dropped. Errors wrap ErrBadRecipient and never quote the
// input, which could be a secret key pasted in the wrong place.
func ParseRecipient(s string) (Recipient, error) {
	r, err := parseRecipient(s)
	if err != nil {
		return Recipient{}, fmt.Errorf("%w: %w", ErrBadRecipient, err)
	}
	return r, nil
}

func parseRecipient(s string) (Recipient, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return Recipient{}, errors.New("it is not text")
	}
	lower := strings.ToLower(s)
	// Bech32 is all lower or all upper case; a mix is a typing mistake
	// age refuses.
	key := s
	if s == strings.ToUpper(s) {
		key = lower
	}
	switch {
	case s == "":
		return Recipient{}, errors.New("it is empty")
	case strings.Contains(lower, "age-secret-key"):
		return Recipient{}, fmt.Errorf("%w, not a public one", ErrSecretKey)
	case strings.Contains(s, "PRIVATE KEY"):
		return Recipient{}, fmt.Errorf("%w: a private SSH or PEM key, not a public one", ErrSecretKey)
	case strings.HasPrefix(lower, "age1pq1"):
		r, err := age.ParseHybridRecipient(key)
		if err != nil {
			return Recipient{}, errors.New(quoteless(err))
		}
		return Recipient{r: r, text: r.String()}, nil
	case strings.HasPrefix(lower, "age1tag") || strings.HasPrefix(lower, "age1yubikey") || strings.HasPrefix(lower, "age1se1"):
		return Recipient{}, fmt.Errorf("%w: a hardware or plugin key", ErrUnsupportedKey)
	case strings.HasPrefix(lower, "age1"):
		r, err := age.ParseX25519Recipient(key)
		if err != nil {
			if strings.Count(lower[len("age1"):], "1") > 0 {
				// age1<name>1…: a plugin's recipient.
				return Recipient{}, fmt.Errorf("%w: a plugin key", ErrUnsupportedKey)
			}
			return Recipient{}, errors.New(quoteless(err))
		}
		return Recipient{r: r, text: r.String()}, nil
	case strings.HasPrefix(s, "ssh-ed25519 ") || strings.HasPrefix(s, "ssh-rsa "):
		pk, _, _, rest, err := ssh.ParseAuthorizedKey([]byte(s))
		if err != nil {
			return Recipient{}, errors.New("the SSH key is malformed")
		}
		if len(bytes.TrimSpace(rest)) > 0 {
			return Recipient{}, errors.New("more than one key; give one key, or a file of keys")
		}
		canonical := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk)))
		r, err := agessh.ParseRecipient(canonical)
		if err != nil {
			return Recipient{}, errors.New("the SSH key is malformed")
		}
		return Recipient{r: r, text: canonical}, nil
	case strings.HasPrefix(s, "ssh-") || strings.HasPrefix(s, "ecdsa-") || strings.HasPrefix(s, "sk-"):
		return Recipient{}, fmt.Errorf("%w: only ssh-ed25519 and ssh-rsa SSH keys work with age", ErrUnsupportedKey)
	}
	return Recipient{}, errors.New("a public key starts with age1pq1, age1, ssh-ed25519 or ssh-rsa")
}

// ParseRecipients reads a recipients file as age -R does: one public key per
// line, blank lines and lines starting with # ignored. It needs at least
// one key and says which line is wrong.
func ParseRecipients(text []byte) ([]Recipient, error) {
	if len(text) > maxRecipientText {
		return nil, fmt.Errorf("%w: the file is over %d KiB, too long for a list of keys", ErrBadRecipient, maxRecipientText>>10)
	}
	var out []Recipient
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(nil, maxRecipientText)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r, err := parseRecipient(line)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %w", ErrBadRecipient, n, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadRecipient, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: the file holds no keys", ErrBadRecipient)
	}
	return out, nil
}

// quoteless says what is wrong with an age key age could not parse, in
// words, without the key: a public key is not secret, but a message should
// fit on a line, and a post-quantum key is two thousand characters.
func quoteless(err error) string {
	if strings.Contains(err.Error(), "mixed case") {
		return "malformed key: it mixes upper and lower case"
	}
	return "malformed key: it is mistyped or cut short"
}

// String is the key in its canonical form: what a recipients file holds.
func (r Recipient) String() string { return r.text }

// IsZero reports whether r is no recipient at all.
func (r Recipient) IsZero() bool { return r.r == nil }

// PostQuantum reports whether r is the hybrid ML-KEM-768 + X25519 kind.
func (r Recipient) PostQuantum() bool { return strings.HasPrefix(r.text, "age1pq1") }

// Kind says what sort of key it is, or 0 for the zero Recipient.
func (r Recipient) Kind() RecipientKind {
	switch {
	case r.IsZero():
		return 0
	case r.PostQuantum():
		return PostQuantum
	case strings.HasPrefix(r.text, "ssh-"):
		return SSH
	}
	return Classic
}

// Fingerprint is a short, stable form of the key for people to compare
// aloud or side by side: for an age key its first and last eight characters
// (see [Fingerprint]), for an SSH key the SHA256:… form ssh-keygen -l prints.
func (r Recipient) Fingerprint() string {
	if r.Kind() == SSH {
		if pk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(r.text)); err == nil {
			return ssh.FingerprintSHA256(pk)
		}
	}
	return Fingerprint(r.text)
}

// SealTo encrypts plaintext to every recipient, armored (PEM text that
// survives email and chat) if armored is true. Recipients that age will not
// put in one file give an error wrapping ErrMixedRecipients.
func SealTo(plaintext []byte, armored bool, rs ...Recipient) ([]byte, error) {
	if len(rs) == 0 {
		return nil, fmt.Errorf("%w: no one to encrypt to", ErrBadRecipient)
	}
	ars := make([]age.Recipient, len(rs))
	for i, r := range rs {
		if r.IsZero() {
			return nil, fmt.Errorf("%w: an empty recipient", ErrBadRecipient)
		}
		ars[i] = r.r
	}
	var buf bytes.Buffer
	buf.Grow(len(plaintext)*4/3 + 4096)
	var dst interface {
		Write([]byte) (int, error)
		Close() error
	} = nopCloser{&buf}
	if armored {
		dst = armor.NewWriter(&buf)
	}
	w, err := age.Encrypt(dst, ars...)
	if err != nil {
		if strings.Contains(err.Error(), "incompatible recipients") {
			return nil, fmt.Errorf("%w: %s", ErrMixedRecipients, kindsOf(rs))
		}
		return nil, err
	}
	if _, err := w.Write(plaintext); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if err := dst.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// kindsOf lists the kinds of keys, for a message about why they don't mix.
func kindsOf(rs []Recipient) string {
	var kinds []string
	seen := map[RecipientKind]bool{}
	for _, r := range rs {
		if k := r.Kind(); !seen[k] {
			seen[k] = true
			kinds = append(kinds, k.String())
		}
	}
	return strings.Join(kinds, ", ")
}

// Compatible reports whether the recipients can share one file, as age
// decides it: post-quantum keys only with other post-quantum keys.
func Compatible(rs ...Recipient) bool {
	pq := 0
	for _, r := range rs {
		if r.PostQuantum() {
			pq++
		}
	}
	return pq == 0 || pq == len(rs)
}
