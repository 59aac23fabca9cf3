package redact

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Person is someone whose name must not leave the diary.
type Person struct {
	// Name is the name the worker writes most: "Sam Jones".
	Name string
	// Aliases are the other names the same person goes by: "Sammy", "SJ".
	Aliases []string
	// As is a fixed pseudonym, "Client A", the same in every export. Empty
	// means one is given per export, "Person A", "Person B", ….
	As string
}

// Options adjust a Redactor.
type Options struct {
	// Label starts the pseudonyms given to people without an As; the
	// default is "Person", for "Person A", "Person B", ….
	Label string
}

// Span is one replacement in a redacted text.
type Span struct {
	Start, End int    // byte offsets of the pseudonym in the redacted text
	Pseudonym  string // the text at [Start, End)
	Person     int    // the index of the person in the list given to New
}

// Result is a redacted text and where its replacements are.
type Result struct {
	Text  string
	Spans []Span
}

// Redactor replaces listed people's names with their pseudonyms. One
// Redactor is one export: it gives each person the same pseudonym every time
// and counts what it replaced. It is not safe for concurrent use.
type Redactor struct {
	people []Person
	f      *folder

	names    map[string][]name // first word of a name → names starting with it
	joined   map[string]int    // a name's words run together → person
	words    map[string]bool   // every word of every name
	maxWords int

	label    string
	assigned []string // person → pseudonym, "" until first mentioned
	taken    map[string]bool
	next     int // the next letter to try for an assigned pseudonym
	counts   []int
	total    int
}

// name is one name of one person, as normalised words.
type name struct {
	words  []string
	person int
}

// ErrBadList is wrapped by New's errors about the list it was given.
var ErrBadList = errors.New("the list of names can't be used")

// New returns a Redactor for one export of text mentioning people. Names and
// aliases must each have at least one letter or digit; one name may not
// stand for two people; an As may not use a word of any listed name.
func New(people []Person, opts Options) (*Redactor, error) {
	r := &Redactor{
		people:   slices.Clone(people),
		f:        newFolder(),
		names:    map[string][]name{},
		joined:   map[string]int{},
		words:    map[string]bool{},
		label:    strings.TrimSpace(opts.Label),
		assigned: make([]string, len(people)),
		counts:   make([]int, len(people)),
		taken:    map[string]bool{},
	}
	if r.label == "" {
		r.label = "Person"
	}
	labelClashes := func() bool { return !r.pseudonymOK(r.label) }
	owner := map[string]int{}
	for i, p := range people {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if !utf8.ValidString(n) {
				return nil, fmt.Errorf("%w: %q is not valid text", ErrBadList, n)
			}
			toks := tokenize(n, r.f)
			if len(toks) == 0 {
				return nil, fmt.Errorf("%w: %q has no letters or digits to look for", ErrBadList, n)
			}
			words := make([]string, len(toks))
			for j, t := range toks {
				words[j] = t.norm
				r.words[t.norm] = true
			}
			key := strings.Join(words, " ")
			if o, ok := owner[key]; ok {
				if o == i {
					continue // the same name twice for one person
				}
				return nil, fmt.Errorf("%w: %q is listed for two different people", ErrBadList, n)
			}
			owner[key] = i
			r.names[words[0]] = append(r.names[words[0]], name{words, i})
			r.maxWords = max(r.maxWords, len(words))
			if len(words) > 1 {
				r.joined[strings.Join(words, "")] = i
			}
		}
	}
	for first := range r.names {
		// Longest first, so the longest name wins at each place.
		slices.SortStableFunc(r.names[first], func(a, b name) int { return len(b.words) - len(a.words) })
	}
	// A listed "Person" would make every given pseudonym clash.
	for _, alt := range []string{"Someone", "Name", "Anon"} {
		if !labelClashes() {
			break
		}
		r.label = alt
	}
	for i, p := range people {
		as := strings.TrimSpace(p.As)
		if as == "" {
			continue
		}
		if !utf8.ValidString(as) || strings.ContainsFunc(as, unicode.IsControl) {
			return nil, fmt.Errorf("%w: the pseudonym %q has characters that are not text", ErrBadList, as)
		}
		if !r.pseudonymOK(as) {
			return nil, fmt.Errorf("%w: the pseudonym %q uses a word of a listed name, so it could give that name away", ErrBadList, as)
		}
		r.assigned[i] = as
		r.taken[r.f.normalize(as)] = true
	}
	return r, nil
}

// pseudonymOK reports whether a pseudonym shares no word with a listed name,
// either as written or as a variant, so it can never complete a name or be
// read as one.
func (r *Redactor) pseudonymOK(p string) bool {
	toks := tokenize(p, r.f)
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		if r.words[t.norm] {
			return false
		}
		if _, ok := r.joined[t.norm]; ok {
			return false
		}
		if stem, ok := strings.CutSuffix(t.norm, "s"); ok && (r.words[stem] || r.joinedHas(stem)) {
			return false
		}
	}
	return true
}

func (r *Redactor) joinedHas(w string) bool { _, ok := r.joined[w]; return ok }

// Pseudonym returns the pseudonym of person i: their As, or the one this
// Redactor gave them, or "" if they have not been mentioned yet.
func (r *Redactor) Pseudonym(i int) string {
	if i < 0 || i >= len(r.assigned) {
		return ""
	}
	return r.assigned[i]
}

