package crypto

import (
	"fmt"
	"os"
)

// Open opens name in the folder for reading, for a caller that streams a
// large file instead of reading it whole with ReadFile. The caller closes it
// and checks, with Stat, that it is a regular file of an acceptable size.
func (d *Dir) Open(name string) (*os.File, error) {
	if !validName(name) {
		return nil, fmt.Errorf("refusing to open %q: not a plain file name", name)
	}
	return d.root.Open(name)
}

// OpenFolder opens the folder itself, for listing it and examining its files
// relative to it (fstatat) without going back through its path. The caller
// closes it.
func (d *Dir) OpenFolder() (*os.File, error) {
	return d.root.Open(".")
}
