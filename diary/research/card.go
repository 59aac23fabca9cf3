package research

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/internal/tomlscan"
)

// CardFormat is the study-card format this peerdiary reads and writes, the
// card's "card" field.
const CardFormat = 1

// Limits on a card. A card arrives by email or on a USB stick and is shown
// to workers, so everything about it is bounded.
const (
	MaxCardSize       = 64 << 10
	maxCardLine       = 200   // characters in a one-line field
	maxConsentText    = 20000 // characters
	maxLongText       = 2000  // characters in retention and withdrawal terms
	maxCardRecipients = 20
	maxCardTags       = 50
)

// Granularity is how finely dates are kept in what a study receives.
type Granularity string

// The granularities. A week is an ISO 8601 week.
const (
	ByDay   Granularity = "day"
	ByWeek  Granularity = "week"
	ByMonth Granularity = "month"
)

// Use is something a study may do with what it receives.
type Use string

// The uses a card can allow.
const (
	UseAnalysis  Use = "analysis"  // analysis by the research team
	UseQuotation Use = "quotation" // short de-identified quotations in publications
	UseArchiving Use = "archiving" // archiving and sharing with other researchers
)

// Uses lists the uses in the order cards and screens show them.
var Uses = []Use{UseAnalysis, UseQuotation, UseArchiving}

// Describe says what a use means, in a worker's words.
func (u Use) Describe() string {
	switch u {
	case UseAnalysis:
		return "read and analysed by the research team"
	case UseQuotation:
		return "quoted, de-identified, in what the study publishes"
	case UseArchiving:
		return "archived and shared with other researchers"
	}
	return string(u)
}

// Person is someone named on a card.
type Person struct {
	Name    string `toml:"name"`
	Contact string `toml:"contact"`
}

// Card is a validated study card: what a study tells the workers it invites,
// and what their diaries hold it to.
type Card struct {
	Study          string // the study's id: lower-case letters, digits and '-'
	Title          string
	Institution    string
	EthicsApproval string // the ethics board's approval reference
	Funder         string // optional
	Investigator   Person // the principal investigator
	EthicsContact  Person // someone outside the research team, for concerns
	Recipients     []string

	ConsentVersion string
	ConsentText    string // exactly as shown to the worker

	Families []string    // families that may be shared; none means any
	Tags     []string    // entries must carry one of these; none means any
	From     string      // first day entries may be from (YYYY-MM-DD), or ""
	Until    string      // last day, or ""
	Dates    Granularity // how finely dates are kept
	AllowUse []Use
	Keep     string // retention: how long data is kept, and then what

	WithdrawHow    string // how to withdraw
	WithdrawLimits string // what withdrawing cannot undo

	raw []byte // the card file exactly as read
}

// Bytes is the card file exactly as it was read.
func (c *Card) Bytes() []byte { return slices.Clone(c.raw) }

// Hash is the SHA-256 of the card file, in hex: what consent records and
// bundles name the card by.
func (c *Card) Hash() string { return sha256Hex(c.raw) }

// ConsentHash is the SHA-256 of the consent text exactly as it is shown,
// in hex.
func (c *Card) ConsentHash() string { return sha256Hex([]byte(c.ConsentText)) }

// Allows reports whether the card allows a use.
func (c *Card) Allows(u Use) bool { return slices.Contains(c.AllowUse, u) }

// Fingerprint is a short form of the card's hash for people to compare
// with what the research team reads out: four groups of four hex digits.
func (c *Card) Fingerprint() string { return fingerprint(c.Hash()) }

