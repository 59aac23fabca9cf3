package diary

import (
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"

	"peerdiary/crypto"
)

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
