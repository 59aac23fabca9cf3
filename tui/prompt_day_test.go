package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// TestPromptOfTheDayStaysAllDay: the prompt offered at the first-run setup
// is the one the Today screen offers after a restart later that day, and
// the one `peerdiary prompts today` prints (prompts.Today is what the
// command line calls), in the worker's time zone, wherever that is.
func TestPromptOfTheDayStaysAllDay(t *testing.T) {
	for _, zone := range []string{"UTC", "Pacific/Kiritimati", "America/Adak"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Skip("no time zone data:", err)
			}
			c := &clock{t: time.Date(2026, 11, 23, 7, 5, 0, 0, loc)}
			dir := filepath.Join(t.TempDir(), "diary")
			const pass = "four unrelated words here"
			create := func(dir string, p []byte) (diaryStore, error) {
				return diary.Create(dir, p, false, diary.Options{Now: c.Now})
			}

			// First run: setup goes straight to writing on today's prompt.
			m := newModel(deps{dir: dir, create: create, now: c.Now})
			m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
			m, _ = step(t, m, press("enter"))
			m = typeText(t, m, pass)
			m, _ = step(t, m, press("enter"))
			m = typeText(t, m, pass)
			m, cmd := step(t, m, press("enter"))
			m, _ = feed[createdMsg](t, m, cmd)
			m, _ = step(t, m, press("enter")) // the stage question, skipped
			if m.Screen() != "write" || m.write().prompt == nil {
				t.Fatalf("after setup: screen %s, prompt %v", m.Screen(), m.write().prompt)
			}
			first := *m.write().prompt
			// The worker answers it and quits.
			m = typeText(t, m, "A first entry.")
			m, cmd = step(t, m, press("ctrl+s"))
			m, _ = feed[savedMsg](t, m, cmd)
			m.store.(*diary.Store).Close()

			// Late the same evening, a restart: the Today screen offers the
			// same prompt, and writing on it answers the same prompt.
			c.t = time.Date(2026, 11, 23, 22, 40, 0, 0, loc)
			s, err := diary.Open(dir, diary.Options{Now: c.Now})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			m = newModel(deps{store: s, dir: dir, now: c.Now})
			m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
			m = typeText(t, m, pass)
			m, cmd = step(t, m, press("enter"))
			m, cmd = feed[unlockedMsg](t, m, cmd)
			m, _ = feed[loadedMsg](t, m, cmd)
			if m.Screen() != "today" {
				t.Fatalf("after unlock the screen is %s", m.Screen())
			}
			if v := view(m); !strings.Contains(strings.Join(strings.Fields(v), " "), first.Text) {
				t.Errorf("after a restart the Today screen does not offer %q:\n%s", first.Text, v)
			}
			m, _ = step(t, m, press("w"))
			if m.write().prompt == nil || m.write().prompt.ID != first.ID {
				t.Errorf("writing on today's prompt after a restart answers %v, want %s", m.write().prompt, first.ID)
			}

			// The command line's prompt of the day, that night.
			cat, err := s.Load(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			settings, _ := s.Settings()
			lib, _, err := prompts.LoadLibrary(s)
			if err != nil {
				t.Fatal(err)
			}
			choice, err := prompts.Today(s, lib, prompts.Day{History: cat.Entries, Settings: settings, Now: time.Date(2026, 11, 23, 23, 59, 0, 0, loc)})
			if err != nil {
				t.Fatal(err)
			}
			if choice.Prompt.ID != first.ID {
				t.Errorf("peerdiary prompts today says %s; setup offered %s", choice.Prompt.ID, first.ID)
			}
		})
	}
}
