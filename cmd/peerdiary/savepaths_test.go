package main

import (
	"fmt"
	"strings"
	"testing"

	"peerdiary/diary/prompts"
	"peerdiary/internal/savecases"
)

// TestSavePathsCommandLine saves each of the shared cases with write or
// reflect; the full-screen diary's test saves the same cases with its
// editor and must produce the same files (see internal/savecases).
func TestSavePathsCommandLine(t *testing.T) {
	f := newFakeRun(t)
	pass := "correct horse battery staple"
	for _, c := range savecases.Cases {
		t.Run(c.Name, func(t *testing.T) {
			var args []string
			stdin := c.Text
			if c.Template != "" {
				tmpl, ok := prompts.Builtin().Template(c.Template)
				if !ok {
					t.Fatalf("no template %s", c.Template)
				}
				args = []string{"reflect", c.Template}
				var form strings.Builder
				for i, s := range tmpl.Steps {
					fmt.Fprintf(&form, "## %s\n\n%s\n\n", s.Question, c.Answers[i])
				}
				stdin = form.String()
			} else {
				args = []string{"write"}
			}
			if c.Prompt != "" {
				args = append(args, "--prompt", c.Prompt)
			}
			for _, tag := range c.Tags {
				args = append(args, "--tag", tag)
			}
			if c.Mood != 0 {
				args = append(args, "--mood", fmt.Sprint(c.Mood))
			}
			code, stdout, stderr := f.run(stdin, false, args...)
			if code != 0 {
				t.Fatalf("peerdiary %s: exit %d: %s", strings.Join(args, " "), code, stderr)
			}
			savecases.Check(t, c, savecases.ReadEntry(t, f.env[envDiaryDir], pass, strings.TrimSpace(stdout)))
		})
	}
}
