package diary

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchEntries is the diary size the issue asks about: years of daily use.
const benchEntries = 10000

var benchWords = strings.Fields(`shift outreach client shelter naloxone kit
	supervisor boundary tired proud listened called waited rain cold coffee
	team meeting housing worker referral clinic overdose safe supply hope
	today tomorrow again quiet busy laughed cried walked drove bus street
	park bench food bank ID form phone charger shoes blanket tent van`)

func benchBody(r *rand.Rand, words int) string {
	var b strings.Builder
	for i := range words {
		if i > 0 {
			if i%12 == 0 {
				b.WriteString(".\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(benchWords[r.IntN(len(benchWords))])
	}
	return b.String()
}

// benchFixture is a 10,000-entry diary built once per test binary run.
type benchFixture struct {
	once sync.Once
	dir  string
	err  error
}

var (
	benchHybrid, benchClassic benchFixture
	benchRoot                 string
)

// benchDiary builds a 10,000-entry diary (hybrid key) once per run.
func benchDiary(b *testing.B) string { return benchHybrid.get(b, false) }

// get builds the diary on first use. Entries go through the real format
// and real age encryption to the diary's recipient; only the per-file
// fsyncs of Put are skipped, which would make building it take minutes and
// do not change what Load reads.
func (f *benchFixture) get(b *testing.B, classic bool) string {
	b.Helper()
	f.once.Do(func() { f.dir, f.err = buildBenchDiary(classic) })
	if f.err != nil {
		b.Fatal(f.err)
	}
	return f.dir
}

func buildBenchDiary(classic bool) (string, error) {
	if benchRoot == "" {
		var err error
		if benchRoot, err = os.MkdirTemp("", "peerdiary-bench-"); err != nil {
			return "", err
		}
	}
	dir := filepath.Join(benchRoot, fmt.Sprintf("diary-classic-%v", classic))
	s, err := Create(dir, []byte(testPass), classic, Options{})
	if err != nil {
		return "", err
	}
	defer s.Close()
	start := time.Date(2023, 11, 23, 20, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for i := w; i < benchEntries; i += 4 {
				at := start.Add(time.Duration(i) * 2 * time.Hour)
				e := &Entry{
					ID: NewID(), Created: at, Updated: at,
					Tags: NormalizeTags([]string{benchWords[r.IntN(len(benchWords))], benchWords[r.IntN(len(benchWords))]}),
					Mood: 1 + r.IntN(5), Body: benchBody(r, 50+r.IntN(400)),
				}
				plain, err := e.Format()
				if err == nil {
					var sealed []byte
					if sealed, err = s.seal(plain); err == nil {
						err = os.WriteFile(filepath.Join(dir, EntriesDir, e.ID+FileExt), sealed, 0o600)
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return "", err
	}
	return dir, nil
}

// removeBenchDiary runs after all tests and benchmarks (see TestMain).
func removeBenchDiary() {
	if benchRoot != "" {
		os.RemoveAll(benchRoot)
	}
}

func openBench(b *testing.B) *Store { return openBenchDir(b, benchDiary(b)) }

func openBenchDir(b *testing.B, dir string) *Store {
	b.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Unlock([]byte(testPass)); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkPut saves one new entry of about 250 words: format, pad, seal to
// the hybrid recipient, temporary file, fsync, rename, folder fsync.
func BenchmarkPut(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "diary")
	s, err := Create(dir, []byte(testPass), false, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	body := benchBody(rand.New(rand.NewPCG(1, 2)), 250)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Put(&Entry{Body: body, Tags: []string{"outreach"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenList10000 opens the diary, unlocks it (scrypt at the test
// work factor; a real unlock adds about a second), loads the catalog of all
// 10,000 entries from a current index and lists them, newest first.
func BenchmarkOpenList10000(b *testing.B) {
	s := openBench(b)
	warmIndex(b, s)
	s.Close()
	for b.Loop() {
		s := openBench(b)
		c, err := s.Load(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if got := len(Filter{}.Apply(c.Entries)); got != benchEntries || len(c.Problems) != 0 {
			b.Fatalf("listed %d entries, %d problems", got, len(c.Problems))
		}
		s.Close()
	}
}

// BenchmarkLoad10000 is Load with no index: every file decrypted, then the
// index written. This is the first open of a diary made before the index,
// or after its index was deleted or damaged.
func BenchmarkLoad10000(b *testing.B) {
	s := openBench(b)
	defer s.Close()
	benchLoadCold(b, s)
}

// BenchmarkLoad10000Classic is the cold Load on a diary with an X25519 key,
// to separate the cost of the post-quantum decapsulation from the rest.
func BenchmarkLoad10000Classic(b *testing.B) {
	s := openBenchDir(b, benchClassic.get(b, true))
	defer s.Close()
	benchLoadCold(b, s)
}

func benchLoadCold(b *testing.B, s *Store) {
	for b.Loop() {
		b.StopTimer()
		dropIndex(b, s)
		b.StartTimer()
		if _, err := s.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		if st := s.loadStats; st.decrypted != benchEntries {
			b.Fatalf("decrypted %d files, want all %d", st.decrypted, benchEntries)
		}
	}
}

// dropIndex removes the index from memory and disk.
func dropIndex(b *testing.B, s *Store) {
	s.mu.Lock()
	s.index = nil
	s.indexGen++
	s.mu.Unlock()
	if err := s.RemoveRecord(indexRecord); err != nil && !errors.Is(err, fs.ErrNotExist) {
		b.Fatal(err)
	}
}

// warmIndex makes sure the index on disk covers every entry (files written
// within settleMargin of a Load are not cached yet).
func warmIndex(b *testing.B, s *Store) {
	for try := 0; ; try++ {
		if _, err := s.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		s.mu.Lock()
		s.index = nil // next Load reads the index from disk
		s.mu.Unlock()
		if _, err := s.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		if s.loadStats.fromIndex == benchEntries {
			return
		}
		if try == 2 {
			b.Fatalf("index covers %d entries of %d", s.loadStats.fromIndex, benchEntries)
		}
		time.Sleep(settleMargin)
	}
}

// BenchmarkLoad10000Indexed is the first Load after unlock with a current
// index on disk: decrypt the index, stat every entry file, decrypt none.
func BenchmarkLoad10000Indexed(b *testing.B) {
	s := openBench(b)
	defer s.Close()
	warmIndex(b, s)
	for b.Loop() {
		b.StopTimer()
		s.mu.Lock()
		s.index = nil // as after Unlock: only the index on disk
		s.mu.Unlock()
		b.StartTimer()
		if _, err := s.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		if st := s.loadStats; st.fromIndex != benchEntries || st.decrypted != 0 {
			b.Fatalf("%d from the index, %d decrypted", st.fromIndex, st.decrypted)
		}
	}
}

// BenchmarkReload10000 is a later Load in the same unlock (the TUI reloading
// its list): the catalog copy in memory is checked against the files.
func BenchmarkReload10000(b *testing.B) {
	s := openBench(b)
	defer s.Close()
	warmIndex(b, s)
	for b.Loop() {
		if _, err := s.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch10000 searches the loaded catalog for two words, as
// list --search and the TUI's search box do.
func BenchmarkSearch10000(b *testing.B) {
	s := openBench(b)
	defer s.Close()
	c, err := s.Load(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	f := Filter{Words: "naloxone shelter"}
	b.ResetTimer()
	for b.Loop() {
		if len(f.Apply(c.Entries)) == 0 {
			b.Fatal("no match")
		}
	}
}

// BenchmarkGet decrypts and parses one entry, as show does.
func BenchmarkGet(b *testing.B) {
	s := openBench(b)
	defer s.Close()
	c, err := s.Load(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	id := c.Entries[len(c.Entries)/2].ID
	for b.Loop() {
		if _, err := s.Get(id); err != nil {
			b.Fatal(err)
		}
	}
}
