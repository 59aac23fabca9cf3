package crypto

import (
	"bufio"
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"filippo.io/age/armor"
	"golang.org/x/crypto/ssh"
)

// Keys are secret keys that open files sent to their owner: a diary's own
// identity, or the keys in a key file a supervisor keeps (an age identity
// file, one protected with a passphrase, or an SSH private key).
type Keys struct {
	ids []age.Identity
}

// ErrBadKeyFile is wrapped by ParseKeys' errors about a file that holds no
// usable secret key.
var ErrBadKeyFile = errors.New("not a key file peerdiary can use")

// maxSecretKeyFile caps a key file read by ParseKeys: age-keygen writes well
// under 1 KiB, an RSA key in PEM a few KiB.
const maxSecretKeyFile = 64 << 10

// Keys returns the diary identity as Keys, for OpenSealed.
func (id *Identity) Keys() *Keys { return &Keys{ids: []age.Identity{id.identity}} }

// ParseKeys reads a key file as age -i does:
//
//   - age identities, one per line (AGE-SECRET-KEY-PQ-1…, AGE-SECRET-KEY-1…),
//     with # comments, as age-keygen writes them;
//   - such a file encrypted with a passphrase (a peerdiary identity.age, or
//     one made with age -p), which passphrase is asked for;
//   - an OpenSSH or PEM private key, ed25519 or RSA; if it is protected by a
//     passphrase, passphrase is asked for it.
//
// passphrase is called only when needed, with a short description of what
// it is for. Errors never contain key material.
func ParseKeys(data []byte, passphrase func(what string) ([]byte, error)) (*Keys, error) {
	if len(data) > maxSecretKeyFile {
		return nil, fmt.Errorf("%w: over %d KiB, too large for a key file", ErrBadKeyFile, maxSecretKeyFile>>10)
	}
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(trimmed, []byte("age-encryption.org/")) || bytes.HasPrefix(trimmed, []byte(armor.Header)):
		pass, err := passphrase("the key file")
		if err != nil {
			return nil, err
		}
		defer clear(pass)
		if len(pass) == 0 {
			return nil, ErrEmptyPassphrase
		}
		text, err := openKeyFile(data, pass)
		if err != nil {
			return nil, err
		}
		defer clear(text)
		return parseIdentityLines(text)
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN")):
		return parseSSHKey(trimmed, passphrase)
	}
	return parseIdentityLines(data)
}

func parseIdentityLines(text []byte) (*Keys, error) {
	if !utf8.Valid(text) {
		return nil, fmt.Errorf("%w: it is not text", ErrBadKeyFile)
	}
	k := &Keys{}
	sc := bufio.NewScanner(bytes.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "AGE-SECRET-KEY-PQ-1"):
			id, err := age.ParseHybridIdentity(line)
			if err != nil {
				return nil, fmt.Errorf("%w: line %d: the key is damaged", ErrBadKeyFile, n)
			}
			k.ids = append(k.ids, id)
		case strings.HasPrefix(line, "AGE-SECRET-KEY-1"):
			id, err := age.ParseX25519Identity(line)
			if err != nil {
				return nil, fmt.Errorf("%w: line %d: the key is damaged", ErrBadKeyFile, n)
			}
			k.ids = append(k.ids, id)
		case strings.HasPrefix(line, "AGE-PLUGIN-"):
			return nil, fmt.Errorf("%w: line %d: %w: a plugin or hardware key", ErrBadKeyFile, n, ErrUnsupportedKey)
		case strings.HasPrefix(line, "age1") || strings.HasPrefix(line, "ssh-"):
			return nil, fmt.Errorf("%w: line %d is a public key; opening needs the secret key that goes with it", ErrBadKeyFile, n)
		default:
			return nil, fmt.Errorf("%w: line %d is not an age secret key", ErrBadKeyFile, n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKeyFile, err)
	}
	if len(k.ids) == 0 {
		return nil, fmt.Errorf("%w: it holds no secret key", ErrBadKeyFile)
	}
	return k, nil
}

