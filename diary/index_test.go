package diary

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"peerdiary/crypto"
)

// settleNow makes files count as settled as soon as they are written, so a
// test can write files and at once load them from the index.
func settleNow(t testing.TB) {
	old := settleMargin
	settleMargin = -time.Hour
	t.Cleanup(func() { settleMargin = old })
}

func indexPath(dir string) string { return filepath.Join(dir, RecordsDir, indexRecord+FileExt) }

// fresh opens the diary again: nothing in memory, only what is on disk.
func fresh(t *testing.T, s *Store, dir string) *Store {
	t.Helper()
	return reopen(t, s, dir)
}

// describe is a summary as a person would see it, every field including the
// time zone of each time, the search text and the whole entry, for
// comparing catalogs. A summary whose text is the index's reads it.
func describe(e Summary) string {
	search, _, err := e.textOf()
	if err != nil {
		search = "error: " + err.Error()
	}
	whole := "not held"
	if w := e.whole(); w != nil {
		whole = fmt.Sprintf("%q %q %+v", w.Template, w.Body, w.Answers)
	}
	return fmt.Sprintf("%s|%q|%s", describeHead(e), search, whole)
}

// describeHead is what the summaries file holds of a summary: every field
// but the text.
func describeHead(e Summary) string {
	when := func(t time.Time) string {
		return t.Format("2006-01-02T15:04:05.999999999 -07:00 MST") + " " + t.Location().String()
	}
	p := "none"
	if e.Prompt != nil {
		p = fmt.Sprintf("%+v", *e.Prompt)
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s|%q|%d|%q|%d", e.ID, e.File, when(e.Created), when(e.Updated), p, e.Tags, e.Mood, e.Title, e.Words)
}

func describeCatalog(c *Catalog) []string {
	var out []string
	for _, e := range c.Entries {
		out = append(out, describe(e))
	}
	for _, p := range c.Problems {
		out = append(out, "problem "+p.Error())
	}
	return out
}

// fullScan is the catalog as the entry files alone give it.
func fullScan(t *testing.T, s *Store) []string {
	t.Helper()
	c, err := s.load(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	return describeCatalog(c)
}

func sameCatalog(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("catalog differs from the entry files:\n got %d lines:\n  %s\nwant %d lines:\n  %s", len(got), strings.Join(got, "\n  "), len(want), strings.Join(want, "\n  "))
	}
}

// writeInPlace rewrites an entry file without a rename, as an editor or a
// shell redirection does: same inode.
func writeInPlace(t *testing.T, path string, data []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestIndexValidation(t *testing.T) {
	type env struct {
		t   *testing.T
		s   *Store
		dir string
		ids []string
	}
	entry := func(e env, i int) string { return filepath.Join(e.dir, EntriesDir, e.ids[i]+FileExt) }
	const n = 6
	cases := []struct {
		name      string
		change    func(e env)
		decrypted int  // files decrypted by the Load after the change
		indexBad  bool // the index on disk is ignored
		linuxOnly bool
	}{
		{"unchanged", func(env) {}, 0, false, false},
		{"an entry edited in place to another size", func(e env) {
			writeInPlace(e.t, entry(e, 1), sealToDiary(e.t, e.s, "---\nid: "+e.ids[1]+"\n---\nRewritten by hand, and longer than before. "+strings.Repeat("more ", 400)))
		}, 1, false, false},
		{"an entry's modification time changed", func(e env) {
			old := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
			os.Chtimes(entry(e, 2), old, old)
		}, 1, false, false},
		{"an entry replaced by one of the same size and time", func(e env) {
			fi, _ := os.Stat(entry(e, 3))
			body := sealToDiary(e.t, e.s, "---\nid: "+e.ids[3]+"\n---\nSwapped")
			body = append(body, make([]byte, max(0, int(fi.Size())-len(body)))...)[:fi.Size()]
			// Padding the age file breaks it, which is what is wanted: the
			// file must be read, and reported, not taken from the index.
			writeInPlace(e.t, entry(e, 3), body)
			os.Chtimes(entry(e, 3), fi.ModTime(), fi.ModTime())
		}, 1, false, true},
		{"a new file dropped into entries/", func(e env) {
			path := filepath.Join(e.dir, EntriesDir, "by-hand.age")
			os.WriteFile(path, sealToDiary(e.t, e.s, "Written with the age CLI."), 0o600)
			old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			os.Chtimes(path, old, old) // older than the index: still read
		}, 1, false, false},
		{"an entry removed", func(e env) {
			os.Remove(entry(e, 4))
		}, 0, false, false},
		{"an entry made unreadable (a link now)", func(e env) {
			os.Remove(entry(e, 5))
			os.Symlink(e.ids[0]+FileExt, entry(e, 5))
		}, 0, false, false},
		{"the index damaged", func(e env) {
			b, _ := os.ReadFile(indexPath(e.dir))
			b[len(b)-30] ^= 0x40
			os.WriteFile(indexPath(e.dir), b, 0o600)
		}, n, true, false},
		{"the index cut short", func(e env) {
			b, _ := os.ReadFile(indexPath(e.dir))
			os.WriteFile(indexPath(e.dir), b[:len(b)/2], 0o600)
		}, n, true, false},
		{"the index emptied", func(e env) {
			os.WriteFile(indexPath(e.dir), nil, 0o600)
		}, n, true, false},
		{"the index of another diary", func(e env) {
			other, otherDir := newTestStore(e.t)
			other.Put(&Entry{Body: "someone else's diary"})
			load(e.t, other)
			other.Close()
			b, err := os.ReadFile(indexPath(otherDir))
			if err != nil {
				e.t.Fatal(err)
			}
			os.WriteFile(indexPath(e.dir), b, 0o600)
		}, n, true, false},
		{"an index made with only the public key", func(e env) {
			plain := encodeIndex([32]byte{1, 2, 3}, nil)
			if err := e.s.WriteRecord(indexRecord, plain); err != nil {
				e.t.Fatal(err)
			}
		}, n, true, false},
		{"an index of another version", func(e env) {
			plain, err := e.s.ReadRecord(indexRecord)
			if err != nil {
				e.t.Fatal(err)
			}
			plain[len(indexMagic)] = indexVersion + 1
			if err := e.s.WriteRecord(indexRecord, plain); err != nil {
				e.t.Fatal(err)
			}
		}, n, true, false},
		{"an index with bytes after its end", func(e env) {
			plain, err := e.s.ReadRecord(indexRecord)
			if err != nil {
				e.t.Fatal(err)
			}
			if err := e.s.WriteRecord(indexRecord, append(plain, 0)); err != nil {
				e.t.Fatal(err)
			}
		}, n, true, false},
		{"the index removed", func(e env) {
			os.Remove(indexPath(e.dir))
		}, n, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.linuxOnly && runtime.GOOS != "linux" {
				t.Skip("needs the inode and change time")
			}
			settleNow(t)
			s, dir := newTestStore(t)
			e := env{t: t, s: s, dir: dir}
			for i := range n {
				id, err := s.Put(&Entry{Body: fmt.Sprintf("# Entry %d\n\nWords of entry %d.", i, i), Tags: []string{"t" + fmt.Sprint(i%2)}, Mood: 1 + i%5})
				if err != nil {
					t.Fatal(err)
				}
				e.ids = append(e.ids, id)
			}
			load(t, s) // writes the index
			if _, err := os.Stat(indexPath(dir)); err != nil {
				t.Fatalf("no index after Load: %v", err)
			}
			s = fresh(t, s, dir)
			e.s = s
			tc.change(e)

			s = fresh(t, s, dir)
			got := describeCatalog(load(t, s))
			st := s.loadStats
			if st.decrypted != tc.decrypted {
				t.Errorf("decrypted %d files, want %d", st.decrypted, tc.decrypted)
			}
			if (st.indexErr != nil) != tc.indexBad {
				t.Errorf("index error %v, want one: %v", st.indexErr, tc.indexBad)
			}
			if st.indexErr != nil && !errors.Is(st.indexErr, errIndex) {
				t.Errorf("index error %v does not wrap errIndex", st.indexErr)
			}
			s = fresh(t, s, dir)
			sameCatalog(t, got, fullScan(t, s))

			// The index was corrected: the next open decrypts only what
			// fails (and is reported again).
			s = fresh(t, s, dir)
			again := describeCatalog(load(t, s))
			sameCatalog(t, again, got)
			failing := 0
			for _, line := range got {
				if strings.HasPrefix(line, "problem ") {
					failing++
				}
			}
			if s.loadStats.decrypted != failing || s.loadStats.indexErr != nil {
				t.Errorf("after the rebuild: decrypted %d files (want %d), index error %v", s.loadStats.decrypted, failing, s.loadStats.indexErr)
			}
		})
	}
}

// A file that never decrypts is reported by every Load: the index caches
// only entries that were read, never a failure.
func TestDamagedEntryReportedWithIndex(t *testing.T) {
	settleNow(t)
	s, dir := newTestStore(t)
	var made []string
	for i := range 4 {
		id, _ := s.Put(&Entry{Body: fmt.Sprint("entry ", i)})
		made = append(made, id)
	}
	path := filepath.Join(dir, EntriesDir, made[2]+FileExt)
	b, _ := os.ReadFile(path)
	b[len(b)-5] ^= 1
	os.WriteFile(path, b, 0o600)
	for round := range 3 {
		s = fresh(t, s, dir)
		c := load(t, s)
		if len(c.Entries) != 3 || len(c.Problems) != 1 || c.Problems[0].Path != "entries/"+made[2]+FileExt || !errors.Is(c.Problems[0].Err, crypto.ErrDamaged) {
			t.Fatalf("round %d: %d entries, problems %v", round, len(c.Entries), c.Problems)
		}
		if round > 0 && (s.loadStats.fromIndex != 3 || s.loadStats.decrypted != 1) {
			t.Fatalf("round %d: %d from the index, %d decrypted; want 3 and 1", round, s.loadStats.fromIndex, s.loadStats.decrypted)
		}
	}
	if _, err := s.Get(made[2]); !errors.Is(err, crypto.ErrDamaged) {
		t.Fatalf("Get on the damaged entry: %v", err)
	}
}

// An entry file made by hand and moved into entries/ while peerdiary was
// not running is listed, whatever its times say.
func TestHandMadeEntryAfterIndex(t *testing.T) {
	settleNow(t)
	s, dir := newTestStore(t)
	s.Put(&Entry{Body: "made by peerdiary"})
	load(t, s)
	s = fresh(t, s, dir)
	outside := filepath.Join(t.TempDir(), "note.age")
	os.WriteFile(outside, sealToDiary(t, s, "---\nid: from-the-van\ntags: [outreach]\n---\nMet D. at the van."), 0o600)
	long := time.Date(2019, 6, 1, 12, 0, 0, 0, time.UTC)
	os.Chtimes(outside, long, long)
	if err := os.Rename(outside, filepath.Join(dir, EntriesDir, "note.age")); err != nil {
		t.Fatal(err)
	}
	s = fresh(t, s, dir)
	c := load(t, s)
	if !slices.Contains(ids(c), "from-the-van") || len(c.Entries) != 2 {
		t.Fatalf("hand-made entry not listed: %v", ids(c))
	}
	if got := (Filter{Words: "van", Tags: []string{"outreach"}}).Apply(c.Entries); len(got) != 1 {
		t.Fatalf("search finds %d entries for the hand-made one", len(got))
	}
	e, err := s.Get("from-the-van")
	if err != nil || e.Body != "Met D. at the van." {
		t.Fatalf("Get: %+v, %v", e, err)
	}
}

// Load gives exactly the same catalog, field by field and time zone by time
// zone, from the index as from the entry files, for a diary with every kind
// of entry in it.
func TestLoadSameWithAndWithoutIndex(t *testing.T) {
	settleNow(t)
	s, dir := newTestStore(t)
	kolkata := time.FixedZone("", 5*3600+1800)
	for _, e := range []*Entry{
		{Body: "# After the call\n\nSat with R. for an hour.", Tags: []string{"Outreach", "hard day"}, Mood: 2,
			Prompt: &PromptRef{ID: "boundaries.saying-no.1", Family: "boundaries", Subtheme: "saying no", Text: "When did you hold a line today?"}},
		{Body: "Plain, no title mark.\nSecond line.", Created: time.Date(2025, 1, 2, 3, 4, 5, 600, kolkata)},
		{Body: "utc", Created: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
		{Body: "local", Created: time.Date(2024, 7, 1, 9, 0, 0, 0, time.Local)},
		{Template: "debrief", Answers: []Answer{{Step: "what", Question: "What happened?", Text: "A long shift"}, {Step: "next", Text: "Rest"}}},
		{Body: "ÜNICODE Straße naïve 😊", Tags: []string{"ünï"}},
	} {
		if _, err := s.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	hand := map[string]string{
		"plain.age":       "No front matter at all.",
		"Weird Name!.age": "---\ntags: [a]\n---\nNo id in here.",
		"offset.age":      "---\nid: offset\ncreated: 2026-03-29T01:30:00.123456789-03:30\nupdated: 2026-04-01T00:00:00Z\nmood: 5\n---\nhi",
		"dup.age":         "---\nid: offset\n---\nsame id as offset.age",
		"future.age":      "---\npeerdiary: 99\n---\nnewer",
		"bad-yaml.age":    "---\ntags: [\n---\nbroken",
		"empty.age":       "",
	}
	for name, text := range hand {
		path := filepath.Join(dir, EntriesDir, name)
		os.WriteFile(path, sealToDiary(t, s, text), 0o600)
		old := time.Date(2022, 2, 2, 2, 2, 2, 0, time.UTC)
		os.Chtimes(path, old, old)
	}
	os.WriteFile(filepath.Join(dir, EntriesDir, "not-age.age"), []byte("just text"), 0o600)

	want := fullScan(t, s) // and writes the index
	s = fresh(t, s, dir)
	got := describeCatalog(load(t, s))
	if s.loadStats.indexErr != nil || s.loadStats.fromIndex < 10 {
		t.Fatalf("index not used: %+v", s.loadStats)
	}
	sameCatalog(t, got, want)
	// And a second Load in the same unlock, from the copy in memory.
	sameCatalog(t, describeCatalog(load(t, s)), want)
	if s.loadStats.fromIndex < 10 {
		t.Fatalf("the copy in memory not used: %+v", s.loadStats)
	}
}

// Saves and deletes after a Load reach the index by Close, so the next open
// decrypts nothing; without a Load first, a save leaves the index alone
// and the next open still finds the new entry.
func TestIndexFollowsPutAndDelete(t *testing.T) {
	settleNow(t)
	s, dir := newTestStore(t)
	var made []string
	for i := range 5 {
		id, _ := s.Put(&Entry{Body: fmt.Sprint("entry ", i)})
		made = append(made, id)
	}
	load(t, s)
	newID, err := s.Put(&Entry{Body: "written after the list was loaded", Tags: []string{"late"}})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := s.Get(made[0])
	e.Body = "edited: different words now"
	if _, err := s.Put(e); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(made[1]); err != nil {
		t.Fatal(err)
	}
	s = fresh(t, s, dir) // Close flushes
	got := describeCatalog(load(t, s))
	if s.loadStats.decrypted != 0 || s.loadStats.fromIndex != 5 {
		t.Errorf("after Close: %d decrypted, %d from the index; want 0 and 5", s.loadStats.decrypted, s.loadStats.fromIndex)
	}
	sameCatalog(t, got, fullScan(t, s))
	if c := load(t, s); len((Filter{Words: "different"}).Apply(c.Entries)) != 1 || len((Filter{Tags: []string{"late"}}).Apply(c.Entries)) != 1 {
		t.Error("the edited or the new entry is not found by search")
	}

	// A save with no Load since unlock: the index is not rewritten (it
	// would be missing every other entry), and the next Load reads the
	// new file.
	s = fresh(t, s, dir)
	before, _ := os.ReadFile(indexPath(dir))
	late, _ := s.Put(&Entry{Body: "saved without a list"})
	s = fresh(t, s, dir)
	if after, _ := os.ReadFile(indexPath(dir)); !bytes.Equal(before, after) {
		t.Error("the index was rewritten without a Load")
	}
	c := load(t, s)
	if !slices.Contains(ids(c), late) || !slices.Contains(ids(c), newID) || s.loadStats.decrypted != 1 {
		t.Errorf("after a save without a Load: %v, %d decrypted", ids(c), s.loadStats.decrypted)
	}
}

// Files written moments ago are not trusted to the index: a change within
// the same tick of the file system's clock could keep size and times.
func TestUnsettledFilesAreReadAgain(t *testing.T) {
	s, dir := newTestStore(t)
	id, _ := s.Put(&Entry{Body: "just now"})
	load(t, s)
	s = fresh(t, s, dir)
	load(t, s)
	if s.loadStats.fromIndex != 0 || s.loadStats.decrypted != 1 {
		t.Fatalf("a file written just now came from the index: %+v", s.loadStats)
	}
	// A file with a time in the future never settles: read every time,
	// and the index is not rewritten for it each time.
	path := filepath.Join(dir, EntriesDir, id+FileExt)
	future := time.Now().Add(24 * time.Hour)
	os.Chtimes(path, future, future)
	for range 2 {
		s = fresh(t, s, dir)
		load(t, s)
		if s.loadStats.decrypted != 1 || s.loadStats.wrote {
			t.Fatalf("a file dated tomorrow: %+v", s.loadStats)
		}
	}
}

// Lock drops the catalog copy and the key-derived tag along with the
// identity; Load needs the diary unlocked again.
func TestLockForgetsTheIndex(t *testing.T) {
	settleNow(t)
	s, _ := newTestStore(t)
	s.Put(&Entry{Body: "private words"})
	load(t, s)
	if s.index == nil {
		t.Fatal("no catalog copy after Load")
	}
	s.Lock()
	s.mu.Lock()
	index, tag, set := s.index, s.indexTag, s.indexTagSet
	s.mu.Unlock()
	if index != nil || tag != ([32]byte{}) || set {
		t.Fatal("Lock kept the catalog copy or the index tag")
	}
	if _, err := s.Load(context.Background()); !errors.Is(err, ErrLocked) {
		t.Fatalf("Load while locked: %v", err)
	}
	if err := s.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if c := load(t, s); len(c.Entries) != 1 || s.loadStats.fromIndex != 1 {
		t.Fatalf("after unlocking again: %d entries, %+v", len(c.Entries), s.loadStats)
	}
}

// Verify decrypts every entry whatever the index says, and does not count
// the index among the files it checked.
func TestVerifyIgnoresTheIndex(t *testing.T) {
	settleNow(t)
	s, dir := newTestStore(t)
	for range 3 {
		s.Put(&Entry{Body: "x"})
	}
	load(t, s)
	s = fresh(t, s, dir)
	probs, checked, err := s.Verify(context.Background())
	if err != nil || len(probs) != 0 || checked != 3 {
		t.Fatalf("Verify: %v, %d checked, %v", probs, checked, err)
	}
	if s.loadStats.decrypted != 3 {
		t.Fatalf("Verify took %d entries from the index", s.loadStats.fromIndex)
	}
}

func TestIndexEncodeDecodeRoundTrip(t *testing.T) {
	tag := [32]byte{9}
	es := []*indexEntry{
		{stamp: fileStamp{size: 2048, mtime: 1700000000123456789, ino: 42, ctime: 1700000000999}, settled: true, sum: Summary{
			ID: "a", File: "a.age", Created: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Updated: time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("", -9000)),
			Prompt: &PromptRef{ID: "p", Family: "f", Subtheme: "s", Text: "t"}, Tags: []string{"x", "y"}, Mood: 5, Title: "T", Words: 3, search: "a b c"}},
		{stamp: fileStamp{size: 0, mtime: -5}, settled: true, sum: Summary{ID: "b", File: "Weird Name!.age"}},
	}
	src := &textSource{}
	got, old, err := decodeIndex(string(encodeIndex(tag, es)), tag, src)
	if err != nil || old {
		t.Fatal(err, old)
	}
	for _, e := range es {
		g, ok := got[e.sum.File]
		if !ok || g.stamp != e.stamp || !g.settled || describeHead(g.sum) != describeHead(e.sum) || g.sum.lazy != g || g.src != src {
			t.Errorf("%s: got %+v\nwant %+v", e.sum.File, g, e)
		}
	}
	if _, _, err := decodeIndex(string(encodeIndex(tag, es)), [32]byte{8}, src); !errors.Is(err, errIndex) {
		t.Errorf("another diary's tag: %v", err)
	}
}

// FuzzIndexDecode: whatever the index's plaintext holds, decoding never
// panics, and either fails (Load then decrypts every entry) or gives
// entries Load can use as they are.
func FuzzIndexDecode(f *testing.F) {
	tag := [32]byte{7}
	sample := []*indexEntry{{stamp: fileStamp{size: 1024, mtime: 1, ino: 2, ctime: 3}, settled: true, sum: Summary{
		ID: "k3v9x2q8m4n7p1z0", File: "k3v9x2q8m4n7p1z0.age", Created: time.Unix(1700000000, 0).UTC(), Updated: time.Unix(1700000001, 5).In(time.FixedZone("", 3600)),
		Prompt: &PromptRef{ID: "p", Text: "q?"}, Tags: []string{"a"}, Mood: 3, Title: "t", Words: 1, search: "t\n#a"}}}
	f.Add(encodeIndex(tag, nil))
	f.Add(encodeIndex(tag, sample))
	f.Add(encodeIndex(tag, append(sample, sample...)))
	withText := &indexEntry{stamp: sample[0].stamp, settled: true, sum: summarize(&Entry{
		ID: "w", Body: "# Shift Notes\nMet Sam. ÜNICODE İ", Template: "debrief",
		Answers: []Answer{{Step: "what", Question: "What?", Text: "A Long Day"}, {Step: "next", Text: ""}},
	}, "w.age")}
	f.Add(encodeIndex(tag, []*indexEntry{withText}))
	f.Add(encodeIndexV3(tag, []*indexEntry{withText, sample[0]}))
	f.Add([]byte(indexMagic))
	f.Add([]byte(indexMagic + "\x01"))
	f.Add(append([]byte(indexMagic+"\x01"), make([]byte, 40)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, _, err := decodeIndex(string(data), tag, nil)
		if err != nil {
			if !errors.Is(err, errIndex) || got != nil {
				t.Fatalf("a failure must be errIndex and nothing else: %v, %d entries", err, len(got))
			}
			return
		}
		for name, e := range got {
			if name != e.sum.File || !isEntryFileName(name) || !ValidID(e.sum.ID) || e.sum.Mood < 0 || e.sum.Mood > 5 || !e.settled {
				t.Fatalf("decoded an entry Load must not use: %q %+v", name, e)
			}
		}
		// What decodes encodes back to something that decodes the same.
		var es []*indexEntry
		for _, e := range got {
			es = append(es, e)
		}
		again, _, err := decodeIndex(string(encodeIndex(tag, es)), tag, nil)
		if err != nil || len(again) != len(got) {
			t.Fatalf("re-encoding: %v, %d of %d", err, len(again), len(got))
		}
		for name, e := range got {
			if a, ok := again[name]; !ok || a.stamp != e.stamp || describeHead(a.sum) != describeHead(e.sum) {
				t.Fatalf("%q changed when encoded again", name)
			}
		}
	})
}

// TestIndexKillChild is the child of TestIndexSurvivesKills; it does nothing
// in a normal run.
func TestIndexKillChild(t *testing.T) {
	dir := os.Getenv("PEERDIARY_INDEX_KILL_CHILD")
	if dir == "" {
		t.Skip("runs only as the child of TestIndexSurvivesKills")
	}
	settleNow(t)
	// Any open that decrypts a few entries writes their texts as it goes,
	// so kills land in that writer too.
	streamTexts = 2
	for round := 0; ; round++ {
		if round%3 == 1 {
			// As if the summaries were lost: the next open decrypts
			// every entry and writes all their texts as it goes.
			os.Remove(indexPath(dir))
		}
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Unlock([]byte(testPass)); err != nil {
			t.Fatal(err)
		}
		if round == 0 {
			os.WriteFile(filepath.Join(dir, ".child-ready"), nil, 0o600)
		}
		c, err := s.Load(context.Background()) // rewrites the index if anything changed
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if _, err := s.Put(&Entry{Body: fmt.Sprintf("round %d save %d %s", round, i, strings.Repeat("words ", round%300))}); err != nil {
				t.Fatal(err)
			}
		}
		if len(c.Entries) > 0 && round%2 == 0 {
			s.Delete(c.Entries[round%len(c.Entries)].ID)
		}
		if len(c.Entries) > 1 && round%3 == 0 {
			e, err := s.Get(c.Entries[1].ID)
			if err == nil {
				e.Body += " edited"
				s.Put(e)
			}
		}
		s.Close() // writes the index
	}
}

// A kill -9 at any moment of saving, deleting or writing the index leaves
// an index that lists exactly what the entry files hold.
func TestIndexSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	kills := 15
	if v, err := strconv.Atoi(os.Getenv("PEERDIARY_KILL_LOOP")); err == nil && v > 0 {
		kills = v
	}
	old := streamTexts
	streamTexts = 2
	t.Cleanup(func() { streamTexts = old })
	s, dir := newTestStore(t)
	s.Close()
	for k := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIndexKillChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "PEERDIARY_INDEX_KILL_CHILD="+dir)
		ready := filepath.Join(dir, ".child-ready")
		os.Remove(ready)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill it at a random moment of its work, counted from when it has
		// unlocked the diary: on a busy machine a child can take longer
		// than the whole window just to start.
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if _, err := os.Stat(ready); err == nil || time.Now().After(deadline) {
				break
			}
		}
		time.Sleep(time.Duration(20+rand.IntN(180)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()

		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Unlock([]byte(testPass)); err != nil {
			t.Fatal(err)
		}
		func() {
			old := settleMargin
			settleMargin = -time.Hour
			defer func() { settleMargin = old }()
			got := describeCatalog(load(t, s))
			// The open has written the index if the child left it
			// behind: no text in it is of an entry deleted or
			// changed since.
			checkTextsCurrent(t, s)
			sameCatalog(t, got, fullScan(t, s))
			if t.Failed() {
				t.Fatalf("after kill %d the index disagrees with the entry files", k+1)
			}
		}()
		s.Close()
		// What a kill left half-written was removed at the open.
		left, _ := filepath.Glob(filepath.Join(dir, RecordsDir, ".index*"))
		if len(left) > 0 {
			t.Fatalf("after kill %d and an open, unfinished index files remain: %v", k+1, left)
		}
	}
	// The children did work: entries were saved and an index written.
	des, _ := os.ReadDir(filepath.Join(dir, EntriesDir))
	if _, err := os.Stat(indexPath(dir)); err != nil || len(des) < 3 {
		t.Fatalf("the children saved %d files and the index is %v: they did not run", len(des), err)
	}
}

