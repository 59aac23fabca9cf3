package tui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Diary text is untrusted when it is drawn: entries can be imported, written
// by another program, or planted in a shared folder. A terminal obeys escape
// sequences in whatever it is sent, so text that could set the window title,
// write the clipboard (OSC 52), plant a link or redraw the screen must be made
// inert first. ansi.Strip is not enough: it keeps BEL, BS, CR, DEL, C1
// controls and bidi overrides.

const (
	// maxCombiningRun caps a run of combining marks after one base
	// character; some terminals misbehave on huge runs.
	maxCombiningRun = 16
	// maxDisplayLine breaks very long lines before any width calculation.
	maxDisplayLine = 4096
	// tabWidth is how many spaces a tab becomes.
	tabWidth = 4
)

// sanitize makes text safe to draw: invalid UTF-8 becomes U+FFFD; escape
// sequences are removed whole; other C0 controls (but \n), DEL and C1
// controls become visible markers; \t becomes spaces; bidi controls are shown
// as ⟨U+202E⟩; combining runs are capped and very long lines broken. The
// result never contains ESC, 0x9B, C0 other than \n, DEL, C1 or bidi
// controls, and sanitize(sanitize(s)) == sanitize(s).
func sanitize(s string) string {
	if isPlain(s) {
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
			if combining > maxCombiningRun {
				return
			}
		} else {
			combining = 0
		}
		if lineLen >= maxDisplayLine {
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
			emit(utf8.RuneError)
			i++
			continue
		}
		switch {
		case r == 0x1b:
			i += escapeLength(s[i:])
			continue
		case r == '\n':
			emit('\n')
		case r == '\t':
			for range tabWidth {
				emit(' ')
			}
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				break // CRLF is a newline; the \n comes next
			}
			emit('␍')
		case r < 0x20:
			emit(0x2400 + r) // Unicode control pictures: ␀ ␇ ␈ …
		case r == 0x7f:
			emit('␡')
		case r >= 0x80 && r <= 0x9f:
			emitString(codePointMarker(r))
		case isBidiControl(r):
			emitString(codePointMarker(r))
		default:
			emit(r)
		}
		i += size
	}
	return b.String()
}

// isPlain is the fast path: printable ASCII lines of sane length need no work.
func isPlain(s string) bool {
	lineLen := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' {
			lineLen = 0
			continue
		}
		if c < 0x20 || c >= 0x7f {
			return false
		}
		lineLen++
		if lineLen > maxDisplayLine {
			return false
		}
	}
	return true
}

func codePointMarker(r rune) string { return fmt.Sprintf("⟨U+%04X⟩", r) }

// isBidiControl reports the characters that reorder text on screen
// ("Trojan Source"): embeddings, overrides, isolates and marks.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// escapeLength is how many bytes of s, which starts with ESC, belong to one
// escape sequence. Unterminated string sequences (OSC, DCS, APC, PM, SOS)
// lose only their introducer, so a stray ESC never hides the rest of an entry.
func escapeLength(s string) int {
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

// keepOnlySGR removes every escape sequence from rendered output except
// colour and style (CSI … m). The Markdown renderer writes hyperlinks
// (OSC 8) for links in an entry; a link in a diary must not become
// something a click opens.
func keepOnlySGR(s string) string {
	if !strings.ContainsRune(s, 0x1b) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] != 0x1b {
			b.WriteByte(s[i])
			i++
			continue
		}
		n := escapeLength(s[i:])
		if seq := s[i : i+n]; isSGR(seq) {
			b.WriteString(seq)
		}
		i += n
	}
	return b.String()
}

func isSGR(seq string) bool {
	if len(seq) < 3 || seq[1] != '[' || seq[len(seq)-1] != 'm' {
		return false
	}
	for _, c := range []byte(seq[2 : len(seq)-1]) {
		if (c < '0' || c > '9') && c != ';' && c != ':' {
			return false
		}
	}
	return true
}

// neutralizeBidi shows bidi controls as visible markers in output that is
// already styled (the editor's and the fields' views). Those components
// drop control characters themselves but keep bidi overrides, and their
// output holds our own styling escapes, which sanitize would remove.
func neutralizeBidi(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		if isBidiControl(r) {
			b.WriteString(codePointMarker(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
