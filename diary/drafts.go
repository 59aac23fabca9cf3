package diary

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// Draft is unsaved writing, autosaved encrypted so it survives a crash, a
// closed terminal or a lock. Its Entry.ID is the entry being edited, or ""
// for a new one.
type Draft struct {
	Name  string // the draft's own id (its file name without .age)
	Entry Entry
	Saved time.Time
}

// SaveDraft writes a draft, encrypted to the diary's recipient. It works while
// the diary is locked, so the idle lock and a hang-up can still save.
func (s *Store) SaveDraft(d *Draft) error {
	if d.Name == "" {
		d.Name = NewID()
	}
	if !ValidID(d.Name) {
		return fmt.Errorf("invalid draft name %q", d.Name)
	}
	e := d.Entry
	if e.Updated.IsZero() {
		e.Updated = s.opts.now().Truncate(time.Second)
	}
	plain, err := e.Format()
	if err != nil {
		return err
	}
	sealed, err := s.seal(plain)
	clear(plain)
	if err != nil {
		return err
	}
	if err := s.write(func() error { return s.drafts.WriteFileAtomic(d.Name+FileExt, sealed) }); err != nil {
		return fmt.Errorf("saving the draft: %w", err)
	}
	d.Saved = e.Updated
	return nil
}

// Drafts returns every readable draft, newest first. Unreadable ones are
// reported by Verify.
func (s *Store) Drafts() ([]Draft, error) {
	// Refuse while locked even when there are no drafts, so a caller learns
	// the rule from the first call rather than from the first draft.
	if _, err := s.currentIdentity(); err != nil {
		return nil, err
	}
	des, err := s.drafts.ReadDir()
	if err != nil {
		return nil, err
	}
	var out []Draft
	for _, de := range des {
		name := de.Name()
		if !strings.HasSuffix(name, FileExt) || strings.HasPrefix(name, ".") || !de.Type().IsRegular() {
			continue
		}
		plain, err := s.open(s.drafts, name, MaxEntryFileSize)
		if errors.Is(err, ErrLocked) {
			return nil, err
		}
		if err != nil {
			continue
		}
		e, err := ParseEntry(plain)
		clear(plain)
		if err != nil {
			continue
		}
		out = append(out, Draft{Name: strings.TrimSuffix(name, FileExt), Entry: *e, Saved: e.Updated})
	}
	slices.SortFunc(out, func(a, b Draft) int { return b.Saved.Compare(a.Saved) })
	return out, nil
}

// DeleteDraft removes a draft; a missing one is not an error.
func (s *Store) DeleteDraft(name string) error {
	if !ValidID(name) {
		return fmt.Errorf("invalid draft name %q", name)
	}
	if err := s.write(func() error { return s.drafts.Remove(name + FileExt) }); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
