package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"peerdiary/crypto"
	"peerdiary/diary"
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

// cliError is an error as a person reads it: what happened, then what to do
// next, and the exit code. Its message never contains entry text.
type cliError struct {
	code  int
	msg   string   // lower case, no final period
	hints []string // next steps, one per line
	cause error    // kept for errors.Is; never printed
}

func (e *cliError) Error() string { return e.msg }
func (e *cliError) Unwrap() error { return e.cause }

// usageError is a mistake in how a command was called.
func usageError(msg string, hints ...string) error {
	return &cliError{code: exitUsage, msg: msg, hints: hints}
}

// printError writes e to w in the format age uses:
//
//	peerdiary: error: <what happened>
//	peerdiary: hint: <what to do>
func printError(w io.Writer, e *cliError) {
	fmt.Fprintf(w, "peerdiary: error: %s\n", e.msg)
	for _, h := range e.hints {
		fmt.Fprintf(w, "peerdiary: hint: %s\n", h)
	}
}

// warn writes one warning line to w.
func warn(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "peerdiary: warning: "+format+"\n", args...)
}

// hint writes one hint line to w.
func hint(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "peerdiary: hint: "+format+"\n", args...)
}

// The hint given whenever the key file may be damaged or replaced.
const restoreKeyHint = "restore identity.age from your backup into the diary folder; your entries are untouched"

