package diary

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"peerdiary/crypto"
)

// Verify decrypts every entry, draft and record, reading each to its end,
// and returns every file that fails, with how many files it checked. The
// key file needs no check: the diary is unlocked, so it opened. The entry
// index is not used, only rebuilt: it is a cache, not something a person
// stored. Verify changes nothing else; see Quarantine.
func (s *Store) Verify(ctx context.Context) ([]Problem, int, error) {
	c, err := s.load(ctx, false)
	if err != nil {
		return nil, 0, err
	}
	probs := slices.Clone(c.Problems)
	checked := len(c.Entries) + len(c.Problems)
	for _, d := range []struct {
		dir  *crypto.Dir
		name string
	}{{s.drafts, DraftsDir}, {s.records, RecordsDir}} {
		des, err := d.dir.ReadDir()
		if err != nil {
			return nil, 0, err
		}
		for _, de := range des {
			if !strings.HasSuffix(de.Name(), FileExt) || strings.HasPrefix(de.Name(), ".") || !de.Type().IsRegular() {
				continue
			}
			if d.dir == s.records && isIndexRecord(de.Name()) {
				continue // just rebuilt by the full load above
			}
			checked++
			if _, err := s.open(d.dir, de.Name(), maxRecordSize); err != nil {
				probs = append(probs, Problem{Path: d.name + "/" + de.Name(), Err: err})
			}
		}
	}
	return probs, checked, nil
}

// Quarantine moves a damaged file (a Problem's Path) into damaged/, where it
// is kept, never deleted, and no longer listed. The move is a rename, so the
// file is kept byte for byte whatever its size; a file quarantined earlier
// under the same name is kept too (the new one gets a "-2", "-3"… suffix).
func (s *Store) Quarantine(path string) error {
	dirName, name, ok := strings.Cut(path, "/")
	if !ok || name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\\x00") {
		return fmt.Errorf("can't quarantine %q: not a file in entries/, drafts/ or records/", path)
	}
	var d *crypto.Dir
	switch dirName {
	case EntriesDir:
		d = s.entries
	case DraftsDir:
		d = s.drafts
	case RecordsDir:
		d = s.records
	default:
		return fmt.Errorf("can't quarantine %q: not a file in entries/, drafts/ or records/", path)
	}
	return s.write(func() error { return s.quarantine(d, dirName, name) })
}

func (s *Store) quarantine(d *crypto.Dir, dirName, name string) error {
	if _, err := d.Stat(name); err != nil {
		return err
	}
	damaged, err := s.root.Sub(DamagedDir)
	if err != nil {
		return err
	}
	defer damaged.Close()
	base, ext := name, ""
	if b, ok := strings.CutSuffix(name, FileExt); ok {
		base, ext = b, FileExt
	}
	target := dirName + "-" + base + ext
	for i := 2; ; i++ {
		_, err := damaged.Stat(target)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return err
		}
		target = fmt.Sprintf("%s-%s-%d%s", dirName, base, i, ext)
	}
	if err := s.root.Rename(dirName+"/"+name, DamagedDir+"/"+target); err != nil {
		return err
	}
	if err := damaged.Sync(); err != nil {
		return err
	}
	return d.Sync()
}
