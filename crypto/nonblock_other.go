//go:build !unix

package crypto

// openNonblock is 0 where there are no named pipes in folders to wait on.
const openNonblock = 0
