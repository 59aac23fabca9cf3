package diary

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"
	"unsafe"

	"filippo.io/age"

	"peerdiary/crypto"
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

	// indexVersion is the layout written after the magic. An index of any
	// other version is ignored and rewritten.
	indexVersion = 1

	// maxIndexSize caps the index's plaintext. The index holds every
	// entry's search text, so it is about as large as the diary's text
	// (17 MB for 10,000 entries of 250 words); a diary whose index would be
	// larger is opened by decrypting every entry, as without an index.
	maxIndexSize = 256 << 20
)

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

// encodeIndex writes the settled entries, sorted by file name.
func encodeIndex(tag [32]byte, es []indexEntry) []byte {
	size := len(indexMagic) + 64
	for i := range es {
		size += 128 + len(es[i].sum.File) + len(es[i].sum.ID) + len(es[i].sum.Title) + len(es[i].sum.search)
		for _, t := range es[i].sum.Tags {
			size += len(t) + 2
		}
		if p := es[i].sum.Prompt; p != nil {
			size += len(p.ID) + len(p.Family) + len(p.Subtheme) + len(p.Text) + 8
		}
	}
	b := make([]byte, 0, size)
	b = append(b, indexMagic...)
	b = binary.AppendUvarint(b, indexVersion)
	b = append(b, tag[:]...)
	b = binary.AppendUvarint(b, uint64(len(es)))
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	when := func(t time.Time) {
		b = binary.AppendVarint(b, t.Unix())
		b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
		if t.Location() == time.UTC {
			b = append(b, 0)
			return
		}
		_, off := t.Zone()
		b = append(b, 1)
		b = binary.AppendVarint(b, int64(off))
	}
	for i := range es {
		e := &es[i]
		str(e.sum.File)
		b = binary.AppendVarint(b, e.stamp.size)
		b = binary.AppendVarint(b, e.stamp.mtime)
		b = binary.AppendUvarint(b, e.stamp.ino)
		b = binary.AppendVarint(b, e.stamp.ctime)
		str(e.sum.ID)
		when(e.sum.Created)
		when(e.sum.Updated)
		if p := e.sum.Prompt; p != nil {
			b = append(b, 1)
			str(p.ID)
			str(p.Family)
			str(p.Subtheme)
			str(p.Text)
		} else {
			b = append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(len(e.sum.Tags)))
		for _, t := range e.sum.Tags {
			str(t)
		}
		b = binary.AppendUvarint(b, uint64(e.sum.Mood))
		str(e.sum.Title)
		b = binary.AppendUvarint(b, uint64(e.sum.Words))
		str(e.sum.search)
	}
	return b
}

// indexReader decodes the index from one string, so every string in the
// summaries is a slice of it rather than a copy. The first error sticks.
type indexReader struct {
	s   string
	err error
}

func (r *indexReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", errIndex, what)
	}
	r.s = ""
}

func (r *indexReader) uvarint() uint64 {
	var x uint64
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if i >= len(r.s) {
			r.fail("cut short")
			return 0
		}
		c := r.s[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			break
		}
		x |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.s = r.s[i+1:]
			return x
		}
	}
	r.fail("a number overflows")
	return 0
}

func (r *indexReader) varint() int64 {
	u := r.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (r *indexReader) byte() byte {
	if len(r.s) == 0 {
		r.fail("cut short")
		return 0
	}
	c := r.s[0]
	r.s = r.s[1:]
	return c
}

func (r *indexReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.s)) {
		r.fail("a string runs past the end")
		return ""
	}
	v := r.s[:n]
	r.s = r.s[n:]
	return v
}

// zones caches the fixed zones made while decoding, one per offset.
type zones map[int64]*time.Location

func (r *indexReader) when(z zones) time.Time {
	sec := r.varint()
	nsec := r.uvarint()
	kind := r.byte()
	if nsec >= 1e9 || sec < -(1<<40) || sec > 1<<40 {
		r.fail("a time is out of range")
		return time.Time{}
	}
	switch kind {
	case 0:
		return time.Unix(sec, int64(nsec)).UTC()
	case 1:
		off := r.varint()
		if off <= -86400 || off >= 86400 {
			r.fail("a time zone is out of range")
			return time.Time{}
		}
		// As time.Parse does: the local zone if it has this offset at
		// that moment, otherwise a fixed zone.
		t := time.Unix(sec, int64(nsec))
		if _, local := t.Zone(); int64(local) == off {
			return t
		}
		loc, ok := z[off]
		if !ok {
			loc = time.FixedZone("", int(off))
			z[off] = loc
		}
		return t.In(loc)
	}
	r.fail("a time has an unknown zone kind")
	return time.Time{}
}

