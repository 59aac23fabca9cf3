package prompts

import (
	"fmt"
	"regexp"
	"strings"
)

// Form is a structured reflection as a Markdown form to fill in with any
// editor: a level-2 heading per step holding the question exactly, the hint
// and, for a step that offers them, the worker's people, organisation's
// resources and crisis lines as comments, and room to write under each. It
// is the text the worker asked for, printed for them; it holds no entry
// text.
func (t Template) Form(reach Reach) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", t.Name)
	if t.Description != "" {
		fmt.Fprintf(&b, "<!-- %s -->\n", commentSafe(t.Description))
	}
	for _, s := range t.Steps {
		fmt.Fprintf(&b, "\n## %s\n", s.Question)
		if s.Hint != "" {
			fmt.Fprintf(&b, "<!-- %s -->\n", commentSafe(s.Hint))
		}
		if sections := s.Reach(reach); sections != nil {
			for _, sec := range sections {
				fmt.Fprintf(&b, "<!-- %s: -->\n", sec.Heading)
				for _, line := range sec.Lines {
					fmt.Fprintf(&b, "<!-- · %s -->\n", commentSafe(line.Text))
				}
			}
			if reach.Empty() {
				fmt.Fprintf(&b, "<!-- %s -->\n", commentSafe(FormHowToAdd))
			}
			fmt.Fprintf(&b, "<!-- %s -->\n", Emergency)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// FormHowToAdd is how a form with no one listed says the list can be
// filled. The debrief's form is filled in on a hard evening: it sends no
// one to a command tonight, and says where the list is kept for another
// day.
const FormHowToAdd = "No one is listed here yet. Another day, not tonight, you can add the people you'd turn to, and your organisation's resources, in the diary's Settings (, on Today in the full-screen diary)."

// commentSafe keeps text from closing the HTML comment it is put in.
func commentSafe(s string) string { return strings.ReplaceAll(s, "-->", "→") }

var htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)

// ParseForm reads a filled-in Form back into one answer per step, in step
// order. A step's answer is everything under its heading up to the next
// step's, without comments; headings are matched by their question, so an
// answer may have headings of its own. A form whose step headings are
// missing or out of order is an error naming the first step not found.
func (t Template) ParseForm(text string) ([]string, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	answers := make([]string, len(t.Steps))
	cur := -1
	var body []string
	flush := func() {
		if cur >= 0 {
			a := htmlComment.ReplaceAllString(strings.Join(body, "\n"), "")
			answers[cur] = strings.TrimSpace(a)
		}
		body = body[:0]
	}
	for _, line := range lines {
		next := cur + 1
		if next < len(t.Steps) && isStepHeading(line, t.Steps[next].Question) {
			flush()
			cur = next
			continue
		}
		if cur >= 0 {
			body = append(body, line)
		}
	}
	flush()
	if cur < len(t.Steps)-1 {
		return nil, fmt.Errorf("the form has no heading \"## %s\"; keep the questions as they were printed, in order", t.Steps[cur+1].Question)
	}
	return answers, nil
}

func isStepHeading(line, question string) bool {
	h, ok := strings.CutPrefix(strings.TrimSpace(line), "## ")
	return ok && strings.TrimSpace(h) == question
}
