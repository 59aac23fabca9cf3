package killtest

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
)

const (
	childEnv = "PEERDIARY_KILLTEST_CHILD" // "<mode>:<diary dir>"
	loopEnv  = "PEERDIARY_KILL_LOOP"      // number of kills; CI sets 300
	testPass = "kill loop passphrase"
)

func TestMain(m *testing.M) {
	crypto.SetWorkFactorForTesting(10)
	os.Exit(m.Run())
}

// TestKillLoopChild is the child process; it does nothing in a normal run.
func TestKillLoopChild(t *testing.T) {
	spec := os.Getenv(childEnv)
	if spec == "" {
		t.Skip("runs only as the kill loop's child")
	}
	mode, dir, _ := cut(spec)
	child := Child
	switch mode {
	case ModeRotate, ModeRotateNaive:
		child = RotateChild
	case ModePasswd:
		child = func(dir, _ string, pass []byte, out io.Writer, max int) error {
			return PasswdChild(dir, pass, out, max)
		}
	}
	if err := child(dir, mode, []byte(testPass), os.Stdout, 100000); err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(3)
	}
}

func cut(s string) (string, string, bool) {
	for i := range s {
		if s[i] == ':' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func kills(t *testing.T, quick int) int {
	v := os.Getenv(loopEnv)
	if v == "" {
		return quick
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a number of kills", loopEnv, v)
	}
	return n
}

func newDiary(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "diary")
	s, err := diary.Create(dir, []byte(testPass), false, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return dir
}

// lockedBuffer collects a child's stdout while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// runAndKill starts a child, waits until it is saving, lets it run for a
// random 0–40 ms and kills it with SIGKILL. It returns the child's whole
// lines of output.
func runAndKill(t *testing.T, mode, dir string) string {
	return runAndKillAfter(t, mode, dir, 1)
}

// runAndKillAfter is runAndKill with the random wait stretched by the
// factor later: on a busy machine a save can take longer than 40 ms.
func runAndKillAfter(t *testing.T, mode, dir string, later int) string {
	t.Helper()
	return runAndKillWithin(t, mode, dir, 40*time.Millisecond*time.Duration(later))
}

// runAndKillWithin is runAndKill with the kill at a random moment of span.
func runAndKillWithin(t *testing.T, mode, dir string, span time.Duration) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillLoopChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+mode+":"+dir)
	out := &lockedBuffer{}
	cmd.Stdout = out
	cmd.Stderr = out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !bytes.Contains([]byte(out.String()), []byte("ready\n")) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child never got ready: %q", out.String())
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(rand.N(span + 1))
	cmd.Process.Signal(syscall.SIGKILL)
	err := cmd.Wait()
	output := out.String()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the child ended before the kill (%v): %.300q", err, output)
	}
	return Complete(output)
}

// TestKillLoop kills a child saving entries through the Store hundreds of
// times (PEERDIARY_KILL_LOOP; a few in a normal run) and checks that every
// acknowledged save is there and intact, nothing is corrupt, and the
// temporary files the kills left are cleaned up on open.
func TestKillLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	n := kills(t, 15)
	dir := newDiary(t)
	log := NewLog()
	leftByKills := 0
	start := time.Now()
	// On a busy machine every kill may come before the first save is
	// acknowledged; then the kills go on, each a little later, until one
	// has been (at most ten times as many).
	for i := 1; i <= n || (log.Saves == 0 && i <= 10*n); i++ {
		log.Record(runAndKillAfter(t, ModeAtomic, dir, 1+(i-1)/n))
		// Count what this kill left; the next open (child or check) must
		// remove it.
		left, err := countTemp(filepath.Join(dir, diary.EntriesDir))
		if err != nil {
			t.Fatal(err)
		}
		leftByKills += left
		// Check along the way as well as at the end: a later rewrite of the
		// same entry could otherwise hide damage done by an earlier kill.
		if i%25 == 0 || i >= n {
			r, err := Check(dir, []byte(testPass), log)
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK() {
				t.Fatalf("after %d kills: %s", i, r)
			}
			if i >= n {
				t.Logf("%d kills in %v: %d acknowledged saves of %d entries; %d temp files left by kills, all removed on open; final check: %s",
					n, time.Since(start).Round(time.Millisecond), log.Saves, log.Acked(), leftByKills, r)
			}
		}
	}
	if log.Saves == 0 {
		t.Fatal("no save was acknowledged: the kills came too early to test anything")
	}
}

// TestKillLoopNegativeControl runs the same loop and checker against a
// writer that rewrites files in place. The checker must catch it; if it
// does not, the harness is not testing anything.
func TestKillLoopNegativeControl(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	limit := max(kills(t, 15)*2, 150)
	dir := newDiary(t)
	log := NewLog()
	for i := 1; i <= limit; i++ {
		log.Record(runAndKill(t, ModeNaive, dir))
		r, err := Check(dir, []byte(testPass), log)
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() {
			t.Logf("the in-place writer was caught after %d kills (%d acknowledged saves): %s", i, log.Saves, r)
			return
		}
	}
	t.Fatalf("the checker did not catch an in-place writer in %d kills", limit)
}

