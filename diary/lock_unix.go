//go:build unix

package diary

import (
	"errors"
	"io/fs"
	"time"

	"golang.org/x/sys/unix"

	"peerdiary/crypto"
)

// lockFile takes an exclusive flock on the file at path, creating it (0600)
// if need be, and waits up to wait for another process to release it;
// after that it fails with ErrInUse. The file is opened without following a
// link and without blocking, and must be a regular file: a named pipe in
// its place cannot make peerdiary wait. The kernel releases the lock if the
// process dies, so there is never a stale lock to clear.
func lockFile(path string, wait time.Duration) (unlock func(), err error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o600)
	if errors.Is(err, unix.ELOOP) {
		return nil, &fs.PathError{Op: "open", Path: path, Err: crypto.ErrNotRegularFile}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: path, Err: crypto.ErrNotRegularFile}
	}
	deadline := time.Now().Add(wait)
	pause := time.Millisecond
	waiting := false
	for {
		err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() {
				unix.Flock(fd, unix.LOCK_UN)
				unix.Close(fd)
			}, nil
		}
		if err != unix.EWOULDBLOCK && err != unix.EINTR {
			unix.Close(fd)
			return nil, &fs.PathError{Op: "flock", Path: path, Err: err}
		}
		if !time.Now().Before(deadline) {
			unix.Close(fd)
			return nil, ErrInUse
		}
		if err == unix.EWOULDBLOCK && !waiting {
			waiting = true
			lockWaiting()
		}
		time.Sleep(min(pause, time.Until(deadline)))
		pause = min(2*pause, 50*time.Millisecond)
	}
}
