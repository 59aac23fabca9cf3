package redact

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func mustNew(t *testing.T, people []Person, opts Options) *Redactor {
	t.Helper()
	r, err := New(people, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRedactTable(t *testing.T) {
	sam := Person{Name: "Sam", As: "Client A"}
	for _, tc := range []struct {
		name   string
		people []Person
		in     string
		want   string
	}{
		{"plain", []Person{sam}, "Sam came in.", "Client A came in."},
		{"lower case", []Person{sam}, "saw sam today", "saw Client A today"},
		{"upper case", []Person{sam}, "SAM SHOUTED", "Client A SHOUTED"},
		{"possessive", []Person{sam}, "Sam's coat", "Client A's coat"},
		{"curly possessive", []Person{sam}, "Sam’s coat", "Client A’s coat"},
		{"upper possessive", []Person{sam}, "SAM'S COAT", "Client A'S COAT"},
		{"plural possessive", []Person{sam}, "the Sams' coats", "the Client A' coats"},
		{"capitalised plural", []Person{sam}, "two Sams came", "two Client A came"},
		{"lower plural is a word", []Person{{Name: "Bill", As: "Client B"}}, "paid the bills, Bill", "paid the bills, Client B"},
		{"inside a longer word", []Person{sam}, "Samuel and Samantha, sesame, Sam", "Samuel and Samantha, sesame, Client A"},
		{"word ending in it", []Person{sam}, "Balsam", "Balsam"},
		{"listed longer name", []Person{sam, {Name: "Samuel", As: "Client B"}}, "Samuel and Sam", "Client B and Client A"},
		{"punctuation around", []Person{sam}, "(Sam), \"Sam\"; Sam! —Sam— *Sam* _Sam_ @sam #sam", "(Client A), \"Client A\"; Client A! —Client A— *Client A* _Client A_ @Client A #Client A"},
		{"email", []Person{sam}, "sam@example.org", "Client A@example.org"},
		{"digits glued on", []Person{sam}, "sam2 and 2sam", "sam2 and 2sam"},
		{"line break in a name", []Person{{Name: "Mary Jo Smith", As: "Client C"}}, "I met Mary\nJo\r\nSmith today", "I met Client C today"},
		{"punctuation in a name", []Person{{Name: "Mary Jo", As: "Client C"}}, "Mary-Jo, Mary Jo, Mary. Jo, MaryJo", "Client C, Client C, Client C, Client C"},
		{"paragraph break ends a name", []Person{{Name: "Mary Jo", As: "Client C"}}, "Mary\n\n\nJo", "Mary\n\n\nJo"},
		{"only part of a name", []Person{{Name: "Mary Jo", As: "Client C"}}, "Mary and Jo", "Mary and Jo"},
		{"apostrophe in a name", []Person{{Name: "O'Brien", As: "Client D"}}, "O'Brien, O’Brien, O Brien, OBrien, o'brien's", "Client D, Client D, Client D, Client D, Client D's"},
		{"accent in the text", []Person{{Name: "Zoe", As: "Client E"}}, "Zoë and ZOË and Zoe\u0308", "Client E and Client E and Client E"},
		{"accent in the list", []Person{{Name: "José", As: "Client F"}}, "Jose, JOSÉ, jose\u0301", "Client F, Client F, Client F"},
		{"full case folding", []Person{{Name: "Strauß", As: "Client G"}}, "STRAUSS and strauss", "Client G and Client G"},
		{"Greek final sigma", []Person{{Name: "Νίκος", As: "Client H"}}, "ΝΊΚΟΣ είπε", "Client H είπε"},
		{"Turkish dotted I", []Person{{Name: "İlker", As: "Client I"}}, "ilker geldi", "Client I geldi"},
		{"full-width letters", []Person{sam}, "Ｓａｍ", "Client A"},
		{"soft hyphen inside", []Person{sam}, "Sa\u00admuel? no: Sa\u00adm", "Sa\u00admuel? no: Client A"},
		{"zero-width space inside", []Person{sam}, "S\u200bam", "Client A"},
		{"alias", []Person{{Name: "Samantha Jones", Aliases: []string{"Sammy", "SJ"}, As: "Client A"}}, "Sammy (SJ) is Samantha Jones", "Client A (Client A) is Client A"},
		{"longest wins", []Person{sam, {Name: "Sam Jones", As: "Client B"}}, "Sam Jones and Sam", "Client B and Client A"},
		{"overlapping names", []Person{{Name: "Ann Lee", As: "Client A"}, {Name: "Lee Park", As: "Client B"}}, "Ann Lee Park", "Client A Park"},
		{"Han inside a run", []Person{{Name: "王伟", As: "Client J"}}, "我和王伟说话", "我和Client J说话"},
		{"Han apart", []Person{{Name: "王伟", As: "Client J"}}, "王 伟", "Client J"},
		{"Han partial", []Person{{Name: "王伟", As: "Client J"}}, "王小伟", "王小伟"},
		{"Korean with a particle", []Person{{Name: "민수", As: "Client K"}}, "민수가 왔다", "Client K가 왔다"},
		{"no names", []Person{sam}, "Nobody here.", "Nobody here."},
		{"empty", []Person{sam}, "", ""},
		{"invalid UTF-8 kept", []Person{sam}, "\xffSam\xfe", "\xffClient A\xfe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustNew(t, tc.people, Options{})
			got := r.Redact(tc.in)
			if got.Text != tc.want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tc.in, got.Text, tc.want)
			}
			for _, s := range got.Spans {
				if got.Text[s.Start:s.End] != s.Pseudonym {
					t.Errorf("span %+v covers %q", s, got.Text[s.Start:s.End])
				}
			}
			if r.Count() != len(got.Spans) {
				t.Errorf("Count %d, %d spans", r.Count(), len(got.Spans))
			}
			if left := r.Find(got.Text); len(left) > 0 {
				t.Errorf("names left in %q: %+v", got.Text, left)
			}
			// Redacting again changes nothing.
			if again := r.Redact(got.Text); again.Text != got.Text {
				t.Errorf("second pass changed %q to %q", got.Text, again.Text)
			}
		})
	}
}

