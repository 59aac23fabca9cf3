//go:build !linux

package diary

import "io/fs"

// inodeAndChangeTime is not known here; the index checks size and
// modification time only.
func inodeAndChangeTime(fs.FileInfo) (uint64, int64) { return 0, 0 }

// listEntries returns the entry files' names, sorted, with the stamp of each.
func (s *Store) listEntries() ([]string, []fileStamp, []bool, error) {
	return s.listEntriesPortable()
}
