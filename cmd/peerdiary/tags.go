package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

type tagCount struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

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
			var counts map[string]int
			err := a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
				var err error
				counts, err = a.countTags(cmd.Context(), d)
				return err
			})
			if err != nil {
				return err
			}
			list := make([]tagCount, 0, len(counts))
			for t, n := range counts {
				list = append(list, tagCount{t, n})
			}
			slices.SortFunc(list, func(x, y tagCount) int {
				return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.Tag, y.Tag))
			})
			if asJSON {
				return writeJSON(a.io.out, list)
			}
			if len(list) == 0 {
				fmt.Fprintln(a.io.err, "peerdiary: no tags yet; add one with peerdiary write --tag TAG, or write #tag in an entry")
				return nil
			}
			for _, tc := range list {
				fmt.Fprintln(a.io.out, fitWidth(printable(fmt.Sprintf("%5d  %s", tc.Count, tc.Tag), false), a.io.width))
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the tags and counts as JSON")
	return cmd
}

// countTags counts every tag of every entry. #hashtags live in the text, so
// each entry is read; its text stays in memory only while it is counted.
func (a *app) countTags(ctx context.Context, d *unlocked) (map[string]int, error) {
	counts := map[string]int{}
	for _, sum := range d.catalog.Entries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e, err := d.store.Get(sum.ID)
		if err != nil {
			warn(a.io.err, "can't read %s: %s", sum.File, diary.Reason(err))
			continue
		}
		for _, t := range prompts.EntryTags(e) {
			counts[t]++
		}
	}
	return counts, nil
}
