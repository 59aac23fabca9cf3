//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/research"
	"peerdiary/diary/supervision"
)

// These tests type at peerdiary through a real pseudo-terminal, waiting for
// each prompt before answering it, as a person does. (testscript's ttyin
// sends everything at once and may lose the end of what the terminal showed,
// so the prompts are checked here.)

// openPTY opens a new pseudo-terminal pair.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

func echoOn(t *testing.T, tty *os.File) bool {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return tio.Lflag&unix.ECHO != 0
}

// ttyRun is peerdiary running with a pseudo-terminal as its controlling
// terminal, standard input and standard output.
type ttyRun struct {
	t      *testing.T
	cmd    *exec.Cmd
	master *os.File
	slave  *os.File
	stderr bytes.Buffer

	mu     sync.Mutex
	screen strings.Builder
	seen   int // how much of the screen earlier waits consumed
}

func startTTY(t *testing.T, env map[string]string, args ...string) *ttyRun {
	t.Helper()
	return startTTYIn(t, "", env, args...)
}

// startTTYIn is startTTY with dir as the working folder ("" for the test's).
func startTTYIn(t *testing.T, dir string, env map[string]string, args ...string) *ttyRun {
	t.Helper()
	return startOnTTY(t, dir, env, false, args...)
}

// startOnTTY starts peerdiary on a pseudo-terminal; with stderrToo its
// standard error goes to the terminal as well, as at a person's terminal.
func startOnTTY(t *testing.T, dir string, env map[string]string, stderrToo bool, args ...string) *ttyRun {
	t.Helper()
	peerdiary, err := exec.LookPath("peerdiary") // the test binary, installed by TestMain
	if err != nil {
		t.Skip("peerdiary is not on PATH")
	}
	r := &ttyRun{t: t}
	r.master, r.slave = openPTY(t)
	// The size a person's terminal would have; the full-screen diary draws
	// for it.
	if err := unix.IoctlSetWinsize(int(r.master.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: 80}); err != nil {
		t.Fatal(err)
	}
	r.cmd = exec.Command(peerdiary, args...)
	r.cmd.Dir = dir
	r.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TZ=UTC"}
	for k, v := range env {
		if k != envPassphraseFile { // these tests type the passphrase
			r.cmd.Env = append(r.cmd.Env, k+"="+v)
		}
	}
	r.cmd.Stdin, r.cmd.Stdout, r.cmd.Stderr = r.slave, r.slave, &r.stderr
	if stderrToo {
		r.cmd.Stderr = r.slave
	}
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.cmd.Process.Kill() })
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := r.master.Read(buf)
			r.mu.Lock()
			r.screen.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return r
}

