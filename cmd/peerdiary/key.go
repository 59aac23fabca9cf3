package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"peerdiary/crypto"
	"peerdiary/diary"
)

func (a *app) keyCommand() *cobra.Command {
	key := &cobra.Command{
		Use:   "key",
		Short: "Show the public key, export the secret key, or move to a new key",
		Args:  noArgs,
	}
	var yes bool
	export := &cobra.Command{
		Use:   "export",
		Short: "Print the diary's secret key, for the age command line",
		Long: `Print the diary's secret key (an age identity, as age-keygen writes it).
Anyone who has it can read every entry, without the passphrase.

Send it straight where it is needed, for example to a file on an encrypted
USB stick:

  peerdiary key export > /media/stick/key.txt
  age -d -i /media/stick/key.txt entries/<id>.age

You usually do not need it: age -d -i identity.age entries/<id>.age reads an
entry with just your passphrase.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			if a.io.outTerminal && !yes {
				return usageError("not printing the secret key to the terminal without --yes",
					"this key opens every entry without the passphrase, and the screen keeps what is printed on it",
					"send it to a file on an encrypted USB stick: peerdiary key export > /media/stick/key.txt",
					"or add --yes to print it here anyway, then clear the terminal")
			}
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				text, err := d.store.ExportIdentity()
				if err != nil {
					return err
				}
				defer clear(text)
				if a.io.outTerminal {
					warn(a.io.err, "this is the key to every entry: anyone who sees it can read your diary without the passphrase")
				}
				_, err = a.io.out.Write(text)
				return err
			})
		}),
	}
	export.Flags().BoolVar(&yes, "yes", false, "print the key even on a terminal")
	key.AddCommand(a.keyPublicCommand(), export, a.keyRotateCommand())
	return key
}

func (a *app) keyRotateCommand() *cobra.Command {
	var keepOld string
	cmd := &cobra.Command{
		Use:   "rotate [--keep-old FILE]",
		Short: "Move the diary to a new key, sealing every entry again",
		Long: `Make a new key for the diary and seal every entry, draft and record again
to it. The passphrase stays the same.

Use it when someone else may have the diary's key: a backup of identity.age
was lost or left on a shared computer, you shared your passphrase, or you are
leaving a job where someone had both. Changing the passphrase alone
(peerdiary passwd) is not enough then: an old copy of identity.age still
opens with the old passphrase, and the key inside it reads every entry
written after the change too. After a rotation it reads none of them.

It takes about as long as reading the whole diary, and other peerdiary
commands wait for it (see --wait). It is safe to interrupt: the diary works
throughout, and running key rotate again finishes the change.

Back up the new identity.age afterwards. Backups of entries made before
need the old key: --keep-old FILE keeps a copy of the old key file (it
opens with the passphrase) at FILE; otherwise the old key is gone.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			if keepOld != "" {
				abs, err := filepath.Abs(keepOld)
				if err != nil {
					return err
				}
				keepOld = abs
				if _, err := os.Lstat(keepOld); err == nil {
					return usageError("the file "+keepOld+" exists already", "choose a new file name for the old key file; nothing was changed")
				}
			}
			s, err := a.openLocked()
			if err != nil {
				return err
			}
			defer s.Close()
			pass, err := a.currentPassphrase("Passphrase for the diary in "+s.Path()+": ", s.Unlock)
			if err != nil {
				return err
			}
			defer clear(pass)
			var keep func([]byte) error
			if keepOld != "" {
				keep = func(keyFile []byte) error { return writeNewFile(keepOld, keyFile) }
			}
			r, err := s.RotateKey(cmd.Context(), pass, keep)
			if err != nil {
				return err
			}
			for _, p := range r.Unreadable {
				warn(a.io.err, "left as it was, because neither key opens it: %s: %s", p.Path, diary.Reason(p.Err))
			}
			out := a.io.out
			if r.Resumed {
				fmt.Fprintln(out, "Finished the interrupted move to the new key.")
			} else {
				fmt.Fprintln(out, "Moved the diary to a new key.")
			}
			fmt.Fprintf(out, "%d %s sealed again to %s; the passphrase is unchanged.\n",
				r.Resealed+r.Already, plural(r.Resealed+r.Already, "file", "files"), crypto.Fingerprint(r.NewKey))
			fmt.Fprintf(out, "Back up %s now: older copies of it do not open what you write from now on.\n",
				filepath.Join(a.dir, diary.KeyFileName))
			if keepOld != "" {
				fmt.Fprintf(out, "The old key file is in %s; it opens with the passphrase and reads backups made before.\n", keepOld)
			}
			hint(a.io.err, "if your passphrase was known to someone else, change it too: peerdiary passwd")
			return nil
		}),
	}
	cmd.Flags().StringVar(&keepOld, "keep-old", "", "keep a copy of the old key file at `FILE` (it opens with the passphrase)")
	return cmd
}
