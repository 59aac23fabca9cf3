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
func Seal(plaintext []byte, recipients ...age.Recipient) ([]byte, error) {
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

// Open decrypts a binary age file and returns its plaintext only if the whole
// file authenticated and the plaintext is at most limit bytes. On any error
// it returns nil: age releases authenticated 64 KiB chunks before it notices
// that a file was cut short, and none of that may be used.
//
// Errors wrap ErrNotAgeFile, ErrDamaged, ErrWrongKey or ErrTooLarge.
func Open(file []byte, limit int64, identities ...age.Identity) ([]byte, error) {
	if int64(len(file)) > limit+overheadAllowance(limit) {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(file))
	}
	r, err := age.Decrypt(bytes.NewReader(file), identities...)
	if err != nil {
		return nil, classifyOpenError(file, err)
	}
	var out bytes.Buffer
	out.Grow(min(len(file), int(limit)))
	n, err := io.Copy(&out, io.LimitReader(r, limit+1))
	if err != nil {
		wipe(out.Bytes())
		return nil, fmt.Errorf("%w: %s", ErrDamaged, safeDetail(err))
	}
	if n > limit {
		wipe(out.Bytes())
		return nil, fmt.Errorf("%w: plaintext over %d bytes", ErrTooLarge, limit)
	}
	return out.Bytes(), nil
}

// overheadAllowance is how much larger than its plaintext an age file may be:
// the header (1.6 KiB for a hybrid recipient) plus 16 bytes per 64 KiB chunk.
func overheadAllowance(limit int64) int64 {
	return 16<<10 + 16*(limit/(64<<10)+1)
}

// classifyOpenError sorts age's errors into the classes a person is told
// about. age reports "no identity matched" with its own type; everything
// else from a file that starts like an age file (a bad header, a bad MAC, a
// stanza that fails to unwrap) means the file was damaged or changed.
func classifyOpenError(file []byte, err error) error {
	var nomatch *age.NoIdentityMatchError
	switch {
	case !bytes.HasPrefix(file, []byte("age-encryption.org/")):
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

// wipe overwrites a buffer that held plaintext. Best effort: the garbage
// collector may have copied it already.
func wipe(b []byte) { clear(b) }
