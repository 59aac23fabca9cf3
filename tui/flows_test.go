package tui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

func draftOf(body string) *diary.Draft {
	return &diary.Draft{Entry: diary.Entry{Body: body, Prompt: &diary.PromptRef{ID: "p", Family: "care", Text: "How are you?"}}}
}

// TestUpdateDoesNoIO walks through unlock, write, save, browse, delete and
// lock, and checks after every Update that the store was not called: all
// I/O and crypto happen in commands.
func TestUpdateDoesNoIO(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	m := newFakeModel(t, f, c, 80, 24)
	noCall := func(what string, before int) {
		t.Helper()
		if n := f.totalCalls(); n != before {
			t.Fatalf("%s: Update called the store directly (%d calls, want %d)", what, n, before)
		}
	}
	m = typeText(t, m, "right passphrase")
	m, cmd := step(t, m, press("enter"))
	noCall("enter on the lock screen", 0)
	if cmd == nil {
		t.Fatal("enter on the lock screen returned no command")
	}
	m, cmd = feed[unlockedMsg](t, m, cmd)
	if f.callCount("Unlock") != 1 {
		t.Fatalf("Unlock called %d times, want 1", f.callCount("Unlock"))
	}
	m, cmd = feed[loadedMsg](t, m, cmd)
	if m.Screen() != "today" {
		t.Fatalf("after unlock the screen is %s, want today", m.Screen())
	}
	m, _ = feed[textReadyMsg](t, m, cmd)

	n := f.totalCalls()
	m, _ = step(t, m, press("w"))
	m = typeText(t, m, "words")
	m, cmd = step(t, m, press("ctrl+s"))
	noCall("ctrl+s", n)
	m, _ = feed[savedMsg](t, m, cmd)
	if f.callCount("Save") != 1 {
		t.Fatalf("Put called %d times, want 1", f.callCount("Save"))
	}

	n = f.totalCalls()
	m, _ = step(t, m, press("b"))
	m, _ = step(t, m, press("down"))
	m, _ = step(t, m, press("/"))
	m = typeText(t, m, "shift")
	m, _ = step(t, m, press("enter"))
	c.Advance(time.Second)
	m, _ = step(t, m, press("d"))
	c.Advance(time.Second)
	m, cmd = step(t, m, press("y"))
	noCall("browse, filter, delete", n)
	m, _ = feed[deletedMsg](t, m, cmd)
	if f.callCount("Delete") != 1 {
		t.Fatalf("Delete called %d times, want 1", f.callCount("Delete"))
	}

	n = f.totalCalls()
	_, cmd = step(t, m, press("ctrl+l"))
	noCall("ctrl+l", n)
	await[lockedMsg](t, cmd)
	if f.callCount("Lock") != 1 {
		t.Fatalf("Lock called %d times, want 1", f.callCount("Lock"))
	}
}

