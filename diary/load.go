package diary

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"peerdiary/crypto"
)

// Load returns the catalog of every entry file. A damaged file does not stop
// the others: it is reported in Problems, on every Load.
//
// Summaries come from the entry index (records/index.age) for files whose
// name, size and times are what the index recorded; every other file is
// decrypted, in parallel, and the index is rewritten if anything changed. A
// missing or unusable index means every file is decrypted, as the index is
// only a cache of what the files say.
func (s *Store) Load(ctx context.Context) (*Catalog, error) {
	return s.load(ctx, true)
}

// loadStats says what a Load did, so tests can tell a Load that used the
// index from one that decrypted everything.
type loadStats struct {
	fromIndex int   // summaries reused
	decrypted int   // files decrypted (read, whether or not they were good)
	indexErr  error // why an index on disk was not used, or nil
	wrote     bool  // the index was rewritten
	streamed  int   // texts written to a new text file as they were decrypted
}

func (s *Store) load(ctx context.Context, useIndex bool) (*Catalog, error) {
	id, err := s.currentIdentity()
	if err != nil {
		return nil, err
	}
	tag, err := s.currentIndexTag()
	if err != nil {
		return nil, err
	}
	// The index to check against: the copy in memory from an earlier Load
	// in this unlock, or the one on disk, decrypted while the files are
	// examined.
	var stats loadStats
	s.mu.Lock()
	old := s.index
	if s.textSrc == nil {
		s.textSrc = &textSource{s: s}
	}
	src := s.textSrc
	s.mu.Unlock()
	type diskIndex struct {
		idx map[string]*indexEntry
		old bool
		err error
	}
	var fromDisk chan diskIndex
	if old == nil && useIndex {
		fromDisk = make(chan diskIndex, 1)
		go func() {
			idx, old, err := s.readIndex(tag, src)
			fromDisk <- diskIndex{idx, old, err}
		}()
	}
	examined := time.Now() // before any stat: see fileStamp.settledAt
	names, stamps, statOK, err := s.listEntries()
	if err != nil {
		if fromDisk != nil {
			<-fromDisk
		}
		return nil, fmt.Errorf("reading the entries folder: %w", err)
	}
	rewrite := false // the index on disk is missing, unusable or from before
	// decoded is the index just read from disk: this Load's alone, so it
	// becomes the new copy in memory, changed where the files differ,
	// instead of being copied entry by entry (100,000 entries in a map
	// cost a tenth of a second to build again).
	var decoded map[string]*indexEntry
	if fromDisk != nil {
		d := <-fromDisk
		old, stats.indexErr = d.idx, d.err
		rewrite = d.err != nil || d.old
		decoded = d.idx
	}
	if !useIndex {
		old, rewrite, decoded = nil, true, nil
	}

	// What the index says of each file. The copy in memory is changed in
	// place by saves and deletes, so it is read under the lock, and only
	// here; it may have been dropped by a Lock meanwhile.
	prev := make([]*indexEntry, len(names)) // nil: not in the index
	oldSettled := 0
	lookUp := func() {
		for i, name := range names {
			prev[i] = old[name]
		}
		for _, o := range old {
			if o.settled {
				oldSettled++
			}
		}
	}
	if fromDisk == nil && useIndex {
		s.mu.Lock()
		old = s.index
		lookUp()
		s.mu.Unlock()
	} else {
		lookUp()
	}
	old = nil

	// Each file's summary: the index's own where it is current (nothing
	// changes an entry of the index, so it is not copied), otherwise one
	// of read, made by decrypting the file.
	type result struct {
		sum  *Summary
		prob *Problem
	}
	results := make([]result, len(names))
	var todo []int
	for i := range names {
		if p := prev[i]; p != nil && p.settled && statOK[i] && p.stamp == stamps[i] {
			results[i].sum = &p.sum
			stats.fromIndex++
			continue
		}
		todo = append(todo, i)
	}
	stats.decrypted = len(todo)
	// Many files to decrypt (a first open, or an index gone or from
	// before): their texts go to a new text file as they are decrypted,
	// with the texts of the entries the index still has, rather than
	// being held until the index is written.
	var tw *textStream
	if len(todo) >= streamTexts && src.set.Load() == nil {
		var kept []*indexEntry
		for i := range names {
			if results[i].sum != nil {
				kept = append(kept, prev[i])
			}
		}
		tw = s.streamTexts(id, tag, kept)
	}
	read := make([]Summary, len(todo))
	streamed := make([]bool, len(todo))
	shared := newInterner()
	jobs := make(chan int) // positions in todo
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(todo), 1)) {
		wg.Go(func() {
			var buf []byte // each file is read and decrypted here in turn
			defer func() { clear(buf) }()
			var texts *textBatcher
			if tw != nil {
				texts = tw.batcher()
				defer texts.flush()
			}
			for k := range jobs {
				i := todo[k]
				var e *Entry
				var err error
				e, buf, err = s.readEntryFileInto(buf, names[i], id)
				if err != nil {
					results[i].prob = &Problem{Path: EntriesDir + "/" + names[i], Err: err}
					continue
				}
				read[k] = summarize(e, names[i])
				shared.detach(&read[k])
				results[i].sum = &read[k]
				if tw != nil && statOK[i] && stamps[i].settledAt(examined) {
					texts.add(names[i], stamps[i], read[k].search, read[k].text)
					read[k].search, read[k].text = "", nil
					streamed[k] = true
				}
			}
		})
	}
