package tui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"peerdiary/crypto"
	"peerdiary/diary"
)

func TestMain(m *testing.M) {
	crypto.SetWorkFactorForTesting(10)
	time.Local = time.UTC // goldens show dates
	os.Unsetenv("NO_COLOR")
	os.Exit(m.Run())
}

// fixedNow is the tests' "now": a Monday evening.
var fixedNow = time.Date(2026, 11, 23, 18, 30, 0, 0, time.UTC)

// clock is a settable clock for idle-lock and dialog tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: fixedNow} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fakeStore is an in-memory diaryStore that counts every call, so tests
// can prove Update never calls it directly.
type fakeStore struct {
	mu       sync.Mutex
	pass     string
	unlocked bool
	entries  map[string]diary.Entry
	drafts   map[string]diary.Draft
	calls    map[string]int
	now      func() time.Time
	failSave error
	supports []diary.Support // the worker's people to talk to, in Settings
	mouse    bool            // the mouse setting
	records  map[string][]byte
	sup      fakeSupervision // people, contacts, flags, ledger: supervision_test.go
	settings *diary.Settings // once saved; Settings then returns it
	checkIns []diary.CheckIn
}

func newFakeStore(now func() time.Time) *fakeStore {
	return &fakeStore{
		pass:    "right passphrase",
		entries: map[string]diary.Entry{},
		drafts:  map[string]diary.Draft{},
		calls:   map[string]int{},
		records: map[string][]byte{},
		now:     now,
	}
}

func (f *fakeStore) count(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[name]++
}

func (f *fakeStore) totalCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		n += c
	}
	return n
}

func (f *fakeStore) Path() string { return "/home/worker/.local/share/peerdiary" }

func (f *fakeStore) Unlock(p []byte) error {
	f.count("Unlock")
	f.mu.Lock()
	defer f.mu.Unlock()
	if string(p) != f.pass {
		return crypto.ErrWrongPassphrase
	}
	f.unlocked = true
	return nil
}

func (f *fakeStore) Lock() {
	f.count("Lock")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unlocked = false
}

func (f *fakeStore) Load(context.Context) (*diary.Catalog, error) {
	f.count("Load")
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.unlocked {
		return nil, diary.ErrLocked
	}
	c := &diary.Catalog{}
	for _, e := range f.entries {
		c.Entries = append(c.Entries, diary.Summarize(&e, ""))
	}
	diary.SortNewestFirst(c.Entries)
	return c, nil
}

// Read is Get of the summary's entry, as the real store's fallback is.
func (f *fakeStore) Read(sum *diary.Summary) (*diary.Entry, error) {
	f.count("Read")
	return f.get(sum.ID)
}

func (f *fakeStore) Get(id string) (*diary.Entry, error) {
	f.count("Get")
	return f.get(id)
}

func (f *fakeStore) get(id string) (*diary.Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.unlocked {
		return nil, diary.ErrLocked
	}
	e, ok := f.entries[id]
	if !ok {
		return nil, diary.ErrNotFound
	}
	return &e, nil
}

func (f *fakeStore) Save(e *diary.Entry) (diary.Summary, error) {
	f.count("Save")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failSave != nil {
		return diary.Summary{}, f.failSave
	}
	if err := diary.CheckBody(e); err != nil {
		return diary.Summary{}, err
	}
	if e.ID == "" {
		e.ID = diary.NewID()
	}
	if e.Created.IsZero() {
		e.Created = f.now()
	}
	e.Updated = f.now()
	e.Tags = diary.NormalizeTags(e.Tags)
	f.entries[e.ID] = *e
	return diary.Summarize(e, e.ID+diary.FileExt), nil
}

func (f *fakeStore) Delete(id string) error {
	f.count("Delete")
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.entries, id)
	return nil
}

func (f *fakeStore) SaveDraft(d *diary.Draft) error {
	f.count("SaveDraft")
	f.mu.Lock()
	defer f.mu.Unlock()
	if d.Name == "" {
		d.Name = diary.NewID()
	}
	d.Saved = f.now()
	f.drafts[d.Name] = *d
	return nil
}

func (f *fakeStore) Drafts() ([]diary.Draft, error) {
	f.count("Drafts")
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []diary.Draft
	for _, d := range f.drafts {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b diary.Draft) int { return b.Saved.Compare(a.Saved) })
	return out, nil
}

func (f *fakeStore) DeleteDraft(name string) error {
	f.count("DeleteDraft")
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.drafts, name)
	return nil
}

func (f *fakeStore) Settings() (*diary.Settings, error) {
	f.count("Settings")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.settings != nil {
		return f.settings.Clone(), nil
	}
	return &diary.Settings{Supports: f.supports, Mouse: f.mouse}, nil
}

func (f *fakeStore) ReadRecord(name string) ([]byte, error) {
	f.count("ReadRecord")
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.unlocked {
		return nil, diary.ErrLocked
	}
	b, ok := f.records[name]
	if !ok {
		return nil, fmt.Errorf("records/%s.age: %w", name, fs.ErrNotExist)
	}
	return slices.Clone(b), nil
}

func (f *fakeStore) WriteRecord(name string, plain []byte) error {
	f.count("WriteRecord")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.records[name] = slices.Clone(plain)
	return nil
}

func (f *fakeStore) SaveSettings(st *diary.Settings) error {
	f.count("SaveSettings")
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := st.Validate(); err != nil {
		return err
	}
	f.settings = st.Clone()
	return nil
}

func (f *fakeStore) CheckIns() ([]diary.CheckIn, error) {
	f.count("CheckIns")
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.checkIns), nil
}

