package diary

import (
	"errors"
	"fmt"
	"strings"
)

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

	// ErrAmbiguous means an id prefix matches more than one entry; the
	// error is an *AmbiguousError naming them.
	ErrAmbiguous = errors.New("the id prefix matches more than one entry")

	// ErrDuplicateID means two entry files hold the same id; Load lists
	// the first and reports the other as a Problem with a *DuplicateIDError.
	ErrDuplicateID = errors.New("two entry files have the same id")

	// ErrNewerFormat means an entry was written by a newer peerdiary. It
	// comes wrapped together with ErrBadEntry.
	ErrNewerFormat = errors.New("written by a newer peerdiary")

	// ErrEmptyBody means an entry has no text.
	ErrEmptyBody = errors.New("the entry is empty")

	// ErrBodyTooLarge means an entry's text is over MaxBodySize.
	ErrBodyTooLarge = errors.New("the entry is too long")
)

// AmbiguousError is ErrAmbiguous with the entries the prefix could mean.
type AmbiguousError struct {
	Prefix     string
	Candidates []string // the first few ids, sorted
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%v: %q could be %s", ErrAmbiguous, e.Prefix, strings.Join(e.Candidates, ", "))
}

func (e *AmbiguousError) Is(target error) bool { return target == ErrAmbiguous }

// DuplicateIDError is ErrDuplicateID: the file that was not listed has the
// same id as File, which was. It names file paths and an id, never text.
type DuplicateIDError struct {
	ID   string
	File string // the entry listed under the id, relative to the diary folder
}

func (e *DuplicateIDError) Error() string {
	return fmt.Sprintf("has the same id %s as %s; only the first is listed", e.ID, e.File)
}

func (e *DuplicateIDError) Is(target error) bool { return target == ErrDuplicateID }
