package research

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The bundle format. A bundle or a withdrawal notice is an armored age file
// encrypted to the study's recipients; its plaintext is a zip archive of
// manifest.json, manifest.sig, card.toml and, in a bundle, one
// entries/<pseudonym>.json per entry. docs/RESEARCH.md describes every field.
const (
	BundleFormat = "peerdiary-research"
	BundleSchema = 1

	KindEntries    = "entries"
	KindWithdrawal = "withdrawal"

	manifestName  = "manifest.json"
	signatureName = "manifest.sig"
	cardName      = "card.toml"
	entriesDir    = "entries/"

	// signContext starts every signed message, so a signature on a
	// manifest can never be taken for a signature on anything else.
	signContext = "peerdiary research manifest v1\x00"
)

// Limits on what a bundle may hold; a bundle comes from outside.
const (
	MaxBundleSize    = 256 << 20 // the encrypted file
	maxBundlePlain   = 192 << 20 // its plaintext, the zip
	maxBundleEntries = 20000
	maxEntryJSON     = 8 << 20
	maxManifestSize  = 16 << 20
)

// Manifest describes a bundle or a notice and is what its signature covers.
type Manifest struct {
	Format          string          `json:"format"`
	Schema          int             `json:"schema"`
	Kind            string          `json:"kind"`
	ID              string          `json:"id"`
	Sequence        int             `json:"sequence"`
	Study           string          `json:"study"`
	ParticipantCode string          `json:"participant_code"`
	AppVersion      string          `json:"app_version"`
	CreatedAt       time.Time       `json:"created_at"`
	SigningKey      string          `json:"signing_key"` // Ed25519 public key, base64
	Card            FileRef         `json:"card"`
	Consent         Consent         `json:"consent"`
	Earlier         []SentRef       `json:"earlier"`
	Entries         []ManifestEntry `json:"entries"`
	Withdrawal      *Withdrawal     `json:"withdrawal,omitempty"`
}

// FileRef names a file in the bundle and its SHA-256.
type FileRef struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// SentRef names a file sent to the study earlier.
type SentRef struct {
	ID     string    `json:"id"`
	Kind   string    `json:"kind"`
	At     time.Time `json:"at"`
	SHA256 string    `json:"sha256"`
}

// ManifestEntry is one entry in a bundle.
type ManifestEntry struct {
	Pseudonym   string    `json:"pseudonym"`
	File        string    `json:"file"`
	SHA256      string    `json:"sha256"`
	ConsentedAt time.Time `json:"consented_at"`
}

// Withdrawal is what a withdrawal notice says.
type Withdrawal struct {
	// Scope is "study" (everything, and no more) or "entries".
	Scope string `json:"scope"`
	// Entries are the pseudonyms withdrawn, for scope "entries"; for scope
	// "study", every pseudonym sent so far.
	Entries     []string  `json:"entries"`
	WithdrawnAt time.Time `json:"withdrawn_at"`
	Method      string    `json:"method"`
	// RemoveSent asks the study to remove what it was sent, as far as its
	// withdrawal terms allow; false keeps what was sent and stops there.
	RemoveSent bool   `json:"remove_sent"`
	Statement  string `json:"statement"`
}

// Withdrawal scopes.
const (
	ScopeStudy   = "study"
	ScopeEntries = "entries"
)

// Entry is one entry as a study receives it: de-identified, dated only as
// finely as the card allows, named by its pseudonym.
type Entry struct {
	Pseudonym     string     `json:"pseudonym"`
	Date          string     `json:"date"` // 2026-11-23, 2026-W48 or 2026-11
	DatePrecision string     `json:"date_precision"`
	Stage         string     `json:"stage"` // into, through, beyond, or ""
	Prompt        *Prompt    `json:"prompt"`
	Template      string     `json:"template,omitempty"`
	Answers       []Answer   `json:"answers"`
	Tags          []string   `json:"tags"`
	Mood          *int       `json:"mood"`
	CheckIn       *CheckIn   `json:"checkin"`
	Text          string     `json:"text"`
	Deidentified  Deidentify `json:"deidentification"`
}

// Prompt is the prompt an entry answers, with its text exactly as shown.
type Prompt struct {
	ID       string `json:"id"`
	Family   string `json:"family"`
	Subtheme string `json:"subtheme"`
	Text     string `json:"text"`
}

