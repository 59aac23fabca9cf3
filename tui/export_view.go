package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	"peerdiary/diary"
	"peerdiary/diary/supervision"
)

// The export screen's views: choosing contacts, the note, the preview of
// exactly what leaves, and what was sent.

func (e *exportScreen) view(m *Model) string {
	st := m.styles
	w := min(e.width, readingWidth)
	var b strings.Builder
	b.WriteString(st.Title.Render("Export for supervision") + st.Subtle.Render(" · "+plural(len(e.ids), "entry", "entries")) + "\n\n")
	if e.problem != "" && e.step != stepPreview {
		b.WriteString(st.Error.Render(wrap("! "+e.problem, w)) + "\n\n")
	}
	switch e.step {
	case stepContact:
		b.WriteString(e.viewContacts(m, w))
	case stepNotice:
		first := make([]string, len(e.first))
		for i, n := range e.first {
			first[i] = sanitize(n)
		}
		for _, p := range supervision.FirstExportNotice(diary.JoinNames(first)) {
			b.WriteString(wrap(p, w) + "\n\n")
		}
	case stepNote:
		b.WriteString(e.viewNote(m, w))
	case stepPreview, stepConfirm:
		return e.viewPreview(m)
	case stepSent:
		b.WriteString(e.viewSent(m, w))
	}
	return b.String()
}

