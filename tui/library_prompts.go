package tui

import (
	"hash/fnv"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// libraryPrompts is the prompt of the day from the research-grounded
// library (package prompts): the family and subtheme written about least
// recently, never a prompt answered within the repeat window, the same all
// day. It is pure, so the Today screen can ask it while drawing.
type libraryPrompts struct {
	lib  *prompts.Library
	seed uint64 // varies the choice between diaries; fixed per diary folder
}

// newLibraryPrompts is the built-in library's rotation for the diary in dir.
func newLibraryPrompts(dir string) libraryPrompts {
	h := fnv.New64a()
	h.Write([]byte(dir))
	return libraryPrompts{lib: prompts.Builtin(), seed: h.Sum64()}
}

// Today implements promptSource.
func (l libraryPrompts) Today(now time.Time, history []diary.Summary) (prompt, string) {
	c, err := prompts.PromptOfTheDay(prompts.RotationInput{Library: l.lib, History: history, Now: now, Seed: l.seed})
	if err != nil {
		return builtinPrompts{}.Today(now, history)
	}
	return prompt{ID: c.Prompt.ID, Family: c.Prompt.Family, Text: c.Prompt.Text}, c.Reason
}