func TestPseudonymsConsistent(t *testing.T) {
	r := mustNew(t, []Person{
		{Name: "Sam"},
		{Name: "Alex", Aliases: []string{"Al"}},
		{Name: "Jo", As: "Colleague"},
	}, Options{})
	a := r.Redact("Alex met Sam.")
	b := r.Redact("Later Sam, Al and Jo talked.")
	if a.Text != "Person A met Person B." {
		t.Errorf("first text: %q", a.Text)
	}
	if b.Text != "Later Person B, Person A and Colleague talked." {
		t.Errorf("second text: %q", b.Text)
	}
	if got, want := r.Counts(), map[string]int{"Person A": 2, "Person B": 2, "Colleague": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("Counts %v, want %v", got, want)
	}
	if r.Count() != 5 {
		t.Errorf("Count %d", r.Count())
	}
	if r.Pseudonym(0) != "Person B" || r.Pseudonym(1) != "Person A" || r.Pseudonym(2) != "Colleague" || r.Pseudonym(9) != "" {
		t.Errorf("Pseudonym: %q %q %q", r.Pseudonym(0), r.Pseudonym(1), r.Pseudonym(2))
	}
	// A new Redactor is a new export: pseudonyms start again.
	r2 := mustNew(t, []Person{{Name: "Sam"}, {Name: "Alex"}}, Options{Label: "Client"})
	if got := r2.Redact("Sam and Alex").Text; got != "Client A and Client B" {
		t.Errorf("second export: %q", got)
	}
}

func TestGivenPseudonymsAvoidNames(t *testing.T) {
	// "A" is someone's name, so no "Person A"; "Person" is too, so the label
	// changes; and a fixed "Someone A" is taken.
	r := mustNew(t, []Person{{Name: "A"}, {Name: "Person"}, {Name: "Zed", As: "Someone B"}}, Options{})
	got := r.Redact("Person met A and Zed").Text
	if got != "Someone C met Someone D and Someone B" {
		t.Errorf("got %q", got)
	}
	if left := r.Find(got); len(left) > 0 {
		t.Errorf("names left: %+v", left)
	}
	if letters(0) != "A" || letters(25) != "Z" || letters(26) != "AA" || letters(27) != "AB" || letters(26*27) != "AAA" {
		t.Errorf("letters: %s %s %s %s %s", letters(0), letters(25), letters(26), letters(27), letters(26*27))
	}
}

func TestNewRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		people []Person
		want   string
	}{
		{"empty name", []Person{{Name: "  "}}, `"  " has no letters`},
		{"punctuation only", []Person{{Name: "Sam", Aliases: []string{"--"}}}, `"--" has no letters`},
		{"two people one name", []Person{{Name: "Sam"}, {Name: "Alex", Aliases: []string{"SAM"}}}, `"SAM" is listed for two different people`},
		{"pseudonym uses a name", []Person{{Name: "Sam Jones", As: "Client Sam"}}, `the pseudonym "Client Sam" uses a word`},
		{"pseudonym is a plural of a name", []Person{{Name: "Client", As: "Clients"}}, `the pseudonym "Clients"`},
		{"pseudonym without words", []Person{{Name: "Sam", As: "!!"}}, `the pseudonym "!!"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.people, Options{})
			if err == nil || !errors.Is(err, ErrBadList) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New: %v, want %q", err, tc.want)
			}
		})
	}
	// The same name twice for one person is fine.
	if _, err := New([]Person{{Name: "Sam", Aliases: []string{"sam", "SAM"}}}, Options{}); err != nil {
		t.Errorf("repeated alias: %v", err)
	}
}

func TestCheckThis(t *testing.T) {
	r := mustNew(t, []Person{{Name: "Sam", As: "Client A"}, {Name: "Mary Jo"}}, Options{})
	in := "Today Sam and Priya went to Riverside. The Outreach team said Mary Jo's fine. I'm OK. Don't worry, Will. NHS 2024 Monday."
	res := r.Redact(in)
	got := Words(r.CheckThis(res.Text, res.Spans))
	want := []string{"Priya", "Riverside", "Will", "NHS"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CheckThis on redacted text: %q, want %q", got, want)
	}
	// On unredacted text, listed names are not candidates either.
	if got := Words(r.CheckThis(in, nil)); !reflect.DeepEqual(got, want) {
		t.Errorf("CheckThis on the original: %q, want %q", got, want)
	}
	// Positions point at the words.
	for _, c := range r.CheckThis(res.Text, res.Spans) {
		if res.Text[c.Start:c.End] != c.Word {
			t.Errorf("candidate %+v covers %q", c, res.Text[c.Start:c.End])
		}
	}
}

func TestInSpans(t *testing.T) {
	spans := []Span{{Start: 2, End: 4}, {Start: 10, End: 12}}
	for _, tc := range []struct {
		s, e int
		want bool
	}{{0, 2, false}, {1, 3, true}, {3, 5, true}, {4, 10, false}, {11, 15, true}, {12, 15, false}} {
		if got := inSpans(tc.s, tc.e, spans); got != tc.want {
			t.Errorf("inSpans(%d,%d) = %v", tc.s, tc.e, got)
		}
	}
}