// describe turns any error a command returns into what to tell a person.
// Errors that are already cliErrors pass through; the sentinels of packages
// diary and crypto get their message, hints and exit code here, in one place,
// so every command says the same thing about the same problem.
func describe(err error, dir string) *cliError {
	var ce *cliError
	if errors.As(err, &ce) {
		return ce
	}
	var p *diary.Explained
	if errors.As(err, &p) {
		return &cliError{code: exitCodes[p.Kind], msg: p.Msg, hints: p.Hints, cause: err}
	}
	e := &cliError{cause: err}
	keyFile := filepath.Join(dir, diary.KeyFileName)
	switch {
	case errors.Is(err, context.Canceled):
		e.code, e.msg = exitInterrupted, "interrupted"
		e.hints = []string{"nothing was half-saved: every entry is either saved whole or not at all"}

	case errors.Is(err, diary.ErrNoDiary):
		e.code, e.msg = exitFileSystem, "there is no diary in "+dir+" yet"
		e.hints = []string{
			"run peerdiary init to create one",
			"if your diary is elsewhere, pass --diary FOLDER or set PEERDIARY_DIR",
		}
	case errors.Is(err, diary.ErrDiaryExists):
		e.code, e.msg = exitUsage, "a diary already exists in "+dir
		e.hints = []string{
			"run peerdiary to open it, or peerdiary passwd to change its passphrase",
			"to start a separate diary, pass --diary NEWFOLDER",
		}
	case errors.Is(err, diary.ErrKeyFileMissing):
		e.code, e.msg = exitDamaged, dir+" has entries but no key file ("+diary.KeyFileName+")"
		e.hints = []string{
			restoreKeyHint,
			"without it no one can read those entries, so peerdiary will not make a new key over them",
		}
	case errors.Is(err, diary.ErrInUse):
		e.code, e.msg = exitInUse, "the diary is open in another window or terminal"
		e.hints = []string{"close it there first, then try again"}

	case errors.Is(err, crypto.ErrWrongPassphrase):
		e.code, e.msg = exitWrongPassphrase, "that passphrase didn't unlock this diary"
		e.hints = []string{
			"passphrases are case-sensitive; check caps lock",
			"if you are sure of the passphrase, the key file may be damaged: " + restoreKeyHint,
		}
	case errors.Is(err, crypto.ErrEmptyPassphrase):
		e.code, e.msg = exitUsage, "the passphrase is empty"
		e.hints = []string{"type your passphrase; it can't be empty"}
	case errors.Is(err, crypto.ErrKeyFileTooMuchWork):
		e.code, e.msg = exitBadKey, "the key file "+keyFile+" wasn't made by peerdiary: it asks for too much work to open"
		e.hints = []string{"someone may have replaced it; " + restoreKeyHint}
	case errors.Is(err, crypto.ErrNotPassphraseFile):
		e.code, e.msg = exitBadKey, "the key file "+keyFile+" isn't protected by a passphrase, so it wasn't made by peerdiary"
		e.hints = []string{"someone may have replaced it; " + restoreKeyHint}
	case errors.Is(err, crypto.ErrKeyFileDamaged):
		e.code, e.msg = exitDamaged, "the key file "+keyFile+" is damaged"
		e.hints = []string{restoreKeyHint}

	case errors.Is(err, crypto.ErrDamaged), errors.Is(err, crypto.ErrNotAgeFile),
		errors.Is(err, crypto.ErrWrongKey), errors.Is(err, crypto.ErrTooLarge),
		errors.Is(err, diary.ErrBadEntry): // its detail may quote the entry; problemReason never does
		e.code, e.msg = exitDamaged, "this entry can't be read: "+problemReason(err)
		e.hints = []string{"other entries are fine; run peerdiary verify to check every file"}

	case errors.Is(err, diary.ErrNotFound):
		e.code, e.msg = exitUsage, "no entry has that id"
		e.hints = []string{"peerdiary list shows each entry's id; any unique start of it works"}
	case errors.Is(err, diary.ErrAmbiguous):
		e.code, e.msg = exitUsage, "that id matches more than one entry"
		if _, could, ok := strings.Cut(err.Error(), " could be "); ok {
			e.msg += ": it could be " + could
		}
		e.hints = []string{"type more of the id"}
	case errors.Is(err, diary.ErrEmptyBody):
		e.code, e.msg = exitUsage, "the entry is empty"
		e.hints = []string{"give the text with -m \"…\", or pipe it in: peerdiary write < note.txt"}
	case errors.Is(err, diary.ErrBadDate):
		e.code, e.msg = exitUsage, "that is not a date peerdiary understands"
	case errors.Is(err, diary.ErrBodyTooLarge):
		e.code, e.msg = exitUsage, fmt.Sprintf("the entry is too long: the limit is %d bytes (1 MiB)", diary.MaxBodySize)
		e.hints = []string{"split it into several entries"}

	case errors.Is(err, syscall.ENOSPC):
		e.code, e.msg = exitFileSystem, "the disk is full"
		e.hints = []string{"nothing was changed; free some space and try again"}
	case errors.Is(err, syscall.EROFS):
		e.code, e.msg = exitFileSystem, "the diary is on a read-only disk"
		e.hints = []string{"nothing was changed; move the diary to a disk you can write to, or pass --diary"}
	case errors.Is(err, syscall.ENOTDIR):
		e.code, e.msg = exitFileSystem, "not a folder: "+pathOf(err)
		e.hints = []string{"the diary folder, and every folder above it, must be a folder, not a file; pass --diary to choose another"}
	case errors.Is(err, fs.ErrPermission):
		e.code, e.msg = exitFileSystem, "permission denied: "+pathOf(err)
		e.hints = []string{"the diary folder must belong to you: check with ls -ld " + dir + ", then chmod 700 " + dir}
	case errors.Is(err, fs.ErrNotExist):
		e.code, e.msg = exitFileSystem, "no such file or folder: "+pathOf(err)

	default:
		e.code, e.msg = exitInternal, "unexpected problem: "+err.Error()
		e.hints = []string{"nothing was half-saved; if this keeps happening, please report it (without any entry text)"}
	}
	return e
}

// pathOf names the file a file-system error is about, or says it plainly.
func pathOf(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.New
	}
	return err.Error()
}

// problemReason says why a file could not be read, for a person. It never
// repeats the detail of a parse error: a YAML message can quote the text of a
// header, and that text is private.
func problemReason(err error) string {
	switch {
	case errors.Is(err, crypto.ErrWrongKey):
		return "it is encrypted to a different key, so it is not from this diary"
	case errors.Is(err, crypto.ErrNotAgeFile):
		return "it is not an age file, so it is not a peerdiary entry"
	case errors.Is(err, crypto.ErrTooLarge):
		return "it is too large to be a peerdiary entry"
	case errors.Is(err, crypto.ErrDamaged):
		return "it is damaged or was changed (cut short, corrupted or tampered with)"
	case errors.Is(err, diary.ErrBadEntry) && strings.Contains(err.Error(), "newer peerdiary"):
		return "it was written by a newer peerdiary; update peerdiary to read it"
	case errors.Is(err, diary.ErrBadEntry):
		return "it decrypts, but is not a valid peerdiary entry (see docs/FORMAT.md)"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case strings.Contains(err.Error(), "has the same id"):
		// Load's duplicate-id problem names two file paths and an id; no text.
		return err.Error()
	}
	return "it can't be read"
}
