// Package chart draws insights (package diary/insights) as terminal
// pictures: a stacked bar of themes per week, a mood sparkline, the stage
// timeline, calendar and theme heat maps, and a few plain sentences. Every
// distinction a colour makes is also made by a glyph or a label, so the
// pictures read the same without colour. The full-screen diary and
// `peerdiary insights` both draw with it.
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

// Layout: a label gutter, then one column per week, two cells wide (a glyph
// and a gap), shared by every picture so they line up week by week.
const (
	colWidth   = 2
	minBarRows = 3
	maxBarRows = 12
	maxQuiet   = 4 // one line per family at most
)

// Render draws the report as terminal pictures fitting width × height:
// a stacked bar of themes per week, a mood sparkline, the stage timeline,
// a calendar heat map and a few plain sentences. Every line fits the width
// and there are at most height lines. Themes, levels and stages are told
// apart by glyphs and labels as well as colour.
func Render(r *insights.Report, width, height int, st Styles) string {
	gutter := gutterWidth()
	if width < gutter+colWidth*4 || height < 4 {
		return fit(summaryLines(r), width, height)
	}
	n := min(len(r.Weeks), (width-gutter)/colWidth)
	weeks := r.Weeks[len(r.Weeks)-n:]
	c := &chart{r: r, weeks: weeks, width: width, gutter: gutter, st: st, painted: map[[2]string]string{}}

	quiet := c.quietLines()
	legend := c.legendRows()
	// Fixed rows: title, bars' legend, axis and months, mood, stage, the
	// calendar's header and seven days, the streak line.
	fixed := 1 + len(legend) + 2 + 1 + 1 + 8 + 1
	showCalendar := height-fixed-len(quiet) >= minBarRows
	if !showCalendar {
		fixed -= 8
	}
	spare := height - fixed
	q := min(len(quiet), max(0, spare-minBarRows))
	bars := spare - q
	// The per-theme heat map only when the bars keep a useful height.
	themeRows := 1 + len(prompts.Families) // a caption and a row per family
	showThemes := showCalendar && bars-themeRows >= 6
	if showThemes {
		bars -= themeRows
	}
	blanks := 0
	if bars > 5 {
		blanks = min(3, bars-5)
	}
	bars = min(maxBarRows, max(minBarRows, bars-blanks))

	var lines []string
	lines = append(lines, c.title())
	if blanks > 0 {
		lines = append(lines, "")
	}
	lines = append(lines, legend...)
	lines = append(lines, c.bars(bars)...)
	lines = append(lines, c.axis(), c.months(), c.mood(), c.stages())
	if showCalendar {
		if blanks > 1 {
			lines = append(lines, "")
		}
		lines = append(lines, c.calendar()...)
	}
	if showThemes {
		lines = append(lines, c.themes()...)
	}
	if blanks > 2 {
		lines = append(lines, "")
	}
	lines = append(lines, st.Note.Render(c.streakLine()))
	for _, l := range quiet[:q] {
		lines = append(lines, st.Note.Render(l))
	}
	return fit(lines, width, height)
}

type chart struct {
	r      *insights.Report
	weeks  []insights.Week
	width  int
	gutter int
	st     Styles
	// painted memoises styled glyphs: a year of cells is thousands of them,
	// and styling each afresh is most of the drawing time.
	painted map[[2]string]string
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

func (c *chart) title() string {
	in := 0
	for _, w := range c.weeks {
		in += w.Entries
	}
	s := fmt.Sprintf("Insights · %s in the last %d weeks", plural(in, "entry", "entries"), len(c.weeks))
	if c.r.Total != in {
		s += fmt.Sprintf(" · %d in all", c.r.Total)
	}
	return c.st.Title.Render(s)
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
		for _, t := range insights.Themes() {
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

// months labels the week columns where a month begins.
func (c *chart) months() string {
	line := []rune(strings.Repeat(" ", len(c.weeks)*colWidth))
	next := 0
	for i, w := range c.weeks {
		end := w.Start.AddDate(0, 0, 6)
		starts := w.Start.Day() == 1 || end.Month() != w.Start.Month()
		name := end.Format("Jan")
		if i == 0 && !starts {
			name = w.Start.Format("Jan")
		}
		if (starts || i == 0) && i*colWidth >= next && i*colWidth+3 <= len(line) {
			copy(line[i*colWidth:], []rune(name))
			next = i*colWidth + 4
		}
	}
	return strings.Repeat(" ", c.gutter) + c.st.Label.Render(strings.TrimRight(string(line), " "))
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
			i := int(math.Round((w.Mood - 1) / 4 * float64(len(sparkGlyphs)-1)))
			i = min(max(i, 0), len(sparkGlyphs)-1)
			b.WriteString(c.paint("mood", string(sparkGlyphs[i]), c.st.Mood))
		}
		b.WriteByte(' ')
	}
	return b.String()
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

// themes is a heat map of each family week by week, the picture of what has
// gone quiet.
func (c *chart) themes() []string {
	out := []string{c.label("Themes") + c.shadeLegend()}
	for _, fam := range prompts.FamilyIDs() {
		var b strings.Builder
		b.WriteString(c.label(prompts.FamilyLabel(fam)))
		for _, w := range c.weeks {
			level := min(w.Themes[fam], len(heatGlyphs)-1)
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

// shadeLegend names each shade of the heat maps.
func (c *chart) shadeLegend() string {
	items := make([]string, len(heatGlyphs))
	for i, g := range heatGlyphs {
		n := fmt.Sprint(i)
		if i == 0 {
			n = "none"
		} else if i == len(heatGlyphs)-1 {
			n += "+"
		}
		items[i] = c.st.Heat[i].Render(g) + " " + c.st.Label.Render(n)
	}
	return strings.Join(items, "  ")
}

// calendar is a heat map of days written: a row per weekday, a column per
// week, darker glyphs for more entries.
func (c *chart) calendar() []string {
	out := []string{c.label("Days") + c.shadeLegend()}
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
			level := min(counts[day.Format(time.DateOnly)], len(heatGlyphs)-1)
			b.WriteString(c.paint("heat", heatGlyphs[level], c.st.Heat[level]))
			b.WriteByte(' ')
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

func (c *chart) streakLine() string {
	s := c.r.Streak
	if s.Last == nil {
		return "No entries yet. These pictures fill in as you write."
	}
	cur := "none right now"
	if s.Current > 0 {
		cur = plural(s.Current, "day", "days") + " in a row"
	}
	return fmt.Sprintf("Writing streak: %s (longest %s). Last entry %s.", cur, plural(s.Longest, "day", "days"), c.when(*s.Last))
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
	c := &chart{r: r, st: PlainStyles(), painted: map[[2]string]string{}}
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

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
