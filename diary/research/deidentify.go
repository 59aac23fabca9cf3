package research

import (
	"slices"
	"strings"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/redact"
)

// ErrNameLeft means a listed name was still found in text after it was
// redacted. It should never happen; the export stops rather than send it.
var ErrNameLeft = diary.ErrNameLeft

// deidentifier takes a worker's listed people out of everything an entry
// sends, with one pseudonym per person for the whole study: the pseudonyms
// given in earlier bundles are kept in the participation (encrypted, in the
// diary) and given again, so "Person B" is the same person in every bundle.
type deidentifier struct {
	r      *redact.Redactor
	people []redact.Person
}

func newDeidentifier(p *Participation, people []redact.Person) (*deidentifier, error) {
	people = append([]redact.Person(nil), people...)
	for i := range people {
		if people[i].As == "" {
			if ps, ok := p.Pseudonyms[personKey(people[i])]; ok {
				people[i].As = ps
			}
		}
	}
	r, err := redact.New(people, redact.Options{})
	if err != nil {
		return nil, err
	}
	return &deidentifier{r: r, people: people}, nil
}

// personKey names a person in the participation's pseudonym table.
func personKey(p redact.Person) string { return strings.ToLower(strings.TrimSpace(p.Name)) }

// text redacts one piece of text and returns it with the number of
// mentions replaced; words a person should look at before it is sent
// (capitalised, not on the list) are added to review.
func (d *deidentifier) text(s string, review *[]string) (string, int, error) {
	res := d.r.Redact(s)
	if len(d.r.Find(res.Text)) > 0 {
		return "", 0, ErrNameLeft
	}
	if review != nil {
		for _, w := range redact.Words(d.r.CheckThis(res.Text, res.Spans)) {
			if !slices.Contains(*review, w) {
				*review = append(*review, w)
			}
		}
	}
	return res.Text, len(res.Spans), nil
}

// tag reports whether a tag names a listed person; such a tag is not sent.
func (d *deidentifier) tag(t string) bool {
	return len(d.r.Find(strings.NewReplacer("-", " ", "/", " ", "_", " ").Replace(t))) > 0
}

// remember keeps the pseudonyms this export gave, for the next one.
func (d *deidentifier) remember(p *Participation) {
	for i, person := range d.people {
		if ps := d.r.Pseudonym(i); ps != "" && person.As == ps {
			continue // fixed, or given before
		} else if ps != "" {
			if p.Pseudonyms == nil {
				p.Pseudonyms = map[string]string{}
			}
			p.Pseudonyms[personKey(person)] = ps
		}
	}
}

// entry turns a diary entry into what the study receives, and lists the
// words the worker should look at before it is sent.
func (d *deidentifier) entry(e *diary.Entry, ec *EntryConsent, c *Card, stage diary.Stage, checkIn *diary.CheckIn) (*Entry, []string, error) {
	out := &Entry{
		Pseudonym:     ec.Pseudonym,
		Date:          CoarseDate(e.Created, c.Dates),
		DatePrecision: string(c.Dates),
		Stage:         string(stage),
		Template:      e.Template,
		Answers:       []Answer{},
		Tags:          []string{},
	}
	if e.Prompt != nil {
		out.Prompt = &Prompt{ID: e.Prompt.ID, Family: e.Prompt.Family, Subtheme: e.Prompt.Subtheme, Text: e.Prompt.Text}
	}
	if e.Mood > 0 {
		m := e.Mood
		out.Mood = &m
	}
	var err error
	var n int
	var review []string
	if out.Text, n, err = d.text(e.Body, &review); err != nil {
		return nil, nil, err
	}
	out.Deidentified.PeopleReplaced += n
	for _, a := range e.Answers {
		text, n, err := d.text(a.Text, &review)
		if err != nil {
			return nil, nil, err
		}
		out.Deidentified.PeopleReplaced += n
		out.Answers = append(out.Answers, Answer{Step: a.Step, Question: a.Question, Text: text})
	}
	for _, t := range e.Tags {
		if d.tag(t) {
			out.Deidentified.TagsWithheld++
			continue
		}
		out.Tags = append(out.Tags, t)
	}
	// The prompt's and the questions' text is sent exactly as shown, but
	// the list applies to everything that leaves: a listed name in them is
	// replaced too.
	if out.Prompt != nil {
		if out.Prompt.Text, _, err = d.text(out.Prompt.Text, nil); err != nil {
			return nil, nil, err
		}
	}
	for i := range out.Answers {
		if out.Answers[i].Question, _, err = d.text(out.Answers[i].Question, nil); err != nil {
			return nil, nil, err
		}
	}
	if checkIn != nil {
		out.CheckIn = &CheckIn{Mood: checkIn.Mood, Word: checkIn.Word, Happened: checkIn.Happened}
		if d.tag(checkIn.Word) {
			out.CheckIn.Word = "" // the word names someone on the list
			out.Deidentified.TagsWithheld++
		}
	}
	out.Deidentified.ReviewSuggested = len(review)
	return out, review, nil
}

// checkInFor is the shift-end check-in made on the day an entry was
// written (in the entry's own time zone), the one closest in time, or nil.
func checkInFor(list []diary.CheckIn, e *diary.Entry) *diary.CheckIn {
	day := e.Created.Format(time.DateOnly)
	var best *diary.CheckIn
	for i := range list {
		c := &list[i]
		if c.At.In(e.Created.Location()).Format(time.DateOnly) != day {
			continue
		}
		if best == nil || absDuration(c.At.Sub(e.Created)) < absDuration(best.At.Sub(e.Created)) {
			best = c
		}
	}
	return best
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
