//go:build unix

package tui

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// demoPrefix starts the name of every demo diary's temporary folder.
const demoPrefix = "peerdiary-demo-"

// staleAfter is how long a demo folder must have been left alone before a
// later demo removes it, so that one being made this moment, not yet
// locked, is never taken for a leftover.
const staleAfter = time.Minute

// makeDemoFolder makes the demo diary's folder in the temporary folder and
// holds a lock on it until release is called, so a later demo can tell a
// folder still in use from one left behind by a demo that was killed.
func makeDemoFolder() (dir string, release func(), err error) {
	dir, err = os.MkdirTemp("", demoPrefix)
	if err != nil {
		return "", nil, err
	}
	f, err := os.Open(dir)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		os.RemoveAll(dir)
		return "", nil, err
	}
	return dir, func() {
		os.RemoveAll(dir)
		f.Close()
	}, nil
}

// cleanStaleDemos removes the folders that demos killed before they could
// clean up (kill -9, a power cut) left in tmp: folders named like a demo's,
// belonging to this account, not locked by a running demo, and untouched
// for staleAfter. They hold only made-up entries, encrypted, but nothing
// should be left behind. It returns how many it removed.
func cleanStaleDemos(tmp string, now time.Time) int {
	des, err := os.ReadDir(tmp)
	if err != nil {
		return 0
	}
	removed := 0
	for _, de := range des {
		if !strings.HasPrefix(de.Name(), demoPrefix) || !de.IsDir() {
			continue // a link or a file of that name is not ours to touch
		}
		path := filepath.Join(tmp, de.Name())
		fi, err := os.Lstat(path)
		if err != nil || !fi.IsDir() || now.Sub(fi.ModTime()) < staleAfter {
			continue
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Getuid() {
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		if unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) != nil {
			f.Close() // a demo is running in it
			continue
		}
		if os.RemoveAll(path) == nil {
			removed++
		}
		f.Close()
	}
	return removed
}
