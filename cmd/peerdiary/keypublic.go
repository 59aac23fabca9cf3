package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"peerdiary/crypto"
)

func (a *app) keyPublicCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "public",
		Short: "Print the diary's public key, safe to share",
		Long: `Print the diary's public key (age1pq1…, or age1… for a classic diary). It
is safe to share: it lets someone encrypt to you, and nothing else. A
worker adds it as a contact to send you supervision packets, which you read
with peerdiary open.

On a terminal the key's fingerprint follows it, to read out to whoever adds
you, so you both know the key they have is yours.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				pub, err := d.store.PublicKey()
				if err != nil {
					return err
				}
				fmt.Fprintln(a.io.out, pub)
				if a.io.outTerminal {
					fmt.Fprintf(a.io.err, "peerdiary: fingerprint %s\n", crypto.Fingerprint(pub))
				}
				return nil
			})
		}),
	}
}
