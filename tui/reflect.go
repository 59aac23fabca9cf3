package tui

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Structured reflections: a chooser of templates (What? So what? Now
// what?, Gibbs, the debrief, and any from the diary's packs), then one step
// per screen in the same editor as free writing, so autosave, drafts, the
// leave dialog, lock and quit all work the same. The answers become one
// entry whose Template and Answers hold them step by step.

// reflection is the structured part of the editor's state. The answer of
// the step on screen lives in the editor; the others wait in answers.
type reflection struct {
	tmpl       *prompts.Template // nil: free writing
	answers    []string          // one per step
	step       int
	supports   []string // who the worker can turn to, sanitised, crisis lines last
	crisis     int      // how many of supports, at its end, are crisis lines
	otherWords int      // words in every answer but the one on screen
}

func (r *reflection) on() bool { return r.tmpl != nil }

// current returns the answers with the step on screen taken from the
// editor. It is a copy: a model value handed to an earlier frame must not
// change under it.
func (r *reflection) current(onScreen string) []string {
	a := slices.Clone(r.answers)
	a[r.step] = onScreen
	return a
}

const screenReflect screenID = "reflect"

// chooseScreen is the list of templates.
type chooseScreen struct {
	templates []prompts.Template
	cursor    int
}

func (c *chooseScreen) typing() bool { return false }
func (c *chooseScreen) lock()        { *c = chooseScreen{} }

func (c *chooseScreen) hints(m *Model) help.KeyMap { return m.keys.chooseHelp() }

func (c *chooseScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return c.key(m, msg)
	}
	return nil
}

// library is the prompt library with the diary's packs once they are read,
// the built-in one before.
func (m *Model) library() *prompts.Library {
	if m.rotation.lib != nil {
		return m.rotation.lib
	}
	return prompts.Builtin()
}

// open lists the templates of the library as it is now.
func (c *chooseScreen) open(m *Model) tea.Cmd {
	*c = chooseScreen{templates: m.library().Templates()}
	return nil
}

func (c *chooseScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case msg.String() == "ctrl+c":
		return m.quit(false)
	case key.Matches(msg, k.Back):
		*c = chooseScreen{}
		return m.show(screenToday)
	case key.Matches(msg, k.Up):
		c.cursor = max(c.cursor-1, 0)
	case key.Matches(msg, k.Down):
		c.cursor = min(c.cursor+1, max(len(c.templates)-1, 0))
	case key.Matches(msg, k.Top):
		c.cursor = 0
	case key.Matches(msg, k.Bottom):
		c.cursor = max(len(c.templates)-1, 0)
	case key.Matches(msg, k.Open):
		if c.cursor < len(c.templates) {
			t := c.templates[c.cursor]
			*c = chooseScreen{}
			return m.startReflection(t, nil, "")
		}
	default:
		// 1–9 start a template at once.
		if s := msg.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
			if i := int(s[0] - '1'); i < len(c.templates) {
				t := c.templates[i]
				*c = chooseScreen{}
				return m.startReflection(t, nil, "")
			}
		}
	}
	return nil
}

func (c *chooseScreen) view(m *Model) string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("A reflection, step by step") + "\n")
	b.WriteString(st.Subtle.Render(wrap("One question at a time; the answers are saved together as one entry. Choose one:", w)) + "\n\n")
	head := strings.Count(b.String(), "\n")
	per := 3 // name, description, a blank line
	rows := max((m.bodyHeight()-head)/per, 1)
	start := min(max(c.cursor-rows/2, 0), max(len(c.templates)-rows, 0))
	end := min(start+rows, len(c.templates))
	for i := start; i < end; i++ {
		t := c.templates[i]
		marker := "  "
		if i == c.cursor {
			marker = "› "
		}
		name := fmt.Sprintf("%d  %s", i+1, sanitize(t.Name))
		if i >= 9 {
			name = "   " + sanitize(t.Name)
		}
		meta := " · " + plural(len(t.Steps), "step", "steps")
		if t.Pack != "" {
			meta += " · from " + sanitize(t.Pack)
		}
		line := ansi.Truncate(marker+name+meta, w, "…")
		if i == c.cursor {
			line = st.Selected.Render(line)
		}
		b.WriteString(line + "\n")
		desc := ansi.Truncate("     "+sanitize(firstLine(t.Description)), w, "…")
		b.WriteString(st.Subtle.Render(desc) + "\n\n")
	}
	return b.String()
}

