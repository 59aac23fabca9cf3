package prompts

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"peerdiary/diary"
)

const goodResourcesTOML = `pack = "harbour-house"
title = "Harbour House"

[[resources]]
name = "Employee assistance line"
contact = "0800 000 0000"
note = "free, any hour"
show_when_locked = true

[[resources]]
name = "On-call supervisor"
contact = "ext. 200"

[[resources]]
name = "Night crisis line"
contact = "0800 111 1111"
kind = "crisis"
show_when_locked = true
`

const goodResourcesYAML = `pack: harbour-house
title: Harbour House
resources:
  - name: Employee assistance line
    contact: 0800 000 0000
    note: free, any hour
    show_when_locked: true
  - name: On-call supervisor
    contact: ext. 200
  - name: Night crisis line
    contact: 0800 111 1111
    kind: crisis
    show_when_locked: true
`

func TestParseResourcesGood(t *testing.T) {
	for _, tc := range []struct{ file, data string }{
		{"r.toml", goodResourcesTOML},
		{"r.yaml", goodResourcesYAML},
	} {
		p, err := ParseResources(tc.file, []byte(tc.data))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		want := []Resource{
			{Name: "Employee assistance line", Contact: "0800 000 0000", Note: "free, any hour", Kind: KindOrganisation, ShowWhenLocked: true},
			{Name: "On-call supervisor", Contact: "ext. 200", Kind: KindOrganisation},
			{Name: "Night crisis line", Contact: "0800 111 1111", Kind: KindCrisis, ShowWhenLocked: true},
		}
		if p.Name != "harbour-house" || p.Title != "Harbour House" || !slices.Equal(p.Resources, want) {
			t.Errorf("%s: got %+v", tc.file, p)
		}
		canon, err := p.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseResources("resources-harbour-house.yaml", canon)
		if err != nil {
			t.Fatalf("%s: canonical form does not parse: %v\n%s", tc.file, err, canon)
		}
		if again, _ := back.Canonical(); string(again) != string(canon) {
			t.Errorf("%s: canonical form is not stable:\n%s\n---\n%s", tc.file, canon, again)
		}
	}
}

// The example shipped with peerdiary is a valid pack, and its contacts are
// placeholders, never a real country's numbers.
func TestExampleResources(t *testing.T) {
	p, err := ParseResources("resources.toml", ExampleResources())
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[ResourceKind]int{}
	for _, r := range p.Resources {
		kinds[r.Kind]++
		if strings.ContainsAny(r.Contact, "0123456789") {
			t.Errorf("the example's %q has a number in it: %q", r.Name, r.Contact)
		}
	}
	if kinds[KindOrganisation] < 2 || kinds[KindCrisis] < 1 {
		t.Errorf("the example shows kinds %v; it should show both", kinds)
	}
}

func TestParseResourcesErrors(t *testing.T) {
	cases := []struct{ name, file, data, want string }{
		{"unknown kind", "r.toml", strings.Replace(goodResourcesTOML, `kind = "crisis"`, `kind = "hotline"`, 1),
			`r.toml:17: resource "Night crisis line": kind "hotline" is not one of organisation, crisis`},
		{"unknown field", "r.yaml", strings.Replace(goodResourcesYAML, "    note:", "    notes:", 1),
			`r.yaml:6: unknown field "notes"; check its spelling against the pack format`},
		{"missing name", "r.yaml", strings.Replace(goodResourcesYAML, "  - name: On-call supervisor\n    contact", "  - contact", 1),
			`r.yaml:8: resource 2: name is missing`},
		{"the same name twice", "r.toml", strings.Replace(goodResourcesTOML, `name = "On-call supervisor"`, `name = "employee assistance line"`, 1),
			`r.toml:11: resource "employee assistance line": the name is used twice; give each resource its own`},
		{"escape in a contact", "r.toml", strings.Replace(goodResourcesTOML, `contact = "ext. 200"`, `contact = "ext.\u001b[2J 200"`, 1),
			`r.toml:12: resource "On-call supervisor": contact: contains the control character U+001B; remove it`},
		{"a contact too long", "r.yaml", strings.Replace(goodResourcesYAML, "contact: ext. 200", "contact: "+strings.Repeat("9", 201), 1),
			`r.yaml:9: resource "On-call supervisor": contact: is 201 characters; keep it under 200`},
		{"no name for the pack", "r.yaml", strings.Replace(goodResourcesYAML, "pack: harbour-house\n", "", 1),
			`r.yaml:1: the pack has no name; add pack = "your-team" (TOML) or pack: your-team (YAML)`},
		{"no resources", "r.toml", `pack = "x"`, `r.toml: the pack lists no resources; add at least one [[resources]] with a name`},
		{"a prompt pack is not a resources pack", "r.toml", goodTOML, `r.toml:6: unknown field "prompts"; check its spelling against the pack format`},
		{"aliases", "r.yaml", "pack: x\nresources:\n  - &a {name: a}\n  - *a\n",
			`r.yaml:3: anchors and aliases (& and *) are not allowed in a pack; write each value out`},
		{"wrong extension", "r.json", `{}`, `r.json: a pack file's name must end in .toml, .yaml or .yml`},
		{"binary", "r.yaml", "\x7fELF\x02\x01\x01\x00", `r.yaml: this is not a text file; a pack is TOML or YAML text`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseResources(tc.file, []byte(tc.data))
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, ErrBadPack) {
				t.Errorf("error %v is not ErrBadPack", err)
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
		})
	}
}

