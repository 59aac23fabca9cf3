package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/internal/safetext"
)

func (a *app) tagsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "tags [--json]",
		Short: "List every tag with how many entries carry it",
		Long: `List every tag with the number of entries that carry it, most used first:
tags given with --tag, the family and subtheme of the prompt or reflection
an entry answers (care, care/grief), and #hashtags written in the text.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			var list []diary.TagCount
			err := a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
				list = d.catalog.TagCounts()
				return nil
			})
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.io.out, list)
			}
			if len(list) == 0 {
				fmt.Fprintln(a.io.err, "peerdiary: no tags yet; add one with peerdiary write --tag TAG, or write #tag in an entry")
				return nil
			}
			for _, tc := range list {
				fmt.Fprintln(a.io.out, fitWidth(safetext.Line(fmt.Sprintf("%5d  %s", tc.Count, tc.Tag)), a.io.width))
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the tags and counts as JSON")
	return cmd
}
