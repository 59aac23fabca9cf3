package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/internal/safetext"
)

func (a *app) peopleCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "people [--json]",
		Short: "The people whose names exports take out: list, add, remove",
		Long: `The people you write about whose names must not leave your diary: clients,
colleagues. Every export replaces their names, and the other names they go
by, with a pseudonym ("Client A"), unless you ask for --no-redact. The list
is stored inside the diary, encrypted, and never travels with an export.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				ps, err := d.store.People()
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.io.out, peopleJSON(ps))
				}
				a.printPeople(ps)
				return nil
			})
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")

	var aliases []string
	var as string
	add := &cobra.Command{
		Use:   `add ["REAL NAME"] [--alias NAME]... [--as PSEUDONYM]`,
		Short: "Add someone to the list (or more names for someone on it)",
		Long: `Add someone whose name must be taken out of exports. --alias gives another
name they go by (a nickname, a surname alone, initials); repeat it for each.
--as fixes the pseudonym they get in every export ("Client A"); without it
each export calls them "Person A", "Person B", … in the order they come up.

Adding a name that is already on the list adds the new aliases to that
person.

Names typed on the command line stay in your shell history. To keep them
out of it, run peerdiary people add with no name and type it when asked,
or pipe lines in, one person per line: "Real Name | alias, alias | pseudonym".`,
		Args: argsBetween(0, 1, "people add takes one name (put a name of several words in quotes)",
			`peerdiary people add "Sam Jones" --alias Sammy --as "Client A"`),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			var ps []diary.Person
			if len(args) == 1 {
				ps = []diary.Person{{Name: args[0], Aliases: aliases, As: as}}
			} else {
				if len(aliases) > 0 || as != "" {
					return usageError("--alias and --as go with a name given on the command line",
						`type them when asked instead, or give the name too: peerdiary people add "Sam Jones" --alias Sammy`)
				}
				var err error
				if ps, err = a.readPeople(); err != nil {
					return err
				}
			}
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				for _, p := range ps {
					stored, err := d.store.AddPerson(p)
					if err != nil {
						return err
					}
					fmt.Fprintf(a.io.out, "on the list: %s\n", personLine(stored))
					if words := strings.Fields(stored.Name); len(words) > 1 && len(stored.Aliases) == 0 {
						hint(a.io.err, "only whole names on the list are taken out: if you also write %s alone, add it with --alias %s", safetext.Name(words[0]), safetext.Name(words[0]))
					}
				}
				return nil
			})
		}),
	}
	add.Flags().StringArrayVar(&aliases, "alias", nil, "another `name` they go by (repeat for each)")
	add.Flags().StringVar(&as, "as", "", "the `pseudonym` they get in every export, such as \"Client A\"")

	remove := &cobra.Command{
		Use:   `remove "REAL NAME"`,
		Short: "Take someone off the list",
		Long: `Take someone off the list. Exports made from now on no longer hide their
name; exports already made are not changed.`,
		Args: exactlyOneArg("people remove needs the name as it is on the list", "peerdiary people shows the list"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				if err := d.store.RemovePerson(args[0]); err != nil {
					return err
				}
				fmt.Fprintf(a.io.out, "taken off the list: %s\n", safetext.Name(strings.TrimSpace(args[0])))
				return nil
			})
		}),
	}
	cmd.AddCommand(add, remove)
	return cmd
}

// readPeople reads people to add from the terminal, asking for each part,
// or from standard input, one per line: "Name | alias, alias | pseudonym".
func (a *app) readPeople() ([]diary.Person, error) {
	if a.io.inTerminal {
		r := bufio.NewReader(a.io.in)
		ask := func(prompt string) (string, error) {
			fmt.Fprint(a.io.err, prompt)
			line, err := r.ReadString('\n')
			if err != nil && (err != io.EOF || line == "") {
				return "", usageError("nothing was typed", "type the name, then press enter")
			}
			return strings.TrimSpace(line), nil
		}
		name, err := ask("Their name, as you write it: ")
		if err != nil {
			return nil, err
		}
		if name == "" {
			return nil, usageError("no name was typed", "type the name, then press enter")
		}
		others, err := ask("Other names they go by, separated by commas (enter for none): ")
		if err != nil {
			return nil, err
		}
		as, err := ask(`Their pseudonym in every export, such as "Client A" (enter to give one per export): `)
		if err != nil {
			return nil, err
		}
		return []diary.Person{{Name: name, Aliases: splitList(others), As: as}}, nil
	}
	var ps []diary.Person
	sc := bufio.NewScanner(io.LimitReader(a.io.in, 1<<20))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) > 3 {
			return nil, usageError(fmt.Sprintf("line %d has more than three parts", n),
				`one person per line: "Real Name | alias, alias | pseudonym"; the last two parts are optional`)
		}
		p := diary.Person{Name: parts[0]}
		if len(parts) > 1 {
			p.Aliases = splitList(parts[1])
		}
		if len(parts) > 2 {
			p.As = strings.TrimSpace(parts[2])
		}
		ps = append(ps, p)
	}
	if err := sc.Err(); err != nil {
		return nil, usageError("can't read the names from standard input: "+err.Error(), "one person per line")
	}
	if len(ps) == 0 {
		return nil, usageError("no names were given",
			`peerdiary people add "Sam Jones" --alias Sammy, or run it in a terminal and type the name when asked`)
	}
	return ps, nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// personLine is one person as lists show them:
// "Sam Jones (also Sammy, SJ) → Client A".
func personLine(p diary.Person) string {
	line := p.Name
	if len(p.Aliases) > 0 {
		line += " (also " + strings.Join(p.Aliases, ", ") + ")"
	}
	if p.As != "" {
		line += " → " + p.As
	} else {
		line += " → a pseudonym per export"
	}
	return safetext.Line(line)
}

func (a *app) printPeople(ps []diary.Person) {
	if len(ps) == 0 {
		fmt.Fprintln(a.io.out, `No one on the list yet. Add someone with: peerdiary people add "Sam Jones" --alias Sammy --as "Client A"`)
		return
	}
	for _, p := range ps {
		fmt.Fprintln(a.io.out, personLine(p))
	}
}

type personJSON struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	As      string   `json:"as"`
	Added   string   `json:"added"`
}

func peopleJSON(ps []diary.Person) []personJSON {
	out := make([]personJSON, 0, len(ps))
	for _, p := range ps {
		aliases := p.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		out = append(out, personJSON{Name: p.Name, Aliases: aliases, As: p.As, Added: p.Added.Format(time.RFC3339)})
	}
	return out
}
