package diary

import (
	"errors"
	"strings"
)

// Find returns the entry that an id, or any unique start of one, names,
// with the path of its file inside the diary folder ("entries/x.age"). c
// is the catalog of the last Load.
//
// When no readable entry has the id, but a file that could not be read is
// named after it (peerdiary names each file after its entry's id), the
// error says that file is damaged (an *Explained of KindDamaged) rather
// than that there is no such entry. Otherwise errors wrap ErrNotFound or
// ErrAmbiguous, or those of Get.
func (s *Store) Find(c *Catalog, idOrPrefix string) (*Entry, string, error) {
	full, err := s.Resolve(idOrPrefix)
	if errors.Is(err, ErrNotFound) {
		err = damagedMatch(c, idOrPrefix, err)
	}
	if err != nil {
		return nil, "", err
	}
	e, err := s.Get(full)
	if err != nil {
		return nil, "", err
	}
	return e, EntriesDir + "/" + s.fileFor(full), nil
}

// damagedMatch explains a missing id when the entry is there but damaged.
func damagedMatch(c *Catalog, id string, notFound error) error {
	prefix := strings.ToLower(strings.TrimSpace(id))
	if prefix == "" || c == nil {
		return notFound
	}
	for _, p := range c.Problems {
		name := strings.TrimPrefix(p.Path, EntriesDir+"/")
		if strings.HasPrefix(name, prefix) {
			return &Explained{
				Kind:  KindDamaged,
				Msg:   "that entry's file, " + p.Path + ", can't be read: " + Reason(p.Err),
				Hints: []string{"restore it from a backup, or run peerdiary verify --quarantine to move it aside; other entries are fine"},
				Err:   p.Err,
			}
		}
	}
	return notFound
}
