package diary

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"unsafe"

	"filippo.io/age"
)

// readIndex decrypts and decodes records/index.age. A missing index is
// (nil, nil); any other failure is reported so Load rebuilds it.
//
// It streams the file through age into one buffer rather than reading it
// whole first (the index of 10,000 entries is 18 MB, and every copy shows in
// the time to open), and, as crypto.Open does, uses nothing unless the
// whole file authenticated. The decoded summaries' strings share that
// buffer, which is never written again: it holds the one copy of the
// plaintext, as a string(plain) conversion followed by clearing plain would.
func (s *Store) readIndex(tag [32]byte) (map[string]indexEntry, error) {
	ident, err := s.currentIdentity()
	if err != nil {
		return nil, err
	}
	f, err := s.records.Open(indexRecord + FileExt)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errIndex, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errIndex, err)
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxIndexSize+maxIndexSize/1024+64<<10 {
		return nil, fmt.Errorf("%w: not a regular file of a possible size", errIndex)
	}
	r, err := age.Decrypt(f, ident.Age())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errIndex, err)
	}
	// The plaintext is shorter than the file; one byte more is room to
	// notice a file that grew while it was read.
	// Only io.EOF itself says the last chunk authenticated (age reports a
	// file cut short with an error of its own, which may be
	// io.ErrUnexpectedEOF, so io.ReadFull would hide it).
	plain := make([]byte, fi.Size()+1)
	n := 0
	for err == nil {
		if n == len(plain) {
			err = errors.New("longer than its size")
			break
		}
		var m int
		m, err = r.Read(plain[n:])
		n += m
	}
	if err != io.EOF {
		clear(plain)
		return nil, fmt.Errorf("%w: %w", errIndex, err)
	}
	plain = plain[:n:n]
	return decodeIndex(unsafe.String(unsafe.SliceData(plain), n), tag)
}