// A line cut by the kill must not count: a cut "ok" line would carry part
// of a hash and make an intact entry look wrong, or worse, a cut id.
func TestLogIgnoresCutLines(t *testing.T) {
	l := NewLog()
	l.Record("ready\nbegin a 11\nok a 11\nbegin b 22\nok b 2")
	if l.Saves != 1 || l.acked["a"] != "11" || l.acked["b"] != "" || !l.pending["b"]["22"] {
		t.Fatalf("acked %v pending %v saves %d", l.acked, l.pending, l.Saves)
	}
	l.Record("begin a 33\n")
	if l.acked["a"] != "11" || !l.pending["a"]["33"] {
		t.Fatalf("an interrupted rewrite: acked %v pending %v", l.acked, l.pending)
	}
	l.Record("begin a 44\nok a 44\n")
	if l.acked["a"] != "44" || l.pending["a"] != nil || l.Saves != 2 {
		t.Fatalf("after a later save: acked %v pending %v", l.acked, l.pending)
	}
}

// rotationSpan is how long one move to a new key of dir takes here, with a
// margin: kills are spread over it, so they land before, during and after
// every step of the move.
func rotationSpan(t *testing.T, dir string) time.Duration {
	t.Helper()
	took := timeOnUnlocked(t, dir, func(s *diary.Store) error {
		_, err := s.RotateKey(context.Background(), []byte(testPass), nil)
		return err
	})
	return took*3/2 + 10*time.Millisecond
}

// timeOnUnlocked opens and unlocks the diary in dir and times fn on it.
func timeOnUnlocked(t *testing.T, dir string, fn func(*diary.Store) error) time.Duration {
	t.Helper()
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := fn(s); err != nil {
		t.Fatal(err)
	}
	return time.Since(start)
}

// TestKillLoopRotate kills a child moving the diary to a new key, again and
// again, at random moments of the move (PEERDIARY_KILL_LOOP kills; a few in
// a normal run). After every kill the diary must open with its passphrase
// and its one key file (holding one key, or two mid-move), every file must
// read, and every entry must be there unchanged. At the end, one more move
// runs to completion and leaves exactly one key.
func TestKillLoopRotate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	n := kills(t, 10)
	dir := newDiary(t)
	want, err := Fill(dir, []byte(testPass), 40)
	if err != nil {
		t.Fatal(err)
	}
	span := rotationSpan(t, dir)
	rotations, midMove := 0, 0
	start := time.Now()
	for i := 1; i <= n; i++ {
		out := runAndKillWithin(t, ModeRotate, dir, span)
		rotations += strings.Count(out, "rotated\n")
		r, err := CheckRotation(dir, []byte(testPass), want)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		if !r.OK() {
			t.Fatalf("after kill %d: %s", i, r)
		}
		if r.Keys == 2 {
			midMove++
		}
	}
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RotateKey(context.Background(), []byte(testPass), nil); err != nil {
		t.Fatal(err)
	}
	r, err := CheckRotation(dir, []byte(testPass), want)
	if err != nil || !r.OK() || r.Keys != 1 {
		t.Fatalf("after the last move: %v, %s", err, r)
	}
	t.Logf("%d kills in %v over moves of %v: %d moves finished, %d kills left the diary mid-move, all opened and read; final: %s",
		n, time.Since(start).Round(time.Millisecond), span.Round(time.Millisecond), rotations, midMove, r)
	if midMove == 0 && n >= 10 {
		t.Error("no kill landed in the middle of a move: the loop tests nothing")
	}
}

// TestKillLoopRotateNegativeControl runs the same loop against a move that
// replaces the key file before the entries: the checker must catch it.
func TestKillLoopRotateNegativeControl(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := newDiary(t)
	want, err := Fill(dir, []byte(testPass), 40)
	if err != nil {
		t.Fatal(err)
	}
	span := rotationSpan(t, dir)
	limit := max(kills(t, 10)*2, 60)
	for i := 1; i <= limit; i++ {
		runAndKillWithin(t, ModeRotateNaive, dir, span)
		r, err := CheckRotation(dir, []byte(testPass), want)
		if err != nil || !r.OK() {
			t.Logf("the unsafe move was caught after %d kills: %v %v", i, err, r)
			return
		}
	}
	t.Fatalf("the checker did not catch an unsafe move in %d kills", limit)
}

// passwdSpan is how long to let a passwd child run before the kill: long
// enough, on this machine under its present load, for a few changes to
// finish (each runs scrypt twice, slower under the race detector), so that
// kills land both inside a change and between two.
func passwdSpan(t *testing.T, dir string) time.Duration {
	t.Helper()
	took := timeOnUnlocked(t, dir, func(s *diary.Store) error {
		for _, p := range []string{AltPass, testPass} {
			if err := s.SetPassphrase([]byte(p)); err != nil {
				return err
			}
		}
		return nil
	})
	return took*2 + 10*time.Millisecond
}

// TestKillLoopPasswd kills a child changing the passphrase back and forth
// at random moments: after every kill exactly one of the two passphrases
// opens the diary, never neither, and every entry is intact.
func TestKillLoopPasswd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	n := kills(t, 10)
	dir := newDiary(t)
	want, err := Fill(dir, []byte(testPass), 5)
	if err != nil {
		t.Fatal(err)
	}
	span := passwdSpan(t, dir)
	changes := 0
	for i := 1; i <= n; i++ {
		out := runAndKillWithin(t, ModePasswd, dir, span)
		changes += strings.Count(out, "changed ")
		if _, err := CheckPasswd(dir, []byte(testPass), want); err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
	}
	t.Logf("%d kills, %d acknowledged passphrase changes; exactly one passphrase opened the diary every time", n, changes)
	if changes == 0 {
		t.Error("no change was acknowledged: the kills came too early to test anything")
	}
}
