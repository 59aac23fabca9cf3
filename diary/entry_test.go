package diary

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

var pacific = time.FixedZone("", -8*3600)

func TestFormatParseRoundTrip(t *testing.T) {
	created := time.Date(2026, 11, 23, 18, 30, 0, 0, pacific)
	for _, tc := range []struct {
		name string
		e    Entry
	}{
		{"body only", Entry{Body: "Short day."}},
		{"everything", Entry{
			ID: "k3v9x2q8m4n7p1z0", Created: created, Updated: created.Add(time.Hour),
			Prompt: &PromptRef{ID: "boundaries-01", Family: "boundaries", Subtheme: "saying no", Text: "When did you hold a line today?"},
			Tags:   []string{"hard-day", "outreach"}, Mood: 2,
			Body: "# After the call\n\nSat with R. for an hour.\n\n- kept my cool\n- ate lunch",
		}},
		{"reflection", Entry{
			ID: "r1", Created: created, Updated: created, Template: "debrief",
			Answers: []Answer{{Step: "what", Question: "What happened?", Text: "An overdose at the shelter.\nHe is OK."}, {Step: "next", Text: "Call my supervisor."}},
		}},
		{"body that looks like front matter", Entry{ID: "x", Body: "---\nid: other\n---\nnot a header"}},
		{"leading blank lines kept", Entry{ID: "x", Body: "\n\n  indented first line"}},
		{"unicode", Entry{ID: "x", Body: "Café — ça va?\nok 😊", Tags: []string{"été"}}},
		{"yaml-looking values", Entry{ID: "x", Body: "b", Tags: []string{"yes", "null", "1", "[a]", "a: b"}, Prompt: &PromptRef{ID: "p", Text: "- no\n---\n"}}},
		{"fractional seconds kept", Entry{ID: "x", Body: "b", Created: created.Add(123456789 * time.Nanosecond), Updated: created}},
		{"unknown fields", Entry{ID: "x", Body: "b", Extra: map[string]any{"location": "north hub", "weather": map[string]any{"rain": true, "temp": 7}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.e
			e.Tags = NormalizeTags(e.Tags)
			plain, err := e.Format()
			if err != nil {
				t.Fatal(err)
			}
			if len(plain)%1024 != 0 || len(plain) == 0 {
				t.Fatalf("formatted length %d is not a positive multiple of 1 KiB", len(plain))
			}
			if !bytes.HasPrefix(plain, []byte("---\npeerdiary: 1\n")) {
				t.Fatalf("front matter does not start with the version: %.40q", plain)
			}
			got, err := ParseEntry(plain)
			if err != nil {
				t.Fatal(err)
			}
			assertSameEntry(t, got, &e)
		})
	}
}

func assertSameEntry(t *testing.T, got, want *Entry) {
	t.Helper()
	if !got.Created.Equal(want.Created) || !got.Updated.Equal(want.Updated) {
		t.Errorf("times: got %v/%v, want %v/%v", got.Created, got.Updated, want.Created, want.Updated)
	}
	g, w := *got, *want
	g.Created, g.Updated, w.Created, w.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("entry changed in a round trip:\n got %#v\nwant %#v", g, w)
	}
}

func TestFormatPadding(t *testing.T) {
	seen := map[int]bool{}
	for n := 1; n < 5000; n += 37 {
		e := Entry{ID: "x", Body: strings.Repeat("a", n)}
		plain, err := e.Format()
		if err != nil {
			t.Fatal(err)
		}
		if len(plain)%1024 != 0 {
			t.Fatalf("body of %d bytes: %d bytes of plaintext", n, len(plain))
		}
		seen[len(plain)] = true
		got, err := ParseEntry(plain)
		if err != nil || got.Body != e.Body {
			t.Fatalf("body of %d bytes did not survive padding: %v", n, err)
		}
	}
	// Sizes 1 B to 5 KB fall in five or six 1 KiB buckets, not hundreds.
	if len(seen) > 6 {
		t.Fatalf("%d distinct plaintext sizes: padding leaks length", len(seen))
	}
}

