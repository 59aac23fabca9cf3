//go:build linux

package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// otherUID is the account the tests below run peerdiary as when they run as
// root, for whom no file is ever unreadable: nobody.
const otherUID = 65534

// runUnprivileged runs peerdiary (this test binary) with env and args as an
// account that can't read what it must not: the test's own when it is not
// root; nobody otherwise, with the diary folder handed to nobody except the
// files named in keepRoot, which stay root's and unreadable to it.
func runUnprivileged(t *testing.T, env map[string]string, keepRoot []string, args ...string) (code int, stderr string) {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	if os.Getuid() == 0 {
		// Copy the binary where nobody may run it, and open the way to the
		// diary folder.
		dir := t.TempDir()
		exe := filepath.Join(dir, "peerdiary")
		copyFile(t, bin, exe, 0o755)
		cmd.Path, cmd.Args[0] = exe, "peerdiary"
		for _, p := range []string{dir, env[envDiaryDir], env[envPassphraseFile]} {
			for d := filepath.Dir(p); d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
				os.Chmod(d, 0o755)
			}
		}
		chownTree(t, filepath.Dir(env[envDiaryDir]), otherUID)
		for _, p := range keepRoot {
			if err := os.Chown(p, 0, 0); err != nil {
				t.Fatal(err)
			}
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: otherUID, Gid: otherUID}}
	} else {
		cmd.Args[0] = "peerdiary"
		for _, p := range keepRoot {
			if err := os.Chmod(p, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/nonexistent", "TZ=UTC"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), errb.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, errb.String()
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func chownTree(t *testing.T, root string, uid int) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, uid)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A key file peerdiary may not read is a permission problem, named with its
// path (exit 7), not "damaged": that advice would have a person restore an
// old backup over a key that is fine.
func TestUnreadableKeyFileIsAPermissionProblem(t *testing.T) {
	f := newFakeRun(t)
	key := filepath.Join(f.env[envDiaryDir], "identity.age")
	code, stderr := runUnprivileged(t, f.env, []string{key}, "list")
	if code != exitFileSystem {
		t.Errorf("exit %d, want %d", code, exitFileSystem)
	}
	if !strings.Contains(stderr, "peerdiary: error: permission denied: "+key+"\n") {
		t.Errorf("the message does not name the key file:\n%s", stderr)
	}
	if strings.Contains(stderr, "damaged") || strings.Contains(stderr, "restore") {
		t.Errorf("an unreadable key file is called damaged:\n%s", stderr)
	}
	if !strings.Contains(stderr, "chmod 600 "+key) {
		t.Errorf("no hint to fix the file's permissions:\n%s", stderr)
	}
}

// A diary folder or entries folder peerdiary may not read is a permission
// problem named with its path (exit 7): never "there is no diary here", an
// empty list, or damage.
func TestUnreadableFoldersArePermissionProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		path func(diaryDir string) string
	}{
		{"the diary folder", func(d string) string { return d }},
		{"the entries folder", func(d string) string { return filepath.Join(d, "entries") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeRun(t)
			if code, _, stderr := f.run("", false, "write", "-m", "A private line."); code != 0 {
				t.Fatalf("write: exit %d: %s", code, stderr)
			}
			p := tc.path(f.env[envDiaryDir])
			t.Cleanup(func() { os.Chmod(p, 0o700) })
			code, stderr := runUnprivileged(t, f.env, []string{p}, "list")
			if code != exitFileSystem {
				t.Errorf("exit %d, want %d:\n%s", code, exitFileSystem, stderr)
			}
			// The folder, or the first thing in it peerdiary could not reach.
			if !strings.Contains(stderr, "peerdiary: error: permission denied: "+p) {
				t.Errorf("the message does not name the folder as unreadable:\n%s", stderr)
			}
			if !strings.Contains(stderr, "chmod 700 "+p+"\n") {
				t.Errorf("no hint to fix that folder's permissions:\n%s", stderr)
			}
			for _, wrong := range []string{"damaged", "restore", "no diary", "no entries", "panic", "goroutine", "private line"} {
				if strings.Contains(stderr, wrong) {
					t.Errorf("the message says %q:\n%s", wrong, stderr)
				}
			}
		})
	}
}
