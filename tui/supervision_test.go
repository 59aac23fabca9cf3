package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/supervision"
)

// supervisorSecret is a published test key, so goldens show a fixed
// fingerprint.
const supervisorSecret = "AGE-SECRET-KEY-PQ-194TVGWF8FLET5WMDQFRKTN9KK3AJ388TQ9RMLRTFMT9QNYAE40CSJ4NTZK"

func supervisorContact(t testing.TB) (diary.Contact, *crypto.Identity) {
	t.Helper()
	id, err := crypto.ParseIdentity([]byte(supervisorSecret))
	if err != nil {
		t.Fatal(err)
	}
	return diary.Contact{Name: "Jo", Keys: []string{id.PublicKey()}, Added: fixedNow.Add(-72 * time.Hour)}, id
}

// supervisionFake is the sample diary with an entry naming people, one
// listed and one not, a contact, and a flag.
func supervisionFake(t testing.TB, c *clock) (*fakeStore, string) {
	t.Helper()
	f := sampleFake(c)
	id := f.addEntry(0, "care", "Sat with Sam after the overdose. Priya called the ambulance.\n\nSam's sister came later.", "incident")
	e := f.entries[id]
	e.Created = fixedNow.Add(-30 * time.Minute) // the newest: Browse's first row
	e.Mood = 2
	e.Prompt.Subtheme = "after-incident"
	f.entries[id] = e
	contact, _ := supervisorContact(t)
	f.sup = fakeSupervision{
		people:   []diary.Person{{Name: "Sam Jones", Aliases: []string{"Sam"}, As: "Client A"}},
		contacts: []diary.Contact{contact},
		flags:    []diary.Flag{{ID: id, Note: "what I could have done for Sam", At: fixedNow.Add(-20 * time.Minute)}},
	}
	return f, id
}

// toPreview goes from Today to the export preview of the entry under
// Browse's cursor, through the contact, the notice and the note.
func toPreview(t *testing.T, m Model, note string) Model {
	t.Helper()
	m, _ = step(t, m, press("b"))
	m, cmd := step(t, m, press("x"))
	if m.Screen() != string(screenExport) {
		t.Fatalf("x in Browse went to %s", m.Screen())
	}
	m, _ = feed[supervisionDataMsg](t, m, cmd)
	m, _ = step(t, m, press("enter")) // Jo
	m, _ = step(t, m, press("enter")) // the notice
	m = typeText(t, m, note)
	ex := m.screens[screenExport].(*exportScreen)
	ex.path.SetValue("/home/worker/supervision-2026-11-23-jo.md.age")
	m, _ = step(t, m, press("tab"))
	m, cmd = step(t, m, press("enter"))
	m, _ = feed[builtMsg](t, m, cmd)
	return m
}

