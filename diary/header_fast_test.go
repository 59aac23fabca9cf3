package diary

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"peerdiary/internal/corpus"
)

// headerOf is the YAML between an entry file's "---" lines, as ParseEntry
// hands it to the parsers.
func headerOf(t testing.TB, e *Entry) string {
	t.Helper()
	plain, err := e.Format()
	if err != nil {
		t.Fatal(err)
	}
	rest := strings.TrimPrefix(string(plain), "---\n")
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		t.Fatalf("no header in %q", plain)
	}
	return rest[:end+1]
}

// sameAsYAML checks the fast parser against yaml.v3 on one header: what it
// accepts, yaml.v3 accepts too, with the same result.
func sameAsYAML(t testing.TB, head string) bool {
	t.Helper()
	fast, ok := parseHeader(head)
	if !ok {
		return false
	}
	var slow frontMatter
	if err := yaml.Unmarshal([]byte(head), &slow); err != nil {
		t.Fatalf("the fast parser read a header yaml.v3 refuses (%v):\n%s", err, head)
	}
	if len(slow.Extra) == 0 {
		slow.Extra = nil // an inline map left empty
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("the fast parser read\n%#v\nyaml.v3 read\n%#v\nfrom\n%s", fast, slow, head)
	}
	return true
}

// TestHeaderFastReadsWhatPeerdiaryWrites: every header peerdiary writes
// for the benchmark corpus, and for entries with awkward text, is read by
// the fast parser (not left to yaml.v3), and read the same.
func TestHeaderFastReadsWhatPeerdiaryWrites(t *testing.T) {
	var entries []*Entry
	for _, d := range corpus.Generate(7, 300) {
		entries = append(entries, benchEntry(d))
	}
	created := time.Date(2026, 11, 23, 18, 30, 0, 0, pacific)
	awkward := []string{
		"true", "12", "0x1f", "~", "null", "yes", "- dash", "colon: inside", "hash # inside", "'quoted'",
		"\"double\"", "trailing space ", "multi\nline\ntext", "ends with a line break\n", "two\n\nparagraphs",
		"tab\there", "é 漢字 👍🏽", "back\\slash", "[brackets]", "{braces}", "a, b", "percent %", "@at", "`tick`",
		"*star", "&amp", "!bang", "|pipe", ">gt", "?q", ":colon", "#hash", "ünïcödé: yes",
	}
	for i, s := range awkward {
		entries = append(entries, &Entry{
			ID: NewID(), Created: created, Updated: created.Add(time.Minute), Mood: i % 6,
			Prompt:   &PromptRef{ID: "care-01", Family: "care", Subtheme: s, Text: s},
			Tags:     NormalizeTags([]string{"outreach", s}),
			Template: "debrief",
			Answers:  []Answer{{Step: "what", Question: s, Text: s}, {Step: "next", Text: "plain"}},
			Body:     "body",
		})
	}
	read := 0
	for _, e := range entries {
		head := headerOf(t, e)
		if sameAsYAML(t, head) {
			read++
		} else {
			t.Logf("left to yaml.v3:\n%s", head)
		}
	}
	// A string with a tab, or one that ends in two line breaks, is written
	// in a form left to yaml.v3; every other header is read here.
	if want := len(entries) - 3; read < want {
		t.Fatalf("the fast parser read %d of %d headers peerdiary wrote, want at least %d", read, len(entries), want)
	}
}

// TestHeaderFastRefuses: shapes the fast parser leaves to yaml.v3.
func TestHeaderFastRefuses(t *testing.T) {
	for _, head := range []string{
		"id: x\nid: y\n",              // a repeated key (an error to yaml.v3)
		"id: x # comment\n",           // a comment
		"custom: field\n",             // a field this version does not know
		"id: &a x\n",                  // an anchor
		"id: ~\n",                     // a null
		"id:\n",                       // a null
		"prompt:\n  id: x\n",          // an indent peerdiary does not write
		"text: >\n  folded\n",         // not a field, and folded
		"template: |+\n  kept\n\n",    // a kept final line break
		"template: |2\n   indented\n", // an indentation indicator
		"id: a\n  continued\n",        // a plain scalar over two lines
		"tags: [a, ~]\n",              // a null in a list
		"tags: []\n",                  // an empty list
		"mood: 03\n",                  // a leading zero
		"mood: 3.0\n",                 // not an integer as written
		"id: x\u2028y\n",              // a YAML line break
		"id: x\ty\n",                  // a tab
		"id: x",                       // no final line break
		"%YAML 1.2\n",                 // a directive
		"answers:\n    - step: s\n     text: t\n",
	} {
		if _, ok := parseHeader(head); ok {
			t.Errorf("the fast parser read %q", head)
		}
	}
}

// TestHeaderFastRandomEntries writes entries with random text and checks
// each header against yaml.v3.
func TestHeaderFastRandomEntries(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "word", " ", "  ", "\n", "\n\n", ":", ": ", "#", " #", "-", "- ", "'", "\"", "\\", "é", "漢",
		"👍", "~", "null", "true", "1", "0x", "[", "]", ",", "{", "|", ">", "!", "&", "*", "%", "@", "`", "?", "\t", "\u00a0"}
	str := func() string {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	read := 0
	for i := range 3000 {
		e := &Entry{ID: NewID(), Mood: r.IntN(6), Template: str(), Body: "b"}
		if r.IntN(2) == 0 {
			e.Prompt = &PromptRef{ID: str(), Family: str(), Subtheme: str(), Text: str()}
		}
		e.Tags = NormalizeTags([]string{str(), str()})
		for range r.IntN(3) {
			e.Answers = append(e.Answers, Answer{Step: str(), Question: str(), Text: str()})
		}
		if i%3 == 0 {
			e.Created = time.Date(2026, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC)
		}
		head := headerOf(t, e)
		if sameAsYAML(t, head) {
			read++
		}
	}
	t.Logf("read %d of 3000 random headers without yaml.v3", read)
}

// FuzzHeaderMatchesYAML: any header the fast parser reads, yaml.v3 reads
// the same.
func FuzzHeaderMatchesYAML(f *testing.F) {
	created := time.Date(2026, 11, 23, 18, 30, 0, 0, pacific)
	for _, e := range []*Entry{
		{ID: "k3v9x2q8m4n7p1z0", Created: created, Updated: created, Tags: []string{"a", "true"}, Mood: 3,
			Prompt: &PromptRef{ID: "p", Family: "f", Text: "What is it: now?"}, Body: "b"},
		{ID: "r", Template: "debrief", Answers: []Answer{{Step: "s", Question: "q", Text: "one\ntwo\n"}, {Step: "t", Text: "\nlead"}}},
	} {
		f.Add(headerOf(f, e))
	}
	f.Add("id: 'it''s'\ntags: [\"x\", y]\n")
	f.Add("prompt:\n    text: |-\n        a\n\n        b\n    id: x\n")
	f.Fuzz(func(t *testing.T, head string) {
		sameAsYAML(t, head)
	})
}

func ExampleEntry_Format_header() {
	e := &Entry{ID: "r", Template: "debrief", Answers: []Answer{{Step: "s", Text: "one\ntwo"}}}
	plain, _ := e.Format()
	fmt.Print(strings.SplitN(string(plain), "---\n", 3)[1])
	// Output:
	// peerdiary: 1
	// id: r
	// template: debrief
	// answers:
	//     - step: s
	//       text: |-
	//         one
	//         two
}
