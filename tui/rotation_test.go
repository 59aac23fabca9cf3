package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// On a real diary, the Today screen's prompt is the one the command line
// gives (same seed, same offers, the worker's stage), it is remembered as
// offered, and what the rotation learnt is dropped on lock.
func TestTodayPromptMatchesTheDiaryRotation(t *testing.T) {
	const pass = "correct horse battery"
	dir := newRealDiary(t, pass)
	s, err := diary.Open(dir, diary.Options{Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock([]byte(pass)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSettings(&diary.Settings{Stages: []diary.StageChange{{Stage: diary.StageInto, Since: fixedNow.AddDate(0, 0, -3)}}}); err != nil {
		t.Fatal(err)
	}
	s.Lock()

	m := newModel(deps{store: s, dir: dir, now: newClock().Now})
	m, _ = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = typeText(t, m, pass)
	m, cmd := step(t, m, press("enter"))
	m, cmd = feed[unlockedMsg](t, m, cmd)
	m, _ = feed[loadedMsg](t, m, cmd)

	shown, reason, ok := m.rotation.Today(fixedNow, m.catalog)
	if !ok {
		t.Fatal("no prompt of the day")
	}
	st, err := prompts.LoadRotation(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Offers) != 1 || st.Offers[0].ID != shown.ID || st.Offers[0].Reason != reason {
		t.Fatalf("offers = %+v, the screen shows %s (%q)", st.Offers, shown.ID, reason)
	}
	if ref := shown.Ref(); ref.Subtheme == "" {
		t.Errorf("an entry answering %s would not record its subtheme", shown.ID)
	}
	if !strings.HasPrefix(reason, "A new diary: ") || shown.Family != prompts.FamilyCare {
		t.Errorf("a new diary got %s: %q; it starts from a welcome prompt", shown.ID, reason)
	}
	if flat := strings.Join(strings.Fields(view(m)), " "); !strings.Contains(flat, reason) {
		t.Errorf("the Today screen does not say why:\n%s", view(m))
	}

	m, _ = step(t, m, press("ctrl+l"))
	if r := m.rotation; r.offers != nil || r.settings != nil {
		t.Error("the rotation state survived the lock")
	}
}