// The whole export, step by step at both sizes: goldens of each screen,
// what leaves is redacted, the ledger is written before the file, and the
// file opens with the supervisor's key.
func TestExportFlow(t *testing.T) {
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			f, _ := supervisionFake(t, c)
			m := unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
			m, _ = step(t, m, press("b"))
			calls := f.totalCalls()
			m, cmd := step(t, m, press("x"))
			if f.totalCalls() != calls {
				t.Fatal("Update read the diary itself")
			}
			m, _ = feed[supervisionDataMsg](t, m, cmd)
			t.Run("contact", func(t *testing.T) { checkFrame(t, m, size.w) })
			if !strings.Contains(view(m), "age1pq1") {
				t.Error("the contact is shown without its key's fingerprint")
			}
			m, _ = step(t, m, press("enter"))
			t.Run("notice", func(t *testing.T) { checkFrame(t, m, size.w) })
			if v := view(m); !strings.Contains(v, "may be obliged") || !strings.Contains(v, "can't be taken back") {
				t.Errorf("the first export's notice is missing:\n%s", v)
			}
			m, _ = step(t, m, press("enter"))
			m = typeText(t, m, "Can we talk about Sam and Priya?")
			m.screens[screenExport].(*exportScreen).path.SetValue("/home/worker/supervision-2026-11-23-jo.md.age")
			m, _ = step(t, m, press("tab"))
			m, _ = step(t, m, press("space")) // restorative
			t.Run("note", func(t *testing.T) { checkFrame(t, m, size.w) })
			m, cmd = step(t, m, press("enter"))
			m, _ = feed[builtMsg](t, m, cmd)
			t.Run("preview", func(t *testing.T) { checkFrame(t, m, size.w) })
			v := view(m)
			for _, want := range []string{"Client A", "Priya", "Check 1 word: Priya", "4 names taken out", "Support: room to talk"} {
				if !strings.Contains(v, want) {
					t.Errorf("the preview lacks %q:\n%s", want, v)
				}
			}
			if strings.Contains(v, "Sam") {
				t.Errorf("the preview shows a listed name:\n%s", v)
			}
			// s asks; a key pressed at once is ignored; n goes back.
			m, _ = step(t, m, press("s"))
			t.Run("confirm", func(t *testing.T) { checkFrame(t, m, size.w) })
			m, cmd = step(t, m, press("y"))
			if cmd != nil || len(f.sup.ledger) != 0 {
				t.Fatal("a key pressed as the question opened sent the export")
			}
			c.Advance(time.Second)
			m, _ = step(t, m, press("n"))
			if m.screens[screenExport].(*exportScreen).step != stepPreview {
				t.Fatal("n did not go back to the preview")
			}
			out := filepath.Join(t.TempDir(), "packet.age")
			m.screens[screenExport].(*exportScreen).path.SetValue(out)
			m, _ = step(t, m, press("s"))
			c.Advance(time.Second)
			m, cmd = step(t, m, press("y"))
			m, _ = feed[sentMsg](t, m, cmd)
			if v := view(m); !strings.Contains(v, "Sent and recorded in your ledger") || !strings.Contains(v, out) {
				t.Errorf("after sending:\n%s", v)
			}
			if len(f.sup.ledger) != 1 || f.sup.ledger[0].To != "Jo" || f.sup.ledger[0].Replacements != 4 {
				t.Fatalf("ledger: %+v", f.sup.ledger)
			}
			sealed, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			_, id := supervisorContact(t)
			plain, err := crypto.OpenSealed(sealed, 1<<20, id.Keys())
			if err != nil {
				t.Fatal(err)
			}
			if s := string(plain); strings.Contains(s, "Sam") || !strings.Contains(s, "Client A's sister") || !strings.Contains(s, "Can we talk about Client A and Priya?") {
				t.Errorf("what left:\n%s", s)
			}
			if ex := m.screens[screenExport].(*exportScreen); ex.packet != nil {
				t.Error("the screen keeps the packet after sending")
			}
			m, _ = step(t, m, press("enter"))
			if m.Screen() != string(screenBrowse) {
				t.Errorf("enter after sending went to %s", m.Screen())
			}
		})
	}
}

// Changing the dates builds the packet again; changing the format or the
// armour only renames the file offered.
func TestExportPreviewChoices(t *testing.T) {
	c := newClock()
	f, _ := supervisionFake(t, c)
	m := toPreview(t, unlocked(t, newFakeModel(t, f, c, 120, 40), "right passphrase"), "")
	if !strings.Contains(view(m), "dates to the day") {
		t.Fatalf("preview:\n%s", view(m))
	}
	m, cmd := step(t, m, press("d"))
	m, _ = feed[builtMsg](t, m, cmd)
	if v := view(m); !strings.Contains(v, "dates with times") || !strings.Contains(v, ", 18:00") {
		t.Errorf("exact dates:\n%s", v)
	}
	ex := m.screens[screenExport].(*exportScreen)
	ex.path.SetValue(exportPath(startDir, m.now(), "Jo", supervision.Markdown, false))
	m, _ = step(t, m, press("f"))
	m, _ = step(t, m, press("a"))
	if got := ex.path.Value(); !strings.HasSuffix(got, "supervision-2026-11-23-jo.html.asc") {
		t.Errorf("offered name after html and armour: %s", got)
	}
	if !strings.Contains(view(m), "a printable web page") {
		t.Error("the format is not shown")
	}
}

