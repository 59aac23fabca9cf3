package main

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/internal/safetext"
)

func (a *app) supportsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "supports",
		Short: "Who you can turn to: your people, your organisation, crisis lines",
		Long: `Show, at once, everyone you can turn to after a hard shift: your own
people (a peer supervisor, a debrief group, a friend), your organisation's
resources (an employee assistance line, the on-call supervisor, a peer
support line) and crisis lines. The debrief offers them, and in the
full-screen diary the support key shows them from every screen.

Your people are added with supports add; your organisation's resources
come from a resources pack it gives you (supports resources add FILE).
Everything is stored inside the diary, encrypted. peerdiary never guesses
a country's numbers: it shows only what you or your organisation put in.

supports when-locked marks a person or resource as safe to show on the
lock screen, for the evening you can't face typing your passphrase.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.withDiary(cmd.Context(), needSettings|needResources, func(d *unlocked) error {
				a.printReach(d)
				return nil
			})
		}),
	}
	var contact, note string
	var whenLocked bool
	add := &cobra.Command{
		Use:   "add NAME [--contact HOW] [--note NOTE] [--when-locked]",
		Short: "Add someone to your people (or update them)",
		Long: `Add someone to your people, or update them if the name is already on the
list. --contact is how to reach them; --note is anything else, such as when
they are around; --when-locked lets the lock screen show them.

Like any argument, the name and contact stay in your shell history and
show in the process list while peerdiary runs: a first name or initials
are enough, and the full-screen diary's settings ask without either.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return usageError("supports add needs one name", `peerdiary supports add "Sam (peer supervisor)" --contact "07700 900123"`)
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			p := diary.Support{Name: args[0], Contact: contact, Note: note, ShowWhenLocked: whenLocked}
			if err := p.Validate(); err != nil {
				return usageError(err.Error(), "keep each to one short line")
			}
			return a.changeSupports(cmd, func(st *diary.Settings, _ []*prompts.ResourcesPack) error {
				return st.PutSupport(p)
			})
		}),
	}
	add.Flags().StringVar(&contact, "contact", "", "how to reach them: a `number` or address")
	add.Flags().StringVar(&note, "note", "", "a short `note`, such as when they are around")
	add.Flags().BoolVar(&whenLocked, "when-locked", false, "let the lock screen show them")
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Take someone off your people",
		Args:  exactlyOneArg("supports remove needs one name", "peerdiary supports lists the names"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.changeSupports(cmd, func(st *diary.Settings, _ []*prompts.ResourcesPack) error {
				if !st.RemoveSupport(args[0]) {
					return usageError(fmt.Sprintf("%q is not on your list", safetext.Name(args[0])), "peerdiary supports lists the names")
				}
				return nil
			})
		}),
	}
	var off bool
	locked := &cobra.Command{
		Use:   "when-locked NAME [--off]",
		Short: "Let the lock screen show someone or a resource (--off: stop it)",
		Long: `Mark one of your people, or one of your organisation's resources, as safe to
show on the lock screen, where the support key shows only what is marked.
Nothing is written anywhere in the clear: the marked lines are kept in
memory while the full-screen diary is locked after you have unlocked it
once. --off takes the mark away.`,
		Args: exactlyOneArg("supports when-locked needs one name", "peerdiary supports lists the names"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.withDiary(cmd.Context(), needSettings|needResources, func(d *unlocked) error {
				if d.settings.SupportShownWhenLocked(args[0], !off) {
					if err := d.store.SaveSettings(d.settings); err != nil {
						return err
					}
				} else {
					found, err := prompts.SetShowWhenLocked(d.store, args[0], !off)
					if err != nil {
						return err
					}
					if !found {
						return usageError(fmt.Sprintf("%q is not one of your people or resources", safetext.Name(args[0])), "peerdiary supports lists the names")
					}
					if d.resources, err = a.loadResources(d.store); err != nil {
						return err
					}
				}
				a.printReach(d)
				return nil
			})
		}),
	}
	locked.Flags().BoolVar(&off, "off", false, "stop showing it on the lock screen")
	cmd.AddCommand(add, remove, locked, a.resourcesCommand())
	return cmd
}

