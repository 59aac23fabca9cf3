package diary

import (
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/rivo/uniseg"
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
	Title   string // the entry's Title, cut to maxTitle bytes (see listTitle)
	Words   int

	// The summary's text: its own, or, when lazy is set, the index's
	// (see textOf): a diary opened from its index reads the texts only
	// when a search, a preview or an export first needs one.
	search string      // lower-cased text and tags, for Filter
	text   *entryText  // the rest of the entry, or nil (see Store.Read)
	lazy   *indexEntry // where search and text are, if not here
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
	size := len(e.Body)
	for _, a := range e.Answers {
		size += 1 + len(a.Text)
	}
	for _, t := range e.Tags {
		size += 2 + len(t)
	}
	if e.Prompt != nil {
		size += 1 + len(e.Prompt.Text)
	}
	f := folder{out: make([]byte, 0, size)}
	f.add(e.Body)
	for _, a := range e.Answers {
		f.add("\n")
		f.add(a.Text)
	}
	edits := f.done()
	// The rest is search text only: the tags and prompt are kept as they
	// are in the summary itself.
	for _, t := range e.Tags {
		f.out = append(f.out, "\n#"...)
		f.out = append(f.out, strings.ToLower(t)...)
	}
	if e.Prompt != nil {
		f.out = append(f.out, '\n')
		f.out = append(f.out, strings.ToLower(e.Prompt.Text)...)
	}
	sum := Summary{
		ID: e.ID, File: file, Created: e.Created, Updated: e.Updated,
		Prompt: e.Prompt, Tags: e.Tags, Mood: e.Mood,
		Title: listTitle(e.Title()), Words: e.Words(),
		// f.out is this summary's alone and never written again, so
		// the search text is it, not a copy of it.
		search: unsafe.String(unsafe.SliceData(f.out), len(f.out)),
	}
	if len(e.Extra) == 0 {
		t := &entryText{template: e.Template, bodyLen: len(e.Body), unfold: edits}
		if len(e.Answers) > 0 {
			t.answers = make([]answerHead, len(e.Answers))
			for i, a := range e.Answers {
				t.answers[i] = answerHead{step: a.Step, question: a.Question, size: len(a.Text)}
			}
		}
		sum.text = t
	}
	return sum
}

// maxTitle is how much of an entry's title a summary keeps: more than a
// list line shows on the widest terminal in common use. A title is the
// first line of the body, which is often a whole paragraph; kept whole, it
// was most of every summary's size (380 of 490 bytes in a diary of
// 100,000 entries of 250 words), in memory and in the index read at every
// open.
const maxTitle = 200

// listTitle is title cut, if it is longer than maxTitle bytes, at the end
// of the last whole character (grapheme cluster) that fits, with "…"
// after it; a copy, so the summary does not keep the entry's text alive.
func listTitle(title string) string {
	if len(title) <= maxTitle {
		return strings.Clone(title)
	}
	end, state := 0, -1
	rest := title
	for len(rest) > 0 {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if end+len(cluster) > maxTitle-len("…") {
			break
		}
		end += len(cluster)
	}
	return strings.TrimRight(title[:end], " \t") + "…"
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
