package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

var shiftTab = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}

// chooseTemplate goes from Today to the first step of the template with
// the given id.
func chooseTemplate(t testing.TB, m Model, id string) Model {
	t.Helper()
	m, _ = step(t, m, press("s"))
	if m.Screen() != "reflect" {
		t.Fatalf("s on Today opened %s, want the reflection chooser", m.Screen())
	}
	for range len(m.choose().templates) {
		if m.choose().templates[m.choose().cursor].ID == id {
			break
		}
		m, _ = step(t, m, press("down"))
	}
	m, _ = step(t, m, press("enter"))
	if m.Screen() != "write" || !m.write().refl.on() || m.write().refl.tmpl.ID != id {
		t.Fatalf("enter on the chooser did not start %s (screen %s)", id, m.Screen())
	}
	return m
}

// answerSteps types each answer on its own step, tab moving to the next.
func answerSteps(t testing.TB, m Model, answers []string) Model {
	t.Helper()
	for i, a := range answers {
		if i > 0 {
			m, _ = step(t, m, press("tab"))
		}
		m = typeText(t, m, a)
	}
	return m
}

func TestReflectScreensGolden(t *testing.T) {
	screens := []struct {
		name     string
		supports []diary.Support
		make     func(t *testing.T, m Model) Model
	}{
		{"chooser", nil, func(t *testing.T, m Model) Model {
			m, _ = step(t, m, press("s"))
			m, _ = step(t, m, press("down"))
			return m
		}},
		{"step", nil, func(t *testing.T, m Model) Model {
			m = chooseTemplate(t, m, "gibbs")
			m = typeText(t, m, "The outreach van broke down at the usual stop.")
			m, _ = step(t, m, press("tab"))
			return typeText(t, m, "Frustrated at first, then oddly calm.")
		}},
		{"supports", []diary.Support{
			{Name: "Sam", Contact: "07700 900123", Note: "peer supervisor"},
			{Name: "Jo \x1b[31mred\x1b[0m", Contact: "debrief group, Thursdays"},
		}, func(t *testing.T, m Model) Model {
			m = chooseTemplate(t, m, "debrief")
			for range 3 { // the fourth step: who can help
				m, _ = step(t, m, press("tab"))
			}
			return m
		}},
		{"supports-none", nil, func(t *testing.T, m Model) Model {
			m = chooseTemplate(t, m, "debrief")
			for range 3 {
				m, _ = step(t, m, press("ctrl+n"))
			}
			return m
		}},
	}
	for _, sc := range screens {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size.w, size.h), func(t *testing.T) {
				c := newClock()
				f := sampleFake(c)
				f.supports = sc.supports
				m := unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
				m = sc.make(t, m)
				if strings.Contains(m.View().Content, "\x1b[31mred") {
					t.Fatal("a support's escape codes reached the screen")
				}
				checkFrame(t, m, size.w)
			})
		}
	}
}

func TestReflectStepIndicatorAndNavigation(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m = chooseTemplate(t, m, "gibbs")
	if !strings.Contains(view(m), "1 of 6 · Description") {
		t.Fatalf("no step indicator on the first step:\n%s", view(m))
	}
	m = typeText(t, m, "first answer")
	m, _ = step(t, m, press("tab"))
	if v := view(m); !strings.Contains(v, "2 of 6 · Feelings") || strings.Contains(v, "first answer") {
		t.Fatalf("tab did not show the second step on its own:\n%s", v)
	}
	m = typeText(t, m, "second")
	m, _ = step(t, m, shiftTab)
	if m.write().ed.Value() != "first answer" {
		t.Fatalf("shift+tab back to step 1 shows %q", m.write().ed.Value())
	}
	m, _ = step(t, m, press("ctrl+n"))
	if m.write().ed.Value() != "second" {
		t.Fatalf("ctrl+n to step 2 shows %q", m.write().ed.Value())
	}
	m, _ = step(t, m, press("ctrl+p"))
	m, _ = step(t, m, shiftTab) // already on the first step: stays
	if m.write().refl.step != 0 || m.write().ed.Value() != "first answer" {
		t.Fatalf("shift+tab on the first step moved to step %d", m.write().refl.step)
	}
	for range 10 {
		m, _ = step(t, m, press("tab"))
	}
	if m.write().refl.step != 5 || !strings.Contains(view(m), "6 of 6 · Action plan") {
		t.Fatalf("tab past the last step: step %d", m.write().refl.step)
	}
	if !strings.Contains(view(m), " 3 words") { // "first answer" + "second"
		t.Fatalf("the word count is not over every answer:\n%s", view(m))
	}
}

