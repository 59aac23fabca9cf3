package diary

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"filippo.io/age"

	"peerdiary/internal/corpus"
)

// The benchmarks run on diaries of 10,000 entries (years of daily use) and,
// when PEERDIARY_BENCH_100K is set, 100,000 as well; the large ones take
// minutes to build and are left out of ordinary runs and CI. Setting
// PEERDIARY_BENCH_DIR keeps the built diaries in that folder between runs.
// See BENCHMARKS.md.
const benchEntries = 10000

func benchSizes() []int {
	if os.Getenv("PEERDIARY_BENCH_100K") != "" {
		return []int{benchEntries, 100000}
	}
	return []int{benchEntries}
}

// forSizes runs bench once per diary size, as sub-benchmarks n=10000, …
func forSizes(b *testing.B, bench func(b *testing.B, n int)) {
	for _, n := range benchSizes() {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) { bench(b, n) })
	}
}

// benchFixture is a diary built once per test binary run.
type benchFixture struct {
	once sync.Once
	dir  string
	err  error
}

var (
	benchMu       sync.Mutex
	benchFixtures = map[string]*benchFixture{}
	benchRoot     string // temporary folder of the fixtures, removed by TestMain
)

// benchDiary returns a diary of n entries with a hybrid key.
func benchDiary(b *testing.B, n int) string { return benchDiaryKind(b, n, false) }

// benchDiaryKind returns a diary of n entries, built on first use. Entries
// go through the real entry format and real age encryption to the diary's
// recipient; only the per-file fsyncs of Put are skipped, which would make
// building it take minutes and do not change what Load reads.
func benchDiaryKind(b *testing.B, n int, classic bool) string {
	b.Helper()
	key := fmt.Sprintf("diary-%d-classic-%v", n, classic)
	benchMu.Lock()
	f := benchFixtures[key]
	if f == nil {
		f = &benchFixture{}
		benchFixtures[key] = f
	}
	benchMu.Unlock()
	f.once.Do(func() { f.dir, f.err = buildBenchDiary(key, n, classic) })
	if f.err != nil {
		b.Fatal(f.err)
	}
	return f.dir
}

func buildBenchDiary(name string, n int, classic bool) (string, error) {
	root := os.Getenv("PEERDIARY_BENCH_DIR")
	if root == "" {
		benchMu.Lock()
		if benchRoot == "" {
			var err error
			if benchRoot, err = os.MkdirTemp("", "peerdiary-bench-"); err != nil {
				benchMu.Unlock()
				return "", err
			}
		}
		root = benchRoot
		benchMu.Unlock()
	}
	dir := filepath.Join(root, name)
	done := filepath.Join(root, name+".complete")
	if _, err := os.Stat(done); err == nil {
		return dir, nil // kept from an earlier run
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	s, err := Create(dir, []byte(testPass), classic, Options{})
	if err != nil {
		return "", err
	}
	defer s.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < n; i += 4 {
				e := benchEntry(corpus.Entry(1, i))
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
	return dir, os.WriteFile(done, nil, 0o600)
}

// benchFamilies are the prompt families the generated entries answer
// (package diary cannot read the family table in diary/prompts).
var benchFamilies = [corpus.FamilyCount]string{"transitions", "role-friction", "relationships", "care"}

// benchEntry turns a generated document into an entry.
func benchEntry(d corpus.Doc) *Entry {
	e := &Entry{
		ID: d.ID, Created: d.Created, Updated: d.Created,
		Tags: NormalizeTags(d.Tags), Mood: d.Mood, Body: d.Body,
		Template: d.Template,
	}
	if d.Family >= 0 {
		fam := benchFamilies[d.Family%len(benchFamilies)]
		e.Prompt = &PromptRef{ID: fmt.Sprintf("%s-%02d", fam, d.PromptN), Family: fam, Text: d.PromptText}
	}
	for _, a := range d.Answers {
		e.Answers = append(e.Answers, Answer{Step: a.Step, Question: a.Question, Text: a.Text})
	}
	return e
}

// removeBenchDiary runs after all tests and benchmarks (see TestMain).
func removeBenchDiary() {
	if benchRoot != "" {
		os.RemoveAll(benchRoot)
	}
}

func openBench(b *testing.B, n int) *Store { return openBenchDir(b, benchDiary(b, n)) }

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
	body := corpus.Text(rand.New(rand.NewPCG(1, 2)), 250)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Put(&Entry{Body: body, Tags: []string{"outreach"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenList opens the diary, unlocks it (scrypt at the test work
// factor; a real unlock adds about a second), loads the catalog of every
// entry from a current index and lists them, newest first.
func BenchmarkOpenList(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		s := openBench(b, n)
		warmIndex(b, s, n)
		s.Close()
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			s := openBench(b, n)
			c, err := s.Load(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			if got := len(Filter{}.Apply(c.Entries)); got != n || len(c.Problems) != 0 {
				b.Fatalf("listed %d entries, %d problems", got, len(c.Problems))
			}
			s.Close()
		}
		reportCPU(b, cpuTime()-start)
	})
}

// BenchmarkDecryptFloor is the floor a cold Load is measured against: a
// plain loop that reads every entry file and decrypts it with age.Decrypt,
// on as many goroutines as there are cores, and does nothing with the
// plaintext.
func BenchmarkDecryptFloor(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		s := openBench(b, n)
		defer s.Close()
		fl := newFloor(b, s)
		b.ReportAllocs()
		for b.Loop() {
			fl.run(b)
		}
	})
}

// BenchmarkColdLoad is Load with no index: every file decrypted and parsed,
// then the index written. This is the first open of a diary made before the
// index, or after its index was deleted or damaged. Each op also runs the
// decrypt floor (BenchmarkDecryptFloor) untimed, right before the Load, and
// reports the ratio of the two as x-floor and the floor as floor-ms, so the
// ratio is of two measurements taken under the same load on the machine.
func BenchmarkColdLoad(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		s := openBench(b, n)
		defer s.Close()
		benchColdLoad(b, s, n)
	})
}

