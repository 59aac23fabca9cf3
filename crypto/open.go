package crypto

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"filippo.io/age"
)

// OpenFile reads name in the folder and decrypts it in one buffer, and
// returns the plaintext only if the whole file authenticated and it is at
// most limit bytes (see [OpenReader]). Anything but a regular file is
// refused before it is read, without waiting on it (see openRegular).
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
	f, fi, err := d.openRegular(name)
	if err != nil {
		return nil, buf, err
	}
	defer f.Close()
	return openReaderInto(buf, f, fi.Size(), limit, ageIdentities(ids)...)
}

// openRegular opens name in the folder for reading. Anything but a regular
// file is refused with an error wrapping ErrNotRegularFile, found without
// blocking: a named pipe planted under the name of a file would otherwise
// make the open wait forever for a writer. Errors name the file by its full
// path.
func (d *Dir) openRegular(name string) (*os.File, fs.FileInfo, error) {
	if !validName(name) {
		return nil, nil, fmt.Errorf("refusing to open %q: not a plain file name", name)
	}
	f, err := d.root.OpenFile(name, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, nil, d.fullPath(err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, d.fullPath(err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: filepath.Join(d.Path(), name), Err: ErrNotRegularFile}
	}
	return f, fi, nil
}

// fullPath makes a file-system error about a name in the folder name it by
// its full path, so a message about it says which file.
func (d *Dir) fullPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && !filepath.IsAbs(pe.Path) {
		return &fs.PathError{Op: pe.Op, Path: filepath.Join(d.Path(), pe.Path), Err: pe.Err}
	}
	return err
}

// OpenFolder opens the folder itself, for listing it and examining its files
// relative to it (fstatat) without going back through its path. The caller
// closes it.
func (d *Dir) OpenFolder() (*os.File, error) {
	return d.root.Open(".")
}

// OpenStream decrypts name in the folder and hands its plaintext to read
// as it is decrypted, for a file too large to hold whole. age authenticates
// the file 64 KiB at a time, so everything read has authenticated, but a
// file cut short or changed further on is only found when read reaches
// that point: the caller must let nothing it read take effect unless
// OpenStream returns nil. read must read to the end (io.EOF); OpenStream
// fails with ErrTooLarge past limit bytes of plaintext.
func (d *Dir) OpenStream(name string, limit int64, ids []*Identity, read func(r io.Reader) error) error {
	f, fi, err := d.openRegular(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi.Size() > limit+overheadAllowance(limit) {
		return fmt.Errorf("%w: %d bytes", ErrTooLarge, fi.Size())
	}
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(len(ageIntro))
	r, err := age.Decrypt(br, ageIdentities(ids)...)
	if err != nil {
		return classifyOpenError(head, err)
	}
	sr := &streamReader{r: r, left: limit}
	if err := read(sr); err != nil {
		if sr.err != nil {
			return sr.err
		}
		return err
	}
	if sr.err != nil {
		return sr.err
	}
	if !sr.eof {
		return errors.New("the file was not read to its end")
	}
	return nil
}

// streamReader is age's plaintext reader with a limit and age's errors
// sorted into this package's classes.
type streamReader struct {
	r    io.Reader
	left int64
	err  error
	eof  bool
}

func (s *streamReader) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.eof {
		return 0, io.EOF
	}
	n, err := s.r.Read(p)
	s.left -= int64(n)
	switch {
	case s.left < 0:
		s.err = fmt.Errorf("%w: plaintext over the limit", ErrTooLarge)
		return 0, s.err
	case err == io.EOF:
		s.eof = true
	case err != nil:
		s.err = fmt.Errorf("%w: %s", ErrDamaged, safeDetail(err))
		return n, s.err
	}
	return n, err
}
