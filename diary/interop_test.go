package diary

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"peerdiary/internal/agecli"
)

// ageTool finds a tool from the age distribution (age, age-inspect,
// age-plugin-batchpass) of at least v1.3.0, or skips the test with the
// reason, unless CI requires it.
func ageTool(t *testing.T, name string) string {
	t.Helper()
	return agecli.Find(t, name)
}

func runTool(t *testing.T, stdin []byte, env []string, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// TestAgeCLIReadsTheDiary checks the promise of no lock-in with the stock
// age CLI: it decrypts the key file with the passphrase (through its
// age-plugin-batchpass) and entries with the identity, and every file in
// the diary is post-quantum.
func TestAgeCLIReadsTheDiary(t *testing.T) {
	age := ageTool(t, "age")
	ageTool(t, "age-plugin-batchpass")
	inspect := ageTool(t, "age-inspect")

	s, dir := newTestStore(t)
	id, err := s.Put(&Entry{Body: "Read me with plain age.", Tags: []string{"interop"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(&Draft{Name: "d", Entry: Entry{Body: "draft"}}); err != nil {
		t.Fatal(err)
	}
	exported, err := s.ExportIdentity()
	if err != nil {
		t.Fatal(err)
	}

	// The identity, as key export prints it, decrypts an entry.
	entry := filepath.Join(dir, EntriesDir, id+FileExt)
	plain := runTool(t, exported, nil, age, "-d", "-i", "-", entry)
	e, err := ParseEntry(plain)
	if err != nil || e.ID != id || e.Body != "Read me with plain age." {
		t.Fatalf("age -d gave an entry %+v, %v", e, err)
	}
	if len(plain)%1024 != 0 {
		t.Fatalf("age -d gave %d bytes, not padded to 1 KiB", len(plain))
	}

	// The key file opens with the passphrase alone.
	identity := runTool(t, nil, []string{"AGE_PASSPHRASE=" + testPass}, age, "-d", "-j", "batchpass", filepath.Join(dir, KeyFileName))
	if !bytes.Equal(identity, exported) {
		t.Fatal("the key file, decrypted by age, differs from the exported identity")
	}
	if again := runTool(t, identity, nil, age, "-d", "-i", "-", entry); !bytes.Equal(again, plain) {
		t.Fatal("the identity from the key file decrypts differently")
	}

	// The entry index, both its files, opens with the identity too.
	settleNow(t)
	load(t, s)
	summaries := filepath.Join(dir, RecordsDir, indexRecord+FileExt)
	texts := filepath.Join(dir, RecordsDir, indexTextRecord+FileExt)
	if b := runTool(t, exported, nil, age, "-d", "-i", "-", summaries); !bytes.HasPrefix(b, []byte(indexMagic)) || !bytes.Contains(b, []byte(id)) {
		t.Fatal("age -d of the index's summaries gave something else")
	}
	if b := runTool(t, exported, nil, age, "-d", "-i", "-", texts); !bytes.HasPrefix(b, []byte(indexTextMagic)) || !bytes.Contains(b, []byte("read me with plain age.")) {
		t.Fatal("age -d of the index's texts gave something else")
	}

	// Every age file in the diary is post-quantum; the key file is scrypt.
	for _, f := range []string{entry, filepath.Join(dir, DraftsDir, "d"+FileExt), summaries, texts} {
		var info struct {
			PostQuantum string   `json:"postquantum"`
			Stanzas     []string `json:"stanza_types"`
		}
		if err := json.Unmarshal(runTool(t, nil, nil, inspect, "--json", f), &info); err != nil {
			t.Fatal(err)
		}
		if info.PostQuantum != "yes" || len(info.Stanzas) != 1 || info.Stanzas[0] != "mlkem768x25519" {
			t.Errorf("%s: %+v, want one mlkem768x25519 stanza", filepath.Base(f), info)
		}
	}
}

// TestEntryMadeWithAgeCLI follows docs/FORMAT.md: write Markdown with a
// front matter, encrypt it with the age CLI to the diary's public key, drop
// it into entries/, and peerdiary lists and shows it like any other.
func TestEntryMadeWithAgeCLI(t *testing.T) {
	age := ageTool(t, "age")
	s, dir := newTestStore(t)
	pub, err := s.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	hand := "---\nid: from-the-cli\ncreated: 2026-11-20T08:15:00+00:00\ntags: [cli, Night Shift]\nmood: 3\n---\n# Written by hand\n\nEncrypted with age -r.\n"
	sealed := runTool(t, []byte(hand), nil, age, "-r", pub)
	if err := os.WriteFile(filepath.Join(dir, EntriesDir, "whatever-name.age"), sealed, 0o600); err != nil {
		t.Fatal(err)
	}
	noHeader := runTool(t, []byte("Only a body, no front matter.\n"), nil, age, "-r", pub)
	if err := os.WriteFile(filepath.Join(dir, EntriesDir, "bare.age"), noHeader, 0o600); err != nil {
		t.Fatal(err)
	}

	s = reopen(t, s, dir)
	c := load(t, s)
	if len(c.Problems) != 0 || len(c.Entries) != 2 {
		t.Fatalf("Load: %v, problems %v", ids(c), c.Problems)
	}
	e, err := s.Get("from-the-cli")
	if err != nil {
		t.Fatal(err)
	}
	if e.Title() != "Written by hand" || e.Mood != 3 || strings.Join(e.Tags, ",") != "cli,night-shift" || e.Created.Format("2006-01-02T15:04") != "2026-11-20T08:15" {
		t.Fatalf("hand-made entry read as %+v", e)
	}
	if e, err := s.Get("bare"); err != nil || e.Body != "Only a body, no front matter." {
		t.Fatalf("bare entry: %+v, %v", e, err)
	}
}