// A lock anywhere in the flow drops the entries, the note and the preview;
// after unlocking nothing of them is on any screen.
func TestLockDropsThePreview(t *testing.T) {
	c := newClock()
	f, _ := supervisionFake(t, c)
	m := toPreview(t, unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase"), "NOTE-CANARY")
	if _, ok := holdsText(m, "sister came later"); !ok {
		t.Fatal("the preview was not built")
	}
	m, _ = step(t, m, press("ctrl+l"))
	for _, text := range []string{"sister came later", "NOTE-CANARY", "Client A"} {
		if p, ok := holdsText(m, text); ok {
			t.Errorf("after the lock the model holds %q at %s", text, p)
		}
	}
	m = unlocked(t, m, "right passphrase")
	if m.Screen() == string(screenExport) {
		t.Error("the export is back after unlocking")
	}
	// A packet that arrives after the lock is dropped.
	m, _ = step(t, m, press("b"))
	m, cmd := step(t, m, press("p"))
	m, _ = step(t, m, press("ctrl+l"))
	m, _ = feed[packetMsg](t, m, cmd)
	if _, ok := holdsText(m, "sister came later"); ok {
		t.Error("a packet built before the lock was kept")
	}
}

// The first export to a contact says what a supervisor may have to act on;
// a contact already sent to goes straight to the note.
func TestNoticeOnlyTheFirstTime(t *testing.T) {
	c := newClock()
	f, _ := supervisionFake(t, c)
	f.sup.ledger = []diary.ExportRecord{{ID: "x1", To: "Jo", At: fixedNow.Add(-48 * time.Hour), Entries: []string{"e001"}}}
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, cmd := step(t, m, press("x"))
	m, _ = feed[supervisionDataMsg](t, m, cmd)
	if !strings.Contains(view(m), "last export 21 Nov") {
		t.Errorf("the contact list does not say when:\n%s", view(m))
	}
	m, _ = step(t, m, press("enter"))
	if ex := m.screens[screenExport].(*exportScreen); ex.step != stepNote {
		t.Errorf("step %d, want the note", ex.step)
	}
}

// With no contact, the export says how to add one.
func TestExportWithoutContacts(t *testing.T) {
	c := newClock()
	f, _ := supervisionFake(t, c)
	f.sup.contacts = nil
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, cmd := step(t, m, press("x"))
	m, _ = feed[supervisionDataMsg](t, m, cmd)
	if v := view(m); !strings.Contains(v, "peerdiary contacts add NAME THEIR-PUBLIC-KEY") {
		t.Errorf("no way forward shown:\n%s", v)
	}
	m, _ = step(t, m, press("esc"))
	if m.Screen() != string(screenBrowse) {
		t.Errorf("esc went to %s", m.Screen())
	}
}

// Present mode: the marked entries one by one, names taken out, nothing
// written or recorded.
func TestPresentMode(t *testing.T) {
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			f, _ := supervisionFake(t, c)
			m := unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, _ = step(t, m, press("space")) // the incident entry
			m, _ = step(t, m, press("space")) // the lunch break
			m, cmd := step(t, m, press("p"))
			m, _ = feed[packetMsg](t, m, cmd)
			checkFrame(t, m, size.w)
			v := view(m)
			if !strings.Contains(v, "Entry 1 of 2") || !strings.Contains(v, "lunch break") {
				t.Errorf("first page:\n%s", v)
			}
			m, _ = step(t, m, press("right"))
			v = view(m)
			if !strings.Contains(v, "Entry 2 of 2") || !strings.Contains(v, "Sat with Client A") || strings.Contains(v, "Sam") {
				t.Errorf("second page:\n%s", v)
			}
			if len(f.sup.ledger) != 0 || f.calls["RecordExport"] != 0 {
				t.Error("present mode recorded an export")
			}
			m, _ = step(t, m, press("esc"))
			if m.Screen() != string(screenBrowse) {
				t.Errorf("esc went to %s", m.Screen())
			}
		})
	}
}

// The prep view: flagged since the last export, the summary, the
// functions; x exports the ticked entries with the choices made here.
func TestPrepView(t *testing.T) {
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			f, _ := supervisionFake(t, c)
			f.sup.ledger = []diary.ExportRecord{{ID: "x1", To: "Jo", At: fixedNow.Add(-50 * time.Hour), Entries: []string{"e004"}}}
			m := unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
			m, cmd := step(t, m, press("u"))
			m, _ = feed[supervisionDataMsg](t, m, cmd)
			m, _ = step(t, m, press("down"))
			m, _ = step(t, m, press("space")) // support
			checkFrame(t, m, size.w)
			v := view(m)
			for _, want := range []string{"Since your last export to Jo on Saturday 21 November (1 entry)", "[x]", "what I could have done for Sam",
				"1 entry after a critical incident", "4 entries", "By theme:"} {
				if !strings.Contains(v, want) {
					t.Errorf("the prep view lacks %q:\n%s", want, v)
				}
			}
			m, cmd = step(t, m, press("x"))
			m, _ = feed[supervisionDataMsg](t, m, cmd)
			ex := m.screens[screenExport].(*exportScreen)
			if m.Screen() != string(screenExport) || len(ex.ids) != 1 || !ex.needs[supervision.Restorative] || !ex.summary {
				t.Errorf("export from prep: screen %s, ids %v, needs %v, summary %v", m.Screen(), ex.ids, ex.needs, ex.summary)
			}
		})
	}
}

