package diary

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"peerdiary/crypto"
)

func indexTextPath(dir string) string {
	return filepath.Join(dir, RecordsDir, indexTextRecord+FileExt)
}

// textPlain is a text file's plaintext holding recs, in order.
func textPlain(tag [32]byte, files []string, recs []textRec) []byte {
	b := textFileHeader(tag)
	for i, r := range recs {
		b = appendTextRecord(b, files[i], r.stamp, r.search, r.text)
	}
	return append(b, 0, 0, 0, 0)
}

func sampleTexts() ([]string, []textRec) {
	withText := summarize(&Entry{
		ID: "w", Body: "# Shift Notes\nMet Sam. ÜNICODE İ", Template: "debrief",
		Answers: []Answer{{Step: "what", Question: "What?", Text: "A Long Day"}, {Step: "next", Text: ""}},
	}, "w.age")
	return []string{"w.age", "x.age"}, []textRec{
		{stamp: fileStamp{size: 2048, mtime: 17e17, ino: 42, ctime: 17e17 + 5}, search: withText.search, text: withText.text},
		{stamp: fileStamp{size: 1, mtime: -5}, search: "only search text\n#tag"},
	}
}

// TestTextFileRoundTrip: the whole-file reader and the record-at-a-time
// reader give back the texts written, and refuse another diary's file.
func TestTextFileRoundTrip(t *testing.T) {
	tag := [32]byte{9}
	files, recs := sampleTexts()
	plain := textPlain(tag, files, recs)
	got, err := decodeTexts(string(plain), tag)
	if err != nil {
		t.Fatal(err)
	}
	streamed := map[string]textRec{}
	err = readTextRecords(bytes.NewReader(plain), tag, func(file string, rec *textRec, raw []byte) error {
		// raw is reused: decode a copy of it to keep.
		f, r, err := decodeTextRecord(string(raw))
		if err != nil || f != file || r.stamp != rec.stamp || r.search != rec.search {
			t.Fatalf("%q: decoding the raw record again: %v", file, err)
		}
		streamed[f] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, file := range files {
		want := recs[i]
		for name, g := range map[string]*textRec{"whole": got[file], "streamed": ptr(streamed[file])} {
			if g == nil || g.stamp != want.stamp || g.search != want.search || (g.text == nil) != (want.text == nil) {
				t.Fatalf("%s %s: got %+v, want %+v", name, file, g, want)
			}
			if want.text != nil && (g.text.unfold != want.text.unfold || g.text.total() != want.text.total() || g.text.template != want.text.template) {
				t.Fatalf("%s %s: entry text %+v, want %+v", name, file, g.text, want.text)
			}
		}
	}
	if _, err := decodeTexts(string(plain), [32]byte{8}); !errors.Is(err, errIndex) {
		t.Errorf("another diary's tag: %v", err)
	}
	if err := readTextRecords(bytes.NewReader(plain), [32]byte{8}, func(string, *textRec, []byte) error { return nil }); !errors.Is(err, errIndex) {
		t.Errorf("another diary's tag, streamed: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// FuzzIndexTextDecode: whatever the text file's plaintext holds, neither
// reader panics, both agree on whether it is usable and on what it holds,
// and every text either rebuilds its entry or says it can't.
func FuzzIndexTextDecode(f *testing.F) {
	tag := [32]byte{7}
	files, recs := sampleTexts()
	f.Add(textPlain(tag, nil, nil))
	f.Add(textPlain(tag, files, recs))
	f.Add(textPlain(tag, append(files, files...), append(recs, recs...)))
	f.Add([]byte(indexTextMagic))
	f.Add(append(textPlain(tag, files[:1], recs[:1]), 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeTexts(string(data), tag)
		n := 0
		serr := readTextRecords(bytes.NewReader(data), tag, func(file string, rec *textRec, raw []byte) error {
			n++
			if g := got[file]; err == nil && (g == nil || g.stamp != rec.stamp || g.search != rec.search) {
				return fmt.Errorf("%q: the readers differ", file)
			}
			return nil
		})
		if err != nil {
			if !errors.Is(err, errIndex) || got != nil {
				t.Fatalf("a failure must be errIndex and nothing else: %v, %d texts", err, len(got))
			}
			// The streaming reader may accept what the whole-file reader
			// refuses only for a file named twice, which copying skips.
			if serr == nil && !strings.Contains(err.Error(), "twice") {
				t.Fatalf("the whole file is refused (%v), the stream is not", err)
			}
			return
		}
		if serr != nil || n != len(got) {
			t.Fatalf("the whole file is read, the stream is not (%v), or not the same (%d of %d)", serr, n, len(got))
		}
		for file, rec := range got {
			if !isEntryFileName(file) || rec.stamp.size < 0 {
				t.Fatalf("a text Load must not use: %q %+v", file, rec)
			}
			sum := Summary{ID: "x", File: file}
			if rec.text != nil && sum.rebuild(rec.search, rec.text) == nil && len(rec.text.answers) == 0 {
				t.Fatalf("%q: an entry text without answers that does not rebuild", file)
			}
		}
	})
}

// newIndexedDiary makes a diary of n entries whose index covers them all,
// opened again: its summaries from the index, its texts not read yet.
func newIndexedDiary(t *testing.T, n int) (*Store, string, []string) {
	t.Helper()
	settleNow(t)
	s, dir := newTestStore(t)
	var ids []string
	for i := range n {
		id, err := s.Put(&Entry{Body: fmt.Sprintf("Entry %d: word%d and the Shelter", i, i), Tags: []string{"t"}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	load(t, s)
	s = fresh(t, s, dir)
	return s, dir, ids
}

// TestTextsReadOnlyWhenAsked: an open from the index reads the summaries
// only; the texts are read once, the first time a search, Read or LoadText
// needs one, and never from the entry files while they are current.
func TestTextsReadOnlyWhenAsked(t *testing.T) {
	s, _, _ := newIndexedDiary(t, 5)
	c := load(t, s)
	if st := s.loadStats; st.fromIndex != 5 || st.decrypted != 0 {
		t.Fatalf("the open did not come from the index: %+v", st)
	}
	for _, e := range c.Entries {
		if e.lazy == nil || e.search != "" || e.text != nil {
			t.Fatalf("%s: a summary from the index holds its text", e.File)
		}
	}
	if s.textSrc.set.Load() != nil {
		t.Fatal("the texts were read at open")
	}
	got := Filter{Words: "word3 shelter"}.Apply(c.Entries)
	if len(got) != 1 || !strings.Contains(got[0].Title, "Entry 3") {
		t.Fatalf("search found %v", ids(&Catalog{Entries: got}))
	}
	set := s.textSrc.set.Load()
	if set == nil || len(set.recs) != 5 || set.err != nil {
		t.Fatalf("the text file was not read whole: %+v", set)
	}
	if err := s.LoadText(c.Entries); err != nil {
		t.Fatal(err)
	}
	s.textSrc.mu.Lock()
	read := len(s.textSrc.read)
	s.textSrc.mu.Unlock()
	if read != 0 {
		t.Fatalf("%d entry files decrypted for texts the index has", read)
	}
	e, err := s.Read(&got[0])
	if err != nil || !strings.HasPrefix(e.Body, "Entry 3: word3") {
		t.Fatalf("Read: %v %+v", err, e)
	}
}

// TestTextFileProblems: a text file that is missing, damaged, cut short,
// another diary's, or older than an entry changed in place behind the
// store's back never gives a wrong text: the entry files are read instead,
// and the next write of the index puts the texts right.
func TestTextFileProblems(t *testing.T) {
	for _, tc := range []struct {
		name   string
		spoil  func(t *testing.T, s *Store, dir string, ids []string)
		reused int // texts still taken from the file
	}{
		{"missing", func(t *testing.T, s *Store, dir string, ids []string) {
			os.Remove(indexTextPath(dir))
		}, 0},
		{"damaged", func(t *testing.T, s *Store, dir string, ids []string) {
			b, _ := os.ReadFile(indexTextPath(dir))
			b[len(b)-20] ^= 1
			os.WriteFile(indexTextPath(dir), b, 0o600)
		}, 0},
		{"cut short", func(t *testing.T, s *Store, dir string, ids []string) {
			b, _ := os.ReadFile(indexTextPath(dir))
			os.WriteFile(indexTextPath(dir), b[:len(b)-30], 0o600)
		}, 0},
		{"another diary's", func(t *testing.T, s *Store, dir string, ids []string) {
			var tag [32]byte
			files, recs := sampleTexts()
			os.WriteFile(indexTextPath(dir), sealToDiary(t, s, string(textPlain(tag, files, recs))), 0o600)
		}, 0},
		{"an entry changed in place since", func(t *testing.T, s *Store, dir string, ids []string) {
			plain, err := (&Entry{ID: ids[2], Body: "Rewritten by hand: changed", Created: fixedNow}).Format()
			if err != nil {
				t.Fatal(err)
			}
			writeInPlace(t, filepath.Join(dir, EntriesDir, ids[2]+FileExt), sealToDiary(t, s, string(plain)))
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, dir, ids := newIndexedDiary(t, 4)
			tc.spoil(t, s, dir, ids)
			s = fresh(t, s, dir)
			c := load(t, s)
			byStore := map[string]bool{}
			for _, id := range ids {
				byStore[id+FileExt] = true
			}
			byStore[ids[2]+FileExt] = tc.reused == 0
			checkRead(t, s, c, byStore)
			sameCatalog(t, describeCatalog(c), fullScan(t, s))
			if got := (Filter{Words: "changed"}).Apply(c.Entries); tc.reused > 0 && len(got) != 1 {
				t.Fatalf("the entry changed in place is not found by its new text: %d", len(got))
			}
			// fullScan wrote the index again: every text is in the file.
			s = fresh(t, s, dir)
			c = load(t, s)
			if err := s.LoadText(c.Entries); err != nil {
				t.Fatal(err)
			}
			if set := s.textSrc.set.Load(); set.err != nil || len(set.recs) != 4 || len(s.textSrc.read) != 0 {
				t.Fatalf("the texts were not put right: %v, %d texts, %d read from entries", set.err, len(set.recs), len(s.textSrc.read))
			}
		})
	}
}

// decryptTexts is the text file's plaintext as the diary's key opens it.
func decryptTexts(t *testing.T, s *Store) string {
	t.Helper()
	ident, err := s.currentIdentity()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := s.records.OpenFile(indexTextRecord+FileExt, maxIndexTextSize, ident)
	if err != nil {
		t.Fatal(err)
	}
	return string(plain)
}

// TestTextsOfChangedAndDeletedEntriesGo: once an entry is deleted or
// edited, its old words leave the index's texts when the diary closes, as
// they leave its entry file.
func TestTextsOfChangedAndDeletedEntriesGo(t *testing.T) {
	s, dir, ids := newIndexedDiary(t, 3)
	load(t, s)
	e, err := s.Get(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	e.Body = "Edited: nothing left of before"
	if _, err := s.Put(e); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ids[1]); err != nil {
		t.Fatal(err)
	}
	s = fresh(t, s, dir)
	texts := decryptTexts(t, s)
	for _, gone := range []string{"word0", "word1"} {
		if strings.Contains(texts, gone) {
			t.Errorf("the index's texts still hold %q", gone)
		}
	}
	if !strings.Contains(texts, "word2") || !strings.Contains(texts, "nothing left of before") {
		t.Errorf("the index's texts lack what the diary holds")
	}
}

// TestLockDropsTexts: after Lock, the texts read are gone from memory and
// a list still held gets ErrLocked, never a text.
func TestLockDropsTexts(t *testing.T) {
	s, _, _ := newIndexedDiary(t, 3)
	c := load(t, s)
	if err := s.LoadText(c.Entries); err != nil {
		t.Fatal(err)
	}
	src := s.textSrc
	s.Lock()
	if src.set.Load() != textsDropped || src.read != nil {
		t.Fatal("Lock kept the texts")
	}
	if got := c.Entries[0].SearchText(); got != "" {
		t.Fatalf("a search text after Lock: %q", got)
	}
	if err := s.LoadText(c.Entries); !errors.Is(err, ErrLocked) {
		t.Fatalf("LoadText after Lock: %v", err)
	}
	if _, err := s.Read(&c.Entries[0]); !errors.Is(err, ErrLocked) {
		t.Fatalf("Read after Lock: %v", err)
	}
}

// TestFirstOpenWritesTextsAsItReads: an open that decrypts many entries
// writes their texts as it goes, keeps none of them, writes the text file
// once, and gives the same catalog and entries as the files.
func TestFirstOpenWritesTextsAsItReads(t *testing.T) {
	s, dir, ids := newIndexedDiary(t, 6)
	old := streamTexts
	streamTexts = 3
	t.Cleanup(func() { streamTexts = old })

	// Half the entries changed behind its back: the other half's texts
	// are copied from the old file.
	for _, id := range ids[:3] {
		plain, err := (&Entry{ID: id, Body: "Changed " + id, Created: fixedNow}).Format()
		if err != nil {
			t.Fatal(err)
		}
		writeInPlace(t, filepath.Join(dir, EntriesDir, id+FileExt), sealToDiary(t, s, string(plain)))
	}
	s = fresh(t, s, dir)
	before, _ := os.Stat(indexTextPath(dir))
	c := load(t, s)
	st := s.loadStats
	if st.decrypted != 3 || st.fromIndex != 3 || st.streamed != 6 || !st.wrote {
		t.Fatalf("load: %+v", st)
	}
	for _, e := range c.Entries {
		if e.lazy == nil || e.search != "" {
			t.Fatalf("%s: a summary holds its text after a streaming open", e.File)
		}
	}
	after, _ := os.Stat(indexTextPath(dir))
	if os.SameFile(before, after) {
		t.Fatal("the text file was not written")
	}
	byStore := map[string]bool{}
	for _, id := range ids[3:] {
		byStore[id+FileExt] = true
	}
	checkRead(t, s, c, byStore)
	s.textSrc.mu.Lock()
	read := len(s.textSrc.read)
	s.textSrc.mu.Unlock()
	if read != 0 {
		t.Fatalf("%d texts read from entry files after a streaming open", read)
	}
	// The index written after the open did not write the texts again.
	if again, _ := os.Stat(indexTextPath(dir)); !os.SameFile(after, again) {
		t.Fatal("the text file was written twice")
	}
	sameCatalog(t, describeCatalog(c), fullScan(t, s))

	// A cold open of the whole diary, with no index at all.
	os.Remove(indexPath(dir))
	os.Remove(indexTextPath(dir))
	s = fresh(t, s, dir)
	c = load(t, s)
	if st := s.loadStats; st.decrypted != 6 || st.streamed != 6 {
		t.Fatalf("cold load: %+v", st)
	}
	checkRead(t, s, c, byStore)
	sameCatalog(t, describeCatalog(c), fullScan(t, s))
}

// encodeIndexV3 is the index as version 3 wrote it: each entry's prompt
// and text inline.
func encodeIndexV3(tag [32]byte, es []*indexEntry) []byte {
	b := append([]byte(indexMagic), 3)
	b = append(b, tag[:]...)
	b = binary.AppendUvarint(b, uint64(len(es)))
	for _, e := range es {
		b = appendStr(b, e.sum.File)
		b = appendStamp(b, e.stamp)
		b = appendStr(b, e.sum.ID)
		b = appendTime(b, e.sum.Created)
		b = appendTime(b, e.sum.Updated)
		if p := e.sum.Prompt; p != nil {
			b = append(b, 1)
			b = appendStr(b, p.ID)
			b = appendStr(b, p.Family)
			b = appendStr(b, p.Subtheme)
			b = appendStr(b, p.Text)
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
		search, text, _ := e.sum.textOf()
		b = appendStr(b, search)
		b = appendEntryText(b, text)
	}
	return b
}

// TestIndexOfVersion3IsReadOnce: a diary whose index was written by the
// version before (texts inline, one file) opens from it without decrypting
// its entries, and the index is written again as two files.
func TestIndexOfVersion3IsReadOnce(t *testing.T) {
	s, dir, _ := newIndexedDiary(t, 4)
	c := load(t, s)
	want := describeCatalog(c)
	tag, err := s.currentIndexTag()
	if err != nil {
		t.Fatal(err)
	}
	var es []*indexEntry
	s.mu.Lock()
	for _, e := range s.index {
		es = append(es, e)
	}
	s.mu.Unlock()
	v3 := sealToDiary(t, s, string(encodeIndexV3(tag, es)))
	s.Close()
	os.Remove(indexTextPath(dir))
	if err := os.WriteFile(indexPath(dir), v3, 0o600); err != nil {
		t.Fatal(err)
	}
	s = fresh(t, s, dir)
	c = load(t, s)
	if st := s.loadStats; st.fromIndex != 4 || st.decrypted != 0 || !st.wrote {
		t.Fatalf("a version 3 index was not used and rewritten: %+v", st)
	}
	sameCatalog(t, describeCatalog(c), want)
	s = fresh(t, s, dir)
	c = load(t, s)
	if st := s.loadStats; st.fromIndex != 4 || st.decrypted != 0 || st.indexErr != nil {
		t.Fatalf("the rewritten index: %+v", st)
	}
	if texts := decryptTexts(t, s); !strings.Contains(texts, "word3") {
		t.Fatal("the texts were not written to their own file")
	}
	sameCatalog(t, describeCatalog(c), want)
}

// TestTextFileOpensWithAge: the text file is an age file like every other,
// and holds nothing in plaintext.
func TestTextFileOpensWithAge(t *testing.T) {
	s, dir, _ := newIndexedDiary(t, 2)
	b, err := os.ReadFile(indexTextPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")) || bytes.Contains(b, []byte("Shelter")) {
		t.Fatal("the text file is not an age file, or holds plaintext")
	}
	ident, err := s.currentIdentity()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := crypto.OpenReader(bytes.NewReader(b), int64(len(b)), maxIndexTextSize, ident)
	if err != nil || !bytes.HasPrefix(plain, []byte(indexTextMagic)) {
		t.Fatalf("%v", err)
	}
}

// openSecond opens the diary as a second peerdiary would, beside s.
func openSecond(t *testing.T, dir string) *Store {
	t.Helper()
	s2, err := Open(dir, Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	if err := s2.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	return s2
}

// TestOtherProcessDeleteAndEditLeaveNoText: an entry deleted or edited by
// another peerdiary while this one has the diary open (its texts read, as
// the full-screen list reads them) is not written back to the index by this
// one when it locks: neither the old text nor the old title stays on disk.
func TestOtherProcessDeleteAndEditLeaveNoText(t *testing.T) {
	s, dir, ids := newIndexedDiary(t, 3)
	c := load(t, s)
	if err := s.LoadText(c.Entries); err != nil {
		t.Fatal(err)
	}

	other := openSecond(t, dir)
	load(t, other)
	if err := other.Delete(ids[0]); err != nil {
		t.Fatal(err)
	}
	e, err := other.Get(ids[1])
	if err != nil {
		t.Fatal(err)
	}
	e.Body = "Entry 1 edited: nothing left of before"
	if _, err := other.Put(e); err != nil {
		t.Fatal(err)
	}
	other.Close()

	// This one saves an entry of its own, so its Lock writes the index.
	if _, err := s.Put(&Entry{Body: "A later entry"}); err != nil {
		t.Fatal(err)
	}
	s.Lock()

	s = fresh(t, s, dir)
	texts := decryptTexts(t, s)
	ident, _ := s.currentIdentity()
	sums, err := s.records.OpenFile(indexRecord+FileExt, maxIndexSize, ident)
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"word0", "word1"} {
		if strings.Contains(texts, gone) {
			t.Errorf("the index's texts still hold %q, deleted or edited by the other peerdiary", gone)
		}
		if strings.Contains(string(sums), gone) {
			t.Errorf("the index's summaries still hold %q, deleted or edited by the other peerdiary", gone)
		}
	}
}

// TestLockRewritesLostTexts: with the text file gone and no text read, a
// save and a lock write every text again, from the entry files, with the
// key the store had before it locked.
func TestLockRewritesLostTexts(t *testing.T) {
	s, dir, _ := newIndexedDiary(t, 4)
	os.Remove(indexTextPath(dir))
	load(t, s)
	if _, err := s.Put(&Entry{Body: "One more after the text file went"}); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	if err := s.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	texts := decryptTexts(t, s)
	for i := range 4 {
		if !strings.Contains(texts, fmt.Sprintf("word%d", i)) {
			t.Errorf("the text of entry %d was not written again", i)
		}
	}
	if !strings.Contains(texts, "one more after") {
		t.Error("the new entry's text is missing")
	}
}

// TestTextOfAnEntryChangedSince: a summary whose text must come from its
// entry file never gets the text of a later version of the file: Read
// gives the file as it is now, whole, and a search does not match the
// summary by words it never had.
func TestTextOfAnEntryChangedSince(t *testing.T) {
	s, dir, ids := newIndexedDiary(t, 3)
	os.Remove(indexTextPath(dir))
	c := load(t, s)
	plain, err := (&Entry{ID: ids[1], Body: "Rewritten elsewhere: osprey", Created: fixedNow, Tags: []string{"new"}}).Format()
	if err != nil {
		t.Fatal(err)
	}
	writeInPlace(t, filepath.Join(dir, EntriesDir, ids[1]+FileExt), sealToDiary(t, s, string(plain)))
	var sum *Summary
	for i := range c.Entries {
		if c.Entries[i].ID == ids[1] {
			sum = &c.Entries[i]
		}
	}
	if got := (Filter{Words: "osprey"}).Apply(c.Entries); len(got) != 0 {
		t.Fatalf("the old summary matched the new words")
	}
	e, err := s.Read(sum)
	if err != nil || e.Body != "Rewritten elsewhere: osprey" || !slices.Contains(e.Tags, "new") {
		t.Fatalf("Read: %v %+v", err, e)
	}
	// Asked again, the answer is remembered, not read again.
	s.textSrc.mu.Lock()
	failed := len(s.textSrc.failed)
	s.textSrc.mu.Unlock()
	if failed != 1 {
		t.Fatalf("%d failures remembered, want 1", failed)
	}
}
