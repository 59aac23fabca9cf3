// Package corpus makes diary entries for benchmarks: a seeded generator, so
// every run, and every version of peerdiary measured against another, reads
// the same text. It knows nothing of the diary's types (the diary's own
// benchmarks use it too), so it returns plain values.
//
// The text is made to be like real entries where that changes what is
// measured: sentences start with capitals and mention names, some words
// carry accents or typographic quotes, lengths vary from a line to a few
// pages, a quarter of entries answer a prompt and one in ten is a
// structured reflection with answers.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Doc is one generated entry.
type Doc struct {
	ID      string // 16 characters of the entry id alphabet
	Created time.Time
	Tags    []string
	Mood    int // 0 for none, else 1–5
	Body    string

	// Prompt, when Family is 0 or more, is the prompt the entry answers:
	// number PromptN of the family Family (an index into the caller's list
	// of FamilyCount families; this package names none), with its text.
	Family, PromptN int
	PromptText      string

	// Template and Answers, when Template is not "", make the entry a
	// structured reflection.
	Template string
	Answers  []Answer
}

// Answer is one step of a reflection.
type Answer struct{ Step, Question, Text string }

// Start is the date of the first entry; entries follow every two hours.
var Start = time.Date(2023, 11, 23, 20, 0, 0, 0, time.UTC)

// words is the everyday vocabulary of the generated text.
var words = strings.Fields(`shift outreach client shelter naloxone kit
	supervisor boundary tired proud listened called waited rain cold coffee
	team meeting housing worker referral clinic overdose safe supply hope
	today tomorrow again quiet busy laughed cried walked drove bus street
	park bench food bank form phone charger shoes blanket tent van the a
	and to of in it was we she he they felt said about after before with
	for on at but not really just long hard good small kind late early`)

// rare words appear now and then: names, places and words with accents or
// typographic apostrophes, as phones and word processors type them.
var rare = strings.Fields(`Sam Priya Jordan Alex Mo Dee Tomás Zoë Renée
	Main-Street Riverside ID café naïve don’t it’s couldn’t “okay” …
	Ωmega Łukasz`)

// FamilyCount is how many prompt families Doc.Family chooses from.
const FamilyCount = 4

var questions = []string{
	"What happened?", "How did you feel?", "What went well?",
	"What was hard?", "What did you learn?", "What will you do next time?",
}

const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// Generate returns n entries made from seed; the same seed gives the same
// entries.
func Generate(seed uint64, n int) []Doc {
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Entry(seed, i)
	}
	return docs
}

// Entry returns entry i of the corpus made from seed, without making the
// ones before it.
func Entry(seed uint64, i int) Doc {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	var id [16]byte
	for j := range id {
		id[j] = idAlphabet[r.IntN(len(idAlphabet))]
	}
	d := Doc{
		ID:      string(id[:]),
		Created: Start.Add(time.Duration(i) * 2 * time.Hour),
		Tags:    []string{words[r.IntN(len(words))], words[r.IntN(len(words))]},
		Body:    Text(r, 50+r.IntN(400)),
	}
	if r.IntN(5) > 0 {
		d.Mood = 1 + r.IntN(5)
	}
	d.Family = -1
	if r.IntN(4) == 0 {
		d.Family, d.PromptN = r.IntN(FamilyCount), r.IntN(40)
		d.PromptText = "What stayed with you from today’s " + words[r.IntN(len(words))] + "?"
	}
	if r.IntN(10) == 0 {
		d.Template = "gibbs"
		for k := range 3 + r.IntN(3) {
			d.Answers = append(d.Answers, Answer{
				Step:     fmt.Sprintf("step-%d", k+1),
				Question: questions[k%len(questions)],
				Text:     Text(r, 10+r.IntN(60)),
			})
		}
		if r.IntN(2) == 0 {
			d.Body = "" // some reflections are answers only
		}
	}
	return d
}

// Text returns about n words in sentences of 6 to 18 words, each starting
// with a capital, with a paragraph break now and then.
func Text(r *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n * 7)
	left := 0 // words left in the sentence
	for i := range n {
		start := left == 0
		if start {
			left = 6 + r.IntN(13)
			if i > 0 {
				if r.IntN(6) == 0 {
					b.WriteString(".\n\n")
				} else {
					b.WriteString(". ")
				}
			}
		} else {
			b.WriteByte(' ')
		}
		left--
		w := words[r.IntN(len(words))]
		if r.IntN(25) == 0 {
			w = rare[r.IntN(len(rare))]
		}
		if start {
			c, size := utf8.DecodeRuneInString(w)
			w = string(unicode.ToUpper(c)) + w[size:]
		}
		b.WriteString(w)
	}
	if n > 0 {
		b.WriteByte('.')
	}
	return b.String()
}
