// Package safetext makes text safe to show on a terminal. It is the one
// sanitiser of peerdiary: the command line and the full-screen diary both
// pass everything they did not write themselves through it (entry text,
// tags, prompts, file names and paths, error messages that quote them)
// before printing or styling it.
//
// Such text is untrusted: an entry can be imported, written by another
// program or planted in a shared folder, and a file can be given any name.
// A terminal obeys escape sequences in whatever it is sent, so text could
// retitle the window, write the clipboard (OSC 52), plant a link, clear or
// redraw the screen, or, through bidirectional overrides, show words in an
// order other than the one stored ("Trojan Source"). ansi.Strip is not
// enough: it keeps BEL, BS, CR, DEL, C1 controls and bidi controls.
//
// The package has no terminal dependencies, so package diary may use it for
// names in its errors.
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// MaxCombiningRun caps a run of combining marks after one base
	// character; some terminals misbehave on huge runs.
	MaxCombiningRun = 16
	// MaxLine breaks very long lines before any width calculation.
	MaxLine = 4096
	// TabWidth is how many spaces a tab becomes in Text.
	TabWidth = 4
)

// mode is what a caller shows: text as lines, text on one line, or a name.
type mode int

const (
	modeText mode = iota
	modeLine
	modeName
)

// Text makes text of several lines safe to show: invalid UTF-8 becomes
// U+FFFD; escape sequences are removed whole; other C0 controls (but \n),
// DEL and C1 controls become visible pictures (␇, ␡) or markers
// (⟨U+009B⟩); \t becomes spaces and CRLF a newline; bidi controls and the
// line and paragraph separators U+2028 and U+2029 are shown as markers;
// combining runs are capped and lines longer than MaxLine broken.
//
// The result never contains ESC, 0x9B, C0 other than \n, DEL, C1, bidi
// controls, U+2028 or U+2029, and Text(Text(s)) == Text(s).
func Text(s string) string { return clean(s, modeText) }

// Line is Text on one line, for a title or a summary in a list: newlines
// and tabs become single spaces.
func Line(s string) string { return clean(s, modeLine) }

// Name makes a file name, a path, an id, a tag or a message that quotes
// them safe to show, on one line, hiding nothing: a person may need to find
// or type what is shown. Escape sequences are not removed but shown, ESC as
// ␛ followed by the rest as plain characters; every control, \n and \t
// included, is shown as a picture or marker; so is every invisible
// formatting character (the zero-width space, U+FEFF, bidi controls), except
// the joiners that emoji and some scripts need; bytes that are not UTF-8
// are shown as ⟨0xFF⟩.
//
// The result has no control characters at all, and Name(Name(s)) == Name(s).
func Name(s string) string { return clean(s, modeName) }

// IsBidiControl reports the characters that reorder text on screen:
// embeddings, overrides, isolates and marks.
func IsBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// isSeparator reports U+2028 LINE SEPARATOR and U+2029 PARAGRAPH
// SEPARATOR, which some terminals and most editors treat as line breaks
// that no one typed.
func isSeparator(r rune) bool { return r == 0x2028 || r == 0x2029 }

// isJoiner reports the zero-width joiner (emoji sequences) and non-joiner
// (Persian and Indic scripts), which Name keeps.
func isJoiner(r rune) bool { return r == 0x200d || r == 0x200c }

// Marker is how a character that is shown rather than obeyed is written.
func Marker(r rune) string { return fmt.Sprintf("⟨U+%04X⟩", r) }