// decodeIndex parses an index's plaintext. Anything unexpected (another
// version, another diary's tag, a count or length that runs past the end,
// bytes left over, a file named twice) makes the whole index unusable: a
// cache is worth nothing unless it is exactly what was written.
func decodeIndex(plain string, tag [32]byte) (map[string]indexEntry, error) {
	r := &indexReader{s: plain}
	if !strings.HasPrefix(r.s, indexMagic) {
		return nil, fmt.Errorf("%w: not an index", errIndex)
	}
	r.s = r.s[len(indexMagic):]
	if v := r.uvarint(); r.err == nil && v != indexVersion {
		return nil, fmt.Errorf("%w: version %d, this peerdiary writes %d", errIndex, v, indexVersion)
	}
	if len(r.s) < len(tag) || r.s[:len(tag)] != string(tag[:]) {
		if r.err != nil {
			return nil, r.err
		}
		return nil, fmt.Errorf("%w: made for another diary key", errIndex)
	}
	r.s = r.s[len(tag):]
	n := r.uvarint()
	// Each entry takes at least 20 bytes, so a count larger than that
	// allows is refused before anything is allocated for it.
	if r.err != nil || n > uint64(len(r.s)/20) {
		r.fail("the entry count does not fit")
		return nil, r.err
	}
	out := make(map[string]indexEntry, n)
	z := zones{}
	prompts := make([]PromptRef, 0, n)
	for range n {
		var e indexEntry
		e.settled = true
		file := r.str()
		e.stamp.size = r.varint()
		e.stamp.mtime = r.varint()
		e.stamp.ino = r.uvarint()
		e.stamp.ctime = r.varint()
		e.sum.File = file
		e.sum.ID = r.str()
		e.sum.Created = r.when(z)
		e.sum.Updated = r.when(z)
		switch r.byte() {
		case 0:
		case 1:
			prompts = append(prompts, PromptRef{ID: r.str(), Family: r.str(), Subtheme: r.str(), Text: r.str()})
			e.sum.Prompt = &prompts[len(prompts)-1]
		default:
			r.fail("a prompt flag is neither 0 nor 1")
		}
		nt := r.uvarint()
		if nt > uint64(len(r.s)) {
			r.fail("the tag count does not fit")
		}
		if nt > 0 && r.err == nil {
			e.sum.Tags = make([]string, nt)
			for i := range e.sum.Tags {
				e.sum.Tags[i] = r.str()
			}
		}
		mood := r.uvarint()
		e.sum.Title = r.str()
		words := r.uvarint()
		e.sum.search = r.str()
		if r.err != nil {
			return nil, r.err
		}
		if mood > 5 || words > MaxEntryFileSize || e.stamp.size < 0 {
			return nil, fmt.Errorf("%w: a value is out of range", errIndex)
		}
		e.sum.Mood, e.sum.Words = int(mood), int(words)
		if !isEntryFileName(file) || !ValidID(e.sum.ID) {
			return nil, fmt.Errorf("%w: a file name or id is invalid", errIndex)
		}
		if _, dup := out[file]; dup {
			return nil, fmt.Errorf("%w: a file is listed twice", errIndex)
		}
		out[file] = e
	}
	if len(r.s) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last entry", errIndex, len(r.s))
	}
	return out, nil
}

// isEntryFileName is the rule Load lists entries/ by: a name ending in .age
// that does not start with a dot (and names no other folder).
func isEntryFileName(name string) bool {
	return strings.HasSuffix(name, FileExt) && !strings.HasPrefix(name, ".") && validFileName(name)
}

func validFileName(name string) bool {
	return name != "" && !strings.ContainsAny(name, "/\\\x00")
}

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
	s.index = nil
	s.indexDirty = false
	s.indexTag = [32]byte{}
	s.indexTagSet = false
	s.indexGen++
}

// maxSettle bounds how many entries Lock and Close decrypt to bring the
// index up to date, so locking stays quick whatever happened since the last
// Load; the rest are decrypted by the next Load.
const maxSettle = 256

// settle reads again the entries of index saved since the last Load whose
// files have now settled, marks them settled, and reports whether it changed
// anything. index must be the caller's alone.
func (s *Store) settle(ident *crypto.Identity, index map[string]indexEntry) bool {
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
		index[name] = indexEntry{stamp: st, settled: true, sum: summarize(e, name)}
		changed = true
	}
	return changed
}

// settledEntries returns the entries of index that may be written.
func settledEntries(index map[string]indexEntry) []indexEntry {
	es := make([]indexEntry, 0, len(index))
	for _, e := range index {
		if e.settled {
			es = append(es, e)
		}
	}
	return es
}

// writeIndex writes es to records/index.age, encrypted to ident's
// recipient, atomically: the file on disk is always one complete index, old
// or new. Call it with flushMu held, so writes happen in the order their
// snapshots were taken.
func (s *Store) writeIndex(ident *crypto.Identity, es []indexEntry) error {
	slices.SortFunc(es, func(a, b indexEntry) int { return strings.Compare(a.sum.File, b.sum.File) })
	plain := encodeIndex(indexTag(ident.Text()), es)
	defer clear(plain)
	if len(plain) > maxIndexSize {
		// Too large to cache: remove an older index rather than leave one
		// that every open would decrypt for little use.
		if err := s.records.Remove(indexRecord + FileExt); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	sealed, err := crypto.Seal(plain, ident.Recipient())
	if err != nil {
		return err
	}
	if err := s.records.WriteFileAtomic(indexRecord+FileExt, sealed); err != nil {
		return fmt.Errorf("writing the entry index: %w", err)
	}
	return nil
}

// flushIndex writes the catalog copy if it differs from the index on disk.
func (s *Store) flushIndex() error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	ident, dirty, gen := s.identity, s.indexDirty, s.indexGen
	if ident == nil || s.index == nil || !dirty {
		s.mu.Unlock()
		return nil
	}
	es := settledEntries(s.index) // a copy: saves change the map in place
	s.mu.Unlock()
	if err := s.writeIndex(ident, es); err != nil {
		return err
	}
	s.mu.Lock()
	if s.indexGen == gen {
		s.indexDirty = false
	}
	s.mu.Unlock()
	return nil
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
		_ = s.writeIndex(ident, settledEntries(index))
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
	}
	s.index[file] = indexEntry{sum: sum}
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
		}
		s.indexGen++
	}
}
