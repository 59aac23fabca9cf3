package redact

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Candidate is a word the worker should look at before an export leaves: it
// is written with a capital, so it may be a name, and it is not on the list.
type Candidate struct {
	Start, End int    // byte offsets in the text
	Word       string // the word as written
}

// CheckThis returns the capitalised words of text that may be names nobody
// listed, leaving out the words inside skip (the pseudonyms of a redacted
// text, as Redact returned them), listed names, and common words that start
// sentences ("The", "Today", "Monday"). It is meant for a preview: a worker
// reads each one and adds the person to the list if it is a name.
func (r *Redactor) CheckThis(text string, skip []Span) []Candidate {
	toks := tokenize(text, r.f)
	var listed []Span
	for _, m := range r.find(text, toks) {
		listed = append(listed, Span{Start: m.start, End: m.end})
	}
	var out []Candidate
	for _, t := range toks {
		if !t.upper || t.split || inSpans(t.start, t.end, listed) || inSpans(t.start, t.end, skip) {
			continue
		}
		first, _ := utf8.DecodeRuneInString(t.norm)
		if unicode.IsDigit(first) {
			continue
		}
		rest := text[t.end:]
		if contraction(rest, "t") {
			continue // Don't, Won't, Can't
		}
		if commonWords[t.norm] {
			continue
		}
		out = append(out, Candidate{Start: t.start, End: t.end, Word: text[t.start:t.end]})
	}
	return out
}

// contraction reports whether rest starts with an apostrophe and then the
// word ending suffix and nothing more of a word.
func contraction(rest, suffix string) bool {
	for _, ap := range []string{"'", "’", "ʼ"} {
		if after, ok := strings.CutPrefix(rest, ap); ok {
			if tail, ok := strings.CutPrefix(strings.ToLower(after), suffix); ok {
				r, _ := utf8.DecodeRuneInString(tail)
				return tail == "" || !isWord(r)
			}
		}
	}
	return false
}

func inSpans(start, end int, spans []Span) bool {
	i, _ := slices.BinarySearchFunc(spans, start, func(s Span, at int) int {
		if s.End <= at {
			return -1
		}
		if s.Start > at {
			return 1
		}
		return 0
	})
	return i < len(spans) && spans[i].Start < end && start < spans[i].End
}

// Words returns each distinct word of cs once, in the order first seen, for
// a short list under a preview.
func Words(cs []Candidate) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		if !seen[c.Word] {
			seen[c.Word] = true
			out = append(out, c.Word)
		}
	}
	return out
}
