package diary

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"peerdiary/crypto"
)

// textSource is the text file as one unlock of the store reads it: read
// once, when a search, a preview or an export first needs an entry's text
// that the catalog does not hold. Lock drops it with the identity.
//
// Locks: loadMu is held while the file is read, and the store's own lock
// is taken under it (for the identity); mu guards read only, and nothing
// is called while it is held. Lock drops the source while holding the
// store's lock, so it takes mu and never loadMu.
type textSource struct {
	s      *Store
	set    atomic.Pointer[textSet] // nil until read; then never changed but by drop
	loadMu sync.Mutex

	mu sync.Mutex
	// read holds the texts of entries the file did not have (or had for
	// another stamp), read from their entry files, and failed why an
	// entry file could not give one.
	read   map[*indexEntry]*textRec
	failed map[*indexEntry]error
}

// textSet is what reading the text file gave.
type textSet struct {
	recs map[string]*textRec // by file name; nil if the file was unusable
	err  error               // why recs is nil
}

// textsDropped is the set of a source whose store has locked.
var textsDropped = &textSet{err: ErrLocked}

// lookUp returns ie's text if the file read holds it for ie's stamp.
func (set *textSet) lookUp(ie *indexEntry) *textRec {
	if set == nil {
		return nil
	}
	if rec := set.recs[ie.sum.File]; rec != nil && rec.stamp == ie.stamp {
		return rec
	}
	return nil
}

// load reads the text file if it has not been read.
func (src *textSource) load() {
	if src.set.Load() != nil {
		return
	}
	src.loadMu.Lock()
	defer src.loadMu.Unlock()
	if src.set.Load() != nil {
		return
	}
	ident, err := src.s.currentIdentity()
	if err != nil {
		return // locked: nothing to read with, and nothing to read for
	}
	tag, err := src.s.currentIndexTag()
	if err != nil {
		return
	}
	set := &textSet{}
	plain, err := src.s.records.OpenFile(indexTextRecord+FileExt, maxIndexTextSize, ident)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		set.err = err
	case err != nil:
		set.err = fmt.Errorf("%w: %w", errIndex, err)
	default:
		// As with the summaries, the strings share the one buffer.
		set.recs, set.err = decodeTexts(unsafe.String(unsafe.SliceData(plain), len(plain)), tag)
	}
	// A Lock meanwhile has dropped the source: what was read is dropped
	// with it.
	src.set.CompareAndSwap(nil, set)
}

// get returns the text of the entry ie summarises: from the text file if
// it holds it for the same stamp, otherwise from the entry file as it is
// now. Reading the text file or an entry file is I/O: a caller that must
// not wait calls Store.LoadText first.
func (src *textSource) get(ie *indexEntry) (*textRec, error) {
	if rec := src.set.Load().lookUp(ie); rec != nil {
		return rec, nil
	}
	src.load()
	if rec := src.set.Load().lookUp(ie); rec != nil {
		return rec, nil
	}
	src.mu.Lock()
	rec, failed := src.read[ie], src.failed[ie]
	src.mu.Unlock()
	if src.set.Load() == textsDropped {
		return nil, ErrLocked
	}
	if rec != nil {
		return rec, nil
	}
	if failed != nil {
		// Once: a search of a list asks again at every key.
		return nil, failed
	}
	ident, err := src.s.currentIdentity()
	if err != nil {
		return nil, err
	}
	rec, err = src.s.readText(ident, ie)
	src.mu.Lock()
	defer src.mu.Unlock()
	if src.set.Load() == textsDropped {
		return nil, ErrLocked
	}
	if err != nil {
		if src.failed == nil {
			src.failed = map[*indexEntry]error{}
		}
		src.failed[ie] = err
		return nil, err
	}
	if src.read == nil {
		src.read = map[*indexEntry]*textRec{}
	}
	src.read[ie] = rec
	return rec, nil
}

