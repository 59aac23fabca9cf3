package main

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"peerdiary/diary"
)

func (a *app) passwdCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "passwd",
		Short: "Change the diary's passphrase",
		Long: `Change the passphrase that protects the diary's key. peerdiary asks for
the current passphrase, then the new one twice. Only the key file is
rewritten, atomically; your entries are not touched, so it takes a few
seconds however many there are.

Copies of identity.age in old backups still open with the old passphrase:
replace them with the new identity.age.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			s, err := a.openLocked()
			if err != nil {
				return err
			}
			defer s.Close()
			if err := a.changePassphrase(s); err != nil {
				return err
			}
			fmt.Fprintln(a.io.out, "Changed the passphrase.")
			fmt.Fprintf(a.io.out, "Copies of %s in older backups still open with the old passphrase: replace them with the new one.\n",
				filepath.Join(a.dir, diary.KeyFileName))
			return nil
		}),
	}
}

// changePassphrase asks for the current and the new passphrase and rewraps
// the diary's key.
//
// Each scrypt run costs about a second, and a change needs two: one to
// unwrap the key with the current passphrase, which is also what proves it
// right, and one to wrap the key with the new passphrase. So the current
// passphrase unlocks the store (one run per try, up to three on a terminal),
// and Store.SetPassphrase then wraps the key already in memory (one run).
//
// Unlocking first also means a new passphrase typed at the terminal is asked
// for only once the current one has proved right: no one types a new
// passphrase twice only to hear the current one was wrong, or is asked for
// it again on the next try. A new passphrase from a file asks nothing of a
// person, so it is read first, and a mistake in that file is reported
// before anyone types anything.
func (a *app) changePassphrase(s *diary.Store) error {
	var newPass []byte
	defer func() { clear(newPass) }()
	var strength diary.Strength
	var err error
	fromFile := a.io.getenv(envNewPassphraseFile) != ""
	if fromFile {
		if newPass, strength, err = a.newPassphrase(envNewPassphraseFile, ""); err != nil {
			return err
		}
	}
	old, err := a.currentPassphrase("Current passphrase for the diary in "+s.Path()+": ", s.Unlock)
	defer clear(old)
	if err != nil {
		return err
	}
	if !fromFile {
		if newPass, strength, err = a.newPassphrase(envNewPassphraseFile, "New passphrase: "); err != nil {
			return err
		}
	}
	if bytes.Equal(old, newPass) {
		return usageError("the new passphrase is the same as the current one", "nothing was changed; choose a different new passphrase")
	}
	if err := s.SetPassphrase(newPass); err != nil {
		return err
	}
	a.warnIfWeak(strength)
	return nil
}
