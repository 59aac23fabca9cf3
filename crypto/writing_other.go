//go:build !unix

package crypto

import "os"

// markWriting does nothing where there is no flock: CleanTemp runs only
// under the diary lock, which a long sealed write takes to commit.
func markWriting(*os.File) {}

// beingWritten is false where temporary files cannot be marked.
func (d *Dir) beingWritten(string) bool { return false }
