package tui

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// careFake is the sample diary with two people on the worker's list: Sam,
// marked to show on the lock screen, and Jo, not.
func careFake(c *clock) *fakeStore {
	f := sampleFake(c)
	f.supports = []diary.Support{
		{Name: "Sam", Contact: "07700 900123", Note: "peer supervisor", ShowWhenLocked: true},
		{Name: "Jo", Contact: "debrief group, Thursdays"},
	}
	return f
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// The support key works from every screen, the lock screen and the
// first-run setup included: it shows at once the worker's people, their
// organisation's resources and crisis lines, and on a locked diary only
// what was marked to show then, never an entry; esc goes back to the
// screen as it was.
func TestSupportKeyFromEveryScreen(t *testing.T) {
	for _, s := range screens {
		if s.id == screenSupport {
			continue
		}
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", s.id, size.w, size.h), func(t *testing.T) {
				c := newClock()
				f := careFake(c)
				f.addEntry(0, "care", screenCanary+" in a saved entry")
				var m Model
				if s.id == screenSetup {
					m = newModel(deps{dir: "/home/worker/.local/share/peerdiary", now: c.Now})
					m, _ = step(t, m, press("enter"))
				} else {
					m = unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
					m = everyScreen[s.id](t, m)
				}
				m, _ = step(t, m, tea.WindowSizeMsg{Width: size.w, Height: size.h})
				// The body; a key press clears the status line's notice.
				body := func(m Model) string {
					lines := strings.Split(view(m), "\n")
					return strings.Join(lines[:len(lines)-2], "\n")
				}
				before := body(m)
				locked := !m.unlocked

				m, _ = step(t, m, press("f2"))
				if m.Screen() != string(screenSupport) {
					t.Fatalf("f2 on %s went to %s", s.id, m.Screen())
				}
				checkWidth(t, m, size.w, size.h)
				v := flat(view(m))
				if !strings.Contains(v, "Support within reach") || !strings.Contains(v, prompts.Emergency) {
					t.Errorf("the support screen lacks its heading or the emergency line:\n%s", view(m))
				}
				if strings.Contains(v, "CANARY") {
					t.Errorf("the support screen shows diary text")
				}
				switch {
				case s.id == screenSetup:
					if strings.Contains(v, "Sam") {
						t.Errorf("before any diary, the support screen names someone")
					}
				case locked:
					if !strings.Contains(v, "Sam · 07700 900123") || strings.Contains(v, "Jo") {
						t.Errorf("locked: want only Sam, marked for the lock screen:\n%s", view(m))
					}
				default:
					for _, want := range []string{"Your people", "Sam · 07700 900123 (peer supervisor)", "Jo · debrief group", "Your organisation", "press e"} {
						if !strings.Contains(v, want) {
							t.Errorf("unlocked: lacks %q:\n%s", want, view(m))
						}
					}
				}
				m, _ = step(t, m, press("esc"))
				if m.Screen() != string(s.id) {
					t.Fatalf("esc from support went to %s, want %s", m.Screen(), s.id)
				}
				if after := body(m); after != before {
					t.Errorf("the screen under support did not come back as it was:\n%s\n---\n%s", before, after)
				}
			})
		}
	}
}

// A diary that has not been unlocked in this run has nothing marked in
// memory: the support key on its lock screen says where to find people and
// shows the emergency line, and names no one.
func TestSupportKeyBeforeFirstUnlock(t *testing.T) {
	c := newClock()
	m := newFakeModel(t, careFake(c), c, 80, 24)
	m = typeText(t, m, "half a pass")
	m, _ = step(t, m, press("f2"))
	v := flat(view(m))
	if strings.Contains(v, "Sam") || !strings.Contains(v, "inside the diary") || !strings.Contains(v, prompts.Emergency) {
		t.Errorf("before the first unlock:\n%s", view(m))
	}
	m, _ = step(t, m, press("esc"))
	m = typeText(t, m, "phrase")
	if got := m.unlock().input.Value(); got != "half a passphrase" {
		t.Errorf("the passphrase being typed was lost: %q", got)
	}
}

