package tui

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// The editor. Nothing is ever cut: the textarea's input limit is off, it
// holds only a window of a long entry (see editor), and an entry over the
// size an entry can be saved with opens read-only instead.

// maxEditorLines is the bubbles textarea's hard-coded line cap: it silently
// drops lines past it, so no paste may take the window over it.
const maxEditorLines = 10000

type writeField int

const (
	fieldBody writeField = iota
	fieldTags
	fieldMood
)

var moodWords = [...]string{"", "very low", "low", "okay", "good", "very good"}

type writeModel struct {
	active   bool
	ed       editor
	tags     textinput.Model
	focus    writeField
	mood     int
	prompt   *diary.PromptRef
	base     *diary.Entry // the entry being edited, or a resumed draft's
	readOnly bool

	draftName    string
	fromDraft    bool
	gen          int // bumped on every change
	persistedGen int // the generation last written as a draft
	autosaving   bool
	saving       bool

	leaving   bool
	leavingAt time.Time
	returnTo  screen // where esc or a save goes back to

	refl reflection // a structured reflection, or off for free writing

	// Laid out once per size, not once per frame: the prompt wrapped to
	// the width (at most three lines), and a reflection step's header
	// height.
	promptShown string
	headerRows  int

	status        string
	words         int
	wordsGen      int
	width, height int
}

func newEditor() textarea.Model {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.CharLimit = 0
	// MaxHeight 0 with MaxContentHeight 0 means no input limit: the default
	// (99) would stop typing at line 99.
	ta.MaxHeight = 0
	ta.MaxContentHeight = 0
	ta.Placeholder = "Write freely. Nothing leaves this computer."
	// The terminal's own cursor, not a drawn one: a drawn cursor blinks by
	// re-rendering the whole text twice a second, which is slow for a long
	// entry. The root View places it (editorCursor).
	ta.SetVirtualCursor(false)
	// No clipboard: copy would hand diary text to xclip and clipboard
	// history; paste arrives through the terminal's bracketed paste.
	ta.KeyMap.Paste.SetEnabled(false)
	ta.KeyMap.CopySelection.SetEnabled(false)
	ta.KeyMap.SelectAll.SetEnabled(false)
	return ta
}

func newTagsInput() textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "words, separated by commas"
	in.CharLimit = 512
	return in
}

func (w *writeModel) restyle(isDark, plain bool) {
	if !w.active {
		return
	}
	if !plain {
		w.ed.ta.SetStyles(textarea.DefaultStyles(isDark))
		w.tags.SetStyles(textinput.DefaultStyles(isDark))
	}
}

// startWriting opens the editor: on a prompt (ref), on an existing entry or
// draft (e), or on a blank page.
func (m *Model) startWriting(ref *diary.PromptRef, e *diary.Entry, draftName string) tea.Cmd {
	if e != nil && len(e.Body) > diary.MaxBodySize {
		m.notice = "This entry is over the 1 MB an entry can be saved with; it opens read-only so nothing is cut."
		return m.openReader(e)
	}
	if e != nil && (e.Template != "" || len(e.Answers) > 0) {
		if t, ok := templateFor(m.library(), e); ok {
			return m.startReflection(t, e, draftName)
		}
	}
	w := writeModel{
		active:    true,
		ed:        editor{ta: newEditor()},
		tags:      newTagsInput(),
		prompt:    ref,
		draftName: draftName,
		fromDraft: draftName != "",
		wordsGen:  -1,
		returnTo:  screenToday,
	}
	if m.screen == screenBrowse || m.screen == screenRead {
		w.returnTo = screenBrowse
	}
	if e != nil {
		base := *e
		w.base = &base
		w.ed.SetValue(e.Body)
		if strings.ContainsFunc(e.Body, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) {
			// The editor turns tabs into spaces and drops control codes.
			m.notice = "This entry has tabs or control codes; saving it from the editor turns them into spaces or drops them."
		}
		w.mood = e.Mood
		var free []string
		for _, t := range e.Tags {
			if ref == nil || t != diary.NormalizeTag(ref.Family) {
				free = append(free, t)
			}
		}
		w.tags.SetValue(strings.Join(free, ", "))
	}
	m.write = w
	m.restyle()
	m.resize()
	m.screen = screenWrite
	m.err = ""
	m.showHelp = false
	return m.write.ed.ta.Focus()
}

// resumeFrom reopens a recovered draft.
func (m *Model) resumeFrom(d diary.Draft) tea.Cmd {
	e := d.Entry
	return m.startWriting(e.Prompt, &e, d.Name)
}

