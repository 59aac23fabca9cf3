package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/internal/safetext"
)

// promptsCommand lists the prompt library; its subcommands give the prompt
// of the day and manage prompt packs.
func (a *app) promptsCommand() *cobra.Command {
	var family string
	var withPacks, asJSON bool
	cmd := &cobra.Command{
		Use:   "prompts [--family F] [--packs] [--json]",
		Short: "List the reflective prompts and their ids, for write --prompt",
		Long: `List the built-in reflective prompts: each one's id, family and question.
To answer one, give its id to peerdiary write --prompt.

The families are transitions (into, through and beyond the role),
role-friction, relationships and care. --packs adds the prompts of the
packs in your diary; they are stored encrypted, so it asks for your
passphrase. --json prints every field (see docs/CLI.md).`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			if family != "" {
				var err error
				if family, err = prompts.ParseFamily(family); err != nil {
					return err
				}
			}
			return a.withLibrary(cmd.Context(), withPacks, func(lib *prompts.Library) error {
				list := slices.DeleteFunc(lib.Prompts(), func(p prompts.Prompt) bool {
					return family != "" && p.Family != family
				})
				if asJSON {
					return writeJSON(a.io.out, promptsJSON(list))
				}
				for _, line := range promptLines(list, a.io.width) {
					fmt.Fprintln(a.io.out, line)
				}
				return nil
			})
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&family, "family", "", "only prompts of this `family`")
	fl.BoolVar(&withPacks, "packs", false, "add the prompts of your diary's packs (asks for the passphrase)")
	fl.BoolVar(&asJSON, "json", false, "print the prompts as JSON")
	cmd.AddCommand(a.promptsTodayCommand(), a.promptsAddCommand(), a.promptsRemoveCommand())
	return cmd
}

// minPromptText is the fewest columns promptLines keeps for a prompt's
// question when it narrows the id column to fit the line.
const minPromptText = 20

// promptLines lays out the listing: id and family in columns as wide as the
// longest shown, then the question, each line cut to width. The id column
// narrows if it would leave the question fewer than minPromptText columns;
// an id longer than its column then pushes its own line along rather than
// being cut, since the id is what a person copies.
func promptLines(list []prompts.Prompt, width int) []string {
	idWidth, familyWidth := 0, 0
	for _, p := range list {
		idWidth = max(idWidth, ansi.StringWidth(safetext.Line(p.ID)))
		familyWidth = max(familyWidth, len(p.Family))
	}
	idWidth = max(0, min(idWidth, width-2-familyWidth-2-minPromptText))
	lines := make([]string, 0, len(list))
	for _, p := range list {
		id := safetext.Line(p.ID)
		pad := max(0, idWidth-ansi.StringWidth(id))
		line := id + strings.Repeat(" ", pad) + "  " + fmt.Sprintf("%-*s", familyWidth, p.Family) + "  " + safetext.Line(p.Text)
		lines = append(lines, fitWidth(line, width))
	}
	return lines
}

// jsonPromptItem is one prompt in the --json output of prompts and prompts
// today. The schema is documented in docs/CLI.md and is stable: fields may
// be added, never renamed or removed.
type jsonPromptItem struct {
	ID        string   `json:"id"`
	Family    string   `json:"family"`
	Subtheme  string   `json:"subtheme"`
	Stage     string   `json:"stage"`
	Text      string   `json:"text"`
	FollowUps []string `json:"follow_ups"`
	Occasion  string   `json:"occasion"`
	Gentle    bool     `json:"gentle"`
	Concept   string   `json:"concept,omitempty"`
	Revised   string   `json:"revised,omitempty"`
	Pack      string   `json:"pack,omitempty"`
}

// promptsJSON is the prompts as --json prints them: an array, [] when
// empty, with follow_ups [] rather than null.
func promptsJSON(list []prompts.Prompt) []jsonPromptItem {
	out := make([]jsonPromptItem, 0, len(list))
	for _, p := range list {
		fu := p.FollowUps
		if fu == nil {
			fu = []string{}
		}
		out = append(out, jsonPromptItem{ID: p.ID, Family: p.Family, Subtheme: p.Subtheme, Stage: string(p.Stage), Text: p.Text, FollowUps: fu,
			Occasion: string(p.Occasion), Gentle: p.Gentle, Concept: p.Concept, Revised: p.Revised, Pack: p.Pack})
	}
	return out
}

