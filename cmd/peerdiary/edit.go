package main

import (
	"errors"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/internal/safetext"
)

func (a *app) editCommand() *cobra.Command {
	var message string
	cmd := &cobra.Command{
		Use:   "edit ID [-m TEXT]",
		Short: "Replace an entry's text, from -m or standard input",
		Long: `Replace the text of an entry (ID or any unique start of it). The new
text comes from standard input (peerdiary edit ID < note.txt) or from -m.
Its date, prompt, tags and mood stay as they were; #hashtags in the new
text are added to its tags.`,
		Args: oneID,
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			body, err := a.readBody(message, cmd.Flags().Changed("message"))
			if err != nil {
				return err
			}
			if err := diary.CheckBody(&diary.Entry{Body: body}); err != nil {
				if errors.Is(err, diary.ErrEmptyBody) {
					return problem(diary.KindUsage, "the new text is empty", err,
						"pipe the new text in: peerdiary edit "+safetext.Name(args[0])+" < note.txt",
						"to remove the entry instead: peerdiary delete "+safetext.Name(args[0])+" --yes")
				}
				return err
			}
			return a.withEntry(cmd.Context(), args[0], func(d *unlocked, e *diary.Entry, _ string) error {
				e.Body = body
				return a.save(d.store, e)
			})
		}),
	}
	cmd.Flags().StringVarP(&message, "message", "m", "", "the new `text` (stays in shell history; prefer standard input)")
	return cmd
}
