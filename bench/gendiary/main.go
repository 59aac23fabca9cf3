// Command gendiary makes a diary of generated entries for the whole-command
// benchmarks (see bench/run.sh and BENCHMARKS.md), in one process with one
// key: every entry goes through the store's ordinary save, encrypted to the
// diary's key, with the text of peerdiary/internal/corpus, so the same seed
// gives the same entries.
//
//	PEERDIARY_PASSPHRASE_FILE=pass gendiary -diary /tmp/bench/d -n 10000
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"peerdiary/diary"
	"peerdiary/internal/benchdiary"
)

func main() {
	dir := flag.String("diary", "", "the diary `folder` to make (must not hold a diary)")
	n := flag.Int("n", 10000, "how many entries")
	seed := flag.Uint64("seed", 1, "the corpus seed")
	workers := flag.Int("workers", 4, "saves at once")
	classic := flag.Bool("classic", false, "an X25519 key instead of the post-quantum hybrid")
	flag.Parse()
	if err := run(*dir, *n, *seed, *workers, *classic); err != nil {
		fmt.Fprintln(os.Stderr, "gendiary:", err)
		os.Exit(1)
	}
}

func run(dir string, n int, seed uint64, workers int, classic bool) error {
	if dir == "" {
		return fmt.Errorf("-diary is required")
	}
	passFile := os.Getenv("PEERDIARY_PASSPHRASE_FILE")
	if passFile == "" {
		return fmt.Errorf("set PEERDIARY_PASSPHRASE_FILE to a file holding the passphrase")
	}
	pass, err := os.ReadFile(passFile)
	if err != nil {
		return err
	}
	pass = bytes.TrimRight(pass, "\r\n")
	start := time.Now()
	s, err := diary.Create(dir, pass, classic, diary.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(os.Stderr, "gendiary: key made in %v\n", time.Since(start).Round(time.Millisecond))
	err = benchdiary.Fill(s, seed, 0, n, workers, func(done int) {
		if done%10000 == 0 {
			fmt.Fprintf(os.Stderr, "gendiary: %d entries, %v\n", done, time.Since(start).Round(time.Second))
		}
	})
	if err != nil {
		return err
	}
	// A file's summary goes into the entry index only once its times are a
	// couple of seconds old; wait for that, then load, so the diary starts
	// with a current index, as one in daily use has.
	time.Sleep(2500 * time.Millisecond)
	if _, err := s.Load(context.Background()); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gendiary: %d entries in %s, %v\n", n, dir, time.Since(start).Round(time.Second))
	return s.Close()
}
