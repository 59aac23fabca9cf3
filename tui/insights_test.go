package tui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"peerdiary/diary"
)

// The insights screen: pictures at both sizes, no entry text, no disk or key
// access from Update, and back to Today with esc.
func TestInsightsScreen(t *testing.T) {
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			f := sampleFake(c)
			m := unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
			m.settings = &diary.Settings{Stages: []diary.StageChange{{Stage: diary.StageInto, Since: fixedNow.AddDate(0, -2, 0)}}}
			before := f.totalCalls()
			m, cmd := step(t, m, press("i"))
			if cmd != nil || m.Screen() != "insights" {
				t.Fatalf("i on Today: screen %s, command %v", m.Screen(), cmd)
			}
			if f.totalCalls() != before {
				t.Error("opening insights touched the store")
			}
			checkFrame(t, m, size.w)
			v := view(m)
			for _, want := range []string{"Insights · 5 entries", "Per week", "Mood", "Days", "Stage", "into━"} {
				if !strings.Contains(v, want) {
					t.Errorf("the insights screen lacks %q", want)
				}
			}
			for _, secret := range []string{"lunch break", "drop-in", "Naloxone", "Debrief with R."} {
				if strings.Contains(v, secret) {
					t.Errorf("the insights screen shows entry text %q", secret)
				}
			}
			m, _ = step(t, m, press("esc"))
			if m.Screen() != "today" {
				t.Errorf("esc went to %s, want today", m.Screen())
			}
		})
	}
}

// The Today screen's prompt comes from the research-grounded library and
// says why it was chosen.
func TestTodayPromptFromLibrary(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	p, reason := m.prompts.Today(c.Now(), m.catalog)
	if !strings.Contains(p.ID, ".") || reason == "" {
		t.Fatalf("prompt %+v, reason %q: not from the library", p, reason)
	}
	again, _ := m.prompts.Today(c.Now(), m.catalog)
	if again.ID != p.ID {
		t.Errorf("asked twice the same day: %s then %s", p.ID, again.ID)
	}
}

// TestTeatestInsights drives the real program loop at both sizes: unlock,
// open insights, quit. The golden is the final model's view.
func TestTeatestInsights(t *testing.T) {
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			f := sampleFake(c)
			tm := teatest.NewTestModel(t, newModel(deps{store: f, now: c.Now, dir: f.Path()}),
				teatest.WithInitialTermSize(size.w, size.h),
				teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithFilter(quitFilter)),
			)
			wait := func(s string) {
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) }, teatest.WithDuration(5*time.Second))
			}
			wait("locked")
			tm.Type("right passphrase")
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			wait("Recent writing")
			tm.Type("i")
			wait("Per week")
			tm.Type("q")
			fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
			if fm.Screen() != "insights" {
				t.Fatalf("final screen %s", fm.Screen())
			}
			checkFrame(t, fm, size.w) // line widths and height, then the golden
		})
	}
}