// TestReflectionFlowRealStore answers every step of What? So what? Now
// what? and saves; the entry file decrypts to the answers in step order.
func TestReflectionFlowRealStore(t *testing.T) {
	const pass = "reflection flow pass"
	dir := newRealDiary(t, pass)
	m, _ := openRealModel(t, dir)
	m = unlocked(t, m, pass)
	m = chooseTemplate(t, m, "what-so-what-now-what")
	answers := []string{
		"R. came in after three weeks away.\nWe had tea. #outreach",
		"It mattered that I didn't ask where she'd been.",
		"Keep the kettle on; ask the team about a quiet corner.",
	}
	m = answerSteps(t, m, answers)
	m, cmd := step(t, m, press("ctrl+s"))
	m, _ = feed[savedMsg](t, m, cmd)
	if m.Screen() != "today" || !strings.Contains(m.notice, "Reflection saved") {
		t.Fatalf("after saving: screen %s, notice %q", m.Screen(), m.notice)
	}
	if m.write().active || m.write().refl.on() {
		t.Fatal("the answers stayed in the model after the save")
	}
	files, _ := filepath.Glob(filepath.Join(dir, diary.EntriesDir, "*.age"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), "kettle") {
			t.Fatal("the entry file holds plaintext")
		}
	}
	es := decryptEntries(t, dir, pass)
	if len(es) != 1 {
		t.Fatalf("%d entries, want 1", len(es))
	}
	e := es[0]
	if e.Template != "what-so-what-now-what" {
		t.Fatalf("template %q", e.Template)
	}
	tmpl, _ := prompts.Builtin().Template("what-so-what-now-what")
	if len(e.Answers) != len(answers) {
		t.Fatalf("%d answers stored, want %d", len(e.Answers), len(answers))
	}
	for i, a := range e.Answers {
		if a.Step != tmpl.Steps[i].ID || a.Question != tmpl.Steps[i].Question || a.Text != answers[i] {
			t.Errorf("answer %d = %+v, want step %s with %q", i, a, tmpl.Steps[i].ID, answers[i])
		}
	}
	if got := tmpl.Answers(e); !slices.Equal(got, answers) {
		t.Errorf("Template.Answers gives %q", got)
	}
	for _, tag := range []string{"reflection", "outreach"} {
		if !slices.Contains(e.Tags, tag) {
			t.Errorf("tags %v lack %q", e.Tags, tag)
		}
	}
	if strings.TrimSpace(e.Body) != "" {
		t.Errorf("a reflection got a body %q", e.Body)
	}
}

