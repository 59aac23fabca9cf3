package research

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// Reasons an import refuses a file, each matched with errors.Is. Nothing
// from a refused file is used.
var (
	// ErrNotForYou means the file is encrypted to other keys.
	ErrNotForYou = errors.New("it is not encrypted to your key")
	// ErrFileDamaged means the file failed to authenticate: cut short,
	// corrupted, or changed after it was made.
	ErrFileDamaged = errors.New("it is damaged or was changed after it was made")
	// ErrNotAgeFile means the file is not an age file at all.
	ErrNotAgeFile = errors.New("it is not a peerdiary bundle or notice (not an age file)")
	// ErrKeyChanged means a participant's file is signed with a different
	// key from the one their first file was signed with.
	ErrKeyChanged = errors.New("it is signed with a different key from this participant's earlier files")
	// ErrIDClash means a different file with the same id was imported
	// before.
	ErrIDClash = errors.New("a different file with the same id was imported before")
	// ErrNotOnCard means the study's card does not list the key that
	// opened the file.
	ErrNotOnCard = errors.New("its study card does not list your key")
	// ErrReceivedChanged means a file kept in the output folder no longer
	// verifies.
	ErrReceivedChanged = diary.ErrReceivedChanged
)

// The output folder's layout.
const (
	ReceivedDir = "received"  // every accepted file, byte for byte
	TrustFile   = "trust.csv" // each participant's signing key, trusted on first use
)

// The files Import writes, rebuilt from every accepted file each time.
const (
	EntriesCSV     = "entries.csv"
	EntriesJSONL   = "entries.jsonl"
	CodebookCSV    = "codebook.csv"
	ConsentCSV     = "consent.csv"
	WithdrawalsCSV = "withdrawals.csv"
	ProjectQDPX    = "project.qdpx"
)

// ImportFile is one file given to Import.
type ImportFile struct {
	Name string
	Data []byte
}

// Outcome is what Import did with one file.
type Outcome struct {
	Name        string
	Imported    bool   // newly accepted
	Already     bool   // accepted by an earlier import, identical
	Err         error  // why it was refused; nil otherwise
	Kind        string // entries or withdrawal
	Study       string
	Participant string
	Entries     int
}

// ImportReport says what an import found and wrote.
type ImportReport struct {
	Files        []Outcome
	Studies      []string
	Participants int
	Entries      int // entries in the data written
	Withdrawn    int // entries left out because consent was withdrawn
	Notes        []string
	Written      []string // the files written in the output folder
}

// Rejected counts the files refused.
func (r *ImportReport) Rejected() int {
	n := 0
	for _, f := range r.Files {
		if f.Err != nil {
			n++
		}
	}
	return n
}

// opened is a verified file and its bytes.
type opened struct {
	outcome int // its index in the report's Files
	data    []byte
	bundle  *Bundle
}