// Adding someone in Settings, marking them for the lock screen, and seeing
// them there after a lock: no command line anywhere.
func TestSettingsPeopleAndLockScreen(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("f2"))
	if v := flat(view(m)); !strings.Contains(v, "No one on your list yet.") || !strings.Contains(v, "in Settings: press e") {
		t.Fatalf("with nothing set, the support screen does not say how to add people:\n%s", view(m))
	}
	m, _ = step(t, m, press("e"))
	if m.Screen() != string(screenSettings) {
		t.Fatalf("e went to %s", m.Screen())
	}
	m, _ = step(t, m, press("a"))
	m = typeText(t, m, "Sam")
	m, _ = step(t, m, press("tab"))
	m = typeText(t, m, "07700 900123")
	m, _ = step(t, m, press("tab"))
	m, _ = step(t, m, press("tab"))
	m, _ = step(t, m, press("space"))
	m, cmd := step(t, m, press("enter"))
	if f.callCount("SaveSettings") != 0 {
		t.Fatal("Update saved the settings itself")
	}
	m, _ = feed[settingsSavedMsg](t, m, cmd)
	if got := f.settings; got == nil || len(got.Supports) != 1 || !got.Supports[0].ShowWhenLocked || got.Supports[0].Contact != "07700 900123" {
		t.Fatalf("saved settings = %+v", got)
	}
	if !strings.Contains(view(m), "Sam · 07700 900123  [lock screen]") {
		t.Errorf("the list does not show Sam marked:\n%s", view(m))
	}
	// A second person, not marked.
	m, _ = step(t, m, press("a"))
	m = typeText(t, m, "Jo")
	m, cmd = step(t, m, press("enter"))
	m, _ = feed[settingsSavedMsg](t, m, cmd)

	m, cmd = step(t, m, press("ctrl+l"))
	if m.Screen() != string(screenUnlock) {
		t.Fatalf("ctrl+l went to %s", m.Screen())
	}
	m, _ = step(t, m, press("f2"))
	v := flat(view(m))
	if !strings.Contains(v, "Sam · 07700 900123") || strings.Contains(v, "Jo") {
		t.Errorf("the lock screen's support shows:\n%s", view(m))
	}
	_ = cmd
}

// The evening after a hard shift, with a real diary and an injected clock:
// the check-in, then a gentler prompt and the debrief on offer; the next
// day Today checks back in the worker's own word, and one key puts it
// aside for good.
func TestCheckInGentlerPromptThenFollowUp(t *testing.T) {
	const pass = "correct horse battery"
	dir := newRealDiary(t, pass)
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := newClock()
	m := newModel(deps{store: s, dir: dir, now: c.Now})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = unlocked(t, m, pass)

	m, _ = step(t, m, press("c"))
	if m.Screen() != string(screenCheckIn) {
		t.Fatalf("c went to %s", m.Screen())
	}
	m, _ = step(t, m, press("2"))
	m, _ = step(t, m, press("tab"))
	m = typeText(t, m, "heavy")
	m, _ = step(t, m, press("tab"))
	m, _ = step(t, m, press("space"))
	m, cmd := step(t, m, press("enter"))
	m, _ = feed[checkInSavedMsg](t, m, cmd)
	v := flat(view(m))
	for _, want := range []string{"That sounds like a hard shift", "d the debrief", "w a gentler prompt", "f2 who you can turn to", "check back"} {
		if !strings.Contains(v, want) {
			t.Errorf("after a hard check-in, lacks %q:\n%s", want, view(m))
		}
	}
	list, err := s.CheckIns()
	if err != nil || len(list) != 1 || list[0].Word != "heavy" || !list[0].Happened || list[0].Mood != 2 {
		t.Fatalf("stored check-ins = %+v, %v", list, err)
	}
	m, _ = step(t, m, press("esc"))
	v = flat(view(m))
	if m.Screen() != string(screenToday) || !strings.Contains(v, "After a hard shift, something gentler") || !strings.Contains(v, "Checked in at 18:30: low, “heavy”, something happened") {
		t.Fatalf("Today after the check-in:\n%s", view(m))
	}

	// The next evening: lock, a day passes, unlock.
	m, _ = step(t, m, press("ctrl+l"))
	c.Advance(24 * time.Hour)
	m = unlocked(t, m, pass)
	v = flat(view(m))
	if !strings.Contains(v, "Yesterday you called the shift “heavy”. Checking back, a day or two on.") {
		t.Fatalf("the next day Today does not check back:\n%s", view(m))
	}
	m, cmd = step(t, m, press("a"))
	m, _ = feed[anotherMsg](t, m, cmd)
	v = flat(view(m))
	if strings.Contains(v, "Checking back") {
		t.Errorf("another prompt did not put the check-back aside:\n%s", view(m))
	}
	list, _ = s.CheckIns()
	if list[0].FollowedUp.IsZero() {
		t.Error("the check-back was not marked as put aside")
	}
	// Remembered for the day, after a restart too.
	m2 := newModel(deps{store: s, dir: dir, now: c.Now})
	m2, _ = step(t, m2, tea.WindowSizeMsg{Width: 80, Height: 24})
	s.Lock()
	m2 = unlocked(t, m2, pass)
	p1, _, _ := m.rotation.Today(c.Now(), m.catalog)
	p2, _, _ := m2.rotation.Today(c.Now(), m2.catalog)
	if p1.ID != p2.ID {
		t.Errorf("another prompt was not remembered for the day: %s, then %s", p1.ID, p2.ID)
	}
}