func (a *app) promptsTodayCommand() *cobra.Command {
	var asJSON, another bool
	cmd := &cobra.Command{
		Use:   "today [--another] [--json]",
		Short: "Print today's prompt and why it was chosen",
		Long: `Print the prompt of the day and why it was chosen. The rotation favours the
family and subtheme you have written about least recently, leans towards
your stage (into, through or beyond the role), never repeats a prompt
within the repeat window (30 days unless set otherwise), and gives the same
prompt all day.

--another offers a different prompt, which is then today's prompt here and
in the full-screen diary. A day or two after a hard shift (see checkin) the
prompt checks back on it; --another puts that aside for good.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.withDiary(cmd.Context(), needCatalog|needSettings|needLibrary, func(d *unlocked) error {
				day, err := d.promptDay()
				if err != nil {
					return err
				}
				var choice prompts.Choice
				if another {
					choice, _, err = prompts.AnotherToday(d.store, d.library, day)
				} else {
					choice, err = prompts.Today(d.store, d.library, day)
				}
				if err != nil {
					return err
				}
				return a.printToday(choice, asJSON)
			})
		}),
	}
	cmd.Flags().BoolVar(&another, "another", false, "offer a different prompt for today, and keep it for the day")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the prompt and the reason as JSON")
	return cmd
}

// printToday prints the prompt of the day, its follow-ups and why it was
// chosen, or the same as JSON.
func (a *app) printToday(choice prompts.Choice, asJSON bool) error {
	p := choice.Prompt
	if asJSON {
		return writeJSON(a.io.out, struct {
			Day    string         `json:"day"`
			Prompt jsonPromptItem `json:"prompt"`
			Reason string         `json:"reason"`
		}{choice.Day, promptsJSON([]prompts.Prompt{p})[0], choice.Reason})
	}
	w := a.io.out
	fmt.Fprintln(w, safetext.Line(p.Text))
	for _, f := range p.FollowUps {
		fmt.Fprintln(w, "  · "+safetext.Line(f))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Why this one: "+safetext.Line(choice.Reason))
	fmt.Fprintln(w, "Answer it:    peerdiary write --prompt "+p.ID)
	return nil
}

func (a *app) promptsAddCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "add FILE",
		Short: "Check a prompt pack (TOML or YAML); store it in the diary",
		Long: `Check a prompt pack file from your organisation and store it inside the
diary, encrypted, so its prompts and templates join the library. A pack of
the same name is replaced. The file itself is not changed or removed.

A pack file names the pack and lists prompts (id, family, subtheme, text,
optional stage and follow_ups) and templates (id, name, steps); see
docs/PACKS.md. Any mistake is reported with its line and field.`,
		Args: exactlyOneArg("prompts add needs one pack file", "peerdiary prompts add team.toml"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			data, err := readPackFile(args[0])
			if err != nil {
				return err
			}
			pack, err := prompts.ParsePack(args[0], data)
			if err != nil {
				return problem(diary.KindUsage, safetext.Line(err.Error()), err,
					"fix the pack file and run peerdiary prompts add again; nothing was stored")
			}
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				existing, err := d.store.ListRecords("pack-" + pack.Name)
				if err != nil {
					return err
				}
				if err := prompts.SavePack(d.store, pack); err != nil {
					return err
				}
				verb := "added"
				if slices.Contains(existing, "pack-"+pack.Name) {
					verb = "updated"
				}
				fmt.Fprintf(a.io.out, "%s prompt pack %s: %s, %s\n", verb, safetext.Name(pack.Name),
					countOf(len(pack.Prompts), "prompt", "prompts"), countOf(len(pack.Templates), "template", "templates"))
				return nil
			})
		}),
	}
}

func (a *app) promptsRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a prompt pack (entries keep their prompts' text)",
		Long: `Remove a prompt pack from the diary. Entries that answered its prompts
keep the prompts' text. NAME is the pack's name, as peerdiary prompts
--packs --json shows it.`,
		Args: exactlyOneArg("prompts remove needs one pack name", "peerdiary prompts --packs --json lists each prompt's pack"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				if err := prompts.RemovePack(d.store, args[0]); err != nil {
					if errors.Is(err, os.ErrNotExist) {
						return usageError(fmt.Sprintf("there is no prompt pack called %q", safetext.Name(args[0])),
							"peerdiary prompts --packs --json lists each prompt's pack")
					}
					return err
				}
				fmt.Fprintf(a.io.out, "removed prompt pack %s\n", safetext.Name(args[0]))
				return nil
			})
		}),
	}
}

// readPackFile reads a pack file without ever holding more than the largest
// pack allowed, whatever the file's size.
func readPackFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, problem(diary.KindFileSystem, "can't read the pack file: "+safetext.Line(err.Error()), err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, prompts.MaxPackSize+1))
	if err != nil {
		return nil, problem(diary.KindFileSystem, "can't read the pack file: "+safetext.Line(err.Error()), err)
	}
	return data, nil
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
