package diary

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"

	"peerdiary/crypto"
)

const testPass = "correct horse"

func reopen(t *testing.T, s *Store, dir string) *Store {
	t.Helper()
	s.Close()
	return openSecond(t, dir)
}

func load(t *testing.T, s *Store) *Catalog {
	t.Helper()
	c, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(c *Catalog) []string {
	var out []string
	for _, e := range c.Entries {
		out = append(out, e.ID)
	}
	slices.Sort(out)
	return out
}

// sealToDiary encrypts plaintext with filippo.io/age directly, as the age
// CLI would, to the diary's recipient.
func sealToDiary(t *testing.T, s *Store, plaintext string) []byte {
	t.Helper()
	pub, err := s.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := age.ParseRecipients(strings.NewReader(pub))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, rs...)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(plaintext))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCreateLayout(t *testing.T) {
	s, dir := newTestStore(t)
	for _, tc := range []struct {
		path string
		mode fs.FileMode
	}{
		{".", fs.ModeDir | 0o700},
		{KeyFileName, 0o600},
		{LockName, 0o600},
		{EntriesDir, fs.ModeDir | 0o700},
		{DraftsDir, fs.ModeDir | 0o700},
		{RecordsDir, fs.ModeDir | 0o700},
	} {
		fi, err := os.Stat(filepath.Join(dir, tc.path))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode() & (fs.ModeDir | fs.ModePerm); got != tc.mode {
			t.Errorf("%s: mode %v, want %v", tc.path, got, tc.mode)
		}
	}
	kf, _ := os.ReadFile(filepath.Join(dir, KeyFileName))
	pub, _ := s.PublicKey()
	if !strings.HasPrefix(pub, "age1pq1") {
		t.Errorf("default identity is not post-quantum: %.10s", pub)
	}
	if bytes.Contains(kf, []byte(pub)) || bytes.Contains(kf, []byte("AGE-SECRET-KEY")) {
		t.Error("the key file holds the recipient or the key in plaintext")
	}
	// Nothing but the key file, the lock and the three folders.
	des, _ := os.ReadDir(dir)
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	if want := []string{LockName, DraftsDir, EntriesDir, KeyFileName, RecordsDir}; !slices.Equal(names, want) {
		t.Errorf("folder holds %v, want %v", names, want)
	}
}

func TestCreateClassic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	s, err := Create(dir, []byte(testPass), true, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pub, _ := s.PublicKey()
	if !strings.HasPrefix(pub, "age1") || strings.HasPrefix(pub, "age1pq1") {
		t.Fatalf("classic identity %.10s", pub)
	}
	if _, err := s.Put(&Entry{Body: "x"}); err != nil {
		t.Fatal(err)
	}
}

func TestCreateAndOpenErrors(t *testing.T) {
	s, dir := newTestStore(t)
	s.Close()
	if _, err := Create(dir, []byte(testPass), false, Options{}); !errors.Is(err, ErrDiaryExists) {
		t.Errorf("Create over a diary: %v", err)
	}
	if _, err := Create(filepath.Join(t.TempDir(), "x"), nil, false, Options{}); !errors.Is(err, crypto.ErrEmptyPassphrase) {
		t.Errorf("Create with no passphrase: %v", err)
	}
	empty := t.TempDir()
	if _, err := Open(empty, Options{}); !errors.Is(err, ErrNoDiary) {
		t.Errorf("Open on an empty folder: %v", err)
	}
	if _, err := Open(filepath.Join(empty, "missing"), Options{}); !errors.Is(err, ErrNoDiary) {
		t.Errorf("Open on a missing folder: %v", err)
	}
	// Entries without a key file: never silently start a new diary over them.
	os.Rename(filepath.Join(dir, KeyFileName), filepath.Join(dir, "identity.age.bak"))
	os.WriteFile(filepath.Join(dir, EntriesDir, "x.age"), []byte("age-encryption.org/v1\n"), 0o600)
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrKeyFileMissing) {
		t.Errorf("Open without a key file: %v", err)
	}
	if _, err := Create(dir, []byte(testPass), false, Options{}); !errors.Is(err, ErrKeyFileMissing) {
		t.Errorf("Create over entries without a key file: %v", err)
	}
}

