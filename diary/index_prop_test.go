package diary

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"peerdiary/crypto"
	"peerdiary/internal/corpus"
)

// randomText is text of every kind an entry may hold: sentences, capitals of
// several scripts, letters whose lower case has another length, emoji,
// blank lines and headings.
func randomText(r *rand.Rand) string {
	var b strings.Builder
	if r.IntN(4) == 0 {
		b.WriteString("# A Heading\n\n")
	}
	b.WriteString(corpus.Text(r, r.IntN(60)))
	odd := []string{" ÜNICODE Straße", " İstanbul", " \u212a", " Ⱥ", " ΣΑΣ", " 😊", " \n\n", " NALOXONE", " don’t", "\ttab"}
	for range r.IntN(4) {
		b.WriteString(odd[r.IntN(len(odd))])
	}
	return b.String()
}

func randomEntry(r *rand.Rand) *Entry {
	e := &Entry{Body: randomText(r), Mood: r.IntN(6)}
	for range r.IntN(3) {
		e.Tags = append(e.Tags, []string{"Outreach", "hard day", "ünï", "care"}[r.IntN(4)])
	}
	if r.IntN(3) == 0 {
		e.Prompt = &PromptRef{ID: "p.1", Family: "care", Subtheme: "rest", Text: "What Helped You Rest?"}
	}
	if r.IntN(3) == 0 {
		e.Template = "debrief"
		for i := range 1 + r.IntN(3) {
			e.Answers = append(e.Answers, Answer{Step: fmt.Sprint("s", i), Question: "What Happened?", Text: randomText(r)})
		}
		if r.IntN(2) == 0 {
			e.Body = ""
		}
	}
	if strings.TrimSpace(e.Body) == "" && len(e.Answers) == 0 {
		e.Body = "Short."
	}
	return e
}

// The index equality property: over random diaries, and random changes made
// through the store and behind its back (files rewritten in place, removed,
// added by hand, with fields this version does not know; the index's text
// file removed or damaged), Load gives from the index exactly the catalog
// that decrypting every file gives, and every entry Read gives is, byte for
// byte, the entry its file holds. Odd seeds write the texts as a Load
// decrypts the files (as a first open of a large diary does), even seeds
// hold them until the index is written.
func TestIndexEqualsFilesOverRandomDiaries(t *testing.T) {
	settleNow(t)
	seeds := 12
	if testing.Short() {
		seeds = 3
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			if seed%2 == 1 {
				old := streamTexts
				streamTexts = 1
				t.Cleanup(func() { streamTexts = old })
			}
			r := rand.New(rand.NewPCG(uint64(seed), 13))
			s, dir := newTestStore(t)
			var ids []string
			byStore := map[string]bool{} // files last written by the store itself
			fromIndex := 0               // summaries the Loads took from the index
			streamed := 0                // texts Loads wrote as they decrypted
			textsUsed := 0               // checks that read texts from the text file
			pick := func() string { return ids[r.IntN(len(ids))] }
			entryPath := func(id string) string { return filepath.Join(dir, EntriesDir, id+FileExt) }
			for step := range 60 {
				switch op := r.IntN(13); {
				case op < 4 || len(ids) == 0:
					id, err := s.Put(randomEntry(r))
					if err != nil {
						t.Fatal(err)
					}
					ids = append(ids, id)
					byStore[id+FileExt] = true
				case op == 4: // an edit through the store
					if e, err := s.Get(pick()); err == nil {
						e.Body = randomText(r) + " edited"
						if _, err := s.Put(e); err != nil {
							t.Fatal(err)
						}
						byStore[e.ID+FileExt] = true
					}
				case op == 5: // a delete through the store
					s.Delete(pick())
				case op == 6: // rewritten in place behind its back
					e := randomEntry(r)
					e.ID = pick()
					plain, err := e.Format()
					if err != nil {
						t.Fatal(err)
					}
					if _, err := os.Stat(entryPath(e.ID)); err == nil {
						writeInPlace(t, entryPath(e.ID), sealToDiary(t, s, string(plain)))
						byStore[e.ID+FileExt] = false
					}
				case op == 7: // removed behind its back
					os.Remove(entryPath(pick()))
				case op == 8: // made by hand, sometimes with fields this version does not know
					id := fmt.Sprintf("hand-%d", step)
					text := fmt.Sprintf("---\nid: %s\nlocation: van\nmood: 3\n---\n%s", id, randomText(r))
					if r.IntN(2) == 0 {
						text = randomText(r) // no front matter
					}
					os.WriteFile(entryPath(id), sealToDiary(t, s, text), 0o600)
					ids = append(ids, id)
				case op == 9: // damaged behind its back
					os.WriteFile(entryPath(pick()), []byte("age-encryption.org/v1\nbroken"), 0o600)
				case op == 10: // closed and opened again: the index written at Close
					s = fresh(t, s, dir)
				case op == 11: // the index's texts removed or damaged behind its back
					text := filepath.Join(dir, RecordsDir, indexTextRecord+FileExt)
					if b, err := os.ReadFile(text); err == nil && r.IntN(2) == 0 {
						b[len(b)-r.IntN(min(len(b), 200))-1] ^= 1
						os.WriteFile(text, b, 0o600)
					} else {
						os.Remove(text)
					}
				default:
					time.Sleep(time.Millisecond)
				}
				if step%6 != 5 {
					continue
				}
				got := load(t, s)
				fromIndex += s.loadStats.fromIndex
				streamed += s.loadStats.streamed
				checkIndexFiles(t, s, got)
				checkRead(t, s, got, byStore)
				if set := s.textSrc.set.Load(); set != nil && len(set.recs) > 0 {
					textsUsed++
				}
				sameCatalog(t, describeCatalog(got), fullScan(t, s))
				if t.Failed() {
					t.Fatalf("step %d: the catalog from the index is not the entry files'", step)
				}
			}
			if fromIndex == 0 || textsUsed == 0 {
				t.Fatalf("no Load took anything from the index (%d) or its texts (%d)", fromIndex, textsUsed)
			}
			if seed%2 == 1 && streamed == 0 {
				t.Fatal("no Load wrote the texts as it decrypted")
			}
		})
	}
}

