package diary

import "peerdiary/crypto"

// OpenSealed opens a file someone sealed to this diary's public key, such
// as a supervision packet a worker sent: armored or binary, whole or not at
// all (see crypto.OpenSealed).
func (s *Store) OpenSealed(file []byte, limit int64) ([]byte, error) {
	id, err := s.currentIdentity()
	if err != nil {
		return nil, err
	}
	return crypto.OpenSealed(file, limit, id.Keys())
}
