package prompts

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const goodTOML = `# Harbour House outreach team
pack = "harbour-house"
title = "Harbour House outreach"
description = "Prompts for night outreach."

[[prompts]]
id = "night-shift"
family = "care"
subtheme = "hard-days"
text = "What stayed with you from the night shift?"
follow_ups = ["Who did you hand it over to?"]

[[prompts]]
id = "van"
family = "relationships"
subtheme = "outreach-van"
stage = "through"
text = "Who came to the van tonight that you hadn't seen in a while?"
occasion = "situational"
gentle = true
concept = "outreach"

[[templates]]
id = "handover"
name = "Shift handover"

[[templates.steps]]
id = "what"
question = "What does the next shift need to know?"

[[templates.steps]]
id = "you"
question = "And how are you, leaving?"
supports = true
`

const goodYAML = `pack: harbour-house
title: Harbour House outreach
prompts:
  - id: night-shift
    family: care
    subtheme: hard-days
    text: What stayed with you from the night shift?
templates:
  - id: handover
    name: Shift handover
    steps:
      - id: what
        question: What does the next shift need to know?
`

func TestParsePackGood(t *testing.T) {
	for _, tc := range []struct{ file, data string }{
		{"harbour.toml", goodTOML},
		{"harbour.yaml", goodYAML},
		{"HARBOUR.YML", goodYAML},
	} {
		p, err := ParsePack(tc.file, []byte(tc.data))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if p.Name != "harbour-house" || p.Prompts[0].ID != "harbour-house/night-shift" || p.Prompts[0].Pack != "harbour-house" {
			t.Errorf("%s: got %+v", tc.file, p.Prompts[0])
		}
		if p.Templates[0].ID != "harbour-house/handover" || p.Templates[0].Steps[0].ID != "what" {
			t.Errorf("%s: template %+v", tc.file, p.Templates[0])
		}
		// The canonical form stored in the diary reads back the same.
		canon, err := p.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParsePack("pack-harbour-house.yaml", canon)
		if err != nil {
			t.Fatalf("%s: canonical form does not parse: %v\n%s", tc.file, err, canon)
		}
		canon2, _ := back.Canonical()
		if string(canon) != string(canon2) {
			t.Errorf("%s: canonical form is not stable:\n%s\n---\n%s", tc.file, canon, canon2)
		}
	}
	p, _ := ParsePack("h.toml", []byte(goodTOML))
	if p.Prompts[1].Stage != "through" || p.Prompts[0].Stage != StageAny {
		t.Errorf("stages = %s, %s", p.Prompts[1].Stage, p.Prompts[0].Stage)
	}
	if van := p.Prompts[1]; van.Occasion != OccasionSituational || !van.Gentle || van.Concept != "outreach" || p.Prompts[0].Occasion != OccasionDaily {
		t.Errorf("occasion, gentle and concept not read: %+v, %+v", van, p.Prompts[0])
	}
	if !p.Templates[0].Steps[1].OffersSupports {
		t.Error("supports = true was lost")
	}
}

