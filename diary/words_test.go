package diary

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"peerdiary/crypto"
)

// TestExplain: every error a caller must tell apart gets its own kind and
// words on both surfaces, in the house style (lower case, no final period),
// and never the text of an entry.
func TestExplain(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("doing something: %w", err) }
	private := fmt.Errorf("%w: header: yaml: cannot unmarshal !!str `private words`", ErrBadEntry)
	for _, tc := range []struct {
		err  error
		kind Kind
		msg  string // a part of the message
	}{
		{context.Canceled, KindInterrupted, "interrupted"},
		{ErrNoDiary, KindFileSystem, "there is no diary in /d yet"},
		{ErrDiaryExists, KindUsage, "already exists in /d"},
		{ErrKeyFileMissing, KindDamaged, "no key file"},
		{wrap(ErrInUse), KindInUse, "the diary is busy"},
		{wrap(ErrKeyChanged), KindInUse, "key file was changed by another peerdiary"},
		{ErrLocked, KindUsage, "locked"},
		{crypto.ErrWrongPassphrase, KindWrongPassphrase, "didn't unlock"},
		{crypto.ErrEmptyPassphrase, KindUsage, "empty"},
		{wrap(crypto.ErrKeyFileDamaged), KindDamaged, "/d/identity.age is damaged"},
		{wrap(crypto.ErrKeyFileTooMuchWork), KindBadKey, "too much work"},
		{wrap(crypto.ErrNotPassphraseFile), KindBadKey, "isn't protected by a passphrase"},
		{wrap(crypto.ErrDamaged), KindDamaged, "damaged or was changed"},
		{wrap(crypto.ErrNotAgeFile), KindDamaged, "not an age file"},
		{wrap(crypto.ErrWrongKey), KindDamaged, "or its header was changed"},
		{wrap(crypto.ErrTooLarge), KindDamaged, "too large"},
		{private, KindDamaged, "not a valid peerdiary entry"},
		{fmt.Errorf("%w: %w (format 2)", ErrBadEntry, ErrNewerFormat), KindDamaged, "newer peerdiary"},
		{&DuplicateIDError{ID: "abc", File: "entries/abc.age"}, KindDamaged, "same id abc as entries/abc.age"},
		{wrap(ErrNotFound), KindUsage, "no entry has that id"},
		{&AmbiguousError{Prefix: "ab", Candidates: []string{"ab1", "ab2"}}, KindUsage, "it could be ab1, ab2"},
		{ErrEmptyBody, KindUsage, "the entry is empty"},
		{wrap(ErrBodyTooLarge), KindUsage, "too long"},
		{wrap(ErrBadDate), KindUsage, "not a date"},
		{badDate("someday"), KindUsage, `"someday"`},
		{wrap(ErrBadMood), KindUsage, "not a mood"},
		{wrap(ErrFutureDate), KindUsage, "hasn't come yet"},
		{&fs.PathError{Op: "write", Path: "/d/entries/x.age", Err: syscall.ENOSPC}, KindFileSystem, "the disk is full"},
		{&fs.PathError{Op: "open", Path: "/d/entries", Err: syscall.EROFS}, KindFileSystem, "read-only"},
		{&fs.PathError{Op: "open", Path: "/d/entries", Err: syscall.EACCES}, KindFileSystem, "permission denied: /d/entries"},
		{&fs.PathError{Op: "mkdir", Path: "/d", Err: syscall.ENOTDIR}, KindFileSystem, "not a folder: /d"},
		{errors.New("something unforeseen"), KindInternal, "unexpected problem"},
	} {
		for _, on := range []Surface{CommandLine, Screen} {
			e := Explain(tc.err, "/d", on)
			if e.Kind != tc.kind || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("Explain(%v, %v) = %v %q; want %v and %q", tc.err, on, e.Kind, e.Msg, tc.kind, tc.msg)
			}
			if !errors.Is(e, tc.err) && e.Err != tc.err {
				t.Errorf("Explain(%v) lost the error it explains", tc.err)
			}
			all := e.Msg + strings.Join(e.Hints, " ")
			if strings.Contains(all, "private words") {
				t.Errorf("Explain(%v): %q repeats text from the entry", tc.err, all)
			}
			if e.Msg != strings.ToLower(e.Msg[:1])+e.Msg[1:] || strings.HasSuffix(e.Msg, ".") {
				t.Errorf("Explain(%v): message %q should be lower case with no final period", tc.err, e.Msg)
			}
		}
	}
}

// The full-screen diary gets hints that make sense there: no flags.
func TestExplainOnScreen(t *testing.T) {
	cli, screen := Explain(ErrEmptyBody, "/d", CommandLine), Explain(ErrEmptyBody, "/d", Screen)
	if !strings.Contains(cli.Hints[0], "-m") || strings.Contains(screen.Hints[0], "-m") {
		t.Errorf("hints: command line %q, screen %q", cli.Hints, screen.Hints)
	}
	mine := usage(ErrBadMood, "a worded mistake", "a hint")
	if got := Explain(fmt.Errorf("wrapped: %w", mine), "/d", Screen); got != mine {
		t.Errorf("an Explained error did not pass through: %+v", got)
	}
}
