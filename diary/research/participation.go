package research

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/redact"
)

// Store is what a study needs of an open, unlocked diary; *diary.Store
// has it.
type Store interface {
	ReadRecord(name string) ([]byte, error)
	WriteRecord(name string, plaintext []byte) error
	ListRecords(prefix string) ([]string, error)
	Settings() (*diary.Settings, error)
	Get(id string) (*diary.Entry, error)
	CheckIns() ([]diary.CheckIn, error)
	// RedactionList is the worker's list of people whose names never
	// leave the diary; every export and preview takes them out.
	RedactionList() ([]redact.Person, error)
	// RecordExport and ForgetExport keep the diary's one ledger of
	// everything that left it: a bundle or notice is recorded before it
	// is written, and forgotten if the write fails.
	RecordExport(diary.ExportRecord) error
	ForgetExport(id string) error
}

// Output is where a bundle or a withdrawal notice goes: the file's name,
// which the ledger of exports records, and the function that writes it
// there.
type Output struct {
	Name  string
	Write func([]byte) error
}

// send records a file for the study in the diary's ledger of exports, then
// writes it; if the write fails, the record is taken back, so the ledger
// lists every file that may have left and nothing that did not.
func send(s Store, p *Participation, format string, entries []string, replaced int, sealed []byte, out Output, now time.Time) error {
	var fps []string
	for _, k := range p.card.Recipients {
		fps = append(fps, crypto.Fingerprint(k))
	}
	rec := diary.ExportRecord{
		ID: diary.NewExportID(), Kind: diary.KindResearch, At: now, To: p.card.Study,
		Fingerprints: fps, Entries: slices.Clone(entries), Format: format, Armored: true,
		Redacted: true, Replacements: replaced, Dates: string(p.card.Dates),
		Output: out.Name, Size: len(sealed), SHA256: sha256Hex(sealed),
	}
	if err := s.RecordExport(rec); err != nil {
		return fmt.Errorf("recording it in the ledger of exports failed, so nothing was written: %w", err)
	}
	if err := out.Write(sealed); err != nil {
		if ferr := s.ForgetExport(rec.ID); ferr != nil {
			return errors.Join(err, ferr)
		}
		return err
	}
	return nil
}

var _ Store = (*diary.Store)(nil)

// recordPrefix starts the name of each study's record in the diary:
// records/study-<study id>.age.
const recordPrefix = "study-"

// recordSchema is the version of the participation record's layout.
const recordSchema = 1

// Errors, for callers to choose what to tell a person with errors.Is. They
// are package diary's, where the one table of words says them.
var (
	ErrNotJoined   = diary.ErrNotJoined
	ErrWithdrawn   = diary.ErrWithdrawn
	ErrNotEligible = diary.ErrNotEligible
	ErrAlreadySent = diary.ErrAlreadySent
	ErrNotShared   = diary.ErrNotShared
	ErrBadRecord   = diary.ErrStudyRecord

	// ErrAlreadyJoined means the diary already took part with this very card.
	ErrAlreadyJoined = errors.New("already joined with this card")

	// ErrNothingToExport means no consented entry is waiting to be sent.
	ErrNothingToExport = errors.New("no consented entries are waiting to be sent")
)

// Event statuses.
const (
	StatusGiven     = "given"     // consent to the study
	StatusRenewed   = "renewed"   // consent again, to a changed card
	StatusWithdrawn = "withdrawn" // consent withdrawn
	StatusGranted   = "granted"   // an entry is shared
)

// ConsentEvent is one change in consent: given, renewed or withdrawn.
type ConsentEvent struct {
	Status            string    `json:"status"`
	At                time.Time `json:"at"`
	CardSHA256        string    `json:"card_sha256,omitempty"`
	ConsentVersion    string    `json:"consent_version,omitempty"`
	ConsentTextSHA256 string    `json:"consent_text_sha256,omitempty"`
	Method            string    `json:"method"`
}

