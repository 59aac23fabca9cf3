package diary

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"peerdiary/diary/redact"
)

// PeopleRecord is the record the redaction list is stored in
// (records/people.age).
const PeopleRecord = "people"

// Person is someone the worker writes about whose name must not leave the
// diary: a client, a colleague. The list lives only inside the diary,
// encrypted; it is the key from pseudonyms back to people, so it never
// travels with an export.
type Person struct {
	Name    string    `yaml:"name" json:"name"`
	Aliases []string  `yaml:"aliases,omitempty" json:"aliases"`
	As      string    `yaml:"as,omitempty" json:"as,omitempty"` // a fixed pseudonym, "Client A"
	Added   time.Time `yaml:"added" json:"added"`
}

// Limits on the list, far above any real one, so a damaged or planted record
// cannot make every export slow.
const (
	maxPeople     = 5000
	maxAliases    = 50
	maxNameLength = 200 // bytes
)

// Errors about people and contacts.
var (
	// ErrNoPerson means no one on the list has that name.
	ErrNoPerson = errors.New("no one on the list has that name")

	// ErrBadName means a name, alias, pseudonym or contact name can't be
	// used; the error says why.
	ErrBadName = errors.New("that name can't be used")

	// ErrBadRecord means a record (the list of people, contacts, flags, the
	// ledger) decrypted but is not what peerdiary wrote.
	ErrBadRecord = errors.New("a record is damaged")
)

type peopleFile struct {
	Version int      `yaml:"version"`
	People  []Person `yaml:"people"`
}

// People returns the redaction list, in the order people were added.
func (s *Store) People() ([]Person, error) {
	var f peopleFile
	if err := s.readYAMLRecord(PeopleRecord, &f); err != nil {
		return nil, fmt.Errorf("reading the list of people: %w", err)
	}
	if len(f.People) > maxPeople {
		return nil, fmt.Errorf("reading the list of people: %w: more than %d people", ErrBadRecord, maxPeople)
	}
	return f.People, nil
}

// AddPerson puts someone on the list, or, if their name is already there,
// adds the new aliases to them and sets their pseudonym if one is given. It
// refuses a list that could not redact: a name that stands for two people,
// a pseudonym that uses a listed name, two people with one pseudonym.
// It returns the person as stored.
func (s *Store) AddPerson(p Person) (Person, error) {
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	if err := checkPerson(&p); err != nil {
		return Person{}, err
	}
	people, err := s.People()
	if err != nil {
		return Person{}, err
	}
	i := slices.IndexFunc(people, func(q Person) bool { return sameName(q.Name, p.Name) })
	if i < 0 {
		if len(people) >= maxPeople {
			return Person{}, fmt.Errorf("%w: the list already has %d people", ErrBadName, maxPeople)
		}
		p.Added = s.opts.now().Truncate(time.Second)
		people = append(people, p)
		i = len(people) - 1
	} else {
		q := &people[i]
		for _, a := range p.Aliases {
			if !slices.ContainsFunc(q.Aliases, func(b string) bool { return sameName(a, b) }) && !sameName(a, q.Name) {
				q.Aliases = append(q.Aliases, a)
			}
		}
		if len(q.Aliases) > maxAliases {
			return Person{}, fmt.Errorf("%w: at most %d other names for one person", ErrBadName, maxAliases)
		}
		if p.As != "" {
			q.As = p.As
		}
	}
	if err := checkPeople(people); err != nil {
		return Person{}, err
	}
	if err := s.writeYAMLRecord(PeopleRecord, peopleFile{Version: 1, People: people}); err != nil {
		return Person{}, err
	}
	return people[i], nil
}

// RemovePerson takes someone off the list by their name. Exports made
// afterwards no longer hide their name.
func (s *Store) RemovePerson(name string) error {
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	people, err := s.People()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(people, func(q Person) bool { return sameName(q.Name, name) })
	if i < 0 {
		return fmt.Errorf("%w: %s", ErrNoPerson, name)
	}
	people = slices.Delete(people, i, i+1)
	return s.writeYAMLRecord(PeopleRecord, peopleFile{Version: 1, People: people})
}

// RedactionList is the list of people as the redaction engine takes it:
// everyone whose names every export, to a supervisor or to a study, takes
// out of what it sends.
func (s *Store) RedactionList() ([]redact.Person, error) {
	people, err := s.People()
	if err != nil {
		return nil, err
	}
	return redactionList(people), nil
}

func redactionList(people []Person) []redact.Person {
	list := make([]redact.Person, len(people))
	for i, p := range people {
		list[i] = redact.Person{Name: p.Name, Aliases: p.Aliases, As: p.As}
	}
	return list
}

// NewRedactor returns a redactor for one export that hides everyone on the
// list.
func NewRedactor(people []Person) (*redact.Redactor, error) {
	r, err := redact.New(redactionList(people), redact.Options{})
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrBadName, strings.TrimPrefix(err.Error(), redact.ErrBadList.Error()+": "))
	}
	return r, nil
}

// checkPerson tidies a person's names and checks each one.
func checkPerson(p *Person) error {
	var err error
	if p.Name, err = cleanName(p.Name, "name"); err != nil {
		return err
	}
	aliases := p.Aliases[:0:0]
	for _, a := range p.Aliases {
		a, err := cleanName(a, "other name")
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(aliases, func(b string) bool { return sameName(a, b) }) && !sameName(a, p.Name) {
			aliases = append(aliases, a)
		}
	}
	if len(aliases) > maxAliases {
		return fmt.Errorf("%w: at most %d other names for one person", ErrBadName, maxAliases)
	}
	p.Aliases = aliases
	if p.As != "" {
		if p.As, err = cleanName(p.As, "pseudonym"); err != nil {
			return err
		}
	}
	return nil
}

// checkPeople checks the whole list: a redactor can be built from it, and
// no two people share a pseudonym.
func checkPeople(people []Person) error {
	seen := map[string]string{}
	for _, p := range people {
		if p.As == "" {
			continue
		}
		k := strings.ToLower(p.As)
		if other, ok := seen[k]; ok {
			return fmt.Errorf("%w: %s and %s would both be %q in exports; give each their own pseudonym", ErrBadName, other, p.Name, p.As)
		}
		seen[k] = p.Name
	}
	_, err := NewRedactor(people)
	return err
}

// cleanName trims a name and refuses one that is empty, too long, or holds
// characters that are not text.
func cleanName(s, what string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "":
		return "", fmt.Errorf("%w: the %s is empty", ErrBadName, what)
	case !utf8.ValidString(s):
		return "", fmt.Errorf("%w: the %s is not valid text", ErrBadName, what)
	case len(s) > maxNameLength:
		return "", fmt.Errorf("%w: the %s is over %d bytes", ErrBadName, what, maxNameLength)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != 0x200d }):
		return "", fmt.Errorf("%w: the %s holds invisible or control characters", ErrBadName, what)
	}
	return s, nil
}

func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// readYAMLRecord reads a record into v; a record that does not exist yet
// leaves v as it is.
func (s *Store) readYAMLRecord(name string, v any) error {
	plain, err := s.ReadRecord(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer clear(plain)
	if err := yaml.Unmarshal(plain, v); err != nil {
		// yaml's message can quote the record, and the record holds names.
		return fmt.Errorf("%w: records/%s%s is not valid YAML", ErrBadRecord, name, FileExt)
	}
	return nil
}

func (s *Store) writeYAMLRecord(name string, v any) error {
	plain, err := yaml.Marshal(v)
	if err != nil {
		return err
	}
	defer clear(plain)
	return s.WriteRecord(name, plain)
}
