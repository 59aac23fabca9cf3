package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"
)

func ansiWidth(s string) int { return xansi.StringWidth(s) }

func newFakeModel(t testing.TB, f *fakeStore, c *clock, w, h int) Model {
	t.Helper()
	m := newModel(deps{store: f, now: c.Now, dir: f.Path()})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// unlocked types the right passphrase and waits for the catalog.
func unlocked(t testing.TB, m Model, pass string) Model {
	t.Helper()
	m = listed(t, m, pass)
	// As loadTextCmd reports once the catalog's texts are read.
	m, _ = step(t, m, textReadyMsg{gen: m.catalogGen})
	return m
}

// listed unlocks and loads the catalog, as unlocked does, but leaves its
// texts unread: a search typed now waits for them.
func listed(t testing.TB, m Model, pass string) Model {
	t.Helper()
	m = typeText(t, m, pass)
	m, cmd := step(t, m, press("enter"))
	m, cmd = feed[unlockedMsg](t, m, cmd)
	m, _ = feed[loadedMsg](t, m, cmd)
	return m
}

func sampleFake(c *clock) *fakeStore {
	f := newFakeStore(c.Now)
	f.addEntry(0, "care", "# Took my lunch break\n\nSat outside on the bench behind the **drop-in**.\n\n- tea\n- quiet", "self-care")
	f.addEntry(1, "role-friction", "Someone I knew from before came in.\nI did what I do for everyone.", "boundaries")
	f.addEntry(2, "relationships", "Debrief with R. after the busy shift.")
	f.addEntry(4, "", "Naloxone refresher with the new starters.", "training")
	f.addEntry(9, "transitions", "Six months in. I sleep better now.", "growth")
	return f
}

func TestScreensGolden(t *testing.T) {
	screens := []struct {
		name string
		make func(t *testing.T, w, h int) Model
	}{
		{"setup-intro", func(t *testing.T, w, h int) Model {
			m := newModel(deps{dir: "/home/worker/.local/share/peerdiary", now: newClock().Now})
			m, _ = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			return m
		}},
		{"setup-passphrase", func(t *testing.T, w, h int) Model {
			m := newModel(deps{dir: "/home/worker/.local/share/peerdiary", now: newClock().Now})
			m, _ = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			m, _ = step(t, m, press("enter"))
			return typeText(t, m, "secret words")
		}},
		{"setup-too-short", func(t *testing.T, w, h int) Model {
			m := newModel(deps{dir: "/d", now: newClock().Now})
			m, _ = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			m, _ = step(t, m, press("enter"))
			m = typeText(t, m, "short")
			m, _ = step(t, m, press("enter"))
			return m
		}},
		{"setup-confirm", func(t *testing.T, w, h int) Model {
			m := newModel(deps{dir: "/d", now: newClock().Now})
			m, _ = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			m, _ = step(t, m, press("enter"))
			m = typeText(t, m, "four words long enough")
			m, _ = step(t, m, press("enter"))
			return m
		}},
		{"unlock", func(t *testing.T, w, h int) Model {
			return typeText(t, newFakeModel(t, sampleFake(newClock()), newClock(), w, h), "hidden")
		}},
		{"unlock-wrong", func(t *testing.T, w, h int) Model {
			m := newFakeModel(t, sampleFake(newClock()), newClock(), w, h)
			m = typeText(t, m, "wrong")
			m, cmd := step(t, m, press("enter"))
			m, _ = feed[unlockedMsg](t, m, cmd)
			return m
		}},
		{"unlock-working", func(t *testing.T, w, h int) Model {
			m := newFakeModel(t, sampleFake(newClock()), newClock(), w, h)
			m = typeText(t, m, "right passphrase")
			m, _ = step(t, m, press("enter"))
			return m
		}},
		{"today-empty", func(t *testing.T, w, h int) Model {
			c := newClock()
			return unlocked(t, newFakeModel(t, newFakeStore(c.Now), c, w, h), "right passphrase")
		}},
		{"today", func(t *testing.T, w, h int) Model {
			c := newClock()
			return unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
		}},
		{"today-draft", func(t *testing.T, w, h int) Model {
			c := newClock()
			f := sampleFake(c)
			f.SaveDraft(draftOf("Half a thought about the night shift"))
			return unlocked(t, newFakeModel(t, f, c, w, h), "right passphrase")
		}},
		{"today-discard", func(t *testing.T, w, h int) Model {
			c := newClock()
			f := sampleFake(c)
			f.SaveDraft(draftOf("Half a thought about the night shift"))
			m := unlocked(t, newFakeModel(t, f, c, w, h), "right passphrase")
			m, _ = step(t, m, press("x"))
			return m
		}},
		{"prompts", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("p"))
			m, _ = step(t, m, press("down"))
			return m
		}},
		{"prompts-every", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("p"))
			m, _ = step(t, m, press("tab"))
			for range 12 {
				m, _ = step(t, m, press("down"))
			}
			return m
		}},
		{"write", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("w"))
			m = typeText(t, m, "A long shift.\nTea helped.")
			m, _ = step(t, m, press("tab"))
			m = typeText(t, m, "night, outreach")
			m, _ = step(t, m, press("tab"))
			m, _ = step(t, m, press("4"))
			return m
		}},
		{"write-tags", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("w"))
			m = typeText(t, m, "A long shift.")
			m, _ = step(t, m, press("tab"))
			return m
		}},
		{"write-edit", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("down"))
			m, cmd := step(t, m, press("e"))
			m, _ = feed[entryMsg](t, m, cmd)
			return m
		}},
		{"write-leave", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("n"))
			m = typeText(t, m, "Unsaved words")
			m, _ = step(t, m, press("esc"))
			return m
		}},
		{"browse", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, cmd := step(t, m, press("b"))
			m, _ = feed[renderedMsg](t, m, cmd)
			m, _ = step(t, m, press("space"))
			m, _ = step(t, m, press("up"))
			return m
		}},
		{"browse-filter", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("/"))
			m = typeText(t, m, "shift")
			m, cmd := step(t, m, previewDueMsg{seq: m.browse().previewSeq})
			m, _ = feed[renderedMsg](t, m, cmd)
			return m
		}},
		{"browse-searching", func(t *testing.T, w, h int) Model {
			// A search typed before the catalog's texts are read.
			c := newClock()
			m := listed(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("/"))
			return typeText(t, m, "shift")
		}},
		{"browse-delete", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("d"))
			return m
		}},
		{"browse-flag-note", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, cmd := step(t, m, press("f"))
			m, _ = feed[flagToggledMsg](t, m, cmd)
			return typeText(t, m, "how I handled the door")
		}},
		{"read", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, cmd := step(t, m, press("enter"))
			m, cmd = feed[entryMsg](t, m, cmd)
			m, _ = feed[renderedMsg](t, m, cmd)
			return m
		}},
		{"help-browse", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("?"))
			return m
		}},
		{"help-write", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("w"))
			m, _ = step(t, m, press("f1"))
			return m
		}},
		{"locked", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("w"))
			m = typeText(t, m, "CANARY words")
			m, _ = step(t, m, press("ctrl+l"))
			if v := view(m); strings.Contains(v, "CANARY") || strings.Contains(v, "lunch") {
				t.Fatalf("lock screen shows entry text:\n%s", v)
			}
			return m
		}},
	}
	for _, sc := range screens {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size.w, size.h), func(t *testing.T) {
				m := sc.make(t, size.w, size.h)
				checkFrame(t, m, size.w)
			})
		}
	}
}