func parseSSHKey(pemBytes []byte, passphrase func(string) ([]byte, error)) (*Keys, error) {
	id, err := agessh.ParseIdentity(pemBytes)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		if missing.PublicKey == nil {
			return nil, fmt.Errorf("%w: this old-format SSH key hides its public key; convert it with ssh-keygen -p -m RFC4716", ErrBadKeyFile)
		}
		w := &sshPassIdentity{}
		enc, err := agessh.NewEncryptedSSHIdentity(missing.PublicKey, pemBytes, func() ([]byte, error) {
			p, err := passphrase("the SSH key")
			if err != nil {
				w.err = err
			} else if len(p) == 0 {
				w.err = ErrEmptyPassphrase
				return nil, w.err
			}
			return p, err
		})
		if err != nil {
			return nil, fmt.Errorf("%w: %w: only ssh-ed25519 and ssh-rsa keys work with age", ErrBadKeyFile, ErrUnsupportedKey)
		}
		w.inner = enc
		return &Keys{ids: []age.Identity{w}}, nil
	}
	if err != nil {
		if strings.Contains(err.Error(), "unsupported") {
			return nil, fmt.Errorf("%w: %w: only ssh-ed25519 and ssh-rsa keys work with age", ErrBadKeyFile, ErrUnsupportedKey)
		}
		return nil, fmt.Errorf("%w: the SSH key is damaged", ErrBadKeyFile)
	}
	return &Keys{ids: []age.Identity{id}}, nil
}

// sshPassIdentity is an SSH key protected by a passphrase. age reports a
// wrong passphrase, or a prompt that failed, as an error of the file; this
// keeps it apart so a person is told it was the passphrase.
type sshPassIdentity struct {
	inner *agessh.EncryptedSSHIdentity
	err   error
}

func (s *sshPassIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	key, err := s.inner.Unwrap(stanzas)
	if err != nil && s.err == nil && !errors.Is(err, age.ErrIncorrectIdentity) {
		if errors.Is(err, x509.IncorrectPasswordError) || strings.Contains(err.Error(), "decryption password incorrect") || strings.Contains(err.Error(), "failed to decrypt SSH key file") {
			s.err = ErrWrongPassphrase
		}
	}
	return key, err
}

// OpenSealed decrypts a file sent to the keys, armored or binary, and
// returns its plaintext only if the whole file authenticated and is at most
// limit bytes. On any error it returns nil: no part of a cut-short or
// altered file is ever handed out. Errors wrap ErrNotAgeFile, ErrDamaged,
// ErrWrongKey or ErrTooLarge, or an error of a passphrase callback.
func OpenSealed(file []byte, limit int64, k *Keys) ([]byte, error) {
	if k == nil || len(k.ids) == 0 {
		return nil, fmt.Errorf("%w: no key to open it with", ErrWrongKey)
	}
	if int64(len(file)) > 2*(limit+overheadAllowance(limit)) {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(file))
	}
	var binary []byte
	if t := bytes.TrimLeft(file, " \t\r\n"); !bytes.HasPrefix(t, []byte(armor.Header)) {
		binary = bytes.Clone(file) // opened in place; the caller's bytes stay as they are
	} else {
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(armor.NewReader(bytes.NewReader(file))); err != nil {
			return nil, fmt.Errorf("%w: the armored text is damaged: %s", ErrDamaged, safeDetail(err))
		}
		binary = buf.Bytes()
	}
	if int64(len(binary)) > limit+overheadAllowance(limit) {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(binary))
	}
	plain, err := openInPlace(binary, limit, k.ids...)
	for _, id := range k.ids {
		if s, ok := id.(*sshPassIdentity); ok && s.err != nil {
			err = s.err
			s.err = nil
		}
	}
	if err != nil {
		return nil, err
	}
	return plain, nil
}
