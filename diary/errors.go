package diary

import "errors"

// Sentinel errors. Commands and screens choose what to tell a person with
// errors.Is; see also the sentinels of package crypto, which these wrap or
// sit beside.
var (
	// ErrNoDiary means the folder holds no diary yet.
	ErrNoDiary = errors.New("no diary here yet")

	// ErrDiaryExists means init was asked to create a diary over an existing one.
	ErrDiaryExists = errors.New("a diary already exists here")

	// ErrKeyFileMissing means the folder has entries but no key file.
	ErrKeyFileMissing = errors.New("the diary has entries but no key file")

	// ErrInUse means another peerdiary holds the diary's lock.
	ErrInUse = errors.New("the diary is open elsewhere")

	// ErrLocked means the call needs the diary unlocked.
	ErrLocked = errors.New("the diary is locked")

	// ErrNotFound means no entry has the id or prefix.
	ErrNotFound = errors.New("no such entry")

	// ErrAmbiguous means an id prefix matches more than one entry.
	ErrAmbiguous = errors.New("the id prefix matches more than one entry")

	// ErrEmptyBody means an entry has no text.
	ErrEmptyBody = errors.New("the entry is empty")

	// ErrBodyTooLarge means an entry's text is over MaxBodySize.
	ErrBodyTooLarge = errors.New("the entry is too long")
)
