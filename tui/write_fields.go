package tui

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// The fields below the text: tags and mood, and moving the focus
// between them and the text.

type writeField int

const (
	fieldBody writeField = iota
	fieldTags
	fieldMood
)

// moodWords names each mood as the command line's --mood accepts it.
var moodWords = diary.MoodWords

func newTagsInput() textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "words, separated by commas"
	in.CharLimit = 512
	return in
}

func (w *writeScreen) setFocus(f writeField) tea.Cmd {
	w.focus = f
	w.ed.ta.Blur()
	w.tags.Blur()
	switch f {
	case fieldBody:
		return w.ed.ta.Focus()
	case fieldTags:
		return w.tags.Focus()
	}
	return nil
}