// waitFor waits until text appears on the terminal after what earlier waits
// saw, and until the terminal has echo off, as it must while a passphrase is
// typed.
func (r *ttyRun) waitFor(text string) {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.mu.Lock()
		screen := r.screen.String()
		i := strings.Index(screen[r.seen:], text)
		if i >= 0 && !echoOn(r.t, r.slave) {
			r.seen += i + len(text)
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
		if time.Now().After(deadline) {
			r.t.Fatalf("waited for %q with echo off; the terminal shows %q, echo on: %v", text, screen, echoOn(r.t, r.slave))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (r *ttyRun) send(s string) {
	r.t.Helper()
	if _, err := r.master.Write([]byte(s)); err != nil {
		r.t.Fatal(err)
	}
}

// exit waits for peerdiary to end and returns its exit code.
func (r *ttyRun) exit() int {
	r.t.Helper()
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			r.t.Fatal(err)
		}
		return 0
	case <-time.After(10 * time.Second):
		r.cmd.Process.Kill()
		r.t.Fatal("peerdiary did not end")
		return -1
	}
}

// The terminal must never show the passphrase, and must get its echo back.
func (r *ttyRun) checkAfter(secrets ...string) {
	r.t.Helper()
	r.mu.Lock()
	screen := r.screen.String()
	r.mu.Unlock()
	for _, s := range secrets {
		if strings.Contains(screen, s) || strings.Contains(r.stderr.String(), s) {
			r.t.Errorf("the passphrase %q was shown: %q", s, screen)
		}
	}
	if !echoOn(r.t, r.slave) {
		r.t.Error("the terminal was left with echo off")
	}
}

func TestPassphrasePromptsOnATerminal(t *testing.T) {
	f := newFakeRun(t) // a diary whose passphrase is "correct horse battery staple"
	const pass = "correct horse battery staple"

	t.Run("init asks twice", func(t *testing.T) {
		env := map[string]string{envDiaryDir: t.TempDir() + "/new"}
		r := startTTY(t, env, "init")
		r.waitFor("Choose a passphrase for your new diary: ")
		r.send("a brand new passphrase\n")
		r.waitFor("Type it again to check: ")
		r.send("a brand new passphrase\n")
		if code := r.exit(); code != 0 {
			t.Fatalf("exit %d: %s", code, r.stderr.String())
		}
		r.checkAfter("a brand new passphrase")
	})

	t.Run("three tries", func(t *testing.T) {
		r := startTTY(t, f.env, "list")
		r.waitFor("Passphrase for the diary in " + f.env[envDiaryDir] + ": ")
		r.send("wrong one\n")
		r.waitFor("Passphrase for the diary in ")
		r.send("wrong two\n")
		r.waitFor("Passphrase for the diary in ")
		r.send(pass + "\n")
		if code := r.exit(); code != 0 {
			t.Fatalf("exit %d: %s", code, r.stderr.String())
		}
		if got := strings.Count(r.stderr.String(), "that passphrase didn't unlock this diary; check caps lock"); got != 2 {
			t.Errorf("%d wrong-passphrase notes, want 2:\n%s", got, r.stderr.String())
		}
		r.checkAfter("wrong one", "wrong two", pass)
	})

	t.Run("passwd asks for the current passphrase, then the new one twice", func(t *testing.T) {
		passwd := func(old, new string) *ttyRun {
			r := startTTY(t, f.env, "passwd")
			r.waitFor("Current passphrase for the diary in ")
			r.send(old + "\n")
			r.waitFor("New passphrase: ")
			r.send(new + "\n")
			r.waitFor("Type it again to check: ")
			r.send(new + "\n")
			if code := r.exit(); code != 0 {
				t.Fatalf("changing from %q to %q: exit %d: %s", old, new, code, r.stderr.String())
			}
			return r
		}
		passwd(pass, pass+" again").checkAfter(pass)
		// Back to the passphrase the other tests use.
		passwd(pass+" again", pass)
	})

	// ctrl+c at a prompt, with echo off, must give the terminal its echo
	// back: otherwise the person's next commands are typed blind.
	t.Run("ctrl+c at the prompt", func(t *testing.T) {
		r := startTTY(t, f.env, "list")
		r.waitFor("Passphrase for the diary in ")
		r.send("\x03")
		if code := r.exit(); code != exitInterrupted {
			t.Errorf("exit %d, want %d", code, exitInterrupted)
		}
		r.checkAfter()
	})
}

// TestWriteOnATerminal: peerdiary write with a terminal for its input and
// output opens the full-screen diary on the editor instead of refusing;
// what is typed there is saved with the flags' tags, and never shown after
// the diary closes.
func TestWriteOnATerminal(t *testing.T) {
	f := newFakeRun(t)
	const pass = "correct horse battery staple"
	r := startTTY(t, f.env, "write", "--tag", "night")
	r.waitFor("peerdiary is locked")
	r.send(pass + "\r")
	r.waitFor("New entry")
	r.send("Quiet end to the shift.")
	r.send("\x13") // ctrl+s
	r.waitFor("Saved and encrypted")
	r.send("q")
	if code := r.exit(); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr.String())
	}
	r.checkAfter(pass)
	code, stdout, stderr := f.run("", false, "list", "--tag", "night")
	if code != 0 || !strings.Contains(stdout, "Quiet end to the shift.") {
		t.Fatalf("list --tag night: exit %d\n%s%s", code, stdout, stderr)
	}
}

