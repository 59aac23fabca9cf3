package main

import (
	"fmt"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"peerdiary/diary/insights"
	"peerdiary/tui/chart"
)

// insightsHeight is how tall the printed pictures are: they scroll like any
// other output, so the terminal's height does not bound them.
const insightsHeight = 40

func (a *app) insightsCommand() *cobra.Command {
	var asJSON bool
	var weeks int
	cmd := &cobra.Command{
		Use:   "insights [--weeks N] [--json]",
		Short: "Draw your writing over time: themes, mood, calendar, streak",
		Long: `Draw pictures of your writing: entries per week by theme, your recorded
mood week by week, your stage over time, a calendar of the days you wrote,
your writing streak, and the themes you have not written about lately.
Nothing here is a score. --json prints the numbers behind the pictures.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			if weeks < 1 || weeks > 520 {
				return usageError(fmt.Sprintf("--weeks must be from 1 to 520, not %d", weeks),
					fmt.Sprintf("leave --weeks out for the last %d weeks", insights.DefaultWeeks))
			}
			return a.withDiary(cmd.Context(), needCatalog|needSettings, func(d *unlocked) error {
				r := insights.Compute(d.catalog.Entries, insights.Options{Now: now(), Weeks: weeks, Settings: d.settings})
				if asJSON {
					return writeJSON(a.io.out, r)
				}
				// Colours only on a terminal that shows them; lipgloss
				// drops them for a pipe, a file or NO_COLOR.
				_, err := lipgloss.Fprintln(a.io.out, chart.Render(r, a.io.width, insightsHeight, chart.DefaultStyles(true)))
				return err
			})
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the numbers as JSON")
	cmd.Flags().IntVar(&weeks, "weeks", insights.DefaultWeeks, "how many `weeks` to cover, ending this week")
	return cmd
}
