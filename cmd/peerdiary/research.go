package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/research"
	"peerdiary/internal/safetext"
)

func (a *app) researchCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "research",
		Short: "Send a study what you shared; researchers: cards and import",
		Long: `For workers: research export sends a study the entries you shared with it.
For research teams: research card new makes the card workers join with,
and research import reads what they send. See docs/RESEARCH.md.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error { return cmd.Help() }),
	}
	cmd.AddCommand(a.researchExportCommand(), a.researchCardCommand(), a.researchImportCommand())
	return cmd
}

func (a *app) researchExportCommand() *cobra.Command {
	var output string
	var preview, yes bool
	cmd := &cobra.Command{
		Use:   "export STUDY (-o BUNDLE | --preview) [--yes]",
		Short: "Write a bundle of the entries you shared and have not sent yet",
		Long: `Write the entries you shared with a study, and have not sent before, to
BUNDLE: de-identified, signed with your key for this study, and encrypted
so only the study's researchers can read it. Send them the file.

--preview prints exactly what would be sent instead, and writes nothing; a
terminal keeps what it shows in its scrollback. On a terminal, export asks
before writing; --yes writes without asking.`,
		Args: exactlyOneArg("research export needs a study", "peerdiary study list shows your studies"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			if output == "" && !preview {
				return usageError("research export needs -o BUNDLE, or --preview to see what would be sent",
					"peerdiary research export "+args[0]+" -o "+args[0]+".age")
			}
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				pl, err := research.PlanExport(d.store, args[0])
				if err != nil {
					return err
				}
				if pl.Listed == 0 && len(pl.Entries) > 0 {
					warn(a.io.err, "your people list is empty, so no names are taken out: read the preview for names of clients and colleagues before sending")
				}
				for _, s := range pl.Skipped {
					warn(a.io.err, "entry %s is left out: %s", s.Entry, safetext.Line(s.Reason))
				}
				if len(pl.Entries) == 0 {
					fmt.Fprintf(a.io.out, "Nothing is waiting to be sent to %s. Share entries with peerdiary consent grant %s ID.\n", args[0], args[0])
					return nil
				}
				if preview {
					a.printPlan(pl)
					return nil
				}
				replaced, review, withheld := pl.PeopleReplaced()
				var keys []string
				for _, r := range pl.Recipients {
					keys = append(keys, crypto.Fingerprint(r))
				}
				fmt.Fprintf(a.io.err, "%s for %s, as participant %s: %s from your people list replaced, %s withheld, %s to check (--preview shows them).\n",
					countOf(len(pl.Entries), "entry", "entries"), args[0], pl.Participation.ParticipantCode,
					countOf(replaced, "name", "names"), countOf(withheld, "tag", "tags"), countOf(review, "word", "words"))
				fmt.Fprintf(a.io.err, "Encrypted to %s.\n", strings.Join(keys, ", "))
				if !yes {
					if _, err := a.io.openTTY(); err != nil {
						return usageError("research export needs --yes when there is no terminal to ask on", "check what is sent with --preview first")
					}
					typed, _, err := a.askTyped("Write the bundle? Type yes to write it: ")
					if err != nil {
						return err
					}
					if !strings.EqualFold(typed, "yes") {
						fmt.Fprintln(a.io.out, "Nothing was written.")
						return nil
					}
				}
				res, err := research.Export(d.store, pl, version(), now(), research.Output{Name: output, Write: func(b []byte) error { return writeNewFile(output, b) }})
				if err != nil {
					return err
				}
				c := pl.Participation.CardInfo()
				fmt.Fprintf(a.io.out, "Wrote %s to %s. Send it to %s (%s).\n", countOf(res.Entries, "entry", "entries"),
					safetext.Line(output), safetext.Line(c.Investigator.Name), safetext.Line(c.Investigator.Contact))
				return nil
			})
		}),
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the bundle to `BUNDLE`")
	cmd.Flags().BoolVar(&preview, "preview", false, "print what would be sent, and write nothing")
	cmd.Flags().BoolVar(&yes, "yes", false, "write the bundle without asking")
	return cmd
}

// printPlan shows a preview exactly as the study would read it.
func (a *app) printPlan(pl *research.Plan) {
	w := a.io.out
	for i, e := range pl.Entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s · %s", e.Pseudonym, e.Date)
		if e.Stage != "" {
			fmt.Fprintf(w, " · stage %s", e.Stage)
		}
		if e.Mood != nil {
			fmt.Fprintf(w, " · mood %d of 5", *e.Mood)
		}
		fmt.Fprintln(w)
		if e.Prompt != nil {
			fmt.Fprintf(w, "prompt  %s [%s]\n", safetext.Line(e.Prompt.Text), e.Prompt.Family)
		}
		if len(e.Tags) > 0 {
			fmt.Fprintf(w, "tags    #%s\n", safetext.Line(strings.Join(e.Tags, " #")))
		}
		fmt.Fprintln(w)
		text := safetext.Line(research.FullText(&e))
		if a.io.outTerminal {
			text = safetext.Text(research.FullText(&e))
		}
		fmt.Fprintln(w, text)
		if words := pl.Review[i]; len(words) > 0 {
			fmt.Fprintf(w, "\n(check: %s: are any of these people? add them to your people list and they are taken out)\n",
				safetext.Line(strings.Join(words, ", ")))
		}
	}
	if a.io.outTerminal {
		hint(a.io.err, "the terminal keeps this in its scrollback; on a shared computer, close the window when you are done")
	}
}

func (a *app) researchCardCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "card",
		Short: "For researchers: make or check a study card",
		Args:  noArgs,
		RunE:  a.command(func(cmd *cobra.Command, _ []string) error { return cmd.Help() }),
	}
	var spec research.CardSpec
	var output, consentFile, dates string
	var uses []string
	newCmd := &cobra.Command{
		Use:   "new -o CARD --study ID --title T … (see the flags)",
		Short: "Write a study card for the workers you invite",
		Long: `Write the card workers join a study with. Every field is checked as a
