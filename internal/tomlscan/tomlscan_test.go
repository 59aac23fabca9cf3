package tomlscan

import (
	"fmt"
	"strings"
	"testing"
)

func TestBrackets(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"tables and arrays", "[a]\nx = [1, [2]]\n", "[1 ]1 [2 [2 ]2 ]2"},
		{"inline table", "x = {y = 1}", "{1 }1"},
		{"basic string", `x = "[not {this}]"` + "\n[b]", "[2 ]2"},
		{"literal string", "x = '[\\'\n[b]", "[2 ]2"},
		{"escaped quote", `x = "a\"["` + "\n", ""},
		{"escaped newline counts the line", "x = \"\"\"a\\\nb\"\"\"\n[c]", "[3 ]3"},
		{"multi-line string", "x = '''\n[no]\n'''\n[yes]", "[4 ]4"},
		{"quotes ending a multi-line string", `x = """a""""` + "\n[t]", "[2 ]2"},
		{"comment", "# [no]\n[yes] # {no}", "[2 ]2"},
		{"unclosed string ends at the line", "x = \"[\n[t]", "[2 ]2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			Brackets([]byte(tc.in), func(c byte, line int) bool {
				got = append(got, fmt.Sprintf("%c%d", c, line))
				return true
			})
			if s := strings.Join(got, " "); s != tc.want {
				t.Errorf("Brackets(%q) = %q, want %q", tc.in, s, tc.want)
			}
		})
	}
}

func TestBracketsStops(t *testing.T) {
	n := 0
	Brackets([]byte("[[[[["), func(byte, int) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("fn called %d times after it said stop", n)
	}
}
