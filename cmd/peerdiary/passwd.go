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
// Each scrypt run costs about a second, and the change itself needs two:
// Store.ChangePassphrase unwraps the key with the current passphrase, which
// also checks it, then wraps it with the new one. The order of asking decides
// whether a third is needed:
//
//   - The new passphrase from a file (PEERDIARY_NEW_PASSPHRASE_FILE) asks
//     nothing of a person, so it is read first, and each try of the current
//     passphrase is a ChangePassphrase call: two scrypt runs in all, and a
//     wrong try costs only the one that fails to unwrap.
//   - A new passphrase typed at the terminal is asked for only once the
//     current one is known to be right, so that no one types a new
//     passphrase twice only to hear the current one was wrong, or is asked
//     for it again on the next try. That check is a scrypt run of its own
//     (Unlock), before ChangePassphrase's two.
func (a *app) changePassphrase(s *diary.Store) error {
	current := "Current passphrase for the diary in " + s.Path() + ": "
	var newPass []byte
	defer func() { clear(newPass) }()
	change := func(old []byte) error {
		if bytes.Equal(old, newPass) {
			// Say so only if it really is the current one. Rare, so the
			// extra scrypt run costs nothing in the usual case.
			if err := s.Unlock(old); err != nil {
				return err
			}
			return usageError("the new passphrase is the same as the current one", "nothing was changed; choose a different new passphrase")
		}
		return s.ChangePassphrase(old, newPass)
	}

	if a.io.getenv(envNewPassphraseFile) != "" {
		var err error
		if newPass, err = a.newPassphrase(envNewPassphraseFile, ""); err != nil {
			return err
		}
		old, err := a.currentPassphrase(current, change)
		clear(old)
		if err != nil {
			return err
		}
		a.warnIfShort(newPass)
		return nil
	}

	old, err := a.currentPassphrase(current, s.Unlock)
	defer clear(old)
	if err != nil {
		return err
	}
	if newPass, err = a.newPassphrase(envNewPassphraseFile, "New passphrase: "); err != nil {
		return err
	}
	if err := change(old); err != nil {
		return err
	}
	a.warnIfShort(newPass)
	return nil
}
