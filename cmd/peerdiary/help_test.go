package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

// TestHelpFitsEightyColumns: every line of every command's help fits an
// 80-column terminal, the width of many a drop-in centre's screen.
func TestHelpFitsEightyColumns(t *testing.T) {
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				walk(sub, append(append([]string(nil), path...), sub.Name()))
			}
		}
	}
	walk((&app{}).rootCommand(), nil)
	if len(paths) < 20 {
		t.Fatalf("found only %d commands", len(paths))
	}
	for _, path := range paths {
		var out, errw bytes.Buffer
		sio := stdio{in: strings.NewReader(""), out: &out, err: &errw, width: defaultWidth,
			getenv:  func(string) string { return "" },
			openTTY: func() (*os.File, error) { return nil, errors.New("no terminal") }}
		if code := run(context.Background(), append(append([]string(nil), path...), "--help"), sio); code != 0 {
			t.Fatalf("peerdiary %s --help: exit %d: %s", strings.Join(path, " "), code, errw.String())
		}
		for line := range strings.Lines(out.String()) {
			line = strings.TrimRight(line, "\n")
			if w := ansi.StringWidth(line); w > 80 {
				t.Errorf("peerdiary %s --help has a line of %d columns:\n%s", strings.Join(path, " "), w, line)
			}
		}
	}
}

func TestVersionOf(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		version string
		set     []debug.BuildSetting
		want    string
	}{
		{"go install at a version", "v1.2.0", nil, "v1.2.0"},
		{"a version wins over the checkout", "v1.2.0", settings("vcs.revision", "3b4bc01a9e2f55"), "v1.2.0"},
		{"a checkout", "(devel)", settings("vcs.revision", "3b4bc01a9e2f5566", "vcs.time", "2026-11-30T22:58:53Z", "vcs.modified", "false"),
			"devel 3b4bc01a9e2f, 2026-11-30"},
		{"a checkout with changes", "(devel)", settings("vcs.revision", "3b4bc01a9e2f5566", "vcs.time", "2026-11-30T22:58:53Z", "vcs.modified", "true"),
			"devel 3b4bc01a9e2f, 2026-11-30 + local changes"},
		{"a short revision, no time", "(devel)", settings("vcs.revision", "abc"), "devel abc"},
		{"nothing recorded", "(devel)", nil, "devel"},
		{"no version at all", "", nil, "devel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bi := &debug.BuildInfo{Main: debug.Module{Path: "peerdiary", Version: tc.version}, Settings: tc.set}
			if got := versionOf(bi); got != tc.want {
				t.Errorf("versionOf = %q, want %q", got, tc.want)
			}
		})
	}
}
