package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary/prompts"
)

// Drawing the editor screen: title, prompt, text, fields, word count, the
// leave dialog, and where the terminal cursor goes.

func (w *writeScreen) wordCount() int {
	if w.wordsGen != w.gen {
		w.words = w.ed.Words() + w.refl.otherWords
		w.wordsGen = w.gen
	}
	return w.words
}

func (w *writeScreen) view(m *Model) string {
	if w.refl.on() {
		return w.viewReflectStep(m)
	}
	st := m.styles
	var b strings.Builder
	if w.editing() {
		b.WriteString(st.Title.Render("Editing the entry from "+w.base.Created.Local().Format("Mon 2 Jan 2006, 15:04")) + "\n")
	} else {
		when := m.now()
		if w.base != nil && !w.base.Created.IsZero() {
			when = w.base.Created.Local() // a new entry dated earlier (write --at)
		}
		b.WriteString(st.Title.Render("New entry") + st.Subtle.Render(" · "+when.Format("Mon 2 Jan 15:04")) + "\n")
	}
	if w.promptShown != "" {
		b.WriteString(st.Prompt.Render(w.promptShown) + "\n")
		if w.followShown != "" {
			b.WriteString(st.Subtle.Render(w.followShown) + "\n")
		}
	}
	if w.leaving {
		dialog := st.Dialog.Render("You have unsaved writing.\n\n  s  save it\n  d  discard it\n  esc  keep writing")
		b.WriteString("\n" + dialog + "\n")
		return b.String()
	}
	b.WriteString(neutralizeBidi(w.ed.ta.View()) + "\n")

	b.WriteString(w.fieldsLine(st) + "\n")
	b.WriteString(st.Subtle.Render(w.statusLine(m.textWidth())))
	return b.String()
}

// fieldsLine is the tags and mood below the text, for free writing and a
// reflection alike.
func (w *writeScreen) fieldsLine(st styles) string {
	label := func(s string, f writeField) string {
		if w.focus == f {
			return st.Focused.Render("▸ " + s)
		}
		return st.Field.Render("  " + s)
	}
	fixed := w.fixedTag()
	var tags string
	switch {
	case w.focus == fieldTags:
		tags = neutralizeBidi(w.tags.View())
	case w.tags.Value() != "":
		tags = sanitize(w.tags.Value())
	case fixed == "":
		tags = st.Subtle.Render("none")
	}
	if fixed != "" {
		fixed = st.Badge.Render(fixed)
		if tags != "" {
			fixed += " "
		}
	}
	mood := "not set"
	if w.mood > 0 {
		mood = fmt.Sprintf("%d/5 %s", w.mood, moodWords[w.mood])
	}
	return label("Tags: ", fieldTags) + fixed + tags + "  " + label("Mood: ", fieldMood) + mood
}

// fixedTag is the tag the prompt gives the entry, as the tags line shows
// it before the worker's own, or "".
func (w *writeScreen) fixedTag() string {
	if w.prompt == nil || w.prompt.Family == "" {
		return ""
	}
	return "[" + sanitize(prompts.FamilyLabel(w.prompt.Family)) + "]"
}

// Room the tags line keeps beside the tags field: its label, the space
// before the mood, the mood's label and its longest value ("5/5 very
// good"), and the cursor.
const tagsLineChrome = len("▸ Tags: ") - 2 + len("  ") + len("▸ Mood: ") - 2 + len("5/5 very good") + 1

// tagsWidth is the width of the tags field: the whole tags line, mood
// included, fits in width, and on a wide screen the mood stays near.
func (w *writeScreen) tagsWidth(width int) int {
	fixed := 0
	if f := w.fixedTag(); f != "" {
		fixed = ansi.StringWidth(f) + 1
	}
	return min(max(width-tagsLineChrome-fixed, 8), 48)
}

// editing reports an entry already saved being changed.
func (w *writeScreen) editing() bool { return w.base != nil && w.base.ID != "" }

// statusLine is the line under the text: the word count, where a
// reflection is, and what the editor last did, as much as fits.
func (w *writeScreen) statusLine(width int) string {
	parts := []string{fmt.Sprintf("%d words", w.wordCount())}
	if r := &w.refl; r.on() && w.focus == fieldBody {
		if r.step+1 < len(r.tmpl.Steps) {
			parts = append(parts, "tab: next question")
		} else {
			parts = append(parts, "last question · tab: tags and mood")
		}
	}
	switch {
	case w.saving:
		parts = append(parts, "saving…")
	case w.status != "":
		parts = append(parts, w.status)
	}
	line := parts[0]
	for _, p := range parts[1:] {
		if ansi.StringWidth(line+" · "+p) > width {
			break
		}
		line += " · " + p
	}
	return line
}

// cursor is where the terminal cursor goes while the text has the focus:
// the textarea's position plus what is drawn above it.
func (w *writeScreen) cursor(m *Model) *tea.Cursor {
	if !w.active || w.leaving || w.focus != fieldBody {
		return nil
	}
	c := w.ed.ta.Cursor()
	if c == nil {
		return nil
	}
	if w.refl.on() {
		c.Y += w.headerRows
	} else {
		c.Y += max(w.promptLines(), 1) // the title line, or the title and the prompt
	}
	return c
}
