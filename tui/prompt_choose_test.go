package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// harbourPack is a pack with a prompt kept for asking and an everyday one.
func harbourPack(t *testing.T) *prompts.Library {
	t.Helper()
	pack, err := prompts.ParsePack("harbour.yaml", []byte(`pack: harbour-house
title: Harbour House outreach
prompts:
  - id: night-shift
    family: care
    subtheme: hard-days
    text: What stayed with you from the night shift?
  - id: after-the-van
    family: care
    subtheme: after-incident
    occasion: situational
    text: After tonight at the van, what would help you rest?
`))
	if err != nil {
		t.Fatal(err)
	}
	lib, err := prompts.NewLibrary(pack)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// toPrompt moves the list's cursor to the prompt with the id.
func toPrompt(t *testing.T, m Model, id string) Model {
	t.Helper()
	s := m.screens[screenPrompts].(*promptsScreen)
	i := slices.IndexFunc(s.list, func(p prompts.Prompt) bool { return p.ID == id })
	if i < 0 {
		t.Fatalf("%s is not in the list", id)
	}
	for range i {
		m, _ = step(t, m, press("down"))
	}
	if got := s.list[s.cursor].ID; got != id {
		t.Fatalf("the cursor is on %s, want %s", got, id)
	}
	return m
}

// The list offers the prompts that never come unasked as the prompt of the
// day, the diary's packs' included, grouped by family with a line about
// each; tab shows every prompt.
func TestChoosePromptList(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, sampleFake(c), c, 120, 40), "right passphrase")
	if !strings.Contains(view(m), "p choose a prompt") {
		t.Fatalf("Today does not say how to choose a prompt:\n%s", view(m))
	}
	m, _ = step(t, m, promptRotationMsg{lib: harbourPack(t), state: &prompts.RotationState{}})
	m, _ = step(t, m, press("p"))
	if m.Screen() != string(screenPrompts) {
		t.Fatalf("p on Today went to %s", m.Screen())
	}
	s := m.screens[screenPrompts].(*promptsScreen)
	var ids []string
	for _, p := range s.list {
		ids = append(ids, p.ID)
		if p.Daily() {
			t.Errorf("%s is in the daily rotation, not kept for asking", p.ID)
		}
	}
	for _, want := range []string{"care.grief.1", "care.grief.2", "care.after-incident.1", "care.after-incident.2", "relationships.stigma.2", "care.hard-days.1", "harbour-house/after-the-van"} {
		if !slices.Contains(ids, want) {
			t.Errorf("%s is not offered: %v", want, ids)
		}
	}
	// Grouped: each family's prompts together, in the family table's order.
	var families []string
	for _, p := range s.list {
		if len(families) == 0 || families[len(families)-1] != p.Family {
			families = append(families, p.Family)
		}
	}
	if len(slices.Compact(slices.Clone(families))) != len(families) || !slices.IsSortedFunc(families, func(a, b string) int {
		return slices.IndexFunc(prompts.Families, func(f prompts.Family) bool { return f.ID == a }) -
			slices.IndexFunc(prompts.Families, func(f prompts.Family) bool { return f.ID == b })
	}) {
		t.Errorf("families out of order or split: %v", families)
	}
	v := flat(view(m))
	for _, f := range families {
		fam, _ := prompts.FindFamily(f)
		if !strings.Contains(v, capitalise(fam.Label)+" · "+fam.About) {
			t.Errorf("the %s family has no line saying what it is about:\n%s", f, view(m))
		}
	}
	if !strings.Contains(v, "(from harbour-house)") {
		t.Errorf("a pack's prompt does not say where it is from:\n%s", view(m))
	}

	m, _ = step(t, m, press("tab"))
	if n, all := len(s.list), len(harbourPack(t).Prompts()); n != all || !strings.Contains(view(m), "Every prompt") {
		t.Errorf("tab lists %d prompts, want every one of %d:\n%s", n, all, view(m))
	}
	m, _ = step(t, m, press("G"))
	if v := view(m); !strings.Contains(v, fmt.Sprintf("%d of %d", len(s.list), len(s.list))) {
		t.Errorf("at the end of the list:\n%s", v)
	}
	checkWidth(t, m, 120, 40)
	m, _ = step(t, m, press("tab"))
	if slices.ContainsFunc(s.list, prompts.Prompt.Daily) || s.cursor != 0 {
		t.Errorf("tab again does not go back to the prompts kept for asking")
	}
}

