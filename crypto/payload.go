package crypto

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// Every file is read whole into one buffer and decrypted there, in place.
//
// age.Decrypt costs two 64 KiB buffers per file however small the file: an
// entry of 2 KiB allocates 130 KiB to be read, and opening 10,000 entries
// without the index allocated 1.3 GB, which the garbage collector then had
// to clear. Instead, the identity's own Unwrap gives the file key from the
// header (all of age's recipient handling stays age's; see decryptHeader
// for when age.DecryptHeader reads the header), and the payload after it, age's STREAM (ChaCha20-Poly1305 over 64 KiB
// chunks, the last one flagged), is decrypted here within the file's own
// buffer, with the key age's format derives (HKDF-SHA-256 of the file key,
// salted with the payload's 16-byte nonce). The age test vectors
// (cctv_test.go) check that this accepts exactly the files age accepts and
// gives the same plaintext. A reader of many files passes one buffer to
// [Dir.OpenFileInto] again and again.

const (
	streamNonceSize = 16
	streamChunk     = 64 << 10
	encStreamChunk  = streamChunk + chacha20poly1305.Overhead
)

// headerEnd returns the length of the age header at the start of file: up
// to and including the first line that starts with "---", the footer
// (stanza lines start with "-> " and their bodies are base64). It returns
// -1 if there is none.
func headerEnd(file []byte) int {
	i := bytes.Index(file, []byte("\n---"))
	if i < 0 {
		return -1
	}
	j := bytes.IndexByte(file[i+1:], '\n')
	if j < 0 {
		return -1
	}
	return i + 1 + j + 1
}

// openInPlace decrypts the binary age file in buf and returns its plaintext,
// a part of buf, if the whole file authenticated and the plaintext is at most
// limit bytes. buf is overwritten either way.
func openInPlace(buf []byte, limit int64, ids ...age.Identity) ([]byte, error) {
	if int64(len(buf)) > limit+overheadAllowance(limit) {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(buf))
	}
	end := headerEnd(buf)
	if end < 0 {
		// Let age say what is wrong with it: it reads the header the
		// same way and fails on it.
		_, err := age.Decrypt(bytes.NewReader(buf), ids...)
		if err == nil {
			err = errors.New("failed to read header")
		}
		return nil, classifyOpenError(buf, err)
	}
	fileKey, err := decryptHeader(buf[:end], ids...)
	if err != nil {
		return nil, classifyOpenError(buf, err)
	}
	payload := buf[end:]
	if len(payload) < streamNonceSize {
		clear(fileKey)
		return nil, fmt.Errorf("%w: failed to read nonce", ErrDamaged)
	}
	key, err := hkdf.Key(sha256.New, fileKey, payload[:streamNonceSize], "payload", chacha20poly1305.KeySize)
	clear(fileKey)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	plain, err := openStream(key, payload[streamNonceSize:], limit)
	clear(key)
	return plain, err
}

// openStream decrypts age's STREAM payload p in place and returns the
// plaintext, a prefix of p. Every chunk must authenticate; only the last
// may be short, and it must carry the last-chunk flag; it may be empty only
// if it is the only chunk; nothing may follow it. On failure p is wiped.
func openStream(key, p []byte, limit int64) ([]byte, error) {
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		return nil, err
	}
	fail := func(err error) ([]byte, error) {
		clear(p)
		return nil, err
	}
	var nonce [chacha20poly1305.NonceSize]byte
	in, out := 0, 0
	for chunk := uint64(0); ; chunk++ {
		if in == len(p) {
			return fail(fmt.Errorf("%w: %v", ErrDamaged, io.ErrUnexpectedEOF))
		}
		n := min(len(p)-in, encStreamChunk)
		// A chunk with data after it cannot be the last; one without must
		// be (age reads a full chunk at the end as the last one, and
		// anything else there as a file cut short).
		last := in+n == len(p)
		if last {
			if chunk > 0 && n == chacha20poly1305.Overhead {
				return fail(fmt.Errorf("%w: last chunk is empty", ErrDamaged))
			}
			nonce[len(nonce)-1] = 1
		}
		for i := range 8 {
			nonce[10-i] = byte(chunk >> (8 * i))
		}
		c := p[in : in+n]
		plain, err := aead.Open(c[:0], nonce[:], c, nil)
		if err != nil {
			return fail(fmt.Errorf("%w: failed to decrypt and authenticate payload chunk, file may be corrupted or tampered with", ErrDamaged))
		}
		out += copy(p[out:], plain)
		in += n
		if int64(out) > limit {
			return fail(fmt.Errorf("%w: plaintext over %d bytes", ErrTooLarge, limit))
		}
		if last {
			return p[:out:out], nil
		}
	}
}

// readAll reads r into buf's storage (grown if needed, never past cap
// bytes) to its end. size is what r should hold, or -1 if unknown. It
// fails with ErrTooLarge for more than cap bytes.
func readAll(buf []byte, r io.Reader, size, cap int64) ([]byte, error) {
	want := cap + 1
	if size >= 0 {
		want = min(want, size+1) // one byte more notices a file that grew
	}
	if int64(len(buf)) < want {
		buf = make([]byte, want)
	}
	buf = buf[:want]
	n := 0
	for {
		if n == len(buf) {
			if int64(n) > cap {
				return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, cap)
			}
			bigger := make([]byte, min(cap+1, max(2*int64(n), 64<<10)))
			copy(bigger, buf)
			buf = bigger
		}
		m, err := r.Read(buf[n:])
		n += m
		if err == io.EOF {
			return buf[:n], nil
		}
		if err != nil {
			return nil, err
		}
	}
}