// waitForText waits until text appears on the terminal, echo on or off.
func (r *ttyRun) waitForText(text string) {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.mu.Lock()
		screen := r.screen.String()
		i := strings.Index(screen[r.seen:], text)
		if i >= 0 {
			r.seen += i + len(text)
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
		if time.Now().After(deadline) {
			r.t.Fatalf("waited for %q; the terminal shows %q", text, screen)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestStudyJoinOnATerminal: consent to a study is typed at the terminal,
// after the card and its consent text were shown there, and the consent
// record says so. A key press is not consent.
func TestStudyJoinOnATerminal(t *testing.T) {
	f := newFakeRun(t)
	const pass = "correct horse battery staple"
	researcher, err := crypto.GenerateIdentity(false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	data, _, err := research.WriteCard("card.toml", research.CardSpec{
		Study: "peer-reflections", Title: "Peer Reflections", Institution: "Example University",
		EthicsApproval: "REB-1", Investigator: research.Person{Name: "Dr Ada", Contact: "ada@example.edu"},
		EthicsContact: research.Person{Name: "Ethics Office", Contact: "ethics@example.edu"},
		Recipients:    []string{researcher.PublicKey()}, ConsentVersion: "1.0",
		ConsentText: "Sharing is your choice, entry by entry.", Dates: research.ByMonth,
		Uses: []research.Use{research.UseAnalysis}, Retention: "Five years.",
		WithdrawHow: "Run peerdiary consent withdraw.", WithdrawLimits: "Published results can't change.",
	})
	if err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(t.TempDir(), "card.toml")
	if err := os.WriteFile(card, data, 0o600); err != nil {
		t.Fatal(err)
	}

	join := func(answer string) *ttyRun {
		r := startTTY(t, f.env, "study", "join", card)
		r.waitFor("Passphrase for the diary in ")
		r.send(pass + "\n")
		r.waitForText("Sharing is your choice, entry by entry.")
		r.waitForText(`Type "I agree" to join, or just press Enter to leave it: `)
		r.send(answer + "\n")
		if code := r.exit(); code != 0 {
			t.Fatalf("exit %d: %s", code, r.stderr.String())
		}
		r.checkAfter(pass)
		return r
	}
	r := join("y")
	r.waitForText("You didn't join. Nothing was recorded.")
	if code, out, _ := f.run("", false, "study", "list"); code != 0 || !strings.Contains(out, "haven't joined") {
		t.Fatalf("after y: %s", out)
	}
	r = join("i AGREE")
	r.waitForText("You joined peer-reflections.")

	s, err := diary.Open(f.env[envDiaryDir], diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock([]byte(pass)); err != nil {
		t.Fatal(err)
	}
	p, err := research.Load(s, "peer-reflections")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Consent.Method, `typed "I agree" at the terminal`) {
		t.Errorf("consent method %q", p.Consent.Method)
	}
}

// A printable web page opened on a terminal is shown in the reader as its
// text, names taken out as they were sent; nothing is written anywhere and
// nothing of it stays on the screen.
func TestOpenWebPagePacketOnATerminal(t *testing.T) {
	dir := t.TempDir()
	sup, err := crypto.GenerateIdentity(false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "supervisor.key")
	if err := os.WriteFile(keyFile, sup.Text(), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := supervision.Build(supervision.Request{
		Entries: []*diary.Entry{{ID: "aaaaaaaaaaaaaaaa", Created: time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC),
			Body: "Sat with Sam after the call. <b>not bold</b>"}},
		People: []diary.Person{{Name: "Sam", As: "Client A"}}, Redact: true,
		Now: time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC), Location: time.UTC,
	})
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := supervision.Seal(p, supervision.HTML, []diary.Contact{{Name: "Jo", Keys: []string{sup.PublicKey()}}}, false)
	if err != nil {
		t.Fatal(err)
	}
	packet := filepath.Join(dir, "packet.age")
	if err := os.WriteFile(packet, sealed.Bytes, 0o600); err != nil {
		t.Fatal(err)
	}
	r := startTTYIn(t, dir, nil, "open", "packet.age", "--identity", "supervisor.key")
	r.waitForText("Sat with Client A after the call.")
	r.send("q")
	if code := r.exit(); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr.String())
	}
	if r.stderr.Len() != 0 {
		t.Errorf("stderr: %s", r.stderr.String())
	}
	r.mu.Lock()
	screen := r.screen.String()
	r.mu.Unlock()
	if strings.Contains(screen, "<!DOCTYPE") || strings.Contains(screen, "Content-Security-Policy") {
		t.Error("the page's markup was shown instead of its text")
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Errorf("open wrote something: %v", files)
	}
}

// At a terminal an export asks before it sends, after the first-export
// notice: anything but yes sends nothing and records nothing; yes sends.
func TestExportAsksOnATerminal(t *testing.T) {
	f := newFakeRun(t)
	const pass = "correct horse battery staple"
	sup, err := crypto.GenerateIdentity(false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, id, stderr := f.run("Sat with Sam after the call.", false, "write")
	if code != 0 {
		t.Fatalf("write: %d %s", code, stderr)
	}
	id = strings.TrimSpace(id)
	for _, args := range [][]string{{"people", "add", "Sam", "--as", "Client A"}, {"contacts", "add", "Jo", sup.PublicKey()}} {
		if code, _, stderr := f.run("", false, args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
	}
	dir := t.TempDir()
	export := func(answer string) {
		r := startOnTTY(t, dir, f.env, true, "export", "--to", "Jo", id, "-o", "packet.age")
		r.waitFor("Passphrase for the diary in ")
		r.send(pass + "\n")
		r.waitForText("to Jo: post-quantum age key " + crypto.Fingerprint(sup.PublicKey()))
		r.waitForText("This is your first export to Jo.")
		r.waitForText("can't be taken back")
		r.waitForText("Send it? Type yes to send, anything else to stop: ")
		r.send(answer + "\n")
		if code := r.exit(); code != 0 {
			t.Fatalf("exit %d", code)
		}
		r.checkAfter(pass)
	}
	export("y")
	if _, err := os.Stat(filepath.Join(dir, "packet.age")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("y sent the export: %v", err)
	}
	if _, out, _ := f.run("", false, "exports"); !strings.Contains(out, "Nothing has left this diary") {
		t.Fatalf("y recorded an export:\n%s", out)
	}
	export("yes")
	sealed, err := os.ReadFile(filepath.Join(dir, "packet.age"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := crypto.OpenSealed(sealed, 1<<20, sup.Keys())
	if err != nil || !strings.Contains(string(plain), "Sat with Client A after the call.") {
		t.Fatalf("what left: %v\n%s", err, plain)
	}
}
