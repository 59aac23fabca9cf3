package main

import (
	"github.com/spf13/cobra"
)

func (a *app) keyCommand() *cobra.Command {
	key := &cobra.Command{
		Use:   "key",
		Short: "Export the diary's secret key, for the age command line",
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
	key.AddCommand(export)
	return key
}
