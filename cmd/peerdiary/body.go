package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"peerdiary/diary"
)

// readBody returns an entry's text: the -m value if one was given, else
// standard input. Text is never read from a terminal here: what is typed at
// a shell prompt stays in the terminal's scrollback after peerdiary exits,
// where the next person at a shared computer can scroll up to it. The
// full-screen diary clears the screen when it closes; that is the place to
// type.
func (a *app) readBody(message string, messageSet bool) (string, error) {
	var body string
	switch {
	case messageSet:
		body = strings.TrimRightFunc(message, unicode.IsSpace)
	case a.io.inTerminal:
		return "", usageError("no text given",
			"pipe the text in: peerdiary write < note.txt",
			"or run peerdiary with no command to write in the full-screen diary, which leaves nothing in the terminal's scrollback",
			"-m \"text\" works too, but the text then stays in your shell history")
	default:
		// All of it or none of it: text over the limit is refused whole,
		// never cut (see diary.ReadText).
		text, err := diary.ReadText(a.io.in)
		if err != nil {
			return "", err
		}
		body = text
	}
	if len(body) > diary.MaxBodySize {
		return "", fmt.Errorf("%w: %d bytes", diary.ErrBodyTooLarge, len(body))
	}
	if strings.IndexByte(body, 0) >= 0 {
		return "", usageError("the text has binary data in it (NUL bytes)",
			"peerdiary keeps text only; check that you piped in the file you meant to")
	}
	if !utf8.ValidString(body) {
		return "", usageError("the text is not valid UTF-8",
			"convert it first, for example: iconv -t UTF-8 note.txt | peerdiary write")
	}
	return body, nil
}