// has reports, without reading anything, whether get would find ie's text
// in memory.
func (src *textSource) has(ie *indexEntry) bool {
	set := src.set.Load()
	if set == textsDropped {
		return false
	}
	if set.lookUp(ie) != nil {
		return true
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	return src.read[ie] != nil
}

// drop forgets every text: the store has locked. Summaries still held by
// a list get ErrLocked for their text from now on.
func (src *textSource) drop() {
	src.set.Store(textsDropped)
	src.mu.Lock()
	src.read, src.failed = nil, nil
	src.mu.Unlock()
}

// errChangedSince is readText's error for an entry file that no longer has
// the stamp of the summary whose text was asked for: its text now is not
// that summary's. Read then reads the file whole instead.
var errChangedSince = errors.New("the entry file has changed since the list was read")

// readText decrypts ie's entry file with ident for its text, if the file
// has ie's stamp before and after it is read.
func (s *Store) readText(ident *crypto.Identity, ie *indexEntry) (*textRec, error) {
	file := ie.sum.File
	same := func() error {
		fi, err := s.entries.Stat(file)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%w: %s", ErrNotFound, strings.TrimSuffix(file, FileExt))
		case err != nil:
			return err
		case !fi.Mode().IsRegular() || stampOf(fi) != ie.stamp:
			return errChangedSince
		}
		return nil
	}
	if err := same(); err != nil {
		return nil, err
	}
	e, err := s.readEntryFile(file, ident)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, strings.TrimSuffix(file, FileExt))
	}
	if err != nil {
		return nil, err
	}
	if err := same(); err != nil {
		return nil, err
	}
	sum := summarize(e, file)
	return &textRec{search: sum.search, text: sum.text}, nil
}

// textOf returns the summary's search text and entry text: its own, or
// the text file's (see textSource.get).
func (sum *Summary) textOf() (string, *entryText, error) {
	ie := sum.lazy
	if ie == nil {
		return sum.search, sum.text, nil
	}
	if rec := ie.text.Load(); rec != nil && ie.src.set.Load() != textsDropped {
		return rec.search, rec.text, nil
	}
	rec, err := ie.src.get(ie)
	if err != nil {
		return "", nil, err
	}
	ie.text.Store(rec)
	return rec.search, rec.text, nil
}

// LoadText makes sure the text of every summary in sums is in memory, so
// that searching them (Filter's Words, SearchText) and reading them whole
// (Read) does no more I/O. A diary opened from its index holds only the
// summaries at first; this reads the index's text file once and decrypts
// any entry file it lacks, in parallel. A full-screen list calls it in the
// background after showing the list; a search or an export that does not
// call it reads the same texts as it goes.
func (s *Store) LoadText(sums []Summary) error {
	if _, err := s.currentIdentity(); err != nil {
		return err
	}
	var missing []*indexEntry
	// The texts are copied in the order of sums, the order a search reads
	// them in, rather than left where the file put them: a search of
	// 10,000 summaries then reads memory in order and takes a fifth less
	// time.
	var inOrder []textRec
	for i := range sums {
		ie := sums[i].lazy
		if ie == nil {
			continue
		}
		ie.src.load()
		if ie.text.Load() != nil {
			continue
		}
		if rec := ie.src.set.Load().lookUp(ie); rec != nil {
			if inOrder == nil {
				inOrder = make([]textRec, 0, len(sums)-i)
			}
			inOrder = append(inOrder, *rec)
			ie.text.Store(&inOrder[len(inOrder)-1])
			continue
		}
		missing = append(missing, ie)
	}
	errs := make([]error, len(missing))
	parallel(len(missing), func(i int) {
		var rec *textRec
		if rec, errs[i] = missing[i].src.get(missing[i]); rec != nil {
			missing[i].text.Store(rec)
		}
	})
	for _, err := range errs {
		if errors.Is(err, ErrLocked) {
			return err
		}
	}
	return nil
}
