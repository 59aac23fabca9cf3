//go:build linux

package main

import (
	"testing"

	"golang.org/x/sys/unix"
)

// After hardening, the process writes no core file (which would hold
// decrypted entries) and other processes of the same account can't read
// its memory.
func TestHardenProcess(t *testing.T) {
	hardenProcess()
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur != 0 || lim.Max != 0 {
		t.Errorf("RLIMIT_CORE = %d/%d, want 0/0", lim.Cur, lim.Max)
	}
	dumpable, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if dumpable != 0 {
		t.Errorf("PR_GET_DUMPABLE = %d, want 0", dumpable)
	}
}