// BenchmarkColdLoadClassic is the cold Load on a diary with an X25519 key,
// to separate the cost of the post-quantum decapsulation from the rest.
func BenchmarkColdLoadClassic(b *testing.B) {
	s := openBenchDir(b, benchDiaryKind(b, benchEntries, true))
	defer s.Close()
	benchColdLoad(b, s, benchEntries)
}

func benchColdLoad(b *testing.B, s *Store, n int) {
	fl := newFloor(b, s)
	var floor, load, cpu time.Duration
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		dropIndex(b, s)
		t := time.Now()
		fl.run(b)
		floor += time.Since(t)
		b.StartTimer()
		t = time.Now()
		c := cpuTime()
		if _, err := s.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
		load += time.Since(t)
		cpu += cpuTime() - c
		if st := s.loadStats; st.decrypted != n {
			b.Fatalf("decrypted %d files, want all %d (%d from the index, index error %v)", st.decrypted, n, st.fromIndex, st.indexErr)
		}
	}
	b.ReportMetric(float64(load)/float64(floor), "x-floor")
	b.ReportMetric(float64(floor.Milliseconds())/float64(b.N), "floor-ms")
	reportCPU(b, cpu)
}

// reportCPU reports the processor time the whole process spent per op
// (garbage collection and every goroutine included) as cpu-ms/op: on a
// machine shared with other work it grows far less than the elapsed time,
// and an op that needs less processor time than its goal takes less than
// that on an idle machine.
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpuTime() >= 0 && b.N > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// floor is the plain age decrypt loop.
type floor struct {
	dir   string
	names []string
	id    age.Identity
}

func newFloor(b *testing.B, s *Store) *floor {
	names, _, _, err := s.listEntries()
	if err != nil {
		b.Fatal(err)
	}
	text, err := s.ExportIdentity()
	if err != nil {
		b.Fatal(err)
	}
	ids, err := age.ParseIdentities(bytes.NewReader(text))
	if err != nil || len(ids) != 1 {
		b.Fatal(err)
	}
	return &floor{dir: filepath.Join(s.Path(), EntriesDir), names: names, id: ids[0]}
}

func (f *floor) run(b *testing.B) {
	var failed sync.Once
	parallel(len(f.names), func(i int) {
		file, err := os.ReadFile(filepath.Join(f.dir, f.names[i]))
		if err == nil {
			var r io.Reader
			if r, err = age.Decrypt(bytes.NewReader(file), f.id); err == nil {
				_, err = io.ReadAll(r)
			}
		}
		if err != nil {
			failed.Do(func() { b.Error(err) })
		}
	})
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
func warmIndex(b *testing.B, s *Store, n int) {
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
		if s.loadStats.fromIndex == n {
			return
		}
		if try == 2 {
			b.Fatalf("index covers %d entries of %d", s.loadStats.fromIndex, n)
		}
		time.Sleep(settleMargin)
	}
}

