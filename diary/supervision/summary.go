package supervision

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Summary is a short account of the entries written over a stretch of
// time, which a worker may include in a packet: how many, on which themes,
// how many after a critical incident, and how mood moved. It holds counts
// only, never text.
type Summary struct {
	Since     time.Time // zero: from the first entry
	Until     time.Time
	Entries   int
	Families  []Count // by family id, most first
	Subthemes []Count // by family and subtheme, most first
	Incidents int     // entries after a critical incident
	Mood      Mood
}

// Count is how many entries have one family or subtheme.
type Count struct {
	Family   string
	Subtheme string // "" for a family's count
	N        int
}

// Mood is how mood moved: the average of the first and second half of the
// entries that have one.
type Mood struct {
	Rated           int     // entries with a mood
	Early, Late     float64 // averages, 1–5; 0 if there are none
	Lowest, Highest int
}

// Trend says which way mood moved, in plain words: "lower", "higher",
// "about the same", or "" with too few moods to say.
func (m Mood) Trend() string {
	switch {
	case m.Rated < 4:
		return ""
	case m.Late-m.Early >= 0.5:
		return "higher"
	case m.Early-m.Late >= 0.5:
		return "lower"
	}
	return "about the same"
}

// incidentTheme is the subtheme of what comes after an overdose or another
// critical incident; the debrief template tags its entries with it.
const incidentTheme = "care/after-incident"

// IsIncident reports whether an entry was written after a critical
// incident: a prompt on what comes after one, or the debrief, whose
// entries carry the tag care/after-incident.
func IsIncident(e *diary.Summary) bool {
	return e.Prompt != nil && e.Prompt.Family+"/"+e.Prompt.Subtheme == incidentTheme || slices.Contains(e.Tags, incidentTheme)
}

// themeOf is an entry's family and subtheme: its prompt's, else the first
// family/subtheme among its tags (a structured reflection's).
func themeOf(e *diary.Summary) (family, subtheme string) {
	if e.Prompt != nil && e.Prompt.Family != "" {
		return e.Prompt.Family, e.Prompt.Subtheme
	}
	for _, t := range e.Tags {
		if f, st, ok := strings.Cut(t, "/"); ok && prompts.KnownFamily(f) {
			return f, st
		}
	}
	for _, t := range e.Tags {
		if prompts.KnownFamily(t) {
			return t, ""
		}
	}
	return "", ""
}

// Summarize counts the entries created in (since, until]; a zero since
// means from the first.
func Summarize(entries []diary.Summary, since, until time.Time) Summary {
	s := Summary{Since: since, Until: until}
	fam := map[string]int{}
	sub := map[[2]string]int{}
	var moods []diary.Summary
	for _, e := range entries {
		if !since.IsZero() && !e.Created.After(since) || e.Created.After(until) {
			continue
		}
		s.Entries++
		if f, st := themeOf(&e); f != "" {
			fam[f]++
			if st != "" {
				sub[[2]string{f, st}]++
			}
		}
		if IsIncident(&e) {
			s.Incidents++
		}
		if e.Mood > 0 {
			moods = append(moods, e)
		}
	}
	for f, n := range fam {
		s.Families = append(s.Families, Count{Family: f, N: n})
	}
	for k, n := range sub {
		s.Subthemes = append(s.Subthemes, Count{Family: k[0], Subtheme: k[1], N: n})
	}
	byCount := func(a, b Count) int {
		return cmp.Or(b.N-a.N, cmp.Compare(a.Family, b.Family), cmp.Compare(a.Subtheme, b.Subtheme))
	}
	slices.SortFunc(s.Families, byCount)
	slices.SortFunc(s.Subthemes, byCount)
	slices.SortFunc(moods, func(a, b diary.Summary) int { return a.Created.Compare(b.Created) })
	s.Mood.Rated = len(moods)
	if len(moods) > 0 {
		half := len(moods) / 2
		early, late := moods[:max(half, 1)], moods[half:]
		s.Mood.Early, s.Mood.Late = average(early), average(late)
		s.Mood.Lowest, s.Mood.Highest = 5, 1
		for _, m := range moods {
			s.Mood.Lowest = min(s.Mood.Lowest, m.Mood)
			s.Mood.Highest = max(s.Mood.Highest, m.Mood)
		}
	}
	return s
}

func average(es []diary.Summary) float64 {
	sum := 0
	for _, e := range es {
		sum += e.Mood
	}
	return float64(sum) / float64(len(es))
}

// Prep is what the supervision prep view shows for one contact.
type Prep struct {
	Contact diary.Contact
	Last    *diary.ExportRecord // the last export to them, or nil
	Flagged []diary.Flag        // flags set since then, oldest first
	Summary Summary
}

// Prepare gathers what happened since the last export to a contact.
func Prepare(c diary.Contact, ledger []diary.ExportRecord, flags []diary.Flag, catalog []diary.Summary, now time.Time) Prep {
	p := Prep{Contact: c}
	for i := len(ledger) - 1; i >= 0; i-- {
		if ledger[i].SentTo(c.Name) {
			last := ledger[i]
			p.Last = &last
			break
		}
	}
	var since time.Time
	if p.Last != nil {
		since = p.Last.At
	}
	known := map[string]bool{}
	for _, e := range catalog {
		known[e.ID] = true
	}
	for _, f := range flags {
		if known[f.ID] && (since.IsZero() || f.At.After(since)) {
			p.Flagged = append(p.Flagged, f)
		}
	}
	p.Summary = Summarize(catalog, since, now)
	return p
}

// PrepareAll is Prepare for an export to several contacts at once: it
// covers what the one who has been sent least recently (or nothing) has
// not seen, so the summary leaves no one's gap out.
func PrepareAll(cs []diary.Contact, ledger []diary.ExportRecord, flags []diary.Flag, catalog []diary.Summary, now time.Time) Prep {
	var out Prep
	for i, c := range cs {
		p := Prepare(c, ledger, flags, catalog, now)
		if i == 0 || p.Last == nil || p.Last.At.Before(out.Last.At) {
			out = p
		}
		if out.Last == nil {
			break // nothing sent to them yet: everything so far
		}
	}
	return out
}
