package diary

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"peerdiary/crypto"
)

// The one rule for a new passphrase, used by the first-run setup, init and
// passwd alike (see docs/DESIGN.md, "One passphrase rule"). The passphrase
// is all that stands between a copied identity.age and every entry, and
// that copy can be attacked offline for as long as anyone likes.
const (
	// MinPassphrase is the fewest characters a new passphrase may have.
	MinPassphrase = 8
	// GoodPassphrase is the fewest characters of a passphrase that is not
	// called weak.
	GoodPassphrase = 12
)

// ErrWeakPassphrase means a new passphrase was refused: too short, or one
// of the first a guesser would try.
var ErrWeakPassphrase = errors.New("the passphrase is too easy to guess")

// Strength is how hard a new passphrase is to guess.
type Strength int

// The strengths of an accepted passphrase.
const (
	StrengthWeak Strength = iota + 1
	StrengthGood
	StrengthStrong
)

func (s Strength) String() string {
	switch s {
	case StrengthWeak:
		return "weak"
	case StrengthGood:
		return "good"
	case StrengthStrong:
		return "strong"
	}
	return "refused"
}

// Advice is one sentence on what to do about a passphrase of this strength.
func (s Strength) Advice() string {
	switch s {
	case StrengthWeak:
		return "Longer is stronger: four or more unrelated words work well."
	case StrengthGood:
		return "Four or more unrelated words would make it stronger."
	}
	return "Keep it where only you can reach it; it can't be recovered."
}

// commonPasswords is the list a guesser tries first; see the file's header.
// It is read into a map only when a passphrase is checked, so that every
// other run of peerdiary starts without the cost.
//
//go:embed common-passwords.txt
var commonPasswords string

var passwordRank = sync.OnceValue(func() map[string]int {
	rank := make(map[string]int, 10000)
	n := 0
	for line := range strings.Lines(commonPasswords) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		if _, dup := rank[line]; !dup {
			rank[line] = n
		}
	}
	// Guessed first by anyone attacking a peerdiary key file.
	for _, w := range []string{"peerdiary", "peer diary", "my diary", "mydiary", "passphrase", "peersupport", "peer support"} {
		rank[w] = 1
	}
	return rank
})

// refuseRank is how far down the list a passphrase is refused: the
// thousand guesses tried first.
const refuseRank = 1000

// CheckPassphrase applies the rule to a new passphrase and says how strong
// it is. Refused, with an *Explained wrapping ErrWeakPassphrase (or
// crypto.ErrEmptyPassphrase): fewer than MinPassphrase characters; one of
// the thousand passwords people choose most often, with or without digits
// and symbols at its end ("password1"); one character or a short group of
// them repeated ("abababab"); a run such as "abcdefgh" or "87654321".
// Weak (accepted, with a warning): fewer than GoodPassphrase characters, or
// anything else on the list of the 10,000 most common. Strong: 20
// characters or more. Good: the rest.
func CheckPassphrase(p []byte) (Strength, error) {
	const tip = "a few unrelated words are easy to remember and hard to guess"
	n := utf8.RuneCount(p)
	if n == 0 {
		return 0, &Explained{Kind: KindUsage, Msg: "the passphrase can't be empty", Hints: []string{tip}, Err: crypto.ErrEmptyPassphrase}
	}
	if n < MinPassphrase {
		return 0, usage(ErrWeakPassphrase, fmt.Sprintf("a passphrase needs at least %d characters", MinPassphrase), tip)
	}
	lower := strings.ToLower(string(p))
	base := strings.TrimRightFunc(lower, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	ranks := passwordRank()
	rank := ranks[lower]
	if r := ranks[base]; r != 0 && (rank == 0 || r < rank) {
		rank = r
	}
	if (rank != 0 && rank <= refuseRank) || repeats([]rune(lower)) || isRun([]rune(lower)) {
		return 0, usage(ErrWeakPassphrase, "that passphrase is one of the first anyone would guess", tip)
	}
	switch {
	case n < GoodPassphrase || rank != 0:
		return StrengthWeak, nil
	case n < 20:
		return StrengthGood, nil
	}
	return StrengthStrong, nil
}

// repeats reports whether r is one short group of characters, repeated:
// "aaaaaaaa", "abababab", "abcabcabc".
func repeats(r []rune) bool {
	for unit := 1; unit <= 4 && unit < len(r); unit++ {
		same := true
		for i := unit; i < len(r) && same; i++ {
			same = r[i] == r[i%unit]
		}
		if same {
			return true
		}
	}
	return false
}

// isRun reports whether r counts up or down one character at a time:
// "abcdefgh", "12345678", "98765432".
func isRun(r []rune) bool {
	for _, step := range []rune{1, -1} {
		run := true
		for i := 1; i < len(r) && run; i++ {
			run = r[i]-r[i-1] == step
		}
		if run {
			return true
		}
	}
	return false
}

// Sentences is the error as the full-screen diary shows it: the message and
// each hint as sentences.
func (e *Explained) Sentences() string {
	out := sentence(e.Msg)
	for _, h := range e.Hints {
		out += " " + sentence(h)
	}
	return out
}

// sentence starts s with a capital and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(s)
	out := string(unicode.ToUpper(r)) + s[size:]
	switch out[len(out)-1] {
	case '.', '?', '!':
		return out
	}
	return out + "."
}
