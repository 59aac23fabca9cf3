package diary

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"peerdiary/crypto"
)

// maxSettle bounds how many entries Lock and Close decrypt to bring the
// index up to date, so locking stays quick whatever happened since the last
// Load; the rest are decrypted by the next Load.
const maxSettle = 256

// settle reads again the entries of index saved since the last Load whose
// files have now settled, marks them settled, and reports whether it changed
// anything. index must be the caller's alone.
func (s *Store) settle(ident *crypto.Identity, index map[string]*indexEntry) bool {
	var pending []string
	for name, e := range index {
		if !e.settled {
			pending = append(pending, name)
		}
	}
	if len(pending) > maxSettle {
		pending = pending[:maxSettle]
	}
	changed := false
	for _, name := range pending {
		at := time.Now()
		fi, err := s.entries.Stat(name)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		st := stampOf(fi)
		if !st.settledAt(at) {
			continue
		}
		e, err := s.readEntryFile(name, ident)
		if err != nil {
			continue
		}
		index[name] = &indexEntry{stamp: st, settled: true, sum: summarize(e, name)}
		changed = true
	}
	return changed
}

// settledEntries returns the entries of index that may be written.
// The entries themselves are shared: nothing changes one once it is in the
// map.
func settledEntries(index map[string]*indexEntry) []*indexEntry {
	es := make([]*indexEntry, 0, len(index))
	for _, e := range index {
		if e.settled {
			es = append(es, e)
		}
	}
	return es
}

// writeIndex writes es to the index, encrypted to ident's recipient: first
// their texts to records/index-text.age, unless that file already holds
// exactly them, then their summaries to records/index.age, each file
// atomically. Call it with flushMu held, so writes happen in the order
// their snapshots were taken. The index is only a cache: if another
// peerdiary is writing, it is not written now (written is false) rather
// than waited for.
func (s *Store) writeIndex(ident *crypto.Identity, es []*indexEntry) (written bool, err error) {
	es, err = s.stillOnDisk(es)
	if err != nil {
		return false, fmt.Errorf("writing the entry index: %w", err)
	}
	// Newest first, as the list shows them, so the next Load finds them in
	// order (see indexEntry.row); ties by file name, so the bytes written
	// are the same for the same entries.
	slices.SortFunc(es, func(a, b *indexEntry) int {
		if c := b.sum.Created.Compare(a.sum.Created); c != 0 {
			return c
		}
		if c := strings.Compare(a.sum.ID, b.sum.ID); c != 0 {
			return c
		}
		return strings.Compare(a.sum.File, b.sum.File)
	})
	tag := indexTag(ident.Text())
	if written, err := s.writeTexts(ident, tag, es); err != nil || !written {
		return false, err
	}
	tooLarge := false
	written, err = s.tryWrite(true, func() error {
		err := s.records.SealFileAtomic(indexRecord+FileExt, []crypto.Recipient{ident.Recipient()}, func(w io.Writer) error {
			return writeIndexTo(w, tag, es, maxIndexSize)
		})
		if errors.Is(err, errIndexTooLarge) {
			// Too large to cache: remove an older index rather than leave
			// one that every open would decrypt for little use.
			tooLarge = true
			if err := s.records.Remove(indexRecord + FileExt); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		}
		return err
	})
	if err != nil && !tooLarge {
		return false, fmt.Errorf("writing the entry index: %w", err)
	}
	return written, err
}

// stillOnDisk returns the entries of es whose files still have the stamps
// they were read at. Another peerdiary may have deleted or edited an entry
// since this one read it; writing its summary and text from memory would
// put the words the person removed back on disk until the next open. (A
// change in the moment between this look and the write is cleaned up by
// the next Load, which finds the file gone or changed.)
func (s *Store) stillOnDisk(es []*indexEntry) ([]*indexEntry, error) {
	names, stamps, ok, err := s.listEntries()
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(es, func(e *indexEntry) bool {
		i, found := slices.BinarySearch(names, e.sum.File)
		return !found || !ok[i] || stamps[i] != e.stamp
	}), nil
}

