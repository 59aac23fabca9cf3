//go:build unix

package crypto

import (
	"os"
	"syscall"
)

// markWriting marks f, a temporary file, as being written by a live
// process: a shared flock on it, held until f is closed (at commit or
// clean-up) or the process ends. A sealed file written in pieces exists
// outside the diary lock (see PendingSealed), so another process's
// CleanTemp must tell it from one a kill left.
func markWriting(f *os.File) {
	// Best effort: where flock fails, CleanTemp finds the file unmarked,
	// which is how it treated every temporary file before.
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
}

// beingWritten reports whether name in the folder is a temporary file a
// live process is still writing (see markWriting).
func (d *Dir) beingWritten(name string) bool {
	f, err := d.root.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|openNonblock, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return false
	}
	return err == syscall.EWOULDBLOCK
}
