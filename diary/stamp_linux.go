package diary

import (
	"io/fs"
	"runtime"
	"slices"
	"syscall"

	"golang.org/x/sys/unix"
)

// inodeAndChangeTime returns a file's inode number and change time, which
// the index checks along with its size and modification time: a save by
// rename gives a new inode, and no one can set the change time back.
func inodeAndChangeTime(fi fs.FileInfo) (uint64, int64) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return st.Ino, st.Ctim.Nano()
}

// listEntries returns the regular entry files' names, sorted, with the
// stamp of each (ok[i] false if it could not be examined; never, here). With 10,000 entries listing and
// examining the files is a large part of a Load from the index, so this
// reads the folder through one descriptor and calls fstatat on it directly,
// in parallel: about half the cost of os.Root's ReadDir and Stat.
func (s *Store) listEntries() (names []string, stamps []fileStamp, ok []bool, err error) {
	dir, err := s.entries.OpenFolder()
	if err != nil {
		return s.listEntriesPortable()
	}
	defer dir.Close()
	// Names only: ReadDir on a folder opened in an os.Root examines every
	// file itself, one after another; fstatat below does it in parallel
	// and tells regular files from the rest.
	all, err := dir.Readdirnames(-1)
	if err != nil {
		return nil, nil, nil, err
	}
	names = slices.DeleteFunc(all, func(name string) bool { return !isEntryFileName(name) })
	slices.Sort(names) // the first file by name wins an id both files claim
	stamps, ok = make([]fileStamp, len(names)), make([]bool, len(names))
	fd := int(dir.Fd())
	parallel(len(names), func(i int) {
		var st unix.Stat_t
		if unix.Fstatat(fd, names[i], &st, unix.AT_SYMLINK_NOFOLLOW) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
			return
		}
		stamps[i] = fileStamp{size: st.Size, mtime: st.Mtim.Nano(), ino: st.Ino, ctime: st.Ctim.Nano()}
		ok[i] = true
	})
	runtime.KeepAlive(dir)
	// Keep only regular files, as a listing by file type does: links and
	// folders are never read, and a file gone since the listing is as if
	// the folder had been listed a moment later.
	keep := 0
	for i := range names {
		if ok[i] {
			names[keep], stamps[keep], ok[keep] = names[i], stamps[i], true
			keep++
		}
	}
	return names[:keep], stamps[:keep], ok[:keep], nil
}
