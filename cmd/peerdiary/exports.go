package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/internal/safetext"
)

func (a *app) exportsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "exports [--json]",
		Short: "Everything that left the diary: the ledger of exports",
		Long: `The ledger: every export, oldest first, to a supervisor or a research
study (bundles and withdrawal notices). When it was made, to whom (with
the fingerprints of their keys), which entries, the format, whether names
were replaced and how many, and the SHA-256 of the exact file written, to
compare with sha256sum. An export is recorded before its file is written.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				l, err := d.store.Ledger()
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.io.out, ledgerJSON(l))
				}
				a.printLedger(l)
				return nil
			})
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the ledger as JSON")
	return cmd
}

func (a *app) printLedger(l []diary.ExportRecord) {
	if len(l) == 0 {
		fmt.Fprintln(a.io.out, "Nothing has left this diary. Exports you make with peerdiary export or peerdiary research export are listed here.")
		return
	}
	for i, r := range l {
		if i > 0 {
			fmt.Fprintln(a.io.out)
		}
		to := "no one (plaintext, not encrypted)"
		switch {
		case r.Kind == diary.KindResearch:
			to = "the study " + safetext.Name(r.To) + " " + strings.Join(r.Fingerprints, ", ")
		case !r.Plaintext:
			to = safetext.Name(r.To) + " " + strings.Join(r.Fingerprints, ", ")
			for _, o := range r.Also {
				to += "; " + safetext.Name(o.Name) + " " + strings.Join(o.Fingerprints, ", ")
			}
		}
		names := "names left as written"
		if r.Redacted {
			names = fmt.Sprintf("names replaced: %d", r.Replacements)
		}
		format := r.Format
		if r.Armored {
			format += ", armored"
		}
		fmt.Fprintf(a.io.out, "%s  %s  to %s\n", r.ID, r.At.Local().Format("2006-01-02 15:04"), to)
		fmt.Fprintf(a.io.out, "  %s, %s, %s, dates %s\n", plural2(len(r.Entries), "entry", "entries"), format, names, r.Dates)
		fmt.Fprintf(a.io.out, "  entries %s\n", strings.Join(r.Entries, " "))
		fmt.Fprintf(a.io.out, "  %s, %d bytes, sha256 %s\n", safetext.Name(r.Output), r.Size, r.SHA256)
	}
}

type ledgerEntryJSON struct {
	ID           string         `json:"id"`
	Kind         string         `json:"kind"`
	At           string         `json:"at"`
	To           string         `json:"to"`
	Fingerprints []string       `json:"fingerprints"`
	Also         []diary.SentTo `json:"also"`
	Plaintext    bool           `json:"plaintext"`
	Entries      []string       `json:"entries"`
	Format       string         `json:"format"`
	Armored      bool           `json:"armored"`
	Redacted     bool           `json:"redacted"`
	Replacements int            `json:"replacements"`
	Dates        string         `json:"dates"`
	Output       string         `json:"output"`
	Size         int            `json:"size"`
	SHA256       string         `json:"sha256"`
}

func ledgerJSON(l []diary.ExportRecord) []ledgerEntryJSON {
	out := make([]ledgerEntryJSON, 0, len(l))
	for _, r := range l {
		fps := r.Fingerprints
		if fps == nil {
			fps = []string{}
		}
		also := r.Also
		if also == nil {
			also = []diary.SentTo{}
		}
		out = append(out, ledgerEntryJSON{
			ID: r.ID, Kind: r.Kind, At: r.At.Format(time.RFC3339), To: r.To, Fingerprints: fps, Also: also,
			Plaintext: r.Plaintext, Entries: r.Entries, Format: r.Format, Armored: r.Armored,
			Redacted: r.Redacted, Replacements: r.Replacements, Dates: r.Dates, Output: r.Output,
			Size: r.Size, SHA256: r.SHA256,
		})
	}
	return out
}
