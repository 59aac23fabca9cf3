package envguard

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "add unreviewed environment reads to testdata/reads.txt")

func TestNeutralise(t *testing.T) {
	for _, s := range Switches {
		t.Setenv(s.Name, "/tmp/should-not-be-written")
	}
	t.Setenv("TEA_SOMETHING_NEW", "1")
	t.Setenv("UV_OTHER", "1")
	t.Setenv("TERM", "xterm-256color") // not a switch: kept
	removed := Neutralise()
	for _, s := range Switches {
		if _, ok := os.LookupEnv(s.Name); ok {
			t.Errorf("%s is still set", s.Name)
		}
		if !slices.Contains(removed, s.Name) {
			t.Errorf("Neutralise did not report %s", s.Name)
		}
	}
	for _, name := range []string{"TEA_SOMETHING_NEW", "UV_OTHER"} {
		if _, ok := os.LookupEnv(name); ok {
			t.Errorf("%s is still set", name)
		}
	}
	if os.Getenv("TERM") != "xterm-256color" {
		t.Error("TERM was removed")
	}
}

// envRead matches a line of Go that reads the environment: the os and
// syscall calls, and the lookups libraries make in an environment handed to
// them (ultraviolet's and bubbletea's Environ, colorprofile's env map).
var envRead = regexp.MustCompile(`\b(Getenv|LookupEnv)\s*\(|\b(os|syscall)\.Environ\(\)|\benv\.get\(|\benv\[`)

// TestDependencyEnvironment lists every place a dependency of the peerdiary
// binary reads the environment, and fails if one is not in
// testdata/reads.txt, where each has been read and judged: harmless (a
// terminal's size or colours, a locale, a home folder) or a switch that
// writes a log or dump, which must be in Switches. A new version of a
// dependency that reads something new fails here until someone looks.
// Run with -update to add the new reads, marked UNREVIEWED, to the file.
func TestDependencyEnvironment(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the reviewed list is of the files built on Linux")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the dependencies with")
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f",
		`{{if not .Standard}}{{.ImportPath}}{{"\t"}}{{.Dir}}{{"\t"}}{{join .GoFiles " "}}{{end}}`,
		"peerdiary/cmd/peerdiary").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var found []string
	for line := range strings.Lines(string(out)) {
		pkg, rest, _ := strings.Cut(strings.TrimSpace(line), "\t")
		dir, files, _ := strings.Cut(rest, "\t")
		if pkg == "" || pkg == "peerdiary" || strings.HasPrefix(pkg, "peerdiary/") {
			continue
		}
		for _, f := range strings.Fields(files) {
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			for code := range strings.Lines(string(data)) {
				code = strings.TrimSpace(code)
				if strings.HasPrefix(code, "//") || !envRead.MatchString(code) {
					continue
				}
				found = append(found, pkg+"\t"+f+"\t"+code)
			}
		}
	}
	slices.Sort(found)
	found = slices.Compact(found)

	path := filepath.Join("testdata", "reads.txt")
	reviewed, header := readReviewed(t, path)
	var unreviewed []string
	for _, k := range found {
		v, ok := reviewed[k]
		switch {
		case !ok:
			unreviewed = append(unreviewed, k)
		case v == "UNREVIEWED":
			t.Errorf("not yet reviewed: %s", k)
		case strings.HasPrefix(v, "switch "):
			name, _, _ := strings.Cut(strings.TrimPrefix(v, "switch "), ":")
			if !slices.ContainsFunc(Switches, func(s Switch) bool { return s.Name == name }) {
				t.Errorf("%s is judged a switch, but %s is not in Switches", k, name)
			}
		case !strings.HasPrefix(v, "harmless:"):
			t.Errorf("verdict %q for %s: want \"harmless: why\" or \"switch NAME: what it writes\"", v, k)
		}
	}
	if len(unreviewed) == 0 {
		return
	}
	if *update {
		var b bytes.Buffer
		b.WriteString(header)
		for _, k := range found {
			v, ok := reviewed[k]
			if !ok {
				v = "UNREVIEWED"
			}
			fmt.Fprintf(&b, "%s\t%s\n", k, v)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Errorf("%d environment reads by dependencies are not reviewed in %s (run with -update to add them, then judge each):\n%s",
		len(unreviewed), path, strings.Join(unreviewed, "\n"))
}

// readReviewed reads lines of package, file, code and verdict, separated by
// tabs; lines starting with # are the header.
func readReviewed(t *testing.T, path string) (map[string]string, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	reviewed := map[string]string{}
	var header strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			header.WriteString(line + "\n")
			continue
		}
		i := strings.LastIndexByte(line, '\t')
		if i < 0 {
			t.Fatalf("%s: no verdict on %q", path, line)
		}
		reviewed[line[:i]] = line[i+1:]
	}
	return reviewed, header.String()
}
