package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/research"
	"peerdiary/internal/safetext"
)

func (a *app) consentCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "consent",
		Short: "Share entries with a study you joined, or withdraw",
		Long: `Nothing is shared with a study until you choose it, entry by entry. Your
consent is recorded in the diary, encrypted. Withdrawing is one command,
like consenting, and stops anything more being sent at once.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		}),
	}
	grant := &cobra.Command{
		Use:   "grant STUDY ID...",
		Short: "Share entries with a study (each ID, or any unique start of it)",
		Long: `Share entries with a study you joined. Each entry is given a pseudonym for
this study; what is sent is de-identified: the names on your people list
are taken out, dates are kept only as finely as the study's card says, and
your diary's ids never leave it. Nothing is sent until you run peerdiary
research export; peerdiary research export STUDY --preview shows exactly
what would be.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usageError("consent grant needs a study and at least one entry id", "peerdiary study list shows your studies; peerdiary list shows each entry's id")
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
				p, err := research.Load(d.store, args[0])
				if err != nil {
					return err
				}
				var chosen []diary.Summary
				for _, id := range args[1:] {
					full, err := d.store.Resolve(id)
					if err != nil {
						return err
					}
					for _, s := range d.catalog.Entries {
						if s.ID == full {
							chosen = append(chosen, s)
						}
					}
				}
				if err := p.Grant(chosen, now()); err != nil {
					return err
				}
				if err := p.Save(d.store); err != nil {
					return err
				}
				for _, s := range chosen {
					fmt.Fprintf(a.io.out, "Shared %s (%s) with %s as %s.\n", s.ID, dateOf(s.Created), p.CardInfo().Study, p.Entry(s.ID).Pseudonym)
				}
				_, waiting, _, _ := p.Counts()
				fmt.Fprintf(a.io.out, "%s waiting to be sent. See what would be sent: peerdiary research export %s --preview\n",
					countOf(waiting, "entry is", "entries are"), p.CardInfo().Study)
				return nil
			})
		}),
	}
	var output string
	var keepSent bool
	withdraw := &cobra.Command{
		Use:   "withdraw STUDY [ID...] -o NOTICE [--keep-sent]",
		Short: "Withdraw from a study or some entries; write a notice to send",
		Long: `Withdraw your consent: from the whole study, or, with entry ids, for those
entries only. Nothing more is sent from that moment. A withdrawal notice,
signed and encrypted to the research team, is written to NOTICE for you to
send them; it asks them to remove what they already have, as far as the
study's withdrawal terms allow (--keep-sent, for the whole study, lets them
keep it instead). peerdiary can't delete copies the study already has.

Running it again for a study you withdrew from writes the notice again.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 1 {
				return usageError("consent withdraw needs a study", "peerdiary study list shows your studies")
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			if output == "" {
				return usageError("consent withdraw needs -o NOTICE, the file to write the notice to",
					"peerdiary consent withdraw "+args[0]+" -o withdrawal.age")
			}
			if keepSent && len(args) > 1 {
				return usageError("--keep-sent is for withdrawing from the whole study", "leave out the entry ids, or leave out --keep-sent")
			}
			return a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
				req := research.WithdrawRequest{Study: args[0], KeepSent: keepSent,
					Method: "peerdiary consent withdraw, at the command line"}
				for _, id := range args[1:] {
					full, err := d.store.Resolve(id)
					if err != nil {
						return err
					}
					req.Entries = append(req.Entries, full)
				}
				res, err := research.Withdraw(d.store, req, version(), now(), research.Output{Name: output, Write: func(b []byte) error { return writeNewFile(output, b) }})
				if err != nil {
					return err
				}
				c := res.Participation.CardInfo()
				if len(req.Entries) == 0 {
					fmt.Fprintf(a.io.out, "You withdrew from %s. Nothing more will be sent to it.\n", c.Study)
				} else {
					fmt.Fprintf(a.io.out, "You withdrew %s from %s. They won't be sent.\n", countOf(len(req.Entries), "entry", "entries"), c.Study)
				}
				if res.Notice == nil {
					fmt.Fprintln(a.io.out, "None of them had been sent, so the study has nothing of them and there is no notice to send.")
					return nil
				}
				fmt.Fprintf(a.io.out, "The notice is in %s: send it to %s (%s).\n", safetext.Line(output),
					safetext.Line(c.Investigator.Name), safetext.Line(c.Investigator.Contact))
				fmt.Fprintln(a.io.out, research.CannotUnsend)
				fmt.Fprintf(a.io.out, "What the study said withdrawing can't undo:\n  %s\n", strings.ReplaceAll(safetext.Text(c.WithdrawLimits), "\n", "\n  "))
				return nil
			})
		}),
	}
	withdraw.Flags().StringVarP(&output, "output", "o", "", "write the withdrawal notice to `NOTICE`")
	withdraw.Flags().BoolVar(&keepSent, "keep-sent", false, "let the study keep what it already has (whole-study withdrawal only)")
	cmd.AddCommand(grant, withdraw)
	return cmd
}
