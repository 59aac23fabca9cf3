package tui

import (
	"fmt"
	"strings"
	"testing"

	"peerdiary/diary/prompts"
	"peerdiary/internal/savecases"
)

// TestSavePathsEditor saves each of the shared cases with the full-screen
// editor or a reflection, as a person types them; the command line's test
// saves the same cases with write and reflect, and both must produce the
// same file apart from its id and times (see internal/savecases).
func TestSavePathsEditor(t *testing.T) {
	const pass = "correct horse battery staple"
	dir := newRealDiary(t, pass)
	m, _ := openRealModel(t, dir)
	m = typeText(t, m, pass)
	m, cmd := step(t, m, press("enter"))
	m, cmd = feed[unlockedMsg](t, m, cmd)
	m, _ = feed[loadedMsg](t, m, cmd)
	for _, c := range savecases.Cases {
		t.Run(c.Name, func(t *testing.T) {
			if m.Screen() != "today" {
				t.Fatalf("the case starts on %s", m.Screen())
			}
			switch {
			case c.Template != "":
				tmpl, ok := prompts.Builtin().Template(c.Template)
				if !ok {
					t.Fatalf("no template %s", c.Template)
				}
				m.startReflection(tmpl, nil, "")
				m = answerSteps(t, m, c.Answers)
			case c.Prompt != "":
				p, ok := prompts.Lookup(c.Prompt)
				if !ok {
					t.Fatalf("no prompt %s", c.Prompt)
				}
				m.startWriting(p.Ref(), nil, "")
				m = typeText(t, m, c.Text)
			default:
				m, _ = step(t, m, press("n"))
				m = typeText(t, m, c.Text)
			}
			if c.Template == "" {
				m, _ = step(t, m, press("tab"))
				m = typeText(t, m, strings.Join(c.Tags, ", "))
				m, _ = step(t, m, press("tab"))
				if c.Mood != 0 {
					m, _ = step(t, m, press(fmt.Sprint(c.Mood)))
				}
			}
			m, cmd = step(t, m, press("ctrl+s"))
			msg := await[savedMsg](t, cmd)
			if msg.err != nil {
				t.Fatal(msg.err)
			}
			if want := msg.summary.ID + ".age"; msg.summary.File != want {
				t.Errorf("the summary names the file %q, want %q", msg.summary.File, want)
			}
			m, _ = step(t, m, msg)
			savecases.Check(t, c, savecases.ReadEntry(t, dir, pass, msg.summary.ID))
		})
	}
}