worker's diary checks it, so a card that is written is a card that joins.
--consent-file holds the exact consent text workers are shown; the card
records its SHA-256, as does each worker's consent. --recipient is an age
public key of the research team (age1pq1… or age1…, all of one kind), the
key bundles are encrypted to; repeat it for each member. --family, --tag,
--from and --until narrow what may be shared. --use is analysis, quotation
or archiving, repeated.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			if output == "" {
				return usageError("research card new needs -o CARD", "peerdiary research card new -o study.toml --study …")
			}
			if consentFile == "" {
				return usageError("research card new needs --consent-file FILE, the consent text workers read", "write the consent text in a plain text file first")
			}
			text, err := readSmallFile(consentFile, 256<<10, "the consent text")
			if err != nil {
				return err
			}
			spec.ConsentText = string(text)
			spec.Dates = research.Granularity(dates)
			for _, u := range uses {
				spec.Uses = append(spec.Uses, research.Use(u))
			}
			data, card, err := research.WriteCard(filepath.Base(output), spec)
			if err != nil {
				return err
			}
			if err := writeNewFile(output, data); err != nil {
				return err
			}
			fmt.Fprintf(a.io.out, "Wrote the card for %s to %s.\n", card.Study, safetext.Line(output))
			fmt.Fprintf(a.io.out, "Its fingerprint is %s: workers see it when they join, so you can check they have this card.\n", card.Fingerprint())
			fmt.Fprintln(a.io.out, "Changing the card later asks everyone who joined to consent again.")
			return nil
		}),
	}
	f := newCmd.Flags()
	f.StringVarP(&output, "output", "o", "", "write the card to `CARD`")
	f.StringVar(&spec.Study, "study", "", "the study's `id`: lower-case letters, digits and -")
	f.StringVar(&spec.Title, "title", "", "the study's `title`")
	f.StringVar(&spec.Institution, "institution", "", "the `institution` running it")
	f.StringVar(&spec.EthicsApproval, "ethics-approval", "", "the ethics board's approval `reference`")
	f.StringVar(&spec.Funder, "funder", "", "who funds it (optional)")
	f.StringVar(&spec.Investigator.Name, "pi", "", "the principal investigator's `name`")
	f.StringVar(&spec.Investigator.Contact, "pi-contact", "", "how to reach the principal investigator")
	f.StringVar(&spec.EthicsContact.Name, "ethics", "", "someone outside the team to raise concerns with: `name`")
	f.StringVar(&spec.EthicsContact.Contact, "ethics-contact", "", "how to reach them")
	f.StringArrayVar(&spec.Recipients, "recipient", nil, "a researcher's age public `key` (repeat for each)")
	f.StringVar(&consentFile, "consent-file", "", "the `file` holding the exact consent text")
	f.StringVar(&spec.ConsentVersion, "consent-version", "", "the consent text's `version`, such as 1.0")
	f.StringArrayVar(&spec.Families, "family", nil, "a prompt `family` that may be shared (repeat; default any)")
	f.StringArrayVar(&spec.Tags, "tag", nil, "only entries with this `tag` (repeat; default any)")
	f.StringVar(&spec.From, "from", "", "only entries from this `day` (YYYY-MM-DD)")
	f.StringVar(&spec.Until, "until", "", "only entries up to this `day` (YYYY-MM-DD)")
	f.StringVar(&dates, "dates", "month", "how finely dates are kept: `day`, week or month")
	f.StringArrayVar(&uses, "use", nil, "what the study may do: `analysis`, quotation or archiving (repeat)")
	f.StringVar(&spec.Retention, "retention", "", "how long data is kept, and then what")
	f.StringVar(&spec.WithdrawHow, "withdraw-how", "", "how a worker withdraws")
	f.StringVar(&spec.WithdrawLimits, "withdraw-limits", "", "what withdrawing can't undo")

	check := &cobra.Command{
		Use:   "check CARD",
		Short: "Check a study card and show it as workers will see it",
		Args:  exactlyOneArg("research card check needs a card file"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			card, err := readCard(args[0])
			if err != nil {
				return err
			}
			a.printCard(card)
			fmt.Fprintf(a.io.out, "\nThe card is valid.\n")
			return nil
		}),
	}
	cmd.AddCommand(newCmd, check)
	// The stock last line, naming "peerdiary research card [command]", is
	// wider than 80 columns.
	cmd.SetUsageTemplate(strings.Replace(usageTemplate, "for more information about a command.", "for more.", 1))
	return cmd
}