// newRealDiary creates a diary on disk and returns its folder.
func newRealDiary(t *testing.T, pass string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "diary")
	s, err := diary.Create(dir, []byte(pass), false, diary.Options{Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return dir
}

// openRealModel opens the diary in dir, closed when the test ends, and a
// model on it in an 80x24 terminal, still locked.
func openRealModel(t *testing.T, dir string) (Model, *diary.Store) {
	t.Helper()
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	m := newModel(deps{store: s, dir: dir, now: newClock().Now})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	return m, s
}

func realCreate(dir string, pass []byte) (diaryStore, error) {
	return diary.Create(dir, pass, false, diary.Options{Now: newClock().Now})
}

// decryptEntries opens every entry file with the diary's own identity, the
// way the age CLI would.
func decryptEntries(t *testing.T, dir, pass string) []*diary.Entry {
	t.Helper()
	kf, err := os.ReadFile(filepath.Join(dir, diary.KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	id, err := crypto.UnwrapIdentity(kf, []byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, diary.EntriesDir, "*.age"))
	var out []*diary.Entry
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := crypto.Open(b, diary.MaxEntryFileSize, id)
		if err != nil {
			t.Fatalf("%s does not decrypt with the diary identity: %v", f, err)
		}
		e, err := diary.ParseEntry(plain)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// TestFirstRunWriteSave: no diary → setup → straight to writing → ctrl+s →
// an encrypted file in entries/ that decrypts to the text → browse shows it.
func TestFirstRunWriteSave(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "diary")
	const pass = "four unrelated words here"
	m := newModel(deps{dir: dir, create: realCreate, now: newClock().Now})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if m.Screen() != "setup" {
		t.Fatalf("first run shows %s, want setup", m.Screen())
	}
	m, _ = step(t, m, press("enter"))
	m = typeText(t, m, pass)
	m, _ = step(t, m, press("enter"))
	m = typeText(t, m, "four unrelated words hare") // a typo
	m, _ = step(t, m, press("enter"))
	if !strings.Contains(view(m), "different") {
		t.Fatalf("mismatched passphrases gave no message:\n%s", view(m))
	}
	m = typeText(t, m, pass)
	m, _ = step(t, m, press("enter"))
	m = typeText(t, m, pass)
	m, cmd := step(t, m, press("enter"))
	if strings.Contains(view(m), pass) {
		t.Fatal("the passphrase is on screen")
	}
	m, _ = feed[createdMsg](t, m, cmd)
	// One question first, which can be skipped: the stage in the role.
	if m.Screen() != "setup" || !strings.Contains(strings.Join(strings.Fields(view(m)), " "), "where are you in the role?") {
		t.Fatalf("after setup the screen is %s, want the stage question:\n%s", m.Screen(), view(m))
	}
	m, _ = step(t, m, press("enter"))
	if m.Screen() != "write" {
		t.Fatalf("after setup the screen is %s, want write", m.Screen())
	}
	const text = "CANARY-first-entry\nSecond line, with care."
	m = typeText(t, m, text)
	m, _ = step(t, m, press("tab"))
	m = typeText(t, m, "night, outreach")
	m, cmd = step(t, m, press("ctrl+s"))
	m, _ = feed[savedMsg](t, m, cmd)
	if m.err != "" {
		t.Fatalf("save failed: %s", m.err)
	}
	entries := decryptEntries(t, dir, pass)
	if len(entries) != 1 {
		t.Fatalf("%d entry files, want 1", len(entries))
	}
	e := entries[0]
	if e.Body != text {
		t.Errorf("saved body %q, want %q", e.Body, text)
	}
	if e.Prompt == nil || e.Prompt.Family == "" {
		t.Errorf("the entry does not record its prompt: %+v", e.Prompt)
	} else if !strings.Contains(strings.Join(e.Tags, ","), e.Prompt.Family) {
		t.Errorf("tags %v lack the prompt family %q", e.Tags, e.Prompt.Family)
	}
	for _, want := range []string{"night", "outreach"} {
		if !strings.Contains(strings.Join(e.Tags, ","), want) {
			t.Errorf("tags %v lack %q", e.Tags, want)
		}
	}
	raw, _ := filepath.Glob(filepath.Join(dir, diary.EntriesDir, "*.age"))
	b, _ := os.ReadFile(raw[0])
	if strings.Contains(string(b), "CANARY") {
		t.Fatal("the entry file holds plaintext")
	}

	m, _ = step(t, m, press("b"))
	if v := view(m); !strings.Contains(v, "CANARY-first-entry") {
		t.Fatalf("browse does not list the new entry:\n%s", v)
	}
	m, cmd = step(t, m, press("q"))
	if _, ok := cmd().(tea.QuitMsg); !ok || !m.closing {
		t.Fatal("q in browse did not quit")
	}
	m.store.(*diary.Store).Close()
}

// TestWrongThenRightPassphrase uses a real key file.
func TestWrongThenRightPassphrase(t *testing.T) {
	dir := newRealDiary(t, "the right one")
	m, _ := openRealModel(t, dir)
	m = typeText(t, m, "The Right One")
	m, cmd := step(t, m, press("enter"))
	if !strings.Contains(view(m), "Unlocking") {
		t.Errorf("no working message while the key is derived:\n%s", view(m))
	}
	m, _ = feed[unlockedMsg](t, m, cmd)
	if m.Screen() != "unlock" || !strings.Contains(view(m), "didn't unlock") || strings.Contains(view(m), "damaged") {
		t.Fatalf("wrong passphrase: screen %s\n%s", m.Screen(), view(m))
	}
	m = typeText(t, m, "the right one")
	m, cmd = step(t, m, press("enter"))
	m, cmd = feed[unlockedMsg](t, m, cmd)
	m, _ = feed[loadedMsg](t, m, cmd)
	if m.Screen() != "today" || m.err != "" {
		t.Fatalf("right passphrase: screen %s, error %q", m.Screen(), m.err)
	}
}

func TestRepeatedFailuresMentionDamage(t *testing.T) {
	c := newClock()
	m := newFakeModel(t, sampleFake(c), c, 80, 24)
	for range 3 {
		m = typeText(t, m, "nope")
		var cmd tea.Cmd
		m, cmd = step(t, m, press("enter"))
		m, _ = feed[unlockedMsg](t, m, cmd)
	}
	if !strings.Contains(m.err, "damaged") {
		t.Fatalf("after three failures the message does not mention a damaged key file: %q", m.err)
	}
}

func TestFilter(t *testing.T) {
	tests := []struct {
		query string
		want  int
	}{
		{"", 5},
		{"shift", 1},
		{"SHIFT", 1},
		{"#growth", 1},
		{"care", 1},
		{"the", 5},     // every prompt text has "the"
		{"the new", 2}, // "knew" holds "new"
		{"nothing-matches", 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			c := newClock()
			m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("/"))
			m = typeText(t, m, tt.query)
			if got := len(m.browse().visible); got != tt.want {
				t.Fatalf("filter %q shows %d entries, want %d", tt.query, got, tt.want)
			}
			m, _ = step(t, m, press("esc"))
			if got := len(m.browse().visible); got != 5 {
				t.Fatalf("esc left %d entries, want all 5", got)
			}
		})
	}
}

// TestFilterNarrowingMatchesFullScan: typing, deleting and retyping gives
// the same rows as filtering from scratch.
func TestFilterNarrowingMatchesFullScan(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, _ = step(t, m, press("/"))
	for _, k := range []string{"t", "h", "e", " ", "n", "backspace", "backspace", "s"} {
		m, _ = step(t, m, press(k))
		want := matching(m.catalog, nil, m.browse().filter.Value(), true)
		if len(want) != len(m.browse().visible) {
			t.Fatalf("after %q: %d rows, a full scan gives %d", m.browse().filter.Value(), len(m.browse().visible), len(want))
		}
	}
}

func TestDeleteConfirm(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	first := m.browse().selected(&m).ID

	m, _ = step(t, m, press("d"))
	if !strings.Contains(view(m), "can't be undone") {
		t.Fatalf("no confirmation:\n%s", view(m))
	}
	// The question names the entry by the start of its text, and the row
	// it means stays in view.
	if v := view(m); !strings.Contains(v, "\u201cTook my lunch break\u201d?") || strings.Count(v, "Took my lunch break") != 2 {
		t.Fatalf("the dialog does not name the entry, or hides its row:\n%s", v)
	}
	m, cmd := step(t, m, press("y")) // typed at once: swallowed
	if cmd != nil || m.browse().confirmDelete == "" {
		t.Fatal("a key pressed as the dialog opened answered it")
	}
	c.Advance(time.Second)
	m, cmd = step(t, m, press("n"))
	if cmd != nil || m.browse().confirmDelete != "" {
		t.Fatal("n did not cancel")
	}
	if f.entryCount() != 5 {
		t.Fatal("cancel deleted something")
	}
	m, _ = step(t, m, press("d"))
	c.Advance(time.Second)
	m, cmd = step(t, m, press("y"))
	m, _ = feed[deletedMsg](t, m, cmd)
	if _, still := f.entry(first); still || f.entryCount() != 4 {
		t.Fatal("y did not delete the entry under the cursor")
	}
	if len(m.catalog) != 4 || len(m.browse().visible) != 4 {
		t.Fatalf("the list still shows %d entries", len(m.browse().visible))
	}
}

