package diary

import (
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSupportField is the longest a support's name, contact or note can be,
// in characters.
const MaxSupportField = 200

// ErrBadSupport is matched by every problem Support.Validate finds.
var ErrBadSupport = errors.New("a name, contact or note must be one line of up to 200 characters, without control characters")

// Validate checks a support before it is stored: a name, and every field
// one line of plain text.
func (p Support) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return errors.New("a support needs a name")
	}
	for _, f := range []string{p.Name, p.Contact, p.Note} {
		if utf8.RuneCountInString(f) > MaxSupportField || !utf8.ValidString(f) ||
			strings.ContainsFunc(f, func(r rune) bool {
				return unicode.IsControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
			}) {
			return ErrBadSupport
		}
	}
	return nil
}

// PutSupport adds someone to the worker's list, or updates them if the name
// is already on it (case does not matter). Fields are trimmed.
func (s *Settings) PutSupport(p Support) error {
	p.Name, p.Contact, p.Note = strings.TrimSpace(p.Name), strings.TrimSpace(p.Contact), strings.TrimSpace(p.Note)
	if err := p.Validate(); err != nil {
		return err
	}
	if i := s.supportIndex(p.Name); i >= 0 {
		s.Supports[i] = p
	} else {
		s.Supports = append(s.Supports, p)
	}
	return nil
}

// RemoveSupport takes someone off the list by name; it reports whether they
// were on it.
func (s *Settings) RemoveSupport(name string) bool {
	i := s.supportIndex(name)
	if i < 0 {
		return false
	}
	s.Supports = slices.Delete(s.Supports, i, i+1)
	return true
}

// SupportShownWhenLocked marks someone on the list as safe, or not, to show
// on the lock screen; it reports whether they are on the list.
func (s *Settings) SupportShownWhenLocked(name string, show bool) bool {
	i := s.supportIndex(name)
	if i < 0 {
		return false
	}
	s.Supports[i].ShowWhenLocked = show
	return true
}

func (s *Settings) supportIndex(name string) int {
	name = strings.TrimSpace(name)
	return slices.IndexFunc(s.Supports, func(x Support) bool { return strings.EqualFold(x.Name, name) })
}