// Reflections have the tags and mood free writing has: after the last
// question, tab moves to them, and they are saved with the answers.
func TestReflectionTagsAndMood(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m = chooseTemplate(t, m, "what-so-what-now-what")
	m = answerSteps(t, m, []string{"Sat with J.", "It mattered.", "Ask about a room."})
	m, _ = step(t, m, press("tab"))
	m = typeText(t, m, "outreach, night")
	m, _ = step(t, m, press("tab"))
	m, _ = step(t, m, press("4"))
	m, cmd := step(t, m, press("ctrl+s"))
	feed[savedMsg](t, m, cmd)
	var saved diary.Entry
	for _, e := range f.entries {
		if e.Template == "what-so-what-now-what" {
			saved = e
		}
	}
	if saved.Mood != 4 || !strings.Contains(strings.Join(saved.Tags, ","), "outreach") || !strings.Contains(strings.Join(saved.Tags, ","), "reflection") || len(saved.Answers) != 3 {
		t.Errorf("saved reflection: mood %d, tags %v, %d answers", saved.Mood, saved.Tags, len(saved.Answers))
	}
}

// A prompt's follow-up questions, which the command line prints, show on
// Today and in the editor under the prompt.
func TestFollowUpsShowInTheTUI(t *testing.T) {
	p, _ := prompts.Lookup("care.hard-days.2")
	c := newClock()
	f := sampleFake(c)
	m := newModel(deps{store: f, now: c.Now, dir: f.Path()})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = unlocked(t, m, "right passphrase")
	m.rotation.offers = []prompts.Offer{{Day: fixedNow.Format(time.DateOnly), ID: p.ID, Reason: "A test."}}
	if v := flat(view(m)); !strings.Contains(v, "· "+p.FollowUps[0]) {
		t.Errorf("Today lacks the follow-up %q:\n%s", p.FollowUps[0], view(m))
	}
	m, _ = step(t, m, press("w"))
	if v := flat(view(m)); !strings.Contains(v, "· "+p.FollowUps[0]) {
		t.Errorf("the editor lacks the follow-up:\n%s", view(m))
	}
}

