// Package chart draws insights (package diary/insights) as terminal
// pictures, on three pages: Weeks (a stacked bar of themes per week, mood,
// incidents, the stage timeline and the quiet themes), Themes (each theme
// week by week, and within each theme) and Days (a calendar, on this day a
// month and a year ago, and the streak). Every distinction a colour makes is
// also made by a glyph or a label, so the pictures read the same without
// colour. The full-screen diary shows one page at a time; `peerdiary
// insights` prints them all.
package chart

import (
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary"
	"peerdiary/diary/insights"
	"peerdiary/diary/prompts"
)

// Page is one screenful of insights.
type Page int

// The pages, in the order they are shown.
const (
	Weeks Page = iota
	Themes
	Days
)

// Pages lists every page in order.
var Pages = []Page{Weeks, Themes, Days}

// String is the page's name as its tab shows it.
func (p Page) String() string {
	switch p {
	case Themes:
		return "Themes"
	case Days:
		return "Days"
	}
	return "Weeks"
}

// Layout: a label gutter, then one column per week, two cells wide (a glyph
// and a gap), shared by the week pictures so they line up week by week.
const (
	colWidth   = 2
	minBarRows = 3
	maxBarRows = 12
	maxQuiet   = 4 // one line per family at most
	maxLookOne = 3 // entries listed for one day looked back at
	// natural is the height the command line draws a page in: output
	// scrolls, so only the bars' own limit bounds it.
	natural = 60
)

// RenderPage draws one page to fit width × height, under a line naming the
// pages with the current one in brackets. Every line fits the width and
// there are at most height lines.
func RenderPage(r *insights.Report, p Page, width, height int, st Styles) string {
	c, ok := newChart(r, width, st, false)
	if !ok || height < 4 {
		return fit(summaryLines(r), width, height)
	}
	tabs := make([]string, len(Pages))
	for i, q := range Pages {
		if q == p {
			tabs[i] = st.Title.Render("[" + q.String() + "]")
		} else {
			tabs[i] = st.Label.Render(" " + q.String() + " ")
		}
	}
	lines := []string{strings.Join(tabs, " ")}
	lines = append(lines, c.page(p, height-1)...)
	return fit(lines, width, height)
}

// Render draws every page, one after another, for the command line: as
// tall as the pictures need and as wide as width. ids says to name the
// entries looked back at by id, for `peerdiary show`.
func Render(r *insights.Report, width int, st Styles) string {
	c, ok := newChart(r, width, st, true)
	if !ok {
		return fit(summaryLines(r), width, natural)
	}
	var lines []string
	for i, p := range Pages {
		if i > 0 {
			lines = append(lines, "")
		}
		page := trimBlank(c.page(p, natural))
		if i > 0 { // one title for them all
			page = trimBlank(page[1:])
			for len(page) > 0 && page[0] == "" {
				page = page[1:]
			}
		}
		lines = append(lines, page...)
	}
	return fit(lines, width, len(lines))
}

type chart struct {
	r      *insights.Report
	weeks  []insights.Week
	width  int
	gutter int
	st     Styles
	ids    bool // name looked-back entries by id
	// painted memoises styled glyphs: a year of cells is thousands of them,
	// and styling each afresh is most of the drawing time.
	painted map[[2]string]string
}

// FitWeeks is how many weeks the pictures have room for in width cells:
// pass it as insights.Options.Fit.
func FitWeeks(width int) int { return max(1, (width-gutterWidth())/colWidth) }

// newChart fits the report's weeks to the width; false if not even a few
// weeks fit beside the labels.
func newChart(r *insights.Report, width int, st Styles, ids bool) (*chart, bool) {
	gutter := gutterWidth()
	if width < gutter+colWidth*4 {
		return nil, false
	}
	n := min(len(r.Weeks), (width-gutter)/colWidth)
	return &chart{r: r, weeks: r.Weeks[len(r.Weeks)-n:], width: width, gutter: gutter, st: st, ids: ids,
		painted: map[[2]string]string{}}, true
}

// page lays out one page's pictures in at most height lines.
func (c *chart) page(p Page, height int) []string {
	switch p {
	case Themes:
		return c.themesPage(height)
	case Days:
		return c.daysPage(height)
	}
	return c.weeksPage(height)
}