feed:
	for k := range todo {
		select {
		case jobs <- k:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	textOK := false
	if tw != nil {
		if textOK = tw.end(ctx.Err() == nil); textOK {
			stats.streamed = tw.count()
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lazy := make([]bool, len(names)) // decrypted, with the text streamed
	for k, i := range todo {
		lazy[i] = streamed[k]
	}

	c := &Catalog{Entries: make([]Summary, 0, len(names))}
	files := make(map[string]string, len(names))
	listed := make([]bool, len(names)) // in the catalog
	maxRow := 0
	index := decoded
	if index == nil {
		index = make(map[string]*indexEntry, len(names))
	}
	changed := rewrite
	kept := 0    // settled entries of the index carried over as they were
	present := 0 // files in index
	for i, r := range results {
		if r.prob != nil {
			c.Problems = append(c.Problems, *r.prob)
			if decoded != nil {
				delete(index, names[i])
			}
			continue
		}
		if statOK[i] {
			settled := stamps[i].settledAt(examined)
			p := prev[i]
			same := p != nil && p.settled && p.stamp == stamps[i]
			switch {
			case settled && same:
				kept++
			case settled:
				changed = true // new, or changed since
			}
			switch {
			case settled && same:
				// The entry as it is: already there if the map is the
				// one decoded, shared otherwise (no one changes it).
				if decoded == nil {
					index[names[i]] = p
				}
			default:
				e := &indexEntry{stamp: stamps[i], settled: settled, sum: *r.sum}
				if lazy[i] {
					// Its text is in the file just written, or, if that
					// failed, read again from the entry file when needed.
					e.src, e.sum.lazy = src, e
				}
				index[names[i]] = e
				results[i].sum = &e.sum
			}
			present++
		} else if decoded != nil {
			delete(index, names[i])
		}
		if other, dup := files[r.sum.ID]; dup {
			c.Problems = append(c.Problems, Problem{
				Path: EntriesDir + "/" + r.sum.File,
				Err:  &DuplicateIDError{ID: r.sum.ID, File: EntriesDir + "/" + other},
			})
			continue
		}
		files[r.sum.ID] = r.sum.File
		listed[i] = true
		if p := prev[i]; p != nil {
			maxRow = max(maxRow, p.row)
		}
	}
	// The catalog lists entries read from the index in the index's order
	// (newest first, as it was written), then the rest, so that sorting
	// finds them in order or nearly: sorting 100,000 summaries in no
	// order was a tenth of the time of an open.
	byRow := make([]int32, maxRow+1) // row → name index + 1
	var rest []int
	for i, r := range results {
		if !listed[i] {
			continue
		}
		p := prev[i]
		if p != nil && p.row > 0 && byRow[p.row] == 0 && p.sum.File == r.sum.File && p.stamp == stamps[i] {
			byRow[p.row] = int32(i) + 1
		} else {
			rest = append(rest, i)
		}
	}
	for _, i := range byRow {
		if i > 0 {
			c.Entries = append(c.Entries, *results[i-1].sum)
		}
	}
	for _, i := range rest {
		c.Entries = append(c.Entries, *results[i].sum)
	}
	stale := kept < oldSettled // texts of entries gone or changed since
	if stale {
		changed = true // gone, damaged, changed or too recent since
	}
	if decoded != nil && len(index) > present {
		// Files gone since the index was written.
		here := make(map[string]bool, len(names))
		for _, name := range names {
			here[name] = true
		}
		for name := range index {
			if !here[name] {
				delete(index, name)
			}
		}
	}
	SortNewestFirst(c.Entries)
	s.mu.Lock()
	s.files = files
	if s.identity != nil { // not locked while this Load ran
		s.index = index
		s.indexDirty = s.indexDirty || changed
		s.indexGen++
		switch {
		case textOK:
			s.textKnown, s.textCount, s.textStale = true, tw.count(), false
		case stale:
			s.textStale = true
		}
	}
	s.mu.Unlock()
	if changed {
		stats.wrote, _ = s.flushIndex()
	}
	s.mu.Lock()
	s.loadStats = stats
	s.mu.Unlock()
	return c, nil
}

// listEntriesPortable lists entries/ through the store's os.Root (sorted by
// name) and examines each entry file, in parallel.
func (s *Store) listEntriesPortable() (names []string, stamps []fileStamp, ok []bool, err error) {
	des, err := s.entries.ReadDir()
	if err != nil {
		return nil, nil, nil, err
	}
	// ReadDir has examined each file already (Lstat, in an os.Root), so
	// Info costs nothing.
	for _, de := range des {
		if !isEntryFileName(de.Name()) || !de.Type().IsRegular() {
			continue
		}
		fi, err := de.Info()
		names = append(names, de.Name())
		stamps = append(stamps, fileStamp{})
		ok = append(ok, err == nil && fi.Mode().IsRegular())
		if ok[len(ok)-1] {
			stamps[len(stamps)-1] = stampOf(fi)
		}
	}
	return names, stamps, ok, nil
}

// parallel calls f(0) … f(n-1) on GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := range workers {
		lo, hi := w*chunk, min(n, (w+1)*chunk)
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				f(i)
			}
		})
	}
	wg.Wait()
}

