//go:build linux

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"peerdiary/internal/envguard"
)

// TestDebugSwitchesWriteNothing runs the real program, full screen, with
// every environment variable that would make a dependency log keys, frames
// or panics set, unlocks the diary, types an entry and saves it; then shell
// completion, which cobra would log. No log appears, and neither the
// passphrase nor the text is anywhere on disk but encrypted.
func TestDebugSwitchesWriteNothing(t *testing.T) {
	f := newFakeRun(t)
	const pass = "correct horse battery staple"
	const canary = "CANARY-envguard-7f3a9c"
	work := t.TempDir()
	cwd := filepath.Join(work, "cwd")
	logs := filepath.Join(work, "logs")
	for _, d := range []string{cwd, logs, filepath.Join(work, "tmp"), filepath.Join(work, "home")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{
		envDiaryDir: f.env[envDiaryDir],
		"TERM":      "xterm-256color",
		"HOME":      filepath.Join(work, "home"),
		"TMPDIR":    filepath.Join(work, "tmp"),
	}
	for _, s := range envguard.Switches {
		env[s.Name] = filepath.Join(logs, s.Name+".log")
	}
	env["TEA_DEBUG"] = "true" // a flag, not a path: its log goes to the working folder

	r := startTTYIn(t, cwd, env)
	r.waitFor("peerdiary is locked")
	r.send(pass + "\r")
	r.waitFor("Today's prompt")
	r.send("w")
	r.waitFor("ctrl+s")
	r.send(canary + " typed at the end of a shift")
	r.send("\x13") // ctrl+s
	r.waitFor("Saved")
	r.send("\x03") // ctrl+c
	if code := r.exit(); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr.String())
	}

	// Shell completion: cobra logs each request, with the words typed.
	c := startTTYIn(t, cwd, env, "__complete", "write", "-m", canary)
	c.exit()

	var found []string
	for _, root := range []string{work, f.env[envDiaryDir]} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.HasPrefix(path, logs) || strings.HasPrefix(d.Name(), "bubbletea-panic") {
				t.Errorf("a debug log was written: %s", path)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, secret := range []string{canary, pass} {
				if bytes.Contains(data, []byte(secret)) {
					found = append(found, path+" holds "+secret)
				}
			}
			return nil
		})
	}
	for _, f := range found {
		t.Error(f)
	}
	if n, _ := os.ReadDir(filepath.Join(f.env[envDiaryDir], "entries")); len(n) != 1 {
		t.Errorf("%d entry files, want the one saved", len(n))
	}
}
