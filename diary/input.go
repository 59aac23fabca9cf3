package diary

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// MaxTrailingSpace is how much white space may follow the text of an entry
// given as input (standard input, a paste, an import) on top of
// MaxBodySize: trailing blank lines and spaces are dropped before the limit
// is applied, so text exactly at the limit with a final newline is taken.
const MaxTrailingSpace = 64 << 10

// ReadText reads an entry's text from r, all of it or none of it: text over
// MaxBodySize once trailing white space is dropped, or input longer than
// MaxBodySize+MaxTrailingSpace, is refused with an error wrapping
// ErrBodyTooLarge, never cut short. The command line's standard input, the
// full-screen diary's paste and imports all take text by this one rule.
func ReadText(r io.Reader) (string, error) {
	const cap = MaxBodySize + MaxTrailingSpace
	data, err := io.ReadAll(io.LimitReader(r, cap+1))
	if err != nil {
		clear(data)
		return "", err
	}
	if len(data) > cap {
		clear(data)
		return "", fmt.Errorf("%w: the input is over %d bytes", ErrBodyTooLarge, cap)
	}
	text := strings.TrimRightFunc(string(data), unicode.IsSpace)
	clear(data)
	if len(text) > MaxBodySize {
		return "", fmt.Errorf("%w: %d bytes, the limit is %d", ErrBodyTooLarge, len(text), MaxBodySize)
	}
	return text, nil
}