// TestSelectSeveral: space marks rows; the selection survives filtering.
func TestSelectSeveral(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, _ = step(t, m, press("space"))
	m, _ = step(t, m, press("space"))
	if len(m.browse().marked) != 2 || !strings.Contains(view(m), "2 selected") {
		t.Fatalf("two spaces marked %d rows", len(m.browse().marked))
	}
	m, _ = step(t, m, press("/"))
	m = typeText(t, m, "shift")
	m, _ = step(t, m, press("esc"))
	if len(m.browse().marked) != 2 {
		t.Fatal("filtering lost the selection")
	}
}

// TestIdleLockOnEveryScreen: past the timeout, every screen and dialog
// locks, drops decrypted text, and shows no entry text; writing comes back
// from its encrypted draft after unlocking.
func TestIdleLockOnEveryScreen(t *testing.T) {
	const canary = "CANARY-idle"
	setups := map[string]func(t *testing.T, m Model, c *clock) Model{
		"today": func(t *testing.T, m Model, c *clock) Model { return m },
		"write": func(t *testing.T, m Model, c *clock) Model {
			m, _ = step(t, m, press("w"))
			return typeText(t, m, canary+" unsaved")
		},
		"write-leave-dialog": func(t *testing.T, m Model, c *clock) Model {
			m, _ = step(t, m, press("n"))
			m = typeText(t, m, canary+" unsaved")
			m, _ = step(t, m, press("esc"))
			return m
		},
		"browse": func(t *testing.T, m Model, c *clock) Model {
			m, cmd := step(t, m, press("b"))
			m, _ = feed[renderedMsg](t, m, cmd)
			return m
		},
		"browse-filter": func(t *testing.T, m Model, c *clock) Model {
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("/"))
			return typeText(t, m, "canary")
		},
		"delete-dialog": func(t *testing.T, m Model, c *clock) Model {
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("d"))
			return m
		},
		"read": func(t *testing.T, m Model, c *clock) Model {
			m, _ = step(t, m, press("b"))
			m, cmd := step(t, m, press("enter"))
			m, cmd = feed[entryMsg](t, m, cmd)
			if cmd != nil {
				m, _ = feed[renderedMsg](t, m, cmd)
			}
			return m
		},
		"help": func(t *testing.T, m Model, c *clock) Model {
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("?"))
			return m
		},
	}
	for name, setup := range setups {
		t.Run(name, func(t *testing.T) {
			c := newClock()
			f := newFakeStore(c.Now)
			f.addEntry(0, "care", canary+" in a saved entry")
			m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
			m = setup(t, m, c)
			if !strings.Contains(view(m), "CANARY") && name != "today" && name != "help" && name != "delete-dialog" && name != "write-leave-dialog" {
				t.Fatalf("setup did not show the canary:\n%s", view(m))
			}
			c.Advance(4 * time.Minute)
			m, _ = step(t, m, idleCheckMsg{})
			if m.Screen() == "unlock" {
				t.Fatal("locked before the timeout")
			}
			c.Advance(61 * time.Second)
			m, cmd := step(t, m, idleCheckMsg{})
			if m.Screen() != "unlock" {
				t.Fatalf("not locked after the timeout: %s", m.Screen())
			}
			if v := m.View().Content; strings.Contains(v, "CANARY") {
				t.Fatalf("the lock screen shows entry text:\n%s", v)
			}
			if m.catalog != nil || len(m.renders) != 0 || m.read().entry != nil || m.write().active || m.browse().query != "" || len(m.browse().visible) != 0 {
				t.Fatal("decrypted text is still in the model after the lock")
			}
			wasWriting := strings.HasPrefix(name, "write")
			if wasWriting {
				m, _ = feed[draftSavedMsg](t, m, cmd)
				if len(f.draftList()) != 1 {
					t.Fatalf("%d drafts saved on lock, want 1", len(f.draftList()))
				}
				if m.pendingDraft != nil {
					t.Fatal("the draft text is still held after it was saved")
				}
			}
			await[lockedMsg](t, cmd)
			if raw := await[tea.RawMsg](t, cmd); raw.Msg != ed3 {
				t.Errorf("the lock wrote %q to the terminal, want the scrollback erase", raw.Msg)
			}
			if f.isUnlocked() {
				t.Fatal("the store still has its key")
			}
			m = unlocked(t, m, "right passphrase")
			if wasWriting {
				if m.Screen() != "write" || !strings.Contains(m.write().ed.Value(), canary+" unsaved") {
					t.Fatalf("after unlock the writing did not come back: screen %s", m.Screen())
				}
			} else if m.Screen() != "today" {
				t.Fatalf("after unlock: %s", m.Screen())
			}
		})
	}
}