// Consent is the record of a worker's consent to one study, as kept in the
// diary and sent with every bundle: who (the participant code), when, how,
// exactly what they were shown (the card's and the consent text's SHA-256),
// the scope, and every change since.
type Consent struct {
	RecordID          string         `json:"record_id"`
	Study             string         `json:"study"`
	ParticipantCode   string         `json:"participant_code"`
	CardSHA256        string         `json:"card_sha256"`
	ConsentVersion    string         `json:"consent_version"`
	ConsentTextSHA256 string         `json:"consent_text_sha256"`
	GivenAt           time.Time      `json:"given_at"`
	Method            string         `json:"method"`
	Scope             Scope          `json:"scope"`
	Status            string         `json:"status"`
	History           []ConsentEvent `json:"history"`
}

// Scope is what the consent covers.
type Scope struct {
	// Entries says how entries are chosen: always one by one.
	Entries  string   `json:"entries"`
	Families []string `json:"families"`
	Tags     []string `json:"tags"`
	From     string   `json:"from,omitempty"`
	Until    string   `json:"until,omitempty"`
	Dates    string   `json:"dates"`
	Uses     []string `json:"uses"`
	Keep     string   `json:"retention"`
}

// EntryEvent is one change in an entry's consent.
type EntryEvent struct {
	Status string    `json:"status"` // granted or withdrawn
	At     time.Time `json:"at"`
}

// EntryConsent is the consent for one entry: the diary's own id (never
// sent), the pseudonym the study knows it by, its history, and when it was
// sent.
type EntryConsent struct {
	Entry     string       `json:"entry"`
	Pseudonym string       `json:"pseudonym"`
	History   []EntryEvent `json:"history"`
	SentIn    string       `json:"sent_in,omitempty"` // the bundle's id
	SentAt    time.Time    `json:"sent_at,omitzero"`
	SHA256    string       `json:"sha256,omitempty"` // of the entry as sent
}

// Status is the entry's current consent: granted or withdrawn.
func (e *EntryConsent) Status() string {
	if len(e.History) == 0 {
		return ""
	}
	return e.History[len(e.History)-1].Status
}

// GrantedAt is when the entry's current consent was given, or zero.
func (e *EntryConsent) GrantedAt() time.Time {
	if e.Status() != StatusGranted {
		return time.Time{}
	}
	return e.History[len(e.History)-1].At
}

// Sent reports whether the entry has been sent to the study.
func (e *EntryConsent) Sent() bool { return e.SentIn != "" }

// Sent is one file the diary wrote for the study: a bundle of entries or a
// withdrawal notice.
type Sent struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"` // "entries" or "withdrawal"
	Sequence int       `json:"sequence"`
	At       time.Time `json:"at"`
	SHA256   string    `json:"sha256"` // of the encrypted file
	Entries  []string  `json:"entries,omitempty"`
}

// Past is an earlier participation in the same study, ended by a
// withdrawal: the worker joined again, as a new participant.
type Past struct {
	ParticipantCode string    `json:"participant_code"`
	JoinedAt        time.Time `json:"joined_at"`
	WithdrawnAt     time.Time `json:"withdrawn_at"`
	Sent            int       `json:"sent"`
}

// Participation is a diary's part in one study, kept encrypted in the
// diary as records/study-<study>.age. It holds the card exactly as
// consented to, the participant code, the study's signing key, the consent
// record, each entry's consent, and every file written for the study.
type Participation struct {
	Schema          int               `json:"schema"`
	Card            string            `json:"card"`
	ParticipantCode string            `json:"participant_code"`
	SigningKey      []byte            `json:"signing_key"` // Ed25519 seed
	JoinedAt        time.Time         `json:"joined_at"`
	Consent         Consent           `json:"consent"`
	Entries         []EntryConsent    `json:"entries"`
	Sent            []Sent            `json:"sent"`
	Pseudonyms      map[string]string `json:"people_pseudonyms,omitempty"` // redaction: person key → pseudonym, kept for this study
	Past            []Past            `json:"past,omitempty"`

	card *Card
}