// startReflection opens the editor on a template: fresh, or on an entry or
// draft (e) whose answers it takes back.
func (m *Model) startReflection(t prompts.Template, e *diary.Entry, draftName string) tea.Cmd {
	at := 0
	answers := make([]string, len(t.Steps))
	if e != nil {
		answers = t.Answers(e)
		for i, a := range answers {
			if strings.TrimSpace(a) != "" {
				at = i // the last step answered is where the writing was
			}
		}
	}
	pos := m.resumeAt
	m.resumeAt = writePos{}
	if pos.set && pos.step < len(t.Steps) {
		at = pos.step // the step on screen when the diary locked
	}
	w := m.newWriting(e, draftName)
	w.refl = reflection{tmpl: &t, answers: answers, step: at}
	if e != nil {
		w.prompt = e.Prompt
		w.mood = e.Mood
		// The tags typed before: not the template's, not the #hashtags.
		var free []string
		derived := append(e.DerivedTags(), t.Tags()...)
		for _, tag := range e.Tags {
			if !slices.Contains(derived, tag) {
				free = append(free, tag)
			}
		}
		w.tags.SetValue(strings.Join(free, ", "))
	}
	if m.settings != nil && offersSupports(t) {
		w.refl.supports, w.refl.crisis = reachLines(m.reach())
	}
	w.ed.ta.Placeholder = "Write as much or as little as you like. tab moves to the next question."
	w.showStep()
	if pos.set && pos.step == at {
		w.ed.MoveTo(pos.line, pos.col)
	}
	return m.openWriter(w)
}

func offersSupports(t prompts.Template) bool {
	return slices.ContainsFunc(t.Steps, func(s prompts.Step) bool { return s.OffersSupports })
}

// reachLines is everyone within reach as a step lists them, sanitised:
// the worker's people, then the organisation's resources, then crisis
// lines, and how many crisis lines end the list; nil when none are set.
func reachLines(r prompts.Reach) (lines []string, crisis int) {
	for _, sec := range r.Sections() {
		for _, l := range sec.Lines {
			if l.Placeholder {
				continue
			}
			line := sanitize(l.Text)
			if sec.Heading == prompts.CrisisHeading {
				line += " (crisis line)"
				crisis++
			}
			lines = append(lines, line)
		}
	}
	return lines, crisis
}

// showStep puts the current step's answer in the editor, its cursor at the
// end, and counts the words of the other answers.
func (w *writeScreen) showStep() {
	r := &w.refl
	w.ed.SetValue(r.answers[r.step])
	w.ed.MoveToEnd()
	r.otherWords = 0
	for i, a := range r.answers {
		if i != r.step {
			r.otherWords += len(strings.Fields(a))
		}
	}
	w.wordsGen = -1
}

// goToStep leaves the step on screen for step i, keeping its answer.
func (w *writeScreen) goToStep(m *Model, i int) tea.Cmd {
	r := &w.refl
	if i < 0 {
		return nil
	}
	if i >= len(r.tmpl.Steps) {
		m.notice = "That was the last question: ctrl+s saves the reflection."
		return nil
	}
	if i == r.step {
		return nil
	}
	r.answers = r.current(w.ed.Value())
	r.step = i
	w.status = ""
	w.showStep()
	w.setSize(w.width, w.height) // each question takes its own room
	return w.ed.ta.Focus()
}

