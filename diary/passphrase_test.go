package diary

import (
	"errors"
	"strings"
	"testing"
	"time"

	"peerdiary/crypto"
)

func TestCheckPassphrase(t *testing.T) {
	for _, tc := range []struct {
		pass string
		want Strength // 0: refused
		err  error
	}{
		{"", 0, crypto.ErrEmptyPassphrase},
		{"tulip", 0, ErrWeakPassphrase},
		{"seven77", 0, ErrWeakPassphrase},
		{"ñandú√7", 0, ErrWeakPassphrase}, // seven characters, however many bytes
		{"password", 0, ErrWeakPassphrase},
		{"12345678", 0, ErrWeakPassphrase},
		{"qwertyuiop", 0, ErrWeakPassphrase},
		{"aaaaaaaaaaaa", 0, ErrWeakPassphrase},
		{"peerdiary", 0, ErrWeakPassphrase},
		{"Password1!", 0, ErrWeakPassphrase}, // a common one, dressed up at the end
		{"dragon123", 0, ErrWeakPassphrase},
		{"abcdefgh", 0, ErrWeakPassphrase},
		{"87654321", 0, ErrWeakPassphrase},
		{"passpass", 0, ErrWeakPassphrase},
		{"iloveyou2", 0, ErrWeakPassphrase},
		{"sunflower", StrengthWeak, nil},   // a word: accepted, with a warning
		{"Tr0ub4dor&3", StrengthWeak, nil}, // eleven characters
		{"secret words", StrengthGood, nil},
		{"four words long enough", StrengthStrong, nil},
		{"correct horse battery staple", StrengthStrong, nil},
		{strings.Repeat("ab", 512), 0, ErrWeakPassphrase}, // long, but a pattern; and answered at once
		{strings.Repeat("a long walk by the river ", 40), StrengthStrong, nil},
	} {
		start := time.Now()
		got, err := CheckPassphrase([]byte(tc.pass))
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("%.20q took %v", tc.pass, took) // a bound on a hang, not a timing assertion
		}
		if got != tc.want || !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
			t.Errorf("CheckPassphrase(%.20q) = %v, %v; want %v, %v", tc.pass, got, err, tc.want, tc.err)
			continue
		}
		var ex *Explained
		if err != nil && (!errors.As(err, &ex) || ex.Kind != KindUsage || (tc.pass != "" && strings.Contains(ex.Sentences(), tc.pass))) {
			t.Errorf("CheckPassphrase(%q): %v is not a usage mistake, or it repeats the passphrase", tc.pass, err)
		}
	}
}

func TestSentences(t *testing.T) {
	e := &Explained{Msg: "a passphrase needs at least 8 characters", Hints: []string{"a few unrelated words are easy to remember", "is this a question?"}}
	want := "A passphrase needs at least 8 characters. A few unrelated words are easy to remember. Is this a question?"
	if got := e.Sentences(); got != want {
		t.Errorf("Sentences() = %q, want %q", got, want)
	}
}