func (c *chart) weeksPage(height int) []string {
	notes := c.quietLines()
	if cut := c.cutNote(); cut != "" {
		notes = append(notes, cut)
	}
	if c.r.Total == 0 {
		notes = append(notes, c.streakLine())
	}
	legend := c.legendRows()
	var noteLines []string
	for _, n := range notes {
		noteLines = append(noteLines, c.sentence(n)...)
	}
	// Fixed rows: title, the bars' legend, axis and months, mood,
	// incidents, stage. The bars take what is left, up to a row per entry
	// of the busiest week, so one entry is not drawn as a tower.
	fixed := 1 + len(legend) + 2 + 3
	spare := height - fixed
	q := min(len(noteLines), max(0, spare-minBarRows))
	peak := 1
	for _, w := range c.weeks {
		peak = max(peak, w.Entries)
	}
	bars := min(spare-q, maxBarRows, max(minBarRows, peak))
	bars = max(bars, minBarRows)
	blanks := max(0, spare-q-bars)

	lines := []string{c.title()}
	if blanks > 0 {
		lines = append(lines, "")
	}
	lines = append(lines, legend...)
	lines = append(lines, c.bars(bars)...)
	lines = append(lines, c.axis(), c.months(), c.mood(), c.incidents(), c.stages())
	if blanks > 1 && q > 0 {
		lines = append(lines, "")
	}
	return append(lines, noteLines[:q]...)
}

func (c *chart) themesPage(height int) []string {
	heat := c.themeHeat()
	table := c.familyTable()
	lines := []string{c.title()}
	// Blank lines only where they fit; the table's rows before the heat
	// map's, which the Weeks page's bars already sum up.
	room := height - 1 - len(heat) - len(table)
	if room > 1 {
		lines = append(lines, "")
	}
	lines = append(lines, heat...)
	if room > 0 {
		lines = append(lines, "")
	}
	return append(lines, table...)
}

func (c *chart) daysPage(height int) []string {
	cal := c.calendar()
	streak := c.sentence(c.streakLine())
	// The look back takes the room left: each prompt on a line of its own
	// if there is room, else beside its entry, else as many lines as fit.
	budget := height - 1 - len(cal) - len(streak)
	look := c.lookBackLines(true)
	if len(look) > budget {
		look = c.lookBackLines(false)
	}
	look = look[:max(0, min(len(look), budget))]
	lines := []string{c.title()}
	room := budget - len(look)
	if room > 1 {
		lines = append(lines, "")
	}
	lines = append(lines, cal...)
	if room > 0 && len(look) > 0 {
		lines = append(lines, "")
	}
	lines = append(lines, look...)
	if room > 2 {
		lines = append(lines, "")
	}
	return append(lines, streak...)
}

// paint styles a glyph of a kind ("theme:care", "heat:2"), once.
func (c *chart) paint(kind, glyph string, st lipgloss.Style) string {
	key := [2]string{kind, glyph}
	if s, ok := c.painted[key]; ok {
		return s
	}
	s := st.Render(glyph)
	c.painted[key] = s
	return s
}

// gutterWidth fits the longest label, a family's or a row's, and a gap.
func gutterWidth() int {
	w := ansi.StringWidth("Mood 1–5")
	for _, f := range prompts.Families {
		w = max(w, ansi.StringWidth(f.Label))
	}
	return w + 2
}

// label is the gutter: a right-aligned name and a gap.
func (c *chart) label(s string) string {
	pad := max(0, c.gutter-2-ansi.StringWidth(s))
	return c.st.Label.Render(strings.Repeat(" ", pad)+s) + "  "
}

// title says what the pictures cover: the entries in the weeks shown, and
// the whole diary's if that is more.
func (c *chart) title() string {
	in := 0
	for _, w := range c.weeks {
		in += w.Entries
	}
	s := fmt.Sprintf("Insights · %s in the last %s", plural(in, "entry", "entries"), plural(len(c.weeks), "week", "weeks"))
	if c.r.Total != in {
		s += fmt.Sprintf(" · %d in all", c.r.Total)
	}
	return c.st.Title.Render(s)
}