func TestTooSmall(t *testing.T) {
	for _, size := range []struct{ w, h int }{{30, 20}, {80, 6}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			m := newFakeModel(t, sampleFake(c), c, size.w, size.h)
			v := view(m)
			if !strings.Contains(v, "too small") {
				t.Fatalf("no too-small message:\n%s", v)
			}
			checkFrame(t, m, size.w)
		})
	}
}

// TestLightAndPlainStyles checks that a light background and NO_COLOR give
// different, still complete, frames.
func TestLightAndPlainStyles(t *testing.T) {
	c := newClock()
	dark := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	light, _ := step(t, dark, tea.BackgroundColorMsg{Color: lightGray{}})
	if light.isDark {
		t.Fatal("a light background was not noticed")
	}
	if dark.View().Content == light.View().Content {
		t.Error("light and dark frames are byte-identical; the styles did not change")
	}
	if view(dark) != view(light) {
		t.Error("light and dark frames differ in text, not just colour")
	}

	m := newModel(deps{store: sampleFake(c), now: c.Now, plain: true})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = unlocked(t, m, "right passphrase")
	if strings.Contains(m.View().Content, "\x1b[38;") {
		t.Errorf("NO_COLOR frame has foreground colours")
	}
}

type lightGray struct{}

func (lightGray) RGBA() (r, g, b, a uint32) { return 0xeeee, 0xeeee, 0xeeee, 0xffff }

