package killtest

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"peerdiary/diary"
)

// TestKillLoopCLI is the loop the issue describes: the real peerdiary
// binary runs `write` again and again and is killed with SIGKILL at a random
// moment between its start and a little after a write would end (at least
// 0–40 ms); every id it printed (an acknowledged save)
// must then be present and intact, and verify must pass. It builds the
// binary, so it runs only when PEERDIARY_KILL_LOOP is set (the CI kill-loop
// step).
func TestKillLoopCLI(t *testing.T) {
	if os.Getenv(loopEnv) == "" || testing.Short() {
		t.Skipf("set %s to run the kill loop against the peerdiary binary", loopEnv)
	}
	n := kills(t, 0)
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "peerdiary")
	if out, err := exec.Command(goTool, "build", "-o", bin, "peerdiary/cmd/peerdiary").CombinedOutput(); err != nil {
		t.Fatalf("building peerdiary: %v\n%s", err, out)
	}
	dir := newDiary(t)
	passFile := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(passFile, []byte(testPass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	log := NewLog()
	// How long one whole write takes here: kills are spread over that
	// span, so they land before, during and after the save in about equal
	// measure, whatever the speed of the machine.
	span := 40 * time.Millisecond
	for range 3 {
		began := time.Now()
		body := randomBody(maxBody)
		cmd := exec.Command(bin, "write", "--diary", dir)
		cmd.Env = append(os.Environ(), "PEERDIARY_PASSPHRASE_FILE="+passFile)
		cmd.Stdin = strings.NewReader(body)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("write: %v", err)
		}
		log.Record("ok " + strings.TrimSpace(string(out)) + " " + Hash(body) + "\n")
		span = max(span, time.Since(began)+5*time.Millisecond)
	}
	killed, finished, leftByKills := 0, 0, 0
	start := time.Now()
	for i := 1; i <= n; i++ {
		body := randomBody(minBody + rand.IntN(maxBody-minBody+1))
		cmd := exec.Command(bin, "write", "--diary", dir)
		cmd.Env = append(os.Environ(), "PEERDIARY_PASSPHRASE_FILE="+passFile)
		cmd.Stdin = strings.NewReader(body)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		timer := time.AfterFunc(rand.N(span), func() {
			cmd.Process.Signal(syscall.SIGKILL)
		})
		err := cmd.Wait()
		timer.Stop()
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		switch {
		case ws.Signaled():
			killed++
		case err != nil:
			t.Fatalf("write failed on its own (%v): %s", err, stderr.Bytes())
		default:
			finished++
		}
		// write prints the id after the entry is saved: a whole line with
		// an id is an acknowledged save, killed afterwards or not.
		if id := strings.TrimSpace(Complete(stdout.String())); id != "" {
			if !diary.ValidID(id) {
				t.Fatalf("write printed %q, not an id", id)
			}
			log.Record("ok " + id + " " + Hash(body) + "\n")
		}
		left, err := countTemp(filepath.Join(dir, diary.EntriesDir))
		if err != nil {
			t.Fatal(err)
		}
		leftByKills += left

		if i%50 == 0 || i == n {
			r, err := Check(dir, []byte(testPass), log)
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK() {
				t.Fatalf("after %d runs: %s", i, r)
			}
			if i == n {
				t.Logf("%d runs of peerdiary write (kills spread over %v) in %v: %d killed, %d finished; %d acknowledged saves; %d temp files left by kills, all removed on open; final check: %s",
					n, span.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), killed, finished, log.Saves, leftByKills, r)
			}
		}
	}
	if killed == 0 || log.Saves == 0 {
		t.Fatalf("%d kills and %d acknowledged saves: the loop tested nothing", killed, log.Saves)
	}
}