func TestKeyPressResetsIdleClock(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	c.Advance(4 * time.Minute)
	m, _ = step(t, m, press("down"))
	c.Advance(4 * time.Minute)
	m, _ = step(t, m, idleCheckMsg{})
	if m.Screen() == "unlock" {
		t.Fatal("a key press did not reset the idle clock")
	}
	m, _ = step(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	c.Advance(2 * time.Minute)
	m, _ = step(t, m, idleCheckMsg{})
	if m.Screen() != "unlock" {
		t.Fatal("mouse movement kept the diary open")
	}
}

// TestDraftRecoveryAfterCrash uses a real store: autosave writes an
// encrypted draft; a new session offers it back; saving removes it.
func TestDraftRecoveryAfterCrash(t *testing.T) {
	const pass = "draft test pass"
	dir := newRealDiary(t, pass)
	m, s := openRealModel(t, dir)
	m = unlocked(t, m, pass)
	m, _ = step(t, m, press("w"))
	const text = "CANARY-draft words before the crash"
	m = typeText(t, m, text)
	m, cmd := step(t, m, autosaveTickMsg{gen: m.autosaveGen})
	m, _ = feed[draftSavedMsg](t, m, cmd)
	drafts, _ := filepath.Glob(filepath.Join(dir, diary.DraftsDir, "*.age"))
	if len(drafts) != 1 {
		t.Fatalf("%d draft files after autosave, want 1", len(drafts))
	}
	b, _ := os.ReadFile(drafts[0])
	if strings.Contains(string(b), "CANARY") {
		t.Fatal("the draft is not encrypted")
	}
	// Nothing changed since: the next tick writes nothing.
	if next, cmd := step(t, m, autosaveTickMsg{gen: m.autosaveGen}); next.write().autosaving {
		t.Fatalf("an unchanged text was autosaved again (%T)", cmd)
	}
	// A tick from a chain started before a lock does nothing.
	if _, cmd := step(t, m, autosaveTickMsg{gen: m.autosaveGen - 1}); cmd != nil {
		t.Fatal("a stale autosave tick started another chain")
	}

	// The terminal closes without a save; a new session starts.
	s.Lock()
	m = newModel(deps{store: s, dir: dir, now: newClock().Now})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = unlocked(t, m, pass)
	if m.Screen() != "today" || !strings.Contains(view(m), "Unsaved writing found") {
		t.Fatalf("no draft offered:\n%s", view(m))
	}
	m, _ = step(t, m, press("r"))
	if m.Screen() != "write" || m.write().ed.Value() != text {
		t.Fatalf("resume gave %q on %s", m.write().ed.Value(), m.Screen())
	}
	m, cmd = step(t, m, press("ctrl+s"))
	m, _ = feed[savedMsg](t, m, cmd)
	if drafts, _ := filepath.Glob(filepath.Join(dir, diary.DraftsDir, "*.age")); len(drafts) != 0 {
		t.Fatalf("%d drafts left after saving the entry", len(drafts))
	}
	if es := decryptEntries(t, dir, pass); len(es) != 1 || es[0].Body != text {
		t.Fatal("the recovered draft was not saved as the entry")
	}
}

// TestDiscardDraft: x on Today asks before a draft is discarded, with the
// same grace as other dialogs, so one stray key cannot lose writing.
func TestDiscardDraft(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	f.SaveDraft(draftOf("old words"))
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, cmd := step(t, m, press("x"))
	if cmd != nil || len(f.draftList()) != 1 || len(m.drafts) != 1 {
		t.Fatal("x discarded the draft without asking")
	}
	if v := view(m); !strings.Contains(v, "Discard the unsaved writing") || !strings.Contains(v, "2 words") {
		t.Fatalf("x did not ask which writing to discard:\n%s", v)
	}
	m, cmd = step(t, m, press("y")) // typed at once: swallowed
	if cmd != nil || len(m.drafts) != 1 {
		t.Fatal("a key pressed as the dialog opened answered it")
	}
	c.Advance(time.Second)
	m, cmd = step(t, m, press("n"))
	if cmd != nil || len(m.drafts) != 1 || !strings.Contains(view(m), "r resume") {
		t.Fatal("n did not keep the draft")
	}
	m, _ = step(t, m, press("x"))
	c.Advance(time.Second)
	m, cmd = step(t, m, press("y"))
	m, _ = feed[draftDeletedMsg](t, m, cmd)
	if len(f.draftList()) != 0 || strings.Contains(view(m), "Unsaved writing") {
		t.Fatal("y did not discard the draft")
	}
}

// TestQuitSavesDraft: ctrl+c while writing saves an encrypted draft, then
// quits; a quit from outside (SIGTERM) waits for the same.
func TestQuitSavesDraft(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("w"))
	m = typeText(t, m, "CANARY-quit")
	if got := quitFilter(m, tea.QuitMsg{}); got != (shutdownMsg{}) {
		t.Fatalf("a quit with unsaved text passed the filter: %T", got)
	}
	m, cmd := step(t, m, shutdownMsg{})
	m, cmd = feed[draftSavedMsg](t, m, cmd)
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("no quit after the draft was saved")
	}
	if len(f.draftList()) != 1 {
		t.Fatalf("%d drafts, want 1", len(f.draftList()))
	}
	for _, d := range f.draftList() {
		if d.Entry.Body != "CANARY-quit" {
			t.Fatalf("draft body %q", d.Entry.Body)
		}
	}
	if got := quitFilter(m, tea.QuitMsg{}); got != (tea.QuitMsg{}) {
		t.Fatal("the filter held the final quit")
	}
}

func TestLeaveDialog(t *testing.T) {
	tests := []struct {
		key       string
		screen    string
		wantPut   int
		wantDraft bool
	}{
		{"s", "today", 1, false},
		{"d", "today", 0, false},
		{"esc", "write", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			c := newClock()
			f := sampleFake(c)
			m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
			m, _ = step(t, m, press("w"))
			m = typeText(t, m, "some words")
			m, _ = step(t, m, press("esc"))
			c.Advance(time.Second)
			m, cmd := step(t, m, press(tt.key))
			if tt.wantPut > 0 {
				m, _ = feed[savedMsg](t, m, cmd)
			}
			if m.Screen() != tt.screen || f.callCount("Save") != tt.wantPut {
				t.Fatalf("screen %s, %d saves", m.Screen(), f.callCount("Save"))
			}
		})
	}
}

// TestEscapeInjectionInert renders an entry made of terminal attacks in the
// list, the preview and the reader; the frame keeps only our own styling.
func TestEscapeInjectionInert(t *testing.T) {
	payloads := []string{
		"\x1b[2J", "\x1b]0;owned\x07", "\x1b]52;c;Y2FuYXJ5\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
		"\x1bPdcs\x1b\\", "\x1b_apc\x1b\\", "\x9b2J", "\u009b2J",
		"\x07", "a\bb", "secret\rhidden", "\x00", "\x7f",
		"\u202egnp.exe", "\u2066iso", "e" + strings.Repeat("\u0301", 1000),
	}
	body := "Title line " + strings.Join(payloads, " | ")
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		c := newClock()
		f := newFakeStore(c.Now)
		f.entries["evil"] = diary.Entry{ID: "evil", Created: fixedNow, Updated: fixedNow, Body: body, Tags: []string{"x\u202etag"}}
		m := unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
		m, cmd := step(t, m, press("b"))
		m, _ = feed[renderedMsg](t, m, cmd)
		frames := []string{m.View().Content}
		edit, ecmd := step(t, m, press("e"))
		edit, _ = feed[entryMsg](t, edit, ecmd)
		edit, _ = step(t, edit, press("tab"))
		edit, _ = step(t, edit, tea.PasteMsg{Content: "pasted\u202etag"})
		if edit.Screen() != "write" {
			t.Fatalf("the entry did not open in the editor: %s", edit.Screen())
		}
		frames = append(frames, edit.View().Content)
		m, cmd = step(t, m, press("enter"))
		m, cmd = feed[entryMsg](t, m, cmd)
		frames = append(frames, m.View().Content)
		if cmd != nil { // nil when the preview was already rendered at this width
			m, _ = feed[renderedMsg](t, m, cmd)
			frames = append(frames, m.View().Content)
		}
		for i, fr := range frames {
			for _, bad := range []string{"\x1b]", "\x1bP", "\x1b_", "\x1b[2J", "\x9b", "\u009b", "\x07", "\b", "\r", "\x00", "\x7f", "\u202e", "\u2066"} {
				if strings.Contains(fr, bad) {
					t.Errorf("%dx%d frame %d contains %q", size.w, size.h, i, bad)
				}
			}
			if !strings.Contains(fr, "⟨U+202E⟩") {
				t.Errorf("%dx%d frame %d does not show the bidi override as a marker", size.w, size.h, i)
			}
		}
	}
}

