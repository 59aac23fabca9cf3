package diary

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"peerdiary/crypto"
)

// The entry index is two files. records/index.age holds what a list needs
// of each entry (its summary: a few hundred bytes) and is read at every
// open; records/index-text.age holds each entry's text (its search text
// and what rebuilds the entry whole from it) and is read only when a
// search, a preview or an export first asks for an entry's text. Opening a
// diary of 100,000 entries then decrypts a few tens of megabytes instead
// of a few hundred, and a rebuild from the entry files writes the texts as
// it decrypts them instead of holding them all.
//
// The two files are written one after the other, so either may be older
// than the other after a crash; neither trusts the other. Each text record
// names its entry file and the stamp the file had when the text was read,
// and is used only for a summary of that file with that same stamp. A
// summary whose text is not in the file (or whose file is damaged or gone)
// has its entry file decrypted instead, as without an index.
const (
	// indexTextRecord is the text file's record name: records/index-text.age.
	indexTextRecord = "index-text"

	// indexTextMagic starts the text file's plaintext.
	indexTextMagic = "peerdiary-itext\n"

	// indexTextVersion is the text file's layout after the magic.
	indexTextVersion = 1

	// maxIndexTextSize caps the text file's plaintext: about the size of
	// the diary's text (200 MB for 100,000 entries of 250 words). A diary
	// whose texts are larger has its entries decrypted when a search or an
	// export needs them.
	maxIndexTextSize = 1 << 30

	// maxTextRecord caps one text record: an entry's text is at most an
	// entry file, held twice at most (search text and case edits).
	maxTextRecord = 4*MaxEntryFileSize + 1024
)

// textRec is one entry's text as the text file holds it.
type textRec struct {
	stamp  fileStamp
	search string
	text   *entryText // nil: the entry has fields this version does not know
}

// appendStr appends a string as the index files write one: its length,
// then its bytes.
func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendStamp appends a file stamp: size, modification time, inode and
// change time.
func appendStamp(b []byte, st fileStamp) []byte {
	b = binary.AppendVarint(b, st.size)
	b = binary.AppendVarint(b, st.mtime)
	b = binary.AppendUvarint(b, st.ino)
	return binary.AppendVarint(b, st.ctime)
}

// appendEntryText appends what rebuilds an entry from its search text: a
// byte 0 if nothing does, or 1 and the template, the body's length, each
// answer's step, question and length, and the case edits.
func appendEntryText(b []byte, t *entryText) []byte {
	if t == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = appendStr(b, t.template)
	b = binary.AppendUvarint(b, uint64(t.bodyLen))
	b = binary.AppendUvarint(b, uint64(len(t.answers)))
	for _, a := range t.answers {
		b = appendStr(b, a.step)
		b = appendStr(b, a.question)
		b = binary.AppendUvarint(b, uint64(a.size))
	}
	return appendStr(b, t.unfold)
}

// entryText reads what appendEntryText wrote, and checks the case edits
// against the search text they apply to.
func (r *indexReader) entryText(search string) *entryText {
	switch r.byte() {
	case 0:
		return nil
	case 1:
	default:
		r.fail("a text flag is neither 0 nor 1")
		return nil
	}
	t := &entryText{template: r.str()}
	t.bodyLen = r.length()
	na := r.uvarint()
	if na > uint64(len(r.s)/3) {
		r.fail("the answer count does not fit")
		return nil
	}
	if na > 0 && r.err == nil {
		t.answers = make([]answerHead, na)
		for i := range t.answers {
			t.answers[i] = answerHead{step: r.str(), question: r.str(), size: r.length()}
		}
	}
	t.unfold = r.str()
	if r.err == nil && !checkUnfold(search, t.unfold, t.total()) {
		r.fail("an entry's text does not rebuild")
	}
	if r.err != nil {
		return nil
	}
	return t
}

// appendTextRecord appends one record of the text file: its length (4
// bytes, little-endian, so the record can be written in place and its
// length filled in after), then the entry file's name and stamp, the search
// text and the entry text.
func appendTextRecord(b []byte, file string, st fileStamp, search string, t *entryText) []byte {
	at := len(b)
	b = append(b, 0, 0, 0, 0)
	b = appendStr(b, file)
	b = appendStamp(b, st)
	b = appendStr(b, search)
	b = appendEntryText(b, t)
	binary.LittleEndian.PutUint32(b[at:], uint32(len(b)-at-4))
	return b
}

