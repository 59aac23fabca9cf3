// Package killtest proves that a save interrupted by kill -9 loses nothing
// that was acknowledged and corrupts nothing. A child process saves entries
// in a loop and reports each one; the parent kills it at random moments and
// then checks the diary with [Check].
//
// The same checker must catch a writer that is not crash-safe (the naive
// in-place writer, [ModeNaive]); a harness that cannot fail proves nothing.
package killtest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"peerdiary/diary"
)

// Writer modes for [Child].
const (
	// ModeAtomic saves through diary.Store.Put: temporary file, fsync,
	// rename, folder fsync.
	ModeAtomic = "atomic"

	// ModeNaive rewrites the entry file in place (O_TRUNC, write, fsync),
	// the way the age CLI's -o does. It is the negative control.
	ModeNaive = "naive"
)

// Sizes of the bodies the child writes: 1 B to 200 KiB, so saves span from
// one age chunk to four.
const (
	minBody = 1
	maxBody = 200 << 10
	slots   = 5 // entries rewritten again and again, besides new ones
)

// Child opens the diary, unlocks it, prints "ready", then saves entries until
// it is killed or has made maxSaves saves. Before each save it prints
// "begin <id> <sha256 of body>" and after the save returns "ok <id> <hash>";
// only "ok" lines are acknowledged saves. Half the saves create new entries,
// half rewrite one of a few fixed ones, so both creating and replacing a
// file are interrupted.
func Child(dir, mode string, pass []byte, out io.Writer, maxSaves int) error {
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Unlock(pass); err != nil {
		return err
	}
	var recipients []age.Recipient
	if mode == ModeNaive {
		pub, err := s.PublicKey()
		if err != nil {
			return err
		}
		if recipients, err = age.ParseRecipients(strings.NewReader(pub)); err != nil {
			return err
		}
	}
	w := bufio.NewWriter(out)
	say := func(format string, args ...any) {
		fmt.Fprintf(w, format+"\n", args...)
		w.Flush() // each line must be out before the next step starts
	}
	say("ready")
	for n := range maxSaves {
		id := diary.NewID()
		if n%2 == 1 {
			id = fmt.Sprintf("slot-%d", rand.IntN(slots))
		}
		body := randomBody(minBody + rand.IntN(maxBody-minBody+1))
		sum := Hash(body)
		say("begin %s %s", id, sum)
		e := &diary.Entry{ID: id, Body: body}
		switch mode {
		case ModeAtomic:
			if _, err := s.Put(e); err != nil {
				return err
			}
		case ModeNaive:
			if err := naivePut(dir, e, recipients); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown mode %q", mode)
		}
		say("ok %s %s", id, sum)
	}
	return nil
}

// naivePut writes an entry the unsafe way: truncate the file in place and
// stream the encryption into it. A kill in between leaves a cut file.
func naivePut(dir string, e *diary.Entry, recipients []age.Recipient) error {
	plain, err := e.Format()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, diary.EntriesDir, e.ID+diary.FileExt), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := age.Encrypt(f, recipients...)
	if err != nil {
		return err
	}
	if _, err := w.Write(plain); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return f.Sync()
}

// randomBody is lower-case words: valid UTF-8, no trailing space (which
// the entry format trims), and incompressible enough to fill the file.
func randomBody(n int) string {
	b := make([]byte, n)
	for i := range b {
		if i%8 == 7 && i != n-1 {
			b[i] = ' '
		} else {
			b[i] = 'a' + byte(rand.IntN(26))
		}
	}
	return string(b)
}

// Hash is the hex SHA-256 the child reports for a body.
func Hash(body string) string {
	h := sha256.Sum256([]byte(body))
	return hex.EncodeToString(h[:])
}

// Log accumulates what children reported across kills.
type Log struct {
	// acked is the last acknowledged hash per id.
	acked map[string]string
	// pending holds, per id, hashes whose save began after the last
	// acknowledgement: an interrupted save may or may not have landed.
	pending map[string]map[string]bool
	// Saves counts acknowledged saves.
	Saves int
}

// NewLog returns an empty log.
func NewLog() *Log {
	return &Log{acked: map[string]string{}, pending: map[string]map[string]bool{}}
}

// Record reads one child's output. Only whole lines count: a line cut by
// the kill is ignored, which is safe because "ok" is printed after Put
// returns and "begin" before it starts.
func (l *Log) Record(output string) {
	for line := range strings.SplitSeq(Complete(output), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		id, sum := f[1], f[2]
		switch f[0] {
		case "begin":
			if l.pending[id] == nil {
				l.pending[id] = map[string]bool{}
			}
			l.pending[id][sum] = true
		case "ok":
			l.acked[id] = sum
			delete(l.pending, id)
			l.Saves++
		}
	}
}

// Complete returns output up to and including its last newline.
func Complete(output string) string {
	if i := strings.LastIndexByte(output, '\n'); i >= 0 {
		return output[:i+1]
	}
	return ""
}

// Acked is how many ids have an acknowledged save.
func (l *Log) Acked() int { return len(l.acked) }

// Report is what Check found.
type Report struct {
	Files       int      // entry files Verify decrypted
	Problems    []string // files Verify could not read
	Lost        []string // acknowledged ids missing or unreadable
	Wrong       []string // ids holding content that was never saved for them
	TempCleaned int      // temporary files the open removed
	TempLeft    int      // temporary files still there after the open
}

// OK reports whether the diary is intact.
func (r *Report) OK() bool {
	return len(r.Problems) == 0 && len(r.Lost) == 0 && len(r.Wrong) == 0 && r.TempLeft == 0
}

// String summarises the report, with the first few paths of each kind.
func (r *Report) String() string {
	return fmt.Sprintf("%d files, %d unreadable %v, %d lost %v, %d wrong %v, %d temp files cleaned, %d left",
		r.Files, len(r.Problems), first(r.Problems), len(r.Lost), first(r.Lost), len(r.Wrong), first(r.Wrong), r.TempCleaned, r.TempLeft)
}

func first(s []string) []string { return s[:min(len(s), 3)] }

// Check opens the diary (which removes temporary files left by the kills),
// verifies every file, and checks that every acknowledged id holds its last
// acknowledged content or the content of a save begun after it.
func Check(dir string, pass []byte, log *Log) (*Report, error) {
	r := &Report{}
	entries := filepath.Join(dir, diary.EntriesDir)
	before, err := countTemp(entries)
	if err != nil {
		return nil, err
	}
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if r.TempLeft, err = countTemp(entries); err != nil {
		return nil, err
	}
	r.TempCleaned = before - r.TempLeft
	if err := s.Unlock(pass); err != nil {
		return nil, err
	}
	probs, checked, err := s.Verify(context.Background())
	if err != nil {
		return nil, err
	}
	r.Files = checked
	for _, p := range probs {
		r.Problems = append(r.Problems, p.Error())
	}
	for id, sum := range log.acked {
		e, err := s.Get(id)
		if err != nil {
			r.Lost = append(r.Lost, id+": "+err.Error())
			continue
		}
		if got := Hash(e.Body); got != sum && !log.pending[id][got] {
			r.Wrong = append(r.Wrong, id)
		}
	}
	return r, nil
}

// countTemp counts renameio temporary files: "." + name + digits.
func countTemp(dir string) (int, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") && strings.Contains(name, diary.FileExt) {
			n++
		}
	}
	return n, nil
}
