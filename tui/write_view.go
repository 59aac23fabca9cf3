package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
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
	title := "New entry"
	if w.base != nil && w.base.ID != "" {
		title = "Editing the entry from " + w.base.Created.Local().Format("Mon 2 Jan 2006")
	}
	b.WriteString(st.Title.Render(title) + st.Subtle.Render(" · "+m.now().Format("Mon 2 Jan 15:04")) + "\n")
	if w.promptShown != "" {
		b.WriteString(st.Prompt.Render(w.promptShown) + "\n")
	}
	if w.leaving {
		dialog := st.Dialog.Render("You have unsaved writing.\n\n  s  save it\n  d  discard it\n  esc  keep writing")
		b.WriteString("\n" + dialog + "\n")
		return b.String()
	}
	b.WriteString(neutralizeBidi(w.ed.ta.View()) + "\n")

	label := func(s string, f writeField) string {
		if w.focus == f {
			return st.Focused.Render("▸ " + s)
		}
		return st.Field.Render("  " + s)
	}
	fixed := ""
	if w.prompt != nil && w.prompt.Family != "" {
		fixed = st.Badge.Render("["+w.prompt.Family+"]") + " "
	}
	var tags string
	if w.focus == fieldTags {
		tags = neutralizeBidi(w.tags.View())
	} else {
		tags = sanitize(w.tags.Value())
		if tags == "" {
			tags = st.Subtle.Render("none")
		}
	}
	mood := "not set"
	if w.mood > 0 {
		mood = fmt.Sprintf("%d/5 %s", w.mood, moodWords[w.mood])
	}
	b.WriteString(label("Tags: ", fieldTags) + fixed + tags + "  " + label("Mood: ", fieldMood) + mood + "\n")
	status := fmt.Sprintf("%d words", w.wordCount())
	if w.saving {
		status += " · saving…"
	} else if w.status != "" {
		status += " · " + w.status
	}
	b.WriteString(st.Subtle.Render(status))
	return b.String()
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
