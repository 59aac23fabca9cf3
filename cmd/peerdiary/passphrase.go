package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"golang.org/x/term"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// Passphrases come from the terminal, or for scripts from a file. Never from
// argv or a plain environment variable: every account can read a process's
// arguments, and its environment is inherited by every child.
const (
	// envPassphraseFile names a file whose first line is the passphrase.
	envPassphraseFile = "PEERDIARY_PASSPHRASE_FILE"
	// envNewPassphraseFile names a file whose first line is the new
	// passphrase for passwd.
	envNewPassphraseFile = "PEERDIARY_NEW_PASSPHRASE_FILE"

	// maxTries is how many passphrases a person may type before the command
	// gives up; each try costs about a second of scrypt anyway.
	maxTries = 3

	// maxPassphraseFile caps how much of a passphrase file is read.
	maxPassphraseFile = 64 << 10
)

// restoreTerminal, while a passphrase is being read, puts the terminal back
// the way it was (echo on). The interrupt handler calls it before exiting, so
// ctrl+c at a prompt never leaves a terminal that shows nothing typed.
var restoreTerminal atomic.Pointer[func()]

// errNoTerminal means a passphrase is needed but there is no terminal to ask
// on and no passphrase file.
func errNoTerminal(cause error, fileVar string) error {
	return problem(diary.KindUsage, "there is no terminal to ask for the passphrase on", cause,
		"run peerdiary in a terminal, or, for scripts, put the passphrase on the first line of a file only you can read and set "+fileVar+" to its path")
}

// readPassphraseFile returns the first line of the file, without its line
// ending. It warns if other accounts can read the file.
func readPassphraseFile(path string, errw io.Writer) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, problem(diary.KindUsage, "can't read the passphrase file: "+err.Error(), err,
			"check the path in "+envPassphraseFile+" or "+envNewPassphraseFile)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm()&0o077 != 0 {
		warn(errw, "the passphrase file %s can be read by other accounts (%v); run: chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxPassphraseFile))
	if err != nil {
		return nil, problem(diary.KindUsage, "can't read the passphrase file: "+err.Error(), err)
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	pass := bytes.Clone(line)
	clear(data)
	if len(pass) == 0 {
		return nil, problem(diary.KindUsage, "the passphrase file "+path+" has an empty first line", nil,
			"put the passphrase on the first line of the file")
	}
	return pass, nil
}

// askSecret writes prompt to the terminal and reads one line with echo off.
// Nothing is echoed, not even one mark per character.
func askSecret(tty *os.File, prompt string) ([]byte, error) {
	fmt.Fprint(tty, prompt)
	fd := int(tty.Fd())
	if state, err := term.GetState(fd); err == nil {
		restore := func() {
			_ = term.Restore(fd, state)
			fmt.Fprintln(tty)
		}
		restoreTerminal.Store(&restore)
		defer restoreTerminal.Store(nil)
	}
	pass, err := term.ReadPassword(fd)
	fmt.Fprintln(tty)
	if errors.Is(err, io.EOF) {
		return nil, problem(diary.KindUsage, "no passphrase was typed", err, "type the passphrase, then press enter")
	}
	if err != nil {
		return nil, errNoTerminal(err, envPassphraseFile)
	}
	return pass, nil
}

// unlock opens the key file with the diary's passphrase. From a file it tries
// once; on the terminal it allows maxTries, saying how many are left.
func (a *app) unlock(s *diary.Store) error {
	pass, err := a.currentPassphrase("Passphrase for the diary in "+s.Path()+": ", s.Unlock)
	clear(pass)
	return err
}

// currentPassphrase reads the diary's passphrase, from the file named by
// PEERDIARY_PASSPHRASE_FILE (one try) or the terminal (maxTries), and hands
// each one to use, which checks it by doing its work: unlocking, or changing
// the passphrase. A try fails over to the next only when use says the
// passphrase was wrong. It returns the passphrase that worked; the caller
// clears it.
func (a *app) currentPassphrase(prompt string, use func(pass []byte) error) ([]byte, error) {
	if path := a.io.getenv(envPassphraseFile); path != "" {
		pass, err := readPassphraseFile(path, a.io.err)
		if err != nil {
			return nil, err
		}
		if err := use(pass); err != nil {
			clear(pass)
			return nil, err
		}
		return pass, nil
	}
	tty, err := a.io.openTTY()
	if err != nil {
		return nil, errNoTerminal(err, envPassphraseFile)
	}
	defer tty.Close()
	for try := 1; ; try++ {
		pass, err := askSecret(tty, prompt)
		if err != nil {
			return nil, err
		}
		if len(pass) == 0 {
			err = crypto.ErrEmptyPassphrase
		} else if err = use(pass); err == nil {
			return pass, nil
		}
		clear(pass)
		if try == maxTries || !(errors.Is(err, crypto.ErrWrongPassphrase) || errors.Is(err, crypto.ErrEmptyPassphrase)) {
			return nil, err
		}
		what := "that passphrase didn't unlock this diary; check caps lock"
		if errors.Is(err, crypto.ErrEmptyPassphrase) {
			what = "the passphrase can't be empty"
		}
		left := maxTries - try
		fmt.Fprintf(a.io.err, "peerdiary: %s; %d %s left\n", what, left, plural(left, "try", "tries"))
	}
}

// newPassphrase asks for a new passphrase: from the file named by fileVar if
// it is set, else twice on the terminal, refusing a mismatch. The one
// passphrase rule (diary.CheckPassphrase) is applied before it is asked for
// again; the caller warns about a weak one with warnIfWeak once it is in
// use.
func (a *app) newPassphrase(fileVar, prompt string) ([]byte, diary.Strength, error) {
	var pass []byte
	if path := a.io.getenv(fileVar); path != "" {
		p, err := readPassphraseFile(path, a.io.err)
		if err != nil {
			return nil, 0, err
		}
		strength, err := diary.CheckPassphrase(p)
		if err != nil {
			clear(p)
			return nil, 0, err
		}
		return p, strength, nil
	} else {
		tty, err := a.io.openTTY()
		if err != nil {
			return nil, 0, errNoTerminal(err, fileVar)
		}
		defer tty.Close()
		first, err := askSecret(tty, prompt)
		if err != nil {
			return nil, 0, err
		}
		strength, err := diary.CheckPassphrase(first)
		if err != nil {
			clear(first)
			return nil, 0, err
		}
		again, err := askSecret(tty, "Type it again to check: ")
		if err != nil {
			clear(first)
			return nil, 0, err
		}
		same := bytes.Equal(first, again)
		clear(again)
		if !same {
			clear(first)
			return nil, 0, usageError("the two passphrases didn't match", "nothing was changed; try again")
		}
		pass = first
		return pass, strength, nil
	}
}

// warnIfWeak warns, but does not refuse, when a new passphrase is weak.
func (a *app) warnIfWeak(s diary.Strength) {
	if s == diary.StrengthWeak {
		warn(a.io.err, "that passphrase is weak: anyone who copies identity.age could try to guess it")
		hint(a.io.err, "%s Change it any time with peerdiary passwd.", s.Advice())
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
