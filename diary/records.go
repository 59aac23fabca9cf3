package diary

import (
	"slices"
	"strings"
)

// ListRecords returns the names (without .age) of the records whose names
// start with prefix, sorted. Prompt packs, for example, are the records
// named "pack-…".
func (s *Store) ListRecords(prefix string) ([]string, error) {
	des, err := s.records.ReadDir()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, de := range des {
		name, ok := strings.CutSuffix(de.Name(), FileExt)
		if !ok || !de.Type().IsRegular() || !ValidID(name) || !strings.HasPrefix(name, prefix) {
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names, nil
}
