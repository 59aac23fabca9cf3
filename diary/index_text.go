package diary

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unsafe"
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