// textFileHeader is the start of the text file: magic, version and the
// index tag (see indexTag), which binds it to the diary's secret key as
// it does the summaries.
func textFileHeader(tag [32]byte) []byte {
	b := binary.AppendUvarint([]byte(indexTextMagic), indexTextVersion)
	return append(b, tag[:]...)
}

// decodeTextRecord decodes the body of one record (after its length).
// The strings share body.
func decodeTextRecord(body string) (file string, rec textRec, err error) {
	r := &indexReader{s: body}
	file = r.str()
	rec.stamp.size = r.varint()
	rec.stamp.mtime = r.varint()
	rec.stamp.ino = r.uvarint()
	rec.stamp.ctime = r.varint()
	rec.search = r.str()
	rec.text = r.entryText(rec.search)
	if r.err == nil && len(r.s) != 0 {
		r.fail("bytes after a text record")
	}
	if r.err == nil && (!isEntryFileName(file) || rec.stamp.size < 0) {
		r.fail("a text record's file is invalid")
	}
	return file, rec, r.err
}

// decodeTexts parses the whole text file's plaintext. As with the
// summaries, anything unexpected makes the whole file unusable.
func decodeTexts(plain string, tag [32]byte) (map[string]*textRec, error) {
	head := string(textFileHeader(tag))
	if !strings.HasPrefix(plain, head) {
		if !strings.HasPrefix(plain, indexTextMagic) {
			return nil, fmt.Errorf("%w: not an index text file", errIndex)
		}
		return nil, fmt.Errorf("%w: another version of the text file, or another diary's", errIndex)
	}
	r := &indexReader{s: plain[len(head):]}
	out := map[string]*textRec{}
	var recs []textRec
	for {
		if len(r.s) < 4 {
			return nil, fmt.Errorf("%w: the text file is cut short", errIndex)
		}
		n := uint64(r.s[0]) | uint64(r.s[1])<<8 | uint64(r.s[2])<<16 | uint64(r.s[3])<<24
		r.s = r.s[4:]
		if n == 0 {
			break
		}
		if n > uint64(len(r.s)) || n > maxTextRecord {
			return nil, fmt.Errorf("%w: a text record runs past the end", errIndex)
		}
		body := r.s[:n]
		r.s = r.s[n:]
		if len(recs) == cap(recs) {
			recs = make([]textRec, 0, max(1024, 2*cap(recs)))
		}
		file, rec, err := decodeTextRecord(body)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec)
		if _, dup := out[file]; dup {
			return nil, fmt.Errorf("%w: a file's text is listed twice", errIndex)
		}
		out[file] = &recs[len(recs)-1]
	}
	if len(r.s) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last text", errIndex, len(r.s))
	}
	return out, nil
}

