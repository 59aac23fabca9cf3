package diary

import (
	"slices"
	"strings"
	"time"
)

// Filter selects entries from a catalog. The zero Filter selects everything.
type Filter struct {
	Since  time.Time // inclusive; zero for no bound
	Until  time.Time // inclusive; zero for no bound
	Tags   []string  // every tag must be present
	Family string    // the prompt family, or "" for any
	Words  string    // every word must appear in the text, tags or prompt
	Limit  int       // at most this many, newest first; 0 for all
}

// Apply returns the matching summaries, in catalog order (newest first).
func (f Filter) Apply(es []Summary) []Summary {
	tags := NormalizeTags(f.Tags)
	words := strings.Fields(strings.ToLower(f.Words))
	family := strings.ToLower(strings.TrimSpace(f.Family))
	var out []Summary
	for i := range es {
		if f.Limit > 0 && len(out) >= f.Limit {
			break
		}
		if f.match(&es[i], tags, family, words) {
			out = append(out, es[i])
		}
	}
	return out
}

func (f Filter) match(e *Summary, tags []string, family string, words []string) bool {
	if !f.Since.IsZero() && e.Created.Before(f.Since) {
		return false
	}
	if !f.Until.IsZero() && e.Created.After(f.Until) {
		return false
	}
	if family != "" && strings.ToLower(e.Family()) != family {
		return false
	}
	// A linear search: an entry has a handful of tags, and a summary built
	// from an entry that was never saved may hold them unsorted.
	for _, t := range tags {
		if !slices.Contains(e.Tags, t) {
			return false
		}
	}
	if len(words) == 0 {
		return true
	}
	search := e.SearchText()
	for _, w := range words {
		if !strings.Contains(search, w) {
			return false
		}
	}
	return true
}

// Matches reports whether one summary matches the filter (Limit aside).
func (f Filter) Matches(e *Summary) bool {
	return f.match(e, NormalizeTags(f.Tags), strings.ToLower(strings.TrimSpace(f.Family)), strings.Fields(strings.ToLower(f.Words)))
}
