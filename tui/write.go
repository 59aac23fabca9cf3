package tui

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary"
	"peerdiary/tui/internal/textarea"
)

// The editor. Nothing is ever cut: the textarea's input limit is off, it
// holds only a window of a long entry (see editor), and an entry over the
// size an entry can be saved with opens read-only instead.

const screenWrite screenID = "write"

// writeScreen is the editor, for free writing and for a reflection's steps.
// It is inactive (active false) between one piece of writing and the next.
type writeScreen struct {
	active bool
	ed     editor
	tags   textinput.Model
	focus  writeField
	mood   int
	prompt *diary.PromptRef
	base   *diary.Entry // the entry being edited, or a resumed draft's

	draftName    string
	fromDraft    bool
	gen          int // bumped on every change
	persistedGen int // the generation last written as a draft
	autosaving   bool
	saving       bool

	leaving   bool
	leavingAt time.Time
	returnTo  screenID // where esc or a save goes back to

	refl reflection // a structured reflection, or off for free writing

	// Laid out once per size, not once per frame: the prompt wrapped to
	// the width (at most three lines), and a reflection step's header
	// height.
	promptShown string
	followShown string // the prompt's follow-up questions, one line each
	followUps   []string
	headerRows  int

	status        string
	words         int
	wordsGen      int
	width, height int
}

func newEditor() textarea.Model {
	// The textarea (tui/internal/textarea) has no input limit but its
	// 10,000 lines, draws no cursor of its own (the root View places the
	// terminal's, see writeScreen.cursor: a drawn cursor blinks by
	// re-rendering the text twice a second), and has no clipboard keys:
	// copy would hand diary text to xclip and clipboard history, and paste
	// arrives through the terminal's bracketed paste.
	ta := textarea.New()
	ta.Placeholder = "Write freely. Nothing leaves this computer."
	return ta
}

// layout styles and sizes the editor's fields, once it is open.
func (w *writeScreen) layout(m *Model) {
	if !w.active {
		return
	}
	if !m.plain {
		w.ed.ta.SetStyles(textarea.DefaultStyles(m.isDark))
		w.tags.SetStyles(textinput.DefaultStyles(m.isDark))
	}
	w.setSize(m.textWidth(), m.bodyHeight())
}

func (w *writeScreen) typing() bool { return true }

// lock drops the writing; lockNow has already taken it as a draft.
func (w *writeScreen) lock() { *w = writeScreen{} }

func (w *writeScreen) hints(m *Model) help.KeyMap {
	switch {
	case w.leaving:
		return m.keys.leaveHelp()
	case w.refl.on():
		return m.keys.reflectHelp()
	}
	return m.keys.writeHelp()
}

func (w *writeScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return w.key(m, msg)
	case tea.PasteMsg:
		return w.paste(m, msg)
	case tea.MouseWheelMsg:
		return w.ed.Update(msg)
	case savedMsg:
		return w.onSaved(m, msg)
	}
	return w.updateFocused(msg)
}

// newWriting is the editor state both writing and reflecting start from:
// an empty editor, the draft it continues, the screen to go back to, and the
// entry being edited (base), if any.
func (m *Model) newWriting(e *diary.Entry, draftName string) writeScreen {
	w := writeScreen{
		active:    true,
		ed:        editor{ta: newEditor()},
		tags:      newTagsInput(),
		draftName: draftName,
		fromDraft: draftName != "",
		wordsGen:  -1,
		returnTo:  screenToday,
	}
	if m.current == screenBrowse || m.current == screenRead {
		w.returnTo = screenBrowse
	}
	if e != nil {
		base := *e
		w.base = &base
	}
	return w
}

// startWriting opens the editor: on a prompt (ref), on an existing entry or
// draft (e), or on a blank page.
func (m *Model) startWriting(ref *diary.PromptRef, e *diary.Entry, draftName string) tea.Cmd {
	if e != nil && len(e.Body) > diary.MaxBodySize {
		m.resumeAt = writePos{}
		m.notice = "This entry is over the 1 MB an entry can be saved with; it opens read-only so nothing is cut."
		return m.openReader(e)
	}
	if e != nil && (e.Template != "" || len(e.Answers) > 0) {
		if t, ok := templateFor(m.library(), e); ok {
			return m.startReflection(t, e, draftName)
		}
	}
	pos := m.resumeAt
	m.resumeAt = writePos{}
	w := m.newWriting(e, draftName)
	w.prompt = ref
	if ref != nil {
		// The follow-ups the command line prints come with the prompt here.
		if p, ok := m.library().Lookup(ref.ID); ok && p.Text == ref.Text {
			w.followUps = p.FollowUps
		}
	}
	if e != nil {
		w.ed.SetValue(e.Body)
		switch {
		case pos.set: // the writing the lock interrupted
			w.ed.MoveTo(pos.line, pos.col)
		case draftName != "": // recovered writing: carry on at its end
			w.ed.MoveToEnd()
		}
		if strings.ContainsFunc(e.Body, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) {
			// The editor turns tabs into spaces and drops control codes.
			m.notice = "This entry has tabs or control codes; saving it from the editor turns them into spaces or drops them."
		}
		w.mood = e.Mood
		// Tags that follow from the prompt and the text are not for
		// typing: saving derives them again from what is there then.
		var free []string
		derived := e.DerivedTags()
		for _, t := range e.Tags {
			if !slices.Contains(derived, t) {
				free = append(free, t)
			}
		}
		w.tags.SetValue(strings.Join(free, ", "))
	}
	return m.openWriter(w)
}

