package diary

import (
	"os/exec"
	"strings"
	"testing"
)

// The diary knows nothing of terminals: no package under diary/ depends,
// even indirectly, on a library that draws or styles for one. Pictures are
// drawn under tui/ (tui/chart for insights).
func TestDiaryDependsOnNoTerminalLibrary(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatalf("the go command is needed to list dependencies: %v", err)
	}
	cmd := exec.Command("go", "list", "-deps", "./...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./...: %v", err)
	}
	forbidden := []string{
		"charm.land/",               // bubbletea, bubbles, lipgloss, glamour
		"github.com/charmbracelet/", // their colour, ANSI and terminal packages
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if strings.HasPrefix(pkg, f) {
				t.Errorf("a package under diary/ depends on %s", pkg)
			}
		}
	}
}
