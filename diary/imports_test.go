package diary

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyCryptoImportsAge: package crypto owns age. Everything else,
// diary above all, seals and opens files through crypto's own types, so
// the rule "use nothing of a file until all of it authenticated" lives in
// one place. The check covers every package the binary is built from.
func TestOnlyCryptoImportsAge(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps",
		"-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`,
		"peerdiary/cmd/peerdiary").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	seen := 0
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasPrefix(fields[0], "peerdiary/") {
			continue
		}
		seen++
		for _, imp := range fields[1:] {
			if (imp == "filippo.io/age" || strings.HasPrefix(imp, "filippo.io/age/")) && fields[0] != "peerdiary/crypto" {
				t.Errorf("%s imports %s; only peerdiary/crypto may", fields[0], imp)
			}
		}
	}
	if seen < 4 {
		t.Fatalf("go list named only %d peerdiary packages:\n%s", seen, out)
	}
}
