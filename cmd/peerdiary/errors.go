package main

import (
	"fmt"
	"io"

	"peerdiary/diary"
	"peerdiary/internal/safetext"
)

// Exit codes. They are part of the command line's interface, documented in
// README.md and docs/CLI.md; never renumber them.
const (
	exitOK              = 0
	exitInternal        = 1   // a bug, or something peerdiary did not foresee
	exitUsage           = 2   // bad flag, bad date, empty body, unknown or ambiguous id
	exitWrongPassphrase = 3   // the passphrase did not open the key file
	exitInUse           = 4   // another peerdiary has the diary open
	exitDamaged         = 5   // a damaged or unreadable file: entry, key file
	exitBadKey          = 6   // a key file that peerdiary did not make
	exitFileSystem      = 7   // no diary, permissions, disk full, read-only
	exitInterrupted     = 130 // ctrl+c, or the terminal closed
)

// exitCodes is the exit code of each kind of problem.
var exitCodes = map[diary.Kind]int{
	diary.KindInternal:        exitInternal,
	diary.KindUsage:           exitUsage,
	diary.KindWrongPassphrase: exitWrongPassphrase,
	diary.KindInUse:           exitInUse,
	diary.KindDamaged:         exitDamaged,
	diary.KindBadKey:          exitBadKey,
	diary.KindFileSystem:      exitFileSystem,
	diary.KindInterrupted:     exitInterrupted,
}

// problem is an error already in words for a person (see diary.Explained),
// of the kind that picks its exit code. Its message never contains entry
// text.
func problem(kind diary.Kind, msg string, cause error, hints ...string) error {
	return &diary.Explained{Kind: kind, Msg: msg, Hints: hints, Err: cause}
}

// usageError is a mistake in how a command was called.
func usageError(msg string, hints ...string) error {
	return problem(diary.KindUsage, msg, nil, hints...)
}

// describe is what to tell a person about any error a command returns, in
// the words of the one table in package diary, which the full-screen diary
// uses too.
func describe(err error, dir string) *diary.Explained {
	return diary.Explain(err, dir, diary.CommandLine)
}

// printError writes e to w in the format age uses:
//
//	peerdiary: error: <what happened>
//	peerdiary: hint: <what to do>
//
// Every message line goes through safetext.Name: messages name files,
// folders and arguments, and a file name can hold escape sequences that
// would retitle the window, clear the screen or write the clipboard.
func printError(w io.Writer, e *diary.Explained) {
	message(w, "error", "%s", e.Msg)
	for _, h := range e.Hints {
		message(w, "hint", "%s", h)
	}
}

// warn writes one warning line to w.
func warn(w io.Writer, format string, args ...any) { message(w, "warning", format, args...) }

// hint writes one hint line to w.
func hint(w io.Writer, format string, args ...any) { message(w, "hint", format, args...) }

// message writes one line of standard error, "peerdiary: KIND: TEXT", with
// TEXT made safe to show whatever it quotes.
func message(w io.Writer, kind, format string, args ...any) {
	fmt.Fprintf(w, "peerdiary: %s: %s\n", kind, safetext.Name(fmt.Sprintf(format, args...)))
}
