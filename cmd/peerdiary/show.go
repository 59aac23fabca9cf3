package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/internal/safetext"
)

func (a *app) showCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ID [--json]",
		Short: "Show one entry (ID or any unique start of it)",
		Long: `Show one entry: its date, prompt, tags and mood, then the text. ID is
the id peerdiary list shows, or any unique start of it.

A terminal keeps what it shows in its scrollback: on a shared computer,
close the window when you are done, or read in the full-screen diary,
which clears the screen when it closes. --json prints the entry with
every field (see docs/CLI.md).`,
		Args: oneID,
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.show(cmd.Context(), args[0], asJSON)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the entry as JSON (see docs/CLI.md)")
	return cmd
}

// withEntry opens the diary, finds the entry that id, or a unique start of
// it, names, and runs do with it and its file's path inside the diary
// folder.
func (a *app) withEntry(ctx context.Context, id string, do func(d *unlocked, e *diary.Entry, file string) error) error {
	return a.withDiary(ctx, needCatalog, func(d *unlocked) error {
		e, file, err := d.store.Find(d.catalog, id)
		if err != nil {
			return err
		}
		return do(d, e, file)
	})
}

func (a *app) show(ctx context.Context, id string, asJSON bool) error {
	return a.withEntry(ctx, id, func(_ *unlocked, e *diary.Entry, file string) error {
		return a.printEntry(e, file, asJSON)
	})
}

// printEntry prints e for reading, or as JSON, with a reminder about the
// scrollback when the output is a terminal.
func (a *app) printEntry(e *diary.Entry, file string, asJSON bool) error {
	if a.io.outTerminal {
		// The terminal keeps what it shows after peerdiary exits; the
		// full-screen diary clears up after itself, this can't.
		defer hint(a.io.err, "your terminal keeps this text in its scrollback; on a shared computer, close the window when you are done")
	}
	if asJSON {
		return writeJSON(a.io.out, toJSON(e, file))
	}
	// Text printed to a terminal is made inert; text sent to a file or a
	// pipe is exactly what was written.
	text := func(s string) string { return s }
	if a.io.outTerminal {
		text = safetext.Text
	}
	writeEntry(a.io.out, e, text)
	return nil
}

// writeEntry prints an entry for reading: a header of date, prompt, tags and
// mood, a blank line, then the body and any reflection answers.
func writeEntry(w io.Writer, e *diary.Entry, text func(string) string) {
	fmt.Fprintln(w, longDate(e.Created))
	field := func(name, value string) {
		fmt.Fprintf(w, "%-8s%s\n", name, text(value))
	}
	if p := e.Prompt; p != nil {
		switch {
		case p.Text != "" && p.Family != "":
			field("prompt", p.Text+" ["+p.Family+"]")
		case p.Text != "":
			field("prompt", p.Text)
		default:
			field("prompt", p.ID)
		}
	}
	if len(e.Tags) > 0 {
		field("tags", "#"+strings.Join(e.Tags, " #"))
	}
	if e.Mood != 0 {
		field("mood", fmt.Sprintf("%d of 5", e.Mood))
	}
	if !e.Updated.Equal(e.Created) {
		field("edited", longDate(e.Updated))
	}
	field("id", e.ID)
	fmt.Fprintln(w)
	if e.Body != "" {
		fmt.Fprintln(w, text(e.Body))
	}
	for _, ans := range e.Answers {
		fmt.Fprintln(w)
		if ans.Question != "" {
			fmt.Fprintln(w, text("## "+ans.Question))
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, text(strings.TrimSpace(ans.Text)))
	}
}

// longDate is a time as a person reads it, in the clock's (the local) time
// zone:
// "Monday 23 November 2026, 18:30".
func longDate(t time.Time) string {
	return t.In(now().Location()).Format("Monday 2 January 2006, 15:04")
}
