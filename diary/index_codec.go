package diary

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// encodeIndex returns the index of the settled entries es, in their order,
// as writeIndexTo writes it.
func encodeIndex(tag [32]byte, es []*indexEntry) []byte {
	var buf bytes.Buffer
	writeIndexTo(&buf, tag, es, -1)
	return buf.Bytes()
}

// errIndexTooLarge is writeIndexTo's error for an index over its limit.
var errIndexTooLarge = errors.New("the entry index would be too large")

// appendTime appends a time: Unix seconds, nanoseconds, and its zone: UTC
// or an offset.
func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	if t.Location() == time.UTC {
		return append(b, 0)
	}
	_, off := t.Zone()
	b = append(b, 1)
	return binary.AppendVarint(b, int64(off))
}

// writeIndexTo writes the summaries of es to w one entry at a time, so that
// the whole index is never in memory at once. It fails with
// errIndexTooLarge as soon as more than limit bytes are written, if limit
// is not negative. The prompts the entries answer are written once, in a
// table before the entries (a diary has a few hundred prompts and many
// thousands of entries), and each entry names its prompt by its place in
// the table.
func writeIndexTo(w io.Writer, tag [32]byte, es []*indexEntry, limit int) error {
	b := make([]byte, 0, 64<<10)
	written := 0
	flush := func() error {
		written += len(b)
		if limit >= 0 && written > limit {
			return errIndexTooLarge
		}
		_, err := w.Write(b)
		clear(b)
		b = b[:0]
		return err
	}
	b = append(b, indexMagic...)
	b = binary.AppendUvarint(b, indexVersion)
	b = append(b, tag[:]...)
	promptAt := map[PromptRef]uint64{}
	var prompts []*PromptRef
	for _, e := range es {
		if p := e.sum.Prompt; p != nil {
			if _, ok := promptAt[*p]; !ok {
				promptAt[*p] = uint64(len(prompts)) + 1
				prompts = append(prompts, p)
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(prompts)))
	for _, p := range prompts {
		b = appendStr(b, p.ID)
		b = appendStr(b, p.Family)
		b = appendStr(b, p.Subtheme)
		b = appendStr(b, p.Text)
		if len(b) >= 32<<10 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(es)))
	for _, e := range es {
		b = appendStr(b, e.sum.File)
		b = appendStamp(b, e.stamp)
		b = appendStr(b, e.sum.ID)
		b = appendTime(b, e.sum.Created)
		b = appendTime(b, e.sum.Updated)
		if p := e.sum.Prompt; p != nil {
			b = binary.AppendUvarint(b, promptAt[*p])
		} else {
			b = append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(len(e.sum.Tags)))
		for _, t := range e.sum.Tags {
			b = appendStr(b, t)
		}
		b = binary.AppendUvarint(b, uint64(e.sum.Mood))
		b = appendStr(b, e.sum.Title)
		b = binary.AppendUvarint(b, uint64(e.sum.Words))
		if len(b) >= 32<<10 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
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

// length reads a uvarint that is the length of a piece of an entry's text,
// which is never more than an entry file holds.
func (r *indexReader) length() int {
	n := r.uvarint()
	if n > MaxEntryFileSize {
		r.fail("a length is out of range")
		return 0
	}
	return int(n)
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
//
// An index of version 4 holds summaries only: each entry's text is in the
// text file (see index_text.go), found through src. An index of version 3,
// which held each entry's text inline, is read too, so a diary opened by
// this version for the first time does not decrypt every entry: its
// entries then hold their own text, and old is true (the index is to be
// written again, as two files).
//
// The entries are decoded into one slice and the map points into it: an
// entry is over 128 bytes, which a map would otherwise allocate one by one,
// and every lookup would copy. Nothing changes an entry once it is in a
// map: saves and Loads put a new one in its place.
func decodeIndex(plain string, tag [32]byte, src *textSource) (idx map[string]*indexEntry, old bool, err error) {
	r := &indexReader{s: plain}
	if !strings.HasPrefix(r.s, indexMagic) {
		return nil, false, fmt.Errorf("%w: not an index", errIndex)
	}
	r.s = r.s[len(indexMagic):]
	version := r.uvarint()
	if r.err == nil && version != indexVersion && version != 3 {
		return nil, false, fmt.Errorf("%w: version %d, this peerdiary writes %d", errIndex, version, indexVersion)
	}
	old = version == 3
	if len(r.s) < len(tag) || r.s[:len(tag)] != string(tag[:]) {
		if r.err != nil {
			return nil, false, r.err
		}
		return nil, false, fmt.Errorf("%w: made for another diary key", errIndex)
	}
	r.s = r.s[len(tag):]
	var table []PromptRef
	if !old {
		np := r.uvarint()
		// Each prompt takes at least 4 bytes.
		if r.err != nil || np > uint64(len(r.s)/4) {
			r.fail("the prompt count does not fit")
			return nil, false, r.err
		}
		table = make([]PromptRef, np)
		for i := range table {
			table[i] = PromptRef{ID: r.str(), Family: r.str(), Subtheme: r.str(), Text: r.str()}
		}
	}
	n := r.uvarint()
	// Each entry takes at least 16 bytes, so a count larger than that
	// allows is refused before anything is allocated for it.
	if r.err != nil || n > uint64(len(r.s)/16) {
		r.fail("the entry count does not fit")
		return nil, false, r.err
	}
	out := make(map[string]*indexEntry, n)
	all := make([]indexEntry, n)
	z := zones{}
	var prompts []PromptRef // version 3: each entry's own
	var tags []string       // the tags of many entries, each capped to its own
	for k := range n {
		e := &all[k]
		e.settled = true
		e.row = int(k) + 1
		file := r.str()
		e.stamp.size = r.varint()
		e.stamp.mtime = r.varint()
		e.stamp.ino = r.uvarint()
		e.stamp.ctime = r.varint()
		e.sum.File = file
		e.sum.ID = r.str()
		e.sum.Created = r.when(z)
		e.sum.Updated = r.when(z)
		if old {
			switch r.byte() {
			case 0:
			case 1:
				if prompts == nil {
					prompts = make([]PromptRef, 0, n)
				}
				prompts = append(prompts, PromptRef{ID: r.str(), Family: r.str(), Subtheme: r.str(), Text: r.str()})
				e.sum.Prompt = &prompts[len(prompts)-1]
			default:
				r.fail("a prompt flag is neither 0 nor 1")
			}
		} else if p := r.uvarint(); p > uint64(len(table)) {
			r.fail("a prompt is not in the table")
		} else if p > 0 {
			e.sum.Prompt = &table[p-1]
		}
		nt := r.uvarint()
		if nt > uint64(len(r.s)) {
			r.fail("the tag count does not fit")
		}
		if nt > 0 && r.err == nil {
			if uint64(cap(tags)-len(tags)) < nt {
				tags = make([]string, 0, max(4096, nt))
			}
			at := len(tags)
			tags = tags[:at+int(nt)]
			e.sum.Tags = tags[at:len(tags):len(tags)]
			for i := range e.sum.Tags {
				e.sum.Tags[i] = r.str()
			}
		}
		mood := r.uvarint()
		e.sum.Title = r.str()
		words := r.uvarint()
		if old {
			e.sum.search = r.str()
			e.sum.text = r.entryText(e.sum.search)
		} else {
			e.src = src
			e.sum.lazy = e
		}
		if r.err != nil {
			return nil, false, r.err
		}
		if mood > 5 || words > MaxEntryFileSize || e.stamp.size < 0 {
			return nil, false, fmt.Errorf("%w: a value is out of range", errIndex)
		}
		e.sum.Mood, e.sum.Words = int(mood), int(words)
		if !isEntryFileName(file) || !ValidID(e.sum.ID) {
			return nil, false, fmt.Errorf("%w: a file name or id is invalid", errIndex)
		}
		out[file] = e
		if uint64(len(out)) != k+1 {
			return nil, false, fmt.Errorf("%w: a file is listed twice", errIndex)
		}
	}
	if len(r.s) != 0 {
		return nil, false, fmt.Errorf("%w: %d bytes after the last entry", errIndex, len(r.s))
	}
	return out, old, nil
}
