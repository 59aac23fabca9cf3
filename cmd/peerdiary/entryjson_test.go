package main

import (
	"bytes"
	"errors"
	"testing"
)

// writeJSONArray writes exactly what writeJSON writes for the same slice.
func TestWriteJSONArrayIsWriteJSON(t *testing.T) {
	mood := 3
	entries := []jsonEntry{
		{ID: "a", Created: "2026-11-23T18:30:00-08:00", Tags: []string{}, Body: "<b>&\\n“quotes”\n\tend"},
		{ID: "b", Mood: &mood, Tags: []string{"x", "y"}, Prompt: &jsonPrompt{ID: "p", Text: "Why?"}, Answers: nil, Template: "t"},
		{ID: "c", Tags: []string{}},
	}
	for n := range len(entries) + 1 {
		var want, got bytes.Buffer
		if err := writeJSON(&want, entries[:n]); err != nil {
			t.Fatal(err)
		}
		if err := writeJSONArray(&got, n, func(i int) (any, error) { return entries[i], nil }); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d entries:\ngot  %q\nwant %q", n, got.String(), want.String())
		}
	}
	var out bytes.Buffer
	boom := errors.New("boom")
	err := writeJSONArray(&out, 2, func(i int) (any, error) {
		if i == 1 {
			return nil, boom
		}
		return entries[0], nil
	})
	if !errors.Is(err, boom) || out.Len() != 0 {
		t.Errorf("a failing item: %v, %d bytes written", err, out.Len())
	}
}