// TestLockMidReflection: ctrl+l on the second step saves an encrypted
// draft with the template and every answer, drops the answers from the
// model, and unlocking resumes on the same step with every answer back.
func TestLockMidReflection(t *testing.T) {
	const pass = "lock mid reflection"
	dir := newRealDiary(t, pass)
	m, _ := openRealModel(t, dir)
	m = unlocked(t, m, pass)
	m = chooseTemplate(t, m, "gibbs")
	answers := []string{"CANARY-one what happened", "CANARY-two how I felt", "CANARY-three went well"}
	m = answerSteps(t, m, answers)
	m, _ = step(t, m, shiftTab) // on step 2, with step 3 answered after it

	m, cmd := step(t, m, press("ctrl+l"))
	if m.Screen() != "unlock" {
		t.Fatalf("ctrl+l left the screen on %s", m.Screen())
	}
	m, _ = feed[draftSavedMsg](t, m, cmd)
	await[lockedMsg](t, cmd)
	drafts, _ := filepath.Glob(filepath.Join(dir, diary.DraftsDir, "*.age"))
	if len(drafts) != 1 {
		t.Fatalf("%d draft files after the lock, want 1", len(drafts))
	}
	if b, _ := os.ReadFile(drafts[0]); strings.Contains(string(b), "CANARY") {
		t.Fatal("the draft is not encrypted")
	}
	if m.write().active || m.write().refl.on() || m.write().refl.answers != nil || m.pendingDraft != nil || m.drafts != nil {
		t.Fatal("the model still holds the reflection after the lock")
	}
	if _, held := holdsText(m, "CANARY"); held {
		t.Fatal("answer text is still in the model after the lock")
	}
	if strings.Contains(view(m), "CANARY") {
		t.Fatal("the lock screen shows an answer")
	}

	m = unlocked(t, m, pass)
	if m.Screen() != "write" || !m.write().refl.on() || m.write().refl.tmpl.ID != "gibbs" {
		t.Fatalf("unlock did not resume the reflection: screen %s", m.Screen())
	}
	if m.write().refl.step != 1 || m.write().ed.Value() != answers[1] {
		t.Fatalf("resumed on step %d with %q, want step 2 with its answer", m.write().refl.step+1, m.write().ed.Value())
	}
	got := m.write().refl.current(m.write().ed.Value())
	if !slices.Equal(got[:3], answers) || slices.ContainsFunc(got[3:], func(s string) bool { return s != "" }) {
		t.Fatalf("resumed answers %q", got)
	}
	m, cmd = step(t, m, press("ctrl+s"))
	m, _ = feed[savedMsg](t, m, cmd)
	if drafts, _ := filepath.Glob(filepath.Join(dir, diary.DraftsDir, "*.age")); len(drafts) != 0 {
		t.Fatalf("%d drafts left after saving", len(drafts))
	}
	es := decryptEntries(t, dir, pass)
	if len(es) != 1 || len(es[0].Answers) != 3 || es[0].Answers[2].Text != answers[2] {
		t.Fatalf("the resumed reflection saved as %+v", es)
	}
}

// TestReflectionDraftRecovery: an autosaved reflection draft is offered
// back in a new session and reopens as the reflection, every answer in
// place.
func TestReflectionDraftRecovery(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m = chooseTemplate(t, m, "debrief")
	m = typeText(t, m, "A long night.")
	m, _ = step(t, m, press("tab"))
	m = typeText(t, m, "Tired, shaky.")
	m, cmd := step(t, m, autosaveTickMsg{gen: m.autosaveGen})
	m, _ = feed[draftSavedMsg](t, m, cmd)
	ds := f.draftList()
	if len(ds) != 1 || ds[0].Entry.Template != "debrief" || len(ds[0].Entry.Answers) != 2 {
		t.Fatalf("the draft did not keep the template and answers: %+v", ds)
	}

	f.Lock()
	m = unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	if !strings.Contains(view(m), "Unsaved writing found") || !strings.Contains(view(m), "A reflection, After a hard shift, from") {
		t.Fatalf("the reflection draft is not offered as one:\n%s", view(m))
	}
	m, _ = step(t, m, press("r"))
	if !m.write().refl.on() || m.write().refl.tmpl.ID != "debrief" {
		t.Fatal("the draft did not reopen as a reflection")
	}
	if got := m.write().refl.current(m.write().ed.Value()); got[0] != "A long night." || got[1] != "Tired, shaky." {
		t.Fatalf("recovered answers %q", got)
	}
}