// checkTextsCurrent fails t if the index's text file holds the text of a
// file that is gone or has changed since its text was read.
func checkTextsCurrent(t *testing.T, s *Store) {
	t.Helper()
	ident, err := s.currentIdentity()
	if err != nil {
		t.Fatal(err)
	}
	tag, _ := s.currentIndexTag()
	plain, err := s.records.OpenFile(indexTextRecord+FileExt, maxIndexTextSize, ident)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		t.Fatalf("reading the index's texts: %v", err)
	}
	recs, err := decodeTexts(string(plain), tag)
	if err != nil {
		t.Fatalf("decoding the index's texts: %v", err)
	}
	names, stamps, ok, err := s.listEntries()
	if err != nil {
		t.Fatal(err)
	}
	for file, rec := range recs {
		i, found := slices.BinarySearch(names, file)
		if !found || !ok[i] || stamps[i] != rec.stamp {
			t.Errorf("the index's texts hold %s as it was before it was deleted or changed", file)
		}
	}
}

// The index is written newest first, so a Load finds its entries in the
// order the list shows; an index in any other order, such as the file-name
// order earlier versions wrote, is read all the same.
func TestIndexRowsNewestFirst(t *testing.T) {
	settleNow(t)
	s, dir := newTestStore(t)
	for i := range 12 {
		// Created out of file-name order, two on the same second.
		at := time.Date(2025, 1, 1+(i*7)%12, 9, 0, 0, 0, time.UTC)
		if i == 11 {
			at = time.Date(2025, 1, 1+(3*7)%12, 9, 0, 0, 0, time.UTC)
		}
		if _, err := s.Put(&Entry{Body: fmt.Sprintf("entry %d", i), Created: at}); err != nil {
			t.Fatal(err)
		}
	}
	want := fullScan(t, s) // and writes the index
	tag, err := s.currentIndexTag()
	if err != nil {
		t.Fatal(err)
	}
	idx, _, err := s.readIndex(tag, &textSource{s: s})
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]Summary, len(idx))
	for _, e := range idx {
		rows[e.row-1] = e.sum
	}
	if !slices.IsSortedFunc(rows, func(a, b Summary) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}) {
		t.Errorf("index rows not newest first")
	}

	// The same index in file-name order, as earlier versions wrote it.
	byName := make([]*indexEntry, 0, len(idx))
	for _, e := range idx {
		byName = append(byName, e)
	}
	slices.SortFunc(byName, func(a, b *indexEntry) int { return strings.Compare(a.sum.File, b.sum.File) })
	if err := os.WriteFile(indexPath(dir), sealToDiary(t, s, string(encodeIndex(tag, byName))), 0o600); err != nil {
		t.Fatal(err)
	}
	s = fresh(t, s, dir)
	got := describeCatalog(load(t, s))
	if st := s.loadStats; st.indexErr != nil || st.fromIndex != 12 || st.decrypted != 0 {
		t.Fatalf("an index in file-name order not used: %+v", st)
	}
	sameCatalog(t, got, want)
}
