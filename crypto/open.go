package crypto

import (
	"fmt"
	"os"
)

// OpenFile decrypts name in the folder, streaming it through age into one
// buffer, and returns the plaintext only if the whole file authenticated
// and it is at most limit bytes (see [OpenReader]). Anything but a regular
// file, or a file too large to hold limit bytes, is refused before it is
// read.
func (d *Dir) OpenFile(name string, limit int64, ids ...*Identity) ([]byte, error) {
	if !validName(name) {
		return nil, fmt.Errorf("refusing to open %q: not a plain file name", name)
	}
	f, err := d.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	return OpenReader(f, fi.Size(), limit, ids...)
}

// OpenFolder opens the folder itself, for listing it and examining its files
// relative to it (fstatat) without going back through its path. The caller
// closes it.
func (d *Dir) OpenFolder() (*os.File, error) {
	return d.root.Open(".")
}
