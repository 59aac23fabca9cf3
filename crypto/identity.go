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
//
// While a diary moves to a new key (peerdiary key rotate), its identity is
// the new key carrying the keys it replaces (see [Identity.Replacing]):
// files are sealed to the new key only, and opened with whichever key they
// were sealed to, so every file reads at every moment of the move. The key
// file then holds all of them, the new key first.
type Identity struct {
	identity  age.Identity
	recipient Recipient
	secret    string // AGE-SECRET-KEY-…
	created   string // the "# created:" comment, kept for export
	previous  []*Identity
}

// newIdentity keeps an age identity with its recipient and text.
func newIdentity(id age.Identity, r age.Recipient, secret, public, created string) *Identity {
	return &Identity{identity: id, recipient: Recipient{r: r, text: public}, secret: secret, created: created}
}

// previousComment marks, in the identity text, each key a newer one
// replaces; age ignores comments, so the text stays an ordinary identity
// file that the age CLI reads with -i.
const previousComment = "# previous key of this diary, kept until every file is sealed to the key above"

// Replacing returns id carrying old, and the keys old itself replaces, as
// previous keys: it seals to id and opens what any of them sealed.
func (id *Identity) Replacing(old *Identity) *Identity {
	n := *id
	n.previous = append([]*Identity{old.Alone()}, old.previous...)
	return &n
}

// Alone returns id without the keys it replaces.
func (id *Identity) Alone() *Identity {
	n := *id
	n.previous = nil
	return &n
}

// Previous returns the keys id replaces, newest first; none except while a
// diary moves to a new key.
func (id *Identity) Previous() []*Identity {
	out := make([]*Identity, len(id.previous))
	copy(out, id.previous)
	return out
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
// starting with "#", blank lines, and one AGE-SECRET-KEY line; or, while a
// diary moves to a new key, several, the new key first and each after it a
// key it replaces (as [Identity.Text] writes them).
func ParseIdentity(text []byte) (*Identity, error) {
	type key struct{ secret, created string }
	var keys []key
	created := ""
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case strings.HasPrefix(line, "# created:"):
			created = strings.TrimSpace(strings.TrimPrefix(line, "# created:"))
		case strings.HasPrefix(line, "#"):
		default:
			keys = append(keys, key{line, created})
			created = ""
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, errors.New("the identity text holds no key")
	}
	var ids []*Identity
	for _, k := range keys {
		id, err := parseSecret(k.secret, k.created)
		if err != nil {
			return nil, err
		}
		for _, other := range ids {
			if other.secret == id.secret {
				return nil, errors.New("the identity text holds the same key twice")
			}
		}
		ids = append(ids, id)
	}
	id := ids[0]
	id.previous = ids[1:]
	return id, nil
}

// parseSecret parses one AGE-SECRET-KEY line.
func parseSecret(secret, created string) (*Identity, error) {
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

// Text returns the identity as age-keygen writes it, followed by any keys
// it replaces; this is what the stock age CLI reads with -i.
func (id *Identity) Text() []byte {
	var b bytes.Buffer
	writeKey := func(k *Identity) {
		if k.created != "" {
			fmt.Fprintf(&b, "# created: %s\n", k.created)
		}
		fmt.Fprintf(&b, "# public key: %s\n", k.recipient.text)
		fmt.Fprintf(&b, "%s\n", k.secret)
	}
	writeKey(id)
	for _, p := range id.previous {
		fmt.Fprintf(&b, "%s\n", previousComment)
		writeKey(p)
	}
	return b.Bytes()
}

// Recipient returns the recipient derived from the identity.
func (id *Identity) Recipient() Recipient { return id.recipient }

// PublicKey returns the recipient's string form (age1pq1… or age1…).
func (id *Identity) PublicKey() string { return id.recipient.text }

// PostQuantum reports whether the identity is the hybrid ML-KEM-768 + X25519 kind.
func (id *Identity) PostQuantum() bool { return id.recipient.PostQuantum() }

// ageIdentities is the age form of ids and the keys they replace, for
// age.Decrypt.
func ageIdentities(ids []*Identity) []age.Identity {
	out := make([]age.Identity, 0, len(ids))
	for _, id := range ids {
		if id != nil {
			out = append(out, id.identity)
			for _, p := range id.previous {
				out = append(out, p.identity)
			}
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
