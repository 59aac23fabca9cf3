package crypto

import (
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"
)

// ErrBadRecipient means a public key is not one peerdiary can encrypt to.
var ErrBadRecipient = errors.New("not a recipient peerdiary can encrypt to")

// Recipient is a public key that files are sealed to: a diary's own, or
// someone the worker chose to share with. Its zero value is no recipient.
type Recipient struct {
	r    age.Recipient
	text string // age1… or age1pq1…
}

// ParseRecipient reads a native age public key: "age1pq1…" (hybrid
// post-quantum) or "age1…" (X25519). White space around it is ignored.
// Errors wrap ErrBadRecipient and never quote the input, which could be a
// secret key pasted in the wrong place.
func ParseRecipient(s string) (Recipient, error) {
	s = strings.TrimSpace(s)
	var (
		r   age.Recipient
		err error
	)
	switch {
	case strings.HasPrefix(s, "age1pq1"):
		r, err = age.ParseHybridRecipient(s)
	case strings.HasPrefix(s, "age1"):
		r, err = age.ParseX25519Recipient(s)
	case strings.HasPrefix(strings.ToUpper(s), "AGE-SECRET-KEY-"):
		return Recipient{}, fmt.Errorf("%w: that is a secret key, not a public one", ErrBadRecipient)
	default:
		return Recipient{}, fmt.Errorf("%w: a public key starts with age1", ErrBadRecipient)
	}
	if err != nil {
		return Recipient{}, fmt.Errorf("%w: %s", ErrBadRecipient, safeDetail(err))
	}
	return Recipient{r: r, text: s}, nil
}

// String is the public key as age writes it.
func (r Recipient) String() string { return r.text }

// IsZero reports whether r is no recipient at all.
func (r Recipient) IsZero() bool { return r.r == nil }

// PostQuantum reports whether r is the hybrid ML-KEM-768 + X25519 kind.
func (r Recipient) PostQuantum() bool { return strings.HasPrefix(r.text, "age1pq1") }
