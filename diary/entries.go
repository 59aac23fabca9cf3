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

// Save is the one way an entry is saved, from the command line, the
// full-screen editor, a reflection or an import alike, so every rule of a
// saved entry lives here: its text is normalised (line endings, trailing
// white space), refused if blank or over MaxBodySize (CheckBody), tagged
// with the family and subtheme of the prompt it answers and the #hashtags
// in it (DerivedTags), given an id and a created time if new and an
// updated time always, and written atomically. e is updated to what was
// saved. It returns the entry's summary, with the file it is in.
func (s *Store) Save(e *Entry) (Summary, error) {
	saved := *e
	saved.Body = normalizeText(saved.Body)
	if len(saved.Answers) > 0 {
		saved.Answers = slices.Clone(saved.Answers)
		for i := range saved.Answers {
			saved.Answers[i].Text = normalizeText(saved.Answers[i].Text)
		}
	}
	if err := CheckBody(&saved); err != nil {
		return Summary{}, err
	}
	if _, err := s.currentIdentity(); err != nil {
		return Summary{}, err // entries are written only while unlocked
	}
	now := s.opts.now().Truncate(time.Second)
	if saved.ID == "" {
		saved.ID = NewID()
	} else if !ValidID(saved.ID) {
		return Summary{}, fmt.Errorf("%w: id %q", ErrBadEntry, saved.ID)
	}
	if saved.Created.IsZero() {
		saved.Created = now
	}
	saved.Updated = now
	saved.Tags = saved.withDerivedTags()
	plain, err := saved.Format()
	if err != nil {
		return Summary{}, err
	}
	sealed, err := s.seal(plain)
	clear(plain)
	if err != nil {
		return Summary{}, err
	}
	file := s.fileFor(saved.ID)
	if err := s.write(func() error { return s.entries.WriteFileAtomic(file, sealed) }); err != nil {
		return Summary{}, fmt.Errorf("saving the entry: %w", err)
	}
	s.mu.Lock()
	if s.files == nil {
		s.files = map[string]string{}
	}
	s.files[saved.ID] = file
	s.mu.Unlock()
	s.noteSaved(file, &saved)
	*e = saved
	return summarize(&saved, file), nil
}

// Put is Save for a caller that needs only the id.
func (s *Store) Put(e *Entry) (string, error) {
	sum, err := s.Save(e)
	return sum.ID, err
}

// normalizeText is an entry's text as it is saved: every line ending a
// newline (a carriage return left in would let the text overwrite its own
// line on a terminal), and no white space at the end, which is where the
// file's padding goes.
func normalizeText(s string) string {
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return trimBody(s)
}

// CheckBody refuses an entry with no text or with more than MaxBodySize.
func CheckBody(e *Entry) error {
	if e.Blank() {
		return ErrEmptyBody
	}
	if size := e.TextSize(); size > MaxBodySize {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrBodyTooLarge, size, MaxBodySize)
	}
	if !utf8.ValidString(e.Body) {
		return fmt.Errorf("%w: the text is not UTF-8", ErrBadEntry)
	}
	return nil
}

// TextSize is the bytes of text an entry holds, body and answers: what
// MaxBodySize limits.
func (e *Entry) TextSize() int {
	n := len(e.Body)
	for _, a := range e.Answers {
		n += len(a.Text)
	}
	return n
}

// Blank reports an entry with no text in its body or any answer: one that
// is not saved.
func (e *Entry) Blank() bool {
	if strings.TrimSpace(e.Body) != "" {
		return false
	}
	for _, a := range e.Answers {
		if strings.TrimSpace(a.Text) != "" {
			return false
		}
	}
	return true
}

// Delete removes the entry with the given full id.
func (s *Store) Delete(id string) error {
	if _, err := s.currentIdentity(); err != nil {
		return err
	}
	file := s.fileFor(id)
	if err := s.write(func() error { return s.entries.Remove(file) }); err != nil {
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
