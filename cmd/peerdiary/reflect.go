package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

type reflectFlags struct {
	form, packs bool
	tags        []string
	mood        int
	at          string
}

func (a *app) reflectCommand() *cobra.Command {
	var f reflectFlags
	cmd := &cobra.Command{
		Use:   "reflect [TEMPLATE] [--form] [--mood 1-5] [--tag T]... [--at TIME] < form.md",
		Short: "Write a structured reflection: What? So what? Now what?, Gibbs, or a debrief",
		Long: `Write a structured reflection, answered step by step. With no template,
list them: what-so-what-now-what, gibbs (Gibbs' six stages) and debrief
(after a critical incident), and any from your prompt packs (--packs).

  peerdiary reflect gibbs --form > gibbs.md   # print the questions as a form
  (fill it in with any editor)
  peerdiary reflect gibbs < gibbs.md          # save it, encrypted; prints the id

Each answer goes under its question's "## " heading; keep the headings as
printed. A step left blank is left out, so you can save part of a
reflection. The debrief's form lists the people you can talk to (see
peerdiary supports). The form you fill in is a plain file: delete it once
saved. In the full-screen diary nothing is left on disk.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError("reflect takes one template", "peerdiary reflect lists them")
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.listTemplates(f.packs)
			}
			return a.reflect(cmd, strings.ToLower(strings.TrimSpace(args[0])), f)
		}),
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.form, "form", false, "print the template as a form to fill in")
	fl.BoolVar(&f.packs, "packs", false, "include the prompt packs' templates (asks for the passphrase)")
	fl.StringArrayVar(&f.tags, "tag", nil, "a `tag` for the entry (repeat for more)")
	fl.IntVar(&f.mood, "mood", 0, "how you feel, from 1 (low) to 5 (good)")
	fl.StringVar(&f.at, "at", "", "when it happened: an RFC 3339 `time` or a day")
	return cmd
}

func (a *app) listTemplates(withPacks bool) error {
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
	for _, t := range lib.Templates() {
		line := fmt.Sprintf("%-22s  %s: %s", t.ID, t.Name, t.Description)
		fmt.Fprintln(a.io.out, fitWidth(printable(line, false), a.io.width))
	}
	return nil
}

func (a *app) reflect(cmd *cobra.Command, id string, f reflectFlags) error {
	// Check everything that needs no passphrase first.
	tmpl, builtin := prompts.Builtin().Template(id)
	if !builtin && !strings.Contains(id, "/") {
		return usageError(fmt.Sprintf("there is no reflection template %q", printable(id, false)), "peerdiary reflect lists them")
	}
	e := &diary.Entry{}
	if !f.form {
		if cmd.Flags().Changed("mood") && (f.mood < 1 || f.mood > 5) {
			return usageError(fmt.Sprintf("--mood must be a number from 1 to 5, not %d", f.mood))
		}
		e.Mood = f.mood
		if cmd.Flags().Changed("at") {
			at, err := parseAt(f.at)
			if err != nil {
				return err
			}
			e.Created = at
		}
	}
	// The form is read before any passphrase is asked for: typing one only
	// to hear the form was unreadable is a poor exchange.
	var text string
	if !f.form {
		var err error
		if text, err = a.readBody("", false); err != nil {
			return err
		}
		if builtin {
			if _, err := tmpl.ParseForm(text); err != nil {
				return usageError(err.Error(), "print a fresh form with: peerdiary reflect "+tmpl.ID+" --form")
			}
		}
	}
	needStore := !builtin || (f.form && offersSupports(tmpl))
	var s *diary.Store
	if needStore || !f.form {
		var err error
		if s, err = a.open(); err != nil {
			return err
		}
		defer s.Close()
	}
	if !builtin {
		lib, err := a.promptLibrary(s)
		if err != nil {
			return err
		}
		var ok bool
		if tmpl, ok = lib.Template(id); !ok {
			return usageError(fmt.Sprintf("there is no reflection template %q", printable(id, false)), "peerdiary reflect --packs lists them")
		}
	}
	if f.form {
		var supports []diary.Support
		if offersSupports(tmpl) {
			settings, err := s.Settings()
			if err != nil {
				return err
			}
			supports = settings.Supports
		}
		fmt.Fprint(a.io.out, printable(tmpl.Form(supports), true))
		return nil
	}
	answers, err := tmpl.ParseForm(text)
	if err != nil {
		return usageError(err.Error(), "print a fresh form with: peerdiary reflect "+tmpl.ID+" --form")
	}
	built, err := tmpl.Entry(answers)
	if err != nil {
		return err
	}
	built.Mood, built.Created = e.Mood, e.Created
	built.Tags = prompts.EntryTags(built, f.tags...)
	if err := diary.CheckBody(built); err != nil {
		if errors.Is(err, diary.ErrEmptyBody) {
			return usageError("every step of the form is blank", "write under at least one question, then try again")
		}
		return err
	}
	saved, err := s.Put(built)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.io.out, saved)
	return nil
}

func offersSupports(t prompts.Template) bool {
	for _, s := range t.Steps {
		if s.OffersSupports {
			return true
		}
	}
	return false
}