// cutNote says when the width shows fewer weeks than there are, so the
// title's count is never mistaken for all there is.
func (c *chart) cutNote() string {
	if all := max(c.r.Span, len(c.r.Weeks)); len(c.weeks) < all {
		return fmt.Sprintf("The last %d of %d weeks fit this width; a wider window shows more.", len(c.weeks), all)
	}
	return ""
}

// sentence wraps a plain sentence to the width, in the note style.
func (c *chart) sentence(s string) []string {
	wrapped := lipgloss.NewStyle().Width(max(c.width, 1)).Render(s)
	var out []string
	for _, l := range strings.Split(wrapped, "\n") {
		out = append(out, c.st.Note.Render(strings.TrimRight(l, " ")))
	}
	return out
}

// legendRows name each theme beside its glyph, wrapping if the terminal is
// narrow.
func (c *chart) legendRows() []string {
	var rows []string
	gutter := c.gutter
	row, used := c.label("Per week"), gutter
	for _, t := range insights.Themes() {
		name := themeLabel(t)
		w := 2 + ansi.StringWidth(name)
		if used+w > c.width && used > gutter {
			rows = append(rows, strings.TrimRight(row, " "))
			row, used = strings.Repeat(" ", gutter), gutter
		}
		if used > gutter {
			row += " "
			used++
		}
		row += c.st.theme(t).Render(themeGlyph(t)) + " " + c.st.Label.Render(name)
		used += w
	}
	return append(rows, row)
}

// bars draws one stacked column per week, themes bottom to top in Themes
// order, scaled so the busiest week fills the height.
func (c *chart) bars(rows int) []string {
	themes := insights.Themes()
	peak := 1
	for _, w := range c.weeks {
		peak = max(peak, w.Entries)
	}
	cols := make([][]string, len(c.weeks)) // per column, the theme at each level from the bottom
	for i, w := range c.weeks {
		if w.Entries == 0 {
			continue
		}
		h := max(1, int(math.Round(float64(w.Entries)*float64(rows)/float64(peak))))
		cum := 0
		for _, t := range themes {
			from := int(math.Round(float64(cum) * float64(h) / float64(w.Entries)))
			cum += w.Themes[t]
			to := int(math.Round(float64(cum) * float64(h) / float64(w.Entries)))
			for range to - from {
				cols[i] = append(cols[i], t)
			}
		}
	}
	out := make([]string, rows)
	for r := range rows {
		level := rows - r // 1-based from the bottom
		yl := ""
		switch {
		case r == 0:
			yl = fmt.Sprint(peak)
		case rows >= 6 && level == (rows+1)/2 && peak >= 4:
			yl = fmt.Sprint(int(math.Round(float64(peak) * float64(level) / float64(rows))))
		}
		var b strings.Builder
		b.WriteString(c.st.Axis.Render(fmt.Sprintf("%*s │", c.gutter-3, yl)))
		b.WriteByte(' ')
		for _, col := range cols {
			if level <= len(col) {
				t := col[level-1]
				b.WriteString(c.paint("theme:"+t, themeGlyph(t), c.st.theme(t)))
			} else {
				b.WriteByte(' ')
			}
			b.WriteByte(' ')
		}
		out[r] = b.String()
	}
	return out
}

func (c *chart) axis() string {
	return c.st.Axis.Render(fmt.Sprintf("%*s └", c.gutter-3, "0") + strings.Repeat("─", len(c.weeks)*colWidth))
}

// months labels the week columns where a month begins. The first column
// is named by its month even mid-month, unless that would crowd out the
// next month's start.
func (c *chart) months() string {
	line := []rune(strings.Repeat(" ", len(c.weeks)*colWidth))
	next, provisional := 0, false
	for i, w := range c.weeks {
		end := w.Start.AddDate(0, 0, 6)
		starts := w.Start.Day() == 1 || end.Month() != w.Start.Month()
		name := end.Format("Jan")
		if i == 0 && !starts {
			name = w.Start.Format("Jan")
		}
		if !starts && i != 0 || i*colWidth+3 > len(line) {
			continue
		}
		if i*colWidth < next {
			if !provisional {
				continue
			}
			copy(line, []rune("   ")) // a month's start matters more
		}
		copy(line[i*colWidth:], []rune(name))
		next, provisional = i*colWidth+4, i == 0 && !starts
	}
	return strings.Repeat(" ", c.gutter) + c.st.Label.Render(strings.TrimRight(string(line), " "))
}

