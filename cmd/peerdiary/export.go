package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/supervision"
	"peerdiary/internal/safetext"
)

type exportFlags struct {
	to        []string
	format    string
	armor     bool
	output    string
	noRedact  bool
	plaintext bool
	dates     string
	note      string
	noteFile  string
	from      string
	needs     []string
	summary   bool
	preview   bool
	yes       bool
	list      listFlags // --since, --until, --tag, --family
	flagged   bool
}

func (a *app) exportCommand() *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export --to NAME... [IDs... | FILTERS] -o FILE [--format F]",
		Short: "Send chosen entries to a supervisor, names taken out",
		Long: `Make a supervision packet of the entries you choose, with the names on your
list (peerdiary people) replaced by pseudonyms, encrypted to a contact
(peerdiary contacts), and recorded in your diary's ledger (peerdiary
exports). Only that contact's key can open it. Repeat --to to send one file
to several contacts; age can't put post-quantum keys in one file with
classic or SSH keys, so for those make one export each.

Choose entries by id, or with the filters --since, --until, --tag,
--family and --flagged. --preview prints the packet as it would be sent
and writes nothing. Before your first export to someone, peerdiary says what a
supervisor may have to act on, and asks you to confirm.

Formats: md (a Markdown packet, the default), html (one page to read or
print, with nothing loaded from anywhere), json (docs/EXPORT.md). --armor
writes the encrypted file as text, for email or chat. Dates are to the day
unless you ask for --dates exact.

--no-redact sends names as written; the ledger records that you chose it.
--plaintext writes the packet without encryption, for you to print or keep:
anyone who gets the file can read it. It is never written to the terminal.`,
		Args: cobra.ArbitraryArgs,
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.export(cmd, args, f)
		}),
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.to, "to", nil, "the `contact` to send it to (peerdiary contacts; repeat for several)")
	fl.StringVar(&f.format, "format", "md", "md, html or json")
	fl.BoolVar(&f.armor, "armor", false, "write the encrypted file as text, for email or chat")
	fl.StringVarP(&f.output, "output", "o", "", "the `file` to write (- for standard output)")
	fl.BoolVar(&f.noRedact, "no-redact", false, "leave names as written (recorded in the ledger)")
	fl.BoolVar(&f.plaintext, "plaintext", false, "write the packet unencrypted (never to a terminal)")
	fl.StringVar(&f.dates, "dates", "day", "day, or exact for times to the minute")
	fl.StringVar(&f.note, "note", "", "a note for your supervisor: what you'd like from the session")
	fl.StringVar(&f.noteFile, "note-file", "", "read the note from this `file` (- for standard input)")
	fl.StringVar(&f.from, "from", "", "your `name`, if the packet should say who it is from")
	fl.StringArrayVar(&f.needs, "need", nil, "restorative, formative or normative: what you need from supervision this time (repeat)")
	fl.BoolVar(&f.summary, "summary", false, "add a summary of what you wrote since the last export to this contact")
	fl.BoolVar(&f.preview, "preview", false, "print the packet as it would be sent; write and record nothing")
	fl.BoolVar(&f.yes, "yes", false, "don't ask to confirm (the first export to a contact needs it without a terminal)")
	fl.StringVar(&f.list.since, "since", "", "entries from this `date` on")
	fl.StringVar(&f.list.until, "until", "", "entries up to this `date`")
	fl.StringArrayVar(&f.list.tags, "tag", nil, "entries with this `tag` (repeat: all of them)")
	fl.StringVar(&f.list.family, "family", "", "entries answering a prompt of this `family`")
	fl.BoolVar(&f.flagged, "flagged", false, "flagged entries (peerdiary flag)")
	return cmd
}

// exportPlan is an export's flags, checked before any passphrase is asked.
type exportPlan struct {
	format  supervision.Format
	dates   supervision.Dates
	needs   []supervision.Function
	sel     supervision.Selection
	stdout  bool
	outPath string
	note    string
}