// Import verifies bundles and withdrawal notices with the researcher's
// identity and writes the study's data into out. Each file is decrypted,
// its signature, hashes and consent record checked (ParseBundle), its
// card checked to list the identity's key, and its signing key checked
// against the key this participant used first (trusted on first use, kept
// in out/trust.csv). A file that fails any check is refused with its
// reason and nothing from it is used. Accepted files are kept, byte for
// byte, in out/received/; then every output file is rebuilt from all of
// them, with every withdrawal applied. Importing the same files again
// changes nothing.
func Import(id *crypto.Identity, inputs []ImportFile, out, appVersion string) (*ImportReport, error) {
	if err := os.MkdirAll(out, 0o700); err != nil {
		return nil, err
	}
	dir, err := crypto.OpenDir(out)
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	recv, err := dir.Sub(ReceivedDir)
	if err != nil {
		return nil, err
	}
	defer recv.Close()
	trust, err := readTrust(dir)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{}

	// Open and verify every input before trusting any key, so that the
	// first file of a new participant is the earliest one made, not the
	// first one named.
	var fresh []opened
	for _, in := range inputs {
		o := Outcome{Name: in.Name}
		b, err := openBundle(id, in.Data)
		if err != nil {
			o.Err = err
			rep.Files = append(rep.Files, o)
			continue
		}
		o.Kind, o.Study, o.Participant, o.Entries = b.Manifest.Kind, b.Manifest.Study, b.Manifest.ParticipantCode, len(b.Entries)
		rep.Files = append(rep.Files, o)
		fresh = append(fresh, opened{outcome: len(rep.Files) - 1, data: in.Data, bundle: b})
	}
	slices.SortStableFunc(fresh, func(a, b opened) int { return compareFiles(a.bundle, b.bundle) })
	trustChanged := false
	for _, f := range fresh {
		o := &rep.Files[f.outcome]
		m := &f.bundle.Manifest
		key := trustKey{m.Study, m.ParticipantCode}
		pub := base64.StdEncoding.EncodeToString(f.bundle.PublicKey)
		if t, ok := trust[key]; ok && t.key != pub {
			o.Err = fmt.Errorf("%w (participant %s in %s; first trusted from %s). This file may not be from them: check with the participant before using anything from it", ErrKeyChanged, m.ParticipantCode, m.Study, t.firstFile)
			continue
		}
		name := m.ID + ".age"
		if have, err := recv.ReadFile(name, MaxBundleSize); err == nil {
			if bytes.Equal(have, f.data) {
				o.Already = true
				continue
			}
			o.Err = fmt.Errorf("%w (%s)", ErrIDClash, m.ID)
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if err := recv.WriteFileAtomic(name, f.data); err != nil {
			return nil, err
		}
		o.Imported = true
		if _, ok := trust[key]; !ok {
			trust[key] = trusted{key: pub, firstFile: m.ID, firstAt: m.CreatedAt}
			trustChanged = true
		}
	}
	if trustChanged {
		if err := writeTrust(dir, trust); err != nil {
			return nil, err
		}
	}

	// Everything accepted so far, this time and before, makes the data.
	all, err := readReceived(id, recv, trust)
	if err != nil {
		return nil, err
	}
	data := assemble(all, rep)
	files, err := data.render(appVersion)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{EntriesCSV, EntriesJSONL, CodebookCSV, ConsentCSV, WithdrawalsCSV, ProjectQDPX} {
		if err := dir.WriteFileAtomic(name, files[name]); err != nil {
			return nil, err
		}
		rep.Written = append(rep.Written, name)
	}
	return rep, nil
}

// compareFiles orders files as they were made: by time, then sequence,
// then id.
func compareFiles(a, b *Bundle) int {
	if c := a.Manifest.CreatedAt.Compare(b.Manifest.CreatedAt); c != 0 {
		return c
	}
	if c := a.Manifest.Sequence - b.Manifest.Sequence; c != 0 {
		return c
	}
	return strings.Compare(a.Manifest.ID, b.Manifest.ID)
}

// openBundle decrypts and verifies one file.
func openBundle(id *crypto.Identity, data []byte) (*Bundle, error) {
	if len(data) > MaxBundleSize {
		return nil, fmt.Errorf("%w: it is larger than a bundle can be", ErrBadBundle)
	}
	plain, err := crypto.OpenAny(data, maxBundlePlain, id)
	switch {
	case errors.Is(err, crypto.ErrWrongKey):
		return nil, fmt.Errorf("%w: it may be for another study or another member of the team (your key is %s)", ErrNotForYou, crypto.Fingerprint(id.PublicKey()))
	case errors.Is(err, crypto.ErrNotAgeFile):
		return nil, ErrNotAgeFile
	case errors.Is(err, crypto.ErrTooLarge):
		return nil, fmt.Errorf("%w: it is larger than a bundle can be", ErrBadBundle)
	case err != nil:
		return nil, fmt.Errorf("%w (cut short, corrupted or tampered with)", ErrFileDamaged)
	}
	defer clear(plain)
	b, err := ParseBundle(plain)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(b.Card.Recipients, id.PublicKey()) {
		return nil, fmt.Errorf("%w (%s)", ErrNotOnCard, crypto.Fingerprint(id.PublicKey()))
	}
	return b, nil
}

// readReceived opens every kept file again. They were verified when they
// were accepted; one that no longer verifies was changed on disk, and the
// import stops rather than build data on it.
func readReceived(id *crypto.Identity, recv *crypto.Dir, trust map[trustKey]trusted) ([]*Bundle, error) {
	des, err := recv.ReadDir()
	if err != nil {
		return nil, err
	}
	var out []*Bundle
	for _, de := range des {
		name := de.Name()
		stem, ok := strings.CutSuffix(name, ".age")
		if !ok || !de.Type().IsRegular() || !bundleIDPattern.MatchString(stem) {
			continue
		}
		data, err := recv.ReadFile(name, MaxBundleSize)
		if err != nil {
			return nil, err
		}
		b, err := openBundle(id, data)
		if err != nil {
			return nil, fmt.Errorf("%w: %s/%s: %v", ErrReceivedChanged, ReceivedDir, name, err)
		}
		if b.Manifest.ID != stem {
			return nil, fmt.Errorf("%w: %s/%s holds another file (%s)", ErrReceivedChanged, ReceivedDir, name, b.Manifest.ID)
		}
		t, ok := trust[trustKey{b.Manifest.Study, b.Manifest.ParticipantCode}]
		if !ok || t.key != base64.StdEncoding.EncodeToString(b.PublicKey) {
			return nil, fmt.Errorf("%w: %s/%s is signed with a key %s does not trust for its participant", ErrReceivedChanged, ReceivedDir, name, TrustFile)
		}
		out = append(out, b)
	}
	slices.SortFunc(out, compareFiles)
	return out, nil
}

// trustKey is one participant of one study.
type trustKey struct{ study, participant string }

type trusted struct {
	key       string // Ed25519 public key, base64
	firstFile string
	firstAt   time.Time
}

var trustHeader = []string{"study", "participant_code", "signing_key", "fingerprint", "first_file", "first_file_created_at"}

// readTrust reads out/trust.csv, the signing key first seen for each
// participant.
func readTrust(dir *crypto.Dir) (map[trustKey]trusted, error) {
	out := map[trustKey]trusted{}
	data, err := dir.ReadFile(TrustFile, 64<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) == 0 || !slices.Equal(rows[0], trustHeader) {
		return nil, fmt.Errorf("%s is not a trust file peerdiary wrote; move it aside to start trusting afresh", TrustFile)
	}
	for _, r := range rows[1:] {
		pub, err := base64.StdEncoding.Strict().DecodeString(r[2])
		at, terr := time.Parse(time.RFC3339, r[5])
		if err != nil || len(pub) != ed25519.PublicKeySize || terr != nil {
			return nil, fmt.Errorf("%s has a line that is not a signing key; move it aside to start trusting afresh", TrustFile)
		}
		out[trustKey{r[0], r[1]}] = trusted{key: r[2], firstFile: r[4], firstAt: at}
	}
	return out, nil
}

func writeTrust(dir *crypto.Dir, trust map[trustKey]trusted) error {
	keys := make([]trustKey, 0, len(trust))
	for k := range trust {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b trustKey) int {
		if c := strings.Compare(a.study, b.study); c != 0 {
			return c
		}
		return strings.Compare(a.participant, b.participant)
	})
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(trustHeader)
	for _, k := range keys {
		t := trust[k]
		pub, _ := base64.StdEncoding.DecodeString(t.key)
		w.Write([]string{k.study, k.participant, t.key, fingerprint(sha256Hex(pub)), t.firstFile, t.firstAt.UTC().Format(time.RFC3339)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return dir.WriteFileAtomic(TrustFile, buf.Bytes())
}
