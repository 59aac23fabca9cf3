package diary

import (
	"errors"
	"strings"
	"testing"
)

func TestReadText(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name, in, want string
		tooLarge       bool
	}{
		{"short", "hello\n\n  ", "hello", false},
		{"exactly the limit", a(MaxBodySize), a(MaxBodySize), false},
		{"the limit and a newline", a(MaxBodySize) + "\n", a(MaxBodySize), false},
		{"the limit and all the blank lines allowed", a(MaxBodySize) + strings.Repeat("\n", MaxTrailingSpace), a(MaxBodySize), false},
		{"one byte over", a(MaxBodySize + 1), "", true},
		{"text hidden after blank lines", a(1000000) + strings.Repeat("\n", 114112) + strings.Repeat("TAIL\n", 1000), "", true},
		{"blank lines past the allowance", a(10) + strings.Repeat("\n", MaxBodySize+MaxTrailingSpace), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadText(strings.NewReader(tt.in))
			if tt.tooLarge {
				if !errors.Is(err, ErrBodyTooLarge) || got != "" {
					t.Fatalf("got %d bytes, %v; want nothing and ErrBodyTooLarge", len(got), err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %d bytes, %v; want %d bytes", len(got), err, len(tt.want))
			}
		})
	}
}