// readEntryFile decrypts and parses one entry file, filling in an id and a
// date from the file itself for entries written by hand without them.
func (s *Store) readEntryFile(name string, id *crypto.Identity) (*Entry, error) {
	e, buf, err := s.readEntryFileInto(nil, name, id)
	clear(buf)
	return e, err
}

// readEntryFileInto is readEntryFile reading into buf's storage; it returns
// the buffer to use next time, which the caller clears when done.
func (s *Store) readEntryFileInto(buf []byte, name string, id *crypto.Identity) (*Entry, []byte, error) {
	plain, buf, err := s.entries.OpenFileInto(buf, name, MaxEntryFileSize, id)
	if err != nil {
		return nil, buf, err
	}
	e, err := s.entryFromPlaintext(plain, name)
	return e, buf, err
}

// entryFromPlaintext parses an entry file's plaintext (copying what it
// keeps), filling in an id and a date from the file for entries written by
// hand without them.
func (s *Store) entryFromPlaintext(plain []byte, name string) (*Entry, error) {
	e, err := ParseEntry(plain)
	if err != nil {
		return nil, err
	}
	if e.ID == "" {
		e.ID = idFromFileName(name)
	}
	// An entry is read with the tags its prompt and text give it, as Save
	// stores them, whatever saved it: an entry made by hand, or by a
	// version whose editor did not derive them, is listed by them too.
	e.Tags = e.withDerivedTags()
	if e.Created.IsZero() {
		if fi, err := s.entries.Stat(name); err == nil {
			e.Created = fi.ModTime().Truncate(time.Second)
		}
	}
	if e.Updated.IsZero() {
		e.Updated = e.Created
	}
	return e, nil
}

// idFromFileName gives an entry written without an id a stable one: its file
// name if that is a valid id, otherwise a hash of the name.
func idFromFileName(name string) string {
	base := strings.ToLower(strings.TrimSuffix(name, FileExt))
	if ValidID(base) {
		return base
	}
	h := sha256.Sum256([]byte(name))
	return "f" + hex.EncodeToString(h[:])[:15]
}

// isEntryFileName is the rule Load lists entries/ by: a name ending in .age
// that does not start with a dot (and names no other folder).
func isEntryFileName(name string) bool {
	return strings.HasSuffix(name, FileExt) && !strings.HasPrefix(name, ".") && validFileName(name)
}

func validFileName(name string) bool {
	return name != "" && !strings.ContainsAny(name, "/\\\x00")
}
