package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/internal/safetext"
)

// minShortID is the shortest id list prints; longer when that many
// characters would not tell two entries apart.
const minShortID = 8

type listFlags struct {
	since, until string
	tags         []string
	family       string
	search       string
	limit        int
	json         bool
}

func (a *app) listCommand() *cobra.Command {
	var f listFlags
	cmd := &cobra.Command{
		Use:   "list [--since D] [--until D] [--tag T]... [--family F] [--search W]",
		Short: "List entries, newest first",
		Long: `List entries, newest first: short id, date, prompt family, tags and the
first line. --json prints every matching entry in full (see docs/CLI.md).

Dates are RFC 3339 times, days (2026-11-23) or words (today, yesterday,
"last monday", "3 days ago"); --since a day means from its start, --until a
day means to its end.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.list(cmd, f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.since, "since", "", "only entries from this `date` on")
	fl.StringVar(&f.until, "until", "", "only entries up to this `date`")
	fl.StringArrayVar(&f.tags, "tag", nil, "only entries with this `tag` (repeat: all of them)")
	fl.StringVar(&f.family, "family", "", "only entries answering a prompt of this `family`")
	fl.StringVar(&f.search, "search", "", "only entries containing every one of these `words`")
	fl.IntVarP(&f.limit, "number", "n", 0, "at most `N` entries (0 for all)")
	fl.BoolVar(&f.json, "json", false, "print entries in full as JSON")
	return cmd
}

// filter builds the diary filter from the flags, checking them before any
// passphrase is asked for.
func (f listFlags) filter() (diary.Filter, error) {
	flt := diary.Filter{Tags: f.tags, Words: f.search, Limit: f.limit}
	if f.family != "" {
		fam, err := prompts.ParseFamily(f.family)
		if err != nil {
			return flt, err
		}
		flt.Family = fam
	}
	if f.limit < 0 {
		return flt, usageError(fmt.Sprintf("-n must be 0 or more, not %d", f.limit),
			"-n 10 shows the newest 10 entries; leave -n out to see them all")
	}
	var err error
	flt.Since, flt.Until, err = diary.DayRange(f.since, f.until, now())
	if errors.Is(err, diary.ErrBadRange) {
		return flt, usageError("--since is after --until", "swap the two dates")
	}
	return flt, err
}

func (a *app) list(cmd *cobra.Command, f listFlags) error {
	flt, err := f.filter()
	if err != nil {
		return err
	}
	return a.withDiary(cmd.Context(), needCatalog, func(d *unlocked) error {
		if flt.Words != "" {
			// The texts are searched, so read them at once, in parallel
			// where the index lacks them, rather than one by one.
			if err := d.store.LoadText(d.catalog.Entries); err != nil {
				return err
			}
		}
		matches := flt.Apply(d.catalog.Entries)
		if f.json {
			if err := d.store.LoadText(matches); err != nil {
				return err
			}
			return a.listJSON(d.store, matches)
		}
		a.listLines(d.catalog, matches)
		return nil
	})
}

// listJSON prints the matching entries in full, as a JSON array, one entry
// at a time: the entries come from the catalog just loaded (no second
// decrypt), and only one of them is in memory in full at once.
func (a *app) listJSON(s *diary.Store, matches []diary.Summary) error {
	return writeJSONArray(a.io.out, len(matches), func(i int) (any, error) {
		e, err := s.Read(&matches[i])
		if err != nil {
			return nil, err
		}
		return toJSON(e, diary.EntriesDir+"/"+matches[i].File), nil
	})
}

// listLines prints one line per matching entry, or says why there are none.
func (a *app) listLines(c *diary.Catalog, matches []diary.Summary) {
	if len(matches) == 0 {
		if len(c.Entries) == 0 {
			fmt.Fprintln(a.io.err, "peerdiary: no entries yet; write one with: peerdiary write < note.txt")
		} else {
			fmt.Fprintln(a.io.err, "peerdiary: no entries match")
		}
		return
	}
	short := shortIDLength(c.Entries)
	for i := range matches {
		fmt.Fprintln(a.io.out, listLine(&matches[i], short, a.io.width))
	}
}

// listLine is one entry as list prints it:
//
//	3k9x2mfa  2026-11-23 18:30  [transitions]  #outreach  Long shift, but…
//
// cut to width columns.
func listLine(e *diary.Summary, short, width int) string {
	var b strings.Builder
	b.WriteString(e.ID[:min(short, len(e.ID))])
	b.WriteString("  ")
	b.WriteString(e.Created.In(now().Location()).Format("2006-01-02 15:04"))
	if fam := e.Family(); fam != "" {
		b.WriteString("  [" + fam + "]")
	}
	if len(e.Tags) > 0 {
		b.WriteString("  #" + strings.Join(e.Tags, " #"))
	}
	if e.Title != "" {
		b.WriteString("  " + e.Title)
	}
	return fitWidth(safetext.Line(b.String()), width)
}

// shortIDLength is the fewest characters, at least minShortID, that tell
// every entry's id apart. Neighbours in sorted order share the longest
// prefixes, so only they need comparing.
func shortIDLength(es []diary.Summary) int {
	ids := make([]string, len(es))
	for i := range es {
		ids[i] = es[i].ID
	}
	slices.Sort(ids)
	n := minShortID
	for i := 1; i < len(ids); i++ {
		a, b := ids[i-1], ids[i]
		common := 0
		for common < len(a) && common < len(b) && a[common] == b[common] {
			common++
		}
		n = max(n, common+1)
	}
	return n
}
