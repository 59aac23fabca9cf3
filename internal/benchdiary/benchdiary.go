// Package benchdiary fills a diary with the generated entries of
// peerdiary/internal/corpus, through the store's ordinary save, for the
// whole-command benchmarks in bench/ and the command line's own benchmarks.
package benchdiary

import (
	"fmt"
	"sync"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/internal/corpus"
)

// ToEntry turns a generated document into an entry.
func ToEntry(d corpus.Doc) *diary.Entry {
	e := &diary.Entry{
		ID: d.ID, Created: d.Created,
		Tags: d.Tags, Mood: d.Mood, Body: d.Body, Template: d.Template,
	}
	if d.Family >= 0 {
		fam := prompts.Families[d.Family%len(prompts.Families)].ID
		e.Prompt = &diary.PromptRef{ID: fmt.Sprintf("%s-%02d", fam, d.PromptN), Family: fam, Text: d.PromptText}
	}
	for _, a := range d.Answers {
		e.Answers = append(e.Answers, diary.Answer{Step: a.Step, Question: a.Question, Text: a.Text})
	}
	return e
}

// Fill saves entries from..to-1 of the corpus made from seed into the
// unlocked store s, on workers goroutines, and returns the first error.
// progress, if not nil, is called after every 1,000 entries.
func Fill(s *diary.Store, seed uint64, from, to, workers int, progress func(done int)) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		done  int
	)
	next := make(chan int)
	for range max(workers, 1) {
		wg.Go(func() {
			for i := range next {
				_, err := s.Put(ToEntry(corpus.Entry(seed, i)))
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				done++
				if progress != nil && done%1000 == 0 {
					progress(done)
				}
				mu.Unlock()
			}
		})
	}
	for i := from; i < to; i++ {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