func TestUnlockErrors(t *testing.T) {
	s, dir := newTestStore(t)
	s.Close()
	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	for _, tc := range []struct {
		pass string
		want error
	}{{"", crypto.ErrEmptyPassphrase}, {"Correct horse", crypto.ErrWrongPassphrase}} {
		if err := s2.Unlock([]byte(tc.pass)); !errors.Is(err, tc.want) {
			t.Errorf("Unlock(%q) = %v, want %v", tc.pass, err, tc.want)
		}
		if s2.Unlocked() {
			t.Error("unlocked after a failed Unlock")
		}
	}
	kf := filepath.Join(dir, KeyFileName)
	orig, _ := os.ReadFile(kf)
	os.WriteFile(kf, orig[:len(orig)/2], 0o600)
	if err := s2.Unlock([]byte(testPass)); !errors.Is(err, crypto.ErrKeyFileDamaged) {
		t.Errorf("Unlock with a cut key file: %v", err)
	}
	os.WriteFile(kf, nil, 0o600)
	if err := s2.Unlock([]byte(testPass)); !errors.Is(err, crypto.ErrKeyFileDamaged) {
		t.Errorf("Unlock with an empty key file: %v", err)
	}
}

func TestLockedStoreRefusesReadsAndWrites(t *testing.T) {
	s, _ := newTestStore(t)
	id, err := s.Put(&Entry{Body: "before lock"})
	if err != nil {
		t.Fatal(err)
	}
	s.Lock()
	if s.Unlocked() {
		t.Fatal("Unlocked after Lock")
	}
	for name, err := range map[string]error{
		"Load":   func() error { _, err := s.Load(context.Background()); return err }(),
		"Get":    func() error { _, err := s.Get(id); return err }(),
		"Put":    func() error { _, err := s.Put(&Entry{Body: "x"}); return err }(),
		"Delete": s.Delete(id),
		"Drafts": func() error { _, err := s.Drafts(); return err }(),
		"Export": func() error { _, err := s.ExportIdentity(); return err }(),
		"Verify": func() error { _, _, err := s.Verify(context.Background()); return err }(),
	} {
		if !errors.Is(err, ErrLocked) {
			t.Errorf("%s while locked: %v, want ErrLocked", name, err)
		}
	}
}

func TestPutGetUpdateDelete(t *testing.T) {
	s, dir := newTestStore(t)
	e := &Entry{Body: "first", Tags: []string{"B", "a"}, Mood: 3, Prompt: &PromptRef{ID: "p1", Family: "f", Text: "q?"}}
	id, err := s.Put(e)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != id || !e.Created.Equal(fixedNow) || !e.Updated.Equal(fixedNow) || !slices.Equal(e.Tags, []string{"a", "b", "f"}) { // f: the prompt's family
		t.Fatalf("Put did not fill in the entry: %+v", e)
	}
	got, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	assertSameEntry(t, got, e)

	// An update keeps the id, the created time and the file.
	later := fixedNow.Add(2 * time.Hour)
	s.opts.Now = func() time.Time { return later }
	got.Body = "second"
	if id2, err := s.Put(got); err != nil || id2 != id {
		t.Fatalf("update: %q, %v", id2, err)
	}
	again, _ := s.Get(id)
	if again.Body != "second" || !again.Created.Equal(fixedNow) || !again.Updated.Equal(later) {
		t.Fatalf("after update: %+v", again)
	}
	files, _ := os.ReadDir(filepath.Join(dir, EntriesDir))
	if len(files) != 1 || files[0].Name() != id+FileExt {
		t.Fatalf("entries folder after update: %v", files)
	}

	// Empty and oversized bodies are refused and nothing is written.
	for _, bad := range []*Entry{{Body: "  \n"}, {Body: strings.Repeat("x", MaxBodySize+1)}, {ID: "Bad ID", Body: "x"}} {
		if _, err := s.Put(bad); err == nil {
			t.Errorf("Put accepted %.20q", bad.Body)
		}
	}

	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := s.Delete(id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: %v", err)
	}
	if c := load(t, s); len(c.Entries) != 0 {
		t.Fatalf("deleted entry still listed: %v", ids(c))
	}
}

