// Package savecases is the table of entries that the command line and the
// full-screen diary must save identically: each front end's test feeds
// every case through its own path and compares the saved plaintext, apart
// from the id and the times, with the same golden file. Because both must
// match one file, they match each other byte for byte.
package savecases

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Case is one entry as a person gives it.
type Case struct {
	Name     string
	Text     string   // the text of a free entry
	Tags     []string // typed as tags
	Mood     int      // 1–5, or 0 for none
	Prompt   string   // the id of the prompt answered, or ""
	Template string   // the reflection's template id, or ""
	Answers  []string // one per step of the template, blank to skip
}

// Cases are the entries both front ends save.
var Cases = []Case{
	{Name: "free", Text: "Long shift at the drop-in. #outreach\nSat with J. after the call, #Hard-Day", Tags: []string{"night", "Self Care"}, Mood: 2},
	{Name: "prompt", Prompt: "transitions.first-weeks.1", Text: "What surprised me most: how much people remembered.\n\n#memorial for D."},
	{Name: "prompt-tagged", Prompt: "care.hard-days.1", Text: "A hard one today.", Tags: []string{prompts.FamilyCare}, Mood: 1}, // a tag the prompt gives too
	{Name: "reflection", Template: "what-so-what-now-what",
		Answers: []string{"The van broke down at the usual stop. #outreach", "", "Ask for a spare key.\nTalk to Sam."}},
}

// Mask is an entry file's plaintext without what differs between two saves
// of the same entry: the id, the times, and the padding after the text.
func Mask(plain []byte) string {
	var out []string
	for line := range strings.Lines(string(plain)) {
		if strings.HasPrefix(line, "id: ") || strings.HasPrefix(line, "created: ") || strings.HasPrefix(line, "updated: ") {
			continue
		}
		out = append(out, line)
	}
	return strings.TrimRight(strings.Join(out, ""), "\n") + "\n"
}

// ReadEntry decrypts the entry file of id in the diary dir, as the age
// command line would with the passphrase.
func ReadEntry(t testing.TB, dir, passphrase, id string) []byte {
	t.Helper()
	kf, err := os.ReadFile(filepath.Join(dir, diary.KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	ident, err := crypto.UnwrapIdentity(kf, []byte(passphrase))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := os.ReadFile(filepath.Join(dir, diary.EntriesDir, id+diary.FileExt))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := crypto.Open(sealed, diary.MaxEntryFileSize, ident)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

// Check compares an entry's plaintext, masked, with the case's golden file;
// SAVECASES_UPDATE=1 writes the golden instead.
func Check(t testing.TB, c Case, plain []byte) {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	golden := filepath.Join(filepath.Dir(self), "testdata", c.Name+".golden")
	got := Mask(plain)
	if os.Getenv("SAVECASES_UPDATE") == "1" {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(got), want) {
		t.Errorf("case %s saved differently from %s:\n--- saved\n%s--- golden\n%s", c.Name, golden, got, want)
	}
}
