package prompts

import (
	"errors"
	"fmt"
	"strings"

	"peerdiary/diary"
)

// ErrUnknownFamily means a name is not one of the prompt families.
var ErrUnknownFamily = errors.New("not a prompt family")

// ParseFamily reads a family id as a person types it (any case, white space
// around it) and returns it, or a *diary.Explained wrapping ErrUnknownFamily
// that suggests the family probably meant.
func ParseFamily(s string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(s))
	if KnownFamily(f) {
		return f, nil
	}
	if g := strings.ReplaceAll(f, " ", "-"); KnownFamily(g) {
		return g, nil
	}
	shown := s
	if len([]rune(shown)) > 30 {
		shown = string([]rune(shown)[:30]) + "…"
	}
	hints := []string{"the prompt families are " + strings.Join(FamilyIDs(), ", ")}
	if near := diary.Suggest(f, FamilyIDs()); len(near) > 0 {
		hints = append([]string{"did you mean " + near[0] + "?"}, hints...)
	}
	return "", &diary.Explained{Kind: diary.KindUsage, Msg: fmt.Sprintf("there is no prompt family %q", shown), Hints: hints, Err: ErrUnknownFamily}
}
