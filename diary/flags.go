package diary

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// FlagsRecord is the record flags are stored in (records/flags.age).
const FlagsRecord = "flags"

// Flag marks an entry the worker wants to bring to supervision, with a note
// of what they want to talk about. Flags live in a record of their own, not
// in the entry, so flagging never rewrites an entry.
type Flag struct {
	ID   string    `yaml:"id" json:"id"`
	Note string    `yaml:"note,omitempty" json:"note"`
	At   time.Time `yaml:"at" json:"at"`
}

// ErrNotFlagged means the entry has no flag to take off.
var ErrNotFlagged = errors.New("the entry is not flagged")

const maxFlagNote = 4 << 10 // bytes

type flagsFile struct {
	Version int    `yaml:"version"`
	Flags   []Flag `yaml:"flags"`
}

// Flags returns every flag, oldest first.
func (s *Store) Flags() ([]Flag, error) {
	var f flagsFile
	if err := s.readYAMLRecord(FlagsRecord, &f); err != nil {
		return nil, fmt.Errorf("reading flags: %w", err)
	}
	return f.Flags, nil
}

// FlagEntry flags an entry (a full id) with a note, or changes the note of
// one already flagged. The flag keeps the time it was first set.
func (s *Store) FlagEntry(id, note string) (Flag, error) {
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	if !ValidID(id) {
		return Flag{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	note = strings.TrimSpace(note)
	if !utf8.ValidString(note) || len(note) > maxFlagNote {
		return Flag{}, fmt.Errorf("%w: a flag's note is text of at most %d bytes", ErrBadName, maxFlagNote)
	}
	fs, err := s.Flags()
	if err != nil {
		return Flag{}, err
	}
	i := slices.IndexFunc(fs, func(f Flag) bool { return f.ID == id })
	if i < 0 {
		fs = append(fs, Flag{ID: id, At: s.opts.now().Truncate(time.Second)})
		i = len(fs) - 1
	}
	fs[i].Note = note
	if err := s.writeYAMLRecord(FlagsRecord, flagsFile{Version: 1, Flags: fs}); err != nil {
		return Flag{}, err
	}
	return fs[i], nil
}

// UnflagEntry takes the flag off an entry.
func (s *Store) UnflagEntry(id string) error {
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	fs, err := s.Flags()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(fs, func(f Flag) bool { return f.ID == id })
	if i < 0 {
		return ErrNotFlagged
	}
	fs = slices.Delete(fs, i, i+1)
	return s.writeYAMLRecord(FlagsRecord, flagsFile{Version: 1, Flags: fs})
}