func fingerprint(hexHash string) string {
	if len(hexHash) < 16 {
		return hexHash
	}
	h := hexHash[:16]
	return h[0:4] + " " + h[4:8] + " " + h[8:12] + " " + h[12:16]
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// CardError is a problem with a card file: where it is, which field, and
// what to do about it. It never quotes more than a short, printable piece
// of the file.
type CardError struct {
	File  string
	Line  int    // 0 if unknown
	Field string // "consent.text", or "" for the file as a whole
	Msg   string
}

func (e *CardError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrBadCard is matched by every CardError (errors.Is).
var ErrBadCard = diary.ErrBadCard

// Is makes errors.Is(err, ErrBadCard) true for a CardError.
func (e *CardError) Is(target error) bool { return target == ErrBadCard }

// cardFile is a card as written.
type cardFile struct {
	Card           int      `toml:"card"`
	Study          string   `toml:"study"`
	Title          string   `toml:"title"`
	Institution    string   `toml:"institution"`
	EthicsApproval string   `toml:"ethics_approval"`
	Funder         string   `toml:"funder"`
	Recipients     []string `toml:"recipients"`
	Investigator   Person   `toml:"investigator"`
	EthicsContact  Person   `toml:"ethics_contact"`
	Consent        struct {
		Version string `toml:"version"`
		Text    string `toml:"text"`
	} `toml:"consent"`
	Sharing struct {
		Families  []string `toml:"families"`
		Tags      []string `toml:"tags"`
		From      string   `toml:"from"`
		Until     string   `toml:"until"`
		Dates     string   `toml:"dates"`
		Uses      []string `toml:"uses"`
		Retention string   `toml:"retention"`
	} `toml:"sharing"`
	Withdrawal struct {
		How    string `toml:"how"`
		Limits string `toml:"limits"`
	} `toml:"withdrawal"`
}

var studyIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,47}$`)

// ParseCard reads and validates a study card. name is the file's name, for
// messages. Every problem is a *CardError naming the line and field; unknown
// fields are errors, so a typo is never silently ignored.
func ParseCard(name string, data []byte) (*Card, error) {
	file := printableName(filepath.Base(name))
	fail := func(line int, field, format string, args ...any) error {
		return &CardError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxCardSize {
		return nil, fail(0, "", "the file is %d KiB; a study card is at most %d KiB", len(data)>>10, MaxCardSize>>10)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fail(0, "", "the file is empty")
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, fail(0, "", "this is not a text file; a study card is TOML text (see docs/RESEARCH.md)")
	}
	if line, msg := checkCardShape(data); msg != "" {
		return nil, fail(line, "", "%s", msg)
	}
	loc := newCardLocator(data)
	var cf cardFile
	md, err := toml.Decode(string(data), &cf)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fail(pe.Position.Line, "", "%s", cleanTOMLMessage(pe.Message))
		}
		line, msg := splitTOMLError(err.Error())
		return nil, fail(line, "", "%s", msg)
	}
	if und := md.Undecoded(); len(und) > 0 {
		key := und[0].String()
		return nil, fail(loc.line(key), printableName(key), "this is not a field of a study card; check its spelling (docs/RESEARCH.md lists them)")
	}
	if !md.IsDefined("card") {
		return nil, fail(1, "card", "missing; a study card starts with card = %d", CardFormat)
	}
	if cf.Card > CardFormat {
		return nil, fail(loc.line("card"), "card", "this card was written for a newer peerdiary (format %d); update peerdiary to read it", cf.Card)
	}
	if cf.Card != CardFormat {
		return nil, fail(loc.line("card"), "card", "must be %d", CardFormat)
	}

	c := &Card{raw: slices.Clone(data)}
	type field struct {
		key      string
		dst      *string
		src      string
		max      int
		optional bool
	}
	oneLine := []field{
		{"study", &c.Study, cf.Study, 48, false},
		{"title", &c.Title, cf.Title, maxCardLine, false},
		{"institution", &c.Institution, cf.Institution, maxCardLine, false},
		{"ethics_approval", &c.EthicsApproval, cf.EthicsApproval, 100, false},
		{"funder", &c.Funder, cf.Funder, maxCardLine, true},
		{"investigator.name", &c.Investigator.Name, cf.Investigator.Name, maxCardLine, false},
		{"investigator.contact", &c.Investigator.Contact, cf.Investigator.Contact, maxCardLine, false},
		{"ethics_contact.name", &c.EthicsContact.Name, cf.EthicsContact.Name, maxCardLine, false},
		{"ethics_contact.contact", &c.EthicsContact.Contact, cf.EthicsContact.Contact, maxCardLine, false},
		{"consent.version", &c.ConsentVersion, cf.Consent.Version, 40, false},
		{"sharing.from", &c.From, cf.Sharing.From, 10, true},
		{"sharing.until", &c.Until, cf.Sharing.Until, 10, true},
	}
	for _, f := range oneLine {
		v := strings.TrimSpace(f.src)
		if v == "" {
			if f.optional {
				continue
			}
			return nil, fail(loc.line(f.key), f.key, "is missing or empty; every study card needs it")
		}
		if msg := checkCardText(v, f.max, false); msg != "" {
			return nil, fail(loc.line(f.key), f.key, "%s", msg)
		}
		*f.dst = v
	}
	if !studyIDPattern.MatchString(c.Study) {
		return nil, fail(loc.line("study"), "study", "must be 2 to 48 lower-case letters, digits and -, starting with a letter or digit, like \"sharps-diaries\"")
	}
	if samePerson(c.Investigator, c.EthicsContact) {
		return nil, fail(loc.line("ethics_contact.name"), "ethics_contact", "must be someone outside the research team, not the principal investigator: workers need someone independent to raise concerns with")
	}

	type long struct {
		key string
		dst *string
		src string
		max int
	}
	for _, f := range []long{
		{"consent.text", &c.ConsentText, cf.Consent.Text, maxConsentText},
		{"sharing.retention", &c.Keep, cf.Sharing.Retention, maxLongText},
		{"withdrawal.how", &c.WithdrawHow, cf.Withdrawal.How, maxLongText},
		{"withdrawal.limits", &c.WithdrawLimits, cf.Withdrawal.Limits, maxLongText},
	} {
		v := normalizeLongText(f.src)
		if v == "" {
			return nil, fail(loc.line(f.key), f.key, "is missing or empty; every study card needs it")
		}
		if msg := checkCardText(v, f.max, true); msg != "" {
			return nil, fail(loc.line(f.key), f.key, "%s", msg)
		}
		*f.dst = v
	}

	if len(cf.Recipients) == 0 {
		return nil, fail(loc.line("recipients"), "recipients", "is missing; list the research team's age public keys (age1…), the keys bundles are encrypted to")
	}
	if len(cf.Recipients) > maxCardRecipients {
		return nil, fail(loc.line("recipients"), "recipients", "lists %d keys; a card can list at most %d", len(cf.Recipients), maxCardRecipients)
	}
	pq := 0
	for i, s := range cf.Recipients {
		r, err := crypto.ParseRecipient(s)
		if err == nil && r.Kind() == crypto.SSH {
			err = fmt.Errorf("%w: an SSH key", crypto.ErrBadRecipient)
		}
		if err != nil {
			return nil, fail(loc.line("recipients"), fmt.Sprintf("recipients[%d]", i), "%s", recipientProblem(s, err))
		}
		if slices.Contains(c.Recipients, r.String()) {
			return nil, fail(loc.line("recipients"), fmt.Sprintf("recipients[%d]", i), "is listed twice")
		}
		if r.PostQuantum() {
			pq++
		}
		c.Recipients = append(c.Recipients, r.String())
	}
	if pq != 0 && pq != len(c.Recipients) {
		return nil, fail(loc.line("recipients"), "recipients", "mixes post-quantum keys (age1pq1…) with classic ones (age1…); age can't encrypt one file to both kinds, so list keys of one kind")
	}

	for _, fam := range cf.Sharing.Families {
		if !prompts.KnownFamily(fam) {
			return nil, fail(loc.line("sharing.families"), "sharing.families", "%q is not a prompt family; the families are %s", clipQuote(fam), strings.Join(prompts.FamilyIDs(), ", "))
		}
		if !slices.Contains(c.Families, fam) {
			c.Families = append(c.Families, fam)
		}
	}
	if len(cf.Sharing.Tags) > maxCardTags {
		return nil, fail(loc.line("sharing.tags"), "sharing.tags", "lists %d tags; a card can list at most %d", len(cf.Sharing.Tags), maxCardTags)
	}
	for _, t := range cf.Sharing.Tags {
		if msg := checkCardText(t, 64, false); msg != "" {
			return nil, fail(loc.line("sharing.tags"), "sharing.tags", "%s", msg)
		}
		n := diary.NormalizeTag(t)
		if n == "" {
			return nil, fail(loc.line("sharing.tags"), "sharing.tags", "holds an empty tag")
		}
		if !slices.Contains(c.Tags, n) {
			c.Tags = append(c.Tags, n)
		}
	}
	var from, until time.Time
	for _, d := range []struct {
		key string
		val string
		t   *time.Time
	}{{"sharing.from", c.From, &from}, {"sharing.until", c.Until, &until}} {
		if d.val == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.val)
		if err != nil {
			return nil, fail(loc.line(d.key), d.key, "must be a day written YYYY-MM-DD, like \"2027-01-31\"")
		}
		*d.t = t
	}
	if !from.IsZero() && !until.IsZero() && until.Before(from) {
		return nil, fail(loc.line("sharing.until"), "sharing.until", "is before sharing.from")
	}
	switch g := Granularity(strings.TrimSpace(cf.Sharing.Dates)); g {
	case ByDay, ByWeek, ByMonth:
		c.Dates = g
	case "":
		return nil, fail(loc.line("sharing.dates"), "sharing.dates", "is missing; say how finely dates are kept: \"day\", \"week\" or \"month\"")
	default:
		return nil, fail(loc.line("sharing.dates"), "sharing.dates", "must be \"day\", \"week\" or \"month\"")
	}
	if len(cf.Sharing.Uses) == 0 {
		return nil, fail(loc.line("sharing.uses"), "sharing.uses", "is missing; list what the study may do: %s", useList())
	}
	for _, u := range cf.Sharing.Uses {
		if !slices.Contains(Uses, Use(u)) {
			return nil, fail(loc.line("sharing.uses"), "sharing.uses", "%q is not a use; choose from %s", clipQuote(u), useList())
		}
		if !slices.Contains(c.AllowUse, Use(u)) {
			c.AllowUse = append(c.AllowUse, Use(u))
		}
	}
	return c, nil
}

func useList() string {
	var s []string
	for _, u := range Uses {
		s = append(s, `"`+string(u)+`"`)
	}
	return strings.Join(s, ", ")
}

// samePerson reports whether two people on a card are evidently the same:
// the same name or the same contact, ignoring case and spacing.
func samePerson(a, b Person) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	return norm(a.Name) == norm(b.Name) || norm(a.Contact) == norm(b.Contact)
}

// recipientProblem says what is wrong with a key, never quoting it: a
// secret key pasted into a card must not be repeated on a screen. A card
// lists age keys only (crypto.ParseRecipient also takes SSH keys).
func recipientProblem(key string, err error) string {
	switch {
	case errors.Is(err, crypto.ErrSecretKey):
		return "is a secret key; it must never be shared. List the public key (age1…), which age-keygen -y prints"
	case !strings.HasPrefix(strings.ToLower(strings.TrimSpace(key)), "age1"):
		return "is not an age public key; a public key starts with age1pq1 or age1"
	}
	return "is not a valid age public key (check it was copied whole)"
}

// normalizeLongText turns CRLF into LF and drops blank lines and spaces at
// the ends: a TOML multi-line string written by hand usually has them.
func normalizeLongText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimRight(s, " \t\n")
	return strings.TrimLeft(s, "\n")
}

// checkCardText refuses text that is too long or that could act on a
// terminal (controls, escapes, bidi overrides). A card's text is shown to
// workers, and its consent text is hashed as shown, so it is refused rather
// than cleaned.
func checkCardText(s string, maxLen int, multiline bool) string {
	if n := utf8.RuneCountInString(s); n > maxLen {
		return fmt.Sprintf("is %d characters; keep it under %d", n, maxLen)
	}
	for _, r := range s {
		if (r == '\n' || r == '\t') && multiline {
			continue
		}
		if r == '\n' {
			return "must be one line"
		}
		if unsafeRune(r) {
			return fmt.Sprintf("contains the control character U+%04X; remove it", r)
		}
	}
	return ""
}

// unsafeRune is a rune that must not reach a terminal from a card: C0 and
// C1 controls (ESC among them), DEL, bidirectional controls, and the
// replacement character that marks broken text.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e, r == 0x200f, r == 0x061c, r == utf8.RuneError:
		return true
	}
	return !unicode.IsPrint(r) && !unicode.IsSpace(r)
}

// printableName keeps a name from carrying terminal controls into a
// message.
func printableName(s string) string {
	return strings.Map(func(r rune) rune {
		if unsafeRune(r) {
			return '?'
		}
		return r
	}, s)
}

// clipQuote shortens a value quoted back in an error and keeps it
// printable.
func clipQuote(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return printableName(s)
}

// checkCardShape refuses what a card never needs and a TOML parser pays
// dearly for: inline tables, and arrays nested more than one deep. It
// returns the line and a message, or "".
func checkCardShape(data []byte) (int, string) {
	depth, at, msg := 0, 0, ""
	tomlscan.Brackets(data, func(c byte, line int) bool {
		switch c {
		case '{':
			at, msg = line, "a study card has no inline tables ({…}); write each table as [name]"
		case '[':
			depth++
			if depth > 2 {
				at, msg = line, "a study card has no lists inside lists"
			}
		case ']':
			depth = max(0, depth-1)
		}
		return msg == ""
	})
	return at, msg
}

// cardLocator finds the line of a field in a card file by reading the
// text: a card has one level of tables, so "consent.text" is the line
// "text = …" under "[consent]".
type cardLocator struct{ lines []string }

func newCardLocator(data []byte) cardLocator {
	return cardLocator{lines: strings.Split(string(data), "\n")}
}

var (
	tomlTableLine = regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_-]+)\s*\]`)
	tomlKeyLine   = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=`)
)

func (l cardLocator) line(key string) int {
	table, field, found := strings.Cut(key, ".")
	if !found {
		table, field = "", key
	}
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	cur := ""
	tableLine := 0
	for n, text := range l.lines {
		if m := tomlTableLine.FindStringSubmatch(text); m != nil {
			cur = m[1]
			if cur == table {
				tableLine = n + 1
			}
			continue
		}
		if cur != table {
			continue
		}
		if m := tomlKeyLine.FindStringSubmatch(text); m != nil && m[1] == field {
			return n + 1
		}
	}
	return tableLine
}

var tomlLineMsg = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "[^"]*"\))?: (.*)$`)

func splitTOMLError(s string) (int, string) {
	if m := tomlLineMsg.FindStringSubmatch(s); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		return line, cleanTOMLMessage(m[2])
	}
	return 0, cleanTOMLMessage(strings.TrimPrefix(s, "toml: "))
}

// cleanTOMLMessage puts a decoder's message in words a card's author
// knows, short and printable.
func cleanTOMLMessage(s string) string {
	s = strings.NewReplacer(
		"research.cardFile", "a study card", "research.Person", "a person",
		"[]string", "a list of text", "into string", "into text",
		"has type int64", "is a number", "has type float64", "is a number",
		"has type string", "takes text", "has type bool", "is true/false",
		"has type []interface {}", "is a list", "has type map[string]interface {}", "is a table",
		"has type integer", "takes a whole number",
		"TOML value", "the value", "destination", "this field",
	).Replace(s)
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200]) + "…"
	}
	return printableName(s)
}
