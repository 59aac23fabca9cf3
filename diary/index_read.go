package diary

import (
	"errors"
	"fmt"
	"io/fs"
	"unsafe"
)

// readIndex decrypts and decodes records/index.age. A missing index is
// (nil, nil); any other failure is reported so Load rebuilds it.
//
// crypto streams the file through age into one buffer rather than reading
// it whole first (the index of 10,000 entries is 18 MB, and every copy
// shows in the time to open), and hands it over only once the whole file
// authenticated. The decoded summaries' strings share that buffer, which is
// never written again: it holds the one copy of the plaintext, as a
// string(plain) conversion followed by clearing plain would.
//
// The entries' texts are left to src (see decodeIndex); old reports an
// index of the version before, which holds them inline.
func (s *Store) readIndex(tag [32]byte, src *textSource) (idx map[string]*indexEntry, old bool, err error) {
	ident, err := s.currentIdentity()
	if err != nil {
		return nil, false, err
	}
	plain, err := s.records.OpenFile(indexRecord+FileExt, maxIndexSize, ident)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", errIndex, err)
	}
	return decodeIndex(unsafe.String(unsafe.SliceData(plain), len(plain)), tag, src)
}
