package tui

import (
	"fmt"
	"time"

	"peerdiary/diary"
)

// prompt is one writing prompt as the Today screen shows it.
type prompt struct {
	ID       string
	Family   string // transitions, role-friction, relationships or care
	Subtheme string // e.g. first-weeks; "" if the source has none
	Text     string
}

// ref is how an entry remembers the prompt it answers.
func (p prompt) ref() *diary.PromptRef {
	return &diary.PromptRef{ID: p.ID, Family: p.Family, Subtheme: p.Subtheme, Text: p.Text}
}

// promptSource chooses the prompt of the day. history is the catalog,
// newest first, so a source can avoid repeating itself. The reason is one
// short line on why this prompt today.
type promptSource interface {
	Today(now time.Time, history []diary.Summary) (prompt, string)
}

// builtinPrompts is a small, warm set used until a prompt library is
// installed; it rotates by day and skips what was answered recently.
type builtinPrompts struct{}

var builtinPromptList = []prompt{
	{ID: "builtin-care-1", Family: "care", Text: "What did you do today to look after yourself, even something small?"},
	{ID: "builtin-relationships-1", Family: "relationships", Text: "Who did you connect with today, and what did that connection ask of you?"},
	{ID: "builtin-role-friction-1", Family: "role-friction", Text: "Was there a moment today when your lived experience and your job pulled in different directions?"},
	{ID: "builtin-transitions-1", Family: "transitions", Text: "What feels different about this work now compared with when you started?"},
	{ID: "builtin-care-2", Family: "care", Text: "What are you carrying home from this shift that you would like to set down here?"},
	{ID: "builtin-relationships-2", Family: "relationships", Text: "Think of someone who supported you this week. What did they do that helped?"},
	{ID: "builtin-role-friction-2", Family: "role-friction", Text: "Where did you hold a boundary today, or wish you had?"},
	{ID: "builtin-transitions-2", Family: "transitions", Text: "What have you learned about yourself since taking on this role?"},
}

// Today implements promptSource.
func (builtinPrompts) Today(now time.Time, history []diary.Summary) (prompt, string) {
	day := int(now.Unix()/86400) % len(builtinPromptList)
	recent := map[string]bool{}
	for i := range history {
		if now.Sub(history[i].Created) > 14*24*time.Hour {
			break
		}
		if history[i].Prompt != nil {
			recent[history[i].Prompt.ID] = true
		}
	}
	for i := range builtinPromptList {
		p := builtinPromptList[(day+i)%len(builtinPromptList)]
		if !recent[p.ID] {
			return p, fmt.Sprintf("A %s prompt: today's in the rotation.", familyName(p.Family))
		}
	}
	p := builtinPromptList[day]
	return p, fmt.Sprintf("A %s prompt, from the rotation.", familyName(p.Family))
}

// familyName is a family as a person reads it.
func familyName(f string) string {
	switch f {
	case "role-friction":
		return "role friction"
	case "":
		return "free"
	}
	return f
}