// CardInfo is the card the worker consented to.
func (p *Participation) CardInfo() *Card { return p.card }

// Withdrawn reports whether the worker withdrew from the whole study.
func (p *Participation) Withdrawn() bool { return p.Consent.Status == StatusWithdrawn }

// WithdrawnAt is when the worker withdrew from the study, or zero.
func (p *Participation) WithdrawnAt() time.Time {
	if !p.Withdrawn() {
		return time.Time{}
	}
	return p.Consent.History[len(p.Consent.History)-1].At
}

// PublicKey is the study's signing key's public half.
func (p *Participation) PublicKey() ed25519.PublicKey {
	return ed25519.NewKeyFromSeed(p.SigningKey).Public().(ed25519.PublicKey)
}

// KeyFingerprint is a short form of the signing key for the worker to read
// out to the research team if the study asks.
func (p *Participation) KeyFingerprint() string {
	return fingerprint(sha256Hex(p.PublicKey()))
}

// Entry returns the consent for a diary entry, or nil.
func (p *Participation) Entry(id string) *EntryConsent {
	for i := range p.Entries {
		if p.Entries[i].Entry == id {
			return &p.Entries[i]
		}
	}
	return nil
}

// Waiting returns the entries consented to and not yet sent, in the order
// they were granted.
func (p *Participation) Waiting() []EntryConsent {
	var out []EntryConsent
	if p.Withdrawn() {
		return nil
	}
	for _, e := range p.Entries {
		if e.Status() == StatusGranted && !e.Sent() {
			out = append(out, e)
		}
	}
	return out
}

// Counts says how many entries are shared, waiting, sent and withdrawn.
func (p *Participation) Counts() (granted, waiting, sent, withdrawn int) {
	for _, e := range p.Entries {
		switch e.Status() {
		case StatusGranted:
			granted++
			if e.Sent() {
				sent++
			} else {
				waiting++
			}
		case StatusWithdrawn:
			withdrawn++
		}
	}
	return
}

// Eligible says whether the card lets the study receive an entry, and if
// not, why, in a worker's words.
func (c *Card) Eligible(e *diary.Summary) (bool, string) {
	if len(c.Families) > 0 {
		fam := e.Family()
		if fam == "" {
			return false, "the study asks only for entries that answer a prompt from " + strings.Join(c.Families, ", ")
		}
		if !slices.Contains(c.Families, fam) {
			return false, "the study asks only for entries from " + strings.Join(c.Families, ", ") + ", and this one is " + fam
		}
	}
	if len(c.Tags) > 0 && !slices.ContainsFunc(e.Tags, func(t string) bool { return slices.Contains(c.Tags, t) }) {
		return false, "the study asks only for entries tagged " + joinTags(c.Tags)
	}
	day := e.Created.Format(time.DateOnly)
	if c.From != "" && day < c.From {
		return false, "the study asks only for entries from " + c.From + " on"
	}
	if c.Until != "" && day > c.Until {
		return false, "the study asks only for entries up to " + c.Until
	}
	return true, ""
}

func joinTags(tags []string) string {
	var s []string
	for _, t := range tags {
		s = append(s, "#"+t)
	}
	return strings.Join(s, " or ")
}

// idAlphabet is Crockford's base32: no I, L, O or U, so a code read aloud
// or copied by hand is hard to get wrong.
const idAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

func randomCode(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails; see crypto/rand
	for i := range b {
		b[i] = idAlphabet[b[i]&31]
	}
	return string(b)
}

// newParticipantCode is a random code for one study, with no link to the
// diary or to any other study: "K3V9-X2Q8-M4N7", 60 bits.
func newParticipantCode() string {
	c := randomCode(12)
	return c[0:4] + "-" + c[4:8] + "-" + c[8:12]
}