func TestCareScreensGolden(t *testing.T) {
	screens := []struct {
		name string
		make func(t *testing.T, w, h int) Model
	}{
		{"support", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, careFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("f2"))
			return m
		}},
		{"support-nothing-set", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("f2"))
			return m
		}},
		{"support-crowded", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newRecordsModel(t, crowdedFake(t, c, 40), c, w, h), "right passphrase")
			m, _ = step(t, m, press("f2"))
			m, _ = step(t, m, press("down"))
			return m
		}},
		{"support-locked", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, careFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("ctrl+l"))
			m, _ = step(t, m, press("f2"))
			return m
		}},
		{"settings", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, careFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press(","))
			m, _ = step(t, m, press("down"))
			m, _ = step(t, m, press("down"))
			return m
		}},
		{"settings-people", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, careFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press(","))
			m, _ = step(t, m, press("enter"))
			return m
		}},
		{"settings-person", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, careFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press(","))
			m, _ = step(t, m, press("enter"))
			m, _ = step(t, m, press("a"))
			return typeText(t, m, "Ash")
		}},
		{"settings-resources", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, careFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press(","))
			m, _ = step(t, m, press("down"))
			m, _ = step(t, m, press("enter"))
			return m
		}},
		{"checkin", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, careFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("c"))
			m, _ = step(t, m, press("2"))
			m, _ = step(t, m, press("tab"))
			return typeText(t, m, "heavy")
		}},
		{"checkin-after", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := unlocked(t, newFakeModel(t, careFake(c), c, w, h), "right passphrase")
			m, _ = step(t, m, press("c"))
			m, _ = step(t, m, press("1"))
			m, cmd := step(t, m, press("enter"))
			m, _ = feed[checkInSavedMsg](t, m, cmd)
			return m
		}},
		{"first-run-stage", func(t *testing.T, w, h int) Model {
			c := newClock()
			m := newModel(deps{dir: "/home/worker/.local/share/peerdiary", now: c.Now,
				create: func(string, []byte) (diaryStore, error) { return newFakeStore(c.Now), nil }})
			m, _ = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			m, _ = step(t, m, press("enter"))
			m = typeText(t, m, "four unrelated words here")
			m, _ = step(t, m, press("enter"))
			m = typeText(t, m, "four unrelated words here")
			m, cmd := step(t, m, press("enter"))
			m, _ = feed[createdMsg](t, m, cmd)
			return m
		}},
	}
	for _, sc := range screens {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size.w, size.h), func(t *testing.T) {
				checkFrame(t, sc.make(t, size.w, size.h), size.w)
			})
		}
	}
}

// recordsFake is the fake diary with every record operation, so it keeps
// an organisation's resources packs as the real diary does.
type recordsFake struct{ *fakeStore }

func (f recordsFake) RemoveRecord(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.records[name]; !ok {
		return fmt.Errorf("records/%s.age: %w", name, fs.ErrNotExist)
	}
	delete(f.records, name)
	return nil
}

