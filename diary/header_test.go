package diary

import (
	"strings"
	"testing"
)

// An answer or prompt text that starts with a blank line or spaces once made
// yaml.v3 write a header it could not read back: the entry was saved but
// could never be opened again.
func TestHeaderStringsReadBack(t *testing.T) {
	for _, text := range []string{
		"\nI started with a blank line",
		"\n\nTwo blank lines\nthen more",
		"  indented first line\nnext",
		"\n  indented after a blank line",
		"ends with a newline\n",
		"tab\tinside",
		"carriage\rreturn",
		"true",
		"12",
		"- looks like a list",
		"#not a comment",
		"plain",
	} {
		e := &Entry{
			ID:       "a1",
			Body:     "body",
			Template: "what-so-what",
			Answers:  []Answer{{Step: "what", Question: text, Text: text}},
			Prompt:   &PromptRef{ID: "p", Family: "care", Text: text},
			Extra:    map[string]any{"future": []any{text, map[string]any{"k": text}}},
		}
		out, err := e.Format()
		if err != nil {
			t.Fatalf("%q: Format: %v", text, err)
		}
		got, err := ParseEntry(out)
		if err != nil {
			t.Fatalf("%q: the saved entry does not read back: %v", text, err)
		}
		want := strings.TrimRight(text, "\n") // answers keep their text
		if got.Answers[0].Text != text && got.Answers[0].Text != want {
			t.Errorf("%q: answer read back as %q", text, got.Answers[0].Text)
		}
		if got.Prompt.Text != text {
			t.Errorf("%q: prompt text read back as %q", text, got.Prompt.Text)
		}
		fut, _ := got.Extra["future"].([]any)
		if len(fut) != 2 || fut[0] != text {
			t.Errorf("%q: unknown field read back as %#v", text, got.Extra["future"])
		}
	}
}
