// Command canaryscan looks for secrets left in plaintext: it searches files
// for canary strings, as they are and in the encodings a leak could take
// (UTF-16, base64 at each alignment, hex), and prints every file that holds
// one. CI plants canaries in a diary's text, tags and passphrase, drives
// the command line and the full-screen diary, and then scans the diary
// folder, the temporary folders, the home folder and the terminal's
// scrollback. A plaintext file the test wrote on purpose is the positive
// control: it must be found, or the scan proves nothing.
//
//	canaryscan [-since FILE] [-expect FILE]... CANARY... -- PATH...
//
// Only regular files are read, each up to 256 MiB; with -since, only files
// changed after FILE was. It exits 0 when no file but the expected ones
// holds a canary and every expected one does, 1 otherwise.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

func main() {
	var expect multi
	since := flag.String("since", "", "only files changed after this `file` was")
	flag.Var(&expect, "expect", "a `file` that must hold a canary (the positive control); may be repeated")
	flag.Parse()
	args := flag.Args()
	i := slices.Index(args, "--")
	if i < 1 || i == len(args)-1 {
		fmt.Fprintln(os.Stderr, "usage: canaryscan [-since FILE] [-expect FILE]... CANARY... -- PATH...")
		os.Exit(2)
	}
	canaries, roots := args[:i], args[i+1:]
	var after time.Time
	if *since != "" {
		fi, err := os.Stat(*since)
		if err != nil {
			fmt.Fprintln(os.Stderr, "canaryscan:", err)
			os.Exit(2)
		}
		after = fi.ModTime()
	}
	patterns := Patterns(canaries)
	found := map[string]bool{}
	bad := 0
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil // unreadable, a folder, a link, a pipe: not read
			}
			if fi, err := d.Info(); err != nil || (!after.IsZero() && !fi.ModTime().After(after)) {
				return nil
			}
			what, err := scanFile(path, patterns)
			if err != nil || what == "" {
				return nil
			}
			abs, _ := filepath.Abs(path)
			found[abs] = true
			if !slices.ContainsFunc(expect, func(e string) bool { a, _ := filepath.Abs(e); return a == abs }) {
				fmt.Printf("LEAK %s: %s\n", path, what)
				bad++
			}
			return nil
		})
	}
	for _, e := range expect {
		abs, _ := filepath.Abs(e)
		if !found[abs] {
			fmt.Printf("MISSED %s: the positive control holds a canary but was not found\n", e)
			bad++
		} else {
			fmt.Printf("found the positive control %s\n", e)
		}
	}
	if bad > 0 {
		os.Exit(1)
	}
}

// pattern is one canary in one encoding.
type pattern struct {
	what  string
	bytes []byte
}

// Patterns returns each canary as it is, in UTF-16 (both byte orders),
// base64 at the three alignments (the part that does not depend on the
// neighbouring bytes), and hex.
func Patterns(canaries []string) []pattern {
	var out []pattern
	for _, c := range canaries {
		out = append(out, pattern{c + " (as is)", []byte(c)})
		le, be := utf16Bytes(c)
		out = append(out, pattern{c + " (UTF-16LE)", le}, pattern{c + " (UTF-16BE)", be})
		for k := range 3 {
			enc := base64.StdEncoding.EncodeToString(append(bytes.Repeat([]byte{0}, k), c...))
			// Drop the characters that mix in the padding bytes before,
			// and the last, which may mix in what follows.
			skip := (k*8 + 5) / 6
			if k == 0 {
				skip = 0
			}
			core := strings.TrimRight(enc, "=")
			if len(core) > skip+2 {
				core = core[skip : len(core)-1]
				out = append(out, pattern{fmt.Sprintf("%s (base64, offset %d)", c, k), []byte(core)})
			}
		}
		out = append(out, pattern{c + " (hex)", []byte(hex.EncodeToString([]byte(c)))})
	}
	return out
}

func utf16Bytes(s string) (le, be []byte) {
	for _, u := range utf16.Encode([]rune(s)) {
		le = append(le, byte(u), byte(u>>8))
		be = append(be, byte(u>>8), byte(u))
	}
	return le, be
}

// scanFile returns what the first pattern found in the file is, or "".
func scanFile(path string, patterns []pattern) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 256<<20))
	if err != nil {
		return "", err
	}
	lower := bytes.ToLower(data)
	for _, p := range patterns {
		if bytes.Contains(data, p.bytes) || bytes.Contains(lower, bytes.ToLower(p.bytes)) {
			return p.what, nil
		}
	}
	return "", nil
}