func (e *exportScreen) viewContacts(m *Model, w int) string {
	st := m.styles
	if e.data == nil {
		return st.Subtle.Render("Reading your contacts…")
	}
	if len(e.data.contacts) == 0 {
		return wrap("You have no contacts yet. Ask your supervisor for their public key (peerdiary key public prints it), then add them from a terminal:", w) +
			"\n\n  peerdiary contacts add NAME THEIR-PUBLIC-KEY\n\n" + wrap("Check the fingerprint it prints with them. esc goes back.", w)
	}
	var b strings.Builder
	several := len(e.data.contacts) > 1
	if several {
		b.WriteString(wrap("Who is this for? Only their keys will open it. To send one file to several, tick them with space.", w) + "\n\n")
	} else {
		b.WriteString(wrap("Who is this for? Only their key will open it.", w) + "\n\n")
	}
	for i, c := range e.data.contacts {
		line := sanitize(c.Name) + "  " + strings.Join(c.Fingerprints(), ", ") + " (" + strings.Join(c.Kinds(), ", ") + ")"
		if several {
			box := "[ ] "
			if e.ticked[c.Name] {
				box = "[x] "
			}
			line = box + line
		}
		if last := e.data.lastExport(c); last != nil {
			line += "  last export " + last.At.Local().Format("2 Jan")
		} else {
			line += "  nothing sent yet"
		}
		if i == e.cursor {
			b.WriteString(st.Selected.Render("› "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}

func (e *exportScreen) viewNote(m *Model, w int) string {
	st := m.styles
	label := func(f int, s string) string {
		if e.field == f {
			return st.Focused.Render(s)
		}
		return st.Field.Render(s)
	}
	box := func(on bool) string {
		if on {
			return "[x]"
		}
		return "[ ]"
	}
	var b strings.Builder
	for _, k := range e.keys(false) {
		b.WriteString(st.Subtle.Render(ansiTruncate("To "+k, w)) + "\n")
	}
	b.WriteString("\n" + label(fieldNote, "A note for "+e.names()) + "\n")
	b.WriteString(neutralizeBidi(e.note.View()) + "\n\n")
	b.WriteString(st.Field.Render("What do you need from supervision this time?") + "\n")
	for i, f := range supervision.Functions {
		b.WriteString(label(fieldNeeds+i, box(e.needs[f])+" "+f.Label()) + "\n")
	}
	since := "since your last export to them"
	if len(e.first) > 0 {
		since = "of everything so far"
	}
	b.WriteString(label(fieldSummary, box(e.summary)+" Add a summary "+since+" (themes, incidents, mood)") + "\n\n")
	b.WriteString(label(fieldPath, "Save as ") + neutralizeBidi(e.path.View()) + "\n\n")
	if e.field == fieldNote {
		b.WriteString(st.Subtle.Render(wrap("tab to the choices below; there, enter shows exactly what will leave. Nothing is sent yet.", w)))
	} else {
		b.WriteString(st.Subtle.Render("enter shows exactly what will leave; nothing is sent yet"))
	}
	return b.String()
}

// previewHeader is the lines above the packet: to whom, with the key's
// fingerprint, what redaction did, the words to check, how it is written.
func (e *exportScreen) previewHeader(m *Model) []string {
	if e.packet == nil || len(e.contacts) == 0 {
		return []string{"", ""}
	}
	st := m.styles
	w := min(e.width, readingWidth)
	p := e.packet
	title := st.Title.Render("Preview: exactly what will leave")
	if pos := e.lines.position(); pos != "" {
		title += st.Subtle.Render(" · " + pos)
	}
	lines := []string{title}
	for _, k := range e.keys(true) {
		lines = append(lines, ansiTruncate("To "+k, w))
	}
	lines = append(lines, fmt.Sprintf("%s · %s taken out", plural(len(p.Entries), "entry", "entries"), plural(p.Replacements, "name", "names")))
	if checks := p.Checks(); len(checks) > 0 {
		for i := range checks {
			checks[i] = sanitize(checks[i])
		}
		lines = append(lines, strings.Split(wrap(fmt.Sprintf("Check %s: %s. A name there? Add it to your list (peerdiary people add) and preview again.",
			plural(len(checks), "word", "words"), strings.Join(checks, ", ")), w), "\n")...)
	}
	armor := "binary file"
	if e.armored {
		armor = "text (for email or chat)"
	}
	dates := "dates to the day"
	if e.dates == supervision.DatesExact {
		dates = "dates with times"
	}
	lines = append(lines, st.Subtle.Render(ansiTruncate(fmt.Sprintf("%s · %s · %s → %s", formatLabel(e.format), armor, dates, sanitize(e.path.Value())), w)))
	lines = append(lines, m.packetStyles().legend())
	if e.problem != "" {
		lines = append(lines, st.Error.Render(ansiTruncate("! "+e.problem, w)))
	}
	lines = append(lines, st.Separator.Render(strings.Repeat("─", w)))
	return lines
}

// formatLabel is the format's words, and for a format the preview can only
// show as its text, that it is shown so.
func formatLabel(f supervision.Format) string {
	if f == supervision.HTML || f == supervision.JSON {
		return f.Words() + " (shown here as text)"
	}
	return f.Words()
}

func (e *exportScreen) viewPreview(m *Model) string {
	st := m.styles
	if e.packet == nil {
		return st.Title.Render("Preview") + "\n\n" + st.Subtle.Render("Taking names out…")
	}
	head := e.previewHeader(m)
	e.lines.set(e.lines.lines, e.height-len(head))
	body := strings.Join(head, "\n") + "\n" + e.lines.view()
	if e.step == stepConfirm {
		n := plural(len(e.packet.Entries), "entry", "entries")
		// The dialog's border and padding take four columns; every line
		// is wrapped to fit, the file's name too, so all of it can be read.
		w := max(min(e.width, readingWidth)-4, 20)
		to := make([]string, len(e.contacts))
		for i, c := range e.contacts {
			to[i] = sanitize(c.Name) + " (" + strings.Join(c.Fingerprints(), ", ") + ")"
		}
		q := wrap(fmt.Sprintf("Send %s to %s?", n, diary.JoinNames(to)), w) + "\n" +
			wrap("It will be saved as "+sanitize(strings.TrimSpace(e.path.Value())), w) + "\n" +
			wrap("Once it has gone it can't be taken back.", w) + "\n\n  y  send it\n  n  not yet"
		return strings.Join(head, "\n") + "\n" + st.Dialog.Render(q)
	}
	return body
}

func (e *exportScreen) viewSent(m *Model, w int) string {
	r := e.sent
	var b strings.Builder
	b.WriteString(m.styles.Notice.Render("Sent and recorded in your ledger.") + "\n\n")
	names := r.Names()
	for i := range names {
		names[i] = sanitize(names[i])
	}
	to := diary.JoinNames(names)
	b.WriteString(wrap(fmt.Sprintf("%s for %s, names taken out: %d.", plural(len(r.Entries), "entry", "entries"), to, r.Replacements), w) + "\n")
	b.WriteString(wrap("Saved as "+sanitize(r.Output), w) + "\n")
	b.WriteString(wrap("SHA-256 "+r.SHA256, w) + "\n\n")
	keys := "their key opens"
	if len(names) > 1 {
		keys = "their keys open"
	}
	if m.demo {
		// The demo supervisor's key was made up and thrown away.
		s := "In the demo, the supervisor's key was made up on the spot and thrown away, so no one can open this file."
		if filepath.Dir(r.Output) == filepath.Clean(m.dir) {
			s += " It goes with the demo when you quit."
		}
		b.WriteString(wrap(s, w))
		return b.String()
	}
	b.WriteString(wrap("Hand the file over the way you agreed with "+to+". Only "+keys+" it; peerdiary exports lists everything that has left.", w))
	return b.String()
}
