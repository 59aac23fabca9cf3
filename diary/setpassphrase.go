package diary

import "peerdiary/crypto"

// SetPassphrase wraps the unlocked diary's key with a new passphrase and
// rewrites the key file atomically; entries are untouched, so it is instant
// whatever the size of the diary, and exactly one of the two passphrases
// opens the key file at any moment. The store must have been unlocked with
// the current passphrase, which proves it right before a new one is asked
// for; the key in memory is wrapped as it is, so the change costs one
// scrypt run, not the two of checking the current passphrase again and
// wrapping. If another peerdiary changed the key file since this store
// unlocked it, nothing is written and it returns ErrKeyChanged. It returns
// ErrLocked if the store is not unlocked.
func (s *Store) SetPassphrase(newPass []byte) error {
	if len(newPass) == 0 {
		return crypto.ErrEmptyPassphrase
	}
	id, err := s.currentIdentity()
	if err != nil {
		return err
	}
	s.mu.Lock()
	was, known := s.keySum, s.keySumSet
	s.mu.Unlock()
	if !known {
		return ErrLocked
	}
	wrapped, err := crypto.WrapIdentity(id, newPass, 0)
	if err != nil {
		return err
	}
	return s.replaceKeyFile(was, wrapped)
}
