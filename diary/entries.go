package diary

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Resolve turns an id or a unique prefix of one into a full id, using the
// catalog from the last Load.
func (s *Store) Resolve(prefix string) (string, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	s.mu.Lock()
	defer s.mu.Unlock()
	if prefix == "" {
		return "", ErrNotFound
	}
	if _, ok := s.files[prefix]; ok {
		return prefix, nil
	}
	var found []string
	for id := range s.files {
		if strings.HasPrefix(id, prefix) {
			found = append(found, id)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%w: %q", ErrNotFound, prefix)
	case 1:
		return found[0], nil
	}
	slices.Sort(found)
	return "", &AmbiguousError{Prefix: prefix, Candidates: found[:min(len(found), 5)]}
}

func (s *Store) fileFor(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.files[id]; ok {
		return f
	}
	return id + FileExt
}

// Get decrypts the entry with the given full id.
func (s *Store) Get(id string) (*Entry, error) {
	ident, err := s.currentIdentity()
	if err != nil {
		return nil, err
	}
	e, err := s.readEntryFile(s.fileFor(id), ident)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return e, err
}

// Put saves an entry, atomically. A new entry (empty ID) gets an id and its
// created time; every save sets the updated time. It returns the id.
func (s *Store) Put(e *Entry) (string, error) {
	if err := CheckBody(e); err != nil {
		return "", err
	}
	if _, err := s.currentIdentity(); err != nil {
		return "", err // entries are written only while unlocked
	}
	now := s.opts.now().Truncate(time.Second)
	saved := *e
	if saved.ID == "" {
		saved.ID = NewID()
	} else if !ValidID(saved.ID) {
		return "", fmt.Errorf("%w: id %q", ErrBadEntry, saved.ID)
	}
	if saved.Created.IsZero() {
		saved.Created = now
	}
	saved.Updated = now
	saved.Tags = NormalizeTags(saved.Tags)
	plain, err := saved.Format()
	if err != nil {
		return "", err
	}
	sealed, err := s.seal(plain)
	clear(plain)
	if err != nil {
		return "", err
	}
	file := s.fileFor(saved.ID)
	if err := s.entries.WriteFileAtomic(file, sealed); err != nil {
		return "", fmt.Errorf("saving the entry: %w", err)
	}
	s.mu.Lock()
	if s.files == nil {
		s.files = map[string]string{}
	}
	s.files[saved.ID] = file
	s.mu.Unlock()
	s.noteSaved(file, &saved)
	*e = saved
	return saved.ID, nil
}

// CheckBody refuses an entry with no text or with more than MaxBodySize.
func CheckBody(e *Entry) error {
	size := len(e.Body)
	blank := strings.TrimSpace(e.Body) == ""
	for _, a := range e.Answers {
		size += len(a.Text)
		blank = blank && strings.TrimSpace(a.Text) == ""
	}
	if blank {
		return ErrEmptyBody
	}
	if size > MaxBodySize {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrBodyTooLarge, size, MaxBodySize)
	}
	if !utf8.ValidString(e.Body) {
		return fmt.Errorf("%w: the text is not UTF-8", ErrBadEntry)
	}
	return nil
}

// Delete removes the entry with the given full id.
func (s *Store) Delete(id string) error {
	if _, err := s.currentIdentity(); err != nil {
		return err
	}
	file := s.fileFor(id)
	if err := s.entries.Remove(file); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return err
	}
	s.mu.Lock()
	delete(s.files, id)
	s.mu.Unlock()
	s.noteDeleted(file)
	return nil
}
