package chart

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"peerdiary/diary"
	"peerdiary/diary/insights"
	"peerdiary/diary/insights/insightstest"
)

var now = insightstest.Now

var sizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// sample is the sample diary's report, fitted to width as the screen and
// the command line fit it; 0 for no fitting.
func sample(width int) *insights.Report {
	entries, settings := insightstest.SampleDiary()
	return insights.Compute(entries, insights.Options{Now: now, Settings: settings, Fit: fitFor(width)})
}

func fitFor(width int) int {
	if width == 0 {
		return 0
	}
	return FitWeeks(width)
}

// youngDiary is a diary begun yesterday: two entries, one with a mood.
func youngDiary(width int) *insights.Report {
	es := []diary.Summary{
		{ID: "b", Created: now.Add(-2 * time.Hour), Mood: 3, Prompt: &diary.PromptRef{ID: "care.hard-days.1", Family: "care", Subtheme: "hard-days"}},
		{ID: "a", Created: now.Add(-26 * time.Hour)},
	}
	return insights.Compute(es, insights.Options{Now: now, Fit: fitFor(width)})
}

// Each page at both sizes, as the full-screen diary draws it.
func TestRenderPageGolden(t *testing.T) {
	reports := map[string]func(int) *insights.Report{"sample": sample, "young": youngDiary}
	for name, report := range reports {
		for _, size := range sizes {
			r := report(size.w)
			for _, p := range Pages {
				t.Run(fmt.Sprintf("%s-%s-%dx%d", name, p, size.w, size.h), func(t *testing.T) {
					for _, dark := range []bool{true, false} {
						plain := ansi.Strip(RenderPage(r, p, size.w, size.h, DefaultStyles(dark)))
						checkFits(t, plain, size.w, size.h)
						if dark { // the light golden would be identical once stripped
							golden.RequireEqual(t, plain)
						}
					}
				})
			}
		}
	}
}

// Every page one after another, as `peerdiary insights` prints them.
func TestRenderGolden(t *testing.T) {
	for _, w := range []int{80, 120} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			plain := ansi.Strip(Render(sample(w), w, DefaultStyles(true)))
			checkFits(t, plain, w, 200)
			golden.RequireEqual(t, plain)
		})
	}
}

func checkFits(t *testing.T, plain string, w, h int) {
	t.Helper()
	lines := strings.Split(plain, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, the terminal has %d", len(lines), h)
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			t.Errorf("line %d is %d wide, the terminal %d: %q", i+1, ansi.StringWidth(l), w, l)
		}
	}
}

// Every size from tiny to large draws without a line too wide or too many
// lines, with and without entries.
func TestRenderFitsAnySize(t *testing.T) {
	reports := []*insights.Report{sample(0), youngDiary(0), insights.Compute(nil, insights.Options{Now: now})}
	for _, r := range reports {
		for _, w := range []int{1, 10, 25, 40, 60, 80, 100, 120, 200} {
			for _, p := range Pages {
				for _, h := range []int{1, 3, 8, 12, 16, 20, 24, 30, 40, 60} {
					checkFits(t, ansi.Strip(RenderPage(r, p, w, h, DefaultStyles(true))), w, h)
				}
			}
			checkFits(t, ansi.Strip(Render(r, w, DefaultStyles(true))), w, 500)
		}
	}
	empty := ansi.Strip(RenderPage(reports[2], Weeks, 80, 24, PlainStyles()))
	if !strings.Contains(empty, "No entries yet") {
		t.Errorf("an empty diary's insights should say so:\n%s", empty)
	}
}

// Without colour every picture still tells its marks apart: no page uses
// two glyphs that look alike in monochrome, such as a dark shade beside a
// full block.
func TestGlyphsReadWithoutColour(t *testing.T) {
	alike := [][2]string{{"▓", "█"}, {"▓", "▒"}}
	r := sample(120)
	for _, p := range Pages {
		out := ansi.Strip(RenderPage(r, p, 120, 40, PlainStyles()))
		for _, pair := range alike {
			if strings.Contains(out, pair[0]) && strings.Contains(out, pair[1]) {
				t.Errorf("the %s page uses both %s and %s, which look alike without colour", p, pair[0], pair[1])
			}
		}
	}
}

func BenchmarkComputeAndRender(b *testing.B) {
	es, st := insightstest.SampleDiary()
	for range 20 { // about 4,500 entries, years of writing
		es = append(es, es[:223]...)
	}
	b.ResetTimer()
	for b.Loop() {
		r := insights.Compute(es, insights.Options{Now: now, Settings: st, Fit: FitWeeks(120)})
		for _, p := range Pages {
			_ = RenderPage(r, p, 120, 40, DefaultStyles(true))
		}
	}
}

// A prompt's text comes from the entry's header, which a hand-made entry
// can fill with anything: the look back prints it inert, on one line,
// through the one sanitiser (escape sequences gone, a bidi override shown).
func TestLookBackPromptIsInert(t *testing.T) {
	month := now.AddDate(0, -1, 0)
	es := []diary.Summary{
		{ID: "x", Created: month, Prompt: &diary.PromptRef{ID: "p", Family: "care",
			Text: "\x1b]0;new title\x07How \x1b[31mwas\x1b[0m\nit\u202e?"}},
		{ID: "y", Created: month.Add(time.Minute), Prompt: &diary.PromptRef{ID: "q", Family: "\x1b]0;t\x07odd"},
			Tags: []string{"care/\x1b[2Jwiped"}},
	}
	r := insights.Compute(es, insights.Options{Now: now})
	for _, out := range []string{Render(r, 120, PlainStyles()), RenderPage(r, Days, 120, 40, PlainStyles()), RenderPage(r, Themes, 120, 40, PlainStyles())} {
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("control characters reached the terminal: %q", out)
		}
		if strings.Contains(out, "On this day") && !strings.Contains(out, "How was it⟨U+202E⟩?") {
			t.Errorf("the prompt is not shown on one line:\n%s", out)
		}
	}
}

// A busy day a month ago and a year ago still leaves the calendar and the
// streak on the Days page at 80x24: the look back gives way, prompts beside
// their entries first, then lines.
func TestDaysPageKeepsTheStreak(t *testing.T) {
	var es []diary.Summary
	for _, back := range []time.Time{now.AddDate(0, -1, 0), now.AddDate(-1, 0, 0)} {
		for i := range 5 {
			es = append(es, diary.Summary{ID: fmt.Sprint(back.Year(), i), Created: back.Add(time.Duration(i) * time.Minute), Mood: 3,
				Prompt: &diary.PromptRef{ID: "p", Family: "care", Text: "What made today hard? Put it down here so you don't have to carry all of it."}})
		}
	}
	es = append(es, diary.Summary{ID: "today", Created: now})
	r := insights.Compute(es, insights.Options{Now: now, Fit: FitWeeks(78)})
	for _, h := range []int{22, 18, 14} {
		out := ansi.Strip(RenderPage(r, Days, 78, h, PlainStyles()))
		checkFits(t, out, 78, h)
		for _, want := range []string{"Sun  ", "Writing streak"} {
			if !strings.Contains(out, want) {
				t.Errorf("height %d: the Days page lost %q:\n%s", h, want, out)
			}
		}
	}
	out := ansi.Strip(RenderPage(r, Days, 78, 22, PlainStyles()))
	for _, want := range []string{"A month ago", "A year ago", "and 2 more"} {
		if !strings.Contains(out, want) {
			t.Errorf("at 78x22 the look back lacks %q:\n%s", want, out)
		}
	}
}
