package diary

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Suggest returns the candidates a person probably meant by typed: the
// nearest of those within two edits of it (one for a word of three letters
// or fewer), ignoring case, or else those that start with it. It is how
// "lst" finds list, "--sinse" finds --since and "carer" finds care.
func Suggest(typed string, candidates []string) []string {
	exact := strings.TrimSpace(typed)
	typed = strings.ToLower(exact)
	if typed == "" {
		return nil
	}
	most := 2
	if utf8.RuneCountInString(typed) <= 3 {
		most = 1
	}
	type near struct {
		name string
		d    int
	}
	var found []near
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(typed, lc)
		switch {
		case c == exact:
			continue
		case d <= most:
		case strings.HasPrefix(lc, typed) && utf8.RuneCountInString(typed) >= 2:
			d = most + 1
		default:
			continue
		}
		if !slices.ContainsFunc(found, func(n near) bool { return n.name == c }) {
			found = append(found, near{c, d})
		}
	}
	slices.SortStableFunc(found, func(a, b near) int { return a.d - b.d })
	var out []string
	for _, n := range found {
		if n.d == found[0].d {
			out = append(out, n.name)
		}
	}
	return out
}

// editDistance is the Damerau-Levenshtein distance (optimal string
// alignment) between a and b, in runes: a swapped pair of letters, as in
// "lsit", is one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
