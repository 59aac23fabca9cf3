package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// token is one word of a text: its byte span and its normalised form.
type token struct {
	start, end int
	norm       string
	upper      bool // the first letter is upper or title case
	split      bool // a character of a script written without spaces
}

// unspaced are the scripts written without spaces between words. Each of
// their characters is a token, so a name is found inside a run of them.
var unspaced = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
}

// isUnspaced reports whether r is in one of them; the first of them, Thai,
// starts at U+0E00, so Latin, Greek, Cyrillic, Arabic and Hebrew text never
// looks further.
func isUnspaced(r rune) bool { return r >= 0x0E00 && unicode.In(r, unspaced...) }

// isWord reports whether r belongs inside a word: letters, digits, combining
// marks, and format characters (soft hyphen, zero-width joiners), which are
// invisible and must not split a name in two.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.Cf, r)
}

// tokenize splits text into words. It never fails: invalid UTF-8 bytes are
// separators.
func tokenize(text string, f *folder) []token {
	var toks []token
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && n <= 1 || !isWord(r) || unicode.Is(unicode.Cf, r) && !startsWord(text[i+n:]) {
			i += max(n, 1)
			continue
		}
		start := i
		if isUnspaced(r) {
			i += n
			i = skipMarks(text, i)
			toks = append(toks, f.token(text, start, i, true))
			continue
		}
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && n <= 1 || !isWord(r) || isUnspaced(r) {
				break
			}
			i += n
		}
		if t := f.token(text, start, i, false); t.norm != "" {
			toks = append(toks, t)
		}
	}
	return toks
}

// startsWord reports whether a run of format characters is followed by a
// word character, so a stray zero-width space between words is not a word.
func startsWord(rest string) bool {
	for _, r := range rest {
		if unicode.Is(unicode.Cf, r) {
			continue
		}
		return isWord(r)
	}
	return false
}

// skipMarks moves i past combining marks and format characters.
func skipMarks(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !(unicode.IsMark(r) || unicode.Is(unicode.Cf, r)) || r == utf8.RuneError {
			break
		}
		i += n
	}
	return i
}

// folder normalises words. A cases.Caser keeps state, so each Redactor has
// its own folder and neither is safe for concurrent use.
type folder struct {
	fold cases.Caser
}

func newFolder() *folder { return &folder{fold: cases.Fold()} }

func (f *folder) token(text string, start, end int, split bool) token {
	w := text[start:end]
	first, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(w, func(r rune) bool { return unicode.Is(unicode.Cf, r) }))
	return token{
		start: start, end: end, norm: f.normalize(w), split: split,
		upper: unicode.IsUpper(first) || unicode.IsTitle(first),
	}
}

// normalize is the form words are compared in: compatibility-decomposed
// (full-width letters and ligatures become plain ones), without combining
// marks, format characters or the spaces a few ligatures decompose into,
// case-folded. It runs twice because folding can produce characters that
// decompose further (İ becomes i and a dot).
func (f *folder) normalize(w string) string {
	if isASCII(w) {
		return asciiLower(w) // the common case, and the same answer
	}
	for range 2 {
		w = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
				return -1
			}
			return r
		}, norm.NFKD.String(w))
		w = f.fold.String(w)
	}
	return norm.NFC.String(w)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiLower lowers ASCII letters without allocating when there are none
// to lower. For ASCII text it equals the full normalisation: NFKD changes
// nothing, there are no marks or format characters, and folding is
// lowering.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}