// f in Browse flags the entry under the cursor and offers a note of what
// to talk about: enter keeps it, written by a command, not by Update. f
// again takes the flag off, note and all.
func TestBrowseFlags(t *testing.T) {
	c := newClock()
	f, id := supervisionFake(t, c)
	f.sup.flags = nil
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, cmd := step(t, m, press("f"))
	m, _ = feed[flagToggledMsg](t, m, cmd)
	if len(f.sup.flags) != 1 || f.sup.flags[0].ID != id || f.sup.flags[0].Note != "" {
		t.Fatalf("flags %+v", f.sup.flags)
	}
	if v := view(m); !strings.Contains(v, "Flagged for supervision") || !strings.Contains(v, "what you want to talk about") || !strings.Contains(v, "enter keep the note") {
		t.Fatalf("no note offered after f:\n%s", v)
	}
	if !m.showing().typing() {
		t.Error("the note's line does not count as typing: ? and q would not reach it")
	}
	m = typeText(t, m, "how I handled the door? q")
	writes := f.callCount("FlagEntry")
	m, cmd = step(t, m, press("enter"))
	if f.callCount("FlagEntry") != writes || f.sup.flags[0].Note != "" {
		t.Fatal("Update wrote the note itself")
	}
	m, _ = feed[flagNotedMsg](t, m, cmd)
	if len(f.sup.flags) != 1 || f.sup.flags[0].Note != "how I handled the door? q" {
		t.Fatalf("flags %+v", f.sup.flags)
	}
	if v := view(m); !strings.Contains(v, "with your note") || strings.Contains(v, "keep the note") {
		t.Fatalf("after enter:\n%s", v)
	}
	m, cmd = step(t, m, press("f"))
	m, _ = feed[flagToggledMsg](t, m, cmd)
	if len(f.sup.flags) != 0 || !strings.Contains(view(m), "Flag taken off") || strings.Contains(view(m), "keep the note") {
		t.Fatalf("flags %+v\n%s", f.sup.flags, view(m))
	}
}

// esc on the offered note keeps the flag with no note, and so does enter
// on an empty line; neither writes again.
func TestBrowseFlagWithoutNote(t *testing.T) {
	for _, k := range []string{"esc", "enter"} {
		t.Run(k, func(t *testing.T) {
			c := newClock()
			f, id := supervisionFake(t, c)
			f.sup.flags = nil
			m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, cmd := step(t, m, press("f"))
			m, _ = feed[flagToggledMsg](t, m, cmd)
			if k == "esc" {
				m = typeText(t, m, "not this")
			} else {
				m = typeText(t, m, "  ")
			}
			writes := f.callCount("FlagEntry")
			m, cmd = step(t, m, press(k))
			if cmd != nil {
				t.Errorf("%s returned a command", k)
			}
			if f.callCount("FlagEntry") != writes || len(f.sup.flags) != 1 || f.sup.flags[0].ID != id || f.sup.flags[0].Note != "" {
				t.Fatalf("flags %+v after %d writes", f.sup.flags, f.callCount("FlagEntry")-writes)
			}
			v := view(m)
			if !strings.Contains(v, "Flagged for supervision. The prep view (u on Today) lists it.") || strings.Contains(v, "keep the note") {
				t.Fatalf("after %s:\n%s", k, v)
			}
			if m.Screen() != string(screenBrowse) {
				t.Errorf("%s left Browse for %s", k, m.Screen())
			}
		})
	}
}

// A lock while the note is being written drops what was typed; the flag,
// already kept, stays. A note that can't be kept says so and keeps the
// flag.
func TestBrowseFlagNoteLockAndError(t *testing.T) {
	c := newClock()
	f, id := supervisionFake(t, c)
	f.sup.flags = nil
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, cmd := step(t, m, press("f"))
	m, _ = feed[flagToggledMsg](t, m, cmd)
	m = typeText(t, m, screenCanary)
	m, _ = step(t, m, press("ctrl+l"))
	if b := m.browse(); b.noting != "" || b.note.Value() != "" {
		t.Errorf("the lock kept the note: %q for %q", b.note.Value(), b.noting)
	}
	if strings.Contains(view(m), screenCanary) {
		t.Errorf("the locked screen shows the note:\n%s", view(m))
	}
	if len(f.sup.flags) != 1 || f.sup.flags[0].ID != id {
		t.Errorf("flags %+v", f.sup.flags)
	}

	m = unlocked(t, m, "right passphrase")
	m, _ = step(t, m, press("b"))
	m, _ = step(t, m, routedMsg{to: screenBrowse, gen: m.lockGen, msg: flagNotedMsg{err: errors.New("disk full")}})
	if v := view(m); !strings.Contains(v, "The entry is flagged, but the note could not be saved") {
		t.Errorf("a failed note:\n%s", v)
	}
}