func TestParseEntryUnknownFieldsSurviveAnEdit(t *testing.T) {
	written := "---\npeerdiary: 1\nid: k3v9\ncreated: 2026-11-23T18:30:00-08:00\nlocation: north hub\nfuture_field:\n    nested: [1, 2]\n---\nFirst text\n"
	e, err := ParseEntry([]byte(written))
	if err != nil {
		t.Fatal(err)
	}
	e.Body = "Edited text"
	plain, err := e.Format()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"location: north hub", "future_field:", "nested:"} {
		if !bytes.Contains(plain, []byte(want)) {
			t.Errorf("an edit dropped %q:\n%s", want, bytes.TrimRight(plain, "\n"))
		}
	}
	again, err := ParseEntry(plain)
	if err != nil || again.Body != "Edited text" || again.Extra["location"] != "north hub" {
		t.Fatalf("after an edit: %+v, %v", again, err)
	}
}

// Entries made by hand (docs/FORMAT.md) are accepted with as little as a body.
func TestParseEntryHandWritten(t *testing.T) {
	for _, tc := range []struct {
		name      string
		plain     string
		wantID    string
		wantBody  string
		wantTags  []string
		wantMood  int
		created   bool
		wantTitle string
	}{
		{"plain text, no front matter", "Just a few lines.\nSecond line.\n", "", "Just a few lines.\nSecond line.", nil, 0, false, "Just a few lines."},
		{"markdown heading", "# A hard night\n\nText", "", "# A hard night\n\nText", nil, 0, false, "A hard night"},
		{"front matter without version or id", "---\ntags: [Outreach, '#Night Shift']\nmood: 4\n---\nBody\n", "", "Body", []string{"night-shift", "outreach"}, 4, false, "Body"},
		{"front matter with id and date", "---\nid: my-entry\ncreated: 2026-11-01T09:00:00+01:00\n---\nBody", "my-entry", "Body", nil, 0, true, "Body"},
		{"CRLF line ends", "---\r\nid: crlf\r\n---\r\nLine one\r\nLine two\r\n", "crlf", "Line one\nLine two", nil, 0, false, "Line one"},
		{"lone CR line ends", "Line one\rLine two\r\r\nthree", "", "Line one\nLine two\n\nthree", nil, 0, false, "Line one"},
		{"byte-order mark", "\ufeff---\nid: bom\n---\nBody", "bom", "Body", nil, 0, false, "Body"},
		{"header closed at end of file", "---\nid: closed\n---", "closed", "", nil, 0, false, ""},
		{"empty header", "---\n---\nBody", "", "Body", nil, 0, false, "Body"},
		{"unpadded, trailing spaces", "---\nid: t\n---\nBody   \n\n\n  \n", "t", "Body", nil, 0, false, "Body"},
		{"tags as a block list", "---\ntags:\n  - one\n  - Two\n---\nb", "", "b", []string{"one", "two"}, 0, false, "b"},
		{"dashes inside the body", "---\nid: d\n---\nabove\n---\nbelow", "d", "above\n---\nbelow", nil, 0, false, "above"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ParseEntry([]byte(tc.plain))
			if err != nil {
				t.Fatal(err)
			}
			if e.ID != tc.wantID || e.Body != tc.wantBody || !reflect.DeepEqual(e.Tags, tc.wantTags) || e.Mood != tc.wantMood || e.Title() != tc.wantTitle {
				t.Errorf("got id %q body %q tags %q mood %d title %q", e.ID, e.Body, e.Tags, e.Mood, e.Title())
			}
			if e.Created.IsZero() == tc.created {
				t.Errorf("created = %v", e.Created)
			}
		})
	}
}

func TestParseEntryRejects(t *testing.T) {
	const secret = "Sarah-overdosed"
	for _, tc := range []struct {
		name  string
		plain string
	}{
		{"newer format version", "---\npeerdiary: 2\nid: x\n---\n" + secret},
		{"not UTF-8", "---\nid: x\n---\n\xff\xfe" + secret},
		{"unclosed header", "---\nid: x\ntags: [" + secret + "]\n"},
		{"bad id", "---\nid: " + secret + "\n---\nbody"},
		{"id too long", "---\nid: " + strings.Repeat("a", 65) + "\n---\nbody"},
		{"bad created", "---\ncreated: " + secret + "\n---\nbody"},
		{"date without offset", "---\ncreated: 2026-11-23T18:30:00\n---\nbody"},
		{"bad updated", "---\nupdated: yesterday\n---\nbody"},
		{"mood out of range", "---\nmood: 7\n---\nbody"},
		{"negative mood", "---\nmood: -1\n---\nbody"},
		{"mood not a number", "---\nmood: " + secret + "\n---\nbody"},
		{"tags not a list", "---\ntags: {a: " + secret + "}\n---\nbody"},
		{"invalid YAML", "---\nid: [x\n" + secret + ": ]]\n---\nbody"},
		{"duplicate key", "---\nid: a\nid: b\n---\nbody"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ParseEntry([]byte(tc.plain))
			if !errors.Is(err, ErrBadEntry) {
				t.Fatalf("got %v, want ErrBadEntry", err)
			}
			if e != nil {
				t.Fatal("an entry came back with an error")
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("the error shows entry text: %v", err)
			}
		})
	}
}

