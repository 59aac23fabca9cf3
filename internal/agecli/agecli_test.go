package agecli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [3]int
		ok   bool
		new  bool
	}{
		{"v1.3.2\n", [3]int{1, 3, 2}, true, true},
		{"v1.3.0", [3]int{1, 3, 0}, true, true},
		{"1.1.1", [3]int{1, 1, 1}, true, false},
		{"v1.2.9", [3]int{1, 2, 9}, true, false},
		{"v2.0.0", [3]int{2, 0, 0}, true, true},
		{"v1.10.0", [3]int{1, 10, 0}, true, true},
		{"v1.3.0-rc.1", [3]int{1, 3, 0}, true, true},
		{"(devel)", [3]int{}, false, false},
		{"", [3]int{}, false, false},
	} {
		got, ok := ParseVersion(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
		if ok && AtLeast(got, Minimum) != tc.new {
			t.Errorf("AtLeast(%v) = %v, want %v", got, !tc.new, tc.new)
		}
	}
}

// TestCheckFindsTheAgeOnPath: Check runs the age found on PATH and refuses
// Debian's 1.1.1 with the reason and how to get a newer one; v1.3.2 passes.
func TestCheckFindsTheAgeOnPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in tools are shell scripts")
	}
	for _, tc := range []struct {
		prints string
		ok     bool
		reason string
	}{
		{"v1.3.2", true, ""},
		{"1.1.1", false, "age on PATH is 1.1.1, older than 1.3.0"},
		{"(devel)", false, "not a version"},
	} {
		t.Run(tc.prints, func(t *testing.T) {
			dir := t.TempDir()
			for _, tool := range []string{"age", "age-keygen"} {
				script := "#!/bin/sh\necho '" + tc.prints + "'\n"
				if err := os.WriteFile(filepath.Join(dir, tool), []byte(script), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			t.Setenv("PATH", dir)
			path, err := Check("age-keygen")
			if tc.ok {
				if err != nil || path != filepath.Join(dir, "age-keygen") {
					t.Fatalf("Check = %q, %v", path, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.reason) || !strings.Contains(err.Error(), Install) {
				t.Fatalf("Check = %q, %v; want a refusal naming %q and how to install", path, err, tc.reason)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		if _, err := Check("age"); err == nil || !strings.Contains(err.Error(), "not on PATH") {
			t.Fatalf("Check with no age = %v", err)
		}
	})
}
