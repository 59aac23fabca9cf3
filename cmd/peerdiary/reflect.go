package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/internal/safetext"
)

// reflectFlags are reflect's flags.
type reflectFlags struct {
	entryFlags
	form, packs bool
}

func (a *app) reflectCommand() *cobra.Command {
	var f reflectFlags
	cmd := &cobra.Command{
		Use:   "reflect [TEMPLATE] [--form] [--tag T]... [--mood M] < form.md",
		Short: "Write a structured reflection, such as Gibbs or a debrief",
		Long: `Write a structured reflection, answered step by step. With no template,
list them: what-so-what-now-what, gibbs (Gibbs' six stages) and debrief
(after a hard shift: an overdose, a death, anything that shook you), and
any from your prompt packs (--packs).

  peerdiary reflect gibbs --form > gibbs.md   # print the questions as a form
  (fill it in with any editor)
  peerdiary reflect gibbs < gibbs.md         # save it, encrypted; prints its id

Each answer goes under its question's "## " heading; keep the headings as
printed. A step left blank is left out, so you can save part of a
reflection. The debrief's form lists the people you can talk to (see
peerdiary supports). The form you fill in is a plain file: delete it once
saved. In the full-screen diary nothing is left on disk.`,
		Args: argsBetween(0, 1, "reflect takes one template", "peerdiary reflect lists them"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.listTemplates(cmd.Context(), f.packs)
			}
			return a.reflect(cmd, strings.ToLower(strings.TrimSpace(args[0])), f)
		}),
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.form, "form", false, "print the template as a form to fill in")
	fl.BoolVar(&f.packs, "packs", false, "add the templates of your diary's packs (asks for the passphrase)")
	f.define(cmd)
	return cmd
}

// listTemplates prints one line per reflection template.
func (a *app) listTemplates(ctx context.Context, withPacks bool) error {
	return a.withLibrary(ctx, withPacks, func(lib *prompts.Library) error {
		// The id column is as wide as the longest id, a pack's included,
		// so the names line up.
		templates := lib.Templates()
		idWidth := 0
		for _, t := range templates {
			idWidth = max(idWidth, len([]rune(t.ID)))
		}
		for _, t := range templates {
			line := fmt.Sprintf("%-*s  %s", idWidth, t.ID, t.Name)
			if t.Description != "" {
				line += ": " + t.Description
			}
			fmt.Fprintln(a.io.out, fitWidth(safetext.Line(line), a.io.width))
		}
		return nil
	})
}

// reflect prints a template as a form (--form), or saves a filled-in form
// read from standard input as an entry. A built-in template and the form are
// checked before any passphrase is asked for: typing one only to hear the
// form was unreadable is a poor exchange. A pack's template ("pack/id") can
// only be looked up once the diary is unlocked.
func (a *app) reflect(cmd *cobra.Command, id string, f reflectFlags) error {
	tmpl, builtin := prompts.Builtin().Template(id)
	if !builtin && !strings.Contains(id, "/") {
		return usageError(fmt.Sprintf("there is no reflection template %q", safetext.Name(id)), "peerdiary reflect lists them")
	}
	if f.form {
		return a.printForm(cmd.Context(), id, tmpl, builtin)
	}
	e := &diary.Entry{}
	if err := f.apply(cmd, e); err != nil {
		return err
	}
	text, err := a.readBody("", false)
	if err != nil {
		return err
	}
	if builtin {
		if _, err := tmpl.ParseForm(text); err != nil {
			return badForm(err, tmpl)
		}
	}
	n := needs(0)
	if !builtin {
		n = needLibrary
	}
	return a.withDiary(cmd.Context(), n, func(d *unlocked) error {
		if !builtin {
			if tmpl, err = packTemplate(d.library, id); err != nil {
				return err
			}
		}
		answers, err := tmpl.ParseForm(text)
		if err != nil {
			return badForm(err, tmpl)
		}
		built, err := tmpl.Entry(answers)
		if err != nil {
			return err
		}
		built.Mood, built.Created = e.Mood, e.Created
		built.Tags = diary.NormalizeTags(append(built.Tags, e.Tags...))
		if err := diary.CheckBody(built); err != nil {
			if errors.Is(err, diary.ErrEmptyBody) {
				return usageError("every step of the form is blank", "write under at least one question, then try again")
			}
			return err
		}
		return a.save(d.store, built)
	})
}

// printForm prints the template as a Markdown form to fill in. Only a pack's
// template, or one that lists the worker's people and resources, needs the
// diary unlocked.
func (a *app) printForm(ctx context.Context, id string, tmpl prompts.Template, builtin bool) error {
	if builtin && !tmpl.OffersSupports() {
		fmt.Fprint(a.io.out, safetext.Text(tmpl.Form(prompts.Reach{})))
		return nil
	}
	n := needSettings | needResources
	if !builtin {
		n |= needLibrary
	}
	return a.withDiary(ctx, n, func(d *unlocked) error {
		if !builtin {
			var err error
			if tmpl, err = packTemplate(d.library, id); err != nil {
				return err
			}
		}
		reach := prompts.WithinReach(d.settings.Supports, d.resources, false)
		fmt.Fprint(a.io.out, safetext.Text(tmpl.Form(reach)))
		return nil
	})
}

// packTemplate finds a pack's template in the unlocked diary's library.
func packTemplate(lib *prompts.Library, id string) (prompts.Template, error) {
	t, ok := lib.Template(id)
	if !ok {
		return t, usageError(fmt.Sprintf("there is no reflection template %q", safetext.Name(id)), "peerdiary reflect --packs lists them")
	}
	return t, nil
}

// badForm says a filled-in form could not be read, and how to start again.
func badForm(err error, t prompts.Template) error {
	return usageError(err.Error(), "print a fresh form with: peerdiary reflect "+t.ID+" --form")
}
