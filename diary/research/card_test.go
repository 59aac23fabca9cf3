package research

import (
	"errors"
	"os"
	"strings"
	"testing"

	"peerdiary/crypto"
)

// testKey reads one of the test identities in testdata.
func testKey(t testing.TB, name string) *crypto.Identity {
	t.Helper()
	text, err := os.ReadFile("testdata/" + name + ".key")
	if err != nil {
		t.Fatal(err)
	}
	id, err := crypto.ParseIdentity(text)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

const testConsent = `You are invited to share some of your diary entries with the
Peer Reflections study.

Taking part is your choice. You choose each entry. You can stop at any time.`

func testSpec(t testing.TB) CardSpec {
	return CardSpec{
		Study:          "peer-reflections",
		Title:          "Peer Reflections: how peer workers make sense of the role",
		Institution:    "Example University",
		EthicsApproval: "REB-2026-0142",
		Investigator:   Person{"Dr Ada Example", "ada@example.edu"},
		EthicsContact:  Person{"Research Ethics Office", "ethics@example.edu"},
		Recipients:     []string{testKey(t, "researcher").PublicKey()},
		ConsentVersion: "1.0",
		ConsentText:    testConsent,
		Dates:          ByMonth,
		Uses:           []Use{UseAnalysis, UseQuotation},
		Retention:      "Kept for five years after the study ends, then destroyed.",
		WithdrawHow:    "Run peerdiary consent withdraw and send us the notice it writes.",
		WithdrawLimits: "Entries already analysed can't be taken out of published results.",
	}
}

func testCard(t testing.TB) (*Card, []byte) {
	t.Helper()
	data, c, err := WriteCard("card.toml", testSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	return c, data
}

func TestWriteCardReadsBack(t *testing.T) {
	spec := testSpec(t)
	spec.Families = []string{"care", "transitions"}
	spec.Tags = []string{"#Outreach", "night shift"}
	spec.From, spec.Until = "2026-01-01", "2027-12-31"
	spec.Funder = `The "Quotes" \ Foundation`
	spec.ConsentText = "Line one.\n\n  Indented line with 'quotes' and \"double\".\n'''\nends with a quote'"
	data, c, err := WriteCard("card.toml", spec)
	if err != nil {
		t.Fatal(err)
	}
	if c.ConsentText != spec.ConsentText {
		t.Errorf("consent text = %q, want %q", c.ConsentText, spec.ConsentText)
	}
	if c.Funder != spec.Funder {
		t.Errorf("funder = %q", c.Funder)
	}
	if got := strings.Join(c.Tags, ","); got != "outreach,night-shift" {
		t.Errorf("tags = %q", got)
	}
	if c.Hash() != sha256Hex(data) || len(c.Hash()) != 64 {
		t.Errorf("hash %q is not the SHA-256 of the file", c.Hash())
	}
	if c.ConsentHash() != sha256Hex([]byte(spec.ConsentText)) {
		t.Error("consent hash is not the SHA-256 of the text shown")
	}
	again, err := ParseCard("card.toml", c.Bytes())
	if err != nil || again.Hash() != c.Hash() {
		t.Fatalf("reparse: %v", err)
	}
	// The plain literal form is used when the text allows it.
	_, plain := testCard(t)
	if !strings.Contains(string(plain), "text = '''\nYou are invited") {
		t.Errorf("consent text not written as a literal block:\n%s", plain)
	}
}

func TestParseCardErrors(t *testing.T) {
	_, good := testCard(t)
	classic := testKey(t, "researcher-classic").PublicKey()
	pq := testKey(t, "researcher").PublicKey()
	cases := []struct {
		name  string
		edit  func(string) string
		field string
		want  string
	}{
		{"empty", func(string) string { return "  \n" }, "", "the file is empty"},
		{"binary", func(s string) string { return s + "\x00" }, "", "not a text file"},
		{"too big", func(s string) string { return s + "#" + strings.Repeat("x", MaxCardSize) }, "", "at most 64 KiB"},
		{"not toml", func(s string) string { return s + "\nthis is not toml\n" }, "", ""},
		{"inline table", func(s string) string {
			return strings.Replace(s, "[investigator]\n", "x = {a = 1}\n[investigator]\n", 1)
		}, "", "no inline tables"},
		{"nested lists", func(s string) string { return strings.Replace(s, "tags = []", "tags = [[[\"a\"]]]", 1) }, "", "no lists inside lists"},
		{"unknown field", func(s string) string { return strings.Replace(s, "[consent]\n", "[consent]\nverison = \"2\"\n", 1) }, "consent.verison", "not a field"},
		{"no card line", func(s string) string { return strings.Replace(s, "card = 1\n", "", 1) }, "card", "missing"},
		{"newer card", func(s string) string { return strings.Replace(s, "card = 1\n", "card = 2\n", 1) }, "card", "newer peerdiary"},
		{"bad study id", func(s string) string {
			return strings.Replace(s, `study = "peer-reflections"`, `study = "Peer Reflections"`, 1)
		}, "study", "lower-case"},
		{"no title", func(s string) string { return replaceLine(s, "title = ", `title = "  "`) }, "title", "missing or empty"},
		{"control in title", func(s string) string { return replaceLine(s, "title = ", `title = "a\u001b[2Jb"`) }, "title", "control character U+001B"},
		{"bidi in consent", func(s string) string { return strings.Replace(s, "Taking part", "Taking \u202epart", 1) }, "consent.text", "U+202E"},
		{"no consent text", func(s string) string {
			i := strings.Index(s, "text = '''")
			j := strings.Index(s[i+10:], "'''")
			return s[:i] + "text = ''" + s[i+10+j+3:]
		}, "consent.text", "missing or empty"},
		{"consent too long", func(s string) string {
			return strings.Replace(s, "Taking part", strings.Repeat("x", maxConsentText), 1)
		}, "consent.text", "keep it under"},
		{"pi is ethics contact", func(s string) string {
			return strings.Replace(s, `"Research Ethics Office"`, `"dr ada  EXAMPLE"`, 1)
		}, "ethics_contact", "outside the research team"},
		{"no recipients", func(s string) string { return strings.Replace(s, pq, "", 1) }, "recipients[0]", "not an age public key"},
		{"secret key", func(s string) string { return strings.Replace(s, pq, "AGE-SECRET-KEY-1QQQ", 1) }, "recipients[0]", "secret key"},
		{"ssh key", func(s string) string { return strings.Replace(s, pq, "ssh-ed25519 AAAAC3Nz", 1) }, "recipients[0]", "not an age public key"},
		{"damaged key", func(s string) string { return strings.Replace(s, pq, pq[:len(pq)-3]+"qqq", 1) }, "recipients[0]", "copied whole"},
		{"mixed kinds", func(s string) string { return strings.Replace(s, pq+`",`, pq+`", "`+classic+`",`, 1) }, "recipients", "mixes post-quantum"},
		{"twice", func(s string) string { return strings.Replace(s, pq+`",`, pq+`", "`+pq+`",`, 1) }, "recipients[1]", "listed twice"},
		{"unknown family", func(s string) string { return strings.Replace(s, "families = []", `families = ["feelings"]`, 1) }, "sharing.families", `"feelings" is not a prompt family`},
		{"bad from", func(s string) string {
			return strings.Replace(s, "[sharing]\n", "[sharing]\nfrom = \"01/02/2026\"\n", 1)
		}, "sharing.from", "YYYY-MM-DD"},
		{"until before from", func(s string) string {
			return strings.Replace(s, "[sharing]\n", "[sharing]\nfrom = \"2026-02-01\"\nuntil = \"2026-01-01\"\n", 1)
		}, "sharing.until", "before sharing.from"},
		{"bad dates", func(s string) string { return strings.Replace(s, `dates = "month"`, `dates = "hour"`, 1) }, "sharing.dates", `"day", "week" or "month"`},
		{"no dates", func(s string) string { return strings.Replace(s, `dates = "month"`, ``, 1) }, "sharing.dates", "is missing"},
		{"bad use", func(s string) string { return strings.Replace(s, `"quotation"`, `"selling"`, 1) }, "sharing.uses", `"selling" is not a use`},
		{"no uses", func(s string) string { return replaceLine(s, "uses = ", "uses = []") }, "sharing.uses", "is missing"},
		{"no withdrawal limits", func(s string) string {
			i := strings.Index(s, "limits = ")
			return s[:i]
		}, "withdrawal.limits", "missing or empty"},
		{"wrong type", func(s string) string { return strings.Replace(s, `dates = "month"`, `dates = 3`, 1) }, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCard("card.toml", []byte(tc.edit(string(good))))
			if err == nil {
				t.Fatal("accepted")
			}
			var ce *CardError
			if !errors.As(err, &ce) || !errors.Is(err, ErrBadCard) {
				t.Fatalf("error %v is not a CardError", err)
			}
			if ce.Field != tc.field {
				t.Errorf("field %q, want %q (%v)", ce.Field, tc.field, err)
			}
			if !strings.Contains(ce.Msg, tc.want) {
				t.Errorf("message %q does not say %q", ce.Msg, tc.want)
			}
			if strings.Contains(err.Error(), "AGE-SECRET-KEY") || strings.Contains(err.Error(), "\x1b") {
				t.Errorf("error quotes what it must not: %q", err)
			}
			if tc.field != "" && tc.field != "card" && ce.Line == 0 && !strings.HasPrefix(tc.name, "no ") {
				t.Errorf("no line for %s", tc.field)
			}
		})
	}
}

func replaceLine(s, prefix, with string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			lines[i] = with
			break
		}
	}
	return strings.Join(lines, "\n")
}

