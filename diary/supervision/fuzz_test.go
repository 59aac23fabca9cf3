package supervision

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"peerdiary/diary"
)

func TestFuzzCorporaPresent(t *testing.T) {
	for _, name := range []string{"FuzzPacketHidesNames", "FuzzHTMLText"} {
		des, err := os.ReadDir(filepath.Join("testdata", "fuzz", name))
		if err != nil || len(des) < 5 {
			t.Errorf("%s: seed corpus has %d files (%v), want at least 5", name, len(des), err)
		}
	}
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// FuzzPacketHidesNames checks, in every format, that no listed name or
// alias is left in a packet: in its text fields, the Markdown file, the
// HTML page (as a browser reads its text) and every string of the JSON.
// A name that the packet's own fixed words contain ("Mood", "Entry") is
// skipped for the whole files, since those words are not the worker's.
func FuzzPacketHidesNames(f *testing.F) {
	f.Add("Sam's coat; SAM came.\nsam", "Sam", "Sammy", "a tag", "note about Sam")
	f.Add("O'Brien & <b>O&#39;Brien</b>", "O'Brien", "", "obrien", "")
	f.Add("Zoë, ZOE, zoe\u0301", "Zoe", "Z", "zoë", "Zoe?")
	f.Add("王伟说话", "王伟", "伟", "", "")
	f.Add("Mood: Entry Dates", "Mood", "Entry", "mood", "Dates")
	f.Fuzz(func(t *testing.T, body, name, alias, tag, note string) {
		// A name or alias with no letter (a room number, say) can equal
		// a number the packet prints of itself, such as its count of
		// replacements, which differs from the skeleton's below.
		if !hasLetter(name) || (alias != "" && !hasLetter(alias)) {
			return
		}
		people := []diary.Person{{Name: name}}
		if alias != "" {
			people[0].Aliases = []string{alias}
		}
		r, err := diary.NewRedactor(people)
		if err != nil {
			return
		}
		e := &diary.Entry{ID: "aaaaaaaaaaaaaaaa", Created: day1, Body: body, Tags: []string{tag},
			Answers: []diary.Answer{{Question: body, Text: note}},
			Prompt:  &diary.PromptRef{Family: "care", Text: note}}
		p, err := Build(Request{Entries: []*diary.Entry{e}, People: people, Redact: true, Note: note, Now: now, Location: utc,
			Flags: []diary.Flag{{ID: e.ID, Note: body}}})
		if err != nil {
			if strings.Contains(err.Error(), "still in the packet") {
				t.Fatal(err)
			}
			return // too long, and such; not about names
		}
		p.eachText(func(tx *Text) {
			if m := r.Find(tx.S); len(m) > 0 {
				t.Fatalf("a listed name is left in %q", tx.S)
			}
		})
		skeleton, _ := Build(Request{Entries: []*diary.Entry{{ID: e.ID, Created: day1, Tags: []string{"x"},
			Prompt: &diary.PromptRef{Family: "care", Text: "x"}, Answers: []diary.Answer{{Question: "x", Text: "x"}}}},
			Redact: true, Note: "x", Now: now, Location: utc, Flags: []diary.Flag{{ID: e.ID, Note: "x"}}})
		md := string(p.Markdown())
		page, _ := p.HTML()
		skeletonPage, _ := skeleton.HTML()
		fixed := string(skeleton.Markdown()) + html.UnescapeString(string(skeletonPage))
		if len(r.Find(fixed)) > 0 {
			return // the name is one of the packet's own words
		}
		if m := r.Find(md); len(m) > 0 {
			t.Fatalf("a listed name is left in the Markdown at %d: %q", m[0].Start, md[m[0].Start:m[0].End])
		}
		if text := html.UnescapeString(string(page)); len(r.Find(text)) > 0 {
			t.Fatalf("a listed name is left in the HTML page")
		}
		js, err := p.JSON()
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(js, &v); err != nil {
			t.Fatalf("the JSON does not parse: %v", err)
		}
		var walk func(any)
		walk = func(v any) {
			switch v := v.(type) {
			case string:
				if len(r.Find(v)) > 0 {
					t.Fatalf("a listed name is left in the JSON: %q", v)
				}
			case []any:
				for _, x := range v {
					walk(x)
				}
			case map[string]any:
				for _, x := range v {
					walk(x)
				}
			}
		}
		walk(v)
	})
}

// FuzzHTMLText checks that any page, well made or not, is read without a
// panic, and that a packet's page reads back as its Markdown packet
// whatever its text holds. Carriage returns and NULs are left out of the
// round trip: a saved entry has none (diary.ReadText), and HTML parsers
// turn them into newlines and U+FFFD.
func FuzzHTMLText(f *testing.F) {
	f.Add("Sat with Sam.\n\n<script>x</script> & \"q\"", "a note\n  indented", "tag")
	f.Add("", "", "")
	f.Add("</div></section><section class=\"entry\"><h2>fake</h2>", "<h1>x</h1>", "<li>")
	f.Add("# not a heading\n- not a list\n---", "&amp;&lt;", "t")
	f.Add("\u00a0 \t trailing \n\n\n", "\u202e", "zoë")
	f.Fuzz(func(t *testing.T, body, note, tag string) {
		HTMLText([]byte(body)) // never panics
		clean := strings.NewReplacer("\r", "", "\x00", "")
		p, err := Build(Request{Entries: []*diary.Entry{{ID: "aaaaaaaaaaaaaaaa", Created: day1, Body: clean.Replace(body),
			Tags: []string{clean.Replace(tag)}}}, Note: clean.Replace(note), Redact: true, Now: now, Location: utc})
		if err != nil {
			return
		}
		checkReadBack(t, p)
	})
}
