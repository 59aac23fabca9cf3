package crypto

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
)

// Seal encrypts plaintext to the recipients as a binary age file.
func Seal(plaintext []byte, recipients ...Recipient) ([]byte, error) {
	rs, err := ageRecipients(recipients)
	if err != nil {
		return nil, err
	}
	return seal(plaintext, rs...)
}

// ageRecipients is the age form of recipients, none of them empty.
func ageRecipients(recipients []Recipient) ([]age.Recipient, error) {
	rs := make([]age.Recipient, 0, len(recipients))
	for _, r := range recipients {
		if r.IsZero() {
			return nil, fmt.Errorf("%w: an empty recipient", ErrBadRecipient)
		}
		rs = append(rs, r.r)
	}
	return rs, nil
}

func seal(plaintext []byte, recipients ...age.Recipient) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(plaintext) + 2048)
	w, err := age.Encrypt(&buf, recipients...)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plaintext); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Open decrypts a binary age file held in memory, leaving file as it is;
// see [OpenReader].
func Open(file []byte, limit int64, ids ...*Identity) ([]byte, error) {
	if int64(len(file)) > limit+overheadAllowance(limit) {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(file))
	}
	return openInPlace(bytes.Clone(file), limit, ageIdentities(ids)...)
}

// OpenReader reads a binary age file from r to its end and returns its
// plaintext only if the whole file authenticated and the plaintext is at
// most limit bytes. size is the file's size if known, or -1: a file larger
// than any age file of limit bytes of plaintext is refused before anything
// is read, and the buffer is allocated once.
//
// On any error it returns nil: age authenticates a file chunk by chunk, and
// nothing of a file is used unless every chunk, the last one included,
// authenticated.
//
// Errors wrap ErrNotAgeFile, ErrDamaged, ErrWrongKey or ErrTooLarge, and
// never quote the file.
func OpenReader(r io.Reader, size, limit int64, ids ...*Identity) ([]byte, error) {
	plain, _, err := openReaderInto(nil, r, size, limit, ageIdentities(ids)...)
	return plain, err
}

// openReaderInto is OpenReader reading into buf's storage, grown if it is
// too small; it returns the plaintext, a part of the buffer, and the buffer
// to use next time.
func openReaderInto(buf []byte, r io.Reader, size, limit int64, ids ...age.Identity) (plain, next []byte, err error) {
	allowed := limit + overheadAllowance(limit)
	if size > allowed {
		return nil, buf, fmt.Errorf("%w: %d bytes", ErrTooLarge, size)
	}
	file, err := readAll(buf, r, size, allowed)
	if err != nil {
		return nil, buf, err
	}
	plain, err = openInPlace(file, limit, ids...)
	return plain, file[:cap(file)], err
}

const ageIntro = "age-encryption.org/"

// overheadAllowance is how much larger than its plaintext an age file may be:
// the header (1.6 KiB for a hybrid recipient) plus 16 bytes per 64 KiB chunk.
func overheadAllowance(limit int64) int64 {
	return 16<<10 + 16*(limit/(64<<10)+1)
}

// classifyOpenError sorts age's errors into the classes a person is told
// about. age reports "no identity matched" with its own type; everything
// else from a file that starts like an age file (a bad header, a bad MAC, a
// stanza that fails to unwrap) means the file was damaged or changed.
func classifyOpenError(head []byte, err error) error {
	var nomatch *age.NoIdentityMatchError
	switch {
	case !bytes.HasPrefix(head, []byte(ageIntro)):
		return fmt.Errorf("%w: %s", ErrNotAgeFile, safeDetail(err))
	case errors.As(err, &nomatch):
		return fmt.Errorf("%w: %s", ErrWrongKey, safeDetail(err))
	}
	return fmt.Errorf("%w: %s", ErrDamaged, safeDetail(err))
}

// safeDetail is an age error's text up to the first thing it quotes. age
// quotes the bytes it failed on ("unexpected intro: \"…\""), and in a file
// that is not what it should be those bytes can be plaintext: an entry
// copied in unencrypted, or a secret key saved over the key file. Errors
// reach terminals and logs, so the quote is dropped.
func safeDetail(err error) string {
	msg := err.Error()
	if i := strings.IndexAny(msg, "\"'`"); i >= 0 {
		msg = strings.TrimRight(msg[:i], " :")
	}
	return msg
}
