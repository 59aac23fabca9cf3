package diary

import "golang.org/x/sys/unix"

// networkFSWarning warns when the diary is on a file system where rename is
// not atomic across machines or locks are unreliable.
func networkFSWarning(path string) string {
	var st unix.Statfs_t
	if unix.Statfs(path, &st) != nil {
		return ""
	}
	switch uint32(st.Type) {
	case 0x6969:
		return "the diary is on a network file system (NFS): saves and the lock are less reliable there; keep the diary on a local disk if you can"
	case 0xFF534D42, 0xFE534D42:
		return "the diary is on a network share (SMB): saves and the lock are less reliable there; keep the diary on a local disk if you can"
	case 0x65735546:
		return "the diary is on a FUSE file system: saves may be less reliable there; keep the diary on a local disk if you can"
	}
	return ""
}
