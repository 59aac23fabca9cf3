package crypto

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"filippo.io/age"
)

// Identity is a diary's secret key together with the recipient derived from it.
// It never leaves package crypto as an age type: files are opened with
// [Open], [OpenReader] or [Dir.OpenFile] and sealed with [Seal].
type Identity struct {
	identity  age.Identity
	recipient Recipient
	secret    string // AGE-SECRET-KEY-…
	created   string // the "# created:" comment, kept for export
}

// newIdentity keeps an age identity with its recipient and text.
func newIdentity(id age.Identity, r age.Recipient, secret, public, created string) *Identity {
	return &Identity{id, Recipient{r: r, text: public}, secret, created}
}

// GenerateIdentity makes a new identity: hybrid post-quantum unless classic is
// true. now is written into the identity text's "# created:" comment, as
// age-keygen does.
func GenerateIdentity(classic bool, now time.Time) (*Identity, error) {
	created := now.Format(time.RFC3339)
	if classic {
		k, err := age.GenerateX25519Identity()
		if err != nil {
			return nil, fmt.Errorf("generating a key: %w", err)
		}
		return newIdentity(k, k.Recipient(), k.String(), k.Recipient().String(), created), nil
	}
	k, err := age.GenerateHybridIdentity()
	if err != nil {
		return nil, fmt.Errorf("generating a key: %w", err)
	}
	return newIdentity(k, k.Recipient(), k.String(), k.Recipient().String(), created), nil
}

// ParseIdentity reads identity text as age-keygen writes it: comment lines
// starting with "#", blank lines, and exactly one AGE-SECRET-KEY line.
func ParseIdentity(text []byte) (*Identity, error) {
	var secret, created string
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case strings.HasPrefix(line, "# created:"):
			created = strings.TrimSpace(strings.TrimPrefix(line, "# created:"))
		case strings.HasPrefix(line, "#"):
		case secret != "":
			return nil, errors.New("the identity text holds more than one key")
		default:
			secret = line
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if secret == "" {
		return nil, errors.New("the identity text holds no key")
	}
	switch {
	case strings.HasPrefix(secret, "AGE-SECRET-KEY-PQ-1"):
		k, err := age.ParseHybridIdentity(secret)
		if err != nil {
			return nil, err // age's parse errors never echo key material
		}
		return newIdentity(k, k.Recipient(), k.String(), k.Recipient().String(), created), nil
	case strings.HasPrefix(secret, "AGE-SECRET-KEY-1"):
		k, err := age.ParseX25519Identity(secret)
		if err != nil {
			return nil, err
		}
		return newIdentity(k, k.Recipient(), k.String(), k.Recipient().String(), created), nil
	}
	return nil, errors.New("the identity text holds no age secret key")
}

// Text returns the identity as age-keygen writes it; this is what the stock
// age CLI reads with -i.
func (id *Identity) Text() []byte {
	var b bytes.Buffer
	if id.created != "" {
		fmt.Fprintf(&b, "# created: %s\n", id.created)
	}
	fmt.Fprintf(&b, "# public key: %s\n", id.recipient.text)
	fmt.Fprintf(&b, "%s\n", id.secret)
	return b.Bytes()
}

// Recipient returns the recipient derived from the identity.
func (id *Identity) Recipient() Recipient { return id.recipient }

// PublicKey returns the recipient's string form (age1pq1… or age1…).
func (id *Identity) PublicKey() string { return id.recipient.text }

// PostQuantum reports whether the identity is the hybrid ML-KEM-768 + X25519 kind.
func (id *Identity) PostQuantum() bool { return id.recipient.PostQuantum() }

// ageIdentities is the age form of ids, for age.Decrypt.
func ageIdentities(ids []*Identity) []age.Identity {
	out := make([]age.Identity, 0, len(ids))
	for _, id := range ids {
		if id != nil {
			out = append(out, id.identity)
		}
	}
	return out
}

// Fingerprint is a short form of a public key for people to compare: the
// first and last eight characters after the prefix ("age1" or "age1pq1").
// The prefix ends at the last '1', bech32's separator, which never occurs in
// the data part.
func Fingerprint(publicKey string) string {
	sep := strings.LastIndexByte(publicKey, '1')
	if sep < 0 || len(publicKey)-sep-1 <= 20 {
		return publicKey
	}
	head := publicKey[:sep+1]
	rest := publicKey[len(head):]
	return head + rest[:8] + "…" + rest[len(rest)-8:]
}
