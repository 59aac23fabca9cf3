package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/rogpeppe/go-internal/testscript"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/internal/agecli"
)

// TestMain lets the test binary stand in for peerdiary and its helpers, so
// the scripts run the real command line in a real process. The knobs that
// make tests fast and repeatable are set here, in the test binary only: the
// peerdiary binary honours no test variable.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"peerdiary": testPeerdiary,
		"holdlock":  holdLock,
	})
}

// testPeerdiary is peerdiary with cheap scrypt and, when PEERDIARY_TEST_NOW
// is set (RFC 3339), a fixed clock. PEERDIARY_TEST_NOTTY=1 detaches it from
// any controlling terminal, as under cron or a pipeline.
// PEERDIARY_TEST_LOCKWAIT_FD=N has it write a line to file descriptor N the
// first time a save starts waiting for another process's lock.
func testPeerdiary() {
	crypto.SetWorkFactorForTesting(10)
	if s := os.Getenv("PEERDIARY_TEST_NOW"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			fmt.Fprintln(os.Stderr, "PEERDIARY_TEST_NOW:", err)
			os.Exit(100)
		}
		now = func() time.Time { return t }
	}
	if s := os.Getenv(lockWaitFDEnv); s != "" {
		fd, err := strconv.Atoi(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, lockWaitFDEnv+":", err)
			os.Exit(100)
		}
		f := os.NewFile(uintptr(fd), "lockwait")
		var once sync.Once
		diary.SetLockWaitHookForTesting(func() {
			once.Do(func() {
				f.WriteString("waiting\n")
				f.Close()
			})
		})
	}
	if os.Getenv("PEERDIARY_TEST_NOTTY") == "1" {
		if _, err := syscall.Setsid(); err != nil {
			fmt.Fprintln(os.Stderr, "setsid:", err)
			os.Exit(100)
		}
	}
	main()
}

// holdLock takes a diary's lock, as another peerdiary does while it saves,
// and runs the rest of its arguments as a command while holding it:
//
//	holdlock DIR peerdiary list
//
// With -untilwait, it holds the lock only until the command starts waiting
// for it, then lets go so the command can go on; it fails if the command
// finishes without ever having waited:
//
//	holdlock -untilwait DIR peerdiary write -m 'Saved after waiting.'
//
// The lock is always taken before the command starts, so nothing depends
// on which process the machine happens to run first.
func holdLock() {
	args := os.Args[1:]
	untilWait := len(args) > 0 && args[0] == "-untilwait"
	if untilWait {
		args = args[1:]
	}
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: holdlock [-untilwait] DIR command [args...]")
		os.Exit(100)
	}
	fl := flock.New(filepath.Join(args[0], diary.LockName))
	if ok, err := fl.TryLock(); !ok || err != nil {
		fmt.Fprintln(os.Stderr, "holdlock: can't take the lock:", err)
		os.Exit(100)
	}
	defer fl.Close()
	cmd := exec.Command(args[1], args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	var waitSignal *os.File
	if untilWait {
		// The command (a test peerdiary, see testPeerdiary) writes a line
		// to its file descriptor 3 when it starts waiting for the lock;
		// this end of the pipe reads end of file instead if the command
		// exits without having waited.
		r, w, err := os.Pipe()
		if err != nil {
			fmt.Fprintln(os.Stderr, "holdlock:", err)
			os.Exit(100)
		}
		waitSignal = r
		cmd.ExtraFiles = []*os.File{w}
		cmd.Env = append(os.Environ(), lockWaitFDEnv+"=3")
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "holdlock:", err)
		os.Exit(100)
	}
	if untilWait {
		cmd.ExtraFiles[0].Close()
		var b [1]byte
		if n, _ := waitSignal.Read(b[:]); n == 0 {
			cmd.Wait()
			fmt.Fprintln(os.Stderr, "holdlock: the command finished without waiting for the lock")
			os.Exit(100)
		}
		fl.Close()
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		fl.Close()
		os.Exit(ee.ExitCode())
	case err != nil:
		fmt.Fprintln(os.Stderr, "holdlock:", err)
		os.Exit(100)
	}
}

