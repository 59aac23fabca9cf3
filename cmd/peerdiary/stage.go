package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"peerdiary/diary"
)

func (a *app) stageCommand() *cobra.Command {
	var since string
	cmd := &cobra.Command{
		Use:   "stage [into|through|beyond] [--since DATE]",
		Short: "Show or set where you are in the role: into, through or beyond it",
		Long: `Show your stage in the role, or record a new one. Peer work has
transitions: into the role (training, first weeks, learning the
organisation), through it (adapting, speaking up, growing confidence) and
beyond it (development, next steps). The prompt of the day leans towards
your stage, and insights draws your stages over time.

--since backdates the change to a day (2026-09-01, "last monday"); a
change on a day that already has one replaces it.`,
		Args: argsBetween(0, 1, "stage takes at most one stage", "peerdiary stage through"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			var change *diary.StageChange
			if len(args) == 1 {
				stage, err := diary.ParseStage(args[0])
				if err != nil {
					return err
				}
				c, err := diary.NewStageChange(stage, since, now())
				if err != nil {
					return err
				}
				change = &c
			} else if since != "" {
				return usageError("--since needs a stage", "peerdiary stage through --since 2026-09-01")
			}
			var settings *diary.Settings
			var err error
			if change == nil {
				err = a.withDiary(cmd.Context(), needSettings, func(d *unlocked) error {
					settings = d.settings
					return nil
				})
			} else {
				settings, err = a.changeSettings(cmd.Context(), func(st *diary.Settings) error {
					st.RecordStage(*change)
					return nil
				})
			}
			if err != nil {
				return err
			}
			if len(settings.Stages) == 0 {
				fmt.Fprintln(a.io.out, "No stage set yet. Set one with: peerdiary stage into (or through, or beyond).")
				return nil
			}
			cur := settings.StageAt(now())
			if cur == "" {
				cur = "not yet"
			}
			fmt.Fprintf(a.io.out, "Stage now: %s\n", cur)
			for _, c := range settings.Stages {
				fmt.Fprintf(a.io.out, "  %-8s since %s\n", c.Stage, c.Since.In(now().Location()).Format(time.DateOnly))
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&since, "since", "", "the `day` the stage began (default now)")
	return cmd
}
