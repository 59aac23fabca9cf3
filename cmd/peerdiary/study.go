package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/diary/research"
	"peerdiary/internal/safetext"
)

// agreePhrase is what a worker types to consent: words, not a key press.
const agreePhrase = "I agree"

func (a *app) studyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "study",
		Short: "Join a research study with its card; list your studies",
		Long: `Research studies may ask peer workers to share some diary entries. A study
gives you a card file: who runs it, who approved it, who to contact, and
the exact consent text. Nothing is shared by default: after joining you
choose each entry with peerdiary consent grant, and you can withdraw at any
time with peerdiary consent withdraw. See docs/RESEARCH.md.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.listStudies(cmd)
		}),
	}
	join := &cobra.Command{
		Use:   "join CARD",
		Short: "Read a study's card and consent text, and join if you agree",
		Long: `Show a study's card, in full, with its consent text, and join the study if
you type "I agree". Joining makes a participant code for this study alone
and records your consent, encrypted, in the diary: when, how, and the
fingerprints of the card and of the consent text you were shown.

Joining shares nothing. Choose entries afterwards with peerdiary consent
grant. If the study sends a changed card, join with it again: you are shown
the new card and asked again.`,
		Args: exactlyOneArg("study join needs the study's card file", "the research team gives you a card file, such as peer-reflections.toml"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			card, err := readCard(args[0])
			if err != nil {
				return err
			}
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				status, p, err := research.CheckJoin(d.store, card)
				if err != nil {
					return err
				}
				if status == research.JoinSame {
					fmt.Fprintf(a.io.out, "You already joined %s with this card. Your participant code is %s.\n", card.Study, p.ParticipantCode)
					return nil
				}
				a.printCard(card)
				switch status {
				case research.JoinRenew:
					fmt.Fprintf(a.io.out, "\nThis card has changed since you joined %s. Your consent goes on only if you agree to this version; until then nothing more is sent.\n", card.Study)
				case research.JoinAgain:
					fmt.Fprintf(a.io.out, "\nYou withdrew from this study on %s. Joining again starts afresh, with a new participant code that nothing from before is linked to.\n", p.WithdrawnAt().Local().Format("2 January 2006"))
				}
				fmt.Fprintln(a.io.out, "\nJoining shares nothing yet: you choose each entry afterwards, and you can withdraw at any time.")
				typed, how, err := a.askTyped(fmt.Sprintf("Type %q to join, or just press Enter to leave it: ", agreePhrase))
				if err != nil {
					return err
				}
				if !strings.EqualFold(strings.Join(strings.Fields(typed), " "), agreePhrase) {
					fmt.Fprintln(a.io.out, "You didn't join. Nothing was recorded.")
					return nil
				}
				method := fmt.Sprintf("shown the whole card and consent text by peerdiary study join; typed %q %s", agreePhrase, how)
				p, err = research.Join(d.store, card, method, now())
				if err != nil {
					return err
				}
				if status == research.JoinRenew {
					fmt.Fprintf(a.io.out, "Thank you. Your consent to %s now follows this card. Your participant code stays %s.\n", card.Study, p.ParticipantCode)
				} else {
					fmt.Fprintf(a.io.out, "Thank you. You joined %s. Your participant code is %s.\n", card.Study, p.ParticipantCode)
				}
				fmt.Fprintf(a.io.out, "Your signing key's fingerprint is %s (the research team may ask you to read it to them).\n", p.KeyFingerprint())
				fmt.Fprintf(a.io.out, "Nothing is shared yet. To share an entry: peerdiary consent grant %s ID\n", card.Study)
				return nil
			})
		}),
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the studies you joined and what you shared with each",
		Args:  noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.listStudies(cmd)
		}),
	}
	show := &cobra.Command{
		Use:   "show STUDY",
		Short: "Show a study's card again, and each entry you shared with it",
		Args:  exactlyOneArg("study show needs a study id", "peerdiary study list shows them"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
				p, err := research.Load(d.store, args[0])
				if err != nil {
					return err
				}
				a.printCard(p.CardInfo())
				fmt.Fprintln(a.io.out)
				a.printStudyLine(p)
				for _, ec := range p.Entries {
					when := "not found in the diary"
					for _, s := range d.catalog.Entries {
						if s.ID == ec.Entry {
							when = s.Created.Format("2006-01-02 15:04")
						}
					}
					state := "shared, waiting to be sent"
					switch {
					case ec.Status() == research.StatusWithdrawn && ec.Sent():
						state = "withdrawn (had been sent)"
					case ec.Status() == research.StatusWithdrawn:
						state = "withdrawn (never sent)"
					case ec.Sent():
						state = "sent " + ec.SentAt.Local().Format("2006-01-02")
					}
					fmt.Fprintf(a.io.out, "  %s  %s  as %s  %s\n", ec.Entry, when, ec.Pseudonym, state)
				}
				return nil
			})
		}),
	}
	cmd.AddCommand(join, list, show)
	return cmd
}

func (a *app) listStudies(cmd *cobra.Command) error {
	return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
		ps, problems, err := research.Studies(d.store)
		if err != nil {
			return err
		}
		for _, p := range problems {
			warn(a.io.err, "%s", safetext.Line(p.Error()))
		}
		if len(ps) == 0 {
			fmt.Fprintln(a.io.out, "You haven't joined any study. A study gives you a card file to join with: peerdiary study join CARD")
			return nil
		}
		for _, p := range ps {
			a.printStudyLine(p)
		}
		return nil
	})
}

func (a *app) printStudyLine(p *research.Participation) {
	c := p.CardInfo()
	granted, waiting, sent, withdrawn := p.Counts()
	state := "taking part since " + p.JoinedAt.Local().Format("2006-01-02")
	if p.Withdrawn() {
		state = "withdrew " + p.WithdrawnAt().Local().Format("2006-01-02")
	}
	fmt.Fprintf(a.io.out, "%s  %s\n", c.Study, safetext.Line(c.Title))
	fmt.Fprintf(a.io.out, "  %s · participant %s · %d shared (%d sent, %d waiting) · %d withdrawn\n",
		state, p.ParticipantCode, granted, sent, waiting, withdrawn)
}

// printCard shows everything on a card a worker needs to decide, and the
// consent text exactly as it is hashed.
func (a *app) printCard(c *research.Card) {
	w := a.io.out
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-18s %s\n", label, safetext.Line(value))
		}
	}
	block := func(label, value string) {
		fmt.Fprintf(w, "\n%s\n", label)
		for _, l := range strings.Split(safetext.Text(value), "\n") {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	fmt.Fprintf(w, "%s\n\n", safetext.Line(c.Title))
	line("Study", c.Study)
	line("Institution", c.Institution)
	line("Ethics approval", c.EthicsApproval)
	line("Funded by", c.Funder)
	line("Researcher", c.Investigator.Name+" · "+c.Investigator.Contact)
	line("Ethics contact", c.EthicsContact.Name+" · "+c.EthicsContact.Contact+" (outside the research team)")
	asked := "any entry you choose to share"
	if len(c.Families) > 0 {
		var names []string
		for _, f := range c.Families {
			names = append(names, prompts.FamilyLabel(f))
		}
		asked = "entries answering prompts about " + strings.Join(names, ", ")
	}
	line("Entries asked for", asked)
	if len(c.Tags) > 0 {
		line("Only tagged", "#"+strings.Join(c.Tags, " #"))
	}
	switch {
	case c.From != "" && c.Until != "":
		line("Written between", c.From+" and "+c.Until)
	case c.From != "":
		line("Written from", c.From)
	case c.Until != "":
		line("Written until", c.Until)
	}
	dates := map[research.Granularity]string{research.ByDay: "the day only (no time)", research.ByWeek: "the week only", research.ByMonth: "the month only"}
	line("Dates kept", dates[c.Dates])
	var uses []string
	for _, u := range c.AllowUse {
		uses = append(uses, u.Describe())
	}
	line("Your words may be", strings.Join(uses, "; "))
	var keys []string
	for _, r := range c.Recipients {
		keys = append(keys, crypto.Fingerprint(r))
	}
	line("Sent encrypted to", strings.Join(keys, ", "))
	line("Card fingerprint", c.Fingerprint())
	block("How long it is kept", c.Keep)
	block("How to withdraw", c.WithdrawHow)
	block("What withdrawing can't undo", c.WithdrawLimits)
	block("Consent (version "+safetext.Line(c.ConsentVersion)+")", c.ConsentText)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Names on your people list are always taken out of what you share, and your")
	fmt.Fprintln(w, "diary's own ids never leave it.")
}

// askTyped reads one typed line: on the terminal if there is one, else
// from standard input (for scripts and screen readers that pipe). It says
// which, for the consent record.
func (a *app) askTyped(prompt string) (string, string, error) {
	if tty, err := a.io.openTTY(); err == nil {
		defer tty.Close()
		fmt.Fprint(tty, prompt)
		line, err := bufio.NewReader(io.LimitReader(tty, 1024)).ReadString('\n')
		if err != nil && line == "" {
			return "", "", nil
		}
		return strings.TrimSpace(line), "at the terminal", nil
	}
	fmt.Fprint(a.io.err, prompt)
	line, err := bufio.NewReader(io.LimitReader(a.io.in, 1024)).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(a.io.err)
		return "", "", nil
	}
	fmt.Fprintln(a.io.err)
	return strings.TrimSpace(line), "on standard input", nil
}

// readCard reads and checks a study card before anything else happens.
func readCard(path string) (*research.Card, error) {
	data, err := readSmallFile(path, research.MaxCardSize, "the card file")
	if err != nil {
		return nil, err
	}
	return research.ParseCard(path, data)
}

// readSmallFile reads a regular file of at most limit bytes (one byte more
// is read, so an oversized file is noticed, not cut).
func readSmallFile(path string, limit int64, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, problem(diary.KindFileSystem, "can't read "+what+": "+safetext.Line(err.Error()), err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return nil, usageError(safetext.Name(path)+" is not a regular file", "give the path of "+what)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, problem(diary.KindFileSystem, "can't read "+what+": "+safetext.Line(err.Error()), err)
	}
	return data, nil
}

// writeNewFile writes a bundle or notice the worker asked for, refusing
// to replace a file that is there.
func writeNewFile(path string, data []byte) error {
	err := crypto.WriteNewFile(path, data)
	if errors.Is(err, crypto.ErrExists) {
		return usageError(safetext.Name(path)+" already exists", "choose a new file name; nothing was written or recorded")
	}
	return err
}

// dateOf shows a time as a day in the local time zone.
func dateOf(t time.Time) string { return t.Local().Format("2006-01-02") }
