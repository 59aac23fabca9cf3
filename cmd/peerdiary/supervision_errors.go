package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/supervision"
)

// supCommand is command for the supervision commands: their own errors
// (people, contacts, keys, exports) get their message here; everything else
// goes on to describe.
func (a *app) supCommand(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return a.command(func(cmd *cobra.Command, args []string) error {
		return describeSupervision(fn(cmd, args))
	})
}

// describeSupervision turns the errors of people, contacts, flags, exports
// and keys into what to tell a person. The text after a sentinel never
// holds entry text; it may name a person the worker typed, which is theirs
// to see.
func describeSupervision(err error) error {
	if err == nil {
		return nil
	}
	var ce *cliError
	if errors.As(err, &ce) {
		return err
	}
	// detail is what follows the sentinel's own words in the message.
	detail := func(sentinel error) string {
		msg := err.Error()
		if i := strings.LastIndex(msg, sentinel.Error()); i >= 0 {
			return strings.TrimLeft(msg[i+len(sentinel.Error()):], ": ")
		}
		return msg
	}
	e := &cliError{cause: err}
	switch {
	case errors.Is(err, diary.ErrBadRecord):
		e.code, e.msg = exitDamaged, "a record in the diary can't be read: "+detail(diary.ErrBadRecord)
		e.hints = []string{"your entries are untouched; run peerdiary verify to check every file"}
	case errors.Is(err, diary.ErrBadName):
		e.code, e.msg = exitUsage, printable(detail(diary.ErrBadName), false)
	case errors.Is(err, diary.ErrNoPerson):
		e.code, e.msg = exitUsage, printable(detail(diary.ErrNoPerson), false)+" is not on the list"
		e.hints = []string{"peerdiary people shows the list, by the names they were added with"}
	case errors.Is(err, diary.ErrNoContact):
		e.code, e.msg = exitUsage, "no contact is called "+printable(detail(diary.ErrNoContact), false)
		e.hints = []string{"peerdiary contacts lists them; add one with peerdiary contacts add NAME KEY"}
	case errors.Is(err, diary.ErrContactExists):
		e.code, e.msg = exitUsage, "you already have a contact called "+printable(detail(diary.ErrContactExists), false)
		e.hints = []string{"to change their key, remove them first (peerdiary contacts remove NAME), then add them again, and check the new fingerprint with them"}
	case errors.Is(err, diary.ErrNotFlagged):
		e.code, e.msg = exitUsage, "that entry is not flagged"
		e.hints = []string{"peerdiary flag lists the flagged entries"}
	case errors.Is(err, crypto.ErrMixedRecipients):
		e.code, e.msg = exitBadKey, "post-quantum keys (age1pq1…) can't share one export with classic or SSH keys, or the file would be open to a quantum computer"
		e.hints = []string{"make one export for each kind of key: a contact for the post-quantum keys, another for the others"}
	case errors.Is(err, crypto.ErrSecretKey):
		e.code, e.msg = exitBadKey, "that is a secret key: never share it, and don't store anyone else's"
		e.hints = []string{"ask for their public key: it starts with age1pq1, age1 or ssh-ed25519 (peerdiary key public prints it)"}
	case errors.Is(err, crypto.ErrUnsupportedKey):
		e.code, e.msg = exitBadKey, "that kind of key isn't supported: "+detail(crypto.ErrUnsupportedKey)
		e.hints = []string{"ask for an age key (peerdiary key public or age-keygen prints one), or an ssh-ed25519 or ssh-rsa public key"}
	case errors.Is(err, crypto.ErrBadRecipient):
		e.code, e.msg = exitBadKey, "that is not a public key peerdiary can encrypt to: "+detail(crypto.ErrBadRecipient)
		e.hints = []string{"a public key starts with age1pq1, age1, ssh-ed25519 or ssh-rsa; copy the whole line"}
	case errors.Is(err, supervision.ErrNothingChosen):
		e.code, e.msg = exitUsage, "no entries match, so there is nothing to export"
		e.hints = []string{"peerdiary list shows your entries; peerdiary flag lists the flagged ones"}
	case errors.Is(err, supervision.ErrBadRequest):
		e.code, e.msg = exitUsage, detail(supervision.ErrBadRequest)
	default:
		return err
	}
	return e
}
