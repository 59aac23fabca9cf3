package main

import (
	"fmt"
	"slices"
	"strings"
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
			var stage diary.Stage
			var at time.Time
			if len(args) == 1 {
				stage = diary.Stage(strings.ToLower(strings.TrimSpace(args[0])))
				switch stage {
				case diary.StageInto, diary.StageThrough, diary.StageBeyond:
				default:
					return usageError(fmt.Sprintf("%q is not a stage", printable(args[0], false)),
						"the stages are into, through and beyond")
				}
				at = now()
				if since != "" {
					t, _, err := diary.ParseDate(since, now())
					if err != nil {
						return err
					}
					at = diary.StartOfDay(t)
				}
			} else if since != "" {
				return usageError("--since needs a stage", "peerdiary stage through --since 2026-09-01")
			}
			var settings *diary.Settings
			var err error
			if stage == "" {
				err = a.withDiary(cmd.Context(), needSettings, func(d *unlocked) error {
					settings = d.settings
					return nil
				})
			} else {
				settings, err = a.changeSettings(cmd.Context(), func(st *diary.Settings) error {
					st.Stages = withStage(st.Stages, diary.StageChange{Stage: stage, Since: at.Truncate(time.Second)})
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

// withStage adds a stage change in date order, replacing one on the same day.
func withStage(history []diary.StageChange, c diary.StageChange) []diary.StageChange {
	day := c.Since.Format(time.DateOnly)
	out := slices.DeleteFunc(slices.Clone(history), func(h diary.StageChange) bool {
		return h.Since.In(c.Since.Location()).Format(time.DateOnly) == day
	})
	out = append(out, c)
	slices.SortStableFunc(out, func(x, y diary.StageChange) int { return x.Since.Compare(y.Since) })
	return out
}