// Answer is one step of a structured reflection.
type Answer struct {
	Step     string `json:"step"`
	Question string `json:"question"`
	Text     string `json:"text"`
}

// CheckIn is the shift-end check-in made the day an entry was written:
// the mood (1–5), the one word for the shift, and whether something
// happened (an overdose, a death, a fight).
type CheckIn struct {
	Mood     int    `json:"mood"`
	Word     string `json:"word,omitempty"`
	Happened bool   `json:"something_happened"`
}

// Deidentify says what de-identification did to an entry: counts, never
// the names.
type Deidentify struct {
	PeopleReplaced  int `json:"people_replaced"`
	TagsWithheld    int `json:"tags_withheld"`
	ReviewSuggested int `json:"review_suggested"`
}

// ErrBadBundle is wrapped by every problem with a bundle's contents.
var ErrBadBundle = errors.New("not a valid research bundle")

// Specific reasons, each also an ErrBadBundle.
var (
	ErrBadSignature = fmt.Errorf("%w: the signature does not match", ErrBadBundle)
	ErrHashMismatch = fmt.Errorf("%w: a file does not match its hash", ErrBadBundle)
	ErrBadConsent   = fmt.Errorf("%w: the consent record does not hold", ErrBadBundle)
)

func bundleErr(base error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", base, fmt.Sprintf(format, args...))
}

