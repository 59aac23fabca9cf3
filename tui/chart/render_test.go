package chart

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"peerdiary/diary/insights"
	"peerdiary/diary/insights/insightstest"
)

var now = insightstest.Now

func TestRenderGolden(t *testing.T) {
	entries, settings := insightstest.SampleDiary()
	r := insights.Compute(entries, insights.Options{Now: now, Settings: settings})
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		for _, dark := range []bool{true, false} {
			name := fmt.Sprintf("%dx%d-dark=%v", size.w, size.h, dark)
			t.Run(name, func(t *testing.T) {
				out := Render(r, size.w, size.h, DefaultStyles(dark))
				plain := ansi.Strip(out)
				checkFits(t, plain, size.w, size.h)
				if dark { // the light golden would be identical once stripped
					golden.RequireEqual(t, plain)
				}
			})
		}
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
	full, st := insightstest.SampleDiary()
	reports := []*insights.Report{insights.Compute(full, insights.Options{Now: now, Settings: st}), insights.Compute(nil, insights.Options{Now: now})}
	for _, r := range reports {
		for _, w := range []int{1, 10, 25, 40, 60, 80, 100, 120, 200} {
			for _, h := range []int{1, 3, 8, 12, 16, 20, 24, 30, 40, 60} {
				out := ansi.Strip(Render(r, w, h, DefaultStyles(true)))
				lines := strings.Split(out, "\n")
				if len(lines) > h {
					t.Errorf("%dx%d: %d lines", w, h, len(lines))
				}
				for _, l := range lines {
					if ansi.StringWidth(l) > w {
						t.Errorf("%dx%d: line %q is %d wide", w, h, l, ansi.StringWidth(l))
						break
					}
				}
			}
		}
	}
	empty := ansi.Strip(Render(reports[1], 80, 24, PlainStyles()))
	if !strings.Contains(empty, "No entries yet") {
		t.Errorf("an empty diary's insights should say so:\n%s", empty)
	}
}

func BenchmarkComputeAndRender(b *testing.B) {
	es, st := insightstest.SampleDiary()
	for range 20 { // about 4,500 entries, years of writing
		es = append(es, es[:223]...)
	}
	b.ResetTimer()
	for b.Loop() {
		r := insights.Compute(es, insights.Options{Now: now, Settings: st})
		_ = Render(r, 120, 40, DefaultStyles(true))
	}
}