// TestLongEntries: nothing is ever cut. A 500-line entry edits and saves
// byte-identical; a 12,000-line one opens read-only and is never saved.
func TestLongEntries(t *testing.T) {
	lines := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString("line ")
			b.WriteString(strings.Repeat("x", i%70))
		}
		return b.String()
	}
	// openInEditor puts one entry holding body in the diary and opens it
	// from the list with e.
	openInEditor := func(t *testing.T, id, body string) (Model, *fakeStore) {
		t.Helper()
		c := newClock()
		f := newFakeStore(c.Now)
		f.entries[id] = diary.Entry{ID: id, Created: fixedNow, Updated: fixedNow, Body: body}
		m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
		m, _ = step(t, m, press("b"))
		m, cmd := step(t, m, press("e"))
		m, _ = feed[entryMsg](t, m, cmd)
		return m, f
	}
	t.Run("500 lines", func(t *testing.T) {
		body := lines(500)
		m, f := openInEditor(t, "long", body)
		if m.Screen() != "write" || m.write().ed.Value() != body {
			t.Fatalf("the editor holds %d of %d bytes", len(m.write().ed.Value()), len(body))
		}
		m, _ = step(t, m, tea.KeyPressMsg{Code: tea.KeyEnd, Mod: tea.ModCtrl})
		m = typeText(t, m, "!")
		m, cmd := step(t, m, press("ctrl+s"))
		m, _ = feed[savedMsg](t, m, cmd)
		if got, _ := f.entry("long"); got.Body != body+"!" {
			t.Fatalf("saved %d bytes, want %d", len(got.Body), len(body)+1)
		}
		if m.Screen() != "browse" {
			t.Errorf("saving an edit opened from the list went to %s, want browse", m.Screen())
		}
	})
	t.Run("12000 lines", func(t *testing.T) {
		body := lines(12000)
		m, f := openInEditor(t, "huge", body)
		if m.Screen() != "write" || m.write().ed.Value() != body {
			t.Fatalf("a 12,000-line entry opened on %s holding %d of %d bytes", m.Screen(), len(m.write().ed.Value()), len(body))
		}
		m, cmd := step(t, m, press("ctrl+s"))
		m, _ = feed[savedMsg](t, m, cmd)
		if got, _ := f.entry("huge"); got.Body != body {
			t.Fatalf("open then save changed the entry: %d bytes, want %d", len(got.Body), len(body))
		}
		m, cmd = step(t, m, press("e"))
		m, _ = feed[entryMsg](t, m, cmd)
		m, _ = step(t, m, tea.KeyPressMsg{Code: tea.KeyEnd, Mod: tea.ModCtrl})
		m = typeText(t, m, "!")
		m, _ = step(t, m, tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl})
		m = typeText(t, m, "^")
		m, cmd = step(t, m, press("ctrl+s"))
		m, _ = feed[savedMsg](t, m, cmd)
		if got, _ := f.entry("huge"); got.Body != "^"+body+"!" {
			t.Fatalf("edits at both ends of a long entry: %d bytes, want %d", len(got.Body), len(body)+2)
		}
	})
	t.Run("over 1 MB", func(t *testing.T) {
		body := strings.Repeat("x", diary.MaxBodySize+1)
		m, f := openInEditor(t, "big", body)
		if m.Screen() != "read" || !strings.Contains(m.notice, "read-only") {
			t.Fatalf("an entry over 1 MB opened on %s; notice %q", m.Screen(), m.notice)
		}
		if _, cmd := step(t, m, press("ctrl+s")); cmd != nil || f.callCount("Save") != 0 {
			t.Fatal("a read-only entry was saved")
		}
	})
}

func TestPasteLimits(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("n"))
	m, _ = step(t, m, tea.PasteMsg{Content: "pasted through the terminal"})
	if m.write().ed.Value() != "pasted through the terminal" {
		t.Fatalf("bracketed paste gave %q", m.write().ed.Value())
	}
	m, _ = step(t, m, tea.PasteMsg{Content: strings.Repeat("a", diary.MaxBodySize)})
	if !strings.Contains(m.err, "Nothing was pasted") || len(m.write().ed.Value()) != len("pasted through the terminal") {
		t.Fatalf("an oversized paste was not refused: %q", m.err)
	}
	// The limit is named as the command line and the docs name it.
	if !strings.Contains(m.err, "the limit is 1 MiB") {
		t.Errorf("the paste limit is not named as everywhere else: %q", m.err)
	}
	m.err = ""
	m, _ = step(t, m, tea.PasteMsg{Content: strings.Repeat("\n", maxEditorLines)})
	if !strings.Contains(m.err, "Nothing was pasted") {
		t.Fatal("a paste past the editor's line limit was not refused")
	}
}

func TestNoClipboardKeys(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("n"))
	m = typeText(t, m, "abc")
	for _, k := range []tea.KeyPressMsg{{Code: 'v', Mod: tea.ModCtrl}, {Code: 'c', Mod: tea.ModCtrl | tea.ModShift}, {Code: 'g', Mod: tea.ModCtrl}} {
		next, cmd := step(t, m, k)
		if cmd != nil && k.Code == 'v' {
			t.Error("ctrl+v returned a command (the clipboard helper)")
		}
		if next.write().ed.Value() != "abc" {
			t.Errorf("%s changed the text to %q", k.String(), next.write().ed.Value())
		}
	}
}