func TestReflectLeaveDialog(t *testing.T) {
	for _, tt := range []struct {
		key    string
		screen string
		puts   int
	}{{"s", "today", 1}, {"d", "today", 0}, {"esc", "write", 0}} {
		t.Run(tt.key, func(t *testing.T) {
			c := newClock()
			f := sampleFake(c)
			m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
			m = chooseTemplate(t, m, "what-so-what-now-what")
			m = typeText(t, m, "something happened")
			m, _ = step(t, m, press("esc"))
			if !strings.Contains(view(m), "unsaved answers") {
				t.Fatalf("esc with answers did not ask:\n%s", view(m))
			}
			c.Advance(time.Second)
			m, cmd := step(t, m, press(tt.key))
			if tt.puts > 0 {
				m, _ = feed[savedMsg](t, m, cmd)
			}
			if m.Screen() != tt.screen || f.callCount("Save") != tt.puts {
				t.Fatalf("screen %s, %d saves", m.Screen(), f.callCount("Save"))
			}
		})
	}
	// Nothing written: esc leaves at once.
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m = chooseTemplate(t, m, "gibbs")
	m, _ = step(t, m, press("esc"))
	if m.Screen() != "today" {
		t.Fatalf("esc on an empty reflection went to %s", m.Screen())
	}
	m, _ = step(t, m, press("s"))
	m, _ = step(t, m, press("esc"))
	if m.Screen() != "today" {
		t.Fatalf("esc on the chooser went to %s", m.Screen())
	}
}

// addReflection puts a saved reflection into the fake store.
func (f *fakeStore) addReflection(id string, answers ...string) {
	tmpl, _ := prompts.Builtin().Template("what-so-what-now-what")
	e, _ := tmpl.Entry(answers)
	e.ID = id
	e.Created = fixedNow.Add(-time.Minute)
	e.Updated = e.Created
	e.Tags = diary.NormalizeTags(e.Tags)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.entries[id] = *e
}

