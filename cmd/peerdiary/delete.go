package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) deleteCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete ID --yes",
		Short: "Delete an entry for good (ID or any unique start of it)",
		Args:  oneID,
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			// Refuse before asking for the passphrase.
			if !yes {
				return usageError("delete needs --yes: deleting can't be undone",
					"check it is the right entry with peerdiary show "+args[0]+", then run peerdiary delete "+args[0]+" --yes")
			}
			s, e, _, err := a.find(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.Delete(e.ID); err != nil {
				return err
			}
			fmt.Fprintf(a.io.out, "Deleted the entry of %s (%s).\n", longDate(e.Created), e.ID)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "really delete it")
	return cmd
}