// In plain mode (no colour) the marks are brackets, so nothing is told by
// colour alone.
func TestPacketMarksWithoutColour(t *testing.T) {
	pv := supervision.Preview{Text: "Client A met Priya.\nnext line",
		Marks: []supervision.Mark{{Start: 0, End: 8, Kind: supervision.Replaced}, {Start: 13, End: 18, Kind: supervision.Check}}}
	got := strings.Join(packetLines(pv, 80, packetStyles{plain: true}), "\n")
	if got != "[Client A] met Priya(?).\nnext line" {
		t.Errorf("plain marks: %q", got)
	}
	// Control characters in the text never reach the terminal, and the
	// marks stay on their words.
	pv = supervision.Preview{Text: "\x1b[2JClient A", Marks: []supervision.Mark{{Start: 4, End: 12, Kind: supervision.Replaced}}}
	got = strings.Join(packetLines(pv, 80, packetStyles{plain: true}), "\n")
	if strings.Contains(got, "\x1b") || !strings.HasSuffix(got, "[Client A]") {
		t.Errorf("escape in the text: %q", got)
	}
}

// withSupervision gives the model's fake diary a contact and flags the
// newest entry with the canary, for TestEveryScreen.
func withSupervision(t *testing.T, m Model) {
	t.Helper()
	f := m.store.(*fakeStore)
	contact, _ := supervisorContact(t)
	f.mu.Lock()
	defer f.mu.Unlock()
	var newest diary.Entry
	for _, e := range f.entries {
		if e.Created.After(newest.Created) {
			newest = e
		}
	}
	f.sup.contacts = []diary.Contact{contact}
	f.sup.flags = []diary.Flag{{ID: newest.ID, Note: screenCanary + " in a flag", At: fixedNow}}
}

