package crypto

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/age/armor"
)

const (
	// MinWorkFactor is the lowest scrypt work factor (log2 N) peerdiary writes.
	// age's own default: about a second and 256 MiB on a modern machine.
	MinWorkFactor = 18

	// MaxWorkFactor is the highest scrypt work factor peerdiary writes or reads.
	// age would read up to 22 (15 s, 4 GiB); a planted key file asking that
	// much could stall a low-memory shared computer, so we refuse it before
	// doing any work.
	MaxWorkFactor = 20

	// releaseWorkFactor is the smallest work factor (16 MiB of scrypt
	// memory) after which the memory is handed back to the system at once.
	releaseWorkFactor = 14

	// maxKeyFileSize caps how much of a key file is read; a real one is
	// about 3 KiB armored.
	maxKeyFileSize = 64 << 10
)

// testWorkFactor, when non-zero, replaces the calibrated work factor. It is
// set only by tests, through SetWorkFactorForTesting; nothing in the binary
// reads it from the environment.
var testWorkFactor atomic.Int32

// SetWorkFactorForTesting makes key files cheap to write and read. Tests only:
// a diary written this way is protected by almost no work.
func SetWorkFactorForTesting(logN int) {
	testWorkFactor.Store(int32(logN))
}

// CalibrateWorkFactor picks the scrypt work factor for a new key file: the
// largest one, between MinWorkFactor and MaxWorkFactor, that takes about a
// second on this machine. It measures a small scrypt run and scales up, since
// each step of the factor doubles the time.
func CalibrateWorkFactor() int {
	if n := testWorkFactor.Load(); n != 0 {
		return int(n)
	}
	const probe = 14
	start := time.Now()
	r, err := age.NewScryptRecipient("calibration")
	if err != nil {
		return MinWorkFactor
	}
	r.SetWorkFactor(probe)
	if _, err := r.Wrap(make([]byte, 16)); err != nil {
		return MinWorkFactor
	}
	elapsed := time.Since(start)
	logN := probe
	for est := elapsed; logN < MaxWorkFactor && est*2 <= time.Second; est *= 2 {
		logN++
	}
	return max(logN, MinWorkFactor)
}

// MaxPassphraseLength is the longest passphrase, in characters, peerdiary
// takes, wherever it comes from: typed in the full-screen diary or on a
// terminal, or read from a passphrase file. One limit, so a passphrase set
// one way always opens the diary the others.
const MaxPassphraseLength = 1024

// checkPassphrase refuses an empty passphrase and one over
// MaxPassphraseLength, before any scrypt work.
func checkPassphrase(passphrase []byte) error {
	switch {
	case len(passphrase) == 0:
		return ErrEmptyPassphrase
	case utf8.RuneCount(passphrase) > MaxPassphraseLength:
		return ErrPassphraseTooLong
	}
	return nil
}

// WrapIdentity encrypts the identity's text with the passphrase as an armored
// age file, so the stock CLI opens it with age -d or as age -i identity.age.
// A logN of 0 calibrates the work factor.
func WrapIdentity(id *Identity, passphrase []byte, logN int) ([]byte, error) {
	if err := checkPassphrase(passphrase); err != nil {
		return nil, err
	}
	if logN == 0 {
		logN = CalibrateWorkFactor()
	}
	r, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(logN)
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(id.Text()); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if err := aw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnwrapIdentity opens a key file with the passphrase. It accepts armored and
// binary files and refuses a work factor above MaxWorkFactor before doing any
// scrypt work. Errors wrap ErrWrongPassphrase, ErrEmptyPassphrase,
// ErrKeyFileDamaged, ErrKeyFileTooMuchWork or ErrNotPassphraseFile.
func UnwrapIdentity(keyFile, passphrase []byte) (*Identity, error) {
	if err := checkPassphrase(passphrase); err != nil {
		return nil, err
	}
	if len(keyFile) > maxKeyFileSize {
		return nil, fmt.Errorf("%w: %d bytes is too large for a key file", ErrKeyFileDamaged, len(keyFile))
	}
	text, err := openKeyFile(keyFile, passphrase)
	if err != nil {
		return nil, err
	}
	id, err := ParseIdentity(text)
	clear(text)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyFileDamaged, err)
	}
	return id, nil
}