func TestParsePackErrors(t *testing.T) {
	fam := strings.Replace(goodTOML, `family = "relationships"`, `family = "foo"`, 1)
	cases := []struct {
		name, file, data string
		want             string // the whole message, or a prefix ending in "…"
	}{
		{"unknown family names line and prompt", "pack.toml", fam,
			`pack.toml:15: prompt "van": family "foo" is not one of transitions, role-friction, relationships, care`},
		{"unknown key in TOML", "pack.toml", strings.Replace(goodTOML, `stage = "through"`, `stgae = "through"`, 1),
			`pack.toml:17: unknown field "prompts.stgae"; check its spelling against the pack format`},
		{"unknown key in YAML", "pack.yaml", strings.Replace(goodYAML, "    text:", "    txt:", 1),
			`pack.yaml:7: unknown field "txt"; check its spelling against the pack format`},
		{"YAML family", "pack.yaml", strings.Replace(goodYAML, "family: care", "family: self-care", 1),
			`pack.yaml:5: prompt "night-shift": family "self-care" is not one of transitions, role-friction, relationships, care`},
		{"missing text", "pack.yaml", strings.Replace(goodYAML, "    text: What stayed with you from the night shift?\n", "", 1),
			`pack.yaml:4: prompt "night-shift": text is missing`},
		{"duplicate id", "pack.toml", strings.Replace(goodTOML, `id = "van"`, `id = "night-shift"`, 1),
			`pack.toml:14: prompt "night-shift": the id is used twice; give each prompt its own`},
		{"no name", "pack.yaml", strings.Replace(goodYAML, "pack: harbour-house\n", "", 1),
			`pack.yaml:1: the pack has no name; add pack = "your-team" (TOML) or pack: your-team (YAML)`},
		{"bad name", "pack.yaml", strings.Replace(goodYAML, "pack: harbour-house", "pack: ../../etc", 1),
			`pack.yaml:1: pack name "../../etc": use 1 to 32 lower-case letters, digits and '-'`},
		{"id with a slash cannot pose as another pack's", "pack.yaml", strings.Replace(goodYAML, "id: night-shift", "id: other/night", 1),
			`pack.yaml:4: prompt 1: id "other/night": use lower-case letters, digits, '.' and '-'`},
		{"bad stage", "pack.toml", strings.Replace(goodTOML, `stage = "through"`, `stage = "during"`, 1),
			`pack.toml:17: prompt "van": stage "during" is not one of into, through, beyond, any`},
		{"escape sequence in text", "pack.toml", strings.Replace(goodTOML, `tonight that`, `tonight\u001b]52;c;aGk=\u0007 that`, 1),
			`pack.toml:18: prompt "van": text: contains the control character U+001B; remove it`},
		{"bidi override in a question", "pack.yaml", strings.Replace(goodYAML, "question: What", "question: \"\\u202eWhat\"\n        hint: x\n        #", 1),
			`pack.yaml:13: template "handover": step "what": question: contains the control character U+202E; remove it`},
		{"template without steps", "pack.yaml", strings.Replace(goodYAML, "    steps:\n      - id: what\n        question: What does the next shift need to know?\n", "", 1),
			`pack.yaml:9: template "handover": has 0 steps; a template needs 1 to 12`},
		{"wrong type", "pack.yaml", strings.Replace(goodYAML, "subtheme: hard-days", "subtheme: [a, b]", 1),
			`pack.yaml:6: cannot unmarshal a list into text`},
		{"TOML syntax", "pack.toml", strings.Replace(goodTOML, `title = "Harbour House outreach"`, `title = "Harbour House`, 1),
			`pack.toml:3: …`},
		{"empty file", "pack.yaml", "", `pack.yaml: the file is empty`},
		{"empty pack", "pack.toml", `pack = "x"`, `pack.toml: the pack has no prompts and no templates`},
		{"wrong extension", "pack.json", `{}`, `pack.json: a pack file's name must end in .toml, .yaml or .yml`},
		{"binary", "pack.yaml", "\x7fELF\x02\x01\x01\x00\x00\x00", `pack.yaml: this is not a text file; a pack is TOML or YAML text`},
		{"huge", "pack.yaml", strings.Repeat("#", MaxPackSize+1), `pack.yaml: the file is 256 KiB; a pack can be at most 256 KiB`},
		{"repeated keys", "pack.yaml", strings.Repeat("prompts:\n", 10),
			`pack.yaml:2: "prompts" is given twice (first on line 1)`},
		{"thousands of repeated keys (quadratic in the YAML decoder)", "pack.yaml", strings.Repeat("prompts:\n", 20000),
			`pack.yaml:1: a table here has 20000 keys; a pack's tables have at most 16`},
		{"a wide table", "pack.yaml", func() string {
			var b strings.Builder
			for i := range 5000 {
				fmt.Fprintf(&b, "k%d: x\n", i)
			}
			return b.String()
		}(), `pack.yaml:1: a table here has 5000 keys; a pack's tables have at most 16`},
		{"aliases", "pack.yaml", "pack: x\nprompts:\n  - &a {id: a, family: care, subtheme: grief, text: hi}\n  - *a\n",
			`pack.yaml:3: anchors and aliases (& and *) are not allowed in a pack; write each value out`},
		{"deep YAML", "pack.yaml", "pack: x\nprompts: " + strings.Repeat("[", 50) + strings.Repeat("]", 50),
			`pack.yaml:2: the pack is nested more deeply than a pack can be`},
		{"deep TOML inline tables (exhausts memory in the TOML parser)", "pack.toml", "a = " + strings.Repeat("{b=", 80000),
			`pack.toml:1: the pack is nested more deeply than a pack can be`},
		{"brackets inside TOML strings are text", "pack.toml", "pack = \"x\"\n[[prompts]]\nid = \"a\"\nfamily = \"care\"\nsubtheme = \"grief\"\ntext = \"[[[[[[[[[[[[ ok \"\ntitle = 3\n",
			`pack.toml:7: …`},
		{"unknown occasion", "pack.toml", strings.Replace(goodTOML, `occasion = "situational"`, `occasion = "weekly"`, 1),
			`pack.toml:19: prompt "van": occasion "weekly" is not one of daily, welcome, situational, follow-up`},
		{"concept not a slug", "pack.toml", strings.Replace(goodTOML, `concept = "outreach"`, `concept = "Out Reach"`, 1),
			`pack.toml:21: prompt "van": concept "Out Reach": use lower-case letters, digits and '-'`},
		{"text too long", "pack.yaml", strings.Replace(goodYAML, "text: What", "text: "+strings.Repeat("a", 700), 1),
			`pack.yaml:7: prompt "night-shift": text: is 738 characters; keep it under 600`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePack(tc.file, []byte(tc.data))
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, ErrBadPack) {
				t.Errorf("error %v is not ErrBadPack", err)
			}
			got := err.Error()
			if prefix, ok := strings.CutSuffix(tc.want, "…"); ok {
				if !strings.HasPrefix(got, prefix) {
					t.Errorf("got  %s\nwant %s…", got, prefix)
				}
			} else if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if strings.ContainsAny(got, "\x1b\x07\u202e") {
				t.Errorf("the message carries control characters: %q", got)
			}
		})
	}
}

