package crypto

import (
	"fmt"
	"os"
)

// OpenFile reads name in the folder and decrypts it in one buffer, and
// returns the plaintext only if the whole file authenticated and it is at
// most limit bytes (see [OpenReader]). Anything but a regular file, or a
// file too large to hold limit bytes, is refused before it is read.
func (d *Dir) OpenFile(name string, limit int64, ids ...*Identity) ([]byte, error) {
	plain, _, err := d.OpenFileInto(nil, name, limit, ids...)
	return plain, err
}

// OpenFileInto is OpenFile reading into buf's storage, grown if it is too
// small, for a caller that reads many files one after another: it returns
// the plaintext, a part of the buffer (copy what must outlive the next
// call), and the buffer to pass next time. The caller clears the buffer
// when done, since it has held plaintext.
func (d *Dir) OpenFileInto(buf []byte, name string, limit int64, ids ...*Identity) (plain, next []byte, err error) {
	if !validName(name) {
		return nil, buf, fmt.Errorf("refusing to open %q: not a plain file name", name)
	}
	f, err := d.root.Open(name)
	if err != nil {
		return nil, buf, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, buf, err
	}
	if !fi.Mode().IsRegular() {
		return nil, buf, fmt.Errorf("%s is not a regular file", name)
	}
	return openReaderInto(buf, f, fi.Size(), limit, ageIdentities(ids)...)
}

// OpenFolder opens the folder itself, for listing it and examining its files
// relative to it (fstatat) without going back through its path. The caller
// closes it.
func (d *Dir) OpenFolder() (*os.File, error) {
	return d.root.Open(".")
}
