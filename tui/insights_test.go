package tui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
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
			m, _ = step(t, m, press("i"))
			if m.Screen() != "insights" {
				t.Fatalf("i on Today: screen %s", m.Screen())
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
	p, reason, ok := m.rotation.Today(c.Now(), m.catalog)
	if !ok || !strings.Contains(p.ID, ".") || reason == "" {
		t.Fatalf("prompt %+v, reason %q: not from the library", p, reason)
	}
	again, _, _ := m.rotation.Today(c.Now(), m.catalog)
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

// The insights come in three pages, turned with tab and shift+tab (or the
// arrows, or 1–3): at 80x24 every picture is on one of them, the themes
// week by week included, and none shows entry text.
func TestInsightsPages(t *testing.T) {
	pages := []struct {
		name  string
		wants []string
	}{
		{"weeks", []string{"[Weeks]", "Per week", "Mood 1–5", "Incidents", "Stage"}},
		{"themes", []string{"[Themes]", "  transitions  ", "role friction  ", "relationships  ", "care  ", "most about"}},
		{"days", []string{"[Days]", "Mon  ", "Sun  ", "On this day", "Writing streak"}},
	}
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, size.w, size.h), "right passphrase")
			m, _ = step(t, m, press("i"))
			for i, p := range pages {
				t.Run(p.name, func(t *testing.T) {
					checkFrame(t, m, size.w)
					v := view(m)
					for _, want := range p.wants {
						if !strings.Contains(v, want) {
							t.Errorf("the %s page lacks %q:\n%s", p.name, want, v)
						}
					}
					if p.name == "themes" && !strings.Contains(v, "Themes  · none") {
						t.Errorf("the themes heat map is missing:\n%s", v)
					}
					for _, secret := range []string{"lunch break", "drop-in", "Naloxone", "Debrief with R.", "sleep better"} {
						if strings.Contains(v, secret) {
							t.Errorf("the %s page shows entry text %q", p.name, secret)
						}
					}
				})
				if i < len(pages)-1 {
					m, _ = step(t, m, press("tab"))
				}
			}
			m, _ = step(t, m, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
			if v := view(m); !strings.Contains(v, "[Themes]") {
				t.Errorf("shift+tab from Days did not go back to Themes:\n%s", v)
			}
			m, _ = step(t, m, press("1"))
			if v := view(m); !strings.Contains(v, "[Weeks]") {
				t.Errorf("1 did not go to Weeks")
			}
			m, _ = step(t, m, tea.KeyPressMsg{Code: tea.KeyLeft})
			if v := view(m); !strings.Contains(v, "[Days]") {
				t.Errorf("← from Weeks did not wrap round to Days")
			}
		})
	}
}

// At 120 columns the pictures sit in the middle of the terminal, as the
// other screens do: the widest page has as much room on its left as on its
// right, and the others start at the same column.
func TestInsightsCentred(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 120, 40), "right passphrase")
	m, _ = step(t, m, press("i"))
	left, right := 1<<20, 1<<20
	for range 3 {
		body := strings.Split(view(m), "\n")
		body = body[:len(body)-2] // the status line and the hints
		for _, l := range body {
			if strings.TrimSpace(l) == "" {
				continue
			}
			left = min(left, len(l)-len(strings.TrimLeft(l, " ")))
			right = min(right, 120-ansi.StringWidth(strings.TrimRight(l, " ")))
		}
		m, _ = step(t, m, press("tab"))
	}
	if d := left - right; d < -2 || d > 2 {
		t.Errorf("the pictures are %d cells from the left and at least %d from the right", left, right)
	}
}

// Turning a page leaves the pictures where they were: every page starts
// at the same column.
func TestInsightsPagesDoNotShift(t *testing.T) {
	for _, size := range sizes {
		c := newClock()
		m := unlocked(t, newFakeModel(t, sampleFake(c), c, size.w, size.h), "right passphrase")
		m, _ = step(t, m, press("i"))
		col := -1
		for range 3 {
			first := strings.Split(view(m), "\n")[0] // the line naming the pages
			at := strings.Index(first, "Weeks") - 1
			if col >= 0 && at != col {
				t.Errorf("%dx%d: the pages' line moved from column %d to %d", size.w, size.h, col, at)
			}
			col = at
			m, _ = step(t, m, press("tab"))
		}
	}
}

// With the streak turned off in the diary's settings, no screen counts
// days in a row: not Today, not the insights.
func TestStreakOff(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	if v := view(m); !strings.Contains(v, "days in a row") {
		t.Fatalf("with the streak on, Today should count the days in a row:\n%s", v)
	}
	m.settings = &diary.Settings{HideStreak: true}
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if v := view(m); strings.Contains(v, "in a row") || !strings.Contains(v, "Last entry today") {
		t.Errorf("Today with the streak off:\n%s", v)
	}
	m, _ = step(t, m, press("i"))
	m, _ = step(t, m, press("3"))
	if v := view(m); strings.Contains(v, "streak") || strings.Contains(v, "in a row") || !strings.Contains(v, "Last entry today.") {
		t.Errorf("the Days page with the streak off:\n%s", v)
	}
}

// checkInFake is a store that keeps shift-end check-ins.
type checkInFake struct {
	*fakeStore
	list  []diary.CheckIn
	reads int
}

func (c *checkInFake) CheckIns() ([]diary.CheckIn, error) {
	c.reads++
	return c.list, nil
}

// The insights read the shift-end check-ins when they open, in a command
// rather than in Update: a check-in's mood joins the week's, and "something
// happened" counts an incident day. Locking forgets them.
func TestInsightsDrawOnCheckIns(t *testing.T) {
	c := newClock()
	f := &checkInFake{fakeStore: sampleFake(c), list: []diary.CheckIn{
		{At: fixedNow.Add(-2 * time.Hour), Mood: 1, Happened: true},
	}}
	m := newModel(deps{store: f, now: c.Now, dir: f.Path()})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = unlocked(t, m, "right passphrase")
	loaded := f.reads // the unlock's own command reads them for Today
	m, cmd := step(t, m, press("i"))
	if f.reads != loaded || cmd == nil {
		t.Fatalf("opening insights: %d reads in Update, command %v", f.reads-loaded, cmd)
	}
	before := view(m)
	m, _ = feed[routedMsg](t, m, cmd)
	after := view(m)
	if f.reads != loaded+1 || !strings.Contains(after, "Incidents  · · · · · 1") || strings.Contains(before, "Incidents  · · · · · 1") {
		t.Errorf("the check-in's incident is not drawn:\nbefore\n%s\nafter\n%s", before, after)
	}
	m, _ = step(t, m, press("ctrl+l"))
	if got := m.screens[screenInsights].(*insightsScreen).checkIns; got != nil {
		t.Errorf("the check-ins outlived the lock: %v", got)
	}
}