// templateFor is the template an entry was written with, so editing it or
// its draft shows the same steps. A template no longer in the library (a
// removed pack) is rebuilt from the answers' own questions, and a step the
// template has lost is kept at the end: nothing written is dropped.
func templateFor(lib *prompts.Library, e *diary.Entry) (prompts.Template, bool) {
	t, ok := lib.Template(e.Template)
	if !ok {
		name := "Reflection"
		if e.Template != "" {
			name = "Reflection (" + e.Template + ")"
		}
		t = prompts.Template{ID: e.Template, Name: name}
	}
	t.Steps = slices.Clone(t.Steps)
	for _, a := range e.Answers {
		if !slices.ContainsFunc(t.Steps, func(s prompts.Step) bool { return s.ID == a.Step }) {
			q := a.Question
			if q == "" {
				q = a.Step
			}
			t.Steps = append(t.Steps, prompts.Step{ID: a.Step, Question: q})
		}
	}
	return t, len(t.Steps) > 0
}

// reflectionEntry is the reflection on screen as an entry: the answers in
// step order (blank ones left out), the template's tags and any #hashtags
// in the answers, and whatever the entry being edited already had.
func (w *writeScreen) reflectionEntry() diary.Entry {
	r := &w.refl
	built, err := r.tmpl.Entry(r.current(w.ed.Value()))
	if err != nil { // cannot happen: one answer per step
		built = &diary.Entry{Template: r.tmpl.ID}
	}
	var e diary.Entry
	if w.base != nil {
		e = *w.base
	}
	e.Template = built.Template
	e.Answers = built.Answers
	e.Prompt = w.prompt
	e.Mood = w.mood
	// The tags typed, and the template's; Save adds the #hashtags.
	typed := strings.FieldsFunc(w.tags.Value(), func(r rune) bool { return r == ',' })
	e.Tags = diary.NormalizeTags(append(typed, built.Tags...))
	return e
}

// maxStepLabel is the longest a step's label is, in characters.
const maxStepLabel = 32

// stepLabel is a step's short name for the step indicator: the question's
// first sentence when that is short ("Feelings", "So what?"), else that
// sentence's first clause, else the step's id in words ("Action plan").
func stepLabel(s prompts.Step) string {
	q := strings.Join(strings.Fields(s.Question), " ")
	if i := strings.IndexAny(q, ".?!"); i > 0 {
		first, mark := q[:i], q[i:i+1]
		if mark == "." {
			mark = ""
		}
		if utf8.RuneCountInString(first+mark) <= maxStepLabel {
			return first + mark
		}
		// A long sentence: its first clause, closed as the sentence is,
		// so it reads whole ("How are you doing right now?").
		if j := strings.IndexAny(first, ",;:"); j > 0 && utf8.RuneCountInString(first[:j]+mark) <= maxStepLabel {
			return first[:j] + mark
		}
	}
	if s.ID == "" {
		return ""
	}
	label := strings.ReplaceAll(s.ID, "-", " ")
	return strings.ToUpper(label[:1]) + label[1:]
}

// reflectHeader is what the step screen draws above the editor: the title,
// the step indicator, the question, its hint and, on a step that offers
// them, the worker's supports. Its height sizes the editor.
func (w *writeScreen) reflectHeader(st styles, width int, when string) string {
	r := &w.refl
	s := r.tmpl.Steps[r.step]
	var b strings.Builder
	b.WriteString(st.Title.Render(sanitize(r.tmpl.Name)) + st.Subtle.Render(" · "+when) + "\n")
	indicator := fmt.Sprintf("%d of %d", r.step+1, len(r.tmpl.Steps))
	if l := stepLabel(s); l != "" {
		indicator += " · " + sanitize(l)
	}
	b.WriteString(st.Badge.Render(indicator) + "  " + st.Subtle.Render(stepDots(r.step, len(r.tmpl.Steps))) + "\n")
	b.WriteString(st.Prompt.Render(capLines(wrap(sanitize(s.Question), width), 3)) + "\n")
	if s.Hint != "" {
		b.WriteString(st.Subtle.Render(capLines(wrap(sanitize(s.Hint), width), 2)) + "\n")
	}
	switch {
	case s.OffersSupports && len(r.supports) == 0:
		b.WriteString(st.Subtle.Render(capLines(wrap(noSupports, width), 3)) + "\n")
	case s.OffersSupports:
		b.WriteString(st.Field.Render("Who you can turn to:") + "\n")
		line := func(l string) { b.WriteString(ansi.Truncate("  · "+l, width, "…") + "\n") }
		// A long list is cut short, but never its crisis lines.
		room := max(w.height/4, 2)
		if len(r.supports) <= room {
			for _, l := range r.supports {
				line(l)
			}
			break
		}
		others := r.supports[:len(r.supports)-r.crisis]
		keep := min(max(room-1-r.crisis, 0), len(others))
		for _, l := range others[:keep] {
			line(l)
		}
		if keep < len(others) {
			b.WriteString(st.Subtle.Render(fmt.Sprintf("  … and %d more: f2 shows them all", len(others)-keep)) + "\n")
		}
		for _, l := range r.supports[len(others):] {
			line(l)
		}
	}
	if s.OffersSupports {
		// As the command line's form says it under the same step.
		b.WriteString(st.Subtle.Render(capLines(wrap(prompts.Emergency, width), 2)) + "\n")
	}
	return b.String() + "\n"
}

