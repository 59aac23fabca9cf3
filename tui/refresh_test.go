package tui

import (
	"strings"
	"testing"

	"peerdiary/diary"
)

// An entry saved by another peerdiary (a script, a command in another
// terminal) while the full-screen diary is open shows up in it at the next
// idle check, with the selection kept, without reopening anything.
func TestEntriesSavedElsewhereAppear(t *testing.T) {
	const pass = "refresh passphrase"
	dir := newRealDiary(t, pass)
	other, err := diary.Open(dir, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Unlock([]byte(pass)); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Put(&diary.Entry{Body: "written before"}); err != nil {
		t.Fatal(err)
	}

	m, _ := openRealModel(t, dir)
	m = typeText(t, m, pass)
	m, cmd := step(t, m, press("enter"))
	m, cmd = feed[unlockedMsg](t, m, cmd)
	m, _ = feed[loadedMsg](t, m, cmd)
	m, _ = step(t, m, press("b"))
	if !strings.Contains(view(m), "written before") {
		t.Fatalf("Browse lacks the first entry:\n%s", view(m))
	}
	// Nothing changed: an idle check reads nothing again.
	m, cmd = step(t, m, idleCheckMsg{})
	if msg := await[refreshedMsg](t, cmd); msg.catalog != nil {
		t.Fatal("the catalog was read again though no entry changed")
	}
	m, _ = step(t, m, refreshedMsg{})

	// Saved elsewhere while this one is open (and unlocked, holding no lock).
	if _, err := other.Put(&diary.Entry{Body: "written from another terminal"}); err != nil {
		t.Fatalf("a save from another process while the diary is open: %v", err)
	}
	m, cmd = step(t, m, idleCheckMsg{})
	m, _ = feed[refreshedMsg](t, m, cmd)
	v := view(m)
	if !strings.Contains(v, "written from another terminal") || !strings.Contains(v, "2 entries") {
		t.Fatalf("Browse after a save elsewhere:\n%s", v)
	}
	// The entry that was selected is still selected.
	if b := m.browse(); m.catalog[b.visible[b.cursor]].Title != "written before" {
		t.Errorf("the selection moved to %q", m.catalog[b.visible[b.cursor]].Title)
	}
}
