package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/internal/safetext"
)

func (a *app) checkinCommand() *cobra.Command {
	var mood string
	var happened bool
	cmd := &cobra.Command{
		Use:   "checkin --mood 1-5 [--happened] [< word]",
		Short: "A sixty-second check-in at the end of a shift",
		Long: `Check in at the end of a shift: how you are (--mood, 1 very low to 5 very
good, or the words), one word for the shift piped in on standard input, and
--happened if something happened (an overdose, a death, a fight, anything
that shook you). It is stored inside the diary, encrypted; it is not an
entry.

After a hard shift (a mood of 1 or 2, or --happened) peerdiary offers a
gentler prompt, the debrief, and who you can turn to, and a day or two
later checks back ("how are you now, a day or two on?"); prompts today
--another puts that aside.

  echo heavy | peerdiary checkin --mood 2 --happened

The word is read from standard input, never from the command line, so it
stays out of your shell history. The full-screen diary's check-in (c on
Today) asks for all three without either.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("mood") {
				return usageError("checkin needs --mood", "peerdiary checkin --mood 2 (1 very low to 5 very good)",
					"or run peerdiary with no command and press c on Today")
			}
			n, err := diary.ParseMood(mood)
			if err != nil {
				return err
			}
			word, err := a.readWord()
			if err != nil {
				return err
			}
			c := diary.CheckIn{At: now(), Mood: n, Word: word, Happened: happened}
			if err := c.Validate(); err != nil {
				return usageError(err.Error(), "one word, or a few, is enough")
			}
			return a.withDiary(cmd.Context(), needCatalog|needSettings|needLibrary|needResources, func(d *unlocked) error {
				if err := d.store.AddCheckIn(c); err != nil {
					return err
				}
				a.printCheckIn(c)
				if !c.Hard() {
					return nil
				}
				day, err := d.promptDay()
				if err != nil {
					return err
				}
				choice, _, err := prompts.AnotherToday(d.store, d.library, day)
				if err != nil {
					return err
				}
				w := a.io.out
				fmt.Fprintln(w, "That sounds like a hard shift. Go gently tonight; nothing here has to be done now.")
				fmt.Fprintln(w)
				fmt.Fprintln(w, "A gentler prompt, if you want one:")
				fmt.Fprintln(w, "  "+safetext.Line(choice.Prompt.Text))
				fmt.Fprintln(w, "  peerdiary write --prompt "+choice.Prompt.ID)
				fmt.Fprintln(w, "The debrief, a step at a time, any step skipped:")
				fmt.Fprintln(w, "  peerdiary reflect debrief --form")
				fmt.Fprintln(w)
				a.printReachFor(d, false)
				fmt.Fprintln(w)
				fmt.Fprintln(w, "In a day or two your prompt will check back on how you are.")
				return nil
			})
		}),
	}
	cmd.Flags().StringVar(&mood, "mood", "", "how you are: 1 (very low) to 5 (very good), or the `words`")
	cmd.Flags().BoolVar(&happened, "happened", false, "something happened on this shift")
	return cmd
}

// readWord reads the word for the shift from standard input, if it is not
// a terminal: text typed at a terminal stays in its scrollback.
func (a *app) readWord() (string, error) {
	if a.io.inTerminal || a.io.in == nil {
		return "", nil
	}
	data, err := io.ReadAll(io.LimitReader(a.io.in, 4<<10))
	if err != nil {
		return "", err
	}
	defer clear(data)
	word := strings.TrimSpace(string(data))
	if strings.ContainsAny(word, "\r\n") {
		return "", usageError("the word for the shift must be one line", "echo heavy | peerdiary checkin --mood 2")
	}
	if safetext.Line(word) != word {
		return "", usageError("the word for the shift is not plain text", "echo heavy | peerdiary checkin --mood 2")
	}
	return word, nil
}

// printCheckIn says what was stored.
func (a *app) printCheckIn(c diary.CheckIn) {
	line := fmt.Sprintf("Checked in: mood %d (%s)", c.Mood, diary.MoodWords[c.Mood])
	if c.Word != "" {
		line += ", \u201c" + safetext.Line(c.Word) + "\u201d"
	}
	if c.Happened {
		line += ", something happened"
	}
	fmt.Fprintln(a.io.out, line+".")
}
