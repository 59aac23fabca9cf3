package diary

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"sync/atomic"
	"time"
)

// The index, records/index.age, is a cache of the catalog so that opening a
// large diary does not decrypt every entry file. It is never the source of
// truth: each summary in it is used only while its entry file still has the
// name, size, modification time (and, where the system reports them, inode
// and change time) recorded with it, and a missing, damaged, foreign or
// outdated index is simply rebuilt from the entry files. Its plaintext
// format is in docs/FORMAT.md; the reasons for it in docs/DESIGN.md.
const (
	// indexRecord is the index's record name: records/index.age.
	indexRecord = "index"

	// indexMagic starts the index's plaintext.
	indexMagic = "peerdiary-index\n"

	// indexVersion is the layout written after the magic. An index of
	// another version is ignored and rewritten, except version 3, which
	// is read once and rewritten. Version 2: a summary's tags include its
	// entry's derived tags (Entry.DerivedTags), which version 1 lacked for
	// entries saved without them. Version 3: the index holds whole entries
	// (entryText), so list --json and previews decrypt none. Version 4:
	// the entries' texts move to a file of their own (index_text.go), so
	// an open reads summaries only; prompts are written once, in a table.
	indexVersion = 4

	// maxIndexSize caps the index's plaintext: a few hundred bytes an
	// entry (30 MB for 100,000 entries); a diary whose index would be
	// larger is opened by decrypting every entry, as without an index.
	maxIndexSize = 256 << 20
)

// isIndexRecord reports whether a file in records/ is one of the index's
// two files: caches, sealed to the key they were made with, never checked
// or moved to a new key but rebuilt.
func isIndexRecord(name string) bool {
	return name == indexRecord+FileExt || name == indexTextRecord+FileExt
}

// settleMargin is how old a file's modification and change times must be,
// when it is examined, before its summary is written to the index. File
// times are coarse (a few milliseconds on ext4, two seconds on FAT), so a
// file changed again just after it was read, within the same tick and at the
// same size, could keep its times; a summary is trusted only once its file's
// times are older than any such tick. A variable so tests can settle files
// at once.
var settleMargin = 2 * time.Second

// errIndex marks an index that cannot be used: it is ignored, every entry
// file is decrypted, and a new index is written.
var errIndex = errors.New("the entry index can't be used")

// fileStamp is what the index checks an entry file against. Any change to a
// file through a rename (every save peerdiary makes) changes the inode; an
// edit in place changes the modification or change time.
type fileStamp struct {
	size  int64
	mtime int64 // nanoseconds since 1970
	ino   uint64
	ctime int64 // nanoseconds since 1970; 0 where the system has none
}

func stampOf(fi fs.FileInfo) fileStamp {
	ino, ctime := inodeAndChangeTime(fi)
	return fileStamp{size: fi.Size(), mtime: fi.ModTime().UnixNano(), ino: ino, ctime: ctime}
}

// settledAt reports whether a file with this stamp, examined no earlier than
// at, can no longer change without its stamp changing.
func (st fileStamp) settledAt(at time.Time) bool {
	limit := at.Add(-settleMargin).UnixNano()
	return st.mtime < limit && st.ctime < limit
}

// indexEntry is one entry file's cached summary.
type indexEntry struct {
	stamp fileStamp
	// settled is true if the file's times were older than settleMargin
	// when it was examined, before it was read: only settled entries are
	// reused by Load and written to disk.
	settled bool
	sum     Summary
	// row is where the entry was in the index read from disk, from 1, or
	// 0 if it was not read from it. Rows are written newest first, so a
	// Load that lists entries in row order hands SortNewestFirst a list
	// already in order. Only a hint: the order is always sorted again.
	row int
	// src is where the entry's text is, if sum does not hold it (then
	// sum.lazy is this entry): the text file, as this unlock reads it.
	src *textSource
	// text is the text src gave, once it has been asked for, so a search
	// of many summaries finds each text without a lookup by name.
	text atomic.Pointer[textRec]
}

// indexTag binds an index to the diary's secret key. It is a hash of the
// identity, which holds the secret key, and is written inside the encrypted
// index: anyone who knows only the diary's public key (needed to add entries
// by hand) can make a file that decrypts, but not one with this tag, so an
// index planted that way is ignored instead of putting words in the list.
func indexTag(identityText []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte("peerdiary index tag v1\x00"))
	h.Write(identityText)
	clear(identityText)
	var tag [32]byte
	h.Sum(tag[:0])
	return tag
}

// currentIndexTag returns the tag of the unlocked identity, computing it once
// per unlock.
func (s *Store) currentIndexTag() ([32]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.identity == nil {
		return [32]byte{}, ErrLocked
	}
	if !s.indexTagSet {
		s.indexTag = indexTag(s.identity.Text())
		s.indexTagSet = true
	}
	return s.indexTag, nil
}

// forgetIndexLocked drops the catalog copy and the tag; called with s.mu held.
func (s *Store) forgetIndexLocked() {
	if s.textSrc != nil {
		s.textSrc.drop()
		s.textSrc = nil
	}
	s.index = nil
	s.textKnown, s.textCount, s.textStale = false, 0, false
	s.indexDirty = false
	s.indexTag = [32]byte{}
	s.indexTagSet = false
	s.indexGen++
}
