package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// The reader: one entry, scrollable, with its prompt, tags, mood and times.

const screenRead screenID = "read"

type readScreen struct {
	entry         *diary.Entry
	vp            viewport.Model
	header        string
	confirmDelete bool
	confirmSince  int64
	width, height int
	consent       consentPanel // c: share this entry with a study
}

func (r *readScreen) typing() bool { return r.consent.typing() }

func (r *readScreen) lock() { *r = readScreen{} }

func (r *readScreen) hints(m *Model) help.KeyMap {
	if r.confirmDelete {
		return m.keys.confirmHelp()
	}
	if r.consent.open {
		return m.keys.consentHelp(r.consent.typing())
	}
	return m.keys.readHelp()
}

func (r *readScreen) layout(m *Model) {
	if r.entry != nil {
		r.header = m.readHeader(r.entry)
	}
	r.setSize(m.textWidth(), m.bodyHeight())
}

// refresh takes the Markdown rendered for the current width and colours.
func (r *readScreen) refresh(m *Model) tea.Cmd { return m.readRender() }

func (r *readScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	if cmd, ok := r.consent.update(m, screenRead, msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return r.key(m, msg)
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			r.vp.ScrollUp(3)
		} else {
			r.vp.ScrollDown(3)
		}
	case renderedMsg:
		if r.entry != nil && msg.key.id == r.entry.ID && msg.err == nil {
			r.setBody(msg.out)
		}
	case deletedMsg:
		return m.onDeleted(msg)
	case flagToggledMsg:
		m.onFlagToggled(msg)
	}
	return nil
}

func (r *readScreen) setSize(w, h int) {
	r.width, r.height = w, h
	if r.entry == nil {
		return
	}
	r.vp.SetWidth(w)
	r.vp.SetHeight(max(h-strings.Count(r.header, "\n")-2, 1)) // and the rule under the header
}

func (r *readScreen) setBody(s string) {
	r.vp.SetContent(strings.Trim(s, "\n"))
}

func (m *Model) openReader(e *diary.Entry) tea.Cmd {
	r := m.read()
	*r = readScreen{entry: e, vp: viewport.New()}
	r.vp.SoftWrap = true
	r.vp.MouseWheelEnabled = true
	r.layout(m)
	m.current = screenRead
	k := renderKey{id: e.ID, width: m.textWidth(), dark: m.isDark}
	if out, ok := m.renders[k]; ok {
		r.setBody(out)
		return nil
	}
	r.setBody(sanitize(entryMarkdown(e))) // plain until the Markdown is ready
	return m.readRender()
}

func (m *Model) readRender() tea.Cmd {
	r := m.read()
	if r.entry == nil {
		return nil
	}
	k := renderKey{id: r.entry.ID, width: m.textWidth(), dark: m.isDark}
	if out, ok := m.renders[k]; ok {
		r.setBody(out)
		return nil
	}
	return renderCmd(k, entryMarkdown(r.entry), m.plain)
}

func (m *Model) readHeader(e *diary.Entry) string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render(e.Created.Local().Format("Monday 2 January 2006, 15:04")))
	if !e.Updated.IsZero() && e.Updated.Sub(e.Created) > 60e9 {
		b.WriteString(st.Subtle.Render(" · edited " + e.Updated.Local().Format("2 Jan 15:04")))
	}
	b.WriteString("\n")
	if e.Prompt != nil && e.Prompt.Text != "" {
		text := sanitize(e.Prompt.Text)
		if e.Prompt.Family != "" {
			text = "[" + sanitize(prompts.FamilyLabel(e.Prompt.Family)) + "] " + text
		}
		b.WriteString(st.Prompt.Render(wrap(text, w)) + "\n")
	}
	if e.Template != "" {
		b.WriteString(st.Prompt.Render(wrap("Reflection: "+sanitize(m.templateName(e.Template)), w)) + "\n")
	}
	var meta []string
	if len(e.Tags) > 0 {
		meta = append(meta, "tags: "+sanitize("#"+strings.Join(e.Tags, " #")))
	}
	if e.Mood > 0 {
		meta = append(meta, fmt.Sprintf("mood: %d/5 %s", e.Mood, moodWords[e.Mood]))
	}
	meta = append(meta, fmt.Sprintf("%d words", e.Words()))
	b.WriteString(st.Subtle.Render(strings.Join(meta, " · ")) + "\n")
	return b.String()
}

func (r *readScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if r.confirmDelete {
		if m.now().UnixNano()-r.confirmSince < int64(dialogGrace) {
			return nil
		}
		switch {
		case key.Matches(msg, k.Confirm):
			r.confirmDelete = false
			return m.to(screenRead, deleteCmd(m.store, r.entry.ID))
		case key.Matches(msg, k.Cancel):
			r.confirmDelete = false
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Back):
		*r = readScreen{}
		m.current = screenBrowse
		return m.browse().previewNow(m)
	case key.Matches(msg, k.Edit):
		if r.entry == nil {
			return nil
		}
		e := *r.entry
		return m.startWriting(e.Prompt, &e, "")
	case key.Matches(msg, k.Delete):
		r.confirmDelete = true
		r.confirmSince = m.now().UnixNano()
		return nil
	case key.Matches(msg, consentBinding):
		if r.entry == nil {
			return nil
		}
		return r.consent.show(m, screenRead, diary.Summarize(r.entry, ""))
	case key.Matches(msg, flagBinding):
		if r.entry == nil {
			return nil
		}
		return m.to(screenRead, toggleFlagCmd(m.store, r.entry.ID))
	case key.Matches(msg, k.Top):
		r.vp.GotoTop()
		return nil
	case key.Matches(msg, k.Bottom):
		r.vp.GotoBottom()
		return nil
	}
	var cmd tea.Cmd
	r.vp, cmd = r.vp.Update(msg)
	return cmd
}

func (r *readScreen) view(m *Model) string {
	if r.entry == nil {
		return ""
	}
	if r.confirmDelete {
		return r.header + r.rule(m) + "\n\n" + m.styles.Dialog.Render("Delete this entry? This can't be undone.\n\n  y  delete it\n  n  keep it")
	}
	if r.consent.open {
		return r.header + r.rule(m) + "\n" + r.consent.view(m, r.width, max(r.height-strings.Count(r.header, "\n")-1, 1))
	}
	return r.header + r.rule(m) + "\n" + r.vp.View()
}

// rule is the line under the header, ending in how far through the entry
// the reader is when it is longer than the screen.
func (r *readScreen) rule(m *Model) string {
	w := m.textWidth()
	line := strings.Repeat("─", w)
	if r.vp.TotalLineCount() > r.vp.Height() {
		at := fmt.Sprintf(" %d%%", int(math.Round(r.vp.ScrollPercent()*100)))
		line = strings.Repeat("─", max(w-len(at), 0)) + at
	}
	return m.styles.Separator.Render(line)
}
