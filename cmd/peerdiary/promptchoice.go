package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// promptChoice is --prompt as given: a built-in prompt found at once, or a
// pack's prompt ("pack/id"), which can only be looked up once the diary is
// unlocked, since packs are stored encrypted.
type promptChoice struct {
	id  string
	ref *diary.PromptRef // nil until found
}

// choosePrompt checks --prompt before any passphrase is asked for.
func choosePrompt(id string) (*promptChoice, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if p, ok := prompts.Lookup(id); ok {
		return &promptChoice{id: id, ref: p.Ref()}, nil
	}
	if pack, local, ok := strings.Cut(id, "/"); ok && pack != "" && local != "" {
		return &promptChoice{id: id}, nil
	}
	return nil, unknownPrompt()
}

func unknownPrompt() error {
	return usageError("there is no prompt with that id",
		"peerdiary prompts lists every prompt with its id, such as transitions.first-weeks.1; peerdiary prompts today suggests one")
}

// resolve finds a pack's prompt in the unlocked diary.
func (c *promptChoice) resolve(s *diary.Store) (*diary.PromptRef, error) {
	if c.ref != nil {
		return c.ref, nil
	}
	lib, _, err := prompts.LoadLibrary(s)
	if err != nil {
		return nil, err
	}
	p, ok := lib.Lookup(c.id)
	if !ok {
		return nil, unknownPrompt()
	}
	return p.Ref(), nil
}

func (a *app) promptsCommand() *cobra.Command {
	var family string
	var withPacks, asJSON bool
	cmd := &cobra.Command{
		Use:   "prompts [--family F] [--packs] [--json]",
		Short: "List the reflective prompts and their ids, for write --prompt",
		Long: `List the built-in reflective prompts: each one's id, family and question.
Give an id to peerdiary write --prompt to answer it.

The families are transitions (into, through and beyond the role),
role-friction, relationships and care. --packs also lists the prompts of the
packs added to your diary; they are stored encrypted, so it asks for your
passphrase.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			family = strings.ToLower(strings.TrimSpace(family))
			if family != "" && !prompts.KnownFamily(family) {
				return usageError(fmt.Sprintf("there is no prompt family %q", printable(family, false)),
					"the families are "+strings.Join(prompts.Families, ", "))
			}
			lib := prompts.Builtin()
			if withPacks {
				s, err := a.open()
				if err != nil {
					return err
				}
				defer s.Close()
				if lib, err = a.promptLibrary(s); err != nil {
					return err
				}
			}
			var list []prompts.Prompt
			idWidth := 0
			for _, p := range lib.Prompts() {
				if family == "" || p.Family == family {
					list = append(list, p)
					idWidth = max(idWidth, len(p.ID))
				}
			}
			if asJSON {
				return writeJSON(a.io.out, promptsJSON(list))
			}
			for _, p := range list {
				line := fmt.Sprintf("%-*s  %-13s  %s", idWidth, p.ID, p.Family, p.Text)
				fmt.Fprintln(a.io.out, fitWidth(printable(line, false), a.io.width))
			}
			return nil
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&family, "family", "", "only prompts of this `family`")
	fl.BoolVar(&withPacks, "packs", false, "include the prompt packs added to the diary (asks for the passphrase)")
	fl.BoolVar(&asJSON, "json", false, "print the prompts as JSON")
	return cmd
}