func (a *app) researchImportCommand() *cobra.Command {
	var identity, out string
	cmd := &cobra.Command{
		Use:   "import --identity KEYFILE BUNDLE... --out DIR",
		Short: "Researchers: verify bundles and notices, write the data",
		Long: `Read bundles and withdrawal notices with your age key, verify each one (its
encryption, signature, every hash and the consent record), and write the
study's data to DIR: entries.csv, entries.jsonl, codebook.csv, consent.csv,
withdrawals.csv and project.qdpx (REFI-QDA, for NVivo, ATLAS.ti, MAXQDA and
others). A file that fails a check is refused with the reason and nothing
from it is used.

Each participant's signing key is trusted the first time it is seen
(DIR/trust.csv); a file signed with a different key for the same
participant is refused. Accepted files are kept in DIR/received, and the
data is rebuilt from all of them, with every withdrawal applied: import new
files into the same DIR as they arrive. Importing a file twice changes
nothing.

DIR holds participants' de-identified words in plain text: keep it where
your study's data management plan says.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("research import needs at least one bundle or notice", "peerdiary research import --identity key.txt bundle.age --out data")
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			if identity == "" || out == "" {
				return usageError("research import needs --identity KEYFILE and --out DIR",
					"KEYFILE is your age key (from age-keygen); DIR is where the study's data goes")
			}
			id, err := a.readIdentity(identity)
			if err != nil {
				return err
			}
			var inputs []research.ImportFile
			for _, path := range args {
				data, err := readSmallFile(path, research.MaxBundleSize, "the bundle")
				if err != nil {
					return err
				}
				inputs = append(inputs, research.ImportFile{Name: path, Data: data})
			}
			rep, err := research.Import(id, inputs, out, version())
			if err != nil {
				return err
			}
			for _, f := range rep.Files {
				name := safetext.Line(f.Name)
				switch {
				case f.Err != nil:
					fmt.Fprintf(a.io.err, "peerdiary: refused: %s: %s\n", name, safetext.Line(f.Err.Error()))
				case f.Already:
					fmt.Fprintf(a.io.out, "already imported %s\n", name)
				case f.Kind == research.KindWithdrawal:
					fmt.Fprintf(a.io.out, "imported %s: a withdrawal from %s, participant %s\n", name, f.Study, f.Participant)
				default:
					fmt.Fprintf(a.io.out, "imported %s: %s from %s, participant %s\n", name, countOf(f.Entries, "entry", "entries"), f.Study, f.Participant)
				}
			}
			for _, n := range rep.Notes {
				warn(a.io.err, "%s", safetext.Line(n))
			}
			fmt.Fprintf(a.io.out, "%s in the data from %s; %s left out because consent was withdrawn.\n",
				countOf(rep.Entries, "entry", "entries"), countOf(rep.Participants, "participant", "participants"),
				countOf(rep.Withdrawn, "entry", "entries"))
			fmt.Fprintf(a.io.out, "Wrote %s in %s.\n", strings.Join(rep.Written, ", "), safetext.Line(out))
			if n := rep.Rejected(); n > 0 {
				a.exitCode = exitDamaged
				hint(a.io.err, "%s refused; nothing from %s was used", countOf(n, "file was", "files were"), map[bool]string{true: "it", false: "them"}[n == 1])
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&identity, "identity", "", "your age key `file` (as age-keygen writes it)")
	cmd.Flags().StringVar(&out, "out", "", "the `folder` the study's data goes to")
	return cmd
}

// readIdentity reads a researcher's age key: the text age-keygen writes, or
// that text encrypted with a passphrase (age -p), which is asked for on the
// terminal.
func (a *app) readIdentity(path string) (*crypto.Identity, error) {
	data, err := readSmallFile(path, 64<<10, "the key file")
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		warn(a.io.err, "the key file %s can be read by other accounts (%v); run: chmod 600 %s", safetext.Name(path), fi.Mode().Perm(), safetext.Name(path))
	}
	bad := func(why string) error {
		return problem(diary.KindBadKey, "can't use the key file "+safetext.Name(path)+": "+why, nil,
			"give the file age-keygen wrote (it holds one AGE-SECRET-KEY-… line)")
	}
	if strings.HasPrefix(string(data), "age-encryption.org/") || crypto.IsArmored(data) {
		pass, err := a.currentPassphrase("Passphrase for the key file "+path+": ", func(pass []byte) error {
			id, err := crypto.UnwrapIdentity(data, pass)
			if err == nil {
				data = id.Text()
			}
			return err
		})
		clear(pass)
		if err != nil {
			if errors.Is(err, crypto.ErrWrongPassphrase) {
				return nil, problem(diary.KindWrongPassphrase, "that passphrase didn't open the key file "+safetext.Name(path), err)
			}
			return nil, bad("it is encrypted, but not as age -p encrypts a key file")
		}
	}
	id, err := crypto.ParseIdentity(data)
	clear(data)
	if err != nil {
		return nil, bad("it is not an age secret key")
	}
	return id, nil
}
