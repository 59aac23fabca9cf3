package prompts

import (
	_ "embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"peerdiary/diary"
)

// A resources pack is what an organisation hands its workers so that help
// is within reach after a hard shift: its employee assistance line, the
// on-call supervisor, a peer support line, and crisis lines. It has the
// same format rules, checks and limits as a prompt pack (one decoder, one
// set of shape checks), and is stored the same way: inside the diary,
// encrypted, as records/resources-<name>.age, so nobody can tell from the
// folder which organisation a worker belongs to.
//
// peerdiary never guesses a country's numbers: the only numbers it shows
// are the ones an organisation's pack or the worker put there.

// ResourceKind says which group a resource is shown in.
type ResourceKind string

// The kinds of resource.
const (
	// KindOrganisation is the worker's own organisation: an employee
	// assistance line, an on-call supervisor, a peer support line.
	KindOrganisation ResourceKind = "organisation"
	// KindCrisis is a crisis line, for anyone, at any hour.
	KindCrisis ResourceKind = "crisis"
)

// Limits on a resources pack, beyond a prompt pack's file limits.
const (
	maxResources      = 50
	maxResourceField  = 200 // characters, for a contact or a note
	resourcesPrefix   = "resources-"
	maxResourceNameLn = maxShortLen
)

// ResourcesPack is a validated resources pack.
type ResourcesPack struct {
	Name        string // lower-case slug; the record is "resources-<Name>"
	Title       string // "Harbour House supports"
	Description string
	Resources   []Resource
}

// Resource is one place to turn.
type Resource struct {
	Name    string // "Employee assistance line"
	Contact string // how to reach it: a number, an address, a room
	Note    string // hours, cost, who it is for
	Kind    ResourceKind
	// ShowWhenLocked lets the support key on the lock screen show this
	// resource. The organisation may suggest it; the worker decides.
	ShowWhenLocked bool
}

// resourcesFile is a resources pack as written.
type resourcesFile struct {
	Pack        string         `yaml:"pack,omitempty" toml:"pack"`
	Title       string         `yaml:"title,omitempty" toml:"title"`
	Description string         `yaml:"description,omitempty" toml:"description"`
	Resources   []resourceFile `yaml:"resources,omitempty" toml:"resources"`
}

type resourceFile struct {
	Name           string `yaml:"name" toml:"name"`
	Contact        string `yaml:"contact,omitempty" toml:"contact"`
	Note           string `yaml:"note,omitempty" toml:"note"`
	Kind           string `yaml:"kind,omitempty" toml:"kind"`
	ShowWhenLocked bool   `yaml:"show_when_locked,omitempty" toml:"show_when_locked"`
}

// ParseResources reads a resources pack file: TOML if name ends in .toml,
// YAML if .yaml or .yml. Every problem is a *PackError naming the file, the
// line and the field, exactly as for a prompt pack.
func ParseResources(name string, data []byte) (*ResourcesPack, error) {
	file, isTOML, err := fileFormat(name)
	if err != nil {
		return nil, err
	}
	rf, loc, err := decodeFile[resourcesFile](file, data, isTOML)
	if err != nil {
		return nil, err
	}
	return validateResources(file, rf, loc)
}

