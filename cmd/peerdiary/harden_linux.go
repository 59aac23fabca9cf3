//go:build linux

package main

import "golang.org/x/sys/unix"

// hardenProcess keeps decrypted entries and the identity out of core dumps
// and stops other processes of the same account from reading this one's
// memory through /proc or ptrace. It is best effort: if the kernel refuses,
// the diary still works, with the protection an ordinary program has.
func hardenProcess() {
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0})
	_ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
}
