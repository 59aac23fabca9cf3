package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary/prompts"
)

func TestPromptLines(t *testing.T) {
	short := prompts.Prompt{ID: "care.grief.1", Family: "care", Text: "Who are you missing?"}
	long := prompts.Prompt{ID: "relationships.making-a-difference.1", Family: "relationships", Text: "Describe a small moment this week."}
	pack := prompts.Prompt{ID: "harbour-house/a-rather-long-night-shift-prompt", Family: "care", Text: "What stayed with you?"}
	tests := []struct {
		name  string
		list  []prompts.Prompt
		width int
		// textAt is the column where each prompt's question starts, or -1
		// where a line is cut before it.
		textAt []int
	}{
		{"the id column fits the longest id", []prompts.Prompt{short, long}, 80, []int{35 + 2 + 13 + 2, 35 + 2 + 13 + 2}},
		{"short ids make a narrow column", []prompts.Prompt{short}, 80, []int{12 + 2 + 4 + 2}},
		{"a wide terminal changes nothing", []prompts.Prompt{short, long}, 200, []int{35 + 2 + 13 + 2, 35 + 2 + 13 + 2}},
		// 60 columns leave 60-2-13-2-20 = 23 for ids; the long one
		// pushes its own line along.
		{"a narrow terminal narrows the column, never an id", []prompts.Prompt{short, long}, 60, []int{23 + 2 + 13 + 2, 35 + 2 + 13 + 2}},
		{"a pack's long id", []prompts.Prompt{short, pack}, 80, []int{46 + 2 + 4 + 2, 46 + 2 + 4 + 2}},
		{"a terminal too narrow for the question", []prompts.Prompt{long}, 40, []int{-1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := promptLines(tt.list, tt.width)
			if len(lines) != len(tt.list) {
				t.Fatalf("got %d lines for %d prompts", len(lines), len(tt.list))
			}
			for i, line := range lines {
				p := tt.list[i]
				if w := ansi.StringWidth(line); w > tt.width {
					t.Errorf("line %q is %d columns, wider than %d", line, w, tt.width)
				}
				if !strings.HasPrefix(line, p.ID+" ") {
					t.Errorf("line %q does not start with the whole id %s", line, p.ID)
				}
				if want := tt.textAt[i]; want >= 0 {
					if got := strings.Index(line, p.Text[:6]); got != want {
						t.Errorf("question of %s starts at column %d, want %d: %q", p.ID, got, want, line)
					}
				}
			}
		})
	}
}
