package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// These tests run the command line in process, for what a script cannot
// arrange: standard output being a terminal.

type fakeRun struct {
	t   *testing.T
	env map[string]string
}

func newFakeRun(t *testing.T) *fakeRun {
	t.Helper()
	crypto.SetWorkFactorForTesting(10)
	dir := t.TempDir()
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := &fakeRun{t: t, env: map[string]string{
		envDiaryDir:       filepath.Join(dir, "diary"),
		envPassphraseFile: pass,
	}}
	if code, _, stderr := f.run("", false, "init"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	return f
}

// run runs peerdiary with args, stdin as standard input, and standard
// output a terminal if outTerminal.
func (f *fakeRun) run(stdin string, outTerminal bool, args ...string) (code int, stdout, stderr string) {
	var out, errw bytes.Buffer
	sio := stdio{
		in:          strings.NewReader(stdin),
		out:         &out,
		err:         &errw,
		outTerminal: outTerminal,
		width:       defaultWidth,
		getenv:      func(k string) string { return f.env[k] },
		openTTY:     func() (*os.File, error) { return nil, errors.New("no terminal in this test") },
	}
	code = run(context.Background(), args, sio)
	return code, out.String(), errw.String()
}

func TestKeyExportOnATerminal(t *testing.T) {
	f := newFakeRun(t)

	code, stdout, stderr := f.run("", true, "key", "export")
	if code != exitUsage || stdout != "" {
		t.Fatalf("key export on a terminal without --yes: exit %d, stdout %q; want exit 2 and nothing printed", code, stdout)
	}
	if !strings.Contains(stderr, "peerdiary: error: not printing the secret key to the terminal without --yes") {
		t.Errorf("stderr does not say why:\n%s", stderr)
	}

	code, stdout, stderr = f.run("", true, "key", "export", "--yes")
	if code != 0 || !strings.Contains(stdout, "AGE-SECRET-KEY-PQ-1") {
		t.Fatalf("key export --yes: exit %d, stdout %q", code, stdout)
	}
	if !strings.Contains(stderr, "peerdiary: warning: this is the key to every entry") {
		t.Errorf("no warning before printing the key on a terminal:\n%s", stderr)
	}

	// Redirected to a file, there is nothing to warn about.
	code, stdout, stderr = f.run("", false, "key", "export")
	if code != 0 || !strings.Contains(stdout, "AGE-SECRET-KEY-PQ-1") || stderr != "" {
		t.Fatalf("key export to a file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// An entry can hold anything; printed on a terminal, escape sequences in it
// must not reach the terminal as commands.
func TestEntryTextIsInertOnATerminal(t *testing.T) {
	f := newFakeRun(t)
	body := "Title \x1b]0;retitled\x07 \u202eevil\x1b[2J\nsecond line\ttabbed"
	code, id, stderr := f.run(body, false, "write", "--tag", "a\u202eb")
	if code != 0 {
		t.Fatalf("write: exit %d: %s", code, stderr)
	}
	id = strings.TrimSpace(id)

	tests := []struct {
		name        string
		args        []string
		outTerminal bool
		want        []string
		wantRaw     bool
	}{
		{"show on a terminal", []string{"show", id}, true,
			[]string{"Title  ⟨U+202E⟩evil\nsecond line    tabbed"}, false},
		{"show to a pipe keeps the exact text", []string{"show", id}, false,
			[]string{body}, true},
		{"list on a terminal", []string{"list"}, true,
			[]string{"#ab  Title  ⟨U+202E⟩evil"}, false},
		{"list to a pipe is inert too", []string{"list"}, false,
			[]string{"Title  ⟨U+202E⟩evil"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := f.run("", tt.outTerminal, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %q:\n%q", w, stdout)
				}
			}
			scrollbackHint := strings.Contains(stderr, "peerdiary: hint: your terminal keeps this text in its scrollback")
			if wantHint := tt.outTerminal && tt.args[0] == "show"; scrollbackHint != wantHint {
				t.Errorf("scrollback hint shown: %v, want %v", scrollbackHint, wantHint)
			}
			if hasEsc := strings.ContainsAny(stdout, "\x1b\x07\u202e"); hasEsc != tt.wantRaw {
				t.Errorf("raw control characters in output: %v, want %v:\n%q", hasEsc, tt.wantRaw, stdout)
			}
		})
	}
}

func TestShortIDLength(t *testing.T) {
	sums := func(ids ...string) []diary.Summary {
		out := make([]diary.Summary, len(ids))
		for i, id := range ids {
			out[i].ID = id
		}
		return out
	}
	tests := []struct {
		name string
		ids  []diary.Summary
		want int
	}{
		{"empty", nil, 8},
		{"one", sums("0123456789abcdef"), 8},
		{"distinct at 8", sums("0123456789abcdef", "0123456x89abcdef"), 8},
		{"shared 9", sums("012345678aaaaaaa", "012345678baaaaaa", "zzzzzzzzzzzzzzzz"), 10},
		{"one is a prefix of another", sums("abcdefghij", "abcdefghijk"), 11},
	}
	for _, tt := range tests {
		if got := shortIDLength(tt.ids); got != tt.want {
			t.Errorf("%s: shortIDLength = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// Each failure a person can meet gets its documented exit code.
func TestDescribeExitCodes(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("doing something: %w", err) }
	tests := []struct {
		err  error
		code int
	}{
		{context.Canceled, exitInterrupted},
		{diary.ErrNoDiary, exitFileSystem},
		{diary.ErrDiaryExists, exitUsage},
		{diary.ErrKeyFileMissing, exitDamaged},
		{wrap(diary.ErrInUse), exitInUse},
		{crypto.ErrWrongPassphrase, exitWrongPassphrase},
		{crypto.ErrEmptyPassphrase, exitUsage},
		{wrap(crypto.ErrKeyFileDamaged), exitDamaged},
		{wrap(crypto.ErrKeyFileTooMuchWork), exitBadKey},
		{wrap(crypto.ErrNotPassphraseFile), exitBadKey},
		{wrap(crypto.ErrDamaged), exitDamaged},
		{wrap(crypto.ErrNotAgeFile), exitDamaged},
		{wrap(crypto.ErrWrongKey), exitDamaged},
		{fmt.Errorf("%w: header: yaml: cannot unmarshal !!str `private words`", diary.ErrBadEntry), exitDamaged},
		{wrap(diary.ErrNotFound), exitUsage},
		{&diary.AmbiguousError{Prefix: "ab", Candidates: []string{"ab1", "ab2"}}, exitUsage},
		{diary.ErrEmptyBody, exitUsage},
		{wrap(diary.ErrBodyTooLarge), exitUsage},
		{wrap(diary.ErrBadDate), exitUsage},
		{&fs.PathError{Op: "write", Path: "/d/entries/x.age", Err: syscall.ENOSPC}, exitFileSystem},
		{&fs.PathError{Op: "open", Path: "/d/entries", Err: syscall.EROFS}, exitFileSystem},
		{&fs.PathError{Op: "open", Path: "/d/entries", Err: syscall.EACCES}, exitFileSystem},
		{&fs.PathError{Op: "mkdir", Path: "/d", Err: syscall.ENOTDIR}, exitFileSystem},
		{errors.New("something unforeseen"), exitInternal},
		{usageError("bad flag"), exitUsage},
	}
	for _, tt := range tests {
		e := describe(tt.err, "/d")
		if exitCodes[e.Kind] != tt.code {
			t.Errorf("describe(%v): exit %d, want %d", tt.err, exitCodes[e.Kind], tt.code)
		}
		if strings.Contains(e.Msg, "private words") {
			t.Errorf("describe(%v): message %q repeats text from the entry", tt.err, e.Msg)
		}
		if e.Msg == "" || e.Msg != strings.ToLower(e.Msg[:1])+e.Msg[1:] || strings.HasSuffix(e.Msg, ".") {
			t.Errorf("describe(%v): message %q should be lower case with no final period", tt.err, e.Msg)
		}
	}
}

// TestOldEditorDiaryTags: a diary whose entries were saved by the
// full-screen editor before the store derived tags (the fixture in
// testdata/old-editor-diary, made by that version: its entries lack their
// prompt's subtheme and their #hashtags, and its entry index is of the old
// layout) lists by the same tags peerdiary tags counts, for every tag.
func TestOldEditorDiaryTags(t *testing.T) {
	f := &fakeRun{t: t, env: map[string]string{}}
	dir := filepath.Join(t.TempDir(), "diary")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "old-editor-diary"))); err != nil {
		t.Fatal(err)
	}
	pass := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.env[envDiaryDir], f.env[envPassphraseFile] = dir, pass

	code, stdout, stderr := f.run("", false, "tags", "--json")
	if code != 0 {
		t.Fatalf("tags: exit %d: %s", code, stderr)
	}
	var counts []diary.TagCount
	if err := json.Unmarshal([]byte(stdout), &counts); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range counts {
		got[c.Tag] = c.Count
	}
	for tag, n := range map[string]int{"care": 1, "care/welcome": 1, "night": 1, "memorial": 1, "outreach": 2} {
		if got[tag] != n {
			t.Errorf("tags counts %s %d times, want %d (all: %v)", tag, got[tag], n, got)
		}
	}
	for _, c := range counts {
		code, stdout, stderr := f.run("", false, "list", "--tag", c.Tag, "--json")
		if code != 0 {
			t.Fatalf("list --tag %s: exit %d: %s", c.Tag, code, stderr)
		}
		var listed []map[string]any
		if err := json.Unmarshal([]byte(stdout), &listed); err != nil {
			t.Fatal(err)
		}
		if len(listed) != c.Count {
			t.Errorf("tags counts %d entries tagged %s, list --tag %s shows %d", c.Count, c.Tag, c.Tag, len(listed))
		}
	}
}

// A file can be given any name, and messages name files: a name holding
// escape sequences must reach the terminal as visible characters, never as
// commands (retitling the window, clearing the screen, writing the
// clipboard), in every message that names it.
func TestFileNamesInMessagesAreInert(t *testing.T) {
	f := newFakeRun(t)
	if code, _, stderr := f.run("a note", false, "write"); code != 0 {
		t.Fatalf("write: exit %d: %s", code, stderr)
	}
	names := []string{
		"\x1b]0;owned\x07.age",
		"\x1b]52;c;Y2FuYXJ5\x1b\\.age",
		"\x1b[2J\x1b[H\u202e.age",
		"bell\x07\x9b2J\u2028.age",
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(f.env[envDiaryDir], "entries", n), []byte("not an age file"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	bad := func(s string) bool {
		return !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
			return r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || r == 0x202e || r == 0x2028
		})
	}
	for _, args := range [][]string{{"list"}, {"verify"}, {"tags"}, {"--diary", f.env[envDiaryDir] + "/\x1b]0;owned\x07", "list"}} {
		code, stdout, stderr := f.run("", true, args...)
		if bad(stdout) || bad(stderr) {
			t.Errorf("%q: raw controls reach the terminal (exit %d):\nstdout %q\nstderr %q", args, code, stdout, stderr)
		}
		if !strings.Contains(stderr, "␛]0;owned␇") {
			t.Errorf("%q: the odd name is not shown visibly:\n%s", args, stderr)
		}
	}
}

// An export is never written to the terminal in plaintext, nor as binary;
// armored ciphertext is text and may be.
func TestExportToATerminal(t *testing.T) {
	f := newFakeRun(t)
	code, _, stderr := f.run("", false, "write", "-m", "Sam came by.")
	if code != 0 {
		t.Fatal(stderr)
	}
	_, pub, _ := f.run("", false, "key", "public")
	if code, _, stderr := f.run("", false, "contacts", "add", "Me", strings.TrimSpace(pub)); code != 0 {
		t.Fatal(stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "--plaintext", "--since", "2000-01-01", "-o", "-"}, exitUsage, "not writing a plaintext export to the terminal"},
		{[]string{"export", "--to", "Me", "--since", "2000-01-01", "-o", "-", "--yes"}, exitUsage, "not writing a binary file to the terminal"},
		{[]string{"export", "--to", "Me", "--since", "2000-01-01", "-o", "-", "--armor", "--yes"}, 0, "exported 1 entry"},
	} {
		code, stdout, stderr := f.run("", true, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr:\n%s", tc.args, code, stderr)
		}
		if tc.code != 0 && stdout != "" {
			t.Errorf("%v: printed %q", tc.args, stdout)
		}
		if tc.code == 0 && (!strings.HasPrefix(stdout, "-----BEGIN AGE ENCRYPTED FILE-----") || strings.Contains(stdout, "Sam came by")) {
			t.Errorf("%v: printed %q", tc.args, stdout)
		}
	}
	// Only the armored export left, and the ledger says so.
	_, ledger, _ := f.run("", false, "exports", "--json")
	if n := strings.Count(ledger, `"sha256"`); n != 1 {
		t.Errorf("%d exports recorded:\n%s", n, ledger)
	}
}

// At a terminal, an export asks before it sends: "yes" sends, anything
// else sends nothing and records nothing.
func TestExportAsksAtATerminal(t *testing.T) {
	f := newFakeRun(t)
	if code, _, stderr := f.run("", false, "write", "-m", "A hard shift."); code != 0 {
		t.Fatal(stderr)
	}
	_, pub, _ := f.run("", false, "key", "public")
	f.run("", false, "contacts", "add", "Me", strings.TrimSpace(pub))
	out := filepath.Join(t.TempDir(), "p.age")
	run := func(answer string) (int, string) {
		var errw bytes.Buffer
		sio := stdio{in: strings.NewReader(answer), out: &bytes.Buffer{}, err: &errw, inTerminal: true, width: 80,
			getenv:  func(k string) string { return f.env[k] },
			openTTY: func() (*os.File, error) { return nil, errors.New("no terminal") }}
		return run(context.Background(), []string{"export", "--to", "Me", "--since", "2000-01-01", "-o", out}, sio), errw.String()
	}
	code, stderr := run("no\n")
	if code != 0 || !strings.Contains(stderr, "This is your first export to Me") || !strings.Contains(stderr, "nothing was sent") {
		t.Errorf("answered no: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("written after no")
	}
	code, stderr = run("yes\n")
	if code != 0 || !strings.Contains(stderr, "exported 1 entry") {
		t.Errorf("answered yes: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("not written after yes: %v", err)
	}
	_, ledger, _ := f.run("", false, "exports", "--json")
	if n := strings.Count(ledger, `"sha256"`); n != 1 {
		t.Errorf("%d exports recorded", n)
	}
}

// At a terminal, people add with no name asks for each part, so the name
// never goes into the shell's history.
func TestPeopleAddAsks(t *testing.T) {
	f := newFakeRun(t)
	var out, errw bytes.Buffer
	sio := stdio{in: strings.NewReader("Sam Jones\nSammy, SJ\nClient A\n"), out: &out, err: &errw, inTerminal: true, width: 80,
		getenv:  func(k string) string { return f.env[k] },
		openTTY: func() (*os.File, error) { return nil, errors.New("no terminal") }}
	if code := run(context.Background(), []string{"people", "add"}, sio); code != 0 {
		t.Fatalf("exit %d: %s", code, errw.String())
	}
	if got := out.String(); got != "on the list: Sam Jones (also Sammy, SJ) → Client A\n" {
		t.Errorf("stdout %q", got)
	}
	for _, prompt := range []string{"Their name, as you write it: ", "Other names they go by", "Their pseudonym in every export"} {
		if !strings.Contains(errw.String(), prompt) {
			t.Errorf("no prompt %q in %q", prompt, errw.String())
		}
	}
}
