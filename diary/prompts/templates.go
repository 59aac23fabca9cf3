package prompts

import (
	"fmt"
	"strings"

	"peerdiary/diary"
)

// Entry builds a diary entry from answers to the template's steps, in step
// order. Blank answers are left out, so a reflection can be saved part way
// and finished later; answers beyond the last step are an error. Each stored
// answer keeps its step id and the question as it was asked, so the entry
// reads well on its own even if the template changes.
func (t Template) Entry(answers []string) (*diary.Entry, error) {
	if len(answers) > len(t.Steps) {
		return nil, fmt.Errorf("%d answers for %d steps of %q", len(answers), len(t.Steps), t.Name)
	}
	e := &diary.Entry{Template: t.ID, Tags: t.Tags()}
	for i, a := range answers {
		if strings.TrimSpace(a) == "" {
			continue
		}
		s := t.Steps[i]
		e.Answers = append(e.Answers, diary.Answer{Step: s.ID, Question: s.Question, Text: a})
	}
	return e, nil
}

// Answers returns an entry's answers lined up with the template's steps
// (matched by step id), "" for a step not yet answered: what an editor needs
// to resume a reflection.
func (t Template) Answers(e *diary.Entry) []string {
	out := make([]string, len(t.Steps))
	for i, s := range t.Steps {
		for _, a := range e.Answers {
			if a.Step == s.ID {
				out[i] = a.Text
				break
			}
		}
	}
	return out
}

// Reach is what a step that offers supports shows, in groups: the
// worker's people, their organisation's resources and crisis lines. It is
// nil for a step that does not offer them; a step that does, when nothing
// is set yet, has the groups' lines saying so (see Reach.Sections).
func (s Step) Reach(r Reach) []ReachSection {
	if !s.OffersSupports {
		return nil
	}
	return r.Sections()
}

// SupportLine is one person on the worker's list as screens show it:
// "Sam · 07700 900123 (peer supervisor)".
func SupportLine(p diary.Support) string {
	line := p.Name
	if p.Contact != "" {
		line += " · " + p.Contact
	}
	if p.Note != "" {
		line += " (" + p.Note + ")"
	}
	return line
}
