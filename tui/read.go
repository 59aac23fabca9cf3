package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// The reader: one entry, scrollable, with its prompt, tags, mood and times.

type readModel struct {
	entry         *diary.Entry
	vp            viewport.Model
	header        string
	confirmDelete bool
	confirmSince  int64
	width, height int
}

func (r *readModel) setSize(w, h int) {
	r.width, r.height = w, h
	if r.entry == nil {
		return
	}
	r.vp.SetWidth(w)
	r.vp.SetHeight(max(h-strings.Count(r.header, "\n")-1, 1))
}

func (r *readModel) setBody(s string) {
	r.vp.SetContent(strings.Trim(s, "\n"))
}

func (m *Model) openReader(e *diary.Entry) tea.Cmd {
	m.read = readModel{entry: e, vp: viewport.New()}
	m.read.vp.SoftWrap = true
	m.read.vp.MouseWheelEnabled = true
	m.read.header = m.readHeader(e)
	m.read.setSize(m.textWidth(), m.bodyHeight())
	m.screen = screenRead
	k := renderKey{id: e.ID, width: m.textWidth(), dark: m.isDark}
	if r, ok := m.renders[k]; ok {
		m.read.setBody(r)
		return nil
	}
	m.read.setBody(sanitize(entryMarkdown(e))) // plain until the Markdown is ready
	return m.readRender()
}

func (m *Model) readRender() tea.Cmd {
	if m.read.entry == nil {
		return nil
	}
	k := renderKey{id: m.read.entry.ID, width: m.textWidth(), dark: m.isDark}
	if r, ok := m.renders[k]; ok {
		m.read.setBody(r)
		return nil
	}
	return renderCmd(k, entryMarkdown(m.read.entry), m.plain)
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
			text = "[" + sanitize(e.Prompt.Family) + "] " + text
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
	b.WriteString(st.Separator.Render(strings.Repeat("─", w)) + "\n")
	return b.String()
}

func (m *Model) readKey(msg tea.KeyPressMsg) tea.Cmd {
	r := &m.read
	k := m.keys
	if r.confirmDelete {
		if m.now().UnixNano()-r.confirmSince < int64(dialogGrace) {
			return nil
		}
		switch {
		case key.Matches(msg, k.Confirm):
			r.confirmDelete = false
			return deleteCmd(m.store, r.entry.ID)
		case key.Matches(msg, k.Cancel):
			r.confirmDelete = false
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Back):
		m.read = readModel{}
		m.screen = screenBrowse
		return m.previewNow()
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

func (m *Model) viewRead() string {
	r := &m.read
	if r.entry == nil {
		return ""
	}
	if r.confirmDelete {
		return r.header + "\n" + m.styles.Dialog.Render("Delete this entry? This can't be undone.\n\n  y  delete it\n  n  keep it")
	}
	return r.header + r.vp.View()
}