// newRecordsModel is newFakeModel over a recordsFake.
func newRecordsModel(t *testing.T, f *fakeStore, c *clock, w, h int) Model {
	t.Helper()
	m := newModel(deps{store: recordsFake{f}, now: c.Now, dir: f.Path()})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// crowdedFake is the sample diary with many people on the worker's list and
// an organisation's pack with a crisis line, more than a small terminal
// holds.
func crowdedFake(t *testing.T, c *clock, people int) *fakeStore {
	t.Helper()
	f := sampleFake(c)
	for i := range people {
		f.supports = append(f.supports, diary.Support{Name: fmt.Sprintf("Person %02d", i+1), Contact: "0770 900 1" + fmt.Sprint(i), ShowWhenLocked: true})
	}
	pack, err := prompts.ParseResources("harbour.toml", []byte(`pack = "harbour"
[[resources]]
name = "Employee assistance line"
contact = "0800 000 0000"
kind = "organisation"
[[resources]]
name = "Night crisis line"
contact = "0800 111 1111"
kind = "crisis"
show_when_locked = true
`))
	if err != nil {
		t.Fatal(err)
	}
	if err := prompts.SaveResources(recordsFake{f}, pack); err != nil {
		t.Fatal(err)
	}
	return f
}

// With more people than the terminal holds, the crisis lines and the
// emergency line stay in sight, locked or not; the rest of the list is a
// key away, and says so.
func TestSupportCrisisLinesAlwaysInSight(t *testing.T) {
	for _, size := range sizes {
		for _, locked := range []bool{false, true} {
			t.Run(fmt.Sprintf("%dx%d/locked=%v", size.w, size.h, locked), func(t *testing.T) {
				c := newClock()
				m := unlocked(t, newRecordsModel(t, crowdedFake(t, c, 40), c, size.w, size.h), "right passphrase")
				if locked {
					m, _ = step(t, m, press("ctrl+l"))
				}
				m, _ = step(t, m, press("f2"))
				checkWidth(t, m, size.w, size.h)
				v := flat(view(m))
				for _, want := range []string{"Night crisis line · 0800 111 1111", prompts.Emergency, "Person 01", "↓ more"} {
					if !strings.Contains(v, want) {
						t.Fatalf("lacks %q:\n%s", want, view(m))
					}
				}
				for range 60 {
					m, _ = step(t, m, press("down"))
				}
				checkWidth(t, m, size.w, size.h)
				v = flat(view(m))
				for _, want := range []string{"Night crisis line", prompts.Emergency, "Person 40", "↑ more"} {
					if !strings.Contains(v, want) {
						t.Fatalf("scrolled to the end, lacks %q:\n%s", want, view(m))
					}
				}
				if !locked && !strings.Contains(v, "Employee assistance line") {
					t.Errorf("scrolled to the end, the organisation's resources are not there:\n%s", view(m))
				}
				m, _ = step(t, m, press("esc"))
				m, _ = step(t, m, press("f2"))
				if v := flat(view(m)); !strings.Contains(v, "Person 01") {
					t.Errorf("opened again, the list does not start at the top:\n%s", view(m))
				}
			})
		}
	}
}

// Whatever the command line's form of a reflection says under a question
// (its hint, who the worker can turn to, the emergency line), the
// full-screen diary says under that step too.
func TestReflectionStepsSayWhatTheFormSays(t *testing.T) {
	for _, tmpl := range prompts.Builtin().Templates() {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", tmpl.ID, size.w, size.h), func(t *testing.T) {
				c := newClock()
				f := crowdedFake(t, c, 1)
				m := unlocked(t, newRecordsModel(t, f, c, size.w, size.h), "right passphrase")
				reach := m.reach()
				m = chooseTemplate(t, m, tmpl.ID)
				form := tmpl.Form(reach)
				for i, s := range tmpl.Steps {
					_, after, _ := strings.Cut(form, "## "+s.Question+"\n")
					section, _, _ := strings.Cut(after, "\n## ")
					v := flat(view(m))
					for _, line := range strings.Split(section, "\n") {
						said, ok := strings.CutPrefix(line, "<!-- ")
						if !ok || strings.HasSuffix(said, ": -->") {
							continue // a group's heading: the screen lists them as one
						}
						said = strings.TrimPrefix(strings.TrimSuffix(said, " -->"), "· ")
						if !strings.Contains(v, flat(said)) {
							t.Errorf("step %d: the form says %q, the screen does not:\n%s", i+1, said, view(m))
						}
					}
					checkWidth(t, m, size.w, size.h)
					m, _ = step(t, m, press("tab"))
				}
			})
		}
	}
}

// The debrief's steps that offer support keep the crisis lines and the
// emergency line in sight however long the worker's list is.
func TestDebriefKeepsCrisisLinesInSight(t *testing.T) {
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			m := unlocked(t, newRecordsModel(t, crowdedFake(t, c, 30), c, size.w, size.h), "right passphrase")
			m = chooseTemplate(t, m, "debrief")
			for i, s := range m.write().refl.tmpl.Steps {
				if s.OffersSupports {
					v := flat(view(m))
					for _, want := range []string{"Person 01", "more: f2 shows them all", "Night crisis line · 0800 111 1111 (crisis line)", prompts.Emergency} {
						if !strings.Contains(v, want) {
							t.Errorf("step %d lacks %q:\n%s", i+1, want, view(m))
						}
					}
					checkWidth(t, m, size.w, size.h)
				}
				m, _ = step(t, m, press("tab"))
			}
		})
	}
}