// writeTexts writes the text file for es if it does not hold exactly their
// texts already, as far as this store knows: it wrote it, with as many
// texts as es has entries without their own, and nothing changed or went
// since. The texts of entries without their own are copied from the text
// file being replaced (see textWriter.keep).
func (s *Store) writeTexts(ident *crypto.Identity, tag [32]byte, es []*indexEntry) (written bool, err error) {
	lazy, own := 0, 0
	for _, e := range es {
		if e.sum.lazy != nil {
			lazy++
		} else {
			own++
		}
	}
	s.mu.Lock()
	current := s.textKnown && !s.textStale && own == 0 && lazy == s.textCount
	s.mu.Unlock()
	if current {
		return true, nil
	}
	tw, err := s.newTextWriter(ident, tag)
	if err != nil {
		return false, fmt.Errorf("writing the entry index: %w", err)
	}
	defer tw.abandon() // after a commit, nothing to do
	err = tw.keep(es)
	if err == nil {
		written, err = tw.finish()
	}
	if errors.Is(err, errIndexTooLarge) {
		// Too large to cache: every text is then read from its entry
		// file when needed. An older file is removed rather than kept
		// with texts of entries that have changed or gone since.
		_, err = s.tryWrite(false, func() error {
			if err := s.records.Remove(indexTextRecord + FileExt); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		})
		written = err == nil
		tw.count = 0
	}
	if err != nil {
		return false, fmt.Errorf("writing the entry index: %w", err)
	}
	if written {
		s.mu.Lock()
		s.textKnown, s.textCount, s.textStale = true, tw.count, false
		s.mu.Unlock()
	}
	return written, nil
}

// flushIndex writes the catalog copy if it differs from the index on disk,
// and reports whether it wrote it.
func (s *Store) flushIndex() (bool, error) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	ident, dirty, gen := s.identity, s.indexDirty, s.indexGen
	if ident == nil || s.index == nil || !dirty {
		s.mu.Unlock()
		return false, nil
	}
	es := settledEntries(s.index) // a copy: saves change the map in place
	s.mu.Unlock()
	written, err := s.writeIndex(ident, es)
	if err != nil || !written {
		return false, err
	}
	s.mu.Lock()
	if s.indexGen == gen {
		s.indexDirty = false
	}
	s.mu.Unlock()
	return true, nil
}

// lockIndex drops the catalog copy and the identity at once, then, with the
// copies it took, reads again the entries saved since the last Load and
// writes the index if it changed. Dropping first means that an Unlock
// while the index is written is not undone by this Lock.
func (s *Store) lockIndex() {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	ident, index, dirty := s.identity, s.index, s.indexDirty
	s.identity = nil
	s.forgetIndexLocked()
	s.mu.Unlock()
	if ident == nil || index == nil {
		return
	}
	// The store no longer refers to index (Load reads it only under the
	// lock, through the store), so it is this Lock's alone.
	if s.settle(ident, index) || dirty {
		// Only a cache: a failure costs the next Load some decrypting.
		_, _ = s.writeIndex(ident, settledEntries(index))
	}
}

// noteSaved records in the catalog copy that file now holds e, unsettled:
// it was written a moment ago, so a later Load reads it again (or the flush
// at Lock or Close does, once its times have settled). Replacing a settled
// entry makes the copy differ from the index on disk.
func (s *Store) noteSaved(file string, e *Entry) {
	s.mu.Lock()
	loaded := s.index != nil
	s.mu.Unlock()
	if !loaded {
		return // no Load since unlock: nothing to keep current
	}
	sum := summarize(e, file)
	sum.Tags = slices.Clone(sum.Tags)
	if sum.Prompt != nil {
		p := *sum.Prompt
		sum.Prompt = &p
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.index == nil {
		return
	}
	if old, ok := s.index[file]; ok && old.settled {
		s.indexDirty = true
		s.textStale = true
	}
	s.index[file] = &indexEntry{sum: sum}
	s.indexGen++
}

// noteDeleted drops file from the catalog copy.
func (s *Store) noteDeleted(file string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.index == nil {
		return
	}
	if old, ok := s.index[file]; ok {
		delete(s.index, file)
		if old.settled {
			s.indexDirty = true
			s.textStale = true
		}
		s.indexGen++
	}
}
