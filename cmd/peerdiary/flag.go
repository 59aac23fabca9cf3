package main

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"peerdiary/internal/safetext"
)

func (a *app) flagCommand() *cobra.Command {
	var note string
	var noteSet bool
	cmd := &cobra.Command{
		Use:   "flag [ID [--note TEXT]]",
		Short: "Flag an entry to bring to supervision, or list the flagged ones",
		Long: `Flag an entry you want to talk about in supervision, with a note of what
you want to talk about. With no id, list the flagged entries. An export
with --flagged takes every flagged entry; the supervision prep view lists
those flagged since your last export to that person.

The note, like any argument, stays in your shell history; it is stored
inside the diary, encrypted, and goes (with names taken out) into exports of
the entry.`,
		Args: argsBetween(0, 1, "flag takes one entry id", "peerdiary list shows each entry's id"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			noteSet = cmd.Flags().Changed("note")
			if len(args) == 0 {
				if noteSet {
					return usageError("--note goes with an entry id", `peerdiary flag ID --note "what I want to talk about"`)
				}
				return a.listFlags(cmd)
			}
			return a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
				id, err := d.store.Resolve(args[0])
				if err != nil {
					return err
				}
				if !noteSet {
					// Keep the note of an entry flagged before.
					if fs, err := d.store.Flags(); err == nil {
						for _, f := range fs {
							if f.ID == id {
								note = f.Note
							}
						}
					}
				}
				f, err := d.store.FlagEntry(id, note)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.io.out, "flagged %s", id)
				if f.Note != "" {
					fmt.Fprintf(a.io.out, ": %s", safetext.Line(f.Note))
				}
				fmt.Fprintln(a.io.out)
				return nil
			})
		}),
	}
	cmd.Flags().StringVar(&note, "note", "", "what you want to talk about")
	return cmd
}

func (a *app) unflagCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "unflag ID",
		Short: "Take the flag off an entry",
		Args:  oneID,
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
				id, err := d.store.Resolve(args[0])
				if err != nil {
					return err
				}
				if err := d.store.UnflagEntry(id); err != nil {
					return err
				}
				fmt.Fprintf(a.io.out, "unflagged %s\n", id)
				return nil
			})
		}),
	}
}

// listFlags prints the flagged entries, oldest flag first: id, date, first
// line, and the note.
func (a *app) listFlags(cmd *cobra.Command) error {
	return a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
		fs, err := d.store.Flags()
		if err != nil {
			return err
		}
		byID := map[string]int{}
		for i, e := range d.catalog.Entries {
			byID[e.ID] = i
		}
		shown := 0
		for _, f := range fs {
			i, ok := byID[f.ID]
			if !ok {
				continue // the entry was deleted
			}
			e := d.catalog.Entries[i]
			head := fmt.Sprintf("%s  %s  ", e.ID[:min(len(e.ID), minShortID)], e.Created.Local().Format("2006-01-02"))
			title := safetext.Line(e.Title)
			if f.Note != "" {
				// The note is what the worker wants to talk about: the title
				// gives way to it, down to a few words.
				note := "  — " + safetext.Line(f.Note)
				room := max(a.io.width-ansi.StringWidth(head)-ansi.StringWidth(note), 24)
				title = fitWidth(title, room) + note
			}
			fmt.Fprintln(a.io.out, fitWidth(head+title, a.io.width))
			shown++
		}
		if shown == 0 {
			fmt.Fprintln(a.io.out, `No flagged entries. Flag one to bring to supervision with: peerdiary flag ID --note "what I want to talk about"`)
		}
		return nil
	})
}