// The packet reader shows the packet, closes with q, and erases the
// screen and the scrollback when it does.
func TestReadPacket(t *testing.T) {
	var out strings.Builder
	in := strings.NewReader("q")
	err := ReadPacket(context.Background(), "# Supervision packet\n\nClient A's friend called.\n\x1b]0;title\x07", nil, time.Minute,
		Config{Input: in, Output: &out, Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.HasSuffix(s, ed3) {
		t.Error("the terminal is not erased at the end")
	}
	if strings.Contains(s, "\x1b]0;title") {
		t.Error("an escape sequence from the packet reached the terminal")
	}
}

// f in the reader flags the entry being read, as the prep view says.
func TestReaderFlags(t *testing.T) {
	c := newClock()
	f, id := supervisionFake(t, c)
	f.sup.flags = nil
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	m, cmd := step(t, m, press("enter"))
	m, _ = feed[entryMsg](t, m, cmd)
	if m.Screen() != string(screenRead) {
		t.Fatalf("enter in Browse went to %s", m.Screen())
	}
	m, cmd = step(t, m, press("f"))
	m, _ = feed[flagToggledMsg](t, m, cmd)
	if len(f.sup.flags) != 1 || f.sup.flags[0].ID != id || !strings.Contains(view(m), "Flagged for supervision") {
		t.Fatalf("flags %+v\n%s", f.sup.flags, view(m))
	}
}

// Marking entries in Browse brings export and present into the key line;
// in the note, enter is a new line and the key line says so.
func TestSupervisionKeysWhereTheyApply(t *testing.T) {
	c := newClock()
	f, _ := supervisionFake(t, c)
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, _ = step(t, m, press("b"))
	if v := view(m); strings.Contains(v, "x export") {
		t.Errorf("export offered with nothing marked:\n%s", v)
	}
	m, _ = step(t, m, press("space"))
	last := func(m Model) string { l := strings.Split(view(m), "\n"); return l[len(l)-1] }
	if l := last(m); !strings.Contains(l, "x export") || !strings.Contains(l, "p present") {
		t.Errorf("with an entry marked the key line is %q", l)
	}
	m, cmd := step(t, m, press("x"))
	m, _ = feed[supervisionDataMsg](t, m, cmd)
	m, _ = step(t, m, press("enter")) // Jo
	m, _ = step(t, m, press("enter")) // the notice
	if l := last(m); strings.Contains(l, "enter preview") || !strings.Contains(l, "enter new line") {
		t.Errorf("in the note the key line is %q", l)
	}
	m = typeText(t, m, "one")
	m, _ = step(t, m, press("enter"))
	m = typeText(t, m, "two")
	ex := m.screens[screenExport].(*exportScreen)
	if ex.step != stepNote || ex.note.Value() != "one\ntwo" {
		t.Fatalf("enter in the note: step %d, note %q", ex.step, ex.note.Value())
	}
	m, _ = step(t, m, press("tab"))
	if l := last(m); !strings.Contains(l, "enter preview") {
		t.Errorf("past the note the key line is %q", l)
	}
}

// Several contacts at once: space ticks them, the notice names those new,
// the preview and the question show every key's fingerprint, and one file
// opens with each key; post-quantum and classic keys together are refused
// on the contact screen, with the way forward.
func TestExportToSeveral(t *testing.T) {
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			f, _ := supervisionFake(t, c)
			jo, joID := supervisorContact(t)
			kimID, err := crypto.GenerateIdentity(false, fixedNow)
			if err != nil {
				t.Fatal(err)
			}
			classic, err := crypto.GenerateIdentity(true, fixedNow)
			if err != nil {
				t.Fatal(err)
			}
			kim := diary.Contact{Name: "Kim", Keys: []string{kimID.PublicKey()}, Added: fixedNow}
			ali := diary.Contact{Name: "Ali", Keys: []string{classic.PublicKey()}, Added: fixedNow}
			f.sup.contacts = []diary.Contact{jo, kim, ali}
			f.sup.ledger = []diary.ExportRecord{{ID: "x1", To: "Jo", At: fixedNow.Add(-48 * time.Hour), Entries: []string{"e001"}}}
			m := unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
			m, _ = step(t, m, press("b"))
			m, cmd := step(t, m, press("x"))
			m, _ = feed[supervisionDataMsg](t, m, cmd)
			m, _ = step(t, m, press("space")) // Jo
			m, _ = step(t, m, press("down"))  // Kim
			m, _ = step(t, m, press("down"))  // Ali
			m, _ = step(t, m, press("space")) // Ali
			m, _ = step(t, m, press("enter"))
			checkWidth(t, m, size.w, size.h)
			v := view(m)
			words := strings.Join(strings.Fields(v), " ")
			if ex := m.screens[screenExport].(*exportScreen); ex.step != stepContact || !strings.Contains(words, "! Jo is post-quantum, Ali is not: age won't put both kinds of key in one export; send one export to each.") {
				t.Fatalf("mixed keys were not refused on the contact screen (step %d):\n%s", ex.step, v)
			}
			m, _ = step(t, m, press("space")) // Ali off
			m, _ = step(t, m, press("up"))
			m, _ = step(t, m, press("space")) // Kim on
			if v := view(m); !strings.Contains(v, "[x] Jo") || !strings.Contains(v, "[x] Kim") || !strings.Contains(v, "[ ] Ali") {
				t.Fatalf("ticks:\n%s", v)
			}
			m, _ = step(t, m, press("enter"))
			if v := view(m); !strings.Contains(v, "first export to Kim.") {
				t.Fatalf("the notice does not name the new contact alone:\n%s", v)
			}
			m, _ = step(t, m, press("enter"))
			if v := view(m); !strings.Contains(v, "A note for Jo and Kim") {
				t.Fatalf("note:\n%s", v)
			}
			out := filepath.Join(t.TempDir(), "packet.age")
			m.screens[screenExport].(*exportScreen).path.SetValue(out)
			m, _ = step(t, m, press("tab"))
			m, cmd = step(t, m, press("enter"))
			m, _ = feed[builtMsg](t, m, cmd)
			checkWidth(t, m, size.w, size.h)
			v = view(m)
			for _, want := range []string{"To Jo · post-quantum age key " + jo.Fingerprints()[0], "To Kim · post-quantum age key " + kim.Fingerprints()[0]} {
				if !strings.Contains(v, want) {
					t.Errorf("the preview lacks %q:\n%s", want, v)
				}
			}
			m, _ = step(t, m, press("s"))
			if v := view(m); !strings.Contains(v, "to Jo ("+jo.Fingerprints()[0]+") and Kim") || !strings.Contains(v, "("+kim.Fingerprints()[0]+")?") ||
				!strings.Contains(v, "It will be saved as "+out) {
				t.Errorf("the question:\n%s", v)
			}
			c.Advance(time.Second)
			m, cmd = step(t, m, press("y"))
			m, _ = feed[sentMsg](t, m, cmd)
			if v := view(m); !strings.Contains(v, "for Jo and Kim") {
				t.Errorf("after sending:\n%s", v)
			}
			rec := f.sup.ledger[len(f.sup.ledger)-1]
			if rec.To != "Jo" || len(rec.Also) != 1 || rec.Also[0].Name != "Kim" {
				t.Fatalf("ledger: %+v", rec)
			}
			sealed, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []*crypto.Identity{joID, kimID} {
				if _, err := crypto.OpenSealed(sealed, 1<<20, id.Keys()); err != nil {
					t.Errorf("a key can't open it: %v", err)
				}
			}
		})
	}
}