// readTextRecords reads the text file from r one record at a time, for a
// writer that copies records from the old file to the new one without
// holding the whole file. each gets a record's body and its decoded form,
// whose strings (the file name too) share the body: valid only during the
// call.
func readTextRecords(r io.Reader, tag [32]byte, each func(file string, rec *textRec, raw []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head := textFileHeader(tag)
	got := make([]byte, len(head))
	if _, err := io.ReadFull(br, got); err != nil || string(got) != string(head) {
		if err == nil {
			err = errors.New("another version or another diary's")
		}
		return fmt.Errorf("%w: the text file's start: %v", errIndex, err)
	}
	var buf []byte
	defer func() { clear(buf) }()
	var size [4]byte
	for {
		if _, err := io.ReadFull(br, size[:]); err != nil {
			return fmt.Errorf("%w: a text record's length: %v", errIndex, err)
		}
		n := uint64(binary.LittleEndian.Uint32(size[:]))
		if n == 0 {
			break
		}
		if n > maxTextRecord {
			return fmt.Errorf("%w: a text record is too long", errIndex)
		}
		if uint64(cap(buf)) < n {
			clear(buf)
			buf = make([]byte, n)
		}
		raw := buf[:n]
		if _, err := io.ReadFull(br, raw); err != nil {
			return fmt.Errorf("%w: a text record: %v", errIndex, err)
		}
		file, rec, err := decodeTextRecord(unsafe.String(unsafe.SliceData(raw), len(raw)))
		if err != nil {
			return err
		}
		if err := each(file, &rec, raw); err != nil {
			return err
		}
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return fmt.Errorf("%w: bytes after the last text", errIndex)
	}
	return nil
}

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

// readText decrypts an entry file for its text.
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

// textWriter writes the text file: records handed to it by a Load
// decrypting entries, then the texts of the entries it is told to keep,
// from memory, from the old text file, or, failing both, from their entry
// files. It is the only writer of the text file.
type textWriter struct {
	s      *Store
	ident  *crypto.Identity
	tag    [32]byte
	out    *crypto.PendingSealed
	buf    []byte
	count  int   // records written
	size   int64 // bytes written
	oldErr error // why the old text file could not be copied whole, for tests
}

func (s *Store) newTextWriter(ident *crypto.Identity, tag [32]byte) (*textWriter, error) {
	out, err := s.records.CreateSealed(indexTextRecord+FileExt, []crypto.Recipient{ident.Recipient()})
	if err != nil {
		return nil, err
	}
	w := &textWriter{s: s, ident: ident, tag: tag, out: out, buf: make([]byte, 0, 64<<10)}
	w.buf = append(w.buf, textFileHeader(tag)...)
	return w, nil
}

// flush writes the buffered records if there are enough of them, or all
// of them if force.
func (w *textWriter) flush(force bool) error {
	if len(w.buf) < 32<<10 && !force {
		return nil
	}
	w.size += int64(len(w.buf))
	if w.size > maxIndexTextSize {
		return errIndexTooLarge
	}
	_, err := w.out.Write(w.buf)
	clear(w.buf)
	w.buf = w.buf[:0]
	return err
}

// add writes one entry's text.
func (w *textWriter) add(file string, st fileStamp, search string, t *entryText) error {
	w.buf = appendTextRecord(w.buf, file, st, search, t)
	w.count++
	return w.flush(false)
}

// addRaw writes a record as read from the old text file.
func (w *textWriter) addRaw(raw []byte) error {
	w.buf = binary.LittleEndian.AppendUint32(w.buf, uint32(len(raw)))
	w.buf = append(w.buf, raw...)
	w.count++
	return w.flush(false)
}

// keep writes the text of each of es: its own, or, for an entry whose
// summary leaves its text to the index (see Summary.lazy), from the text
// source in memory if it has been read, otherwise copied from the text
// file on disk, and for any held neither way, from the entry file, if
// that still has the entry's stamp (otherwise the entry has changed and
// its old text is not written).
func (w *textWriter) keep(es []*indexEntry) error {
	want := make(map[string]*indexEntry, len(es))
	for _, e := range es {
		if e.sum.lazy == nil {
			if err := w.add(e.sum.File, e.stamp, e.sum.search, e.sum.text); err != nil {
				return err
			}
			continue
		}
		if rec := e.text.Load(); rec != nil {
			if err := w.add(e.sum.File, e.stamp, rec.search, rec.text); err != nil {
				return err
			}
			continue
		}
		if e.src != nil && e.src.has(e) {
			rec, err := e.src.get(e)
			if err != nil {
				return err
			}
			if err := w.add(e.sum.File, e.stamp, rec.search, rec.text); err != nil {
				return err
			}
			continue
		}
		want[e.sum.File] = e
	}
	if len(want) == 0 {
		return nil
	}
	// Copy what the old file has. Every record read from it comes from a
	// chunk that authenticated under the file's key, in a file that
	// starts with this diary's tag, which only the secret key can make:
	// each is a whole record this diary wrote. A file cut short or
	// damaged part of the way only keeps the rest from being copied; those
	// texts are read from the entry files below.
	var writeErr error
	err := w.s.records.OpenStream(indexTextRecord+FileExt, maxIndexTextSize, []*crypto.Identity{w.ident}, func(r io.Reader) error {
		return readTextRecords(r, w.tag, func(file string, rec *textRec, raw []byte) error {
			e := want[file]
			if e == nil || e.stamp != rec.stamp {
				return nil
			}
			delete(want, file)
			writeErr = w.addRaw(raw)
			return writeErr
		})
	})
	if writeErr != nil {
		return writeErr
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		w.oldErr = err
	}
	// The rest from their entry files, decrypted on every core (a text
	// file lost or damaged means every entry's), written in one order.
	rest := make([]*indexEntry, 0, len(want))
	for _, e := range want {
		rest = append(rest, e)
	}
	slices.SortFunc(rest, func(a, b *indexEntry) int { return strings.Compare(a.sum.File, b.sum.File) })
	recs := make([]*textRec, len(rest))
	parallel(len(rest), func(i int) { recs[i] = w.fromFile(rest[i]) })
	for i, rec := range recs {
		if rec == nil {
			continue
		}
		if err := w.add(rest[i].sum.File, rest[i].stamp, rec.search, rec.text); err != nil {
			return err
		}
	}
	return nil
}

// fromFile reads e's text from its entry file, if the file still has e's
// stamp; a file that changed, went or does not decrypt gives nil and is
// left out, to be read when it is next needed.
func (w *textWriter) fromFile(e *indexEntry) *textRec {
	rec, err := w.s.readText(w.ident, e)
	if err != nil {
		return nil
	}
	return rec
}

// finish ends the file and replaces the text file with it, under the diary
// lock with the key checked (see Store.tryWrite): a text file is never
// written sealed to a key the diary has moved away from.
func (w *textWriter) finish() (written bool, err error) {
	w.buf = append(w.buf, 0, 0, 0, 0)
	if err := w.flush(true); err != nil {
		return false, err
	}
	return w.s.tryWrite(true, w.out.Commit)
}

// abandon removes the unfinished file.
func (w *textWriter) abandon() {
	clear(w.buf)
	w.out.Cleanup()
}

// streamTexts is how many entry files a Load decrypts before it writes
// their texts as it goes (see textStream) rather than holding them until
// the index is written: a first open, or one after the index was lost.
var streamTexts = 1000

// textStream writes a new text file while a Load decrypts entries: each
// worker encodes the texts of the entries it decrypts into a buffer of its
// own and hands over full buffers, and a goroutine encrypts them into the
// file in the order they come, then adds the texts of the entries kept
// from the index, and replaces the text file if the Load finished. Buffers
// go back to the workers once written, so the texts of 100,000 entries
// pass through a handful of them.
type textStream struct {
	w      *textWriter
	ch     chan textBatch
	free   chan []byte
	result chan bool
	commit bool // set before ch is closed
}

// textBatch is a buffer of n encoded text records.
type textBatch struct {
	b []byte
	n int
}

// streamTexts starts a text stream, or returns nil if the file can't be
// started (the texts are then held, as for a few files).
func (s *Store) streamTexts(ident *crypto.Identity, tag [32]byte, kept []*indexEntry) *textStream {
	w, err := s.newTextWriter(ident, tag)
	if err != nil {
		return nil
	}
	ts := &textStream{w: w, ch: make(chan textBatch, 8), free: make(chan []byte, 16), result: make(chan bool, 1)}
	go func() {
		var err error
		for bt := range ts.ch {
			if err == nil {
				err = w.addBatch(bt.b, bt.n)
			}
			clear(bt.b)
			select {
			case ts.free <- bt.b:
			default:
			}
		}
		written := false
		if err == nil && ts.commit {
			if err = w.keep(kept); err == nil {
				written, err = w.finish()
			}
		}
		if !written {
			w.abandon()
		}
		ts.result <- written && err == nil
	}()
	return ts
}

// buffer is an empty buffer for a worker's texts.
func (ts *textStream) buffer() []byte {
	select {
	case b := <-ts.free:
		return b[:0]
	default:
		return make([]byte, 0, 64<<10)
	}
}

// textBatcher is one worker's buffer of texts for the stream.
type textBatcher struct {
	ts *textStream
	b  []byte
	n  int
}

func (ts *textStream) batcher() *textBatcher { return &textBatcher{ts: ts, b: ts.buffer()} }

// add encodes one entry's text into the worker's buffer, and hands the
// buffer to the stream once it is full.
func (tb *textBatcher) add(file string, st fileStamp, search string, t *entryText) {
	tb.b = appendTextRecord(tb.b, file, st, search, t)
	tb.n++
	if len(tb.b) >= 48<<10 {
		tb.flush()
	}
}

// flush hands what the buffer holds to the stream.
func (tb *textBatcher) flush() {
	if tb.n == 0 {
		return
	}
	tb.ts.ch <- textBatch{tb.b, tb.n}
	tb.b, tb.n = tb.ts.buffer(), 0
}

// end closes the stream, replacing the text file if commit, and reports
// whether the new file is in place. Every batcher must have flushed.
func (ts *textStream) end(commit bool) bool {
	ts.commit = commit
	close(ts.ch)
	return <-ts.result
}

// count is how many texts the file written holds.
func (ts *textStream) count() int { return ts.w.count }

// addBatch writes n records encoded together.
func (w *textWriter) addBatch(b []byte, n int) error {
	if err := w.flush(true); err != nil {
		return err
	}
	w.size += int64(len(b))
	if w.size > maxIndexTextSize {
		return errIndexTooLarge
	}
	w.count += n
	_, err := w.out.Write(b)
	return err
}