func (a *app) checkExport(f exportFlags, args []string) (*exportPlan, error) {
	p := &exportPlan{}
	var err error
	if p.format, err = supervision.ParseFormat(f.format); err != nil {
		return nil, usageError(fmt.Sprintf("--format %s: choose md, html or json", safetext.Name(f.format)))
	}
	switch supervision.Dates(f.dates) {
	case supervision.DatesDay, supervision.DatesExact:
		p.dates = supervision.Dates(f.dates)
	default:
		return nil, usageError(fmt.Sprintf("--dates %s: choose day or exact", safetext.Name(f.dates)))
	}
	for _, n := range f.needs {
		fn, err := supervision.ParseFunction(n)
		if err != nil {
			return nil, usageError(fmt.Sprintf("--need %s: choose restorative, formative or normative", safetext.Name(n)),
				"restorative: support with how the work feels; formative: learning and skills; normative: standards and policy")
		}
		p.needs = append(p.needs, fn)
	}
	switch {
	case f.plaintext && len(f.to) > 0:
		return nil, usageError("--plaintext and --to don't go together: a plaintext export is encrypted to no one",
			"leave out --plaintext to encrypt it to "+safetext.Name(strings.Join(f.to, ", ")))
	case f.plaintext && f.armor:
		return nil, usageError("--armor is for encrypted exports; a plaintext export is text already")
	case !f.plaintext && len(f.to) == 0:
		return nil, usageError("export needs --to: the contact to encrypt it to",
			"peerdiary contacts lists them; add your supervisor with peerdiary contacts add NAME KEY",
			"to write it unencrypted instead, for yourself, add --plaintext")
	case f.preview && f.output != "":
		return nil, usageError("--preview writes nothing, so it takes no -o")
	case !f.preview && f.output == "":
		return nil, usageError("export needs -o FILE: where to write it",
			"for example -o supervision.age; -o - writes to standard output")
	}
	if f.summary && f.plaintext {
		return nil, usageError("--summary needs --to: it summarises what you wrote since your last export to that contact")
	}
	if f.note != "" && f.noteFile != "" {
		return nil, usageError("give the note with --note or --note-file, not both")
	}
	p.stdout = f.output == "-"
	p.outPath = f.output
	if p.stdout && a.io.outTerminal {
		switch {
		case f.plaintext:
			return nil, usageError("not writing a plaintext export to the terminal: the screen keeps what is printed on it",
				"write it to a file with -o FILE, or pipe it to a printer or a program")
		case !f.armor:
			return nil, usageError("not writing a binary file to the terminal",
				"write it to a file with -o FILE, or add --armor to print it as text for email or chat")
		}
	}
	filtering := f.list.since != "" || f.list.until != "" || len(f.list.tags) > 0 || f.list.family != "" || f.flagged
	if len(args) > 0 && filtering {
		return nil, usageError("choose entries by id or with --since, --until, --tag, --family and --flagged, not both")
	}
	if len(args) == 0 && !filtering {
		return nil, usageError("which entries? give their ids, or choose with --since, --until, --tag, --family or --flagged",
			"peerdiary list shows each entry's id; peerdiary flag lists the flagged ones")
	}
	p.sel.IDs = args
	p.sel.Flagged = f.flagged
	if p.sel.Filter, err = f.list.filter(); err != nil {
		return nil, err
	}
	p.note = f.note
	if f.noteFile != "" {
		data, err := a.readNote(f.noteFile)
		if err != nil {
			return nil, err
		}
		p.note = data
	}
	if !p.stdout && !f.preview {
		if _, err := os.Lstat(f.output); err == nil {
			return nil, usageError(fmt.Sprintf("%s exists already", f.output),
				"choose another name: a file that is there may already be on its way to someone, and the ledger may list it")
		}
	}
	return p, nil
}

func (a *app) readNote(path string) (string, error) {
	var data []byte
	var err error
	if path == "-" {
		if data, err = io.ReadAll(io.LimitReader(a.io.in, 8<<10+1)); err != nil {
			return "", usageError("can't read the note: "+err.Error(), "the note is a text file of up to 8 KiB")
		}
	} else if data, err = readSmallFile(path, 8<<10, "the note"); err != nil {
		return "", err
	}
	return string(data), nil
}

