package diary

import (
	"slices"
	"strings"
	"testing"
)

func TestHashTags(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string
	}{
		{"plain", "Long shift #outreach, then #Hard-Day.", []string{"hard-day", "outreach"}},
		{"heading is not a tag", "# Tuesday\n## Notes\nok", nil},
		{"tag inside a heading", "# Night at #harbour", []string{"harbour"}},
		{"url fragment", "see https://example.org/guide#naloxone and example.org/#top", nil},
		{"html entity", "it&#39;s fine", nil},
		{"numbers", "room #3 and #42", nil},
		{"code span and fence", "`#notatag` then\n```\n#nor-this\n```\n#yes", []string{"yes"}},
		{"subtheme form", "(#care/grief) ", []string{"care/grief"}},
		{"trailing punctuation", "#trust.", []string{"trust"}},
		{"unicode", "#café #пир", []string{"café", "пир"}},
		{"duplicates", "#a1 #A1 #a1", []string{"a1"}},
		{"double hash", "##x", nil},
		{"indented code is still text", "    # not a heading? #tag", []string{"tag"}},
	}
	for _, tc := range cases {
		if got := HashTags(tc.body); !slices.Equal(got, tc.want) {
			t.Errorf("%s: HashTags(%q) = %q, want %q", tc.name, tc.body, got, tc.want)
		}
	}
}

func TestDerivedTags(t *testing.T) {
	e := &Entry{Prompt: &PromptRef{ID: "care.grief.1", Family: "care", Subtheme: "grief"}, Tags: []string{"Night Shift"},
		Body: "thinking of D. #memorial", Answers: []Answer{{Step: "x", Text: "#team"}}}
	if got, want := e.DerivedTags(), []string{"care", "care/grief", "memorial", "team"}; !slices.Equal(got, want) {
		t.Errorf("DerivedTags = %q, want %q", got, want)
	}
	if got, want := e.withDerivedTags(), []string{"care", "care/grief", "memorial", "night-shift", "team"}; !slices.Equal(got, want) {
		t.Errorf("withDerivedTags = %q, want %q", got, want)
	}
	if got := (&Entry{Body: "no tags here"}).DerivedTags(); got != nil {
		t.Errorf("an entry with nothing to derive: %q", got)
	}
}

// FuzzHashTags: never panics, and every tag found is a normalised tag that
// was written, after a '#', in the text.
func FuzzHashTags(f *testing.F) {
	for _, s := range []string{"#a #B", "# Title\n#x", "http://h/#frag #ok", "```\n#no\n```", "&#39; #é", "##", "#\u202etag"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		tags := HashTags(body)
		lower := strings.ToLower(body)
		for _, tag := range tags {
			if tag == "" || NormalizeTag(tag) != tag || strings.HasPrefix(tag, "#") {
				t.Fatalf("tag %q is not normalised", tag)
			}
			if !strings.Contains(lower, "#"+tag) {
				t.Fatalf("tag %q is not in the text", tag)
			}
		}
		if !slices.IsSorted(tags) {
			t.Fatalf("tags %q are not sorted", tags)
		}
	})
}

// BenchmarkDerivedTags is the tagging Save and every read of an entry do:
// the #hashtags of a 250-word body and the prompt's two tags.
func BenchmarkDerivedTags(b *testing.B) {
	for _, tc := range []struct{ name, line string }{
		{"hashtags", "A long shift at the drop-in, then #outreach with J. by the river.\n"},
		{"none", "A long shift at the drop-in, then outreach with J. by the river.\n"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			e := &Entry{Body: strings.Repeat(tc.line, 25), Prompt: &PromptRef{ID: "care.grief.1", Family: "care", Subtheme: "grief"}}
			b.ReportAllocs()
			for b.Loop() {
				_ = e.DerivedTags()
			}
		})
	}
}