func (a *app) resourcesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "resources",
		Short: "Add or remove your organisation's resources pack; print an example",
		Long: `A resources pack is a TOML or YAML file an organisation gives its workers:
its employee assistance line, the on-call supervisor, a peer support line
and crisis lines. It is checked like a prompt pack and stored inside the
diary, encrypted. See docs/PACKS.md; supports resources example prints one
to fill in.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.withDiary(cmd.Context(), needSettings|needResources, func(d *unlocked) error {
				a.printReach(d)
				return nil
			})
		}),
	}
	add := &cobra.Command{
		Use:   "add FILE",
		Short: "Check a resources pack and store it in the diary, encrypted",
		Args:  exactlyOneArg("supports resources add needs one pack file", "peerdiary supports resources add resources.toml"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			data, err := readPackFile(args[0])
			if err != nil {
				return err
			}
			pack, err := prompts.ParseResources(args[0], data)
			if err != nil {
				return problem(diary.KindUsage, safetext.Line(err.Error()), err,
					"fix the pack file and run peerdiary supports resources add again; nothing was stored")
			}
			return a.withDiary(cmd.Context(), needSettings|needResources, func(d *unlocked) error {
				verb := "added"
				if slices.ContainsFunc(d.resources, func(p *prompts.ResourcesPack) bool { return p.Name == pack.Name }) {
					verb = "updated"
				}
				if err := prompts.SaveResources(d.store, pack); err != nil {
					return err
				}
				fmt.Fprintf(a.io.out, "%s resources pack %s: %s\n", verb, pack.Name, countOf(len(pack.Resources), "resource", "resources"))
				if pack.Name == examplePackName {
					warn(a.io.err, "this is the example pack: its contacts are placeholders, not numbers to call")
					hint(a.io.err, "fill in your own and add it again; peerdiary supports resources remove %s takes this one out", examplePackName)
				}
				return nil
			})
		}),
	}
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a resources pack from the diary",
		Args:  exactlyOneArg("supports resources remove needs one pack name", "peerdiary supports resources lists them"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				if err := prompts.RemoveResources(d.store, args[0]); err != nil {
					if errors.Is(err, fs.ErrNotExist) {
						return usageError(fmt.Sprintf("there is no resources pack called %q", safetext.Name(args[0])),
							"peerdiary supports resources lists them")
					}
					return err
				}
				fmt.Fprintf(a.io.out, "removed resources pack %s\n", safetext.Name(args[0]))
				return nil
			})
		}),
	}
	example := &cobra.Command{
		Use:   "example",
		Short: "Print an example pack to fill in (placeholders, no numbers)",
		Args:  noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			_, err := a.io.out.Write(prompts.ExampleResources())
			return err
		}),
	}
	cmd.AddCommand(add, remove, example)
	// The stock last line, naming "peerdiary supports resources [command]",
	// is wider than 80 columns.
	cmd.SetUsageTemplate(strings.Replace(usageTemplate, "for more information about a command.", "for more.", 1))
	return cmd
}

// examplePackName is the name of the example resources pack, so adding it
// unchanged is noticed.
const examplePackName = "example-organisation"

// changeSupports changes the worker's people, saves them and prints
// everyone within reach.
func (a *app) changeSupports(cmd *cobra.Command, change func(*diary.Settings, []*prompts.ResourcesPack) error) error {
	return a.withDiary(cmd.Context(), needSettings|needResources, func(d *unlocked) error {
		if err := change(d.settings, d.resources); err != nil {
			return err
		}
		if err := d.store.SaveSettings(d.settings); err != nil {
			return err
		}
		a.printReach(d)
		return nil
	})
}

// loadResources reads the diary's resources packs, warning about any that
// no longer read.
func (a *app) loadResources(s *diary.Store) ([]*prompts.ResourcesPack, error) {
	packs, problems, err := prompts.LoadResources(s)
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		warn(a.io.err, "a resources pack could not be read and was skipped: %s", safetext.Line(p.Error()))
	}
	return packs, nil
}

// printReach prints everyone within reach, group by group, then how to
// fill an empty group and what to do in an emergency.
func (a *app) printReach(d *unlocked) { a.printReachFor(d, true) }

// printReachFor is printReach; howToAdd false leaves out how to fill an
// empty group, for an evening after a hard shift, when no one should be
// handed chores.
func (a *app) printReachFor(d *unlocked, howToAdd bool) {
	w := a.io.out
	reach := prompts.WithinReach(d.settings.Supports, d.resources, false)
	for i, sec := range reach.Sections() {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, sec.Heading)
		for _, l := range sec.Lines {
			line := "  " + safetext.Line(l.Text)
			if l.ShownWhenLocked {
				line += "  [lock screen]"
			}
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, prompts.Emergency)
	if !howToAdd {
		return
	}
	if len(reach.People) == 0 {
		hint(a.io.err, `add someone with: peerdiary supports add "Sam" --contact "07700 900123"`)
	}
	if len(reach.Organisation)+len(reach.Crisis) == 0 {
		hint(a.io.err, "add your organisation's resources with: peerdiary supports resources add FILE (peerdiary supports resources example prints one to fill in)")
	}
}
