package diary

import (
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"time"
)

// LedgerRecord is the record the ledger of exports is stored in
// (records/exports.age).
const LedgerRecord = "exports"

// ExportRecord is one line of the ledger: something that left the diary.
// Every export is recorded before its file is written, so there is never an
// export the ledger does not know about. It holds no entry text and no
// names from the redaction list.
type ExportRecord struct {
	ID           string    `yaml:"id" json:"id"`
	Kind         string    `yaml:"kind" json:"kind"` // "supervision" or "research"
	At           time.Time `yaml:"at" json:"at"`
	To           string    `yaml:"to,omitempty" json:"to"` // the contact's name; "" for a plaintext export
	Fingerprints []string  `yaml:"fingerprints,omitempty" json:"fingerprints"`
	// Also is every further contact of an export sent to several at
	// once, each with their keys' fingerprints; To is the first.
	Also         []SentTo `yaml:"also,omitempty" json:"also,omitempty"`
	Plaintext    bool     `yaml:"plaintext,omitempty" json:"plaintext"`
	Entries      []string `yaml:"entries" json:"entries"`
	Format       string   `yaml:"format" json:"format"`
	Armored      bool     `yaml:"armored,omitempty" json:"armored"`
	Redacted     bool     `yaml:"redacted" json:"redacted"`
	Replacements int      `yaml:"replacements" json:"replacements"`
	Dates        string   `yaml:"dates" json:"dates"`   // "day" or "exact"
	Output       string   `yaml:"output" json:"output"` // the file written, or "-" for standard output
	Size         int      `yaml:"size" json:"size"`     // bytes written
	SHA256       string   `yaml:"sha256" json:"sha256"` // of the bytes written
}

// SentTo is one more contact an export was encrypted to.
type SentTo struct {
	Name         string   `yaml:"name" json:"name"`
	Fingerprints []string `yaml:"fingerprints" json:"fingerprints"`
}

// SentTo reports whether the export went to the contact of that name,
// alone or with others. A research study is never a contact, whatever its
// id.
func (r ExportRecord) SentTo(name string) bool {
	if r.Kind == KindResearch {
		return false
	}
	if r.To != "" && sameName(r.To, name) {
		return true
	}
	return slices.ContainsFunc(r.Also, func(a SentTo) bool { return sameName(a.Name, name) })
}

// Names are the names of everyone the export was encrypted to, To first.
func (r ExportRecord) Names() []string {
	if r.To == "" {
		return nil
	}
	out := []string{r.To}
	for _, a := range r.Also {
		out = append(out, a.Name)
	}
	return out
}

// The kinds of export in the ledger.
const (
	KindSupervision = "supervision"
	// KindResearch is a bundle or a withdrawal notice for a research
	// study; To is the study's id.
	KindResearch = "research"
)

type ledgerFile struct {
	Version int            `yaml:"version"`
	Exports []ExportRecord `yaml:"exports"`
}

// Ledger returns every export recorded, oldest first.
func (s *Store) Ledger() ([]ExportRecord, error) {
	var f ledgerFile
	if err := s.readYAMLRecord(LedgerRecord, &f); err != nil {
		return nil, fmt.Errorf("reading the ledger of exports: %w", err)
	}
	return f.Exports, nil
}

// NewExportID returns a new random export id.
func NewExportID() string {
	var b [10]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = idAlphabet[b[i]&31]
	}
	return "x" + string(b[:])
}

// RecordExport adds an export to the ledger. Record first, then write the
// file: a crash between the two leaves a record of a file that may not
// exist, never a file the ledger does not know about.
func (s *Store) RecordExport(r ExportRecord) error {
	if r.ID == "" || r.At.IsZero() {
		return errors.New("an export record needs an id and a time")
	}
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	l, err := s.Ledger()
	if err != nil {
		return err
	}
	if slices.ContainsFunc(l, func(e ExportRecord) bool { return e.ID == r.ID }) {
		return fmt.Errorf("the ledger already has an export %s", r.ID)
	}
	l = append(l, r)
	return s.writeYAMLRecord(LedgerRecord, ledgerFile{Version: 1, Exports: l})
}

// ForgetExport removes a record whose file was never written (the write
// failed), so the ledger lists only what may have left.
func (s *Store) ForgetExport(id string) error {
	s.recordsMu.Lock()
	defer s.recordsMu.Unlock()
	l, err := s.Ledger()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(l, func(e ExportRecord) bool { return e.ID == id })
	if i < 0 {
		return nil
	}
	l = slices.Delete(l, i, i+1)
	return s.writeYAMLRecord(LedgerRecord, ledgerFile{Version: 1, Exports: l})
}

// LastExportTo returns the latest export to the contact, if there was one.
func (s *Store) LastExportTo(contact string) (ExportRecord, bool, error) {
	l, err := s.Ledger()
	if err != nil {
		return ExportRecord{}, false, err
	}
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].SentTo(contact) {
			return l[i], true, nil
		}
	}
	return ExportRecord{}, false, nil
}