func validateResources(file string, rf *resourcesFile, loc locator) (*ResourcesPack, error) {
	fail := func(line int, format string, args ...any) error {
		return &PackError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case rf.Pack == "":
		return nil, fail(1, `the pack has no name; add pack = "your-team" (TOML) or pack: your-team (YAML)`)
	case !packNamePattern.MatchString(rf.Pack):
		return nil, fail(loc.line("pack"), "pack name %q: use 1 to 32 lower-case letters, digits and '-'", clip(rf.Pack))
	}
	if err := checkText(rf.Title, maxShortLen, false); err != nil {
		return nil, fail(loc.line("title"), "title: %v", err)
	}
	if err := checkText(rf.Description, maxTextLen, true); err != nil {
		return nil, fail(loc.line("description"), "description: %v", err)
	}
	if len(rf.Resources) == 0 {
		return nil, fail(0, "the pack lists no resources; add at least one [[resources]] with a name")
	}
	if len(rf.Resources) > maxResources {
		return nil, fail(loc.line("resources"), "the pack has %d resources; the most a pack can hold is %d", len(rf.Resources), maxResources)
	}
	p := &ResourcesPack{Name: rf.Pack, Title: strings.TrimSpace(rf.Title), Description: strings.TrimSpace(rf.Description)}
	seen := map[string]bool{}
	for i, r := range rf.Resources {
		at := func(field string) int { return loc.line("resources", i, field) }
		name := strings.TrimSpace(r.Name)
		what := fmt.Sprintf("resource %d", i+1)
		if name == "" {
			return nil, fail(at("name"), "%s: name is missing", what)
		}
		if err := checkText(name, maxResourceNameLn, false); err != nil {
			return nil, fail(at("name"), "%s: name: %v", what, err)
		}
		what = fmt.Sprintf("resource %q", clip(name))
		if seen[strings.ToLower(name)] {
			return nil, fail(at("name"), "%s: the name is used twice; give each resource its own", what)
		}
		seen[strings.ToLower(name)] = true
		if err := checkText(r.Contact, maxResourceField, false); err != nil {
			return nil, fail(at("contact"), "%s: contact: %v", what, err)
		}
		if err := checkText(r.Note, maxResourceField, false); err != nil {
			return nil, fail(at("note"), "%s: note: %v", what, err)
		}
		kind := ResourceKind(r.Kind)
		switch kind {
		case "":
			kind = KindOrganisation
		case KindOrganisation, KindCrisis:
		default:
			return nil, fail(at("kind"), "%s: kind %q is not one of organisation, crisis", what, clip(r.Kind))
		}
		p.Resources = append(p.Resources, Resource{
			Name: name, Contact: strings.TrimSpace(r.Contact), Note: strings.TrimSpace(r.Note),
			Kind: kind, ShowWhenLocked: r.ShowWhenLocked,
		})
	}
	return p, nil
}

// Canonical is the pack as stored in the diary: YAML in a fixed layout,
// holding only what was validated.
func (p *ResourcesPack) Canonical() ([]byte, error) {
	rf := resourcesFile{Pack: p.Name, Title: p.Title, Description: p.Description}
	for _, r := range p.Resources {
		rf.Resources = append(rf.Resources, resourceFile{
			Name: r.Name, Contact: r.Contact, Note: r.Note, Kind: string(r.Kind), ShowWhenLocked: r.ShowWhenLocked,
		})
	}
	return yaml.Marshal(&rf)
}

// SaveResources stores a validated resources pack in the diary, encrypted,
// replacing an earlier version of the same pack.
func SaveResources(rs RecordStore, p *ResourcesPack) error {
	plain, err := p.Canonical()
	if err != nil {
		return err
	}
	defer clear(plain)
	return rs.WriteRecord(resourcesPrefix+p.Name, plain)
}

// RemoveResources deletes a stored resources pack. It wraps fs.ErrNotExist
// if there is none of that name.
func RemoveResources(rs RecordStore, name string) error {
	if !packNamePattern.MatchString(name) {
		return fmt.Errorf("%q is not a pack name: %w", name, fs.ErrNotExist)
	}
	return rs.RemoveRecord(resourcesPrefix + name)
}

// LoadResources reads every stored resources pack, by name. A pack that no
// longer reads is skipped and reported in problems, so one damaged pack
// never hides the others or the worker's own people.
func LoadResources(rs RecordStore) (packs []*ResourcesPack, problems []error, err error) {
	names, err := rs.ListRecords(resourcesPrefix)
	if err != nil {
		return nil, nil, fmt.Errorf("listing resources packs: %w", err)
	}
	for _, name := range names {
		plain, err := rs.ReadRecord(name)
		if err != nil {
			problems = append(problems, fmt.Errorf("resources pack %s: %w", name[len(resourcesPrefix):], err))
			continue
		}
		p, err := ParseResources(name+".yaml", plain)
		clear(plain)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		packs = append(packs, p)
	}
	return packs, problems, nil
}

