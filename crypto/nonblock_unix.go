//go:build unix

package crypto

import "syscall"

// openNonblock makes opening a named pipe return at once instead of waiting
// for a writer; reading a regular file is unaffected.
const openNonblock = syscall.O_NONBLOCK