var (
	pseudonymPattern   = regexp.MustCompile(`^E-[0-9A-HJKMNP-TV-Z]{8}$`)
	participantPattern = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)
	bundleIDPattern    = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{16}$`)
	hexHashPattern     = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// sign signs a manifest's exact bytes.
func sign(seed, manifest []byte) []byte {
	key := ed25519.NewKeyFromSeed(seed)
	msg := append([]byte(signContext), manifest...)
	return ed25519.Sign(key, msg)
}

// verify checks a manifest's signature.
func verify(pub ed25519.PublicKey, manifest, sig []byte) bool {
	msg := append([]byte(signContext), manifest...)
	return ed25519.Verify(pub, msg, sig)
}

// packBundle signs a manifest and zips it with its files. The files are
// hashed into the manifest by the caller. Times in the zip are fixed, so
// the same bundle packs to the same bytes.
func packBundle(m *Manifest, seed []byte, files map[string][]byte) ([]byte, error) {
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	mb = append(mb, '\n')
	sig := base64.StdEncoding.EncodeToString(sign(seed, mb)) + "\n"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	if err := add(manifestName, mb); err != nil {
		return nil, err
	}
	if err := add(signatureName, []byte(sig)); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := add(n, files[n]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Bundle is a bundle or notice whose signature, hashes and consent record
// all held.
type Bundle struct {
	Manifest  Manifest
	Card      *Card
	Entries   []Entry // in the manifest's order; none in a notice
	PublicKey ed25519.PublicKey
}

// ParseBundle reads a bundle's plaintext (the zip inside the age file) and
// checks everything it can on its own: the layout, the manifest's signature
// by the key it names, every file's hash, the card, the consent record,
// and every entry. It trusts nothing it has not checked, and returns either
// a whole bundle or an error wrapping ErrBadBundle. Whether the signing key
// is the one this participant used before is for the caller.
func ParseBundle(plain []byte) (*Bundle, error) {
	if len(plain) > maxBundlePlain {
		return nil, bundleErr(ErrBadBundle, "it is larger than a bundle can be")
	}
	zr, err := zip.NewReader(bytes.NewReader(plain), int64(len(plain)))
	if err != nil {
		return nil, bundleErr(ErrBadBundle, "it decrypts, but what is inside is not a bundle (not a zip archive)")
	}
	if len(zr.File) > maxBundleEntries+3 {
		return nil, bundleErr(ErrBadBundle, "it holds more files than a bundle can")
	}
	files := map[string][]byte{}
	total := int64(0)
	for _, f := range zr.File {
		name := f.Name
		if !allowedName(name) {
			return nil, bundleErr(ErrBadBundle, "it holds a file a bundle never has (%q)", clipQuote(name))
		}
		if _, dup := files[name]; dup {
			return nil, bundleErr(ErrBadBundle, "it holds %q twice", clipQuote(name))
		}
		limit := int64(maxEntryJSON)
		if name == manifestName {
			limit = maxManifestSize
		}
		data, err := readZipFile(f, limit)
		if err != nil {
			return nil, bundleErr(ErrBadBundle, "%s: %v", clipQuote(name), err)
		}
		total += int64(len(data))
		if total > maxBundlePlain {
			return nil, bundleErr(ErrBadBundle, "its files add up to more than a bundle can hold")
		}
		files[name] = data
	}
	mb, ok := files[manifestName]
	if !ok {
		return nil, bundleErr(ErrBadBundle, "it has no manifest.json")
	}
	sigText, ok := files[signatureName]
	if !ok {
		return nil, bundleErr(ErrBadSignature, "it has no manifest.sig; it is unsigned")
	}
	var m Manifest
	if err := decodeStrict(mb, &m); err != nil {
		return nil, bundleErr(ErrBadBundle, "manifest.json: %v", err)
	}
	if m.Format != BundleFormat {
		return nil, bundleErr(ErrBadBundle, "manifest.json is not a peerdiary research manifest")
	}
	if m.Schema > BundleSchema {
		return nil, bundleErr(ErrBadBundle, "it was written by a newer peerdiary (schema %d); update peerdiary to read it", m.Schema)
	}
	if m.Schema != BundleSchema {
		return nil, bundleErr(ErrBadBundle, "manifest.json has schema %d; this peerdiary reads %d", m.Schema, BundleSchema)
	}
	pub, err := base64.StdEncoding.Strict().DecodeString(m.SigningKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return nil, bundleErr(ErrBadSignature, "the manifest's signing key is not an Ed25519 public key")
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(strings.TrimSuffix(string(sigText), "\n"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, bundleErr(ErrBadSignature, "manifest.sig is not an Ed25519 signature")
	}
	if !verify(pub, mb, sig) {
		return nil, bundleErr(ErrBadSignature, "the manifest was changed after it was signed, or signed by another key")
	}
	// From here on the manifest is as its signer wrote it; everything else
	// must match it.
	if err := checkManifest(&m); err != nil {
		return nil, err
	}
	cardData, ok := files[cardName]
	if !ok || m.Card.File != cardName {
		return nil, bundleErr(ErrBadBundle, "it has no card.toml")
	}
	if sha256Hex(cardData) != m.Card.SHA256 {
		return nil, bundleErr(ErrHashMismatch, "card.toml does not match the hash in the manifest")
	}
	card, err := ParseCard(cardName, cardData)
	if err != nil {
		return nil, bundleErr(ErrBadBundle, "its card does not read: %v", err)
	}
	if err := checkConsent(&m, card); err != nil {
		return nil, err
	}
	b := &Bundle{Manifest: m, Card: card, PublicKey: pub}
	expected := map[string]bool{manifestName: true, signatureName: true, cardName: true}
	for _, me := range m.Entries {
		expected[me.File] = true
		data, ok := files[me.File]
		if !ok {
			return nil, bundleErr(ErrHashMismatch, "%s is listed in the manifest but missing", me.File)
		}
		if sha256Hex(data) != me.SHA256 {
			return nil, bundleErr(ErrHashMismatch, "%s does not match the hash in the manifest", me.File)
		}
		var e Entry
		if err := decodeStrict(data, &e); err != nil {
			return nil, bundleErr(ErrBadBundle, "%s: %v", me.File, err)
		}
		if err := checkEntry(&e, me, card, &m); err != nil {
			return nil, bundleErr(ErrBadBundle, "%s: %s", me.File, err)
		}
		b.Entries = append(b.Entries, e)
	}
	for name := range files {
		if !expected[name] {
			return nil, bundleErr(ErrHashMismatch, "%s is not listed in the manifest", clipQuote(name))
		}
	}
	return b, nil
}

func allowedName(name string) bool {
	switch name {
	case manifestName, signatureName, cardName:
		return true
	}
	rest, ok := strings.CutPrefix(name, entriesDir)
	if !ok {
		return false
	}
	ps, ok := strings.CutSuffix(rest, ".json")
	return ok && pseudonymPattern.MatchString(ps)
}

func readZipFile(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, errors.New("too large")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errors.New("can't be read")
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, errors.New("damaged inside the archive")
	}
	if int64(len(data)) > limit {
		return nil, errors.New("too large")
	}
	return data, nil
}

// decodeStrict decodes one JSON value with no unknown fields and nothing
// after it, and says what went wrong without quoting the data.
func decodeStrict(data []byte, v any) error {
	if !utf8.Valid(data) {
		return errors.New("not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			return errors.New("a field this format does not have")
		}
		return errors.New(safeJSONError(err))
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("something after the JSON value")
	}
	return nil
}

func checkManifest(m *Manifest) error {
	bad := func(format string, args ...any) error {
		return bundleErr(ErrBadBundle, "manifest.json: "+format, args...)
	}
	switch {
	case m.Kind != KindEntries && m.Kind != KindWithdrawal:
		return bad("it is neither a bundle of entries nor a withdrawal notice")
	case !bundleIDPattern.MatchString(m.ID):
		return bad("its id is not a bundle id")
	case m.Sequence < 1:
		return bad("its sequence number is not positive")
	case !studyIDPattern.MatchString(m.Study):
		return bad("its study is not a study id")
	case !participantPattern.MatchString(m.ParticipantCode):
		return bad("its participant code is not one peerdiary makes")
	case m.CreatedAt.IsZero():
		return bad("it has no time")
	case !hexHashPattern.MatchString(m.Card.SHA256):
		return bad("the card's hash is not a SHA-256")
	case len(m.Entries) > maxBundleEntries:
		return bad("it lists more entries than a bundle can hold")
	case checkCardText(m.AppVersion, 100, false) != "":
		return bad("its app version is not plain text")
	}
	for _, r := range m.Earlier {
		if !bundleIDPattern.MatchString(r.ID) || !hexHashPattern.MatchString(r.SHA256) || (r.Kind != KindEntries && r.Kind != KindWithdrawal) {
			return bad("an earlier file it names is not a bundle or notice")
		}
	}
	seen := map[string]bool{}
	for _, e := range m.Entries {
		if !pseudonymPattern.MatchString(e.Pseudonym) || e.File != entriesDir+e.Pseudonym+".json" || !hexHashPattern.MatchString(e.SHA256) {
			return bad("an entry it lists is not named by a pseudonym")
		}
		if seen[e.Pseudonym] {
			return bad("it lists %s twice", e.Pseudonym)
		}
		seen[e.Pseudonym] = true
		if e.ConsentedAt.IsZero() || e.ConsentedAt.After(m.CreatedAt) {
			return bundleErr(ErrBadConsent, "%s has no consent time before the bundle was made", e.Pseudonym)
		}
	}
	switch m.Kind {
	case KindEntries:
		if m.Withdrawal != nil {
			return bad("a bundle of entries carries a withdrawal")
		}
		if len(m.Entries) == 0 {
			return bad("it holds no entries")
		}
	case KindWithdrawal:
		w := m.Withdrawal
		if w == nil || len(m.Entries) > 0 {
			return bad("a withdrawal notice must carry a withdrawal and no entries")
		}
		if w.Scope != ScopeStudy && w.Scope != ScopeEntries {
			return bad("the withdrawal's scope is neither the study nor entries")
		}
		if w.Scope == ScopeEntries && len(w.Entries) == 0 {
			return bad("the withdrawal names no entries")
		}
		for _, ps := range w.Entries {
			if !pseudonymPattern.MatchString(ps) {
				return bad("the withdrawal names something that is not a pseudonym")
			}
		}
		if w.WithdrawnAt.IsZero() || w.WithdrawnAt.After(m.CreatedAt) {
			return bad("the withdrawal has no time")
		}
		if checkCardText(w.Method, 400, false) != "" || checkCardText(w.Statement, 4000, true) != "" {
			return bad("the withdrawal's words are not plain text")
		}
	}
	return nil
}

// checkConsent checks that the consent record is for this study and
// participant, names the card the bundle carries and the consent text on
// it, and was in force when the bundle was made (a withdrawal notice is
// made as consent ends).
func checkConsent(m *Manifest, card *Card) error {
	c := &m.Consent
	bad := func(format string, args ...any) error { return bundleErr(ErrBadConsent, format, args...) }
	switch {
	case card.Study != m.Study || c.Study != m.Study:
		return bad("the card and the consent record are for different studies")
	case c.ParticipantCode != m.ParticipantCode:
		return bad("the consent record is for another participant")
	case c.CardSHA256 != m.Card.SHA256:
		return bad("the consent record names a different card")
	case c.ConsentTextSHA256 != card.ConsentHash():
		return bad("the consent text's hash is not the hash of the card's consent text")
	case c.ConsentVersion != card.ConsentVersion:
		return bad("the consent record names a different consent version")
	case c.GivenAt.IsZero() || c.GivenAt.After(m.CreatedAt):
		return bad("the consent was not given before the bundle was made")
	case len(c.History) == 0:
		return bad("the consent record has no history")
	case checkCardText(c.Method, 400, false) != "":
		return bad("the consent record's method is not plain text")
	case checkCardText(c.RecordID, 64, false) != "" || c.RecordID == "":
		return bad("the consent record has no id")
	}
	first := c.History[0]
	if first.Status != StatusGiven {
		return bad("the consent record's history does not start with consent being given")
	}
	prev := time.Time{}
	for _, ev := range c.History {
		if ev.At.Before(prev) || ev.At.After(m.CreatedAt) {
			return bad("the consent record's history is out of order")
		}
		prev = ev.At
		switch ev.Status {
		case StatusGiven, StatusRenewed, StatusWithdrawn:
		default:
			return bad("the consent record's history has an unknown event")
		}
	}
	last := c.History[len(c.History)-1]
	if last.CardSHA256 != "" && last.Status != StatusWithdrawn && last.CardSHA256 != c.CardSHA256 {
		return bad("the consent record's last consent is to a different card")
	}
	switch m.Kind {
	case KindEntries:
		if c.Status != StatusGiven || last.Status == StatusWithdrawn {
			return bad("the bundle was made after consent was withdrawn")
		}
	case KindWithdrawal:
		if m.Withdrawal.Scope == ScopeStudy && (c.Status != StatusWithdrawn || last.Status != StatusWithdrawn) {
			return bad("a notice withdrawing from the study must carry a withdrawn consent record")
		}
	}
	return nil
}

func checkEntry(e *Entry, me ManifestEntry, card *Card, m *Manifest) error {
	switch {
	case e.Pseudonym != me.Pseudonym:
		return errors.New("its pseudonym is not the one in the manifest")
	case e.DatePrecision != string(card.Dates):
		return fmt.Errorf("its date is kept by %s, but the card says by %s", clipQuote(e.DatePrecision), card.Dates)
	case !validCoarseDate(e.Date, card.Dates):
		return errors.New("its date is not a " + string(card.Dates))
	case e.Stage != "" && e.Stage != "into" && e.Stage != "through" && e.Stage != "beyond":
		return errors.New("its stage is not into, through or beyond")
	case e.Mood != nil && (*e.Mood < 1 || *e.Mood > 5):
		return errors.New("its mood is not 1 to 5")
	case e.CheckIn != nil && (e.CheckIn.Mood < 1 || e.CheckIn.Mood > 5 || checkCardText(e.CheckIn.Word, 100, false) != ""):
		return errors.New("its check-in is not a mood of 1 to 5 and one plain word")
	case e.Answers == nil || e.Tags == nil:
		return errors.New("it lacks its answers or tags")
	case strings.TrimSpace(e.Text) == "" && len(e.Answers) == 0:
		return errors.New("it has no text")
	}
	if len(card.Families) > 0 && (e.Prompt == nil || !slices.Contains(card.Families, e.Prompt.Family)) {
		return errors.New("its family is not one the card asks for")
	}
	for _, s := range append([]string{e.Text, e.Template}, e.Tags...) {
		if !utf8.ValidString(s) {
			return errors.New("its text is not UTF-8")
		}
	}
	return nil
}

// validCoarseDate checks a date written at a granularity.
func validCoarseDate(s string, g Granularity) bool {
	switch g {
	case ByDay:
		t, err := time.Parse(time.DateOnly, s)
		return err == nil && t.Format(time.DateOnly) == s
	case ByMonth:
		t, err := time.Parse("2006-01", s)
		return err == nil && t.Format("2006-01") == s
	case ByWeek:
		var y, w int
		if n, err := fmt.Sscanf(s, "%04d-W%02d", &y, &w); n != 2 || err != nil || len(s) != 8 {
			return false
		}
		return y >= 1 && w >= 1 && w <= 53 && fmt.Sprintf("%04d-W%02d", y, w) == s
	}
	return false
}

// CoarseDate writes a time at a granularity, in the time zone it was
// written in: 2026-11-23, 2026-W48 (ISO week) or 2026-11.
func CoarseDate(t time.Time, g Granularity) string {
	switch g {
	case ByDay:
		return t.Format(time.DateOnly)
	case ByWeek:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}
	return t.Format("2006-01")
}