// Browse marks the flagged entries, read when it opens, and keeps the mark
// in step when f flags or unflags one, here or in the reader.
func TestBrowseShowsFlags(t *testing.T) {
	c := newClock()
	f, _ := supervisionFake(t, c) // the newest entry is flagged
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, cmd := step(t, m, press("b"))
	m, _ = feed[flaggedMsg](t, m, cmd)
	rows := func(m Model) []string {
		var out []string
		for _, l := range strings.Split(view(m), "\n") {
			if strings.Contains(l, "[flagged]") {
				out = append(out, l)
			}
		}
		return out
	}
	if r := rows(m); len(r) != 1 || !strings.Contains(r[0], "›") {
		t.Fatalf("flagged rows %q in\n%s", r, view(m))
	}
	m, cmd = step(t, m, press("f")) // unflag it
	m, _ = feed[flagToggledMsg](t, m, cmd)
	if r := rows(m); len(r) != 0 {
		t.Errorf("still marked after unflagging: %q", r)
	}
	m, _ = step(t, m, press("down"))
	m, cmd = step(t, m, press("enter"))
	m, _ = feed[entryMsg](t, m, cmd)
	m, cmd = step(t, m, press("f")) // flag the second from the reader
	m, _ = feed[flagToggledMsg](t, m, cmd)
	m, _ = step(t, m, press("esc"))
	if r := rows(m); len(r) != 1 || !strings.Contains(r[0], "›") {
		t.Errorf("the entry flagged in the reader is not marked: %q\n%s", r, view(m))
	}
	m, _ = step(t, m, press("ctrl+l"))
	if m.browse().flagged != nil {
		t.Error("the flags outlive the lock")
	}
}

// In the prep view n writes what the worker wants to talk about on a
// flagged entry: typed keys are the note's (q does not quit), enter keeps
// it in the diary, esc leaves the note as it was, and a lock drops what
// was being typed.
func TestPrepFlagNote(t *testing.T) {
	c := newClock()
	f, _ := supervisionFake(t, c)
	m := unlocked(t, newFakeModel(t, f, c, 80, 24), "right passphrase")
	m, cmd := step(t, m, press("u"))
	m, _ = feed[supervisionDataMsg](t, m, cmd)
	if l := strings.Split(view(m), "\n"); !strings.Contains(l[len(l)-1], "n note") {
		t.Errorf("the key line does not offer the note: %q", l[len(l)-1])
	}
	m, _ = step(t, m, press("n"))
	m = typeText(t, m, " quickly")
	m, cmd = step(t, m, press("enter"))
	if m.Screen() != string(screenPrep) {
		t.Fatalf("typing the note left the prep view for %s", m.Screen())
	}
	m, _ = feed[flagNotedMsg](t, m, cmd)
	if len(f.sup.flags) != 1 || f.sup.flags[0].Note != "what I could have done for Sam quickly" {
		t.Fatalf("flags: %+v", f.sup.flags)
	}
	if !strings.Contains(view(m), "what I could have done for Sam quickly") {
		t.Errorf("the prep view shows the old note:\n%s", view(m))
	}
	m, _ = step(t, m, press("n"))
	m = typeText(t, m, " NOTE-CANARY")
	m, _ = step(t, m, press("esc"))
	if f.sup.flags[0].Note != "what I could have done for Sam quickly" || strings.Contains(view(m), "NOTE-CANARY") {
		t.Errorf("esc kept the note: %+v", f.sup.flags)
	}
	m, _ = step(t, m, press("n"))
	m = typeText(t, m, " NOTE-CANARY")
	m, _ = step(t, m, press("ctrl+l"))
	if p, ok := holdsText(m, "NOTE-CANARY"); ok {
		t.Errorf("after the lock the model holds the note being typed at %s", p)
	}
}

