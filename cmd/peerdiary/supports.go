package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

func (a *app) supportsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "supports",
		Short: "The people you can talk to after a hard day: list, add, remove",
		Long: `Your own list of people to talk to: a peer supervisor, a debrief group, a
friend. The critical-incident debrief offers them. The list is stored
inside the diary, encrypted.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.withDiary(cmd.Context(), needSettings, func(d *unlocked) error {
				a.printSupports(d.settings.Supports)
				return nil
			})
		}),
	}
	var contact, note string
	add := &cobra.Command{
		Use:   "add NAME [--contact HOW] [--note NOTE]",
		Short: "Add someone to your list (or update them)",
		Long: `Add someone to your list, or update them if the name is already on it.
--contact is how to reach them; --note is anything else, such as when they
are around.

Like any argument, the name and contact stay in your shell history and
show in the process list while peerdiary runs: a first name or initials
are enough.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return usageError("supports add needs one name", `peerdiary supports add "Sam (peer supervisor)" --contact "07700 900123"`)
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			p := diary.Support{Name: strings.TrimSpace(args[0]), Contact: strings.TrimSpace(contact), Note: strings.TrimSpace(note)}
			for _, f := range []string{p.Name, p.Contact, p.Note} {
				if len([]rune(f)) > 200 || printable(f, false) != f {
					return usageError("a name, contact or note must be one line of up to 200 characters, without control characters",
						"keep each to one short line")
				}
			}
			settings, err := a.changeSettings(cmd.Context(), func(st *diary.Settings) error {
				if i := slices.IndexFunc(st.Supports, func(x diary.Support) bool { return strings.EqualFold(x.Name, p.Name) }); i >= 0 {
					st.Supports[i] = p
				} else {
					st.Supports = append(st.Supports, p)
				}
				return nil
			})
			if err != nil {
				return err
			}
			a.printSupports(settings.Supports)
			return nil
		}),
	}
	add.Flags().StringVar(&contact, "contact", "", "how to reach them: a `number` or address")
	add.Flags().StringVar(&note, "note", "", "a short `note`, such as when they are around")
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Take someone off your list",
		Args:  exactlyOneArg("supports remove needs one name", "peerdiary supports lists the names"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			settings, err := a.changeSettings(cmd.Context(), func(st *diary.Settings) error {
				n := len(st.Supports)
				st.Supports = slices.DeleteFunc(st.Supports, func(x diary.Support) bool { return strings.EqualFold(x.Name, strings.TrimSpace(args[0])) })
				if len(st.Supports) == n {
					return usageError(fmt.Sprintf("%q is not on your list", printable(args[0], false)), "peerdiary supports lists the names")
				}
				return nil
			})
			if err != nil {
				return err
			}
			a.printSupports(settings.Supports)
			return nil
		}),
	}
	cmd.AddCommand(add, remove)
	return cmd
}

func (a *app) printSupports(list []diary.Support) {
	if len(list) == 0 {
		fmt.Fprintln(a.io.out, `No one on your list yet. Add someone with: peerdiary supports add "Sam" --contact "07700 900123"`)
		return
	}
	for _, p := range list {
		fmt.Fprintln(a.io.out, printable(prompts.SupportLine(p), false))
	}
}