func TestEntryFilesArePaddedAndRandom(t *testing.T) {
	s, dir := newTestStore(t)
	sizes := map[int64]bool{}
	for _, n := range []int{1, 10, 100, 500, 900} {
		id, err := s.Put(&Entry{Body: strings.Repeat("z", n)})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(id, "2026") {
			t.Fatalf("id %q carries a date", id)
		}
		fi, _ := os.Stat(filepath.Join(dir, EntriesDir, id+FileExt))
		sizes[fi.Size()] = true
	}
	if len(sizes) != 1 {
		t.Fatalf("entries of 1 to 900 characters have %d different file sizes: length leaks", len(sizes))
	}
}

func TestResolve(t *testing.T) {
	s, _ := newTestStore(t)
	for _, id := range []string{"abc111", "abc222", "abd333", "xyz"} {
		if _, err := s.Put(&Entry{ID: id, Body: "b"}); err != nil {
			t.Fatal(err)
		}
	}
	load(t, s)
	for _, tc := range []struct {
		in   string
		want string
		err  error
	}{
		{"abc111", "abc111", nil},
		{"ABC1", "abc111", nil},
		{" abd ", "abd333", nil},
		{"x", "xyz", nil},
		{"xyz", "xyz", nil},
		{"abc", "", ErrAmbiguous},
		{"ab", "", ErrAmbiguous},
		{"q", "", ErrNotFound},
		{"", "", ErrNotFound},
		{"abc1111", "", ErrNotFound},
	} {
		got, err := s.Resolve(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
	if _, err := s.Resolve("abc"); err == nil || !strings.Contains(err.Error(), "abc111") || !strings.Contains(err.Error(), "abc222") {
		t.Errorf("the ambiguity error does not list the candidates: %v", err)
	}
}

// An entry written by hand per docs/FORMAT.md, encrypted with age directly
// and dropped into entries/, is listed and read like any other.
func TestHandWrittenEntryIsRead(t *testing.T) {
	s, dir := newTestStore(t)
	ownID, _ := s.Put(&Entry{Body: "made by peerdiary"})
	cases := []struct {
		file, plain, wantID, wantBody string
		wantTags                      []string
		wantCreated                   time.Time
	}{
		{"my-note.age", "---\nid: my-note\ncreated: 2026-11-01T09:00:00+01:00\ntags: [Outreach]\nmood: 4\n---\nWritten with the age CLI.\n",
			"my-note", "Written with the age CLI.", []string{"outreach"}, time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)},
		{"plain.age", "No front matter at all.\nJust text.", "plain", "No front matter at all.\nJust text.", nil, time.Time{}},
		{"Weird Name!.age", "---\ntags: [a]\n---\nNo id in here.", "", "No id in here.", []string{"a"}, time.Time{}},
	}
	mtime := time.Date(2026, 10, 5, 7, 0, 0, 0, time.UTC)
	for _, c := range cases {
		path := filepath.Join(dir, EntriesDir, c.file)
		if err := os.WriteFile(path, sealToDiary(t, s, c.plain), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, mtime, mtime)
	}
	s = reopen(t, s, dir)
	c := load(t, s)
	if len(c.Problems) != 0 || len(c.Entries) != 4 {
		t.Fatalf("Load: %d entries, problems %v", len(c.Entries), c.Problems)
	}
	byFile := map[string]Summary{}
	for _, e := range c.Entries {
		byFile[e.File] = e
	}
	for _, tc := range cases {
		sum, ok := byFile[tc.file]
		if !ok {
			t.Fatalf("%s not listed", tc.file)
		}
		if tc.wantID != "" && sum.ID != tc.wantID {
			t.Errorf("%s: id %q, want %q", tc.file, sum.ID, tc.wantID)
		}
		if !ValidID(sum.ID) {
			t.Errorf("%s: id %q is not valid", tc.file, sum.ID)
		}
		want := tc.wantCreated
		if want.IsZero() {
			want = mtime // no created: the file's modification time
		}
		if !sum.Created.Equal(want) || !sum.Updated.Equal(want) {
			t.Errorf("%s: created %v updated %v, want %v", tc.file, sum.Created, sum.Updated, want)
		}
		e, err := s.Get(sum.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", sum.ID, err)
		}
		if e.Body != tc.wantBody || !slices.Equal(e.Tags, tc.wantTags) {
			t.Errorf("%s: body %q tags %v", tc.file, e.Body, e.Tags)
		}
		// Resolve finds it by prefix; an edit rewrites the same file.
		if got, err := s.Resolve(sum.ID[:3]); err != nil || got != sum.ID {
			t.Errorf("Resolve(%q) = %q, %v", sum.ID[:3], got, err)
		}
		e.Body += " Edited."
		if _, err := s.Put(e); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, EntriesDir, tc.file)); err != nil {
			t.Errorf("%s: an edit moved the file: %v", tc.file, err)
		}
	}
	c = load(t, s)
	if len(c.Entries) != 4 || len(c.Problems) != 0 || !slices.Contains(ids(c), ownID) {
		t.Fatalf("after edits: %v %v", ids(c), c.Problems)
	}
}

