//go:build !unix

package diary

import (
	"context"
	"time"

	"github.com/gofrs/flock"
)

// lockFile takes the diary's lock at path, waiting up to wait; see the Unix
// version.
func lockFile(path string, wait time.Duration) (unlock func(), err error) {
	fl := flock.New(path, flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	ok, err := fl.TryLock()
	if err == nil && !ok && wait > 0 {
		lockWaiting()
	}
	for err == nil && !ok && ctx.Err() == nil {
		ok, err = fl.TryLockContext(ctx, 10*time.Millisecond)
	}
	if err == nil && !ok || err != nil && ctx.Err() != nil {
		return nil, ErrInUse
	}
	if err != nil {
		return nil, err
	}
	return func() { fl.Close() }, nil
}
