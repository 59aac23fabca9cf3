package diary

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"peerdiary/crypto"
)

// ContactsRecord is the record contacts are stored in
// (records/contacts.age).
const ContactsRecord = "contacts"

// Contact is someone the worker sends exports to, a supervisor, with their
// public keys. Contacts live inside the diary, encrypted: a plain file of
// keys could be swapped by anyone sharing the computer's account, and every
// later export would go to them.
type Contact struct {
	Name  string    `yaml:"name" json:"name"`
	Keys  []string  `yaml:"keys" json:"keys"` // public keys, canonical
	Added time.Time `yaml:"added" json:"added"`
}

// Recipients parses the contact's keys.
func (c Contact) Recipients() ([]crypto.Recipient, error) {
	out := make([]crypto.Recipient, 0, len(c.Keys))
	for _, k := range c.Keys {
		r, err := crypto.ParseRecipient(k)
		if err != nil {
			return nil, fmt.Errorf("%w: the key stored for %s: %w", ErrBadRecord, c.Name, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// RecipientsOf is the keys of every contact, for one export to all of
// them; a contact named twice counts once. Contacts whose keys age won't
// put in one file (post-quantum with classic or SSH) give an error wrapping
// ErrMixedContacts and crypto.ErrMixedRecipients that names who has which.
func RecipientsOf(cs []Contact) ([]crypto.Recipient, error) {
	var out []crypto.Recipient
	var pq, other []string
	seen := map[string]bool{}
	for _, c := range cs {
		key := strings.ToLower(c.Name)
		if seen[key] {
			continue
		}
		seen[key] = true
		rs, err := c.Recipients()
		if err != nil {
			return nil, err
		}
		if len(rs) > 0 && rs[0].PostQuantum() {
			pq = append(pq, c.Name)
		} else {
			other = append(other, c.Name)
		}
		out = append(out, rs...)
	}
	if len(pq) > 0 && len(other) > 0 {
		return nil, fmt.Errorf("%w: %s %s post-quantum, %s %s not: %w", ErrMixedContacts,
			JoinNames(pq), isAre(pq), JoinNames(other), isAre(other), crypto.ErrMixedRecipients)
	}
	return out, nil
}

// JoinNames lists names for a sentence: "Jo", "Jo and Sam", "Jo, Sam and Ali".
func JoinNames(ns []string) string {
	if len(ns) <= 1 {
		return strings.Join(ns, "")
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

func isAre(ns []string) string {
	if len(ns) == 1 {
		return "is"
	}
	return "are"
}

// Fingerprints are the short forms of the contact's keys, to show every
// time the contact is used.
func (c Contact) Fingerprints() []string {
	rs, err := c.Recipients()
	if err != nil {
		return []string{"(damaged key)"}
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Fingerprint()
	}
	return out
}

// Kinds name the sorts of key the contact has ("post-quantum age key").
func (c Contact) Kinds() []string {
	rs, _ := c.Recipients()
	var out []string
	for _, r := range rs {
		if k := r.Kind().String(); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// Errors about contacts.
var (
	// ErrNoContact means no contact has that name.
	ErrNoContact = errors.New("no contact has that name")

	// ErrContactExists means a contact already has that name.
	ErrContactExists = errors.New("a contact already has that name")
)

const (
	maxContacts    = 500
	maxContactKeys = 20
	maxContactName = 64 // bytes
)

type contactsFile struct {
	Version  int       `yaml:"version"`
	Contacts []Contact `yaml:"contacts"`
}

// Contacts returns the contacts, in the order they were added.
func (s *Store) Contacts() ([]Contact, error) {
	var f contactsFile
	if err := s.readYAMLRecord(ContactsRecord, &f); err != nil {
		return nil, fmt.Errorf("reading contacts: %w", err)
	}
	if len(f.Contacts) > maxContacts {
		return nil, fmt.Errorf("reading contacts: %w: more than %d contacts", ErrBadRecord, maxContacts)
	}
	return f.Contacts, nil
}

// FindContact returns the contact with the name, ignoring case. An unknown
// name's error suggests the closest one.
func (s *Store) FindContact(name string) (Contact, error) {
	cs, err := s.Contacts()
	if err != nil {
		return Contact{}, err
	}
	i, err := contactIndex(cs, name)
	if err != nil {
		return Contact{}, err
	}
	return cs[i], nil
}

// contactIndex finds a contact by name, ignoring case; an unknown name's
// error suggests the closest one.
func contactIndex(cs []Contact, name string) (int, error) {
	if i := slices.IndexFunc(cs, func(c Contact) bool { return sameName(c.Name, name) }); i >= 0 {
		return i, nil
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	name = strings.TrimSpace(name)
	if near := Suggest(name, names); len(near) > 0 {
		return -1, fmt.Errorf("%w: %s (did you mean %s?)", ErrNoContact, name, strings.Join(near, " or "))
	}
	return -1, fmt.Errorf("%w: %s", ErrNoContact, name)
}

// AddContact stores a new contact with their keys, which must be able to
// share one file (all post-quantum, or none). A name already in use is
// refused: changing who a name sends to is done by removing the contact
// first, deliberately.
func (s *Store) AddContact(name string, keys []crypto.Recipient) (Contact, error) {
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	name, err := cleanName(name, "contact name")
	if err != nil {
		return Contact{}, err
	}
	if len(name) > maxContactName {
		return Contact{}, fmt.Errorf("%w: a contact name is at most %d bytes", ErrBadName, maxContactName)
	}
	switch {
	case len(keys) == 0:
		return Contact{}, fmt.Errorf("%w: no key", crypto.ErrBadRecipient)
	case len(keys) > maxContactKeys:
		return Contact{}, fmt.Errorf("%w: at most %d keys for one contact", crypto.ErrBadRecipient, maxContactKeys)
	case !crypto.Compatible(keys...):
		return Contact{}, fmt.Errorf("%w: add them as two contacts", crypto.ErrMixedRecipients)
	}
	cs, err := s.Contacts()
	if err != nil {
		return Contact{}, err
	}
	if slices.ContainsFunc(cs, func(c Contact) bool { return sameName(c.Name, name) }) {
		return Contact{}, fmt.Errorf("%w: %s", ErrContactExists, name)
	}
	if len(cs) >= maxContacts {
		return Contact{}, fmt.Errorf("%w: there are already %d contacts", ErrBadName, maxContacts)
	}
	c := Contact{Name: name, Added: s.opts.now().Truncate(time.Second)}
	for _, k := range keys {
		if !slices.Contains(c.Keys, k.String()) {
			c.Keys = append(c.Keys, k.String())
		}
	}
	cs = append(cs, c)
	if err := s.writeYAMLRecord(ContactsRecord, contactsFile{Version: 1, Contacts: cs}); err != nil {
		return Contact{}, err
	}
	return c, nil
}

// RemoveContact deletes a contact. The ledger keeps the exports made to
// them.
func (s *Store) RemoveContact(name string) error {
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	cs, err := s.Contacts()
	if err != nil {
		return err
	}
	i, err := contactIndex(cs, name)
	if err != nil {
		return err
	}
	cs = slices.Delete(cs, i, i+1)
	return s.writeYAMLRecord(ContactsRecord, contactsFile{Version: 1, Contacts: cs})
}