// TestEditorCursorPlacement: the terminal cursor sits just after the text
// typed, below the title and prompt, inside the centred column.
func TestEditorCursorPlacement(t *testing.T) {
	tests := []struct {
		w, h         int
		key          string // n: blank page, w: the prompt
		wantX, wantY int
	}{
		{80, 24, "n", 1 + 2 + 11, 2},      // padding, "┃ ", "Tea helped."; title, first line
		{120, 40, "n", 1 + 9 + 2 + 11, 2}, // and the centring indent (118-100)/2
		{80, 24, "w", 1 + 2 + 11, -1},     // below the prompt, however many lines it takes
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dx%d-%s", tt.w, tt.h, tt.key), func(t *testing.T) {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, tt.w, tt.h), "right passphrase")
			m, _ = step(t, m, press(tt.key))
			m = typeText(t, m, "A long shift.\nTea helped.")
			cur := m.View().Cursor
			if cur == nil {
				t.Fatal("no cursor in the editor")
			}
			if tt.wantY < 0 {
				tt.wantY = slices.IndexFunc(strings.Split(view(m), "\n"), func(l string) bool { return strings.Contains(l, "┃ A long shift.") }) + 1
				if tt.wantY < 3 {
					t.Fatalf("the prompt is not above the text:\n%s", view(m))
				}
			}
			if cur.X != tt.wantX || cur.Y != tt.wantY {
				t.Fatalf("cursor at %d,%d, want %d,%d\n%s", cur.X, cur.Y, tt.wantX, tt.wantY, view(m))
			}
			lines := strings.Split(view(m), "\n")
			if got := lines[cur.Y]; !strings.HasSuffix(strings.TrimRight(got, " "), "Tea helped.") || ansiWidth(strings.TrimRight(got, " ")) != cur.X {
				t.Fatalf("cursor row %q does not end at column %d", got, cur.X)
			}
			m, _ = step(t, m, press("tab"))
			if m.View().Cursor != nil {
				t.Fatal("the editor cursor shows while the tags field has the focus")
			}
		})
	}
}

// TestResizeRerendersReader: the reader lays its Markdown out again for a
// new width.
func TestResizeRerendersReader(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, cmd := step(t, m, press("enter"))
	m, _ = feed[entryMsg](t, m, cmd)
	m, cmd = step(t, m, tea.WindowSizeMsg{Width: 60, Height: 20})
	if cmd == nil {
		t.Fatal("a resize asked for no new rendering")
	}
	m, _ = feed[renderedMsg](t, m, cmd)
	checkFrame(t, m, 60)
}