func TestVerifyFindsDamageAndTheRestStillLoads(t *testing.T) {
	s, dir := newTestStore(t)
	var good []string
	for i := range 5 {
		id, err := s.Put(&Entry{Body: strings.Repeat("entry text ", 1+i*3000)})
		if err != nil {
			t.Fatal(err)
		}
		good = append(good, id)
	}
	if err := s.SaveDraft(&Draft{Name: "d1", Entry: Entry{Body: "draft"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSettings(&Settings{IdleLockMinutes: 3}); err != nil {
		t.Fatal(err)
	}
	ent := func(name string) string { return filepath.Join(dir, EntriesDir, name) }

	// Damage four entries: cut after the first 64 KiB chunk, cut to zero,
	// flip a byte, and replace one with a file for someone else's key.
	b, _ := os.ReadFile(ent(good[4] + FileExt))
	os.WriteFile(ent(good[4]+FileExt), b[:len(b)/2], 0o600)
	os.WriteFile(ent(good[3]+FileExt), nil, 0o600)
	b, _ = os.ReadFile(ent(good[2] + FileExt))
	b[len(b)-20] ^= 1
	os.WriteFile(ent(good[2]+FileExt), b, 0o600)
	foreign, _ := crypto.GenerateIdentity(false, fixedNow)
	sealed, _ := crypto.Seal([]byte("---\nid: planted\n---\nnot ours"), foreign.Recipient())
	os.WriteFile(ent("planted.age"), sealed, 0o600)
	os.WriteFile(ent("notes.txt"), []byte("a person's own file"), 0o600)
	b, _ = os.ReadFile(filepath.Join(dir, DraftsDir, "d1.age"))
	os.WriteFile(filepath.Join(dir, DraftsDir, "d1.age"), b[:len(b)-1], 0o600)

	s = reopen(t, s, dir)
	c := load(t, s)
	if got := ids(c); !slices.Equal(got, sortedCopy(good[:2])) {
		t.Errorf("listed %v, want the two intact entries %v", got, good[:2])
	}
	probs, checked, err := s.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if checked != 8 { // 6 entry files, 1 draft, 1 record
		t.Errorf("Verify checked %d files, want 8", checked)
	}
	want := map[string]error{
		"entries/" + good[4] + FileExt: crypto.ErrDamaged,
		"entries/" + good[3] + FileExt: crypto.ErrNotAgeFile,
		"entries/" + good[2] + FileExt: crypto.ErrDamaged,
		"entries/planted.age":          crypto.ErrWrongKey,
		"drafts/d1.age":                crypto.ErrDamaged,
	}
	if len(probs) != len(want) {
		t.Errorf("Verify found %d problems, want %d: %v", len(probs), len(want), probs)
	}
	for _, p := range probs {
		if w, ok := want[p.Path]; !ok || !errors.Is(p.Err, w) {
			t.Errorf("problem %v: want %v", p, w)
		}
	}
	for _, id := range good[:2] {
		if _, err := s.Get(id); err != nil {
			t.Errorf("intact entry %s: %v", id, err)
		}
	}
	if _, err := s.Get(good[4]); !errors.Is(err, crypto.ErrDamaged) {
		t.Errorf("Get on a cut entry: %v", err)
	}
	if got, _ := os.ReadFile(ent("notes.txt")); string(got) != "a person's own file" {
		t.Error("a person's file in entries/ was changed")
	}

	// Quarantine moves each bad file aside, byte for byte; then Verify passes.
	before, _ := os.ReadFile(ent(good[2] + FileExt))
	for _, p := range probs {
		if err := s.Quarantine(p.Path); err != nil {
			t.Fatalf("Quarantine(%s): %v", p.Path, err)
		}
	}
	kept, err := os.ReadFile(filepath.Join(dir, DamagedDir, "entries-"+good[2]+FileExt))
	if err != nil || !bytes.Equal(kept, before) {
		t.Fatalf("quarantined file not kept as it was: %v", err)
	}
	probs, _, err = s.Verify(context.Background())
	if err != nil || len(probs) != 0 {
		t.Fatalf("Verify after quarantine: %v, %v", probs, err)
	}

	// A second damaged file under the same name keeps the first one.
	os.WriteFile(ent(good[2]+FileExt), []byte("second damaged copy"), 0o600)
	if err := s.Quarantine("entries/" + good[2] + FileExt); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(filepath.Join(dir, DamagedDir, "entries-"+good[2]+FileExt))
	second, _ := os.ReadFile(filepath.Join(dir, DamagedDir, "entries-"+good[2]+"-2"+FileExt))
	if !bytes.Equal(first, before) || string(second) != "second damaged copy" {
		t.Fatal("quarantining a second file of the same name lost one of them")
	}
	if err := s.Quarantine("entries/" + good[2] + FileExt); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("quarantining a file that is gone: %v", err)
	}
	for _, bad := range []string{"identity.age", "entries/../identity.age", "elsewhere/x.age", "entries", "entries/", "entries/..", "damaged/entries-x.age"} {
		if err := s.Quarantine(bad); err == nil {
			t.Errorf("Quarantine(%q) succeeded", bad)
		}
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func TestDuplicateIDsAreReported(t *testing.T) {
	s, dir := newTestStore(t)
	id, _ := s.Put(&Entry{Body: "original"})
	os.WriteFile(filepath.Join(dir, EntriesDir, "copy.age"), sealToDiary(t, s, "---\nid: "+id+"\n---\ncopy"), 0o600)
	c := load(t, s)
	if len(c.Entries) != 1 || len(c.Problems) != 1 || !strings.Contains(c.Problems[0].Error(), "same id") {
		t.Fatalf("entries %v problems %v", ids(c), c.Problems)
	}
}

func TestNewerFormatIsReportedNotDropped(t *testing.T) {
	s, dir := newTestStore(t)
	path := filepath.Join(dir, EntriesDir, "future.age")
	file := sealToDiary(t, s, "---\npeerdiary: 99\nid: future\n---\nfrom the future")
	os.WriteFile(path, file, 0o600)
	c := load(t, s)
	if len(c.Problems) != 1 || !errors.Is(c.Problems[0].Err, ErrBadEntry) || !strings.Contains(c.Problems[0].Err.Error(), "newer peerdiary") {
		t.Fatalf("problems %v", c.Problems)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, file) {
		t.Fatal("a newer entry was changed by reading it")
	}
}

func TestDraftsWhileLocked(t *testing.T) {
	s, dir := newTestStore(t)
	s.Lock()
	d := &Draft{Entry: Entry{Body: "typed before the idle lock", Tags: []string{"night"}}}
	if err := s.SaveDraft(d); err != nil {
		t.Fatalf("SaveDraft while locked: %v", err)
	}
	if !ValidID(d.Name) || d.Saved.IsZero() {
		t.Fatalf("draft not named or stamped: %+v", d)
	}
	if _, err := s.Drafts(); !errors.Is(err, ErrLocked) {
		t.Fatalf("Drafts while locked: %v", err)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, DraftsDir, d.Name+FileExt))
	if bytes.Contains(raw, []byte("idle lock")) {
		t.Fatal("draft stored in plaintext")
	}
	if err := s.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Drafts()
	if err != nil || len(ds) != 1 || ds[0].Name != d.Name || ds[0].Entry.Body != d.Entry.Body {
		t.Fatalf("Drafts = %+v, %v", ds, err)
	}
	// A second save replaces it; delete removes it; deleting again is fine.
	d.Entry.Body = "more"
	if err := s.SaveDraft(d); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.Drafts(); len(ds) != 1 || ds[0].Entry.Body != "more" {
		t.Fatalf("after resave: %+v", ds)
	}
	if err := s.DeleteDraft(d.Name); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDraft(d.Name); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.Drafts(); len(ds) != 0 {
		t.Fatalf("draft survived DeleteDraft: %+v", ds)
	}
	if err := s.SaveDraft(&Draft{Name: "../x", Entry: Entry{Body: "x"}}); err == nil {
		t.Fatal("SaveDraft accepted a path as a name")
	}
}

// Changing the passphrase rewraps the key and leaves every entry as it was.
func TestSetPassphraseKeepsEntries(t *testing.T) {
	s, dir := newTestStore(t)
	id, _ := s.Put(&Entry{Body: "kept"})
	entryFile := filepath.Join(dir, EntriesDir, id+FileExt)
	before, _ := os.ReadFile(entryFile)
	beforeInfo, _ := os.Stat(entryFile)
	pubBefore, _ := s.PublicKey()

	if err := s.SetPassphrase(nil); !errors.Is(err, crypto.ErrEmptyPassphrase) {
		t.Fatalf("with an empty new passphrase: %v", err)
	}
	if err := s.SetPassphrase([]byte("new pass")); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.Unlock([]byte(testPass)); !errors.Is(err, crypto.ErrWrongPassphrase) {
		t.Fatalf("old passphrase after change: %v", err)
	}
	if err := s2.Unlock([]byte("new pass")); err != nil {
		t.Fatalf("new passphrase: %v", err)
	}
	if pub, _ := s2.PublicKey(); pub != pubBefore {
		t.Fatal("the identity changed with the passphrase")
	}
	after, _ := os.ReadFile(entryFile)
	afterInfo, _ := os.Stat(entryFile)
	if !bytes.Equal(before, after) || !afterInfo.ModTime().Equal(beforeInfo.ModTime()) {
		t.Fatal("entries were rewritten by a passphrase change")
	}
	if e, err := s2.Get(id); err != nil || e.Body != "kept" {
		t.Fatalf("entry after change: %v", err)
	}
	if des, _ := os.ReadDir(dir); len(des) != 5 {
		t.Fatalf("leftover files after a passphrase change: %v", des)
	}
}

func TestOpenCleansInterruptedSaves(t *testing.T) {
	s, dir := newTestStore(t)
	id, _ := s.Put(&Entry{Body: "saved"})
	s.Close()
	leftovers := []string{
		filepath.Join(dir, EntriesDir, "."+id+FileExt+"1234567"),
		filepath.Join(dir, EntriesDir, ".k3v9x2q8m4n7p1z0.age99"),
		filepath.Join(dir, DraftsDir, ".d.age5"),
		filepath.Join(dir, RecordsDir, ".settings.age77"),
		filepath.Join(dir, ".identity.age31"),
	}
	keep := []string{filepath.Join(dir, EntriesDir, "my notes.txt"), filepath.Join(dir, ".profile")}
	for _, p := range append(slices.Clone(leftovers), keep...) {
		os.WriteFile(p, []byte("partial"), 0o600)
	}
	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	for _, p := range leftovers {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("leftover %s not removed", p)
		}
	}
	for _, p := range keep {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
	if !slices.ContainsFunc(s2.Warnings, func(w string) bool { return strings.Contains(w, "removed 5 unfinished save") }) {
		t.Errorf("warnings %q do not mention the cleanup", s2.Warnings)
	}
}

func TestLoosePermissionsWarn(t *testing.T) {
	s, dir := newTestStore(t)
	s.Close()
	for _, tc := range []struct {
		dirMode, keyMode fs.FileMode
		want             []string
	}{
		{0o700, 0o600, nil},
		{0o755, 0o600, []string{"chmod 700"}},
		{0o750, 0o600, []string{"chmod 700"}},
		{0o700, 0o644, []string{"chmod 600"}},
		{0o777, 0o666, []string{"chmod 700", "chmod 600"}},
	} {
		os.Chmod(dir, tc.dirMode)
		os.Chmod(filepath.Join(dir, KeyFileName), tc.keyMode)
		s2, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range s2.Warnings {
			if i := strings.Index(w, "chmod"); i >= 0 {
				got = append(got, w[i:i+len("chmod 700")])
			}
		}
		s2.Close()
		if !slices.Equal(got, tc.want) {
			t.Errorf("folder %v key %v: warnings %q", tc.dirMode, tc.keyMode, got)
		}
	}
	os.Chmod(dir, 0o700)
}

func TestSettingsRoundTrip(t *testing.T) {
	s, dir := newTestStore(t)
	st, err := s.Settings()
	if err != nil || st.IdleLock() != 5*time.Minute || st.RepeatWindow() != 30*24*time.Hour {
		t.Fatalf("defaults: %+v, %v", st, err)
	}
	since := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	want := &Settings{
		IdleLockMinutes: 10, PromptRepeatDays: 7,
		Stages:   []StageChange{{Stage: StageInto, Since: since}, {Stage: StageThrough, Since: since.AddDate(0, 6, 0)}},
		Supports: []Support{{Name: "Dee", Contact: "07700 900123", Note: "after nights"}},
		Extra:    map[string]any{"font_size": "large"},
	}
	if err := s.SaveSettings(want); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, RecordsDir, SettingsRecord+FileExt))
	// The contact, not the three-letter name: "Dee" turns up in an age
	// header's base64 by chance about once in a few hundred runs.
	if bytes.Contains(raw, []byte("07700 900123")) || bytes.Contains(raw, []byte("after nights")) {
		t.Fatal("settings stored in plaintext")
	}
	s = reopen(t, s, dir)
	got, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if got.IdleLock() != 10*time.Minute || got.RepeatWindow() != 7*24*time.Hour || len(got.Supports) != 1 || got.Supports[0] != want.Supports[0] || got.Extra["font_size"] != "large" {
		t.Fatalf("settings after reopen: %+v", got)
	}
	if got.StageAt(since.AddDate(0, 1, 0)) != StageInto || got.StageAt(since.AddDate(1, 0, 0)) != StageThrough || got.StageAt(since.AddDate(0, 0, -1)) != "" {
		t.Fatal("StageAt")
	}
	for _, bad := range []*Settings{{IdleLockMinutes: 31}, {IdleLockMinutes: -1}, {PromptRepeatDays: 4000}, {Stages: []StageChange{{Stage: "sideways"}}}} {
		if err := s.SaveSettings(bad); err == nil {
			t.Errorf("SaveSettings accepted %+v", bad)
		}
	}
}

func TestRecords(t *testing.T) {
	s, _ := newTestStore(t)
	if _, err := s.ReadRecord("missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing record: %v", err)
	}
	if err := s.WriteRecord("ledger", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ReadRecord("ledger"); err != nil || string(got) != "one" {
		t.Fatalf("ReadRecord = %q, %v", got, err)
	}
	if err := s.RemoveRecord("ledger"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../identity", "a/b", "", "UPPER"} {
		if err := s.WriteRecord(bad, []byte("x")); err == nil {
			t.Errorf("WriteRecord(%q) succeeded", bad)
		}
	}
}

func TestLoadCancelled(t *testing.T) {
	s, _ := newTestStore(t)
	for range 20 {
		s.Put(&Entry{Body: "x"})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Load(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Load with a cancelled context: %v", err)
	}
}

// The store is used from the TUI's commands concurrently (autosave, save,
// list); run under -race this checks the locking.
func TestConcurrentUse(t *testing.T) {
	s, _ := newTestStore(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			id, err := s.Put(&Entry{Body: "concurrent"})
			if err != nil {
				t.Error(err)
				return
			}
			s.SaveDraft(&Draft{Entry: Entry{Body: "d"}})
			if i%2 == 0 {
				s.Load(context.Background())
			}
			if _, err := s.Get(id); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if c := load(t, s); len(c.Entries) != 8 {
		t.Fatalf("%d entries after 8 concurrent saves", len(c.Entries))
	}
}

func TestOpenUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any folder")
	}
	s, dir := newTestStore(t)
	s.Close()
	os.Chmod(dir, 0)
	defer os.Chmod(dir, 0o700)
	if _, err := Open(dir, Options{}); errors.Is(err, ErrNoDiary) || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Open on an unreadable folder: %v, want permission denied", err)
	}
}