// The support key works while the diary is unlocking or making its key,
// and over the keys' help; the support screen stays until the worker
// leaves it, then shows the screen the diary opened on meanwhile.
func TestSupportKeyWhileBusy(t *testing.T) {
	t.Run("unlocking", func(t *testing.T) {
		c := newClock()
		m := unlocked(t, newFakeModel(t, careFake(c), c, 80, 24), "right passphrase")
		m, _ = step(t, m, press("ctrl+l"))
		m = typeText(t, m, "right passphrase")
		m, cmd := step(t, m, press("enter"))
		if m.busy == "" {
			t.Fatal("enter did not start unlocking")
		}
		m, _ = step(t, m, press("f2"))
		if m.Screen() != string(screenSupport) || !strings.Contains(flat(view(m)), "Sam · 07700 900123") || strings.Contains(flat(view(m)), "Unlocking") {
			t.Fatalf("f2 while unlocking:\n%s", view(m))
		}
		m, cmd = feed[unlockedMsg](t, m, cmd)
		m, _ = feed[loadedMsg](t, m, cmd)
		if m.Screen() != string(screenSupport) {
			t.Fatalf("the unlock took the support screen away: %s", m.Screen())
		}
		if v := flat(view(m)); !strings.Contains(v, "Jo · debrief group") {
			t.Errorf("unlocked under it, the support screen does not show everyone:\n%s", view(m))
		}
		m, _ = step(t, m, press("esc"))
		if m.Screen() != string(screenToday) {
			t.Errorf("esc went to %s, want today", m.Screen())
		}
	})
	t.Run("first run", func(t *testing.T) {
		c := newClock()
		m := newModel(deps{dir: "/home/worker/.local/share/peerdiary", now: c.Now,
			create: func(string, []byte) (diaryStore, error) { return newFakeStore(c.Now), nil }})
		m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
		m, _ = step(t, m, press("enter"))
		m = typeText(t, m, "four unrelated words here")
		m, _ = step(t, m, press("enter"))
		m = typeText(t, m, "four unrelated words here")
		m, cmd := step(t, m, press("enter"))
		m, _ = step(t, m, press("f2"))
		if m.Screen() != string(screenSupport) {
			t.Fatalf("f2 while making the key went to %s", m.Screen())
		}
		checkWidth(t, m, 80, 24)
		m, _ = feed[createdMsg](t, m, cmd)
		if m.Screen() != string(screenSupport) {
			t.Fatalf("the new diary took the support screen away: %s", m.Screen())
		}
		m, _ = step(t, m, press("esc"))
		if m.Screen() != string(screenSetup) || !strings.Contains(flat(view(m)), "where are you in the role?") {
			t.Errorf("esc went to %s:\n%s", m.Screen(), view(m))
		}
	})
	t.Run("over the keys' help", func(t *testing.T) {
		c := newClock()
		m := unlocked(t, newFakeModel(t, careFake(c), c, 80, 24), "right passphrase")
		m, _ = step(t, m, press("?"))
		m, _ = step(t, m, press("f2"))
		if m.Screen() != string(screenSupport) || !strings.Contains(view(m), "Support within reach") {
			t.Fatalf("f2 over the help:\n%s", view(m))
		}
	})
	t.Run("an idle lock still locks", func(t *testing.T) {
		c := newClock()
		m := unlocked(t, newFakeModel(t, careFake(c), c, 80, 24), "right passphrase")
		m, _ = step(t, m, press("f2"))
		c.Advance(time.Hour)
		m, _ = step(t, m, idleCheckMsg{})
		if m.Screen() != string(screenUnlock) || strings.Contains(view(m), "Jo") {
			t.Fatalf("an idle lock over the support screen:\n%s", view(m))
		}
	})
}