// TestWriteScreenLines: the lines around the text say what they mean and
// fit the terminal whole, cut by nothing.
func TestWriteScreenLines(t *testing.T) {
	line := func(v, prefix string) string {
		for _, l := range strings.Split(v, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), prefix) || strings.HasPrefix(strings.TrimSpace(l), "▸ "+prefix) {
				return strings.TrimSpace(l)
			}
		}
		return ""
	}
	noCut := func(t *testing.T, v string) {
		t.Helper()
		for _, l := range strings.Split(v, "\n") {
			if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
				t.Errorf("a line is cut: %q", l)
			}
		}
	}
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, size.w, size.h), "right passphrase")
			m, _ = step(t, m, press("w"))
			m = typeText(t, m, "A long shift.")
			if got := line(view(m), "Tags:"); got != "Tags: [care]    Mood: not set" {
				t.Errorf("the tags line of a prompt with no tags of one's own reads %q", got)
			}
			m, _ = step(t, m, press("tab"))
			if got := line(view(m), "Tags:"); !strings.Contains(got, "Mood: not set") {
				t.Errorf("with the tags field focused the mood is gone: %q", got)
			}
			noCut(t, view(m))
			m, _ = step(t, m, press("esc"))
			c.Advance(time.Second)
			m, _ = step(t, m, press("d"))

			m, _ = step(t, m, press("n"))
			if got := line(view(m), "Tags:"); got != "Tags: none    Mood: not set" {
				t.Errorf("the tags line of a blank page reads %q", got)
			}
			m, _ = step(t, m, press("esc"))

			m = chooseTemplate(t, m, "debrief")
			for range len(m.write().refl.tmpl.Steps) - 1 { // to the last question
				m, _ = step(t, m, press("tab"))
			}
			v := view(m)
			if line(v, "0 words") != "0 words · last question · tab: tags and mood" {
				t.Errorf("on the last question:\n%s", v)
			}
			noCut(t, v)
			// Then the tags and the mood, as free writing has, and the way to save.
			m, _ = step(t, m, press("tab"))
			if got := line(view(m), "Tags:"); !strings.HasPrefix(got, "▸ Tags:") || !strings.Contains(got, "Mood: not set") {
				t.Errorf("tab on the last question: the tags line reads %q", got)
			}
			m, _ = step(t, m, press("tab"))
			m, _ = step(t, m, press("tab"))
			v = view(m)
			if !strings.Contains(line(v, "0 words"), "ctrl+s saves the reflection") {
				t.Errorf("tab past the mood:\n%s", v)
			}
			noCut(t, v)
		})
	}
}

// TestMouseIsTheTerminals: the diary leaves the mouse to the terminal, so
// text can be selected with it, unless the mouse setting is on; a lock
// gives it back.
// TestMouseSettingInSettings: the mouse setting is a row of Settings, so a
// person who wants clicks and the wheel in the diary can turn it on there,
// and it takes effect at once.
func TestMouseSettingInSettings(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press(","))
	if m.Screen() != string(screenSettings) {
		t.Fatalf(", went to %s", m.Screen())
	}
	for range settingsRows {
		if strings.Contains(view(m), "› Mouse") {
			break
		}
		m, _ = step(t, m, press("down"))
	}
	if v := view(m); !strings.Contains(v, "› Mouse") || !strings.Contains(v, "left to the terminal") {
		t.Fatalf("Settings has no mouse row:\n%s", v)
	}
	m, cmd := step(t, m, press("enter"))
	m, _ = feed[settingsSavedMsg](t, m, cmd)
	if f.settings == nil || !f.settings.Mouse {
		t.Fatalf("the mouse setting was not saved: %+v", f.settings)
	}
	if m.View().MouseMode != tea.MouseModeCellMotion {
		t.Error("turned on, the mouse is still left to the terminal")
	}
	if !strings.Contains(view(m), "To select text, hold shift") {
		t.Errorf("turning it on does not say how to select text now:\n%s", view(m))
	}
}

func TestMouseIsTheTerminals(t *testing.T) {
	for _, on := range []bool{false, true} {
		t.Run(fmt.Sprint("setting=", on), func(t *testing.T) {
			c := newClock()
			f := sampleFake(c)
			f.mouse = on
			m := newFakeModel(t, f, c, 80, 24)
			if m.View().MouseMode != tea.MouseModeNone {
				t.Fatal("the lock screen takes the mouse")
			}
			m = unlocked(t, m, "right passphrase")
			m, _ = step(t, m, press("b"))
			want := tea.MouseModeNone
			if on {
				want = tea.MouseModeCellMotion
			}
			if got := m.View().MouseMode; got != want {
				t.Fatalf("unlocked, the mouse mode is %v, want %v", got, want)
			}
			m, _ = step(t, m, press("ctrl+l"))
			if m.View().MouseMode != tea.MouseModeNone {
				t.Fatal("after a lock the mouse is still taken")
			}
		})
	}
}