// checkIndexFiles checks that the index in memory after a Load holds
// exactly the files the catalog lists (entries, and files whose id another
// file has): none gone or damaged since, whether the Load began from the
// index on disk or the copy in memory.
func checkIndexFiles(t *testing.T, s *Store, c *Catalog) {
	t.Helper()
	want := map[string]bool{}
	for _, e := range c.Entries {
		want[e.File] = true
	}
	for _, p := range c.Problems {
		if errors.As(p.Err, new(*DuplicateIDError)) {
			want[strings.TrimPrefix(p.Path, EntriesDir+"/")] = true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for name := range s.index {
		if !want[name] {
			t.Errorf("the index holds %s, which the catalog does not list", name)
		}
	}
	for name := range want {
		if _, ok := s.index[name]; !ok {
			t.Errorf("the index lacks %s, which the catalog lists", name)
		}
	}
}

// checkRead checks that Read gives each entry of c as its file holds it:
// its Format is the file's entry's Format, and for the files the store
// wrote itself (byStore), the file's plaintext itself.
func checkRead(t *testing.T, s *Store, c *Catalog, byStore map[string]bool) {
	t.Helper()
	ident, err := s.currentIdentity()
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.Entries {
		sum := &c.Entries[i]
		got, err := s.Read(sum)
		if err != nil {
			t.Fatalf("Read %s: %v", sum.File, err)
		}
		want, err := s.readEntryFile(sum.File, ident)
		if err != nil {
			t.Fatalf("reading %s: %v", sum.File, err)
		}
		g, err1 := got.Format()
		w, err2 := want.Format()
		if err1 != nil || err2 != nil || !bytes.Equal(g, w) {
			t.Fatalf("Read %s gave\n%.600q\nthe file holds\n%.600q", sum.File, g, w)
		}
		if sum.text != nil && len(want.Extra) > 0 {
			t.Fatalf("%s: fields this version does not know, yet the catalog claims the whole entry", sum.File)
		}
		file, err := s.entries.ReadFile(sum.File, MaxEntryFileSize)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := crypto.Open(file, MaxEntryFileSize, ident)
		if err != nil {
			t.Fatal(err)
		}
		if byStore[sum.File] && !bytes.Equal(g, plain) {
			t.Fatalf("Read %s gave\n%.600q\nthe file's plaintext is\n%.600q", sum.File, g, plain)
		}
	}
}