// TestReadAndPreviewReflection: the reader and the preview show every
// question with its answer, with escape codes made inert; e reopens it in
// the step editor.
func TestReadAndPreviewReflection(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	f.addReflection("refl1", "Met R. \x1b]0;owned\x07at the door", "It mattered", "Call on Friday")
	m := unlocked(t, newFakeModel(t, f, c, 120, 40), "right passphrase")
	m, cmd := step(t, m, press("b"))
	m, _ = feed[renderedMsg](t, m, cmd)
	for _, want := range []string{"What happened?", "Met R.", "Now what?", "Call on Friday"} {
		if !strings.Contains(view(m), want) {
			t.Fatalf("the preview lacks %q:\n%s", want, view(m))
		}
	}
	if strings.Contains(m.View().Content, "\x1b]0;") {
		t.Fatal("an escape sequence from an answer reached the screen")
	}
	// The row says it is a reflection, and the questions are headings,
	// not lines starting with "## ".
	if v := view(m); !strings.Contains(v, "Mon 23 Nov 18:29  [reflection] Met R.") || strings.Contains(v, "#reflection") || strings.Contains(v, "## ") {
		t.Fatalf("the row or the preview of a reflection:\n%s", v)
	}
	m, cmd = step(t, m, press("enter"))
	m, cmd = feed[entryMsg](t, m, cmd)
	if cmd != nil {
		m, _ = feed[renderedMsg](t, m, cmd)
	}
	v := view(m)
	for _, want := range []string{"Reflection: What? So what? Now what?", "So what? Why does it matter", "It mattered", "Call on Friday"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the reader lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(m.View().Content, "\x1b]0;") {
		t.Fatal("an escape sequence from an answer reached the reader")
	}
	if strings.Contains(v, "## ") {
		t.Fatalf("the reader shows heading marks:\n%s", v)
	}
	m, _ = step(t, m, press("e"))
	if m.Screen() != "write" || !m.write().refl.on() || m.write().refl.step != 2 || m.write().ed.Value() != "Call on Friday" {
		t.Fatalf("e did not reopen the reflection on its last answer (step %d, %q)", m.write().refl.step, m.write().ed.Value())
	}
	m, _ = step(t, m, shiftTab)
	m = typeText(t, m, ", a lot")
	m, cmd = step(t, m, press("ctrl+s"))
	m, _ = feed[savedMsg](t, m, cmd)
	e, _ := f.entry("refl1")
	if len(e.Answers) != 3 || e.Answers[1].Text != "It mattered, a lot" || !e.Created.Equal(fixedNow.Add(-time.Minute)) {
		t.Fatalf("the edit saved as %+v", e)
	}
}

// TestTemplateForKeepsEveryAnswer: an entry whose template is gone, or has
// lost a step, still opens with every answer.
func TestTemplateForKeepsEveryAnswer(t *testing.T) {
	e := &diary.Entry{Template: "oldpack/check-in", Answers: []diary.Answer{
		{Step: "a", Question: "How was it?", Text: "fine"},
		{Step: "b", Text: "more"},
	}}
	tmpl, ok := templateFor(prompts.Builtin(), e)
	if !ok || len(tmpl.Steps) != 2 || tmpl.Steps[1].Question != "b" {
		t.Fatalf("rebuilt template %+v", tmpl)
	}
	if got := tmpl.Answers(e); !slices.Equal(got, []string{"fine", "more"}) {
		t.Fatalf("answers %q", got)
	}
	e = &diary.Entry{Template: "gibbs", Answers: []diary.Answer{{Step: "retired-step", Question: "Old?", Text: "kept"}}}
	tmpl, _ = templateFor(prompts.Builtin(), e)
	if n := len(tmpl.Steps); n != 7 || tmpl.Steps[6].ID != "retired-step" {
		t.Fatalf("a step the template lost was dropped: %d steps", n)
	}
	if b, _ := prompts.Builtin().Template("gibbs"); len(b.Steps) != 6 {
		t.Fatal("templateFor changed the library's template")
	}
}

func TestStepLabel(t *testing.T) {
	for _, tt := range []struct{ q, id, want string }{
		{"Feelings. What were you thinking?", "feelings", "Feelings"},
		{"So what? Why does it matter?", "so-what", "So what?"},
		{"How are you doing right now, in your body, your head, your energy?", "how-are-you", "How are you doing right now?"},
		{"Who can you talk to about this, and when?", "who-to-talk-to", "Who can you talk to about this?"},
		{"When you think back over everything that happened during the shift, what stays?", "what-stays", "What stays"},
		{"Action plan. If it happened again, what would you do?", "action-plan", "Action plan"},
		{"", "", ""},
	} {
		if got := stepLabel(prompts.Step{ID: tt.id, Question: tt.q}); got != tt.want {
			t.Errorf("stepLabel(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestReflectCursorPlacement: the terminal cursor sits at the end of the
// typed answer under every kind of step header.
func TestReflectCursorPlacement(t *testing.T) {
	for _, size := range sizes {
		for _, steps := range []int{0, 1, 2} {
			t.Run(fmt.Sprintf("%dx%d-step%d", size.w, size.h, steps+1), func(t *testing.T) {
				c := newClock()
				f := sampleFake(c)
				f.supports = []diary.Support{{Name: "Sam"}, {Name: "Alex", Contact: "evenings"}}
				m := unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
				m = chooseTemplate(t, m, "debrief")
				for range steps {
					m, _ = step(t, m, press("tab"))
				}
				m = typeText(t, m, "A long shift.\nTea helped.")
				cur := m.View().Cursor
				if cur == nil {
					t.Fatal("no cursor in the reflection editor")
				}
				lines := strings.Split(view(m), "\n")
				got := strings.TrimRight(lines[cur.Y], " ")
				if !strings.HasSuffix(got, "Tea helped.") || ansiWidth(got) != cur.X {
					t.Fatalf("cursor at %d,%d; that row is %q\n%s", cur.X, cur.Y, got, view(m))
				}
			})
		}
	}
}

// TestChooserOffersPackTemplates: once the diary's packs are read, their
// templates are offered after the built-ins; locking forgets them.
func TestChooserOffersPackTemplates(t *testing.T) {
	pack, err := prompts.ParsePack("harbour.yaml", []byte(`pack: harbour-house
title: Harbour House outreach
prompts:
  - id: night-shift
    family: care
    subtheme: hard-days
    text: What stayed with you from the night shift?
templates:
  - id: handover
    name: Shift handover
    steps:
      - id: what
        question: What does the next shift need to know?
`))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := prompts.NewLibrary(pack)
	if err != nil {
		t.Fatal(err)
	}
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m, _ = step(t, m, promptRotationMsg{lib: lib, state: &prompts.RotationState{}})
	m, _ = step(t, m, press("s"))
	if v := view(m); !strings.Contains(v, "4  Shift handover · 1 step · from harbour-house") {
		t.Fatalf("the pack's template is not offered:\n%s", v)
	}
	m, _ = step(t, m, press("4"))
	if !m.write().refl.on() || m.write().refl.tmpl.ID != "harbour-house/handover" {
		t.Fatal("4 did not start the pack's template")
	}
	m, _ = step(t, m, press("ctrl+l"))
	m = unlocked(t, m, "right passphrase")
	m, _ = step(t, m, press("s"))
	if strings.Contains(view(m), "Shift handover") {
		t.Fatal("the pack's template is still offered after a lock, before the packs are read again")
	}
}

// TestIdleLockMidReflection: the idle lock on the chooser or in the middle
// of a reflection saves the answers as a draft and keeps none of them.
func TestIdleLockMidReflection(t *testing.T) {
	for _, inChooser := range []bool{false, true} {
		t.Run(fmt.Sprint("chooser=", inChooser), func(t *testing.T) {
			c := newClock()
			f := sampleFake(c)
			m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
			if inChooser {
				m, _ = step(t, m, press("s"))
			} else {
				m = chooseTemplate(t, m, "what-so-what-now-what")
				m = typeText(t, m, "CANARY-idle answer")
				m, _ = step(t, m, press("tab"))
			}
			c.Advance(6 * time.Minute)
			m, cmd := step(t, m, idleCheckMsg{})
			if m.Screen() != "unlock" {
				t.Fatalf("no idle lock: %s", m.Screen())
			}
			if !inChooser {
				m, _ = feed[draftSavedMsg](t, m, cmd)
				ds := f.draftList()
				if len(ds) != 1 || ds[0].Entry.Template != "what-so-what-now-what" || len(ds[0].Entry.Answers) != 1 {
					t.Fatalf("the idle lock saved %+v", ds)
				}
			}
			if m.write().refl.on() || m.choose().templates != nil || m.pendingDraft != nil || func() bool { _, held := holdsText(m, "CANARY"); return held }() {
				t.Fatal("the reflection is still in the model after the idle lock")
			}
		})
	}
}

// TestReflectionUpdateDoesNoIO: choosing, answering, moving between steps,
// locking and saving never call the store from Update.
func TestReflectionUpdateDoesNoIO(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	f.supports = []diary.Support{{Name: "Sam"}}
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	n := f.totalCalls()
	m = chooseTemplate(t, m, "debrief")
	m = typeText(t, m, "answer one")
	m, _ = step(t, m, press("tab"))
	m = typeText(t, m, "answer two")
	m, _ = step(t, m, shiftTab)
	m, cmd := step(t, m, press("ctrl+s"))
	if got := f.totalCalls(); got != n {
		t.Fatalf("Update called the store %d times", got-n)
	}
	m, _ = feed[savedMsg](t, m, cmd)
	if f.callCount("Save") != 1 {
		t.Fatalf("Put called %d times, want 1", f.callCount("Save"))
	}
	n = f.totalCalls()
	m = chooseTemplate(t, m, "gibbs")
	m = typeText(t, m, "more")
	_, cmd = step(t, m, press("ctrl+l"))
	if got := f.totalCalls(); got != n {
		t.Fatalf("locking mid-reflection called the store %d times from Update", got-n)
	}
	await[draftSavedMsg](t, cmd)
}
