package tui

import (
	"strings"

	"peerdiary/internal/safetext"
)

// Diary text is untrusted when it is drawn: entries can be imported, written
// by another program, or planted in a shared folder. Everything the
// interface did not write itself goes through peerdiary's one sanitiser,
// package safetext, before it is styled.

// sanitize makes text safe to draw; see safetext.Text.
func sanitize(s string) string { return safetext.Text(s) }

// neutralizeBidi shows bidi controls as visible markers in output that is
// already styled (the editor's and the fields' views). Those components
// drop control characters themselves but keep bidi overrides, and their
// output holds our own styling escapes, which sanitize would remove.
func neutralizeBidi(s string) string { return safetext.MarkBidi(s) }

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
		n := safetext.SequenceLength(s[i:])
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