// moodGlyph draws an average mood from 1 (lowest) to 5 (highest).
func moodGlyph(mood float64) string {
	i := int(math.Round((mood - 1) / 4 * float64(len(sparkGlyphs)-1)))
	return string(sparkGlyphs[min(max(i, 0), len(sparkGlyphs)-1)])
}

// mood is a sparkline of each week's average mood; a dot where none was
// recorded, so an empty week never looks like a low one.
func (c *chart) mood() string {
	var b strings.Builder
	b.WriteString(c.label("Mood 1–5"))
	for _, w := range c.weeks {
		if w.Moods == 0 {
			b.WriteString(c.paint("muted", "·", c.st.Muted))
		} else {
			b.WriteString(c.paint("mood", moodGlyph(w.Mood), c.st.Mood))
		}
		b.WriteByte(' ')
	}
	return strings.TrimRight(b.String(), " ")
}

// incidents counts, week by week, the entries written after something
// happened on shift: a digit, "+" for ten or more, a dot for none.
func (c *chart) incidents() string {
	var b strings.Builder
	b.WriteString(c.label("Incidents"))
	for _, w := range c.weeks {
		switch n := w.Incidents; {
		case n == 0:
			b.WriteString(c.paint("muted", "·", c.st.Muted))
		case n > 9:
			b.WriteString(c.paint("incident", "+", c.st.Incident))
		default:
			b.WriteString(c.paint("incident", fmt.Sprint(n), c.st.Incident))
		}
		b.WriteByte(' ')
	}
	return strings.TrimRight(b.String(), " ")
}

// stages draws the stage timeline under the weeks, each stretch named.
func (c *chart) stages() string {
	if len(c.r.Stages) == 0 {
		return c.label("Stage") + c.st.Muted.Render("not set")
	}
	per := make([]diary.Stage, len(c.weeks))
	for i, w := range c.weeks {
		end := w.Start.AddDate(0, 0, 7).Add(-time.Nanosecond)
		if end.After(c.r.Now) {
			end = c.r.Now
		}
		per[i] = c.r.StageAt(end)
	}
	var b strings.Builder
	b.WriteString(c.label("Stage"))
	for i := 0; i < len(per); {
		j := i
		for j < len(per) && per[j] == per[i] {
			j++
		}
		cells := (j - i) * colWidth
		if per[i] == "" {
			b.WriteString(c.st.Muted.Render(strings.Repeat(" ", cells)))
		} else {
			name := string(per[i])
			if len(name)+1 > cells {
				name = name[:max(0, cells-1)]
			}
			seg := name + strings.Repeat("━", cells-len(name)-1) + " "
			if cells-len(name)-1 < 0 {
				seg = name
			}
			b.WriteString(c.st.stage(per[i]).Render(seg))
		}
		i = j
	}
	return strings.TrimRight(b.String(), " ")
}

