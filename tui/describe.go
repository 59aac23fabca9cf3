package tui

import "peerdiary/diary"

// describe is what to tell a person about an error, in the words of the
// one table in package diary that the command line uses too: the message
// and its first hint, as one clause after the screen's own "Not saved: ".
// Store errors never hold entry text; this also cuts anything long.
func describe(err error) string {
	ex := diary.Explain(err, "", diary.Screen)
	s := ex.Msg
	if len(ex.Hints) > 0 {
		s += "; " + ex.Hints[0]
	}
	s = sanitize(s)
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160]) + "…"
	}
	return s + "."
}

// describeAlone is describe for a message that stands on its own: each
// part as a sentence.
func describeAlone(err error) string {
	return sanitize(diary.Explain(err, "", diary.Screen).Sentences())
}
