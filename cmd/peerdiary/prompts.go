package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// withPromptSubcommands adds today, add and remove to the prompts
// command, which lists the library.
func (a *app) withPromptSubcommands(cmd *cobra.Command) *cobra.Command {
	cmd.AddCommand(a.promptsTodayCommand(), a.promptsAddCommand(), a.promptsRemoveCommand())
	return cmd
}

// library loads the diary's packs, warning about any that no longer read.
func (a *app) promptLibrary(s *diary.Store) (*prompts.Library, error) {
	lib, problems, err := prompts.LoadLibrary(s)
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		warn(a.io.err, "a prompt pack could not be read and was skipped: %s", printable(p.Error(), false))
	}
	return lib, nil
}

type jsonPromptItem struct {
	ID        string   `json:"id"`
	Family    string   `json:"family"`
	Subtheme  string   `json:"subtheme"`
	Stage     string   `json:"stage"`
	Text      string   `json:"text"`
	FollowUps []string `json:"follow_ups"`
	Pack      string   `json:"pack,omitempty"`
}

func promptsJSON(list []prompts.Prompt) []jsonPromptItem {
	out := make([]jsonPromptItem, 0, len(list))
	for _, p := range list {
		fu := p.FollowUps
		if fu == nil {
			fu = []string{}
		}
		out = append(out, jsonPromptItem{ID: p.ID, Family: p.Family, Subtheme: p.Subtheme, Stage: string(p.Stage), Text: p.Text, FollowUps: fu, Pack: p.Pack})
	}
	return out
}

func (a *app) promptsTodayCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "today [--json]",
		Short: "Print today's prompt and why it was chosen",
		Long: `Print the prompt of the day and why it was chosen. The rotation favours the
family and subtheme you have written about least recently, leans towards
your stage (into, through or beyond the role), never repeats a prompt
within the repeat window (30 days unless set otherwise), and gives the same
prompt all day.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			s, err := a.open()
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := a.load(cmd.Context(), s)
			if err != nil {
				return err
			}
			settings, err := s.Settings()
			if err != nil {
				return err
			}
			lib, err := a.promptLibrary(s)
			if err != nil {
				return err
			}
			choice, err := prompts.Today(s, lib, c.Entries, settings, now())
			if err != nil {
				return err
			}
			p := choice.Prompt
			if asJSON {
				item := promptsJSON([]prompts.Prompt{p})[0]
				return writeJSON(a.io.out, struct {
					Day    string         `json:"day"`
					Prompt jsonPromptItem `json:"prompt"`
					Reason string         `json:"reason"`
				}{choice.Day, item, choice.Reason})
			}
			w := a.io.out
			fmt.Fprintln(w, printable(p.Text, false))
			for _, f := range p.FollowUps {
				fmt.Fprintln(w, "  · "+printable(f, false))
			}
			fmt.Fprintln(w)
			fmt.Fprintln(w, "Why this one: "+printable(choice.Reason, false))
			fmt.Fprintln(w, "Answer it:    peerdiary write --prompt "+p.ID)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the prompt and the reason as JSON")
	return cmd
}

func (a *app) promptsAddCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "add FILE",
		Short: "Check a prompt pack (TOML or YAML) and store it in the diary, encrypted",
		Long: `Check a prompt pack file from your organisation and store it inside the
diary, encrypted, so its prompts and templates join the library. A pack of
the same name is replaced. The file itself is not changed or removed.

A pack file names the pack and lists prompts (id, family, subtheme, text,
optional stage and follow_ups) and templates (id, name, steps); see
docs/PACKS.md. Any mistake is reported with its line and field.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("prompts add needs one pack file", "peerdiary prompts add team.toml")
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			data, err := readPackFile(args[0])
			if err != nil {
				return err
			}
			pack, err := prompts.ParsePack(args[0], data)
			if err != nil {
				return &cliError{code: exitUsage, msg: printable(err.Error(), false), cause: err,
					hints: []string{"fix the pack file and run peerdiary prompts add again; nothing was stored"}}
			}
			s, err := a.open()
			if err != nil {
				return err
			}
			defer s.Close()
			existing, err := s.ListRecords("pack-" + pack.Name)
			if err != nil {
				return err
			}
			if err := prompts.SavePack(s, pack); err != nil {
				return err
			}
			verb := "added"
			if slices.Contains(existing, "pack-"+pack.Name) {
				verb = "updated"
			}
			fmt.Fprintf(a.io.out, "%s prompt pack %s: %s, %s\n", verb, pack.Name,
				countOf(len(pack.Prompts), "prompt", "prompts"), countOf(len(pack.Templates), "template", "templates"))
			return nil
		}),
	}
}

func (a *app) promptsRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove a prompt pack from the diary (entries keep their prompts' text)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("prompts remove needs one pack name", "peerdiary prompts --json lists each prompt's pack")
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			s, err := a.open()
			if err != nil {
				return err
			}
			defer s.Close()
			if err := prompts.RemovePack(s, args[0]); err != nil {
				if errors.Is(err, os.ErrNotExist) {
					return usageError(fmt.Sprintf("there is no prompt pack called %q", printable(args[0], false)),
						"peerdiary prompts --json lists each prompt's pack")
				}
				return err
			}
			fmt.Fprintf(a.io.out, "removed prompt pack %s\n", args[0])
			return nil
		}),
	}
}

// readPackFile reads a pack file without ever holding more than the largest
// pack allowed, whatever the file's size.
func readPackFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &cliError{code: exitFileSystem, msg: "can't read the pack file: " + printable(err.Error(), false), cause: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, prompts.MaxPackSize+1))
	if err != nil {
		return nil, &cliError{code: exitFileSystem, msg: "can't read the pack file: " + printable(err.Error(), false), cause: err}
	}
	return data, nil
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
