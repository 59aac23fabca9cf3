package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"testing"
)

// Every encoding of a canary, wherever it sits among other bytes, is
// found; other text is not.
func TestPatternsFindEveryEncoding(t *testing.T) {
	const canary = "CNRY-BODY-5f3a9c0d"
	patterns := Patterns([]string{canary})
	le, be := utf16Bytes(canary)
	for pad := range 4 {
		prefix := bytes.Repeat([]byte("x"), pad)
		for name, data := range map[string][]byte{
			"raw":      append(bytes.Clone(prefix), canary...),
			"lower":    append(bytes.Clone(prefix), "cnry-body-5f3a9c0d"...),
			"utf16le":  append(bytes.Clone(prefix), le...),
			"utf16be":  append(bytes.Clone(prefix), be...),
			"base64":   []byte(base64.StdEncoding.EncodeToString(append(bytes.Clone(prefix), canary+" and more"...))),
			"base64 2": []byte("head " + base64.StdEncoding.EncodeToString(append(bytes.Clone(prefix), canary...))),
			"hex":      []byte(hex.EncodeToString(append(bytes.Clone(prefix), canary...))),
		} {
			if !matches(data, patterns) {
				t.Errorf("%s with %d bytes before: not found", name, pad)
			}
		}
	}
	if matches([]byte("nothing to see here, CNRY-BODY-other"), patterns) {
		t.Error("found a canary that is not there")
	}
}

func matches(data []byte, patterns []pattern) bool {
	lower := bytes.ToLower(data)
	for _, p := range patterns {
		if bytes.Contains(data, p.bytes) || bytes.Contains(lower, bytes.ToLower(p.bytes)) {
			return true
		}
	}
	return false
}