// openKeyFile decrypts a passphrase-protected age file, armored or binary,
// and returns its whole plaintext, or nothing if any of it failed to
// authenticate. The work factor is checked before any scrypt work is done.
func openKeyFile(keyFile, passphrase []byte) ([]byte, error) {
	si, err := age.NewScryptIdentity(string(passphrase))
	if err != nil {
		return nil, err
	}
	si.SetMaxWorkFactor(MaxWorkFactor)

	var src io.Reader = bytes.NewReader(keyFile)
	trimmed := bytes.TrimLeft(keyFile, " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte(armor.Header)):
		src = armor.NewReader(src)
	case !bytes.HasPrefix(keyFile, []byte("age-encryption.org/")) && bytes.Contains(keyFile, []byte("AGE-SECRET-KEY-")):
		// Not encrypted at all: an identity as age-keygen writes it. Say
		// so (never quoting it) rather than "damaged".
		return nil, ErrKeyFileUnprotected
	}
	r, err := age.Decrypt(src, keyFileIdentity{si})
	if err != nil {
		return nil, classifyKeyFileError(err)
	}
	text, err := io.ReadAll(io.LimitReader(r, maxKeyFileSize+1))
	if err != nil {
		clear(text)
		return nil, fmt.Errorf("%w: %s", ErrKeyFileDamaged, safeDetail(err))
	}
	if len(text) > maxKeyFileSize {
		clear(text)
		return nil, fmt.Errorf("%w: the identity inside is too large", ErrKeyFileDamaged)
	}
	return text, nil
}

// keyFileIdentity is the passphrase as age uses it, checking the file's
// recipient stanzas itself first, so each way a key file can be wrong comes
// back as one of this package's errors rather than as age's wording: a file
// for a key rather than a passphrase, or one asking for more work than
// peerdiary ever writes (refused before any scrypt work is done).
type keyFileIdentity struct{ si *age.ScryptIdentity }

func (k keyFileIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	var scrypt *age.Stanza
	for _, st := range stanzas {
		if st.Type == "scrypt" {
			scrypt = st
		}
	}
	if scrypt == nil {
		return nil, ErrNotPassphraseFile
	}
	logN := 0
	if len(scrypt.Args) == 2 {
		if n, err := strconv.Atoi(scrypt.Args[1]); err == nil {
			logN = n
		}
		if logN > MaxWorkFactor {
			return nil, fmt.Errorf("%w: work factor %d", ErrKeyFileTooMuchWork, logN)
		}
	}
	key, err := k.si.Unwrap(stanzas)
	if logN >= releaseWorkFactor {
		// scrypt's working memory (1 KiB times 2^logN: 256 MiB at the
		// usual 18) is garbage now. Hand it back to the system at once,
		// rather than leave the heap at twice that size until the next
		// collections: what the diary reads next then starts from a small
		// heap, and a command's peak memory stays scrypt's alone.
		debug.FreeOSMemory()
	}
	if errors.Is(err, age.ErrIncorrectIdentity) {
		return nil, ErrWrongPassphrase
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrKeyFileDamaged, safeDetail(err))
	}
	return key, nil
}

// classifyKeyFileError passes on keyFileIdentity's errors and calls
// anything else from age (a header that does not parse, a bad MAC) damage.
func classifyKeyFileError(err error) error {
	for _, known := range []error{ErrNotPassphraseFile, ErrKeyFileTooMuchWork, ErrWrongPassphrase, ErrKeyFileDamaged} {
		if errors.Is(err, known) {
			return err
		}
	}
	return fmt.Errorf("%w: %s", ErrKeyFileDamaged, safeDetail(err))
}