// newPseudonym is a random name for one entry within one study:
// "E-4K9M2XQ8", 40 bits, unique within the participation.
func (p *Participation) newPseudonym() string {
	for {
		ps := "E-" + randomCode(8)
		if !slices.ContainsFunc(p.Entries, func(e EntryConsent) bool { return e.Pseudonym == ps }) {
			return ps
		}
	}
}

func newRecordID() string { return strings.ToLower(randomCode(16)) }

// recordName is the study's record in the diary.
func recordName(study string) string { return recordPrefix + study }

// Load reads the diary's part in a study, or ErrNotJoined.
func Load(s Store, study string) (*Participation, error) {
	if !studyIDPattern.MatchString(study) {
		return nil, fmt.Errorf("%w: %q is not a study id", ErrNotJoined, clipQuote(study))
	}
	plain, err := s.ReadRecord(recordName(study))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotJoined
	}
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	return decodeParticipation(plain, study)
}

func decodeParticipation(plain []byte, study string) (*Participation, error) {
	var p Participation
	if err := json.Unmarshal(plain, &p); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrBadRecord, safeJSONError(err))
	}
	if p.Schema > recordSchema {
		return nil, fmt.Errorf("%w: written by a newer peerdiary; update peerdiary to read it", ErrBadRecord)
	}
	c, err := ParseCard("card", []byte(p.Card))
	if err != nil {
		return nil, fmt.Errorf("%w: its card no longer reads: %v", ErrBadRecord, err)
	}
	if c.Study != study || p.Consent.Study != study {
		return nil, fmt.Errorf("%w: it is for another study", ErrBadRecord)
	}
	if len(p.SigningKey) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: its signing key is missing", ErrBadRecord)
	}
	p.card = c
	return &p, nil
}

// safeJSONError says where a JSON document went wrong without quoting it.
func safeJSONError(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("not valid JSON (at byte %d)", se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("the field %q has the wrong type", clipQuote(te.Field))
	}
	return "not valid JSON"
}

// Save writes the participation to the diary, encrypted and atomically.
func (p *Participation) Save(s Store) error {
	p.Schema = recordSchema
	plain, err := json.Marshal(p)
	if err != nil {
		return err
	}
	defer clear(plain)
	return s.WriteRecord(recordName(p.card.Study), plain)
}

// Studies lists the diary's studies, by study id. A record that does not
// read is returned as an error alongside the others, never silently left
// out.
func Studies(s Store) ([]*Participation, []error, error) {
	names, err := s.ListRecords(recordPrefix)
	if err != nil {
		return nil, nil, err
	}
	var out []*Participation
	var problems []error
	for _, n := range names {
		p, err := Load(s, strings.TrimPrefix(n, recordPrefix))
		if err != nil {
			problems = append(problems, fmt.Errorf("records/%s.age: %w", n, err))
			continue
		}
		out = append(out, p)
	}
	return out, problems, nil
}

// JoinStatus says what joining with a card would do.
type JoinStatus int

const (
	// JoinNew joins a study the diary has not taken part in.
	JoinNew JoinStatus = iota
	// JoinRenew consents again to a changed card for a study already joined.
	JoinRenew
	// JoinAgain starts afresh, with a new participant code, after the
	// worker withdrew from the study.
	JoinAgain
	// JoinSame means the diary already took part with this very card.
	JoinSame
)

// CheckJoin says what joining with a card would do, and returns the
// current participation if there is one.
func CheckJoin(s Store, c *Card) (JoinStatus, *Participation, error) {
	p, err := Load(s, c.Study)
	switch {
	case errors.Is(err, ErrNotJoined):
		return JoinNew, nil, nil
	case err != nil:
		return 0, nil, err
	case p.Withdrawn():
		return JoinAgain, p, nil
	case p.Consent.CardSHA256 == c.Hash():
		return JoinSame, p, nil
	}
	return JoinRenew, p, nil
}

