package diary

import (
	"fmt"

	"peerdiary/crypto"
)

// SetPassphrase wraps the unlocked diary's key with a new passphrase and
// rewrites the key file atomically; entries are untouched, so it is instant
// whatever the size of the diary, and exactly one of the two passphrases
// opens the key file at any moment. The store must have been unlocked with
// the current passphrase, which proves it right before a new one is asked
// for; the key in memory is wrapped as it is, so the change costs one
// scrypt run, not the two of checking the current passphrase again and
// wrapping. The store's lock keeps any other peerdiary
// from changing the key file in between. It returns ErrLocked if the store
// is not unlocked.
func (s *Store) SetPassphrase(newPass []byte) error {
	if len(newPass) == 0 {
		return crypto.ErrEmptyPassphrase
	}
	id, err := s.currentIdentity()
	if err != nil {
		return err
	}
	wrapped, err := crypto.WrapIdentity(id, newPass, 0)
	if err != nil {
		return err
	}
	if err := s.root.WriteFileAtomic(KeyFileName, wrapped); err != nil {
		return fmt.Errorf("writing the key file: %w", err)
	}
	return nil
}
