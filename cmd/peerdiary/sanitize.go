package main

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// printable makes text from an entry safe to print on a terminal. An entry
// may come from anywhere (a file dropped into the folder, text piped in), and
// a terminal obeys escape sequences in what it prints: they can retitle the
// window, rewrite earlier lines, or hide text. Control characters become
// visible symbols (ESC as ␛), and invisible formatting characters such as the
// bidirectional overrides become <U+202E>, so text reads as what it is.
// Newlines and tabs are kept when keepLines is true, and become spaces
// otherwise.
func printable(s string, keepLines bool) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			if keepLines {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case r < 0x20:
			b.WriteRune(0x2400 + r) // control pictures: ␀ … ␟
		case r == 0x7f:
			b.WriteRune('␡')
		case needsEscape(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) ||
		unicode.Is(unicode.Cf, r) && r != 0x200d // keep the zero-width joiner that emoji need
}

// fitWidth cuts a line to width terminal columns, ending it with "…" if it
// was cut.
func fitWidth(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}