// noSupports is what the step offering supports says to a worker who has
// listed no one yet: where to turn now, and where to add people later,
// without sending anyone to a command line.
const noSupports = "No one listed yet. f2 shows where to turn; people and your organisation's resources can be added in Settings (, on Today)."

// stepDots shows where the step is among the others without colour: ● for
// the step on screen, ○ for the rest.
func stepDots(at, n int) string {
	if n > 12 {
		return ""
	}
	var b strings.Builder
	for i := range n {
		if i == at {
			b.WriteString("●")
		} else {
			b.WriteString("○")
		}
	}
	return b.String()
}

// capLines keeps the first n lines of s, marking a cut with "…".
func capLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	lines = lines[:n]
	lines[n-1] = strings.TrimRight(lines[n-1], " ") + "…"
	return strings.Join(lines, "\n")
}

// reflectHeaderHeight is the header's height in lines, styles aside.
func (w *writeScreen) reflectHeaderHeight() int {
	return strings.Count(w.reflectHeader(styles{}, w.width, ""), "\n")
}

func (w *writeScreen) viewReflectStep(m *Model) string {
	st := m.styles
	var b strings.Builder
	when := m.now().Format("Mon 2 Jan 15:04")
	if w.editing() {
		when = "written " + w.base.Created.Local().Format("Mon 2 Jan 2006, 15:04")
	}
	b.WriteString(w.reflectHeader(st, m.textWidth(), when))
	if w.leaving {
		dialog := st.Dialog.Render("You have unsaved answers.\n\n  s  save the reflection\n  d  discard it\n  esc  keep writing")
		b.WriteString(dialog + "\n") // the header ends with a blank line
		return b.String()
	}
	b.WriteString(neutralizeBidi(w.ed.ta.View()) + "\n")
	b.WriteString(w.fieldsLine(st) + "\n")
	b.WriteString(st.Subtle.Render(w.statusLine(m.textWidth())))
	return b.String()
}

// entryMarkdown is what the reader and the preview show of an entry: its
// body, then each answer of a reflection under its question.
func entryMarkdown(e *diary.Entry) string {
	if len(e.Answers) == 0 {
		return e.Body
	}
	var b strings.Builder
	if strings.TrimSpace(e.Body) != "" {
		b.WriteString(e.Body)
		b.WriteString("\n\n")
	}
	for _, a := range e.Answers {
		q := a.Question
		if q == "" {
			q = a.Step
		}
		b.WriteString("## " + strings.Join(strings.Fields(q), " ") + "\n\n")
		b.WriteString(strings.TrimRight(a.Text, "\n") + "\n\n")
	}
	return b.String()
}

// templateName is a reflection's template as the reader names it.
func (m *Model) templateName(id string) string {
	if t, ok := m.library().Template(id); ok {
		return t.Name
	}
	return id
}