// Join records the worker's consent to the study on the card, after they
// were shown the whole card and its consent text and typed their consent.
// method says how, in words that go into the consent record. Joining anew
// makes a participant code and a signing key for this study alone;
// consenting to a changed card keeps them and adds a "renewed" event.
func Join(s Store, c *Card, method string, now time.Time) (*Participation, error) {
	status, old, err := CheckJoin(s, c)
	if err != nil {
		return nil, err
	}
	now = now.UTC().Truncate(time.Second)
	event := ConsentEvent{
		At: now, CardSHA256: c.Hash(), ConsentVersion: c.ConsentVersion,
		ConsentTextSHA256: c.ConsentHash(), Method: method,
	}
	var p *Participation
	switch status {
	case JoinSame:
		return old, ErrAlreadyJoined
	case JoinRenew:
		p = old
		event.Status = StatusRenewed
		p.Consent.History = append(p.Consent.History, event)
	case JoinNew, JoinAgain:
		_, seed, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		p = &Participation{
			ParticipantCode: newParticipantCode(),
			SigningKey:      seed.Seed(),
			JoinedAt:        now,
		}
		if old != nil {
			p.Past = append(old.Past, Past{
				ParticipantCode: old.ParticipantCode, JoinedAt: old.JoinedAt,
				WithdrawnAt: old.WithdrawnAt(), Sent: len(old.Sent),
			})
		}
		event.Status = StatusGiven
		p.Consent = Consent{
			RecordID:        newRecordID(),
			ParticipantCode: p.ParticipantCode,
			GivenAt:         now,
			History:         []ConsentEvent{event},
		}
	}
	p.Card = string(c.raw)
	p.card = c
	p.Consent.Study = c.Study
	p.Consent.CardSHA256 = c.Hash()
	p.Consent.ConsentVersion = c.ConsentVersion
	p.Consent.ConsentTextSHA256 = c.ConsentHash()
	p.Consent.Method = method
	p.Consent.Status = StatusGiven
	p.Consent.Scope = scopeOf(c)
	if status == JoinRenew {
		p.Consent.GivenAt = now
	}
	if err := p.Save(s); err != nil {
		return nil, err
	}
	return p, nil
}

func scopeOf(c *Card) Scope {
	sc := Scope{
		Entries:  "each entry chosen by the participant, one by one",
		Families: nonNil(c.Families),
		Tags:     nonNil(c.Tags),
		From:     c.From, Until: c.Until,
		Dates: string(c.Dates),
		Keep:  c.Keep,
	}
	for _, u := range c.AllowUse {
		sc.Uses = append(sc.Uses, string(u))
	}
	return sc
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Grant shares entries with the study, after checking each is covered by
// the card. Entries already shared are left as they are. It changes p in
// memory; Save writes it.
func (p *Participation) Grant(entries []diary.Summary, now time.Time) error {
	if p.Withdrawn() {
		return ErrWithdrawn
	}
	now = now.UTC().Truncate(time.Second)
	for i := range entries {
		if ok, why := p.card.Eligible(&entries[i]); !ok {
			return fmt.Errorf("%w: %s", ErrNotEligible, why)
		}
		if ec := p.Entry(entries[i].ID); ec != nil && ec.Sent() && ec.Status() == StatusWithdrawn {
			return fmt.Errorf("%w: entry %s", ErrAlreadySent, entries[i].ID)
		}
	}
	for _, e := range entries {
		ec := p.Entry(e.ID)
		if ec == nil {
			p.Entries = append(p.Entries, EntryConsent{Entry: e.ID, Pseudonym: p.newPseudonym()})
			ec = &p.Entries[len(p.Entries)-1]
		}
		if ec.Status() == StatusGranted {
			continue
		}
		ec.History = append(ec.History, EntryEvent{Status: StatusGranted, At: now})
	}
	return nil
}
