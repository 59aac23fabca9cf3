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
	rs := make([]age.Recipient, 0, len(recipients))
	for _, r := range recipients {
		if r.IsZero() {
			return nil, fmt.Errorf("%w: an empty recipient", ErrBadRecipient)
		}
		rs = append(rs, r.r)
	}
	return seal(plaintext, rs...)
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

// Open decrypts a binary age file held in memory; see [OpenReader].
func Open(file []byte, limit int64, ids ...*Identity) ([]byte, error) {
	return OpenReader(bytes.NewReader(file), int64(len(file)), limit, ids...)
}

// OpenReader decrypts a binary age file read from r, streaming, and returns
// its plaintext only if the whole file authenticated and the plaintext is at
// most limit bytes. size is the file's size if known, or -1: a file larger
// than any age file of limit bytes of plaintext is refused before anything
// is read, and the plaintext buffer is allocated once.
//
// On any error it returns nil: age releases authenticated 64 KiB chunks
// before it notices that a file was cut short, and none of that may be used.
// Only the end of the stream, reported by age as io.EOF, says that the last
// chunk authenticated.
//
// Errors wrap ErrNotAgeFile, ErrDamaged, ErrWrongKey or ErrTooLarge, and
// never quote the file.
func OpenReader(r io.Reader, size, limit int64, ids ...*Identity) ([]byte, error) {
	return openReader(r, size, limit, ageIdentities(ids)...)
}

func openReader(r io.Reader, size, limit int64, ids ...age.Identity) ([]byte, error) {
	if size > limit+overheadAllowance(limit) {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, size)
	}
	head := &headRecorder{r: r}
	dr, err := age.Decrypt(head, ids...)
	if err != nil {
		return nil, classifyOpenError(head.head, err)
	}
	// The plaintext is shorter than the file; one byte more than the limit
	// is room to notice a plaintext over it.
	want := limit + 1
	if size >= 0 {
		want = min(want, size+1)
	}
	plain := make([]byte, want)
	n := 0
	for err == nil {
		if n == len(plain) {
			if int64(n) > limit {
				clear(plain)
				return nil, fmt.Errorf("%w: plaintext over %d bytes", ErrTooLarge, limit)
			}
			// The file grew while it was read, or its size was unknown.
			bigger := make([]byte, min(limit+1, max(2*int64(n), 64<<10)))
			copy(bigger, plain)
			clear(plain)
			plain = bigger
		}
		var m int
		m, err = dr.Read(plain[n:])
		n += m
	}
	if err != io.EOF {
		clear(plain)
		return nil, fmt.Errorf("%w: %s", ErrDamaged, safeDetail(err))
	}
	if int64(n) > limit {
		clear(plain)
		return nil, fmt.Errorf("%w: plaintext over %d bytes", ErrTooLarge, limit)
	}
	return plain[:n:n], nil
}

// headRecorder keeps the first bytes read through it: enough to tell an age
// file from something else when age fails to read its header.
type headRecorder struct {
	r    io.Reader
	head []byte
}

const ageIntro = "age-encryption.org/"

func (h *headRecorder) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if need := len(ageIntro) - len(h.head); need > 0 {
		h.head = append(h.head, p[:min(n, need)]...)
	}
	return n, err
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
