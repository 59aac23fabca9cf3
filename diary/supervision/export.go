package supervision

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// Format is a packet's file format.
type Format string

// The formats.
const (
	Markdown Format = "md"
	HTML     Format = "html"
	JSON     Format = "json"
)

// Words names the format as a worker reads it: "a printable web page",
// "JSON" or "Markdown".
func (f Format) Words() string {
	switch f {
	case HTML:
		return "a printable web page"
	case JSON:
		return "JSON"
	}
	return "Markdown"
}

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case Markdown, HTML, JSON:
		return f, nil
	case "markdown":
		return Markdown, nil
	}
	return "", fmt.Errorf("%w: format %q: choose md, html or json", ErrBadRequest, s)
}

// Render writes the packet in a format.
func (p *Packet) Render(f Format) ([]byte, error) {
	switch f {
	case Markdown, "":
		return p.Markdown(), nil
	case HTML:
		return p.HTML()
	case JSON:
		return p.JSON()
	}
	return nil, fmt.Errorf("%w: format %q", ErrBadRequest, f)
}

// Sealed is a packet ready to leave: the exact bytes to write, and what the
// ledger will say about them.
type Sealed struct {
	Bytes  []byte
	Record diary.ExportRecord
}

// Seal renders the packet and encrypts it to the contacts, all in one file
// (armored if asked), or, with no contact, leaves it in plaintext. Contacts
// whose keys can't share a file are refused (diary.RecipientsOf). Nothing
// is written or recorded yet: see Commit.
func Seal(p *Packet, f Format, to []diary.Contact, armored bool) (*Sealed, error) {
	var rs []crypto.Recipient
	if len(to) > 0 {
		var err error
		if rs, err = diary.RecipientsOf(to); err != nil {
			return nil, err
		}
	}
	plain, err := p.Render(f)
	if err != nil {
		return nil, err
	}
	rec := diary.ExportRecord{
		ID:           diary.NewExportID(),
		Kind:         diary.KindSupervision,
		At:           p.Made,
		Entries:      p.IDs(),
		Format:       string(f),
		Redacted:     p.Redacted,
		Replacements: p.Replacements,
		Dates:        string(p.Dates),
	}
	out := plain
	if len(to) == 0 {
		rec.Plaintext = true
	} else {
		if out, err = crypto.SealTo(plain, armored, rs...); err != nil {
			return nil, err
		}
		clear(plain)
		rec.To = to[0].Name
		rec.Fingerprints = to[0].Fingerprints()
		for _, c := range to[1:] {
			if !rec.SentTo(c.Name) {
				rec.Also = append(rec.Also, diary.SentTo{Name: c.Name, Fingerprints: c.Fingerprints()})
			}
		}
		rec.Armored = armored
	}
	sum := sha256.Sum256(out)
	rec.SHA256 = hex.EncodeToString(sum[:])
	rec.Size = len(out)
	return &Sealed{Bytes: out, Record: rec}, nil
}

// Recorder is the part of a diary Commit needs.
type Recorder interface {
	RecordExport(diary.ExportRecord) error
	ForgetExport(id string) error
}

// Commit records the export in the ledger, then calls write with the bytes.
// If write fails the record is taken out again, since nothing left; if the
// record cannot be taken out, the error says so. output names where the
// bytes go, for the ledger ("-" for standard output).
func Commit(d Recorder, s *Sealed, output string, write func([]byte) error) (diary.ExportRecord, error) {
	rec := s.Record
	rec.Output = output
	if err := d.RecordExport(rec); err != nil {
		return diary.ExportRecord{}, fmt.Errorf("recording the export in the ledger (nothing was written): %w", err)
	}
	if err := write(s.Bytes); err != nil {
		if ferr := d.ForgetExport(rec.ID); ferr != nil {
			return diary.ExportRecord{}, errors.Join(err, fmt.Errorf("the ledger still lists export %s, which was not written: %w", rec.ID, ferr))
		}
		return diary.ExportRecord{}, err
	}
	return rec, nil
}