// SetShowWhenLocked marks a resource, found by name in any stored pack
// (case does not matter), as safe or not to show on the lock screen, and
// stores the pack again. found is false if no pack lists it.
func SetShowWhenLocked(rs RecordStore, name string, show bool) (found bool, err error) {
	packs, _, err := LoadResources(rs)
	if err != nil {
		return false, err
	}
	for _, p := range packs {
		i := slices.IndexFunc(p.Resources, func(r Resource) bool { return strings.EqualFold(r.Name, strings.TrimSpace(name)) })
		if i < 0 {
			continue
		}
		p.Resources[i].ShowWhenLocked = show
		return true, SaveResources(rs, p)
	}
	return false, nil
}

//go:embed resources-example.toml
var exampleResources []byte

// ExampleResources is a neutral example of a resources pack for an
// organisation to fill in: the shape, with no country's numbers.
func ExampleResources() []byte { return slices.Clone(exampleResources) }

// Reach is everything a worker can turn to, grouped as screens show it:
// their own people, their organisation's resources, crisis lines.
type Reach struct {
	People       []diary.Support
	Organisation []Resource
	Crisis       []Resource
	// Locked is true when only what the worker marked as safe to show
	// while locked is here.
	Locked bool
}

// WithinReach gathers the worker's people and the packs' resources. With
// locked, only those marked as safe to show while locked are kept.
func WithinReach(people []diary.Support, packs []*ResourcesPack, locked bool) Reach {
	r := Reach{Locked: locked}
	for _, p := range people {
		if !locked || p.ShowWhenLocked {
			r.People = append(r.People, p)
		}
	}
	for _, pk := range packs {
		for _, res := range pk.Resources {
			if locked && !res.ShowWhenLocked {
				continue
			}
			if res.Kind == KindCrisis {
				r.Crisis = append(r.Crisis, res)
			} else {
				r.Organisation = append(r.Organisation, res)
			}
		}
	}
	return r
}

// Empty reports whether there is no one and nothing to show.
func (r Reach) Empty() bool {
	return len(r.People) == 0 && len(r.Organisation) == 0 && len(r.Crisis) == 0
}

// ReachSection is one group of lines, with its heading.
type ReachSection struct {
	Heading string
	Lines   []ReachLine
}

// ReachLine is one person or resource as screens show it, or, when the
// group is empty, a line saying so (Placeholder).
type ReachLine struct {
	Text            string
	ShownWhenLocked bool // the worker marked it safe to show on the lock screen
	Placeholder     bool
}

// Emergency is said under every list of supports: a fact everywhere,
// without guessing a number.
const Emergency = "If you or someone else is in danger now, call your local emergency number."

// CrisisHeading heads the crisis lines among the Sections.
const CrisisHeading = "Crisis lines"

// Sections is what the command line and the support key show, in order:
// the worker's people, their organisation's resources, crisis lines. An
// empty group of the first two has a placeholder line, so the worker knows
// it can be filled, unless the diary is locked. Lines are built here once
// for every screen.
func (r Reach) Sections() []ReachSection {
	people := ReachSection{Heading: "Your people"}
	for _, p := range r.People {
		people.Lines = append(people.Lines, ReachLine{Text: SupportLine(p), ShownWhenLocked: p.ShowWhenLocked})
	}
	if len(people.Lines) == 0 && !r.Locked {
		people.Lines = []ReachLine{{Text: "No one on your list yet.", Placeholder: true}}
	}
	org := ReachSection{Heading: "Your organisation"}
	for _, res := range r.Organisation {
		org.Lines = append(org.Lines, ReachLine{Text: ResourceLine(res), ShownWhenLocked: res.ShowWhenLocked})
	}
	if len(org.Lines) == 0 && !r.Locked {
		org.Lines = []ReachLine{{Text: "No resources pack yet. Your organisation may have one.", Placeholder: true}}
	}
	crisis := ReachSection{Heading: CrisisHeading}
	for _, res := range r.Crisis {
		crisis.Lines = append(crisis.Lines, ReachLine{Text: ResourceLine(res), ShownWhenLocked: res.ShowWhenLocked})
	}
	var out []ReachSection
	for _, s := range []ReachSection{people, org, crisis} {
		if len(s.Lines) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// ResourceLine is one resource as screens show it: "Employee assistance
// line · 0800 000 000 (free, any hour)".
func ResourceLine(r Resource) string {
	line := r.Name
	if r.Contact != "" {
		line += " · " + r.Contact
	}
	if r.Note != "" {
		line += " (" + r.Note + ")"
	}
	return line
}