// Choosing a prompt opens the editor on it exactly as `peerdiary write
// --prompt ID` does, and saving records the prompt as the command line
// would.
func TestChoosePromptOpensEditor(t *testing.T) {
	for _, id := range []string{"care.grief.1", "relationships.stigma.2", "care.after-incident.2", "harbour-house/after-the-van"} {
		t.Run(id, func(t *testing.T) {
			c := newClock()
			f := sampleFake(c)
			lib := harbourPack(t)
			m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
			m, _ = step(t, m, promptRotationMsg{lib: lib, state: &prompts.RotationState{}})
			m, _ = step(t, m, press("p"))
			m = toPrompt(t, m, id)
			m, _ = step(t, m, press("enter"))
			if m.Screen() != string(screenWrite) {
				t.Fatalf("enter on %s went to %s", id, m.Screen())
			}
			want, ok := lib.Answering(id)
			if !ok {
				t.Fatal("not in the library")
			}
			if got := m.write().prompt; got == nil || *got != *want {
				t.Fatalf("the editor answers %+v, want %+v", got, want)
			}
			if s := m.screens[screenPrompts].(*promptsScreen); s.list != nil {
				t.Error("the list is still held once the editor is open")
			}

			// The same editor as write --prompt opens.
			cli := newModel(deps{store: sampleFake(c), now: c.Now, dir: f.Path(), newEntry: &NewEntry{Entry: diary.Entry{Prompt: want}}})
			cli, _ = step(t, cli, tea.WindowSizeMsg{Width: 80, Height: 24})
			cli, _ = step(t, cli, promptRotationMsg{lib: lib, state: &prompts.RotationState{}})
			cli = unlocked(t, cli, "right passphrase")
			cli, _ = step(t, cli, promptRotationMsg{lib: lib, state: &prompts.RotationState{}})
			if cli.Screen() != string(screenWrite) || view(cli) != view(m) {
				t.Errorf("the editor differs from write --prompt's:\n%s\n---\n%s", view(m), view(cli))
			}

			m = typeText(t, m, "Setting it down.")
			m, cmd := step(t, m, press("ctrl+s"))
			m, _ = feed[savedMsg](t, m, cmd)
			var saved *diary.Entry
			f.mu.Lock()
			for _, e := range f.entries {
				if e.Body == "Setting it down." {
					saved = &e
				}
			}
			f.mu.Unlock()
			if saved == nil || saved.Prompt == nil || *saved.Prompt != *want {
				t.Fatalf("saved %+v, want the prompt %+v", saved, want)
			}
			if m.Screen() != string(screenToday) {
				t.Errorf("after saving: %s", m.Screen())
			}
		})
	}
}

// esc leaves the list with nothing changed: no call to the store, the
// prompt of the day as it was, Today as it was. From the check-in after a
// hard shift, it goes back there.
func TestChoosePromptEscChangesNothing(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	before, calls, offers := view(m), f.totalCalls(), slices.Clone(m.rotation.offers)
	m, _ = step(t, m, press("p"))
	m, _ = step(t, m, press("down"))
	m, _ = step(t, m, press("tab"))
	m, _ = step(t, m, press("down"))
	m, _ = step(t, m, press("esc"))
	if m.Screen() != string(screenToday) || view(m) != before {
		t.Fatalf("esc went to %s:\n%s", m.Screen(), view(m))
	}
	if f.totalCalls() != calls || !slices.Equal(m.rotation.offers, offers) || len(f.draftList()) != 0 {
		t.Errorf("esc from the list changed something: %d store calls, was %d", f.totalCalls(), calls)
	}

	// After a hard shift's check-in.
	m, _ = step(t, m, press("c"))
	m, _ = step(t, m, press("1"))
	m, cmd := step(t, m, press("enter"))
	m, _ = feed[checkInSavedMsg](t, m, cmd)
	after := view(m)
	if !strings.Contains(flat(after), "p another prompt of your choosing") {
		t.Fatalf("the check-in after a hard shift does not offer the list:\n%s", after)
	}
	m, _ = step(t, m, press("p"))
	if m.Screen() != string(screenPrompts) {
		t.Fatalf("p after the check-in went to %s", m.Screen())
	}
	m, _ = step(t, m, press("esc"))
	if m.Screen() != string(screenCheckIn) || view(m) != after {
		t.Fatalf("esc went to %s, not back to the check-in as it was:\n%s", m.Screen(), view(m))
	}
}

// The support key works over the list and comes back to it as it was; a
// lock drops it, the pack's prompts with it.
func TestChoosePromptSupportAndLock(t *testing.T) {
	c := newClock()
	m := unlocked(t, newFakeModel(t, careFake(c), c, 80, 24), "right passphrase")
	m, _ = step(t, m, promptRotationMsg{lib: harbourPack(t), state: &prompts.RotationState{}})
	m, _ = step(t, m, press("p"))
	m = toPrompt(t, m, "harbour-house/after-the-van")
	before := view(m)
	m, _ = step(t, m, press("f2"))
	if m.Screen() != string(screenSupport) || !strings.Contains(view(m), "Sam") {
		t.Fatalf("f2 over the list:\n%s", view(m))
	}
	m, _ = step(t, m, press("esc"))
	if m.Screen() != string(screenPrompts) || view(m) != before {
		t.Fatalf("back from support: %s\n%s", m.Screen(), view(m))
	}
	m, _ = step(t, m, press("ctrl+l"))
	if m.Screen() != string(screenUnlock) {
		t.Fatalf("ctrl+l went to %s", m.Screen())
	}
	if path, ok := holdsText(m, "After tonight at the van"); ok {
		t.Errorf("after a lock the model still holds the pack's prompt at %s", path)
	}
	m = unlocked(t, m, "right passphrase")
	if m.Screen() != string(screenToday) {
		t.Errorf("after unlocking: %s", m.Screen())
	}
}
