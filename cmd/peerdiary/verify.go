package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"peerdiary/diary"
)

func (a *app) verifyCommand() *cobra.Command {
	var quarantine bool
	cmd := &cobra.Command{
		Use:   "verify [--quarantine]",
		Short: "Decrypt every file and report each damaged one",
		Long: `Decrypt every file of the diary (the key file, entries, drafts and
records) and name each one that is damaged, changed, or not from this diary.
Exits with code 5 if any is.

--quarantine moves damaged files into the damaged/ folder, where they are
kept, never deleted, and no longer listed.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				return a.verify(cmd.Context(), d.store, quarantine)
			})
		}),
	}
	cmd.Flags().BoolVar(&quarantine, "quarantine", false, "move damaged files into damaged/")
	return cmd
}

func (a *app) verify(ctx context.Context, s *diary.Store, quarantine bool) error {
	problems, checked, err := s.Verify(ctx)
	if err != nil {
		return err
	}
	for _, p := range problems {
		message(a.io.err, "damaged", "%s: %s", p.Path, diary.Reason(p.Err))
	}
	moved := 0
	if quarantine {
		for _, p := range problems {
			if err := s.Quarantine(p.Path); err != nil {
				return fmt.Errorf("moving %s into %s/: %w", p.Path, diary.DamagedDir, err)
			}
			moved++
		}
	}
	// The key file was checked too, by unlocking.
	fmt.Fprintf(a.io.out, "checked %d files, %d damaged\n", checked+1, len(problems))
	if moved > 0 {
		fmt.Fprintf(a.io.out, "moved %d %s into %s/; they are kept there and no longer listed\n",
			moved, plural(moved, "file", "files"), diary.DamagedDir)
	}
	if len(problems) > 0 {
		if !quarantine {
			hint(a.io.err, "run peerdiary verify --quarantine to move damaged files aside (nothing is deleted), or restore them from a backup")
		}
		a.exitCode = exitDamaged
	}
	return nil
}
