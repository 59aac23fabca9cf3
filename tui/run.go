// Package tui is peerdiary's full-screen terminal interface.
//
// # Privacy in the terminal
//
// The interface draws on the alternate screen and, when it closes or locks,
// also erases the terminal's scrollback (CSI 3 J), so nothing it showed can
// be scrolled back to by the next person at a shared computer. The window
// title is always "peerdiary". Diary text is sanitised before it is drawn
// (see sanitize). The clipboard is never touched: the editor's copy and
// paste keys are off, and pasting works through the terminal's bracketed
// paste. SIGHUP (a closed terminal window) and SIGTERM save unsaved writing
// as an encrypted draft before exit. A panic prints a fixed message, never
// its value, which could hold diary text.
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"peerdiary/diary"
	"peerdiary/internal/envguard"
)

// Config is what the command line hands the TUI.
type Config struct {
	// DiaryDir is the diary folder; it may not hold a diary yet (first run).
	DiaryDir string
	// Demo opens a throwaway diary of fictional sample entries.
	Demo bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// LockWait is how long a save waits for another peerdiary's save
	// (diary.Options.LockWait); 0 means diary.DefaultLockWait.
	LockWait time.Duration

	// Write opens the editor on a new entry straight after the diary
	// opens, as `peerdiary write` does in a terminal; nil opens Today.
	Write *NewEntry

	// Input and Output replace the terminal (tests); nil means the
	// process's own. With Output set the screen is 80x24.
	Input  io.Reader
	Output io.Writer
}

// NewEntry is what the editor starts a new entry with for Config.Write.
type NewEntry struct {
	// Entry holds the prompt, tags, mood and time to start with; its text
	// is typed in the editor.
	Entry diary.Entry
	// PromptID is a pack's prompt to answer, looked up once the diary is
	// open, since packs are stored encrypted; "" for none, or for a
	// built-in prompt already in Entry.
	PromptID string
}

// ErrInternal is returned after a panic inside the interface. The message
// is fixed: a panic's value could hold diary text.
var ErrInternal = errors.New("peerdiary stopped because of an internal error; your saved entries are safe, and unsaved writing is kept as a draft where possible")

// hangupGrace is how long a hang-up waits for the draft to be saved before
// the program is stopped anyway.
const hangupGrace = 3 * time.Second

// Run opens the terminal interface and returns when the person quits.
func Run(ctx context.Context, cfg Config) error {
	// The command line has done this already; a second time costs nothing
	// and keeps any other caller from running bubbletea with TEA_TRACE set.
	envguard.Neutralise()
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	d := deps{
		dir:      cfg.DiaryDir,
		now:      now,
		plain:    isPlainEnv(),
		newEntry: cfg.Write,
		create: func(dir string, pass []byte) (diaryStore, error) {
			s, err := diary.Create(dir, pass, false, diary.Options{Now: now, LockWait: cfg.LockWait})
			if err != nil {
				return nil, err
			}
			return s, nil
		},
	}
	var opened *diary.Store
	switch {
	case cfg.Demo:
		cleanStaleDemos(os.TempDir(), time.Now())
		dir, release, err := makeDemoFolder()
		if err != nil {
			return fmt.Errorf("making a folder for the demo diary: %w", err)
		}
		defer release()
		d.dir, d.demo = dir, true
	case cfg.DiaryDir == "":
		return errors.New("no diary folder given")
	case diary.Exists(cfg.DiaryDir):
		s, err := diary.Open(cfg.DiaryDir, diary.Options{Now: now, LockWait: cfg.LockWait})
		if err != nil {
			return err
		}
		opened = s
		d.store = s
	default:
		if _, err := diary.Open(cfg.DiaryDir, diary.Options{Now: now, LockWait: cfg.LockWait}); errors.Is(err, diary.ErrKeyFileMissing) {
			return err // entries but no key: never offer to make a new key over them
		}
	}

	return run(ctx, cfg, d, opened)
}

// run is Run once the diary is found: it runs the program, saves what must
// be saved, and erases the terminal on every way out.
func run(ctx context.Context, cfg Config, d deps, opened *diary.Store) (err error) {
	out := cfg.Output
	if out == nil {
		out = os.Stdout
	}
	opts := []tea.ProgramOption{
		tea.WithContext(ctx),
		tea.WithFilter(quitFilter),
		// Our own recover below prints a fixed message; bubbletea's would
		// print the panic value and honour TEA_DEBUG log files.
		tea.WithoutCatchPanics(),
	}
	if cfg.Input != nil {
		opts = append(opts, tea.WithInput(cfg.Input))
	}
	if cfg.Output != nil {
		// Not a terminal: there is no size to ask for, so draw at 80x24.
		opts = append(opts, tea.WithOutput(cfg.Output), tea.WithWindowSize(80, 24))
	}
	if d.plain {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(newModel(d), opts...)

	// bubbletea turns SIGINT and SIGTERM into messages; SIGHUP (the window
	// closed, the connection dropped) would otherwise kill the process
	// before unsaved writing is saved.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	stop := make(chan struct{})
	defer func() { signal.Stop(hup); close(stop) }()
	go func() {
		select {
		case <-hup:
			p.Send(shutdownMsg{})
			select {
			case <-time.After(hangupGrace):
				p.Kill()
			case <-stop:
			}
		case <-stop:
		}
	}()

	defer func() {
		if r := recover(); r != nil {
			p.Kill()
			err = ErrInternal
		}
		// Erase the screen and the scrollback on every way out.
		_, _ = io.WriteString(out, ed3)
		if opened != nil {
			opened.Close()
		}
	}()

	final, runErr := p.Run()
	if fm, ok := final.(Model); ok {
		saveLeftoverDraft(fm)
		if s, ok := fm.store.(*diary.Store); ok && s != opened {
			s.Close()
		}
		if fm.failed {
			return ErrInternal
		}
	}
	switch {
	case runErr == nil:
		return nil
	case errors.Is(runErr, tea.ErrProgramPanic):
		return ErrInternal
	case errors.Is(runErr, tea.ErrProgramKilled), errors.Is(runErr, tea.ErrInterrupted):
		return nil // a hang-up, a signal or a cancelled context: the draft is saved
	}
	return runErr
}

// quitFilter holds back a quit (SIGTERM, SIGINT, a cancelled program) until
// unsaved writing is saved as a draft: it becomes a shutdownMsg, which saves
// and then quits for real.
func quitFilter(m tea.Model, msg tea.Msg) tea.Msg {
	switch msg.(type) {
	case tea.QuitMsg, tea.InterruptMsg:
		if mm, ok := m.(Model); ok && !mm.closing {
			return shutdownMsg{}
		}
	}
	return msg
}

// saveLeftoverDraft is the last safety net: if the program ended (killed,
// terminal gone) with writing not yet on disk, save it now.
func saveLeftoverDraft(m Model) {
	if m.store == nil {
		return
	}
	if m.pendingDraft != nil {
		_ = m.store.SaveDraft(m.pendingDraft)
		return
	}
	if d, ok := m.unsavedDraft(); ok {
		_ = m.store.SaveDraft(&d)
	}
}
