package crypto

import "errors"

// Sentinel errors. Callers pick a message for a person with errors.Is; the
// wrapped detail is for logs and tests and never contains plaintext.
var (
	// ErrWrongPassphrase means the key file did not open with the passphrase.
	// A damaged salt in the key file looks exactly the same (the two cannot be
	// told apart), so after repeated failures say that the file may be damaged.
	ErrWrongPassphrase = errors.New("wrong passphrase")

	// ErrEmptyPassphrase means no passphrase was given.
	ErrEmptyPassphrase = errors.New("the passphrase is empty")

	// ErrPassphraseTooLong means a passphrase is over MaxPassphraseLength
	// characters.
	ErrPassphraseTooLong = errors.New("the passphrase is too long")

	// ErrKeyFileDamaged means the key file is not a readable passphrase file.
	ErrKeyFileDamaged = errors.New("the key file is damaged")

	// ErrKeyFileTooMuchWork means the key file asks for more scrypt work than
	// peerdiary ever writes: it was not made by peerdiary, and opening it could
	// stall or exhaust the memory of a small shared computer.
	ErrKeyFileTooMuchWork = errors.New("the key file asks for too much work")

	// ErrNotPassphraseFile means the key file is an age file, but not one
	// encrypted with a passphrase.
	ErrNotPassphraseFile = errors.New("the key file is not protected by a passphrase")

	// ErrKeyFileUnprotected means the key file is not encrypted at all: it
	// is a plain age identity, as age-keygen writes it, so the secret key
	// lies readable in the folder.
	ErrKeyFileUnprotected = errors.New("the key file holds a secret key in plain text")

	// ErrNotAgeFile means the bytes are not an age file at all.
	ErrNotAgeFile = errors.New("not an age file")

	// ErrDamaged means the file is an age file that failed to authenticate:
	// truncated, corrupted or tampered with.
	ErrDamaged = errors.New("damaged or changed file")

	// ErrWrongKey means no identity matched the file's header: it was
	// encrypted to another key, or a stanza of its header was changed. The
	// two fail identically (an altered stanza unwraps to a wrong key), so a
	// message must not claim either for sure.
	ErrWrongKey = errors.New("encrypted to a different key")

	// ErrTooLarge means the file or its plaintext is over the size cap.
	ErrTooLarge = errors.New("file too large")

	// ErrNotRegularFile means something other than a file (a named pipe, a
	// device, a socket, a folder) has the name of a file peerdiary reads.
	// It is found without waiting: a named pipe is opened without blocking
	// and examined before anything is read, so it cannot hang a command.
	ErrNotRegularFile = errors.New("not a regular file")
)