// MarkBidi shows bidi controls and line separators as markers in text that
// is already styled, and so holds escape sequences of its own that Text
// would remove: the output of an input field, say, which drops control
// characters itself but keeps bidi overrides.
func MarkBidi(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return IsBidiControl(r) || isSeparator(r) }) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		if IsBidiControl(r) || isSeparator(r) {
			b.WriteString(Marker(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isPlain is the fast path: printable ASCII needs no work, in lines of
// sane length for Text, on one line for Line and Name (which never break
// lines: their callers fit them to the screen's width).
func isPlain(s string, m mode) bool {
	lineLen := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' && m == modeText {
			lineLen = 0
			continue
		}
		if c < 0x20 || c >= 0x7f {
			return false
		}
		lineLen++
		if lineLen > MaxLine && m == modeText {
			return false
		}
	}
	return true
}

func clean(s string, m mode) string {
	if isPlain(s, m) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	combining, lineLen := 0, 0
	emit := func(r rune) {
		if r == '\n' {
			lineLen = 0
			combining = 0
			b.WriteByte('\n')
			return
		}
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			combining++
			if combining > MaxCombiningRun {
				return
			}
		} else {
			combining = 0
		}
		if lineLen >= MaxLine && m == modeText {
			b.WriteByte('\n')
			lineLen = 0
		}
		b.WriteRune(r)
		lineLen++
	}
	emitString := func(str string) {
		for _, r := range str {
			emit(r)
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			if m == modeName {
				emitString(fmt.Sprintf("⟨0x%02X⟩", s[i]))
			} else {
				emit(utf8.RuneError)
			}
			i++
			continue
		}
		switch {
		case r == 0x1b && m != modeName:
			i += SequenceLength(s[i:])
			continue
		case r == '\n' && m == modeText:
			emit('\n')
		case r == '\n' && m == modeLine:
			emit(' ')
		case r == '\t' && m == modeText:
			for range TabWidth {
				emit(' ')
			}
		case r == '\t' && m == modeLine:
			emit(' ')
		case r == '\r' && m != modeName:
			switch {
			case i+1 < len(s) && s[i+1] == '\n':
				// CRLF is a newline; the \n comes next
			default:
				emit('␍')
			}
		case r < 0x20:
			emit(0x2400 + r) // Unicode control pictures: ␀ ␇ ␈ ␛ …
		case r == 0x7f:
			emit('␡')
		case r >= 0x80 && r <= 0x9f, IsBidiControl(r), isSeparator(r):
			emitString(Marker(r))
		case m == modeName && unicode.Is(unicode.Cf, r) && !isJoiner(r):
			emitString(Marker(r))
		default:
			emit(r)
		}
		i += size
	}
	return b.String()
}

// SequenceLength is how many bytes of s, which starts with ESC, belong to
// one escape sequence. Unterminated string sequences (OSC, DCS, APC, PM,
// SOS) lose only their introducer, so a stray ESC never hides the rest of an
// entry.
func SequenceLength(s string) int {
	if len(s) < 2 {
		return 1
	}
	switch c := s[1]; {
	case c == '[': // CSI: parameters, intermediates, one final byte
		for j := 2; j < len(s); j++ {
			b := s[j]
			switch {
			case b >= 0x30 && b <= 0x3f, b >= 0x20 && b <= 0x2f:
				continue
			case b >= 0x40 && b <= 0x7e:
				return j + 1
			default:
				return j // malformed: drop what was read, keep the rest
			}
		}
		return len(s)
	case c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X':
		for j := 2; j < len(s); j++ {
			switch {
			case s[j] == 0x07 && c == ']':
				return j + 1
			case s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\':
				return j + 2
			case s[j] == 0xc2 && j+1 < len(s) && s[j+1] == 0x9c: // U+009C ST
				return j + 2
			}
		}
		return 2
	case c >= 0x20 && c <= 0x2f: // nF: intermediates then a final byte
		for j := 2; j < len(s); j++ {
			if s[j] >= 0x30 && s[j] <= 0x7e {
				return j + 1
			}
			if s[j] < 0x20 || s[j] > 0x2f {
				return j
			}
		}
		return len(s)
	case c >= 0x30 && c <= 0x7e: // two-byte sequences: ESC 7, ESC c, ESC \ …
		return 2
	}
	return 1
}