func (a *app) export(cmd *cobra.Command, args []string, f exportFlags) error {
	plan, err := a.checkExport(f, args)
	if err != nil {
		return err
	}
	return a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
		var contacts []diary.Contact
		var first []string // the contacts nothing was sent to yet
		for _, name := range f.to {
			c, err := d.store.FindContact(name)
			if err != nil {
				return err
			}
			if slices.ContainsFunc(contacts, func(o diary.Contact) bool { return o.Name == c.Name }) {
				continue
			}
			contacts = append(contacts, c)
			_, sent, err := d.store.LastExportTo(c.Name)
			if err != nil {
				return err
			}
			if !sent {
				first = append(first, c.Name)
			}
		}
		// Keys that can't share one file are refused before anything else
		// is read or asked.
		if _, err := diary.RecipientsOf(contacts); err != nil {
			return err
		}
		flags, err := d.store.Flags()
		if err != nil {
			return err
		}
		ids, err := supervision.Select(d.store, d.catalog.Entries, flags, plan.sel)
		if err != nil {
			return err
		}
		req := supervision.Request{
			Redact: !f.noRedact, Dates: plan.dates, Note: plan.note, From: f.from, Needs: plan.needs, Now: now(),
		}
		if f.summary {
			ledger, err := d.store.Ledger()
			if err != nil {
				return err
			}
			prep := supervision.PrepareAll(contacts, ledger, flags, d.catalog.Entries, now())
			req.Summary = &prep.Summary
		}
		p, err := supervision.Assemble(d.store, ids, req)
		if err != nil {
			return err
		}
		if f.preview {
			_, err := io.WriteString(a.io.out, safetext.Text(string(p.Markdown())))
			a.describeExport(p, contacts, plan)
			return err
		}
		a.describeExport(p, contacts, plan)
		if ok, err := a.confirmExport(first, f.yes); err != nil || !ok {
			return err
		}
		sealed, err := supervision.Seal(p, plan.format, contacts, f.armor)
		if err != nil {
			return err
		}
		output := plan.outPath
		if !plan.stdout {
			if abs, err := filepath.Abs(output); err == nil {
				output = abs
			}
		}
		rec, err := supervision.Commit(d.store, sealed, output, func(b []byte) error {
			if plan.stdout {
				_, err := a.io.out.Write(b)
				return err
			}
			return writeNewFile(plan.outPath, b)
		})
		if err != nil {
			return err
		}
		if f.plaintext {
			warn(a.io.err, "%s is not encrypted: anyone who can open it can read it, and desktop search may index it; delete it when you are done", output)
		}
		fmt.Fprintf(a.io.err, "peerdiary: exported %s (ledger %s, sha256 %s)\n", plural2(len(rec.Entries), "entry", "entries"), rec.ID, rec.SHA256[:16])
		return nil
	})
}

func plural2(n int, one, many string) string { return fmt.Sprintf("%d %s", n, plural(n, one, many)) }

// describeExport says on standard error what is about to leave: to whom,
// with the key's fingerprint, how many entries, what redaction did and the
// words to check.
func (a *app) describeExport(p *supervision.Packet, cs []diary.Contact, plan *exportPlan) {
	w := a.io.err
	for _, c := range cs {
		fmt.Fprintf(w, "peerdiary: to %s\n", contactLine(c))
	}
	if len(cs) == 0 {
		fmt.Fprintln(w, "peerdiary: to no one: a plaintext file")
	}
	fmt.Fprintf(w, "peerdiary: %s, as %s\n", plural2(len(p.Entries), "entry", "entries"), plan.format.Words())
	if p.Redacted {
		fmt.Fprintf(w, "peerdiary: names replaced with pseudonyms: %d\n", p.Replacements)
	} else {
		warn(w, "names are not taken out (--no-redact); the ledger records that")
	}
	if checks := p.Checks(); len(checks) > 0 {
		for i := range checks {
			checks[i] = safetext.Name(checks[i])
		}
		fmt.Fprintf(w, "peerdiary: check these words; add any that are names with peerdiary people add: %s\n", strings.Join(checks, ", "))
	}
}

// confirmExport asks before sending: before the first export to a contact
// always (with the notice; first names the contacts nothing was sent to
// yet), and otherwise when a person is at the terminal without --yes.
func (a *app) confirmExport(first []string, yes bool) (bool, error) {
	names := make([]string, len(first))
	for i, n := range first {
		names[i] = safetext.Name(n)
	}
	who := diary.JoinNames(names)
	if len(first) > 0 {
		for _, para := range supervision.FirstExportNotice(who) {
			fmt.Fprintf(a.io.err, "\n%s\n", wrapText(para, min(a.io.width, 80)))
		}
		fmt.Fprintln(a.io.err)
	}
	if yes {
		return true, nil
	}
	if !a.io.inTerminal {
		if len(first) > 0 {
			return false, usageError("the first export to "+who+" needs --yes without a terminal to confirm on",
				"read the notice above, then run the same command with --yes")
		}
		return true, nil
	}
	fmt.Fprint(a.io.err, "Send it? Type yes to send, anything else to stop: ")
	line, err := bufio.NewReader(a.io.in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	if strings.ToLower(strings.TrimSpace(line)) != "yes" {
		fmt.Fprintln(a.io.err, "peerdiary: nothing was sent")
		return false, nil
	}
	return true, nil
}

// wrapText breaks a paragraph into lines of at most width columns.
func wrapText(s string, width int) string {
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(s) {
		if col > 0 && col+1+len([]rune(w)) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += len([]rune(w))
	}
	return b.String()
}
