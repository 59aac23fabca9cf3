package diary

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"peerdiary/crypto"
)

// Surface is where an error is told: the command line, whose hints can name
// commands and flags, or the full-screen diary, whose hints name keys.
type Surface int

// The surfaces.
const (
	CommandLine Surface = iota
	Screen
)

// restoreKeyHint is given whenever the key file may be damaged or replaced.
const restoreKeyHint = "restore identity.age from your backup into the diary folder; your entries are untouched"

// word is one row of the table: which errors it is for, their kind, the
// message, and the hints on each surface (screen nil means the command
// line's hints serve both).
type word struct {
	is      func(error) bool
	kind    Kind
	msg     func(err error, dir string) string
	hints   []string
	screen  []string
	dirHint func(dir string) []string            // hints naming the diary folder
	errHint func(err error, dir string) []string // hints naming what the error is about
}

func sentinel(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func say(s string) func(error, string) string { return func(error, string) string { return s } }

// unreadable is every error that means one file can't be read.
func unreadable(err error) bool {
	for _, s := range []error{crypto.ErrDamaged, crypto.ErrNotAgeFile, crypto.ErrWrongKey, crypto.ErrTooLarge, ErrBadEntry, ErrDuplicateID} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// words is the one table of what peerdiary tells a person about an error.
// The first row that matches wins, so the more particular come first.
var words = []word{
	{is: sentinel(context.Canceled), kind: KindInterrupted, msg: say("interrupted"),
		hints: []string{"nothing was half-saved: every entry is either saved whole or not at all"}},

	{is: sentinel(ErrNoDiary), kind: KindFileSystem,
		msg: func(_ error, dir string) string { return "there is no diary in " + dir + " yet" },
		hints: []string{
			"run peerdiary init to create one",
			"if your diary is elsewhere, pass --diary FOLDER or set PEERDIARY_DIR",
		}},
	{is: sentinel(ErrDiaryExists), kind: KindUsage,
		msg: func(_ error, dir string) string { return "a diary already exists in " + dir },
		hints: []string{
			"run peerdiary to open it, or peerdiary passwd to change its passphrase",
			"to start a separate diary, pass --diary NEWFOLDER",
		}},
	{is: sentinel(ErrKeyFileMissing), kind: KindDamaged,
		msg: func(_ error, dir string) string { return dir + " has entries but no key file (" + KeyFileName + ")" },
		hints: []string{
			restoreKeyHint,
			"without it no one can read those entries, so peerdiary will not make a new key over them",
		}},
	{is: sentinel(ErrInUse), kind: KindInUse, msg: say("the diary is busy: another peerdiary kept saving to it for longer than this command waits"),
		hints:  []string{"nothing was saved; try again in a moment, or wait longer with --wait 1m"},
		screen: []string{"nothing was saved; try again in a moment"}},
	{is: sentinel(ErrKeyChanged), kind: KindInUse, msg: say("the diary's key file was changed by another peerdiary since it was unlocked (a new passphrase or a new key)"),
		hints:  []string{"nothing was saved; run the command again"},
		screen: []string{"nothing was saved; lock (ctrl+l) and unlock with the current passphrase, and your writing is offered back"}},
	{is: sentinel(ErrLocked), kind: KindUsage, msg: say("the diary is locked"),
		hints: []string{"unlock it and try again"}},

	{is: sentinel(crypto.ErrWrongPassphrase), kind: KindWrongPassphrase, msg: say("that passphrase didn't unlock this diary"),
		hints: []string{
			"passphrases are case-sensitive; check caps lock",
			"if you are sure of the passphrase, the key file may be damaged: " + restoreKeyHint,
		}},
	{is: sentinel(crypto.ErrPassphraseTooLong), kind: KindUsage,
		msg:   say(fmt.Sprintf("the passphrase is longer than %d characters", crypto.MaxPassphraseLength)),
		hints: []string{"nothing was changed; a passphrase of a few words is strong enough"}},
	{is: sentinel(crypto.ErrEmptyPassphrase), kind: KindUsage, msg: say("the passphrase is empty"),
		hints: []string{"type your passphrase; it can't be empty"}},
	{is: sentinel(crypto.ErrKeyFileTooMuchWork), kind: KindBadKey,
		msg: func(_ error, dir string) string {
			return "the key file " + filepath.Join(dir, KeyFileName) + " wasn't made by peerdiary: it asks for too much work to open"
		},
		hints: []string{"someone may have replaced it; " + restoreKeyHint}},
	{is: sentinel(crypto.ErrNotPassphraseFile), kind: KindBadKey,
		msg: func(_ error, dir string) string {
			return "the key file " + filepath.Join(dir, KeyFileName) + " isn't protected by a passphrase, so it wasn't made by peerdiary"
		},
		hints: []string{"someone may have replaced it; " + restoreKeyHint}},
	{is: sentinel(crypto.ErrKeyFileUnprotected), kind: KindBadKey,
		msg: func(_ error, dir string) string {
			return "the key file " + filepath.Join(dir, KeyFileName) + " isn't protected by a passphrase: it holds a secret key in plain text"
		},
		hints: []string{
			"anyone who can read this folder, or a copy or backup of it, can read every entry encrypted to that key",
			"if it is your diary's key: " + restoreKeyHint + ", then run peerdiary key rotate to move your diary to a new key, and delete every plain copy",
		}},
	{is: sentinel(crypto.ErrKeyFileDamaged), kind: KindDamaged,
		msg: func(_ error, dir string) string {
			return "the key file " + filepath.Join(dir, KeyFileName) + " is damaged"
		},
		hints: []string{restoreKeyHint}},

	{is: sentinel(crypto.ErrNotRegularFile), kind: KindFileSystem,
		msg:   func(err error, _ string) string { return "not a regular file: " + pathOf(err) },
		hints: []string{"something else (a named pipe, a device, a folder) has the name of a file the diary needs, so it was not read; move it aside, and restore the file from your backup if it is missing"}},

	{is: unreadable, kind: KindDamaged,
		msg:   func(err error, _ string) string { return "this entry can't be read: " + Reason(err) },
		hints: []string{"other entries are fine; run peerdiary verify to check every file"}},

	{is: sentinel(ErrNotFound), kind: KindUsage, msg: say("no entry has that id"),
		hints:  []string{"peerdiary list shows each entry's id; any unique start of it works"},
		screen: []string{"it may have been deleted from another window"}},
	{is: sentinel(ErrAmbiguous), kind: KindUsage,
		msg: func(err error, _ string) string {
			var a *AmbiguousError
			if errors.As(err, &a) && len(a.Candidates) > 0 {
				return "that id matches more than one entry: it could be " + strings.Join(a.Candidates, ", ")
			}
			return "that id matches more than one entry"
		},
		hints: []string{"type more of the id"}},
	{is: sentinel(ErrEmptyBody), kind: KindUsage, msg: say("the entry is empty"),
		hints:  []string{"give the text with -m \"…\", or pipe it in: peerdiary write < note.txt"},
		screen: []string{"write something first"}},
	{is: sentinel(ErrBodyTooLarge), kind: KindUsage,
		msg:   say(fmt.Sprintf("the text is too long for one entry: the limit is %d bytes (1 MiB)", MaxBodySize)),
		hints: []string{"nothing was saved and nothing was cut; split the text into several entries"}},
	{is: sentinel(ErrBadDate), kind: KindUsage, msg: say("that is not a date peerdiary understands"), hints: []string{dateHint}},
	{is: sentinel(ErrBadMood), kind: KindUsage, msg: say("that is not a mood"),
		hints: []string{"use a number from 1 (very low) to 5 (very good)"}},
	{is: sentinel(ErrBadStage), kind: KindUsage, msg: say("that is not a stage"),
		hints: []string{"the stages are into, through and beyond"}},
	{is: sentinel(ErrFutureDate), kind: KindUsage, msg: say("that day hasn't come yet")},
	{is: sentinel(ErrWeakPassphrase), kind: KindUsage, msg: say("that passphrase is too easy to guess"),
		hints: []string{"a few unrelated words are easy to remember and hard to guess"}},

	// People, contacts, flags and exports (supervision).
	{is: sentinel(ErrBadRecord), kind: KindDamaged,
		msg: func(err error, dir string) string {
			return "a record in the diary can't be read: " + after(ErrBadRecord)(err, dir)
		},
		hints: []string{"your entries are untouched; run peerdiary verify to check every file"}},
	{is: sentinel(ErrBadName), kind: KindUsage, msg: after(ErrBadName)},
	{is: sentinel(ErrNoPerson), kind: KindUsage,
		msg:   func(err error, dir string) string { return after(ErrNoPerson)(err, dir) + " is not on the list" },
		hints: []string{"peerdiary people shows the list, by the names they were added with"}},
	{is: sentinel(ErrNoContact), kind: KindUsage,
		msg:    func(err error, dir string) string { return "no contact is called " + after(ErrNoContact)(err, dir) },
		hints:  []string{"peerdiary contacts lists them; add one with peerdiary contacts add NAME KEY"},
		screen: []string{"add your supervisor from a terminal: peerdiary contacts add NAME KEY"}},
	{is: sentinel(ErrContactExists), kind: KindUsage,
		msg: func(err error, dir string) string {
			return "you already have a contact called " + after(ErrContactExists)(err, dir)
		},
		hints: []string{"to change their key, remove them first (peerdiary contacts remove NAME), then add them again, and check the new fingerprint with them"}},
	{is: sentinel(ErrNotFlagged), kind: KindUsage, msg: say("that entry is not flagged"),
		hints: []string{"peerdiary flag lists the flagged entries"}},
	{is: sentinel(ErrNothingToExport), kind: KindUsage, msg: say("no entries match, so there is nothing to export"),
		hints:  []string{"peerdiary list shows your entries; peerdiary flag lists the flagged ones"},
		screen: []string{"mark entries in Browse with space first"}},
	{is: sentinel(ErrBadExport), kind: KindUsage, msg: after(ErrBadExport)},
	{is: sentinel(ErrMixedContacts), kind: KindBadKey,
		msg: func(err error, dir string) string {
			detail := after(ErrMixedContacts)(err, dir)
			detail = strings.TrimSuffix(detail, ": "+crypto.ErrMixedRecipients.Error())
			return detail + ": age won't put both kinds of key in one export"
		},
		hints:  []string{"send one export to each: run peerdiary export once with each --to"},
		screen: []string{"send one export to each"}},
	{is: sentinel(crypto.ErrMixedRecipients), kind: KindBadKey,
		msg:   say("post-quantum keys (age1pq1…) can't share one export with classic or SSH keys, or the file would be open to a quantum computer"),
		hints: []string{"make one export for each kind of key: a contact for the post-quantum keys, another for the others"}},
	{is: sentinel(crypto.ErrSecretKey), kind: KindBadKey, msg: say("that is a secret key: never share it, and don't store anyone else's"),
		hints: []string{"ask for their public key: it starts with age1pq1, age1 or ssh-ed25519 (peerdiary key public prints it)"}},
	{is: sentinel(crypto.ErrUnsupportedKey), kind: KindBadKey,
		msg: func(err error, dir string) string {
			return "that kind of key isn't supported: " + after(crypto.ErrUnsupportedKey)(err, dir)
		},
		hints: []string{"ask for an age key (peerdiary key public or age-keygen prints one), or an ssh-ed25519 or ssh-rsa public key"}},
	{is: sentinel(crypto.ErrBadRecipient), kind: KindBadKey,
		msg: func(err error, dir string) string {
			return "that is not a public key peerdiary can encrypt to: " + after(crypto.ErrBadRecipient)(err, dir)
		},
		hints: []string{"a public key starts with age1pq1, age1, ssh-ed25519 or ssh-rsa; copy the whole line"}},

	{is: sentinel(syscall.ENOSPC), kind: KindFileSystem, msg: say("the disk is full"),
		hints: []string{"nothing was changed; free some space and try again"}},
	{is: sentinel(syscall.EROFS), kind: KindFileSystem, msg: say("the diary is on a read-only disk"),
		hints: []string{"nothing was changed; move the diary to a disk you can write to, or pass --diary"}},
	{is: sentinel(syscall.ENOTDIR), kind: KindFileSystem,
		msg:   func(err error, _ string) string { return "not a folder: " + pathOf(err) },
		hints: []string{"the diary folder, and every folder above it, must be a folder, not a file; pass --diary to choose another"}},
	{is: sentinel(fs.ErrPermission), kind: KindFileSystem,
		msg: func(err error, dir string) string { return "permission denied: " + pathIn(err, dir) },
		errHint: func(err error, dir string) []string {
			// A file that can't be read is named, with its own fix; a
			// folder inside the diary its own; anything else gets the
			// diary folder's.
			p := pathIn(err, dir)
			if fi, statErr := os.Lstat(p); p != "" && statErr == nil {
				if !fi.IsDir() {
					return []string{"the file must belong to you and be readable by you: check with ls -l " + p + ", then chmod 600 " + p}
				}
				if p != dir && filepath.IsAbs(p) {
					return []string{"the folder must belong to you: check with ls -ld " + p + ", then chmod 700 " + p}
				}
			}
			return []string{"the diary folder must belong to you: check with ls -ld " + dir + ", then chmod 700 " + dir}
		}},
	{is: sentinel(fs.ErrNotExist), kind: KindFileSystem,
		msg: func(err error, _ string) string { return "no such file or folder: " + pathOf(err) }},
}

// Explain turns any error into what to tell a person, with a kind the
// command line turns into its exit code. It is the one place where
// peerdiary words its errors: the command line and the full-screen diary
// both ask it, so both say the same thing about the same problem. An
// *Explained passes through as it is. dir is the diary folder, which some
// messages name. No message ever contains text from inside an entry.
func Explain(err error, dir string, on Surface) *Explained {
	var ex *Explained
	if errors.As(err, &ex) {
		return ex
	}
	for _, w := range words {
		if !w.is(err) {
			continue
		}
		hints := w.hints
		if on == Screen && w.screen != nil {
			hints = w.screen
		}
		if w.dirHint != nil {
			hints = append(hints[:len(hints):len(hints)], w.dirHint(dir)...)
		}
		if w.errHint != nil {
			hints = append(hints[:len(hints):len(hints)], w.errHint(err, dir)...)
		}
		return &Explained{Kind: w.kind, Msg: w.msg(err, dir), Hints: hints, Err: err}
	}
	return &Explained{Kind: KindInternal, Msg: "unexpected problem: " + err.Error(), Err: err,
		Hints: []string{"nothing was half-saved; if this keeps happening, please report it (without any entry text)"}}
}

// Reason says why a file could not be read, for a person: the end of "can't
// read entries/x.age: …". It never repeats the detail of a parse error: a
// YAML message can quote the text of a header, and that text is private.
func Reason(err error) string {
	var dup *DuplicateIDError
	switch {
	case errors.As(err, &dup):
		return dup.Error() // file paths and an id; no text
	case errors.Is(err, crypto.ErrWrongKey):
		// A stanza changed by one bit and a file made for another key fail
		// the same way, and age can't tell them apart: say both.
		return "it doesn't open with this diary's key: it comes from another diary, or its header was changed"
	case errors.Is(err, crypto.ErrNotAgeFile):
		return "it is not an age file, so it is not a peerdiary entry"
	case errors.Is(err, crypto.ErrTooLarge):
		return "it is too large to be a peerdiary entry"
	case errors.Is(err, crypto.ErrDamaged):
		return "it is damaged or was changed (cut short, corrupted or tampered with)"
	case errors.Is(err, ErrNewerFormat):
		return "it was written by a newer peerdiary; update peerdiary to read it"
	case errors.Is(err, ErrBadEntry):
		return "it decrypts, but is not a valid peerdiary entry (see docs/FORMAT.md)"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, crypto.ErrNotRegularFile):
		return "it is not a regular file (a named pipe, a device or a folder), so it was not read"
	}
	return "it can't be read"
}

// pathOf names the file a file-system error is about, or says it plainly.
// pathIn is pathOf, inside the diary folder dir when the error names a
// path relative to it (files in the diary are opened through its folder).
func pathIn(err error, dir string) string {
	var pe *fs.PathError
	var le *os.LinkError
	if !errors.As(err, &pe) && !errors.As(err, &le) {
		return pathOf(err)
	}
	p := pathOf(err)
	if dir != "" && p != "" && !filepath.IsAbs(p) {
		return filepath.Join(dir, p)
	}
	return p
}

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
