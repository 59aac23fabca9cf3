package tui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// everyScreen is how TestEveryScreen reaches each screen from Today,
// unlocked, with the sample entries and an entry holding screenCanary.
// A screen in the screens list without a way here fails the test.
var everyScreen = map[screenID]func(t *testing.T, m Model) Model{
	screenSetup: nil, // shown before there is a diary: see TestEveryScreen
	screenUnlock: func(t *testing.T, m Model) Model {
		m, _ = step(t, m, press("ctrl+l"))
		return m
	},
	screenToday: func(t *testing.T, m Model) Model { return m },
	screenWrite: func(t *testing.T, m Model) Model {
		m, _ = step(t, m, press("w"))
		return typeText(t, m, screenCanary+" typed in the editor")
	},
	screenReflect: func(t *testing.T, m Model) Model {
		m, _ = step(t, m, press("s"))
		return m
	},
	screenPrompts: func(t *testing.T, m Model) Model {
		m, _ = step(t, m, press("p"))
		m, _ = step(t, m, press("down"))
		return m
	},
	screenBrowse: func(t *testing.T, m Model) Model {
		m, cmd := step(t, m, press("b"))
		m, _ = feed[renderedMsg](t, m, cmd)
		m, _ = step(t, m, press("/"))
		return typeText(t, m, screenCanary) // a search is diary text too
	},
	screenRead: func(t *testing.T, m Model) Model {
		m, _ = step(t, m, press("b"))
		m, cmd := step(t, m, press("enter"))
		m, cmd = feed[entryMsg](t, m, cmd)
		m, _ = feed[renderedMsg](t, m, cmd)
		return m
	},
	screenInsights: func(t *testing.T, m Model) Model {
		m, _ = step(t, m, press("i"))
		return m
	},
	screenStudies: func(t *testing.T, m Model) Model {
		m, cmd := step(t, m, press("S"))
		m, _ = feed[studiesMsg](t, m, cmd)
		return m
	},
	screenExport: func(t *testing.T, m Model) Model {
		withSupervision(t, m)
		return toPreview(t, m, screenCanary+" in the note")
	},
	screenPresent: func(t *testing.T, m Model) Model {
		withSupervision(t, m)
		m, _ = step(t, m, press("b"))
		m, cmd := step(t, m, press("p"))
		m, _ = feed[packetMsg](t, m, cmd)
		return m
	},
	screenPrep: func(t *testing.T, m Model) Model {
		withSupervision(t, m)
		m, cmd := step(t, m, press("u"))
		m, _ = feed[supervisionDataMsg](t, m, cmd)
		return m
	},
	screenSupport: func(t *testing.T, m Model) Model {
		m, _ = step(t, m, press("f2"))
		return m
	},
	screenCheckIn: func(t *testing.T, m Model) Model {
		m, _ = step(t, m, press("c"))
		m, _ = step(t, m, press("2"))
		m, _ = step(t, m, press("tab"))
		return typeText(t, m, screenCanary)
	},
	screenSettings: func(t *testing.T, m Model) Model {
		m, _ = step(t, m, press(","))
		return m
	},
}

const screenCanary = "CANARY-screen"

// TestEveryScreen walks every registered screen: it renders at 80x24 and
// 120x40 with no line wider than the terminal, it has keys to show, and a
// lock from it leaves no diary text anywhere in the model.
func TestEveryScreen(t *testing.T) {
	registered := map[screenID]bool{}
	for _, s := range screens {
		if registered[s.id] {
			t.Errorf("screen %q is registered twice", s.id)
		}
		registered[s.id] = true
		if _, ok := everyScreen[s.id]; !ok {
			t.Errorf("screen %q is registered but TestEveryScreen does not know how to reach it: add it to everyScreen", s.id)
		}
	}
	for id := range everyScreen {
		if !registered[id] {
			t.Errorf("everyScreen has %q, which is not in the screens list", id)
		}
	}
	for _, s := range screens {
		reach := everyScreen[s.id]
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", s.id, size.w, size.h), func(t *testing.T) {
				c := newClock()
				f := sampleFake(c)
				id := f.addEntry(0, "care", screenCanary+" in a saved entry", "canarytag")
				e := f.entries[id]
				e.Created = fixedNow.Add(-time.Minute) // the newest, so the first row
				f.entries[id] = e
				var m Model
				if reach == nil {
					m = newModel(deps{dir: "/home/worker/.local/share/peerdiary", now: c.Now})
					m, _ = step(t, m, press("enter"))
				} else {
					m = unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
					m = reach(t, m)
				}
				m, _ = step(t, m, tea.WindowSizeMsg{Width: size.w, Height: size.h})
				if m.Screen() != string(s.id) {
					t.Fatalf("the way to %s ended on %s", s.id, m.Screen())
				}
				checkWidth(t, m, size.w, size.h)

				km := m.showing().hints(&m)
				if len(km.ShortHelp()) == 0 || len(km.FullHelp()) == 0 {
					t.Errorf("%s has no keys to show", s.id)
				}
				for _, b := range km.ShortHelp() {
					if b.Help().Key == "" || b.Help().Desc == "" {
						t.Errorf("%s shows a key without words: %+v", s.id, b.Help())
					}
				}
				if reach == nil {
					return // nothing to lock before there is a diary
				}

				m, cmd := step(t, m, press("ctrl+l"))
				if m.Screen() != string(screenUnlock) {
					t.Fatalf("ctrl+l on %s went to %s", s.id, m.Screen())
				}
				if s.id == screenWrite {
					// The writing is held until its encrypted draft is saved.
					m, _ = feed[draftSavedMsg](t, m, cmd)
				}
				if path, ok := holdsText(m, screenCanary); ok {
					t.Errorf("after a lock from %s the model still holds diary text at %s", s.id, path)
				}
				if strings.Contains(view(m), "CANARY") {
					t.Errorf("the lock screen shows diary text")
				}
			})
		}
	}
}

