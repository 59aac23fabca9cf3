package prompts

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The family table is the one list of families: each row is complete and
// distinct, so whatever reads it (the rotation, insights, the screens, the
// demo) can tell families apart by id, label, glyph and colour.
func TestFamilyTable(t *testing.T) {
	idRE := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	ids, labels, glyphs, roles := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[ColourRole]bool{}
	for _, f := range Families {
		if !idRE.MatchString(f.ID) {
			t.Errorf("family id %q is not lower-case words joined by hyphens", f.ID)
		}
		if f.Label == "" || f.Glyph == "" || f.Role == "" || f.About == "" {
			t.Errorf("family %q is missing its label, glyph, colour role or description: %+v", f.ID, f)
		}
		if n := ansi.StringWidth(f.Label + " · " + f.About); n > 76 || strings.Contains(f.About, "\n") {
			t.Errorf("family %q: label and description take %d cells; a chooser shows them on one line of an 80-column terminal", f.ID, n)
		}
		if ansi.StringWidth(f.Glyph) != 1 || len([]rune(f.Glyph)) != 1 || f.Glyph == " " {
			t.Errorf("family %q: glyph %q must be one visible cell", f.ID, f.Glyph)
		}
		if !slices.Contains(ColourRoles, f.Role) {
			t.Errorf("family %q: colour role %q is not one of ColourRoles", f.ID, f.Role)
		}
		for what, seen := range map[string]bool{"id " + f.ID: ids[f.ID], "label " + f.Label: labels[f.Label], "glyph " + f.Glyph: glyphs[f.Glyph], "colour role " + string(f.Role): roles[f.Role]} {
			if seen {
				t.Errorf("two families share the %s", what)
			}
		}
		ids[f.ID], labels[f.Label], glyphs[f.Glyph], roles[f.Role] = true, true, true, true
		if !KnownFamily(f.ID) || FamilyLabel(f.ID) != f.Label {
			t.Errorf("family %q is not found by its id", f.ID)
		}
		subs := 0
		for _, s := range Subthemes {
			if s.Family == f.ID {
				subs++
			}
		}
		if subs == 0 {
			t.Errorf("family %q has no subthemes", f.ID)
		}
	}
	for _, s := range Subthemes {
		if !KnownFamily(s.Family) {
			t.Errorf("subtheme %s belongs to %q, which is not in the family table", s.ID, s.Family)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(ColourRoles)))) != len(ColourRoles) {
		t.Errorf("a colour role is listed twice: %v", ColourRoles)
	}
	if got := FamilyLabel("made-up-family"); got != "made up family" {
		t.Errorf("an unknown family reads %q", got)
	}
}

// Nothing outside the family table names a family by a string of its own:
// code that lists, labels or draws families reads the table, so adding a
// family is a row there (plus its subthemes and prompts), never a hunt
// through screens. Tests may name families freely.
func TestNoFamilyNamedOutsideTheTable(t *testing.T) {
	// The only files allowed to spell a family out, and why.
	allowed := map[string]string{
		"diary/prompts/taxonomy.go": "the family table itself",
	}
	names := map[string]bool{}
	for _, f := range Families {
		names[f.ID], names[f.Label] = true, true
	}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (n == "testdata" || strings.HasPrefix(n, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || allowed[rel] != "" {
			return nil
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && names[s] {
				t.Errorf("%s names the family %q: read prompts.Families instead", rel, s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