// lockWaitFDEnv names the file descriptor on which a test peerdiary says
// that it is waiting for the diary's lock (see holdlock -untilwait).
const lockWaitFDEnv = "PEERDIARY_TEST_LOCKWAIT_FD"

func TestScript(t *testing.T) {
	// The interop scripts need the official age tools, v1.3.0 or later
	// (post-quantum keys). They skip, with the reason logged here, when a
	// usable age is missing; CI sets PEERDIARY_REQUIRE_AGE=1 so they fail
	// instead.
	var ageErr error
	for _, tool := range []string{"age", "age-keygen", "age-plugin-batchpass"} {
		if _, err := agecli.Check(tool); err != nil {
			ageErr = err
			break
		}
	}
	if ageErr != nil {
		if agecli.Required() {
			t.Fatalf("%v (%s is set)", ageErr, agecli.RequireEnv)
		}
		t.Logf("interop scripts skip their age steps: %v", ageErr)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") == "1",
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "agecli":
				return ageErr == nil, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			// No script depends on the day it runs or the machine's time
			// zone: the clock is fixed unless a script sets its own, and
			// dates print in the clock's zone.
			env.Setenv("TZ", "UTC")
			env.Setenv("PEERDIARY_TEST_NOW", "2026-11-23T18:30:00Z")
			env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":     cmdExits,
			"setenvout": cmdSetenvOut,
			"corrupt":   cmdCorrupt,
			"perm":      cmdPerm,
			"genfile":   cmdGenfile,
			"sealto":    cmdSealTo,
			"mtime":     cmdMtime,
			"pubkey":    cmdPubkey,
			"mkfifo":    cmdMkfifo,
			"sha256env": cmdSHA256Env,
		},
	})
}

// exits N command [args...] runs a command and checks its exit code, which
// is part of peerdiary's interface.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// setenvout VAR [LEN] sets VAR to the first line of the last command's
// standard output (the id write printed, a public key), or to its first LEN
// characters (a short id, as list prints it).
func cmdSetenvOut(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: setenvout VAR [LEN]")
	}
	out := ts.ReadFile("stdout")
	line, _, _ := strings.Cut(out, "\n")
	if line == "" {
		ts.Fatalf("setenvout: no standard output")
	}
	if len(args) == 2 {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		line = line[:min(n, len(line))]
	}
	ts.Setenv(args[0], line)
}

// corrupt damages a file the way disks and people do:
//
//	corrupt truncate FILE N   keep the first N bytes (negative: drop the last -N)
//	corrupt flip FILE OFFSET  flip one bit of the byte at OFFSET (negative: from the end)
//	corrupt append FILE       add one byte at the end
//	corrupt stanza FILE       change one bit of the header's first stanza
//	corrupt replace FILE OLD NEW  replace the first OLD with NEW
func cmdCorrupt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: corrupt truncate|flip|append|replace|stanza FILE [N|OLD NEW]")
	}
	path := ts.MkAbs(args[1])
	data, err := os.ReadFile(path)
	ts.Check(err)
	at := func() int {
		if len(args) != 3 {
			ts.Fatalf("corrupt %s needs a number", args[0])
		}
		n, err := strconv.Atoi(args[2])
		ts.Check(err)
		if n < 0 {
			n += len(data)
		}
		if n < 0 || n > len(data) {
			ts.Fatalf("corrupt: %d is outside the %d-byte file", n, len(data))
		}
		return n
	}
	switch args[0] {
	case "truncate":
		data = data[:at()]
	case "flip":
		n := at()
		data[n] ^= 0x01
	case "append":
		data = append(data, 'x')
	case "stanza":
		// The line after the first stanza's "->" line is its body, in
		// unpadded base64: flip one bit of what it encodes, keeping the
		// header well formed, as a careful tamperer would.
		lines := bytes.SplitN(data, []byte("\n"), 4)
		if len(lines) < 4 || !bytes.HasPrefix(lines[1], []byte("-> ")) {
			ts.Fatalf("corrupt stanza: %s has no stanza where expected", args[1])
		}
		body, err := base64.RawStdEncoding.DecodeString(string(lines[2]))
		ts.Check(err)
		body[len(body)/2] ^= 0x01
		lines[2] = []byte(base64.RawStdEncoding.EncodeToString(body))
		data = bytes.Join(lines, []byte("\n"))
	case "replace":
		if len(args) != 4 || !bytes.Contains(data, []byte(args[2])) {
			ts.Fatalf("corrupt replace: %q not found", args[2:])
		}
		data = bytes.Replace(data, []byte(args[2]), []byte(args[3]), 1)
	default:
		ts.Fatalf("corrupt: unknown kind %q", args[0])
	}
	ts.Check(os.WriteFile(path, data, 0o600))
}

