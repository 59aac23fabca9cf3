package crypto

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists means WriteNewFile was asked to write over a file.
var ErrExists = errors.New("the file already exists")

// WriteNewFile writes a file a person asked for (an export, a bundle, a
// notice) at path, atomically, mode 0600, and refuses to replace one that
// is there: such a file may already be on its way to someone, and the diary
// may have recorded it as sent.
func WriteNewFile(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	d, err := OpenDir(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	name := filepath.Base(path)
	if _, err := d.Stat(name); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, path)
	}
	return d.WriteFileAtomic(name, data)
}