func TestPacksInTheLibrary(t *testing.T) {
	rs := memStore{}
	p, err := ParsePack("harbour.toml", []byte(goodTOML))
	if err != nil {
		t.Fatal(err)
	}
	if err := SavePack(rs, p); err != nil {
		t.Fatal(err)
	}
	rs["pack-broken"] = []byte("pack: broken\nprompts: 7\n")
	lib, problems, err := LoadLibrary(rs)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "pack-broken.yaml") {
		t.Errorf("problems = %v, want the broken pack reported", problems)
	}
	if got, ok := lib.Lookup("harbour-house/van"); !ok || got.Text != p.Prompts[1].Text {
		t.Errorf("pack prompt not in library: %+v", got)
	}
	if _, ok := lib.Lookup("care.grief.1"); !ok {
		t.Error("built-ins lost when a pack was added")
	}
	if _, ok := lib.Template("harbour-house/handover"); !ok {
		t.Error("pack template not in library")
	}
	if len(lib.Prompts()) != len(Builtin().Prompts())+2 {
		t.Errorf("library has %d prompts", len(lib.Prompts()))
	}
	if _, err := NewLibrary(p, p); err == nil {
		t.Error("the same pack twice was accepted")
	}
	if err := RemovePack(rs, "harbour-house"); err != nil {
		t.Fatal(err)
	}
	if names, _ := rs.ListRecords("pack-harbour"); len(names) != 0 {
		t.Errorf("pack still stored: %v", names)
	}
}

func FuzzParsePack(f *testing.F) {
	seeds := []struct{ name, data string }{
		{"p.toml", goodTOML},
		{"p.yaml", goodYAML},
		{"p.yaml", "pack: x\nprompts:\n  - &a {id: a, family: care, subtheme: grief, text: hi}\n  - *a\n"},
		{"p.yaml", strings.Repeat("[", 5000)},
		{"p.yaml", strings.Repeat("- ", 3000) + "x"},
		{"p.toml", strings.Repeat("a = [", 2000)},
		{"p.yaml", "pack: x\nprompts:\n  - {id: a, family: care, subtheme: grief, text: \"\\e[2J\\e]0;pwned\\a\"}\n"},
		{"p.toml", "pack = \"x\"\n[[prompts]]\nid = \"a\"\nfamily = \"care\"\nsubtheme = \"grief\"\ntext = \"\\u202e\"\n"},
		{"p.yaml", "\xff\xfe\x00binary"},
		{"p.yaml", "a: &a [*a, *a]\n"},
		{"p.yaml", "x: &a [1,2]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"},
		{"p.toml", "pack = \"x\"\n[prompts]\nid = 3\n"},
		{"p.yaml", strings.Repeat("prompts:\n", 3000)},
		{"p.toml", "a = " + strings.Repeat("{b=", 3000)},
		{"p.toml", "t = \"\"\"[[[[\n]]\"\"\"\n" + strings.Repeat("[", 20)},
	}
	for _, s := range seeds {
		f.Add(s.name, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if !strings.HasSuffix(name, ".toml") && !strings.HasSuffix(name, ".yaml") {
			name = "p.yaml"
		}
		p, err := ParsePack(name, data)
		if err != nil {
			if !errors.Is(err, ErrBadPack) {
				t.Fatalf("error %v is not ErrBadPack", err)
			}
			if strings.ContainsFunc(err.Error(), func(r rune) bool { return r == 0x1b || r == 0x9b || r == 0x07 || r == 0x202e }) {
				t.Fatalf("error carries control characters: %q", err)
			}
			return
		}
		// Whatever is accepted is safe to show, and round-trips.
		for _, pr := range p.Prompts {
			if err := checkText(pr.Text, maxTextLen, true); err != nil || !strings.HasPrefix(pr.ID, p.Name+"/") {
				t.Fatalf("accepted prompt %q: %v", pr.ID, err)
			}
		}
		canon, err := p.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParsePack("stored.yaml", canon); err != nil {
			t.Fatalf("canonical form does not parse: %v\n%s", err, canon)
		}
	})
}