// entry is the editor's content as an entry ready to save.
func (w *writeModel) entry() diary.Entry {
	if w.refl.on() {
		return w.reflectionEntry()
	}
	var e diary.Entry
	if w.base != nil {
		e = *w.base
	}
	e.Body = w.ed.Value()
	e.Prompt = w.prompt
	tags := strings.FieldsFunc(w.tags.Value(), func(r rune) bool { return r == ',' })
	if w.prompt != nil && w.prompt.Family != "" {
		tags = append(tags, w.prompt.Family)
	}
	e.Tags = diary.NormalizeTags(tags)
	e.Mood = w.mood
	return e
}

// changed reports writing that is not saved as an entry.
func (w *writeModel) changed() bool { return w.gen > 0 || w.fromDraft }

func (w *writeModel) setSize(width, height int) {
	w.width, w.height = width, height
	if !w.active {
		return
	}
	if w.refl.on() {
		w.headerRows = w.reflectHeaderHeight()
		w.ed.SetSize(width, max(height-w.headerRows-1, 1))
		return
	}
	w.promptShown = ""
	if w.prompt != nil && w.prompt.Text != "" {
		lines := strings.Split(wrap(sanitize(w.prompt.Text), width), "\n")
		w.promptShown = strings.Join(lines[:min(len(lines), 3)], "\n")
	}
	w.ed.SetSize(width, max(height-w.chromeHeight(), 1))
	w.tags.SetWidth(max(width-24, 8))
}

// chromeHeight is the editor's lines around the text: title, prompt and
// the two lines below.
func (w *writeModel) chromeHeight() int {
	return 1 + w.promptLines() + 2
}

// promptLines is the prompt's height on screen and the line under it, or 0
// without a prompt.
func (w *writeModel) promptLines() int {
	if w.promptShown == "" {
		return 0
	}
	return strings.Count(w.promptShown, "\n") + 2
}

func (w *writeModel) updateFocused(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch w.focus {
	case fieldBody:
		if _, isKey := msg.(tea.KeyPressMsg); isKey {
			before := w.ed.windowValue()
			cmd = w.ed.Update(msg)
			if w.ed.windowValue() != before {
				w.gen++
			}
			return cmd
		}
		cmd = w.ed.Update(msg)
	case fieldTags:
		before := w.tags.Value()
		w.tags, cmd = w.tags.Update(msg)
		if w.tags.Value() != before {
			w.gen++
		}
	}
	return cmd
}