func TestCardErrorLines(t *testing.T) {
	_, good := testCard(t)
	bad := strings.Replace(string(good), `dates = "month"`, `dates = "hour"`, 1)
	_, err := ParseCard("dir/card.toml", []byte(bad))
	var ce *CardError
	if !errors.As(err, &ce) {
		t.Fatal(err)
	}
	lines := strings.Split(bad, "\n")
	if ce.Line < 1 || !strings.HasPrefix(lines[ce.Line-1], "dates = ") {
		t.Errorf("line %d is not the dates line", ce.Line)
	}
	if !strings.HasPrefix(err.Error(), "card.toml:") {
		t.Errorf("error %q does not start with the file's name", err)
	}
}

func FuzzParseCard(f *testing.F) {
	_, good := testCard(f)
	f.Add(good)
	f.Add([]byte("card = 1\n"))
	f.Add([]byte("card = 1\nstudy = \"a\"\n[consent]\ntext = '''\nx\n'''\n"))
	f.Add([]byte(strings.Repeat("[", 100)))
	f.Add([]byte("x = {a = {b = {c = 1}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCard("card.toml", data)
		if err != nil {
			var ce *CardError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a CardError", err)
			}
			for _, r := range err.Error() {
				if unsafeRune(r) && r != '\n' {
					t.Fatalf("error carries U+%04X: %q", r, err)
				}
			}
			return
		}
		// A card that parses is stable and says what it was given.
		if c.Hash() != sha256Hex(data) {
			t.Fatal("hash is not of the bytes read")
		}
		for _, s := range []string{c.Study, c.Title, c.ConsentText, c.WithdrawLimits} {
			if s == "" {
				t.Fatal("a required field is empty")
			}
			if checkCardText(s, 1<<20, true) != "" {
				t.Fatalf("unsafe text accepted: %q", s)
			}
		}
		// Writing it again gives a card with the same meaning.
		spec := CardSpec{
			Study: c.Study, Title: c.Title, Institution: c.Institution, EthicsApproval: c.EthicsApproval,
			Funder: c.Funder, Investigator: c.Investigator, EthicsContact: c.EthicsContact,
			Recipients: c.Recipients, ConsentVersion: c.ConsentVersion, ConsentText: c.ConsentText,
			Families: c.Families, Tags: c.Tags, From: c.From, Until: c.Until, Dates: c.Dates,
			Uses: c.AllowUse, Retention: c.Keep, WithdrawHow: c.WithdrawHow, WithdrawLimits: c.WithdrawLimits,
		}
		_, again, err := WriteCard("card.toml", spec)
		if err != nil {
			t.Fatalf("a valid card does not write back: %v", err)
		}
		if again.ConsentText != c.ConsentText || again.Title != c.Title || again.Keep != c.Keep {
			t.Fatal("writing the card changed its text")
		}
	})
}