// perm FILE MODE checks a file's permission bits, such as 0600.
func cmdPerm(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: perm FILE MODE")
	}
	want, err := strconv.ParseUint(args[1], 8, 32)
	ts.Check(err)
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	if got := uint64(fi.Mode().Perm()); (got == want) == neg {
		ts.Fatalf("%s has mode %#o, want %s%#o", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

// genfile KIND FILE SIZE writes test input too awkward for a txtar file:
// "text" is SIZE bytes of words, "nul" has a NUL byte in it, "latin1" is
// not UTF-8, "tail" is text hidden after a long run of blank lines.
func cmdGenfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: genfile text|nul|latin1|tail FILE SIZE")
	}
	size, err := strconv.Atoi(args[2])
	ts.Check(err)
	var data []byte
	switch args[0] {
	case "text":
		data = bytes.Repeat([]byte("word "), size/5+1)[:size]
	case "nul":
		data = append([]byte("looks like text"), 0, 'x')
	case "latin1":
		data = []byte("caf\xe9 au lait")
	case "tail":
		// 1,000,000 bytes of text, 114,112 newlines, then "TAIL" lines:
		// what a reader that stops at 1 MiB + 64 KiB and trims would cut.
		data = slices.Concat(bytes.Repeat([]byte("a"), 1000000), bytes.Repeat([]byte("\n"), 114112), bytes.Repeat([]byte("TAIL\n"), 1000))
	default:
		ts.Fatalf("genfile: unknown kind %q", args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o600))
}

// sealto KEYFILE IN OUT encrypts IN to the recipient of the identity in
// KEYFILE (as peerdiary key export prints it), or to a new random identity
// if KEYFILE is "-", exactly as age -r does: the way a person makes an
// entry by hand.
func cmdSealTo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: sealto KEYFILE|- IN OUT")
	}
	var r crypto.Recipient
	if args[0] == "-" {
		id, err := crypto.GenerateIdentity(false, time.Now())
		ts.Check(err)
		r = id.Recipient()
	} else {
		id, err := crypto.ParseIdentity([]byte(ts.ReadFile(args[0])))
		ts.Check(err)
		r = id.Recipient()
	}
	sealed, err := crypto.Seal([]byte(ts.ReadFile(args[1])), r)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[2]), sealed, 0o600))
}

// mtime FILE TIME sets a file's modification time (RFC 3339), so a script
// never depends on the day it runs: an entry file without a header is dated
// by its modification time.
func cmdMtime(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mtime FILE RFC3339")
	}
	t, err := time.Parse(time.RFC3339, args[1])
	ts.Check(err)
	ts.Check(os.Chtimes(ts.MkAbs(args[0]), t, t))
}

// pubkey KEYFILE VAR sets VAR to the public key of the age identity in
// KEYFILE, as age-keygen -y prints it.
func cmdPubkey(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: pubkey KEYFILE VAR")
	}
	id, err := crypto.ParseIdentity([]byte(ts.ReadFile(args[0])))
	ts.Check(err)
	ts.Setenv(args[1], id.PublicKey())
}

// mkfifo FILE makes a named pipe: opened for reading, it waits for a writer
// forever, so every file peerdiary reads must be checked without opening it
// that way.
func cmdMkfifo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: mkfifo FILE")
	}
	ts.Check(syscall.Mkfifo(ts.MkAbs(args[0]), 0o600))
}

// sha256env FILE VAR sets VAR to the hex SHA-256 of FILE, to compare with
// what the ledger of exports says.
func cmdSHA256Env(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sha256env FILE VAR")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	sum := sha256.Sum256(data)
	ts.Setenv(args[1], hex.EncodeToString(sum[:]))
}
