package diary

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"slices"
)

// entryText is what a summary holds beyond what lists show, so that the
// whole entry can be rebuilt from it without decrypting its file: the
// template, each answer's step and question, and the lengths and the edits
// (see folder) that turn the start of the search text back into the body and
// answers as they were written.
type entryText struct {
	template string
	bodyLen  int
	answers  []answerHead
	unfold   string
}

// answerHead is an answer without its text.
type answerHead struct {
	step, question string
	size           int // bytes of text as written
}

// total is the length of the body and the answers' texts as summarize
// joins them: each answer after a newline.
func (t *entryText) total() int {
	n := t.bodyLen
	for _, a := range t.answers {
		n += 1 + a.size
	}
	return n
}

// whole rebuilds the entry the summary was made from, or returns nil if the
// summary's text does not hold all of it (an entry with fields this version
// does not know is read from its file instead) or can't be had.
func (sum *Summary) whole() *Entry {
	search, t, err := sum.textOf()
	if err != nil {
		return nil
	}
	return sum.rebuild(search, t)
}

// rebuild is the entry whose search text and entry text are these.
func (sum *Summary) rebuild(search string, t *entryText) *Entry {
	if t == nil {
		return nil
	}
	text := unfold(search, t.unfold, t.total())
	e := &Entry{
		ID: sum.ID, Created: sum.Created, Updated: sum.Updated,
		Tags: slices.Clone(sum.Tags), Mood: sum.Mood,
		Template: t.template, Body: text[:t.bodyLen],
	}
	if sum.Prompt != nil {
		p := *sum.Prompt
		e.Prompt = &p
	}
	at := t.bodyLen
	if len(t.answers) > 0 {
		e.Answers = make([]Answer, len(t.answers))
		for i, a := range t.answers {
			if text[at] != '\n' {
				return nil
			}
			at++
			e.Answers[i] = Answer{Step: a.step, Question: a.question, Text: text[at : at+a.size]}
			at += a.size
		}
	}
	return e
}

// Read returns the whole entry sum summarises, as it was when its catalog
// was loaded: rebuilt from the catalog, or from the index's texts (see
// LoadText) when the index is current, without touching the entry file.
// An entry with header fields this version does not know, or whose text
// the index lacks, is read from its file. Get, not Read, is for an entry
// about to be edited and saved again: it always reads the file as it is
// now.
func (s *Store) Read(sum *Summary) (*Entry, error) {
	ident, err := s.currentIdentity()
	if err != nil {
		return nil, err
	}
	search, t, err := sum.textOf()
	if err != nil && !errors.Is(err, errChangedSince) {
		return nil, err
	}
	// A file changed since the list was read is read whole below.
	if e := sum.rebuild(search, t); err == nil && e != nil {
		return e, nil
	}
	e, err := s.readEntryFile(sum.File, ident)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, sum.ID)
	}
	return e, err
}

// Entries yields the whole entry of each summary, in order, as Read gives
// it, with an error for each one that could not be read.
func (s *Store) Entries(sums []Summary) iter.Seq2[*Entry, error] {
	return func(yield func(*Entry, error) bool) {
		for i := range sums {
			if !yield(s.Read(&sums[i])) {
				return
			}
		}
	}
}
