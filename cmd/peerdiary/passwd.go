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
		Long: `Change the passphrase that protects the diary's key. Only the key file
is rewritten, atomically, so this is instant however many entries there are.

Copies of identity.age in old backups still open with the old passphrase:
replace them with the new identity.age.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			s, err := diary.Open(a.dir, diary.Options{Now: now})
			if err != nil {
				return err
			}
			defer s.Close()
			a.printWarnings(s)
			old, err := a.unlockWith(s, "Current passphrase for the diary in "+s.Path()+": ")
			if err != nil {
				return err
			}
			defer clear(old)
			newPass, err := a.newPassphrase(envNewPassphraseFile, "New passphrase: ")
			if err != nil {
				return err
			}
			defer clear(newPass)
			if bytes.Equal(old, newPass) {
				return usageError("the new passphrase is the same as the current one", "nothing was changed")
			}
			if err := s.ChangePassphrase(old, newPass); err != nil {
				return err
			}
			fmt.Fprintln(a.io.out, "Changed the passphrase.")
			fmt.Fprintf(a.io.out, "Copies of %s in older backups still open with the old passphrase: replace them with the new one.\n",
				filepath.Join(a.dir, diary.KeyFileName))
			return nil
		}),
	}
}
