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

// Supports is what a step that offers supports shows: one line per person
// on the worker's own list, or a line saying how to start one.
func (s Step) Supports(list []diary.Support) []string {
	if !s.OffersSupports {
		return nil
	}
	if len(list) == 0 {
		return []string{"You haven't listed anyone to talk to yet. You can add people in the diary's settings."}
	}
	lines := make([]string, 0, len(list))
	for _, p := range list {
		lines = append(lines, SupportLine(p))
	}
	return lines
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
