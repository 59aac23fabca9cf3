package insights

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

func TestRenderGolden(t *testing.T) {
	entries, settings := sampleDiary()
	r := Compute(entries, Options{Now: now, Settings: settings})
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