func TestPanicInCommandHidesValue(t *testing.T) {
	cmd := safe(func() tea.Msg { panic("CANARY private words") })
	if _, ok := cmd().(panicMsg); !ok {
		t.Fatal("a panicking command did not become panicMsg")
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	m := newModel(deps{dir: dir, demo: true, now: newClock().Now})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	// While the demo diary is made, only ctrl+c does anything, and only it
	// is offered.
	if v := view(m); !strings.Contains(v, "Making a demo diary") || strings.TrimSpace(v[strings.LastIndex(v, "\n"):]) != "ctrl+c quit" {
		t.Fatalf("the demo's loading screen:\n%s", v)
	}
	m, cmd := feed[demoReadyMsg](t, m, demoCmd(dir, newClock().Now))
	m, _ = feed[loadedMsg](t, m, cmd)
	if m.Screen() != "today" || len(m.catalog) != len(sampleEntries) {
		t.Fatalf("demo: screen %s with %d entries", m.Screen(), len(m.catalog))
	}
	if !strings.Contains(view(m), "demo diary — nothing is kept") {
		t.Fatal("no demo badge")
	}
	for _, s := range m.catalog {
		// The demo badge and the #sample tag say what they are; the text
		// reads as a diary would.
		if strings.HasPrefix(s.Title, "(sample)") || !slices.Contains(s.Tags, "sample") {
			t.Errorf("sample entry %q with tags %v", s.Title, s.Tags)
		}
		if s.Created.After(fixedNow) {
			t.Errorf("sample entry dated in the future: %v", s.Created)
		}
		if !s.Updated.Equal(s.Created) {
			t.Errorf("sample entry %q reads as edited %v after it was written", s.Title, s.Updated.Sub(s.Created))
		}
	}
	m, _ = step(t, m, press("b"))
	m, cmd = step(t, m, press("enter"))
	m, _ = feed[entryMsg](t, m, cmd)
	if v := view(m); strings.Contains(v, "edited") {
		t.Fatalf("a sample entry reads as edited:\n%s", v)
	}
	m, _ = step(t, m, press("esc"))
	m, _ = step(t, m, press("esc"))
	// Locking the demo and pressing enter opens it again.
	m, _ = step(t, m, press("ctrl+l"))
	m, cmd = step(t, m, press("enter"))
	m, cmd = feed[unlockedMsg](t, m, cmd)
	m, _ = feed[loadedMsg](t, m, cmd)
	if m.Screen() != "today" {
		t.Fatalf("demo unlock: %s (%s)", m.Screen(), m.err)
	}
	m.store.(*diary.Store).Close()
}

// TestCursorComesBack: after a lock the writing comes back with the cursor
// where it was, so the next words land where they were meant; a draft
// taken back from Today carries on at its end.
func TestCursorComesBack(t *testing.T) {
	lockAndUnlock := func(t *testing.T, m Model) Model {
		t.Helper()
		m, cmd := step(t, m, press("ctrl+l"))
		m, _ = feed[draftSavedMsg](t, m, cmd)
		// The lock's commands run concurrently and feed returns at the
		// draft: the store's own Lock may still be on its way, and landing
		// after the unlock below it would lock the store again behind the
		// model's back (a person can't type a passphrase that fast).
		f := m.store.(*fakeStore)
		for deadline := time.Now().Add(20 * time.Second); f.isUnlocked(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the store never locked")
			}
		}
		return unlocked(t, m, "right passphrase")
	}
	t.Run("end of the text", func(t *testing.T) {
		c := newClock()
		m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
		m, _ = step(t, m, press("n"))
		m = typeText(t, m, "First half of my sentence")
		m = lockAndUnlock(t, m)
		m = typeText(t, m, " and the second half.")
		if got := m.write().ed.Value(); got != "First half of my sentence and the second half." {
			t.Fatalf("after unlock the text is %q", got)
		}
	})
	t.Run("middle of the text", func(t *testing.T) {
		c := newClock()
		m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
		m, _ = step(t, m, press("n"))
		m = typeText(t, m, "Line one\none three")
		for range len(" three") {
			m, _ = step(t, m, press("left"))
		}
		m = lockAndUnlock(t, m)
		m = typeText(t, m, " two")
		if got := m.write().ed.Value(); got != "Line one\none two three" {
			t.Fatalf("after unlock the text is %q", got)
		}
	})
	t.Run("already autosaved", func(t *testing.T) {
		c := newClock()
		m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
		m, _ = step(t, m, press("n"))
		m = typeText(t, m, "Saved a moment ago")
		m, cmd := step(t, m, autosaveTickMsg{gen: m.autosaveGen})
		m, _ = feed[draftSavedMsg](t, m, cmd)
		m, _ = step(t, m, press("ctrl+l"))
		m = unlocked(t, m, "right passphrase")
		if m.Screen() != "write" {
			t.Fatalf("after unlock the autosaved writing did not come back: %s", m.Screen())
		}
		m = typeText(t, m, ", and more.")
		if got := m.write().ed.Value(); got != "Saved a moment ago, and more." {
			t.Fatalf("after unlock the text is %q", got)
		}
	})
	t.Run("reflection step", func(t *testing.T) {
		c := newClock()
		m := unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
		m = chooseTemplate(t, m, "gibbs")
		m = typeText(t, m, "first")
		m, _ = step(t, m, press("tab"))
		m = typeText(t, m, "ac")
		m, _ = step(t, m, press("left"))
		m = lockAndUnlock(t, m)
		m = typeText(t, m, "b")
		if w := m.write(); w.refl.step != 1 || w.ed.Value() != "abc" {
			t.Fatalf("after unlock step %d holds %q", w.refl.step+1, w.ed.Value())
		}
	})
	t.Run("resumed from Today", func(t *testing.T) {
		c := newClock()
		f := sampleFake(c)
		f.SaveDraft(draftOf("Half a thought\nabout the night shift"))
		m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
		m, _ = step(t, m, press("r"))
		m = typeText(t, m, ", and the morning.")
		if got := m.write().ed.Value(); got != "Half a thought\nabout the night shift, and the morning." {
			t.Fatalf("the resumed draft reads %q", got)
		}
	})
}