func (f *fakeStore) ListRecords(prefix string) ([]string, error) {
	f.count("ListRecords")
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for n := range f.records {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (f *fakeStore) AddCheckIn(c diary.CheckIn) error {
	f.count("AddCheckIn")
	if err := c.Validate(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checkIns = append(f.checkIns, c)
	return nil
}

func (f *fakeStore) MarkFollowedUp(at, when time.Time) error {
	f.count("MarkFollowedUp")
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.checkIns {
		if f.checkIns[i].At.Equal(at) && f.checkIns[i].FollowedUp.IsZero() {
			f.checkIns[i].FollowedUp = when
		}
	}
	return nil
}

// addEntry puts a sample entry straight into the fake.
func (f *fakeStore) addEntry(daysAgo int, family, body string, tags ...string) string {
	e := diary.Entry{
		ID:      fmt.Sprintf("e%03d", len(f.entries)),
		Created: fixedNow.Add(-time.Duration(daysAgo)*24*time.Hour - time.Hour),
		Body:    body,
		Tags:    tags,
		Mood:    len(f.entries)%5 + 1,
	}
	e.Updated = e.Created
	if family != "" {
		e.Prompt = &diary.PromptRef{ID: "p-" + family, Family: family, Text: "A prompt in the " + family + " family?"}
		e.Tags = append(e.Tags, family)
	}
	e.Tags = diary.NormalizeTags(e.Tags)
	f.entries[e.ID] = e
	return e.ID
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}
	case "f2":
		return tea.KeyPressMsg{Code: tea.KeyF2}
	}
	if c, ok := strings.CutPrefix(s, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// step applies one message and returns the model and its command.
func step(t testing.TB, m Model, msg tea.Msg) (Model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

// typeText types s one key at a time, dropping the cursor-blink commands.
func typeText(t testing.TB, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		if r == '\n' {
			m, _ = step(t, m, press("enter"))
			continue
		}
		m, _ = step(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

// await runs cmd (and every batch or sequence inside it) concurrently and
// returns the first message of type T, also when it is routed to a screen;
// everything else (cursor blinks, spinner ticks, timers) is dropped.
// Running every command to completion would sleep through blink timers.
func await[T tea.Msg](t testing.TB, cmd tea.Cmd) T {
	t.Helper()
	v, _ := awaitRaw[T](t, cmd)
	return v
}

// awaitRaw is await that also returns the message as it arrived: a
// routedMsg for a screen's own results.
func awaitRaw[T tea.Msg](t testing.TB, cmd tea.Cmd) (T, tea.Msg) {
	t.Helper()
	ch := make(chan tea.Msg, 256)
	var launch func(c tea.Cmd)
	launch = func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() {
			msg := c()
			if rv := reflect.ValueOf(msg); rv.IsValid() && rv.Kind() == reflect.Slice && rv.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
				for i := range rv.Len() {
					launch(rv.Index(i).Interface().(tea.Cmd))
				}
				return
			}
			ch <- msg
		}()
	}
	launch(cmd)
	timeout := time.After(20 * time.Second)
	for {
		select {
		case msg := <-ch:
			if v, ok := msg.(T); ok {
				return v, msg
			}
			if r, ok := msg.(routedMsg); ok {
				if v, ok := r.msg.(T); ok {
					return v, msg
				}
			}
		case <-timeout:
			var zero T
			t.Fatalf("no %T arrived", zero)
			return zero, nil
		}
	}
}

// feed runs cmd until a T arrives and applies it, routed as it came.
func feed[T tea.Msg](t testing.TB, m Model, cmd tea.Cmd) (Model, tea.Cmd) {
	t.Helper()
	_, raw := awaitRaw[T](t, cmd)
	return step(t, m, raw)
}

// view is the screen as text, without colour.
func view(m Model) string { return ansi.Strip(m.View().Content) }

// checkFrame asserts what every frame must satisfy, then goldens it.
func checkFrame(t *testing.T, m Model, w int) {
	t.Helper()
	v := view(m)
	for i, line := range strings.Split(v, "\n") {
		if lw := ansi.StringWidth(line); lw > w {
			t.Errorf("line %d is %d cells wide, the terminal is %d: %q", i, lw, w, line)
		}
	}
	if n := strings.Count(v, "\n") + 1; n > m.height {
		t.Errorf("frame has %d lines, the terminal %d", n, m.height)
	}
	golden.RequireEqual(t, v)
}

// checkBodyFits asserts that what the screen draws fits the body's height
// as it is: the frame cuts a longer body at the bottom, which the frame's
// own height never shows.
func checkBodyFits(t *testing.T, m Model) {
	t.Helper()
	if m.tooSmall() || m.showHelp || m.busy != "" || !m.unlocked {
		return
	}
	body := m.showing().view(&m)
	if n := strings.Count(body, "\n") + 1; n > m.bodyHeight() {
		lines := strings.Split(ansi.Strip(body), "\n")
		t.Errorf("the %s screen draws %d lines in a body of %d; cut from the bottom: %q", m.current, n, m.bodyHeight(), lines[m.bodyHeight():])
	}
}

var sizes = []struct{ w, h int }{{80, 24}, {120, 40}}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// Locked accessors: commands of earlier steps may still be running.

func (f *fakeStore) isUnlocked() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.unlocked
}

func (f *fakeStore) callCount(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[name]
}

func (f *fakeStore) draftList() []diary.Draft {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []diary.Draft
	for _, d := range f.drafts {
		out = append(out, d)
	}
	return out
}

func (f *fakeStore) entryCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.entries)
}

func (f *fakeStore) entry(id string) (diary.Entry, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.entries[id]
	return e, ok
}
