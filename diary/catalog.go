package diary

import (
	"slices"
	"strings"
	"time"
)

// Summary is what lists and filters need of an entry. A Catalog of them is
// the list/filter path; the body itself comes from Get, the decrypt path,
// which always decrypts the entry file. Load builds the catalog from the
// entry index where it is current, decrypting the other files.
type Summary struct {
	ID      string
	File    string // file name in entries/
	Created time.Time
	Updated time.Time
	Prompt  *PromptRef
	Tags    []string
	Mood    int
	Title   string
	Words   int

	search string // lower-cased text and tags, for Filter
}

// Family is the summary's prompt family, or "".
func (s *Summary) Family() string {
	if s.Prompt == nil {
		return ""
	}
	return s.Prompt.Family
}

// Problem is a file that could not be read.
type Problem struct {
	Path string // relative to the diary folder, e.g. entries/x.age
	Err  error
}

// Error names the file and what is wrong with it, never its contents.
func (p Problem) Error() string { return p.Path + ": " + p.Err.Error() }

// Catalog is every readable entry, newest first, and every file that was not.
type Catalog struct {
	Entries  []Summary
	Problems []Problem
}

// SortNewestFirst orders summaries by creation time, newest first, ties by id
// so the order is stable.
func SortNewestFirst(es []Summary) {
	slices.SortFunc(es, func(a, b Summary) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

func summarize(e *Entry, file string) Summary {
	var b strings.Builder
	b.WriteString(e.Body)
	for _, a := range e.Answers {
		b.WriteString("\n")
		b.WriteString(a.Text)
	}
	for _, t := range e.Tags {
		b.WriteString("\n#")
		b.WriteString(t)
	}
	if e.Prompt != nil {
		b.WriteString("\n")
		b.WriteString(e.Prompt.Text)
	}
	return Summary{
		ID: e.ID, File: file, Created: e.Created, Updated: e.Updated,
		Prompt: e.Prompt, Tags: e.Tags, Mood: e.Mood,
		Title: e.Title(), Words: e.Words(),
		search: strings.ToLower(b.String()),
	}
}

// TagCount is how many entries carry a tag.
type TagCount struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// TagCounts counts the tags of the catalog's entries, most used first, ties
// by tag. The summaries' tags include those each entry derives from its
// prompt and #hashtags (Entry.DerivedTags), so this agrees with filtering by
// tag, and nothing is decrypted to count.
func (c *Catalog) TagCounts() []TagCount {
	counts := map[string]int{}
	for i := range c.Entries {
		for _, t := range c.Entries[i].Tags {
			counts[t]++
		}
	}
	out := make([]TagCount, 0, len(counts))
	for t, n := range counts {
		out = append(out, TagCount{t, n})
	}
	slices.SortFunc(out, func(x, y TagCount) int {
		if x.Count != y.Count {
			return y.Count - x.Count
		}
		return strings.Compare(x.Tag, y.Tag)
	})
	return out
}
