package crypto

import (
	"bytes"
	"fmt"
	"io"

	"filippo.io/age/armor"
)

// SealArmored encrypts plaintext to the recipients as an armored age file
// (-----BEGIN AGE ENCRYPTED FILE-----): text that survives email and chat,
// and that age -d reads as it reads a binary file. Recipients must all be of
// one kind, post-quantum or classic; age refuses a mix.
func SealArmored(plaintext []byte, recipients ...Recipient) ([]byte, error) {
	bin, err := Seal(plaintext, recipients...)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := armor.NewWriter(&buf)
	if _, err := w.Write(bin); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// IsArmored reports whether data starts like an armored age file, after
// any white space.
func IsArmored(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte(armor.Header))
}

// OpenAny decrypts an age file, armored or binary, and returns its plaintext
// only if the whole file authenticated and is at most limit bytes, as
// [Open] does. Armor that is not strictly valid is a damaged file.
func OpenAny(data []byte, limit int64, ids ...*Identity) ([]byte, error) {
	if !IsArmored(data) {
		return Open(data, limit, ids...)
	}
	if int64(len(data)) > (limit+overheadAllowance(limit))*4/3+4096 {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))
	}
	bin, err := io.ReadAll(armor.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: the armor is damaged", ErrDamaged)
	}
	return Open(bin, limit, ids...)
}