// BenchmarkLoadIndexed is the first Load after unlock with a current index
// on disk: decrypt the index, examine every entry file, decrypt none.
func BenchmarkLoadIndexed(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		s := openBench(b, n)
		defer s.Close()
		warmIndex(b, s, n)
		b.ReportAllocs()
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			s.mu.Lock()
			s.index = nil // as after Unlock: only the index on disk
			s.mu.Unlock()
			b.StartTimer()
			t := cpuTime()
			if _, err := s.Load(context.Background()); err != nil {
				b.Fatal(err)
			}
			cpu += cpuTime() - t
			if st := s.loadStats; st.fromIndex != n || st.decrypted != 0 {
				b.Fatalf("%d from the index, %d decrypted", st.fromIndex, st.decrypted)
			}
		}
		reportCPU(b, cpu)
	})
}

// BenchmarkReload is a later Load in the same unlock (the TUI reloading its
// list): the catalog copy in memory is checked against the files.
func BenchmarkReload(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		s := openBench(b, n)
		defer s.Close()
		warmIndex(b, s, n)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Load(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkExport is what list --json does after the unlock: the first
// Load from a current index, then every entry in full.
func BenchmarkExport(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		s := openBench(b, n)
		defer s.Close()
		warmIndex(b, s, n)
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			s.mu.Lock()
			s.index = nil // as after Unlock: only the index on disk
			s.mu.Unlock()
			b.StartTimer()
			c, err := s.Load(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			words := 0
			for e, err := range exportAll(s, c.Entries) {
				if err != nil {
					b.Fatal(err)
				}
				words += e.Words()
			}
			if words == 0 {
				b.Fatal("no words exported")
			}
		}
	})
}

// BenchmarkLoadText reads the texts of every entry after an open from a
// current index, as the first search, preview or export does (and the
// full-screen diary in the background): the index's text file decrypted
// and decoded, no entry file read.
func BenchmarkLoadText(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		s := openBench(b, n)
		defer s.Close()
		warmIndex(b, s, n)
		b.ReportAllocs()
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			s.Lock()
			if err := s.Unlock([]byte(testPass)); err != nil {
				b.Fatal(err)
			}
			c, err := s.Load(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			t := cpuTime()
			if err := s.LoadText(c.Entries); err != nil {
				b.Fatal(err)
			}
			cpu += cpuTime() - t
			b.StopTimer()
			s.textSrc.mu.Lock()
			read := len(s.textSrc.read)
			s.textSrc.mu.Unlock()
			if read != 0 {
				b.Fatalf("%d texts read from entry files", read)
			}
			b.StartTimer()
		}
		reportCPU(b, cpu)
	})
}

// BenchmarkSearch searches the loaded catalog for two words, as list
// --search and the TUI's search box do.
func BenchmarkSearch(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		s := openBench(b, n)
		defer s.Close()
		c, err := s.Load(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if err := s.LoadText(c.Entries); err != nil {
			b.Fatal(err)
		}
		f := Filter{Words: "naloxone shelter"}
		b.ReportAllocs()
		for b.Loop() {
			if len(f.Apply(c.Entries)) == 0 {
				b.Fatal("no match")
			}
		}
	})
}

// BenchmarkGet decrypts and parses one entry, as edit does.
func BenchmarkGet(b *testing.B) {
	s := openBench(b, benchEntries)
	defer s.Close()
	c, err := s.Load(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	id := c.Entries[len(c.Entries)/2].ID
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Get(id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRotateKey moves a diary of 1,000 entries of about 250 words to
// a new key: every file decrypted and sealed again, each write atomic and
// fsynced. The three scrypt runs use the tests' work factor; a real move
// adds about three seconds.
func BenchmarkRotateKey1000(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "diary")
	s, err := Create(dir, []byte(testPass), false, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(7, 7))
	for range 1000 {
		if _, err := s.Put(&Entry{Body: corpus.Text(r, 250)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.RotateKey(context.Background(), []byte(testPass), nil); err != nil {
			b.Fatal(err)
		}
	}
}
