package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"peerdiary/diary"
)

func (a *app) deleteCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete ID --yes",
		Short: "Delete an entry for good (ID or any unique start of it)",
		Long: `Delete an entry's file. There is no undo, so nothing happens without
--yes: check it is the right entry with peerdiary show ID first. ID is the
id peerdiary list shows, or any unique start of it.`,
		Args: oneID,
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			// Refuse before asking for the passphrase.
			if !yes {
				return usageError("delete needs --yes: deleting can't be undone",
					"check it is the right entry with peerdiary show "+args[0]+", then run peerdiary delete "+args[0]+" --yes")
			}
			return a.withEntry(cmd.Context(), args[0], func(d *unlocked, e *diary.Entry, _ string) error {
				if err := d.store.Delete(e.ID); err != nil {
					return err
				}
				fmt.Fprintf(a.io.out, "Deleted the entry of %s (%s).\n", longDate(e.Created), e.ID)
				return nil
			})
		}),
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "really delete it")
	return cmd
}