func TestResourcesStoredAndWithinReach(t *testing.T) {
	rs := memStore{}
	p, err := ParseResources("r.toml", []byte(goodResourcesTOML))
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveResources(rs, p); err != nil {
		t.Fatal(err)
	}
	rs["resources-broken"] = []byte("pack: broken\nresources: 7\n")
	packs, problems, err := LoadResources(rs)
	if err != nil || len(packs) != 1 || len(problems) != 1 {
		t.Fatalf("LoadResources = %d packs, problems %v, %v", len(packs), problems, err)
	}
	people := []diary.Support{{Name: "Sam", Contact: "07700 900123", ShowWhenLocked: true}, {Name: "Jo"}}

	open := WithinReach(people, packs, false)
	if len(open.People) != 2 || len(open.Organisation) != 2 || len(open.Crisis) != 1 {
		t.Errorf("unlocked: %+v", open)
	}
	var headings []string
	for _, s := range open.Sections() {
		headings = append(headings, s.Heading)
	}
	if strings.Join(headings, ",") != "Your people,Your organisation,Crisis lines" {
		t.Errorf("sections = %v", headings)
	}

	locked := WithinReach(people, packs, true)
	if len(locked.People) != 1 || locked.People[0].Name != "Sam" || len(locked.Organisation) != 1 || len(locked.Crisis) != 1 {
		t.Errorf("locked shows what was not marked safe: %+v", locked)
	}

	// The worker decides what the lock screen may show.
	if found, err := SetShowWhenLocked(rs, "on-call SUPERVISOR", true); !found || err != nil {
		t.Fatalf("SetShowWhenLocked = %v, %v", found, err)
	}
	packs, _, _ = LoadResources(rs)
	if got := WithinReach(nil, packs, true); len(got.Organisation) != 2 {
		t.Errorf("after marking, locked organisation = %+v", got.Organisation)
	}
	if found, _ := SetShowWhenLocked(rs, "nobody", true); found {
		t.Error("a resource no pack lists was found")
	}

	empty := WithinReach(nil, nil, false)
	if !empty.Empty() || len(empty.Sections()) != 2 {
		t.Errorf("nothing set: %+v, sections %+v; want lines saying how to fill people and organisation", empty, empty.Sections())
	}
	if got := WithinReach(nil, nil, true).Sections(); len(got) != 0 {
		t.Errorf("locked with nothing marked shows %+v", got)
	}
	if err := RemoveResources(rs, "harbour-house"); err != nil {
		t.Fatal(err)
	}
	if packs, _, _ := LoadResources(rs); len(packs) != 0 {
		t.Errorf("the pack is still stored")
	}
}

func FuzzParseResources(f *testing.F) {
	for _, s := range []struct{ name, data string }{
		{"r.toml", goodResourcesTOML},
		{"r.yaml", goodResourcesYAML},
		{"r.toml", string(ExampleResources())},
		{"r.yaml", "pack: x\nresources:\n  - &a {name: a}\n  - *a\n"},
		{"r.yaml", "pack: x\nresources:\n  - {name: \"\\e]52;c;aGk=\\a\"}\n"},
		{"r.toml", "pack = \"x\"\n[[resources]]\nname = \"\\u202e\"\n"},
		{"r.toml", "a = " + strings.Repeat("{b=", 3000)},
		{"r.yaml", strings.Repeat("resources:\n", 3000)},
	} {
		f.Add(s.name, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if !strings.HasSuffix(name, ".toml") && !strings.HasSuffix(name, ".yaml") {
			name = "r.yaml"
		}
		p, err := ParseResources(name, data)
		if err != nil {
			if !errors.Is(err, ErrBadPack) {
				t.Fatalf("error %v is not ErrBadPack", err)
			}
			if strings.ContainsFunc(err.Error(), func(r rune) bool { return r == 0x1b || r == 0x9b || r == 0x07 || r == 0x202e }) {
				t.Fatalf("error carries control characters: %q", err)
			}
			return
		}
		for _, r := range p.Resources {
			for _, s := range []string{r.Name, r.Contact, r.Note} {
				if err := checkText(s, maxResourceField, false); err != nil {
					t.Fatalf("accepted %q: %v", s, err)
				}
			}
		}
		canon, err := p.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseResources("stored.yaml", canon); err != nil {
			t.Fatalf("canonical form does not parse: %v\n%s", err, canon)
		}
	})
}
