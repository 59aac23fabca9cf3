package crypto

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"

	"filippo.io/age"
)

// decryptHeader returns the file key of the binary age header hdr (up to and
// including its "---" line), as age.DecryptHeader does.
//
// age.DecryptHeader reads the header through a 4 KiB buffered reader and
// checks its MAC over a copy of the header marshalled again: about 13 KiB
// of garbage per file, which opening 10,000 entries without the index pays
// 10,000 times. A header in the canonical form age writes (which is the only
// form whose MAC age can check, since it checks the MAC over its own
// marshalling) is read here instead: the stanzas are handed to the
// identity's own Unwrap, so all recipient handling stays age's, and the MAC
// is checked over the header's bytes as they are, which for a canonical
// header are exactly what age marshals. Anything else, and any failure at
// all, goes to age.DecryptHeader, so every error is age's own.
// TestCCTVHeaderFast and FuzzHeaderMatchesAge check that whatever is read
// here, age reads too, to the same file key.
func decryptHeader(hdr []byte, ids ...age.Identity) ([]byte, error) {
	if len(ids) == 1 {
		if key, ok := unwrapCanonical(hdr, ids[0]); ok {
			return key, nil
		}
	}
	return age.DecryptHeader(hdr, ids...)
}

const (
	ageIntroV1       = "age-encryption.org/v1\n"
	b64LineColumns   = 64 // a full body line; the last line is shorter
	macColumns       = 43 // 32 bytes, unpadded base64
	maxFastStanzas   = 16 // more than peerdiary ever writes: left to age
	maxFastStanzaArg = 16
)

var strictB64 = base64.RawStdEncoding.Strict()

// b64Decodes reports whether line is all base64 characters as age reads
// them. Go's decoder skips carriage returns (and newlines) wherever they
// are; age refuses a line that holds one, so such a header goes to age.
func b64Decodes(line []byte) bool {
	return bytes.IndexByte(line, '\r') < 0 && bytes.IndexByte(line, '\n') < 0
}

// unwrapCanonical is decryptHeader's own reading of a canonical header; it
// reports false for anything it does not accept, wrong keys included.
func unwrapCanonical(hdr []byte, id age.Identity) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(hdr, []byte(ageIntroV1))
	if !ok {
		return nil, false
	}
	var stanzas []*age.Stanza
	for !bytes.HasPrefix(rest, []byte("---")) {
		if len(stanzas) == maxFastStanzas {
			return nil, false
		}
		var s *age.Stanza
		if s, rest, ok = readStanza(rest); !ok {
			return nil, false
		}
		stanzas = append(stanzas, s)
	}
	if len(stanzas) == 0 {
		return nil, false
	}
	// The footer: "--- " and the MAC, ending the header.
	macd := len(hdr) - len(rest) + len("---") // what the MAC covers
	footer := rest[len("---"):]
	if len(footer) != 1+macColumns+1 || footer[0] != ' ' || footer[len(footer)-1] != '\n' {
		return nil, false
	}
	var mac [32]byte
	if n, err := strictB64.Decode(mac[:], footer[1:1+macColumns]); err != nil || n != len(mac) || !b64Decodes(footer[1:1+macColumns]) {
		return nil, false
	}
	fileKey, err := id.Unwrap(stanzas)
	if err != nil || fileKey == nil {
		return nil, false
	}
	macKey, err := hkdf.Key(sha256.New, fileKey, nil, "header", 32)
	if err != nil {
		clear(fileKey)
		return nil, false
	}
	h := hmac.New(sha256.New, macKey)
	h.Write(hdr[:macd])
	clear(macKey)
	if !hmac.Equal(h.Sum(nil), mac[:]) {
		clear(fileKey)
		return nil, false
	}
	return fileKey, true
}

// readStanza reads one stanza as age writes it: "-> " and its arguments
// (printable ASCII, one space apart) on a line, then its body in unpadded
// base64, 64 columns a line, ended by a shorter (maybe empty) line.
func readStanza(b []byte) (*age.Stanza, []byte, bool) {
	line, rest, ok := bytes.Cut(b, []byte("\n"))
	if !ok {
		return nil, nil, false
	}
	args, ok := bytes.CutPrefix(line, []byte("-> "))
	if !ok {
		return nil, nil, false
	}
	var fields []string
	for arg := range bytes.SplitSeq(args, []byte(" ")) {
		if len(arg) == 0 || len(fields) == maxFastStanzaArg {
			return nil, nil, false
		}
		for _, c := range arg {
			if c < 33 || c > 126 {
				return nil, nil, false
			}
		}
		fields = append(fields, string(arg))
	}
	// The body's length, to decode it into one slice.
	size, end := 0, 0
	for {
		nl := bytes.IndexByte(rest[end:], '\n')
		if nl < 0 || nl > b64LineColumns {
			return nil, nil, false
		}
		size += nl
		end += nl + 1
		if nl < b64LineColumns {
			break
		}
	}
	body := make([]byte, 0, strictB64.DecodedLen(size))
	for lines := rest[:end]; len(lines) > 0; {
		line, more, _ := bytes.Cut(lines, []byte("\n"))
		var err error
		if !b64Decodes(line) {
			return nil, nil, false
		}
		if body, err = strictB64.AppendDecode(body, line); err != nil {
			return nil, nil, false
		}
		lines = more
	}
	return &age.Stanza{Type: fields[0], Args: fields[1:], Body: body}, rest[end:], true
}
