package tui

import "testing"

// The sanitiser itself is tested, and fuzzed, in internal/safetext.

func TestKeepOnlySGR(t *testing.T) {
	in := "\x1b[1;38;5;252mbold\x1b[m \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1b[2J"
	if got, want := keepOnlySGR(in), "\x1b[1;38;5;252mbold\x1b[m link "; got != want {
		t.Fatalf("keepOnlySGR = %q, want %q", got, want)
	}
}