// openWriter shows the editor with w in it.
func (m *Model) openWriter(w writeScreen) tea.Cmd {
	ws := m.write()
	*ws = w
	ws.layout(m)
	m.current = screenWrite
	m.err = ""
	m.showHelp = false
	return ws.ed.ta.Focus()
}

// writePos is where the writing was: the reflection step on screen and
// the cursor's line and column in its text. The lock keeps it (numbers, no
// text) so that the writing comes back with the cursor where it was.
type writePos struct {
	set       bool
	step      int
	line, col int
}

func (w *writeScreen) position() writePos {
	return writePos{set: true, step: w.refl.step, line: w.ed.Line(), col: w.ed.ta.Column()}
}

// startNewEntry opens the editor on a new entry with the prompt, tags, mood
// and time given (Config.Write), once a pack's prompt is looked up.
func (m *Model) startNewEntry(ne NewEntry) tea.Cmd {
	if ne.PromptID != "" {
		return newEntryPromptCmd(m.store, ne)
	}
	e := ne.Entry
	return m.startWriting(e.Prompt, &e, "")
}

func (m *Model) onNewEntryPrompt(msg newEntryMsg) tea.Cmd {
	if !m.unlocked {
		return nil
	}
	e := msg.entry
	cmd := m.startWriting(e.Prompt, &e, "")
	if msg.err != nil {
		m.notice = "There is no prompt with that id in this diary; this entry answers none."
	}
	return cmd
}

// resumeFrom reopens a recovered draft.
func (m *Model) resumeFrom(d diary.Draft) tea.Cmd {
	e := d.Entry
	return m.startWriting(e.Prompt, &e, d.Name)
}

// entry is the editor's content as an entry ready to save.
func (w *writeScreen) entry() diary.Entry {
	if w.refl.on() {
		return w.reflectionEntry()
	}
	var e diary.Entry
	if w.base != nil {
		e = *w.base
	}
	e.Body = w.ed.Value()
	e.Prompt = w.prompt
	// The prompt's family and subtheme and the #hashtags are added by the
	// store when it saves (diary.Store.Save).
	e.Tags = diary.NormalizeTags(strings.FieldsFunc(w.tags.Value(), func(r rune) bool { return r == ',' }))
	e.Mood = w.mood
	return e
}

// changed reports writing that is not saved as an entry.
func (w *writeScreen) changed() bool { return w.gen > 0 || w.fromDraft }

func (w *writeScreen) setSize(width, height int) {
	w.width, w.height = width, height
	if !w.active {
		return
	}
	if w.refl.on() {
		w.headerRows = w.reflectHeaderHeight()
		w.ed.SetSize(width, max(height-w.headerRows-2, 1)) // the fields and the status below
		w.tags.SetWidth(w.tagsWidth(width))
		return
	}
	w.promptShown, w.followShown = "", ""
	if w.prompt != nil && w.prompt.Text != "" {
		lines := strings.Split(wrap(sanitize(w.prompt.Text), width), "\n")
		w.promptShown = strings.Join(lines[:min(len(lines), 3)], "\n")
		var follow []string
		for _, f := range w.followUps[:min(len(w.followUps), 2)] {
			follow = append(follow, ansi.Truncate("· "+sanitize(f), width, "…"))
		}
		w.followShown = strings.Join(follow, "\n")
	}
	w.ed.SetSize(width, max(height-w.chromeHeight(), 1))
	w.tags.SetWidth(w.tagsWidth(width))
}

// chromeHeight is the editor's lines around the text: title, prompt and
// the two lines below.
func (w *writeScreen) chromeHeight() int {
	return 1 + w.promptLines() + 2
}

// promptLines is the prompt's height on screen and the line under it, or 0
// without a prompt.
func (w *writeScreen) promptLines() int {
	if w.promptShown == "" {
		return 0
	}
	n := strings.Count(w.promptShown, "\n") + 2
	if w.followShown != "" {
		n += strings.Count(w.followShown, "\n") + 1
	}
	return n
}

func (w *writeScreen) updateFocused(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch w.focus {
	case fieldBody:
		if _, isKey := msg.(tea.KeyPressMsg); isKey {
			before := w.ed.revision()
			cmd = w.ed.Update(msg)
			if w.ed.revision() != before {
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

func (w *writeScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if w.leaving {
		if m.now().Sub(w.leavingAt) < dialogGrace {
			return nil
		}
		switch msg.String() {
		case "s", "y":
			w.leaving = false
			return w.save(m)
		case "d":
			w.leaving = false
			return w.discard(m)
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
		return w.save(m)
	case key.Matches(msg, k.Back):
		if w.changed() {
			w.leaving = true
			w.leavingAt = m.now()
			return nil
		}
		return w.discard(m)
	case w.refl.on() && w.focus != fieldBody && msg.String() == "tab":
		if w.focus == fieldTags {
			return w.setFocus(fieldMood)
		}
		w.status = "ctrl+s saves the reflection"
		return nil
	case w.refl.on() && w.focus != fieldBody && msg.String() == "shift+tab":
		return w.setFocus(w.focus - 1)
	case w.refl.on() && w.focus == fieldBody && key.Matches(msg, k.NextStep) && w.refl.step+1 == len(w.refl.tmpl.Steps):
		// After the last question: the tags and the mood, as free writing has.
		w.status = ""
		return w.setFocus(fieldTags)
	case w.refl.on() && key.Matches(msg, k.NextStep):
		return w.goToStep(m, w.refl.step+1)
	case w.refl.on() && key.Matches(msg, k.PrevStep):
		return w.goToStep(m, w.refl.step-1)
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