// checkWidth asserts that no line of the frame is wider than the terminal
// and that the frame fits its height.
func checkWidth(t *testing.T, m Model, w, h int) {
	t.Helper()
	v := view(m)
	for i, line := range strings.Split(v, "\n") {
		if lw := ansi.StringWidth(line); lw > w {
			t.Errorf("line %d is %d cells wide, the terminal is %d: %q", i, lw, w, line)
		}
	}
	if n := strings.Count(v, "\n") + 1; n > h {
		t.Errorf("frame has %d lines, the terminal %d", n, h)
	}
}

// holdsText looks through every value reachable from the model (unexported
// fields, pointers, maps, slices, interfaces; not the store, which is the
// disk) for text, as strings, bytes or runes. It returns where it found it.
func holdsText(m Model, text string) (string, bool) {
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, path string) (string, bool)
	walk = func(v reflect.Value, path string) (string, bool) {
		switch v.Kind() {
		case reflect.String:
			if strings.Contains(v.String(), text) {
				return path, true
			}
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return "", false
			}
			seen[v.Pointer()] = true
			return walk(v.Elem(), path)
		case reflect.Interface:
			if v.IsNil() {
				return "", false
			}
			if v.Elem().Type().Implements(reflect.TypeFor[diaryStore]()) {
				return "", false
			}
			return walk(v.Elem(), path)
		case reflect.Struct:
			for i := range v.NumField() {
				if p, ok := walk(v.Field(i), path+"."+v.Type().Field(i).Name); ok {
					return p, true
				}
			}
		case reflect.Slice, reflect.Array:
			if v.Kind() == reflect.Slice && (v.IsNil() || seen[v.Pointer()]) {
				return "", false
			}
			if v.Kind() == reflect.Slice {
				seen[v.Pointer()] = true
			}
			switch v.Type().Elem().Kind() {
			case reflect.Uint8:
				b := make([]byte, v.Len())
				for i := range b {
					b[i] = byte(v.Index(i).Uint())
				}
				if strings.Contains(string(b), text) {
					return path, true
				}
				return "", false
			case reflect.Int32:
				r := make([]rune, v.Len())
				for i := range r {
					r[i] = rune(v.Index(i).Int())
				}
				if strings.Contains(string(r), text) {
					return path, true
				}
				return "", false
			}
			for i := range v.Len() {
				if p, ok := walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); ok {
					return p, true
				}
			}
		case reflect.Map:
			if v.IsNil() || seen[v.Pointer()] {
				return "", false
			}
			seen[v.Pointer()] = true
			it := v.MapRange()
			for it.Next() {
				k := fmt.Sprint(it.Key())
				if p, ok := walk(it.Key(), path+"{key}"); ok {
					return p, true
				}
				if p, ok := walk(it.Value(), path+"["+k+"]"); ok {
					return p, true
				}
			}
		}
		return "", false
	}
	return walk(reflect.ValueOf(m), "Model")
}

// TestHoldsTextFindsText: the walker finds text in the places a screen
// keeps it, so a pass of TestEveryScreen means something.
func TestHoldsTextFindsText(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("w"))
	m = typeText(t, m, screenCanary)
	if p, ok := holdsText(m, screenCanary); !ok {
		t.Fatal("text typed in the editor was not found")
	} else if !strings.Contains(p, "screens") {
		t.Errorf("found at %s, want inside the write screen", p)
	}
	if _, ok := holdsText(m, "lunch break"); !ok {
		t.Fatal("the catalog's titles were not found")
	}
}