func TestNormalizeTag(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Outreach", "outreach"},
		{"#hard day", "hard-day"},
		{"  ##  Night   Shift ", "night-shift"},
		{"a,b", "ab"},
		{"tab\there", "tab-here"},
		{"bell\a", "bell"},
		{"#", ""},
		{"   ", ""},
		{"ÉTÉ", "été"},
		{strings.Repeat("x", 70), strings.Repeat("x", 64)},
		{"#\x00#a", "a"},
		{"a\u202eb", "ab"},
		{"\u2066iso\u2069", "iso"},
		{"rtl\u200f", "rtl"},
		{"zero\u200bwidth", "zerowidth"},
		{"team\u200d👩", "team\u200d👩"},
		{"line\u2028sep", "line-sep"},
	} {
		got := NormalizeTag(tc.in)
		if got != tc.want {
			t.Errorf("NormalizeTag(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := NormalizeTag(got); again != got {
			t.Errorf("NormalizeTag is not idempotent on %q: %q", got, again)
		}
	}
	if got := NormalizeTags([]string{"b", "#B", "a", "", "  "}); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("NormalizeTags = %q", got)
	}
	if got := NormalizeTags([]string{"#", ""}); got != nil {
		t.Errorf("NormalizeTags of nothing = %#v, want nil", got)
	}
}

func TestValidIDAndNewID(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"k3v9x2q8m4n7p1z0", true}, {"a", true}, {"my-entry_2", true}, {strings.Repeat("a", 64), true},
		{"", false}, {"-a", false}, {"_a", false}, {"A", false}, {"a b", false}, {"a/b", false}, {"../x", false},
		{strings.Repeat("a", 65), false}, {"é", false},
	} {
		if got := ValidID(tc.id); got != tc.want {
			t.Errorf("ValidID(%q) = %v", tc.id, got)
		}
	}
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if len(id) != 16 || !ValidID(id) || strings.ContainsAny(id, "ilou") {
			t.Fatalf("NewID() = %q", id)
		}
		if seen[id] {
			t.Fatalf("NewID repeated %q", id)
		}
		seen[id] = true
	}
}

func TestTitleAndWords(t *testing.T) {
	for _, tc := range []struct {
		e     Entry
		title string
		words int
	}{
		{Entry{Body: "\n\n## Heading  \nmore words here"}, "Heading", 5},
		{Entry{Body: "   "}, "", 0},
		{Entry{Answers: []Answer{{Text: " first answer "}, {Text: "two three"}}}, "first answer", 4},
	} {
		if got := tc.e.Title(); got != tc.title {
			t.Errorf("Title() = %q, want %q", got, tc.title)
		}
		if got := tc.e.Words(); got != tc.words {
			t.Errorf("Words() = %d, want %d", got, tc.words)
		}
	}
}

func TestCheckBody(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    Entry
		want error
	}{
		{"text", Entry{Body: "x"}, nil},
		{"empty", Entry{}, ErrEmptyBody},
		{"white space", Entry{Body: " \n\t "}, ErrEmptyBody},
		{"answers only", Entry{Answers: []Answer{{Step: "a", Text: "y"}}}, nil},
		{"blank answers", Entry{Answers: []Answer{{Step: "a", Text: " "}}}, ErrEmptyBody},
		{"at the limit", Entry{Body: strings.Repeat("x", MaxBodySize)}, nil},
		{"over the limit", Entry{Body: strings.Repeat("x", MaxBodySize+1)}, ErrBodyTooLarge},
		{"not UTF-8", Entry{Body: "a\xff"}, ErrBadEntry},
	} {
		if err := CheckBody(&tc.e); !errors.Is(err, tc.want) {
			t.Errorf("%s: CheckBody = %v, want %v", tc.name, err, tc.want)
		}
	}
}
