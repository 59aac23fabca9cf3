package tui

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// TestTeatestUnlockBrowseQuit drives the real program loop: unlock,
// browse, quit. The golden is the final model's view, not the byte stream.
func TestTeatestUnlockBrowseQuit(t *testing.T) {
	c := newClock()
	f := sampleFake(c)
	tm := teatest.NewTestModel(t, newModel(deps{store: f, now: c.Now, dir: f.Path()}),
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithFilter(quitFilter)),
	)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("locked")) }, teatest.WithDuration(5*time.Second))
	tm.Type("right passphrase")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Recent writing")) }, teatest.WithDuration(5*time.Second))
	tm.Type("b")
	// The preview is drawn by a command of its own: wait for it too, or a
	// busy machine quits before it arrives and the golden sees "…".
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Browse")) && bytes.Contains(b, []byte("Sat outside on the bench"))
	}, teatest.WithDuration(5*time.Second))
	tm.Type("q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if fm.Screen() != "browse" || !fm.closing {
		t.Fatalf("final screen %s, closing %v", fm.Screen(), fm.closing)
	}
	golden.RequireEqual(t, view(fm))
}

// syncBuffer is a bytes.Buffer the program can write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitOutput(t *testing.T, out *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("%q never appeared on screen", want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRunSignalSavesDraft runs the whole interface through Run on a real
// diary, types into the editor, and then the terminal closes (SIGHUP) or
// the system asks the program to stop (SIGTERM): the writing is saved as an
// encrypted draft, the scrollback is erased, and Run returns without error.
func TestRunSignalSavesDraft(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			const pass = "signal test"
			dir := newRealDiary(t, pass)
			in, keys := io.Pipe()
			out := &syncBuffer{}
			done := make(chan error, 1)
			go func() {
				done <- Run(context.Background(), Config{DiaryDir: dir, Input: in, Output: out, Now: newClock().Now})
			}()
			waitOutput(t, out, "locked")
			io.WriteString(keys, pass+"\r")
			waitOutput(t, out, "Recent")
			io.WriteString(keys, "n")
			waitOutput(t, out, "New entry")
			io.WriteString(keys, "CANARY-signal")
			// The renderer draws only what changed, so the typed text never
			// shows up whole in the stream; give the program a moment (a
			// few seconds: a busy machine running the race detector is slow).
			time.Sleep(3 * time.Second)

			syscall.Kill(os.Getpid(), sig)
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("Run after %v: %v", sig, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("Run did not return after %v", sig)
			}
			keys.Close()
			if !strings.HasSuffix(out.String(), ed3) {
				t.Error("the scrollback was not erased on exit")
			}

			s, err := diary.Open(dir, diary.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Unlock([]byte(pass)); err != nil {
				t.Fatal(err)
			}
			drafts, err := s.Drafts()
			if err != nil || len(drafts) != 1 || drafts[0].Entry.Body != "CANARY-signal" {
				t.Fatalf("drafts after %v: %v, %+v", sig, err, drafts)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
			for _, f := range files {
				b, _ := os.ReadFile(f)
				if bytes.Contains(b, []byte("CANARY")) {
					t.Fatalf("%s holds plaintext", f)
				}
			}
		})
	}
}

// TestRunCancelSavesDraft: a cancelled context (the CLI's own signal
// handling) also keeps the writing.
func TestRunCancelSavesDraft(t *testing.T) {
	const pass = "cancel test"
	dir := newRealDiary(t, pass)
	in, keys := io.Pipe()
	out := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, Config{DiaryDir: dir, Input: in, Output: out}) }()
	waitOutput(t, out, "locked")
	io.WriteString(keys, pass+"\r")
	waitOutput(t, out, "Recent")
	io.WriteString(keys, "n")
	waitOutput(t, out, "New entry")
	io.WriteString(keys, "CANARY-cancel")
	time.Sleep(3 * time.Second) // as in TestRunSignalSavesDraft

	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the context was cancelled")
	}
	keys.Close()
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Unlock([]byte(pass))
	drafts, _ := s.Drafts()
	if len(drafts) != 1 || drafts[0].Entry.Body != "CANARY-cancel" {
		t.Fatalf("drafts after cancel: %+v", drafts)
	}
}

func TestRunRefusesEntriesWithoutKey(t *testing.T) {
	dir := newRealDiary(t, "x-passphrase")
	os.Remove(filepath.Join(dir, diary.KeyFileName))
	os.WriteFile(filepath.Join(dir, diary.EntriesDir, "a.age"), []byte("age"), 0o600)
	err := Run(context.Background(), Config{DiaryDir: dir, Input: strings.NewReader(""), Output: io.Discard})
	if !errorsIs(err, diary.ErrKeyFileMissing) {
		t.Fatalf("Run over entries without a key file: %v", err)
	}
	_ = crypto.ErrWrongPassphrase
}

// panickyClock panics inside the program loop once the diary is unlocked
// (the next Update or View that asks the time), with diary-like text in the
// panic value.
func panickyClock(f *fakeStore) func() time.Time {
	return func() time.Time {
		if f.isUnlocked() {
			panic("CANARY-panic private words")
		}
		return fixedNow
	}
}

// TestPanicPrintsNothingPrivate: a panic inside the program loop restores
// the terminal, erases the scrollback, returns the fixed ErrInternal, and
// writes no panic log even with TEA_DEBUG set.
func TestPanicPrintsNothingPrivate(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("TEA_DEBUG", "true")
	c := newClock()
	f := sampleFake(c)
	in, keys := io.Pipe()
	defer keys.Close()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), Config{Input: in, Output: out}, deps{store: f, now: panickyClock(f), dir: f.Path()}, nil)
	}()
	waitOutput(t, out, "locked")
	io.WriteString(keys, "right passphrase\r")
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after a panic")
	}
	if !errorsIs(err, ErrInternal) {
		t.Fatalf("Run returned %v, want ErrInternal", err)
	}
	if strings.Contains(err.Error(), "CANARY") || strings.Contains(out.String(), "CANARY") {
		t.Fatal("the panic value reached the terminal or the error")
	}
	if !strings.HasSuffix(out.String(), ed3) {
		t.Error("the scrollback was not erased after the panic")
	}
	if logs, _ := filepath.Glob("bubbletea-panic-*"); len(logs) > 0 {
		t.Fatalf("a panic log was written: %v", logs)
	}
}