// pseudonym returns person i's pseudonym, giving them the next free one if
// they have none yet.
func (r *Redactor) pseudonym(i int) string {
	if p := r.assigned[i]; p != "" {
		return p
	}
	for {
		p := r.label + " " + letters(r.next)
		r.next++
		if r.taken[r.f.normalize(p)] || !r.pseudonymOK(p) {
			if r.next > 26*27*27 { // every label clashes: fall back to numbers
				p = fmt.Sprintf("[%d]", i+1)
				r.assigned[i] = p
				return p
			}
			continue
		}
		r.assigned[i] = p
		r.taken[r.f.normalize(p)] = true
		return p
	}
}

// letters is A, B, …, Z, AA, AB, … for 0, 1, ….
func letters(n int) string {
	s := ""
	for n++; n > 0; n = (n - 1) / 26 {
		s = string(rune('A'+(n-1)%26)) + s
	}
	return s
}

// Count is how many mentions the Redactor has replaced so far.
func (r *Redactor) Count() int { return r.total }

// Counts is how many mentions of each person the Redactor has replaced so
// far, by pseudonym. It names no one.
func (r *Redactor) Counts() map[string]int {
	out := map[string]int{}
	for i, n := range r.counts {
		if n > 0 {
			out[r.assigned[i]] += n
		}
	}
	return out
}

// match is one mention found in a text.
type match struct {
	start, end int // byte span in the text
	next       int // the index of the first token after it
	person     int
}

// find returns every mention in toks, leftmost-longest, not overlapping.
func (r *Redactor) find(text string, toks []token) []match {
	var out []match
	for i := 0; i < len(toks); {
		if m, ok := r.matchAt(text, toks, i); ok {
			out = append(out, m)
			i = m.next
			continue
		}
		i++
	}
	return out
}

// matchAt finds the longest mention starting at token i.
func (r *Redactor) matchAt(text string, toks []token, i int) (match, bool) {
	best := match{next: -1}
	try := func(n name) {
		if len(n.words) > len(toks)-i || (best.next >= 0 && i+len(n.words) <= best.next) {
			return
		}
		for j, w := range n.words {
			t := &toks[i+j]
			if j > 0 && !joins(text[toks[i+j-1].end:t.start], toks[i+j-1].split || t.split) {
				return
			}
			last := j == len(n.words)-1
			if t.norm != w && !(last && r.pluralOf(t, w)) {
				return
			}
		}
		end := i + len(n.words)
		best = match{start: toks[i].start, end: toks[end-1].end, next: end, person: n.person}
	}
	t := &toks[i]
	for _, n := range r.names[t.norm] {
		try(n)
	}
	if stem, ok := strings.CutSuffix(t.norm, "s"); ok && t.upper {
		for _, n := range r.names[stem] {
			if len(n.words) == 1 {
				try(n)
			}
		}
	}
	if best.next < 0 {
		if p, ok := r.joined[t.norm]; ok {
			best = match{start: t.start, end: t.end, next: i + 1, person: p}
		} else if stem, ok := strings.CutSuffix(t.norm, "s"); ok && t.upper {
			if p, ok := r.joined[stem]; ok {
				best = match{start: t.start, end: t.end, next: i + 1, person: p}
			}
		}
	}
	return best, best.next >= 0
}

// pluralOf reports whether t is the name word w with an s added, written
// with a capital ("Sams" for "Sam"), so "bills" is not "Bill".
func (r *Redactor) pluralOf(t *token, w string) bool {
	return t.upper && !t.split && utf8.RuneCountInString(w) >= 2 && t.norm == w+"s"
}

// joins reports whether the text between two words of a text can sit
// between two words of one name: white space with at most two line breaks,
// and punctuation or symbols, but no letters or digits. Characters of an
// unspaced script need nothing between them.
func joins(gap string, unspacedPair bool) bool {
	if gap == "" {
		return unspacedPair
	}
	if len(gap) > 24 {
		return false
	}
	breaks := 0
	for _, c := range gap {
		switch {
		case c == '\n':
			breaks++
		case c == utf8.RuneError:
			return false
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			return false
		}
	}
	return breaks <= 2
}

// Redact returns text with every mention of a listed person replaced by
// their pseudonym, and where each replacement is. The text around a mention
// is kept as it was: "Sam's" becomes "Client A's".
func (r *Redactor) Redact(text string) Result {
	toks := tokenize(text, r.f)
	ms := r.find(text, toks)
	if len(ms) == 0 {
		return Result{Text: text}
	}
	var b strings.Builder
	b.Grow(len(text) + 8*len(ms))
	spans := make([]Span, 0, len(ms))
	at := 0
	for _, m := range ms {
		b.WriteString(text[at:m.start])
		p := r.pseudonym(m.person)
		start := b.Len()
		b.WriteString(p)
		spans = append(spans, Span{Start: start, End: b.Len(), Pseudonym: p, Person: m.person})
		r.counts[m.person]++
		r.total++
		at = m.end
	}
	b.WriteString(text[at:])
	return Result{Text: b.String(), Spans: spans}
}

// Mention is a listed name found in a text by [Redactor.Find].
type Mention struct {
	Start, End int // byte offsets in the text
	Person     int // the index of the person in the list given to New
}

// Find returns where listed names are in text, without replacing them or
// counting them. An export can run it over its redacted text as a last
// check that nothing listed is left.
func (r *Redactor) Find(text string) []Mention {
	ms := r.find(text, tokenize(text, r.f))
	out := make([]Mention, len(ms))
	for i, m := range ms {
		out[i] = Mention{Start: m.start, End: m.end, Person: m.person}
	}
	return out
}
