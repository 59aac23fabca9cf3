package diary

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"peerdiary/crypto"
)

// Summary is what lists and filters need of an entry. A Catalog of them is
// the list/filter path; the body itself comes from Get, the decrypt path,
// which always decrypts the entry file. Load builds the catalog from the
// entry index where it is current, decrypting the other files.
type Summary struct {
	ID      string
	File    string // file name in entries/
	Created time.Time
	Updated time.Time
	Prompt  *PromptRef
	Tags    []string
	Mood    int
	Title   string
	Words   int

	search string // lower-cased text and tags, for Filter
}

// Family is the summary's prompt family, or "".
func (s *Summary) Family() string {
	if s.Prompt == nil {
		return ""
	}
	return s.Prompt.Family
}

// Problem is a file that could not be read.
type Problem struct {
	Path string // relative to the diary folder, e.g. entries/x.age
	Err  error
}

// Error names the file and what is wrong with it, never its contents.
func (p Problem) Error() string { return p.Path + ": " + p.Err.Error() }

// Catalog is every readable entry, newest first, and every file that was not.
type Catalog struct {
	Entries  []Summary
	Problems []Problem
}

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
	s.mu.Unlock()
	type diskIndex struct {
		idx map[string]indexEntry
		err error
	}
	var fromDisk chan diskIndex
	if old == nil && useIndex {
		fromDisk = make(chan diskIndex, 1)
		go func() {
			idx, err := s.readIndex(tag)
			fromDisk <- diskIndex{idx, err}
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
	if fromDisk != nil {
		d := <-fromDisk
		old, stats.indexErr = d.idx, d.err
		rewrite = d.err != nil
	}
	if !useIndex {
		old, rewrite = nil, true
	}

	// What the index says of each file. The copy in memory is changed in
	// place by saves and deletes, so it is read under the lock, and only
	// here; it may have been dropped by a Lock meanwhile.
	prev := make([]indexEntry, len(names))
	had := make([]bool, len(names))
	oldSettled := 0
	lookUp := func() {
		for i, name := range names {
			prev[i], had[i] = old[name]
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

	type result struct {
		sum  Summary
		prob *Problem
	}
	results := make([]result, len(names))
	var todo []int
	for i := range names {
		if had[i] && prev[i].settled && statOK[i] && prev[i].stamp == stamps[i] {
			results[i].sum = prev[i].sum
			stats.fromIndex++
			continue
		}
		todo = append(todo, i)
	}
	stats.decrypted = len(todo)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(todo), 1)) {
		wg.Go(func() {
			for i := range jobs {
				e, err := s.readEntryFile(names[i], id)
				if err != nil {
					results[i].prob = &Problem{Path: EntriesDir + "/" + names[i], Err: err}
					continue
				}
				results[i].sum = summarize(e, names[i])
			}
		})
	}
feed:
	for _, i := range todo {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	c := &Catalog{Entries: make([]Summary, 0, len(names))}
	files := make(map[string]string, len(names))
	index := make(map[string]indexEntry, len(names))
	changed := rewrite
	kept := 0 // settled entries of the index carried over as they were
	for i, r := range results {
		if r.prob != nil {
			c.Problems = append(c.Problems, *r.prob)
			continue
		}
		if statOK[i] {
			e := indexEntry{stamp: stamps[i], settled: stamps[i].settledAt(examined), sum: r.sum}
			same := had[i] && prev[i].settled && prev[i].stamp == e.stamp
			switch {
			case e.settled && same:
				kept++
			case e.settled:
				changed = true // new, or changed since
			}
			index[names[i]] = e
		}
		if other, dup := files[r.sum.ID]; dup {
			c.Problems = append(c.Problems, Problem{
				Path: EntriesDir + "/" + r.sum.File,
				Err:  fmt.Errorf("has the same id %s as %s/%s; only the first is listed", r.sum.ID, EntriesDir, other),
			})
			continue
		}
		files[r.sum.ID] = r.sum.File
		c.Entries = append(c.Entries, r.sum)
	}
	if kept < oldSettled {
		changed = true // gone, damaged, changed or too recent since
	}
	SortNewestFirst(c.Entries)
	s.mu.Lock()
	s.files = files
	if s.identity != nil { // not locked while this Load ran
		s.index = index
		s.indexDirty = s.indexDirty || changed
		s.indexGen++
	}
	s.mu.Unlock()
	if changed {
		stats.wrote = s.flushIndex() == nil
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

// SortNewestFirst orders summaries by creation time, newest first, ties by id
// so the order is stable.
func SortNewestFirst(es []Summary) {
	slices.SortFunc(es, func(a, b Summary) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

func summarize(e *Entry, file string) Summary {
	var b strings.Builder
	b.WriteString(e.Body)
	for _, a := range e.Answers {
		b.WriteString("\n")
		b.WriteString(a.Text)
	}
	for _, t := range e.Tags {
		b.WriteString("\n#")
		b.WriteString(t)
	}
	if e.Prompt != nil {
		b.WriteString("\n")
		b.WriteString(e.Prompt.Text)
	}
	return Summary{
		ID: e.ID, File: file, Created: e.Created, Updated: e.Updated,
		Prompt: e.Prompt, Tags: e.Tags, Mood: e.Mood,
		Title: e.Title(), Words: e.Words(),
		search: strings.ToLower(b.String()),
	}
}

// readEntryFile decrypts and parses one entry file, filling in an id and a
// date from the file itself for entries written by hand without them.
func (s *Store) readEntryFile(name string, id *crypto.Identity) (*Entry, error) {
	file, err := s.entries.ReadFile(name, MaxEntryFileSize)
	if err != nil {
		return nil, err
	}
	plain, err := crypto.Open(file, MaxEntryFileSize, id.Age())
	if err != nil {
		return nil, err
	}
	e, err := ParseEntry(plain)
	clear(plain)
	if err != nil {
		return nil, err
	}
	if e.ID == "" {
		e.ID = idFromFileName(name)
	}
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

// Resolve turns an id or a unique prefix of one into a full id, using the
// catalog from the last Load.
func (s *Store) Resolve(prefix string) (string, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	s.mu.Lock()
	defer s.mu.Unlock()
	if prefix == "" {
		return "", ErrNotFound
	}
	if _, ok := s.files[prefix]; ok {
		return prefix, nil
	}
	var found []string
	for id := range s.files {
		if strings.HasPrefix(id, prefix) {
			found = append(found, id)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%w: %q", ErrNotFound, prefix)
	case 1:
		return found[0], nil
	}
	slices.Sort(found)
	return "", fmt.Errorf("%w: %q could be %s", ErrAmbiguous, prefix, strings.Join(found[:min(len(found), 5)], ", "))
}

func (s *Store) fileFor(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.files[id]; ok {
		return f
	}
	return id + FileExt
}

// Get decrypts the entry with the given full id.
func (s *Store) Get(id string) (*Entry, error) {
	ident, err := s.currentIdentity()
	if err != nil {
		return nil, err
	}
	e, err := s.readEntryFile(s.fileFor(id), ident)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return e, err
}

// Put saves an entry, atomically. A new entry (empty ID) gets an id and its
// created time; every save sets the updated time. It returns the id.
func (s *Store) Put(e *Entry) (string, error) {
	if err := CheckBody(e); err != nil {
		return "", err
	}
	if _, err := s.currentIdentity(); err != nil {
		return "", err // entries are written only while unlocked
	}
	now := s.opts.now().Truncate(time.Second)
	saved := *e
	if saved.ID == "" {
		saved.ID = NewID()
	} else if !ValidID(saved.ID) {
		return "", fmt.Errorf("%w: id %q", ErrBadEntry, saved.ID)
	}
	if saved.Created.IsZero() {
		saved.Created = now
	}
	saved.Updated = now
	saved.Tags = NormalizeTags(saved.Tags)
	plain, err := saved.Format()
	if err != nil {
		return "", err
	}
	sealed, err := s.seal(plain)
	clear(plain)
	if err != nil {
		return "", err
	}
	file := s.fileFor(saved.ID)
	if err := s.entries.WriteFileAtomic(file, sealed); err != nil {
		return "", fmt.Errorf("saving the entry: %w", err)
	}
	s.mu.Lock()
	if s.files == nil {
		s.files = map[string]string{}
	}
	s.files[saved.ID] = file
	s.mu.Unlock()
	s.noteSaved(file, &saved)
	*e = saved
	return saved.ID, nil
}

// CheckBody refuses an entry with no text or with more than MaxBodySize.
func CheckBody(e *Entry) error {
	size := len(e.Body)
	blank := strings.TrimSpace(e.Body) == ""
	for _, a := range e.Answers {
		size += len(a.Text)
		blank = blank && strings.TrimSpace(a.Text) == ""
	}
	if blank {
		return ErrEmptyBody
	}
	if size > MaxBodySize {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrBodyTooLarge, size, MaxBodySize)
	}
	if !utf8.ValidString(e.Body) {
		return fmt.Errorf("%w: the text is not UTF-8", ErrBadEntry)
	}
	return nil
}

// Delete removes the entry with the given full id.
func (s *Store) Delete(id string) error {
	if _, err := s.currentIdentity(); err != nil {
		return err
	}
	file := s.fileFor(id)
	if err := s.entries.Remove(file); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return err
	}
	s.mu.Lock()
	delete(s.files, id)
	s.mu.Unlock()
	s.noteDeleted(file)
	return nil
}

// Verify decrypts every entry, draft and record, reading each to its end,
// and returns every file that fails, with how many files it checked. The
// key file needs no check: the diary is unlocked, so it opened. The entry
// index is not used, only rebuilt: it is a cache, not something a person
// stored. Verify changes nothing else; see Quarantine.
func (s *Store) Verify(ctx context.Context) ([]Problem, int, error) {
	c, err := s.load(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	probs := slices.Clone(c.Problems)
	checked := len(c.Entries) + len(c.Problems)
	for _, d := range []struct {
		dir  *crypto.Dir
		name string
	}{{s.drafts, DraftsDir}, {s.records, RecordsDir}} {
		des, err := d.dir.ReadDir()
		if err != nil {
			return nil, 0, err
		}
		for _, de := range des {
			if !strings.HasSuffix(de.Name(), FileExt) || strings.HasPrefix(de.Name(), ".") || !de.Type().IsRegular() {
				continue
			}
			if d.dir == s.records && de.Name() == indexRecord+FileExt {
				continue // just rebuilt by the full load above
			}
			checked++
			if _, err := s.open(d.dir, de.Name(), maxRecordSize); err != nil {
				probs = append(probs, Problem{Path: d.name + "/" + de.Name(), Err: err})
			}
		}
	}
	return probs, checked, nil
}

// Quarantine moves a damaged file (a Problem's Path) into damaged/, where it
// is kept, never deleted, and no longer listed. The move is a rename, so the
// file is kept byte for byte whatever its size; a file quarantined earlier
// under the same name is kept too (the new one gets a "-2", "-3"… suffix).
func (s *Store) Quarantine(path string) error {
	dirName, name, ok := strings.Cut(path, "/")
	if !ok || name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\\x00") {
		return fmt.Errorf("can't quarantine %q: not a file in entries/, drafts/ or records/", path)
	}
	var d *crypto.Dir
	switch dirName {
	case EntriesDir:
		d = s.entries
	case DraftsDir:
		d = s.drafts
	case RecordsDir:
		d = s.records
	default:
		return fmt.Errorf("can't quarantine %q: not a file in entries/, drafts/ or records/", path)
	}
	if _, err := d.Stat(name); err != nil {
		return err
	}
	damaged, err := s.root.Sub(DamagedDir)
	if err != nil {
		return err
	}
	defer damaged.Close()
	base, ext := name, ""
	if b, ok := strings.CutSuffix(name, FileExt); ok {
		base, ext = b, FileExt
	}
	target := dirName + "-" + base + ext
	for i := 2; ; i++ {
		_, err := damaged.Stat(target)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return err
		}
		target = fmt.Sprintf("%s-%s-%d%s", dirName, base, i, ext)
	}
	if err := s.root.Rename(dirName+"/"+name, DamagedDir+"/"+target); err != nil {
		return err
	}
	if err := damaged.Sync(); err != nil {
		return err
	}
	return d.Sync()
}
