package agecli

import "testing"

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