// Symbolic links in the diary's folders are not read: a link could point
// anywhere a planted file wants peerdiary to look.
func TestSymlinksAreIgnored(t *testing.T) {
	s, dir := newTestStore(t)
	id, _ := s.Put(&Entry{Body: "real"})
	if err := s.SaveDraft(&Draft{Name: "d", Entry: Entry{Body: "draft"}}); err != nil {
		t.Fatal(err)
	}
	os.Symlink(id+FileExt, filepath.Join(dir, EntriesDir, "link.age"))
	os.Symlink("d.age", filepath.Join(dir, DraftsDir, "link.age"))
	c := load(t, s)
	if len(c.Entries) != 1 || len(c.Problems) != 0 {
		t.Fatalf("entries %v problems %v", ids(c), c.Problems)
	}
	if ds, err := s.Drafts(); err != nil || len(ds) != 1 {
		t.Fatalf("drafts %+v, %v", ds, err)
	}
	if probs, checked, err := s.Verify(context.Background()); err != nil || len(probs) != 0 || checked != 2 {
		t.Fatalf("Verify: %v, %d checked, %v", probs, checked, err)
	}
}

// After every kind of write the store does, every file in the diary folder
// is an age file (the lock aside, which is empty) and no byte of the text
// written is anywhere on disk.
func TestNothingPlainOnDisk(t *testing.T) {
	const canary = "CANARY-8d1f-client-name"
	// The loosest umask: modes must come from peerdiary, not from it.
	defer syscall.Umask(syscall.Umask(0))
	settleNow(t) // so the entry index below holds the entry
	s, dir := newTestStore(t)
	id, err := s.Put(&Entry{Body: "met " + canary, Tags: []string{canary}, Prompt: &PromptRef{ID: "p", Text: canary}})
	if err != nil {
		t.Fatal(err)
	}
	load(t, s) // writes the entry index: summaries and search text
	e, _ := s.Get(id)
	e.Body += " again " + canary
	s.Put(e)
	s.SaveDraft(&Draft{Entry: Entry{Body: canary}})
	s.SaveSettings(&Settings{Supports: []Support{{Name: canary}}})
	s.WriteRecord("ledger", []byte(canary))
	s.SetPassphrase([]byte("another passphrase"))
	os.WriteFile(filepath.Join(dir, EntriesDir, "bad.age"), []byte("age-encryption.org/v1\n"), 0o600)
	if err := s.Quarantine("entries/bad.age"); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	s.SaveDraft(&Draft{Entry: Entry{Body: "locked " + canary}})
	s.Close()
	for _, name := range []string{indexRecord, indexTextRecord} {
		if _, err := os.Stat(filepath.Join(dir, RecordsDir, name+FileExt)); err != nil {
			t.Fatalf("no entry index was written, so none was checked: %v", err)
		}
	}

	files := 0
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case rel == LockName:
			if len(b) != 0 {
				t.Errorf("the lock file holds %d bytes", len(b))
			}
		case rel == KeyFileName:
			if !bytes.HasPrefix(b, []byte("-----BEGIN AGE ENCRYPTED FILE-----\n")) {
				t.Errorf("the key file is not an armored age file")
			}
		case !bytes.HasPrefix(b, []byte("age-encryption.org/v1\n")):
			t.Errorf("%s is not an age file", rel)
		}
		if bytes.Contains(b, []byte(canary)) || bytes.Contains(b, []byte("CANARY")) {
			t.Errorf("%s holds the text in plaintext", rel)
		}
		if fi, err := d.Info(); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want 0600", rel, fi.Mode().Perm(), err)
		}
		return nil
	})
	for _, sub := range []string{".", EntriesDir, DraftsDir, RecordsDir, DamagedDir} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, %v; want 0700", sub, fi.Mode().Perm(), err)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if files != 10 { // key, lock, entry, 2 drafts, settings, ledger, index and its texts, quarantined
		t.Errorf("%d files in the diary folder, want 10", files)
	}
}