// longSummaryFake is supervisionFake with a fortnight of writing in every
// family and many subthemes, and four flagged entries with notes: a
// summary and a list too long for 80x24.
func longSummaryFake(t *testing.T, c *clock) *fakeStore {
	t.Helper()
	f, first := supervisionFake(t, c)
	for i, w := range []struct{ family, subtheme, body string }{
		{"care", "boundaries", "Said no to an extra shift and meant it."},
		{"care", "hard-days", "Two callouts back to back. Cried in the car after."},
		{"care", "grief", "Heard that Lee died last week. Lit a candle at home."},
		{"relationships", "dual-relationships", "Someone I used with years ago came in."},
		{"relationships", "colleagues", "The new nurse asked what I thought, and listened."},
		{"relationships", "making-a-difference", "A client said the group is the only place they feel normal."},
		{"role-friction", "undervalued", "Left off the case meeting invite again."},
		{"role-friction", "pay-and-contracts", "Contract ends in March and nobody has said anything."},
		{"transitions", "confidence", "Ran the naloxone training on my own."},
		{"transitions", "next-steps", "Looked at the coordinator job. Not yet."},
	} {
		id := f.addEntry(2+i, w.family, w.body)
		e := f.entries[id]
		e.Prompt.Subtheme = w.subtheme
		f.entries[id] = e
		if i%3 == 0 {
			f.sup.flags = append(f.sup.flags, diary.Flag{ID: id, Note: "what to do with this next time", At: e.Created.Add(time.Hour)})
		}
	}
	if f.sup.flags[0].ID != first {
		t.Fatal("the fake's first flag moved")
	}
	return f
}

// A long summary never pushes the tick that adds it to the export below
// the screen: the list above it scrolls with the cursor, the tick always
// shows under it, and up and down reach every row and every line of the
// summary. Keys do what they did: space ticks, x exports with the choices.
func TestPrepLongSummary(t *testing.T) {
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			c := newClock()
			f := longSummaryFake(t, c)
			m := unlocked(t, newFakeModel(t, f, c, size.w, size.h), "right passphrase")
			m, cmd := step(t, m, press("u"))
			m, _ = feed[supervisionDataMsg](t, m, cmd)
			p := m.screens[screenPrep].(*prepScreen)
			if p.prep == nil || len(p.prep.Flagged) != 5 {
				t.Fatalf("the prep view is not prepared with five flagged entries")
			}
			summary := p.prep.Summary.Lines()
			if len(summary) < 5 {
				t.Fatalf("the summary is short: %q", summary)
			}
			t.Run("top", func(t *testing.T) { checkFrame(t, m, size.w) })
			// Every row, top to bottom and back: the frame fits, and the
			// cursor's row and the summary's tick show.
			seen := map[int]bool{}
			see := func(what string) {
				t.Helper()
				checkBodyFits(t, m)
				v := view(m)
				if !strings.Contains(v, "Add this summary to the export") {
					t.Fatalf("%s: the summary's tick is off the screen:\n%s", what, v)
				}
				if !strings.Contains(v, "› ") {
					t.Fatalf("%s: the cursor's row is off the screen:\n%s", what, v)
				}
				l := p.arrange(&m)
				room, _ := scrollRoom(p.height, len(l.head)+len(l.pinned), len(l.list))
				for i, top := 0, p.shownTop(l); i < room; i++ {
					seen[top+i] = true
				}
			}
			see("at the first row")
			for i := 1; i < p.rows(); i++ {
				m, _ = step(t, m, press("down"))
				see(fmt.Sprintf("row %d", i))
			}
			if p.cursor != p.rows()-1 {
				t.Fatalf("down stopped at row %d of %d", p.cursor, p.rows())
			}
			t.Run("tick", func(t *testing.T) { checkFrame(t, m, size.w) })
			if v := view(m); !strings.Contains(v, "Since then") || !strings.Contains(v, summary[0]) {
				t.Errorf("moving onto the tick does not bring the summary into view:\n%s", v)
			}
			// On the tick, down reads on through the rest of the summary.
			for range 40 {
				m, _ = step(t, m, press("down"))
				see("reading the summary")
			}
			l := p.arrange(&m)
			for i := range l.list {
				if !seen[i] {
					t.Errorf("line %d of the list never shows: %q", i, ansi.Strip(l.list[i]))
				}
			}
			for range p.rows() + 40 {
				m, _ = step(t, m, press("up"))
				see("going back up")
			}
			if p.cursor != 0 || !strings.Contains(view(m), "Flagged to talk about") {
				t.Errorf("up does not come back to the first row and its heading:\n%s", view(m))
			}
			// The keys do what they did: space on the tick leaves the
			// summary out, x exports the ticked entries with that choice.
			for range p.rows() {
				m, _ = step(t, m, press("down"))
			}
			m, _ = step(t, m, press("space"))
			if p.summary || !strings.Contains(view(m), "[ ] Add this summary to the export") {
				t.Errorf("space on the tick did not leave the summary out:\n%s", view(m))
			}
			m, cmd = step(t, m, press("x"))
			m, _ = feed[supervisionDataMsg](t, m, cmd)
			ex := m.screens[screenExport].(*exportScreen)
			if m.Screen() != string(screenExport) || len(ex.ids) != 5 || ex.summary {
				t.Errorf("export from prep: screen %s, ids %v, summary %v", m.Screen(), ex.ids, ex.summary)
			}
		})
	}
}
