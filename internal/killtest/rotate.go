package killtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// Rotation modes for [RotateChild].
const (
	// ModeRotate moves the diary to a new key with diary.Store.RotateKey,
	// again and again.
	ModeRotate = "rotate"

	// ModeRotateNaive moves it the unsafe way: the key file is replaced by
	// the new key alone first, then each entry is sealed again in place. A
	// kill in between leaves entries no key in the key file opens. It is the
	// negative control of the rotation loop.
	ModeRotateNaive = "rotate-naive"
)

// Fill saves n entries of a few KiB each and returns their ids and hashes:
// what every check after a kill must find intact.
func Fill(dir string, pass []byte, n int) (map[string]string, error) {
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.Unlock(pass); err != nil {
		return nil, err
	}
	want := map[string]string{}
	for range n {
		body := randomBody(1 + len(want)*997%(8<<10))
		id, err := s.Put(&diary.Entry{Body: body})
		if err != nil {
			return nil, err
		}
		want[id] = Hash(body)
	}
	if err := s.SaveDraft(&diary.Draft{Entry: diary.Entry{Body: "a draft, " + randomBody(100)}}); err != nil {
		return nil, err
	}
	if err := s.SaveSettings(&diary.Settings{IdleLockMinutes: 9}); err != nil {
		return nil, err
	}
	return want, nil
}

// RotateChild opens the diary, unlocks it, prints "ready", then moves it to
// a new key again and again, printing "rotated" after each move, until it
// is killed or has made max moves.
func RotateChild(dir, mode string, pass []byte, out io.Writer, max int) error {
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Unlock(pass); err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	say := func(line string) {
		fmt.Fprintln(w, line)
		w.Flush()
	}
	say("ready")
	for range max {
		switch mode {
		case ModeRotate:
			if _, err := s.RotateKey(context.Background(), pass, nil); err != nil {
				return err
			}
		case ModeRotateNaive:
			if err := naiveRotate(s, dir, pass); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown mode %q", mode)
		}
		say("rotated")
	}
	return nil
}

// naiveRotate replaces the key file first, then seals each entry again in
// place, each step durable on its own but the whole not.
func naiveRotate(s *diary.Store, dir string, pass []byte) error {
	text, err := s.ExportIdentity()
	if err != nil {
		return err
	}
	old, err := crypto.ParseIdentity(text)
	if err != nil {
		return err
	}
	next, err := crypto.GenerateIdentity(!old.PostQuantum(), time.Now())
	if err != nil {
		return err
	}
	kf, err := crypto.WrapIdentity(next, pass, 0)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, diary.KeyFileName), kf, 0o600); err != nil {
		return err
	}
	files, _ := filepath.Glob(filepath.Join(dir, diary.EntriesDir, "*"+diary.FileExt))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		plain, err := crypto.Open(data, diary.MaxEntryFileSize, old)
		if err != nil {
			continue // sealed to next by an earlier, killed run
		}
		sealed, err := crypto.Seal(plain, next.Recipient())
		if err != nil {
			return err
		}
		if err := os.WriteFile(f, sealed, 0o600); err != nil {
			return err
		}
	}
	return s.Unlock(pass)
}

// RotationReport is what CheckRotation found.
type RotationReport struct {
	Keys     int      // keys in the key file: 1, or 2 mid-move
	Files    int      // files Verify decrypted
	Problems []string // files Verify could not read
	Lost     []string // entries missing or changed
	TempLeft int      // temporary files still there after the open
}

// OK reports whether the diary is intact.
func (r *RotationReport) OK() bool {
	return r.Keys >= 1 && r.Keys <= 2 && len(r.Problems) == 0 && len(r.Lost) == 0 && r.TempLeft == 0
}

func (r *RotationReport) String() string {
	return fmt.Sprintf("%d keys in the key file, %d files, %d unreadable %v, %d lost %v, %d temp files left",
		r.Keys, r.Files, len(r.Problems), first(r.Problems), len(r.Lost), first(r.Lost), r.TempLeft)
}

// CheckRotation opens the diary with its passphrase, as a person would
// after the kill, and checks that it opens with its one key file, that
// every file reads, and that every entry of want is there, unchanged.
func CheckRotation(dir string, pass []byte, want map[string]string) (*RotationReport, error) {
	r := &RotationReport{}
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	for _, sub := range []string{".", diary.EntriesDir, diary.DraftsDir, diary.RecordsDir} {
		n, err := countTemp(filepath.Join(dir, sub))
		if err != nil {
			return nil, err
		}
		r.TempLeft += n
	}
	if err := s.Unlock(pass); err != nil {
		return nil, fmt.Errorf("the diary does not open: %w", err)
	}
	text, err := s.ExportIdentity()
	if err != nil {
		return nil, err
	}
	r.Keys = strings.Count(string(text), "AGE-SECRET-KEY-")
	clear(text)
	probs, checked, err := s.Verify(context.Background())
	if err != nil {
		return nil, err
	}
	r.Files = checked
	for _, p := range probs {
		r.Problems = append(r.Problems, p.Error())
	}
	for id, sum := range want {
		e, err := s.Get(id)
		if err != nil {
			r.Lost = append(r.Lost, id+": "+err.Error())
			continue
		}
		if Hash(e.Body) != sum {
			r.Lost = append(r.Lost, id+": changed")
		}
	}
	return r, nil
}
