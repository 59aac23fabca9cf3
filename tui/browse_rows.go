package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary/prompts"
)

// Drawing the Browse screen: the header, the filter line, and only the
// rows on screen, beside or above the preview.

func (b *browseScreen) view(m *Model) string {
	st := m.styles
	var out strings.Builder
	head := plural(len(m.catalog), "entry", "entries")
	if b.query != "" {
		head = fmt.Sprintf("%d of %d entries", len(b.visible), len(m.catalog))
		if b.searching(m) {
			head = "searching " + plural(len(m.catalog), "entry", "entries") + "…"
		}
	}
	if n := len(b.marked); n > 0 {
		head += fmt.Sprintf(" · %d selected", n)
	}
	out.WriteString(st.Title.Render("Browse") + st.Subtle.Render(" · "+head) + "\n")
	switch {
	case b.filtering:
		out.WriteString(neutralizeBidi(b.filter.View()) + "\n")
	case b.query != "":
		out.WriteString(st.Subtle.Render("/ "+sanitize(b.query)+"  (esc clears)") + "\n")
	default:
		out.WriteString(st.Subtle.Render("/ to filter") + "\n")
	}

	list := b.viewRows(m)
	pw, ph := b.previewSize()
	var preview string
	if b.confirmDelete != "" {
		// The question takes the preview's place: the row stays in view.
		preview = fitBlock(b.viewDeleteDialog(m, pw), pw, ph)
	} else if b.noting != "" {
		preview = fitBlock(b.viewNoteDialog(m, pw), pw, ph)
	} else if b.consent.open {
		preview = fitBlock(b.consent.view(m, pw, ph), pw, ph)
	} else {
		preview = fitBlock(b.viewPreview(m, pw, ph), pw, ph)
	}
	if b.wide() {
		left := fitBlock(list, b.listWidth(), b.listRows())
		out.WriteString(joinColumns(left, st.Pane.Render(preview), b.listWidth()))
		return out.String()
	}
	out.WriteString(fitBlock(list, b.width, b.listRows()) + "\n")
	out.WriteString(st.Separator.Render(strings.Repeat("─", b.width)) + "\n")
	out.WriteString(preview)
	return out.String()
}

// joinColumns puts two blocks side by side, the left padded to width.
func joinColumns(left, right string, width int) string {
	l := strings.Split(left, "\n")
	r := strings.Split(right, "\n")
	var b strings.Builder
	for i := range max(len(l), len(r)) {
		var a, c string
		if i < len(l) {
			a = l[i]
		}
		if i < len(r) {
			c = r[i]
		}
		if pad := width - ansi.StringWidth(a); pad > 0 {
			a += strings.Repeat(" ", pad)
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(a + c)
	}
	return b.String()
}

// searching reports whether the query waits for the catalog's texts.
func (b *browseScreen) searching(m *Model) bool {
	return !m.textReady && strings.TrimSpace(b.query) != ""
}

// viewRows draws only the rows on screen.
func (b *browseScreen) viewRows(m *Model) string {
	st := m.styles
	if len(b.visible) == 0 {
		if b.query != "" && b.searching(m) {
			return st.Subtle.Render("Searching your entries…")
		}
		if b.query != "" {
			return st.Subtle.Render("No entries match. esc clears the filter.")
		}
		return st.Subtle.Render("No entries yet. Press t for today's prompt.")
	}
	w := b.listWidth()
	var out strings.Builder
	end := min(b.offset+b.listRows(), len(b.visible))
	for vi := b.offset; vi < end; vi++ {
		s := &m.catalog[b.visible[vi]]
		cursor := "  "
		if vi == b.cursor {
			cursor = "› "
		}
		mark := "  "
		if b.marked[s.ID] {
			mark = "● "
		}
		row := cursor + mark + listDate(s.Created, m.now()) + "  "
		if b.flagged[s.ID] {
			row += "[flagged] "
		}
		reflection := slices.Contains(s.Tags, reflectionTag)
		if reflection {
			row += "[reflection] "
		}
		if f := s.Family(); f != "" {
			row += "[" + sanitize(prompts.FamilyLabel(f)) + "] "
		}
		row += sanitize(firstLine(s.Title))
		var tags []string
		for _, t := range s.Tags {
			if t != s.Family() && (t != reflectionTag || !reflection) {
				tags = append(tags, "#"+t)
			}
		}
		if len(tags) > 0 {
			row += "  " + sanitize(strings.Join(tags, " "))
		}
		row = ansi.Truncate(row, w, "…")
		switch {
		case vi == b.cursor:
			row = st.Selected.Render(row)
		case b.marked[s.ID]:
			row = st.Marked.Render(row)
		}
		if vi > b.offset {
			out.WriteByte('\n')
		}
		out.WriteString(row)
	}
	return out.String()
}

// reflectionTag is the tag every reflection carries (prompts.Template.Tags);
// Browse marks those rows.
const reflectionTag = "reflection"

// listDate is a row's date and time: the weekday within this year, the
// year before.
func listDate(t, now time.Time) string {
	t = t.Local()
	if t.Year() == now.Year() {
		return t.Format("Mon 02 Jan 15:04")
	}
	return t.Format("02 Jan 2006 15:04")
}
