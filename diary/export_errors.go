package diary

import (
	"errors"
	"strings"
)

// Errors of exports, shared with package supervision, so that the one table
// of words (words.go) can say them.
var (
	// ErrNothingToExport means no entries were chosen, or none matched.
	ErrNothingToExport = errors.New("no entries chosen")

	// ErrBadExport means the export asked for can't be made; the error
	// says why.
	ErrBadExport = errors.New("the export can't be made")

	// ErrMixedContacts means contacts chosen for one export have keys age
	// won't put in one file (post-quantum with classic or SSH); it wraps
	// crypto.ErrMixedRecipients too.
	ErrMixedContacts = errors.New("these contacts can't share one export")
)

// after is what follows a sentinel's own words in an error's message: the
// detail a wrapping fmt.Errorf("%w: …") added.
func after(sentinel error) func(error, string) string {
	return func(err error, _ string) string {
		msg := err.Error()
		if i := strings.LastIndex(msg, sentinel.Error()); i >= 0 {
			return strings.TrimLeft(msg[i+len(sentinel.Error()):], ": ")
		}
		return msg
	}
}