// TestReaderShowsPosition: a long entry's reader says how far through it
// is; a short one says nothing.
func TestReaderShowsPosition(t *testing.T) {
	c := newClock()
	f := newFakeStore(c.Now)
	var long strings.Builder
	for i := range 60 {
		fmt.Fprintf(&long, "Paragraph %d of a long night.\n\n", i+1)
	}
	f.addEntry(0, "", long.String())
	f.addEntry(1, "", "A short one.")
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	open := func(m Model) Model {
		m, cmd := step(t, m, press("enter"))
		m, cmd = feed[entryMsg](t, m, cmd)
		m, _ = feed[renderedMsg](t, m, cmd)
		return m
	}
	m = open(m)
	ruleEnds := func(m Model) string {
		for _, l := range strings.Split(view(m), "\n") {
			if l = strings.TrimSpace(l); strings.HasPrefix(l, "───") {
				return strings.TrimSpace(strings.TrimLeft(l, "─"))
			}
		}
		return "no rule"
	}
	if got := ruleEnds(m); got != "0%" {
		t.Fatalf("at the top of a long entry the rule ends %q:\n%s", got, view(m))
	}
	m, _ = step(t, m, press("G"))
	if got := ruleEnds(m); got != "100%" {
		t.Fatalf("at the end the rule ends %q", got)
	}
	m, _ = step(t, m, press("g"))
	m, _ = step(t, m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	if got := ruleEnds(m); got == "0%" || got == "100%" || !strings.HasSuffix(got, "%") {
		t.Fatalf("a page down the rule ends %q", got)
	}
	m, _ = step(t, m, press("esc"))
	m, _ = step(t, m, press("down"))
	m = open(m)
	if got := ruleEnds(m); got != "" {
		t.Fatalf("a short entry's rule ends %q", got)
	}
}

// TestEmptyBrowseOffersNoRows: with nothing listed, Browse offers nothing
// to read, edit, delete or select.
func TestEmptyBrowseOffersNoRows(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, newFakeStore(c.Now), c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	for _, dead := range []string{"read", "edit", "delete", "select"} {
		if hint := view(m); strings.Contains(hint[strings.LastIndex(hint, "\n"):], dead) {
			t.Errorf("an empty Browse offers %q: %s", dead, hint[strings.LastIndex(hint, "\n"):])
		}
	}
	m, _ = step(t, m, press("?"))
	for _, dead := range []string{"read", "edit", "delete", "select"} {
		if strings.Contains(view(m), dead) {
			t.Errorf("the full help of an empty Browse offers %q", dead)
		}
	}

	m = unlocked(t, newFakeModel(t, sampleFake(c), c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, _ = step(t, m, press("/"))
	m = typeText(t, m, "nothing like this")
	m, _ = step(t, m, press("enter"))
	hint := view(m)[strings.LastIndex(view(m), "\n"):]
	if strings.Contains(hint, "read") || !strings.Contains(hint, "clear filter") {
		t.Errorf("a filter matching nothing offers: %s", hint)
	}
}

// TestWriteOpensTheEditor: `peerdiary write` in a terminal opens the diary
// straight on the editor, with the prompt, tags, mood and time it was
// given; saving keeps them.
func TestWriteOpensTheEditor(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	p, ok := prompts.Lookup("care.hard-days.1")
	if !ok {
		t.Fatal("no care.hard-days.1 in the library")
	}
	yesterday := fixedNow.Add(-24 * time.Hour)
	ne := &NewEntry{Entry: diary.Entry{Prompt: p.Ref(), Tags: []string{"night"}, Mood: 3, Created: yesterday}}
	m := newModel(deps{store: f, now: c.Now, dir: f.Path(), newEntry: ne})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = unlocked(t, m, "right passphrase")
	v := view(m)
	if m.Screen() != "write" || !strings.Contains(v, "New entry · Sun 22 Nov 18:30") || !strings.Contains(v, "Tags: [care] night") || !strings.Contains(v, "Mood: 3/5 okay") {
		t.Fatalf("after unlock:\n%s", v)
	}
	m = typeText(t, m, "A quiet end to the shift.")
	m, cmd := step(t, m, press("ctrl+s"))
	m, _ = feed[savedMsg](t, m, cmd)
	if m.Screen() != "today" {
		t.Fatalf("after saving: %s", m.Screen())
	}
	var saved *diary.Entry
	f.mu.Lock()
	for _, e := range f.entries {
		if e.Body == "A quiet end to the shift." {
			saved = &e
		}
	}
	f.mu.Unlock()
	if saved == nil || !saved.Created.Equal(yesterday) || saved.Mood != 3 || saved.Prompt == nil || saved.Prompt.ID != p.ID || !slices.Contains(saved.Tags, "night") {
		t.Fatalf("saved %+v", saved)
	}

	// Only the first opening: after a lock, the diary opens on Today.
	m, _ = step(t, m, press("ctrl+l"))
	if m = unlocked(t, m, "right passphrase"); m.Screen() != "today" {
		t.Fatalf("after a lock and unlock: %s", m.Screen())
	}

	// A pack's prompt the diary does not have: the editor opens all the
	// same, and says so.
	m = newModel(deps{store: f, now: c.Now, dir: f.Path(), newEntry: &NewEntry{PromptID: "harbour/first-shift"}})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = typeText(t, m, "right passphrase")
	m, cmd = step(t, m, press("enter"))
	m, cmd = feed[unlockedMsg](t, m, cmd)
	m, cmd = feed[loadedMsg](t, m, cmd)
	m, _ = feed[newEntryMsg](t, m, cmd)
	if m.Screen() != "write" || !strings.Contains(view(m), "no prompt with that id") {
		t.Fatalf("a missing pack prompt:\n%s", view(m))
	}
}

// The demo can be walked through the support and supervision screens: f2
// shows its made-up people and the example resources pack, and on the lock
// screen only the two marked for it; u and x reach the demo supervisor
// with the flagged samples, the listed name taken out, and the export is
// offered inside the demo's own folder.
func TestDemoSupportAndSupervision(t *testing.T) {
	dir := t.TempDir()
	c := newClock()
	m := newModel(deps{dir: dir, demo: true, now: c.Now})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m, cmd := feed[demoReadyMsg](t, m, demoCmd(dir, c.Now))
	m, _ = feed[loadedMsg](t, m, cmd)
	defer m.store.(*diary.Store).Close()
	if m.Screen() != "today" {
		t.Fatalf("demo: screen %s (%s)", m.Screen(), m.err)
	}

	// What is stored is encrypted in the demo's folder, like any diary's.
	s := m.store.(*diary.Store)
	if st, err := s.Settings(); err != nil || len(st.Supports) != len(demoPeople) {
		t.Fatalf("the demo's people: %v, %v", st, err)
	}
	records, _ := filepath.Glob(filepath.Join(dir, "records", "*"))
	for _, r := range records {
		data, _ := os.ReadFile(r)
		if !bytes.HasPrefix(data, []byte("age-encryption.org/v1")) || bytes.Contains(data, []byte("Danny")) || bytes.Contains(data, []byte("Sam (sample)")) {
			t.Errorf("%s is not an age file, or holds a name in the clear", r)
		}
	}
	for _, name := range []string{"settings.age", "contacts.age", "people.age", "flags.age", "resources-example-organisation.age"} {
		if !slices.Contains(records, filepath.Join(dir, "records", name)) {
			t.Errorf("no %s among the demo's records %v", name, records)
		}
	}

	m, _ = step(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m, _ = step(t, m, press("f2"))
	v := flat(view(m))
	for _, want := range []string{"Sam (sample) · a text, any evening", "Kit, peer mentor (sample)", "Ash (sample)", "Your organisation", "Employee assistance line", "Crisis line"} {
		if !strings.Contains(v, want) {
			t.Errorf("f2 in the demo lacks %q:\n%s", want, view(m))
		}
	}
	checkWidth(t, m, 120, 40)
	m, _ = step(t, m, press("esc"))

	m, cmd = step(t, m, press("u"))
	m, _ = feed[supervisionDataMsg](t, m, cmd)
	v = flat(view(m))
	for _, want := range []string{"For supervision", "Nothing sent to Demo supervisor yet", "Someone I used with years ago came in", "was I fair, or just careful?", "A hard night at outreach"} {
		if !strings.Contains(v, want) {
			t.Errorf("the prep view lacks %q:\n%s", want, view(m))
		}
	}
	m, cmd = step(t, m, press("x"))
	if m.Screen() != string(screenExport) {
		t.Fatalf("x in the prep view went to %s (%s)", m.Screen(), view(m))
	}
	m, _ = feed[supervisionDataMsg](t, m, cmd)
	if v := view(m); !strings.Contains(v, demoSupervisor) || !strings.Contains(v, "age1pq1") {
		t.Fatalf("the export does not offer the demo supervisor:\n%s", v)
	}
	m, _ = step(t, m, press("enter")) // the demo supervisor
	m, _ = step(t, m, press("enter")) // the notice before a first export
	ex := m.screens[screenExport].(*exportScreen)
	if p := ex.path.Value(); filepath.Dir(p) != dir {
		t.Errorf("the demo offers to write its export to %s, outside its own folder %s", p, dir)
	}
	m, _ = step(t, m, press("tab"))
	m, cmd = step(t, m, press("enter"))
	m, _ = feed[builtMsg](t, m, cmd)
	v = view(m)
	if !strings.Contains(v, "Client A") || strings.Contains(v, "Danny") {
		t.Errorf("the demo's preview does not take the listed name out:\n%s", v)
	}
	m, _ = step(t, m, press("s"))
	c.Advance(time.Second)
	m, cmd = step(t, m, press("y"))
	m, _ = feed[sentMsg](t, m, cmd)
	if v := flat(view(m)); !strings.Contains(v, "no one can open this file. It goes with the demo when you quit.") {
		t.Errorf("after the demo's export:\n%s", view(m))
	}
	if ledger, err := s.Ledger(); err != nil || len(ledger) != 1 || ledger[0].To != demoSupervisor || filepath.Dir(ledger[0].Output) != dir {
		t.Errorf("the demo's export: %+v, %v", ledger, err)
	}

	// Locked, f2 shows only the two marked for the lock screen.
	m, _ = step(t, m, press("ctrl+l"))
	m, _ = step(t, m, press("f2"))
	v = flat(view(m))
	if !strings.Contains(v, "Sam (sample)") || !strings.Contains(v, "Kit, peer mentor (sample)") || strings.Contains(v, "Ash") {
		t.Errorf("locked, the demo's f2 shows:\n%s", view(m))
	}
}

// TestSearchWaitsForTexts: a diary opened from its index lists its entries
// before their texts are read; a search typed meanwhile shows that it is
// searching, matches nothing yet and reads nothing in Update, and its rows
// come with the texts. A report for an earlier catalog is ignored.
func TestSearchWaitsForTexts(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	m := listed(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, _ = step(t, m, press("/"))
	n := f.totalCalls()
	m = typeText(t, m, "shift")
	if got := f.totalCalls(); got != n {
		t.Fatalf("typing a search called the store %d times", got-n)
	}
	if v := view(m); len(m.browse().visible) != 0 || !strings.Contains(v, "searching 5 entries…") || !strings.Contains(v, "Searching your entries…") || strings.Contains(v, "No entries match") {
		t.Fatalf("before the texts: %d rows\n%s", len(m.browse().visible), view(m))
	}
	m, _ = step(t, m, textReadyMsg{gen: m.catalogGen - 1})
	if m.textReady || len(m.browse().visible) != 0 {
		t.Fatal("a report for an earlier catalog made this one searchable")
	}
	m, _ = step(t, m, textReadyMsg{gen: m.catalogGen})
	want := matching(m.catalog, nil, "shift", true)
	if len(want) == 0 || !slices.Equal(m.browse().visible, want) {
		t.Fatalf("after the texts: rows %v, want %v", m.browse().visible, want)
	}
	if v := view(m); !strings.Contains(v, fmt.Sprintf("%d of 5 entries", len(want))) {
		t.Fatalf("header after the texts:\n%s", v)
	}
}
