package main

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/insights"
	"peerdiary/internal/safetext"
	"peerdiary/tui/chart"
)

func (a *app) insightsCommand() *cobra.Command {
	var asJSON bool
	var weeks int
	cmd := &cobra.Command{
		Use:   "insights [--weeks N] [--json]",
		Short: "Draw your writing over time: themes, mood, calendar, streak",
		Long: `Draw pictures of your writing, from your first entry (or the last 52
weeks) to today, in three parts:

  Weeks   entries per week by theme, your recorded mood, the entries
          written after something happened on shift (an overdose, the
          debrief, or an entry you tagged #incident), your stage over time,
          and the themes that have been quiet, with a prompt on offer
  Themes  each theme week by week, and for each: how many entries, the
          mood recorded with them, and what within it you wrote about most
  Days    a calendar of the days you wrote, what you wrote a month and a
          year ago (by prompt and mood, with its id for peerdiary show),
          and your writing streak

The pictures show as many weeks as fit the window and say so when that is
fewer. Nothing here is a score. --json prints the numbers behind the
pictures (docs/CLI.md describes them). "peerdiary insights streak off"
leaves the streak out.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			if weeks < 1 || weeks > 520 {
				return usageError(fmt.Sprintf("--weeks must be from 1 to 520, not %d", weeks),
					fmt.Sprintf("leave --weeks out for up to %d weeks", insights.DefaultWeeks))
			}
			return a.withDiary(cmd.Context(), needCatalog|needSettings, func(d *unlocked) error {
				opts := insights.Options{Now: now(), Weeks: weeks, Settings: d.settings}
				cis, err := d.store.CheckIns()
				if err != nil { // the entries still make the pictures; the error could quote the file
					warn(a.io.err, "can't read the shift-end check-ins (%s), so the pictures leave them out", "records/"+diary.CheckInsRecord+".age")
					hint(a.io.err, "peerdiary verify checks every file")
				}
				opts.CheckIns = cis
				if asJSON {
					return writeJSON(a.io.out, insights.Compute(d.catalog.Entries, opts))
				}
				opts.Fit = chart.FitWeeks(a.io.width)
				r := insights.Compute(d.catalog.Entries, opts)
				// Colours only on a terminal that shows them; lipgloss
				// drops them for a pipe, a file or NO_COLOR.
				_, err = lipgloss.Fprintln(a.io.out, chart.Render(r, a.io.width, chart.DefaultStyles(true)))
				return err
			})
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the numbers as JSON")
	cmd.Flags().IntVar(&weeks, "weeks", insights.DefaultWeeks, "the most `weeks` to cover, ending this week")
	cmd.AddCommand(a.insightsStreakCommand())
	return cmd
}

// insightsStreakCommand shows or sets whether insights count the days
// written in a row.
func (a *app) insightsStreakCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "streak [on|off]",
		Short: "Show or leave out the writing streak",
		Long: `Show whether insights count the days you wrote in a row, or turn that
on or off. With shift work a streak can feel like one more thing to keep
up; off, insights still say when you last wrote. The setting is kept in
the diary, encrypted, and the full-screen diary follows it too.`,
		Args: argsBetween(0, 1, "streak takes on or off", "peerdiary insights streak off"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			var settings *diary.Settings
			var err error
			if len(args) == 0 {
				err = a.withDiary(cmd.Context(), needSettings, func(d *unlocked) error {
					settings = d.settings
					return nil
				})
			} else {
				var hide bool
				switch strings.ToLower(strings.TrimSpace(args[0])) {
				case "on":
				case "off":
					hide = true
				default:
					return usageError(fmt.Sprintf("%q is not on or off", safetext.Name(args[0])),
						"peerdiary insights streak off")
				}
				settings, err = a.changeSettings(cmd.Context(), func(st *diary.Settings) error {
					st.HideStreak = hide
					return nil
				})
			}
			if err != nil {
				return err
			}
			if settings.HideStreak {
				fmt.Fprintln(a.io.out, "The writing streak is off: insights leave it out.")
			} else {
				fmt.Fprintln(a.io.out, "The writing streak is on: insights count the days you wrote in a row.")
			}
			return nil
		}),
	}
}
