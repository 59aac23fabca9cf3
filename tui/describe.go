package tui

import (
	"errors"
	"peerdiary/crypto"
	"peerdiary/diary"
)

// describe turns an error into words for a person. Store errors never hold
// entry text; this also cuts anything long.
func describe(err error) string {
	var ex *diary.Explained
	if errors.As(err, &ex) {
		return sanitize(ex.Sentences())
	}
	switch {
	case errors.Is(err, diary.ErrEmptyBody):
		return "the entry is empty; write something first."
	case errors.Is(err, diary.ErrBodyTooLarge):
		return "the entry is over the 1 MB limit; split it into two entries."
	case errors.Is(err, diary.ErrLocked):
		return "the diary is locked; unlock it and try again."
	case errors.Is(err, diary.ErrNotFound):
		return "that entry is no longer there."
	case errors.Is(err, crypto.ErrDamaged):
		return "the file is damaged or was changed; run `peerdiary verify`."
	}
	s := sanitize(err.Error())
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s + "."
}
