package diary

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

func TestListTitle(t *testing.T) {
	long := strings.Repeat("a long first line ", 20) // 360 bytes
	thumbs := strings.Repeat("x", maxTitle-len("…")-3) + "👍🏽 and on"
	accents := strings.Repeat("e\u0301", 150) // é as e and a combining accent
	han := strings.Repeat("夜班", 60)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"short", "Long shift, but okay", "Long shift, but okay"},
		{"exactly the limit", strings.Repeat("a", maxTitle), strings.Repeat("a", maxTitle)},
		{"long", long, strings.TrimRight(long[:maxTitle-len("…")], " ") + "…"},
		{"emoji and its skin tone kept together", thumbs, strings.Repeat("x", maxTitle-len("…")-3) + "…"},
		{"letter and its accent kept together", accents, strings.Repeat("e\u0301", (maxTitle-len("…"))/3) + "…"},
		{"Han", han, han[:(maxTitle-len("…"))/3*3] + "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := listTitle(tc.in)
			if got != tc.want {
				t.Errorf("listTitle(%.40q…)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if len(got) > maxTitle || !utf8.ValidString(got) {
				t.Errorf("%d bytes, valid %v", len(got), utf8.ValidString(got))
			}
			// Every cluster of the cut title is a cluster of the title.
			body := strings.TrimSuffix(got, "…")
			if uniseg.GraphemeClusterCount(body)+uniseg.GraphemeClusterCount(strings.TrimPrefix(tc.in, body)) != uniseg.GraphemeClusterCount(tc.in) && got != tc.in {
				t.Errorf("the cut splits a character")
			}
		})
	}
}