// The packet reader (peerdiary open) has the support key too: over the
// packet, who the reader can turn to from their own diary, or, for a packet
// opened with a key file, the emergency line and why no one is listed; esc
// goes back to the packet where it was, and q there does not close it.
func TestPacketReaderSupportKey(t *testing.T) {
	pack, err := prompts.ParseResources("harbour.toml", []byte("pack = \"harbour\"\n[[resources]]\nname = \"Night crisis line\"\ncontact = \"0800 111 1111\"\nkind = \"crisis\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	own := prompts.WithinReach([]diary.Support{{Name: "Sam", Contact: "07700 900123"}}, []*prompts.ResourcesPack{pack}, false)
	for _, tc := range []struct {
		name  string
		reach *prompts.Reach
		want  []string
	}{
		{"diary", &own, []string{"Sam · 07700 900123", "Night crisis line · 0800 111 1111", prompts.Emergency}},
		{"key-file", nil, []string{prompts.Emergency, "opened with a key file, not your diary"}},
	} {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", tc.name, size.w, size.h), func(t *testing.T) {
				c := newClock()
				r := &packetReader{text: "# Packet\n\n" + screenCanary, reach: tc.reach, dark: true, plain: true,
					idle: time.Hour, now: c.Now, last: c.Now(), vp: viewport.New()}
				upd := func(msg tea.Msg) tea.Cmd {
					_, cmd := r.Update(msg)
					return cmd
				}
				cmd := upd(tea.WindowSizeMsg{Width: size.w, Height: size.h})
				upd(await[packetRenderedMsg](t, cmd))
				frame := func() string { return ansi.Strip(r.View().Content) }
				if !strings.Contains(frame(), screenCanary) || !strings.Contains(frame(), "f2 support") {
					t.Fatalf("the packet does not show, or the support key is not offered:\n%s", frame())
				}
				upd(press("f2"))
				v := frame()
				for i, line := range strings.Split(v, "\n") {
					if w := ansi.StringWidth(line); w > size.w {
						t.Errorf("line %d is %d cells wide: %q", i, w, line)
					}
				}
				if strings.Contains(v, "CANARY") || !strings.Contains(v, "Support within reach") {
					t.Errorf("the support view:\n%s", v)
				}
				for _, want := range tc.want {
					if !strings.Contains(flat(v), want) {
						t.Errorf("lacks %q:\n%s", want, v)
					}
				}
				if tc.reach == nil && strings.Contains(v, "Sam") {
					t.Errorf("names someone with no diary open:\n%s", v)
				}
				golden.RequireEqual(t, v)
				if cmd := upd(press("q")); cmd != nil {
					t.Error("q over the support view closed the reader")
				}
				if !strings.Contains(frame(), screenCanary) {
					t.Errorf("q did not go back to the packet:\n%s", frame())
				}
			})
		}
	}
}

// In Settings, a person or resource too long for the row is cut short
// before its marks: whether it shows on the lock screen, and that it is a
// crisis line, stay in sight.
func TestSettingsRowsKeepTheirMarks(t *testing.T) {
	long := strings.Repeat("free and confidential, open most evenings ", 4)
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			f := sampleFake(c)
			f.supports = []diary.Support{{Name: "Sam", Contact: "07700 900123", Note: long[:150], ShowWhenLocked: true}}
			pack, err := prompts.ParseResources("harbour.toml", []byte("pack = \"harbour\"\n[[resources]]\nname = \"Night crisis line\"\ncontact = \"0800 111 1111\"\nnote = \""+long[:150]+"\"\nkind = \"crisis\"\nshow_when_locked = true\n"))
			if err != nil {
				t.Fatal(err)
			}
			if err := prompts.SaveResources(recordsFake{f}, pack); err != nil {
				t.Fatal(err)
			}
			m := unlocked(t, newRecordsModel(t, f, c, size.w, size.h), "right passphrase")
			m, _ = step(t, m, press(","))
			m, _ = step(t, m, press("enter"))
			checkWidth(t, m, size.w, size.h)
			if v := view(m); !strings.Contains(v, "…  [lock screen]") {
				t.Errorf("people: the mark is cut off:\n%s", v)
			}
			m, _ = step(t, m, press("esc"))
			m, _ = step(t, m, press("down"))
			m, _ = step(t, m, press("enter"))
			checkWidth(t, m, size.w, size.h)
			if v := view(m); !strings.Contains(v, "…  (crisis line)  [lock screen]") {
				t.Errorf("resources: the marks are cut off:\n%s", v)
			}
		})
	}
}
