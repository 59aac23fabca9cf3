package killtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// TestKillLoopExport kills peerdiary export at random moments. An export
// is recorded in the ledger before its file is written, so afterwards every
// export file on disk must be whole and listed in the ledger by its
// SHA-256: never a file that left without a record, never half a file.
// Records of files a kill kept from being written are allowed. It builds the
// binary, so it runs only when PEERDIARY_KILL_LOOP is set.
func TestKillLoopExport(t *testing.T) {
	if os.Getenv(loopEnv) == "" || testing.Short() {
		t.Skipf("set %s to run the kill loop against the peerdiary binary", loopEnv)
	}
	n := max(kills(t, 0)/3, 20)
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "peerdiary")
	if out, err := exec.Command(goTool, "build", "-o", bin, "peerdiary/cmd/peerdiary").CombinedOutput(); err != nil {
		t.Fatalf("building peerdiary: %v\n%s", err, out)
	}
	dir := newDiary(t)
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := s.Put(&diary.Entry{Body: randomBody(20 << 10)}); err != nil {
			t.Fatal(err)
		}
	}
	sup, _ := crypto.GenerateIdentity(false, time.Now())
	if _, err := s.AddContact("Sup", []crypto.Recipient{sup.Recipient()}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	passFile := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(passFile, []byte(testPass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	outDir := t.TempDir()
	export := func(name string, i int) *exec.Cmd {
		cmd := exec.Command(bin, "export", "--diary", dir, "--to", "Sup", "--since", "2000-01-01", "--yes",
			"--format", []string{"md", "html", "json"}[i%3], "-o", filepath.Join(outDir, fmt.Sprintf("%s-%04d.age", name, i)))
		cmd.Env = append(os.Environ(), "PEERDIARY_PASSPHRASE_FILE="+passFile)
		return cmd
	}
	span := 40 * time.Millisecond
	for i := range 3 {
		began := time.Now()
		if out, err := export("packet-warmup", i).CombinedOutput(); err != nil {
			t.Fatalf("export: %v\n%s", err, out)
		}
		span = max(span, time.Since(began)+5*time.Millisecond)
	}
	killed := 0
	for i := 1; i <= n; i++ {
		cmd := export("packet", i)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		timer := time.AfterFunc(rand.N(span), func() { cmd.Process.Signal(syscall.SIGKILL) })
		err := cmd.Wait()
		timer.Stop()
		if ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus); ws.Signaled() {
			killed++
		} else if err != nil {
			t.Fatalf("export failed on its own: %v", err)
		}
	}
	s, err = diary.Open(dir, diary.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	ledger, err := s.Ledger()
	if err != nil {
		t.Fatalf("the ledger does not read after the kills: %v", err)
	}
	recorded := map[string]string{}
	for _, r := range ledger {
		recorded[r.Output] = r.SHA256
	}
	des, err := os.ReadDir(outDir)
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, de := range des {
		if !strings.HasPrefix(de.Name(), "packet-") {
			continue // a temporary file a kill left: never a finished export
		}
		files++
		path := filepath.Join(outDir, de.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if want, ok := recorded[path]; !ok || want != hex.EncodeToString(sum[:]) {
			t.Errorf("%s is on disk but not in the ledger with its hash (recorded: %v)", de.Name(), ok)
		}
		if _, err := crypto.OpenSealed(data, 1<<20, sup.Keys()); err != nil {
			t.Errorf("%s does not open: %v", de.Name(), err)
		}
	}
	t.Logf("%d exports, %d killed; %d files written, %d exports in the ledger", n, killed, files, len(ledger))
	if killed == 0 {
		t.Fatal("no export was killed: the loop tested nothing")
	}
}