func (w *writeModel) setFocus(f writeField) tea.Cmd {
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

func (m *Model) writeKey(msg tea.KeyPressMsg) tea.Cmd {
	w := &m.write
	k := m.keys
	if w.leaving {
		if m.now().Sub(w.leavingAt) < dialogGrace {
			return nil
		}
		switch msg.String() {
		case "s", "y":
			w.leaving = false
			return m.saveEntry()
		case "d":
			w.leaving = false
			return m.discardWriting()
		case "esc", "k", "n":
			w.leaving = false
			return nil
		}
		return nil
	}
	switch {
	case msg.String() == "ctrl+c":
		return m.quit(false)
	case key.Matches(msg, k.Save):
		return m.saveEntry()
	case key.Matches(msg, k.Back):
		if w.changed() {
			w.leaving = true
			w.leavingAt = m.now()
			return nil
		}
		return m.discardWriting()
	case w.refl.on() && key.Matches(msg, k.NextStep):
		return m.goToStep(w.refl.step + 1)
	case w.refl.on() && key.Matches(msg, k.PrevStep):
		return m.goToStep(w.refl.step - 1)
	case key.Matches(msg, k.NextField):
		return w.setFocus((w.focus + 1) % 3)
	case key.Matches(msg, k.PrevField):
		return w.setFocus((w.focus + 2) % 3)
	}
	if w.focus == fieldMood {
		switch s := msg.String(); {
		case len(s) == 1 && s[0] >= '0' && s[0] <= '5':
			w.mood = int(s[0] - '0')
			w.gen++
		case key.Matches(msg, k.MoodUp):
			w.mood = min(w.mood+1, 5)
			w.gen++
		case key.Matches(msg, k.MoodDown):
			w.mood = max(w.mood-1, 0)
			w.gen++
		}
		return nil
	}
	return w.updateFocused(msg)
}

// saveEntry writes the entry (encrypted, atomically, in a command) and
// removes its draft.
func (m *Model) saveEntry() tea.Cmd {
	w := &m.write
	if w.saving {
		return nil
	}
	e := w.entry()
	if entryBlank(&e) {
		m.err = "Nothing to save yet: write something first, or press esc to leave."
		return nil
	}
	if entrySize(&e) > diary.MaxBodySize {
		m.err = "This entry is over the 1 MB limit. Move part of it into a new entry, then save."
		return nil
	}
	w.saving = true
	m.err = ""
	return saveEntryCmd(m.store, e, w.draftName)
}

// discardWriting leaves the editor without saving, deleting its draft.
func (m *Model) discardWriting() tea.Cmd {
	var cmd tea.Cmd
	if m.write.draftName != "" {
		cmd = deleteDraftCmd(m.store, m.write.draftName)
	}
	back := m.write.returnTo
	m.write = writeModel{}
	return tea.Batch(cmd, m.goBack(back))
}

// goBack leaves the editor for the screen it was opened from.
func (m *Model) goBack(to screen) tea.Cmd {
	if to == screenBrowse {
		m.screen = screenBrowse
		m.browse.clampOffset()
		return m.previewNow()
	}
	m.screen = screenToday
	return nil
}

func (m *Model) writePaste(msg tea.PasteMsg) tea.Cmd {
	w := &m.write
	if w.leaving {
		return nil
	}
	if w.focus == fieldBody {
		if entrySize(new(w.entry()))+len(msg.Content) > diary.MaxBodySize {
			m.err = "That's too long for one entry (limit 1 MB). Nothing was pasted."
			return nil
		}
		if w.ed.ta.LineCount()+strings.Count(msg.Content, "\n") > maxEditorLines {
			window, _ := w.ed.bounds()
			m.err = fmt.Sprintf("That's more lines than one paste can take (about %d). Nothing was pasted; paste it in parts.", maxEditorLines-2*window)
			return nil
		}
	}
	return w.updateFocusedPaste(msg)
}

func (w *writeModel) updateFocusedPaste(msg tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	switch w.focus {
	case fieldBody:
		cmd = w.ed.Update(msg)
	case fieldTags:
		w.tags, cmd = w.tags.Update(msg)
	default:
		return nil
	}
	w.gen++
	return cmd
}

func (w *writeModel) wordCount() int {
	if w.wordsGen != w.gen {
		w.words = w.ed.Words() + w.refl.otherWords
		w.wordsGen = w.gen
	}
	return w.words
}

func (m *Model) viewWrite() string {
	w := &m.write
	if w.refl.on() {
		return m.viewReflectStep()
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

// editorCursor is where the terminal cursor goes while the text has the
// focus: the textarea's position plus what is drawn above and left of it.
func (m *Model) editorCursor() *tea.Cursor {
	w := &m.write
	if m.screen != screenWrite || !w.active || w.leaving || w.focus != fieldBody || m.showHelp || m.busy != "" || m.tooSmall() {
		return nil
	}
	c := w.ed.ta.Cursor()
	if c == nil {
		return nil
	}
	c.X += 1 // the frame's left padding
	if tw := m.textWidth(); m.centred() && tw < m.innerWidth() {
		c.X += (m.innerWidth() - tw) / 2
	}
	if w.refl.on() {
		c.Y += w.headerRows
	} else {
		c.Y += max(w.promptLines(), 1) // the title line, or the title and the prompt
	}
	return c
}

// entryBlank reports an entry with no text in its body or any answer.
func entryBlank(e *diary.Entry) bool {
	if strings.TrimSpace(e.Body) != "" {
		return false
	}
	for _, a := range e.Answers {
		if strings.TrimSpace(a.Text) != "" {
			return false
		}
	}
	return true
}

// entrySize is the bytes of text an entry holds, body and answers, as the
// store's size limit counts them.
func entrySize(e *diary.Entry) int {
	n := len(e.Body)
	for _, a := range e.Answers {
		n += len(a.Text)
	}
	return n
}

func (m *Model) onSaved(msg savedMsg) tea.Cmd {
	m.write.saving = false
	if msg.err != nil {
		m.err = "Not saved: " + describe(msg.err) + " Your text is still here."
		return nil
	}
	m.upsertSummary(msg.summary)
	for k := range m.renders {
		if k.id == msg.summary.ID {
			delete(m.renders, k)
		}
	}
	words := msg.summary.Words
	edited := m.write.base != nil && m.write.base.ID != ""
	reflected := m.write.refl.on()
	back := m.write.returnTo
	m.write = writeModel{}
	m.restyle()
	m.notice = fmt.Sprintf("Saved and encrypted (%d words). Well done for writing today.", words)
	if reflected && !edited {
		m.notice = fmt.Sprintf("Reflection saved and encrypted (%d words). Well done for taking the time.", words)
	}
	if edited {
		m.notice = fmt.Sprintf("Changes saved and encrypted (%d words).", words)
	}
	return m.goBack(back)
}
