package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/tui"
)

// entryFlags are the flags that describe a new entry, shared by write and
// reflect.
type entryFlags struct {
	tags []string
	mood string
	at   string
}

// define adds --tag, --mood and --at to cmd.
func (f *entryFlags) define(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.tags, "tag", nil, "a `tag` for the entry (repeat for more)")
	fl.StringVar(&f.mood, "mood", "", "how you feel: a `mood` from 1 (very low) to 5 (very good), or a word such as okay")
	fl.StringVar(&f.at, "at", "", "when it happened: an RFC 3339 `time` or a day")
}

// writeFlags are write's flags.
type writeFlags struct {
	entryFlags
	message string
	prompt  string
}

func (a *app) writeCommand() *cobra.Command {
	var f writeFlags
	cmd := &cobra.Command{
		Use:   "write [-m TEXT] [--prompt ID] [--tag T]... [--mood M] [--at TIME]",
		Short: "Write an entry in the editor, or save one from standard input",
		Long: `Write a new entry. In a terminal, peerdiary write opens the full-screen
diary's editor on a new entry: what you type there never stays in the
terminal's scrollback. Otherwise the text comes from standard input
(peerdiary write < note.txt) or from -m, and the new entry's id is printed.
Text given with -m stays in your shell history and is visible in the process
list while peerdiary runs.

--prompt answers one of the prompts: peerdiary prompts lists them with
their ids, and peerdiary prompts today suggests one.

--at backdates the entry: an RFC 3339 time, or a day (2026-11-23, yesterday,
"last monday", "3 days ago"), which keeps the current time of day.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.write(cmd, f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.message, "message", "m", "", "the entry's `text` (stays in shell history; prefer standard input)")
	fl.StringVar(&f.prompt, "prompt", "", "the `id` of the prompt this entry answers (see peerdiary prompts)")
	f.define(cmd)
	return cmd
}

func (a *app) write(cmd *cobra.Command, f writeFlags) error {
	e := &diary.Entry{}
	if err := f.apply(cmd, e); err != nil {
		return err
	}
	var prompt *promptChoice
	if cmd.Flags().Changed("prompt") {
		p, err := choosePrompt(f.prompt)
		if err != nil {
			return err
		}
		prompt = p
	}
	if !cmd.Flags().Changed("message") && a.io.inTerminal {
		if !a.io.outTerminal {
			return usageError("no text given",
				"pipe the text in: peerdiary write < note.txt",
				"with output on a terminal, write opens the full-screen editor",
				"-m \"text\" works too, but the text stays in your shell history")
		}
		return a.writeFullScreen(e, prompt)
	}
	body, err := a.readBody(f.message, cmd.Flags().Changed("message"))
	if err != nil {
		return err
	}
	e.Body = body
	// Check the text before asking for a passphrase: typing one only to hear
	// the entry was empty is a poor exchange.
	if err := diary.CheckBody(e); err != nil {
		return err
	}
	return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
		if prompt != nil {
			var err error
			if e.Prompt, err = prompt.resolve(a, d.store); err != nil {
				return err
			}
		}
		return a.save(d.store, e)
	})
}

// writeFullScreen opens the full-screen diary straight on the editor, with
// the prompt, tags, mood and time given: typed there, the text never
// reaches the terminal's scrollback or the shell's history.
func (a *app) writeFullScreen(e *diary.Entry, prompt *promptChoice) error {
	ne := &tui.NewEntry{Entry: *e}
	if prompt != nil {
		if prompt.ref != nil {
			ne.Entry.Prompt = prompt.ref
		} else {
			ne.PromptID = prompt.id // a pack's, found once the diary is open
		}
	}
	a.leaveSignals()
	return tui.Run(a.parent, tui.Config{DiaryDir: a.dir, Now: now, Write: ne})
}

// save stores e, by the store's one way of saving an entry (which adds
// the tags of its prompt and #hashtags, as the full-screen diary's does),
// and prints its id, alone on a line, for scripts.
func (a *app) save(s *diary.Store, e *diary.Entry) error {
	sum, err := s.Save(e)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.io.out, sum.ID)
	return nil
}

// apply checks the --tag, --mood and --at flags that were given and copies
// them into e.
func (f entryFlags) apply(cmd *cobra.Command, e *diary.Entry) error {
	fl := cmd.Flags()
	if fl.Changed("mood") {
		mood, err := diary.ParseMood(f.mood)
		if err != nil {
			return err
		}
		e.Mood = mood
	}
	if fl.Changed("tag") {
		for i, t := range f.tags {
			if diary.NormalizeTag(t) == "" {
				return usageError(fmt.Sprintf("tag number %d is empty", i+1),
					"a tag is a word or two, such as housing or \"self care\"")
			}
		}
		e.Tags = diary.NormalizeTags(f.tags)
	}
	if fl.Changed("at") {
		at, err := parseAt(f.at)
		if err != nil {
			return err
		}
		e.Created = at
	}
	return nil
}

// parseAt reads --at (see diary.EntryTime).
func parseAt(s string) (time.Time, error) {
	n := now()
	t, err := diary.EntryTime(s, n)
	if errors.Is(err, diary.ErrFutureDate) {
		return time.Time{}, usageError("--at is in the future",
			"for a past day, say \"last monday\" or give a date such as "+n.AddDate(0, 0, -1).Format(time.DateOnly))
	}
	return t, err
}