// themeHeat is a heat map of each family week by week, the picture of what
// has gone quiet.
func (c *chart) themeHeat() []string {
	out := []string{c.label("Themes") + c.shadeLegend(themeScale)}
	for _, fam := range prompts.FamilyIDs() {
		var b strings.Builder
		b.WriteString(c.label(prompts.FamilyLabel(fam)))
		for _, w := range c.weeks {
			level := themeScale.level(w.Themes[fam])
			if level == 0 {
				b.WriteString(c.paint("muted", heatGlyphs[0], c.st.Muted))
			} else {
				b.WriteString(c.paint("theme:"+fam, heatGlyphs[level], c.st.theme(fam)))
			}
			b.WriteByte(' ')
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// familyTable is a row per family over the weeks shown: how many entries
// were about it, the mood recorded with them, and what within it was
// written about most.
func (c *chart) familyTable() []string {
	const entriesW, moodW = 7, 8
	head := strings.Repeat(" ", c.gutter) + c.st.Label.Render(fmt.Sprintf("%*s  %-*s%s", entriesW, "entries", moodW, "mood", "most about"))
	out := []string{head}
	for _, d := range c.r.Families {
		var b strings.Builder
		b.WriteString(c.label(prompts.FamilyLabel(d.Family)))
		b.WriteString(fmt.Sprintf("%*d  ", entriesW, d.Entries))
		if d.Moods == 0 {
			b.WriteString(c.st.Muted.Render(fmt.Sprintf("%-*s", moodW, "·")))
		} else {
			b.WriteString(c.st.Mood.Render(moodGlyph(d.Mood)) + fmt.Sprintf(" %-*.1f", moodW-2, d.Mood))
		}
		room := c.width - c.gutter - entriesW - 2 - moodW
		b.WriteString(c.subthemeList(d.Subthemes, room))
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// subthemeList names the subthemes most written about, as many as fit in
// room cells, and how many more there are.
func (c *chart) subthemeList(subs []insights.SubthemeCount, room int) string {
	if len(subs) == 0 {
		return c.st.Muted.Render("·")
	}
	var parts []string
	used := 0
	for i, s := range subs {
		part := fmt.Sprintf("%s %d", sanitizeLine(s.Label), s.Entries) // a tag's, from the entry
		more := ""
		if rest := len(subs) - i - 1; rest > 0 {
			more = fmt.Sprintf(" · +%d more", rest)
		}
		w := ansi.StringWidth(part)
		if len(parts) > 0 {
			w += 3
		}
		if used+w+ansi.StringWidth(more) > room && len(parts) > 0 || i == 3 {
			parts = append(parts, fmt.Sprintf("+%d more", len(subs)-i))
			break
		}
		parts = append(parts, part)
		used += w
	}
	return c.st.Note.Render(strings.Join(parts, " · "))
}

// scale maps a count to a heat level, 0 to 3, and names each level.
type scale struct {
	from  [4]int // the lowest count at each level
	names [4]string
}

func (s scale) level(n int) int {
	l := 0
	for i, f := range s.from {
		if n >= f {
			l = i
		}
	}
	return l
}

var (
	// dayScale counts entries a day.
	dayScale = scale{from: [4]int{0, 1, 2, 3}, names: [4]string{"none", "1", "2", "3+"}}
	// themeScale counts a family's entries a week.
	themeScale = scale{from: [4]int{0, 1, 2, 4}, names: [4]string{"none", "1", "2–3", "4+"}}
)

// shadeLegend names each shade of a heat map.
func (c *chart) shadeLegend(s scale) string {
	items := make([]string, len(heatGlyphs))
	for i, g := range heatGlyphs {
		items[i] = c.st.Heat[i].Render(g) + " " + c.st.Label.Render(s.names[i])
	}
	return strings.Join(items, "  ")
}

// calendar is a heat map of days written: a row per weekday, a column per
// week, denser glyphs for more entries.
func (c *chart) calendar() []string {
	out := []string{c.label("Days") + c.shadeLegend(dayScale)}
	counts := map[string]int{}
	for _, d := range c.r.Days {
		counts[d.Date] = d.Entries
	}
	today := diary.StartOfDay(c.r.Now)
	for wd := range 7 {
		var b strings.Builder
		b.WriteString(c.label(c.weeks[0].Start.AddDate(0, 0, wd).Format("Mon")))
		for _, w := range c.weeks {
			day := w.Start.AddDate(0, 0, wd)
			if day.After(today) {
				b.WriteString("  ")
				continue
			}
			level := dayScale.level(counts[day.Format(time.DateOnly)])
			b.WriteString(c.paint("heat", heatGlyphs[level], c.st.Heat[level]))
			b.WriteByte(' ')
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// lookBackLines are "on this day": what was written a month and a year
// ago, named by family, prompt and mood, never by its text.
func (c *chart) lookBackLines(roomy bool) []string {
	out := []string{c.st.Label.Render("On this day")}
	var first time.Time
	if c.r.First != nil {
		first = diary.StartOfDay(*c.r.First)
	}
	for _, lb := range c.r.LookBack {
		day, _ := time.ParseInLocation(time.DateOnly, lb.Date, c.r.Now.Location())
		when := capital(lb.Label)
		switch {
		case len(lb.Entries) == 0 && (first.IsZero() || day.Before(first.AddDate(0, 0, -3))):
			out = append(out, c.sentence("  "+when+": before your first entry.")...)
			continue
		case len(lb.Entries) == 0:
			out = append(out, c.sentence(fmt.Sprintf("  %s: nothing written around %s.", when, c.day(day)))...)
			continue
		case lb.Near:
			when = "Around " + lb.Label
		}
		out = append(out, c.st.Note.Render(fmt.Sprintf("  %s, %s:", when, c.day(day))))
		for i, e := range lb.Entries {
			if i == maxLookOne {
				out = append(out, c.st.Note.Render(fmt.Sprintf("    and %d more", len(lb.Entries)-i)))
				break
			}
			out = append(out, c.lookBackEntry(e, roomy)...)
		}
	}
	return out
}

// lookBackEntry names one entry: time, family, mood and length (and on the
// command line its id), then the prompt it answered, on a line of its own
// when roomy, else beside the rest if it fits; the prompt is cut to fit.
func (c *chart) lookBackEntry(e insights.LookBackEntry, roomy bool) []string {
	parts := []string{"    " + e.Created.Format("15:04")}
	if e.Family != "" { // a hand-made entry's header may name any family
		parts = append(parts, sanitizeLine(prompts.FamilyLabel(e.Family)))
	} else {
		parts = append(parts, "free writing")
	}
	if e.Mood >= 1 && e.Mood <= 5 {
		parts = append(parts, fmt.Sprintf("mood %d", e.Mood))
	}
	parts = append(parts, plural(e.Words, "word", "words"))
	if c.ids {
		parts = append(parts, "id "+shortID(e.ID))
	}
	line := strings.Join(parts, " · ")
	if e.Prompt == "" {
		return []string{c.st.Note.Render(line)}
	}
	prompt := sanitizeLine(e.Prompt)
	quote := func(room int) string { return "“" + ansi.Truncate(prompt, max(room, 1), "…") + "”" }
	if roomy {
		return []string{c.st.Note.Render(line), c.st.Muted.Render("      " + quote(c.width-8))}
	}
	if room := c.width - ansi.StringWidth(line) - 5; room >= 12 {
		line += " · " + quote(room)
	}
	return []string{c.st.Note.Render(line)}
}

// day names a day: "Fri 23 Oct", with the year if it is not this one.
func (c *chart) day(t time.Time) string {
	if t.Year() == c.r.Now.Year() {
		return t.Format("Mon 2 Jan")
	}
	return t.Format("Mon 2 Jan 2006")
}

func (c *chart) streakLine() string {
	if c.r.Last == nil {
		return "No entries yet. These pictures fill in as you write."
	}
	last := "Last entry " + c.when(*c.r.Last) + "."
	s := c.r.Streak
	if s == nil {
		return last
	}
	cur := "none right now"
	if s.Current > 0 {
		cur = plural(s.Current, "day", "days") + " in a row"
	}
	return fmt.Sprintf("Writing streak: %s (longest %s). %s", cur, plural(s.Longest, "day", "days"), last)
}

func (c *chart) when(t time.Time) string {
	today := diary.StartOfDay(c.r.Now)
	switch diary.StartOfDay(t) {
	case today:
		return "today"
	case today.AddDate(0, 0, -1):
		return "yesterday"
	}
	if t.Year() == today.Year() {
		return t.Format("2 Jan")
	}
	return t.Format("2 Jan 2006")
}

func (c *chart) quietLines() []string {
	var out []string
	for _, g := range c.r.Themes {
		if g.Quiet {
			out = append(out, g.Line)
		}
	}
	return out[:min(len(out), maxQuiet)]
}

// summaryLines are the sentences alone, for a terminal too small to draw
// in.
func summaryLines(r *insights.Report) []string {
	c := &chart{r: r, st: PlainStyles(), width: 1 << 10, painted: map[[2]string]string{}}
	lines := []string{fmt.Sprintf("Insights · %s", plural(r.Total, "entry", "entries")), c.streakLine()}
	return append(lines, c.quietLines()...)
}

// fit cuts lines to the width and the list to the height.
func fit(lines []string, width, height int) string {
	if len(lines) > height {
		lines = lines[:max(0, height)]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// trimBlank drops trailing blank lines.
func trimBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[len(lines)-1])) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func capital(s string) string {
	r := []rune(s)
	if len(r) > 0 && r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// shortID is the start of an id, enough for `peerdiary show`.
func shortID(id string) string { return id[:min(len(id), 8)] }
