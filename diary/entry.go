package diary

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// FormatVersion is written into every entry's front matter as "peerdiary".
const FormatVersion = 1

const (
	// MaxBodySize is the largest body peerdiary writes: 1 MiB of text is
	// several hundred pages.
	MaxBodySize = 1 << 20

	// MaxEntryFileSize is the largest entry file peerdiary reads. Anything
	// larger is not read into memory at all.
	MaxEntryFileSize = 16 << 20

	// padBlock is the plaintext padding unit: an entry's length is visible on
	// disk only to the nearest KiB.
	padBlock = 1024
)

// Entry is one diary entry.
type Entry struct {
	ID      string
	Created time.Time
	Updated time.Time
	Prompt  *PromptRef // the prompt answered, or nil
	Tags    []string   // normalised, sorted, unique
	Mood    int        // 1–5, or 0 for none
	Body    string     // Markdown

	// Template and Answers hold a structured reflection: the template's id
	// and one answer per step, in order.
	Template string
	Answers  []Answer

	// Extra keeps front-matter fields this version does not know, so an
	// older peerdiary editing a newer entry does not drop them.
	Extra map[string]any
}

// PromptRef records which prompt an entry answers, with the text as it was
// shown, so the entry still makes sense if the prompt library changes.
type PromptRef struct {
	ID       string `yaml:"id" json:"id"`
	Family   string `yaml:"family,omitempty" json:"family"`
	Subtheme string `yaml:"subtheme,omitempty" json:"subtheme,omitempty"`
	Text     string `yaml:"text,omitempty" json:"text"`
}

// Answer is one step of a structured reflection.
type Answer struct {
	Step     string `yaml:"step" json:"step"`
	Question string `yaml:"question,omitempty" json:"question,omitempty"`
	Text     string `yaml:"text" json:"text"`
}

// frontMatter is the YAML header of an entry file; see docs/FORMAT.md.
type frontMatter struct {
	Version  int            `yaml:"peerdiary,omitempty"`
	ID       string         `yaml:"id,omitempty"`
	Created  string         `yaml:"created,omitempty"`
	Updated  string         `yaml:"updated,omitempty"`
	Prompt   *PromptRef     `yaml:"prompt,omitempty"`
	Tags     []string       `yaml:"tags,omitempty,flow"`
	Mood     int            `yaml:"mood,omitempty"`
	Template string         `yaml:"template,omitempty"`
	Answers  []Answer       `yaml:"answers,omitempty"`
	Extra    map[string]any `yaml:",inline"`
}

// ErrBadEntry is wrapped by every error from ParseEntry.
var ErrBadEntry = errors.New("not a valid entry")

// ValidID reports whether s can be an entry id: 1–64 characters of lower-case
// letters, digits, '-' and '_', starting with a letter or digit (the
// pattern ^[0-9a-z][0-9a-z_-]{0,63}$, checked by hand: opening a large
// diary checks every id in its index).
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] == '-' || s[0] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// idAlphabet is Crockford's base32 in lower case: no i, l, o or u, so an id
// read aloud or copied by hand is hard to get wrong.
const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// NewID returns a new random entry id: 16 characters, 80 bits.
func NewID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails; see crypto/rand
	for i := range b {
		b[i] = idAlphabet[b[i]&31]
	}
	return string(b[:])
}

// Format renders an entry as the plaintext of an entry file: YAML front
// matter, the body, and newlines padding it to a multiple of 1 KiB.
func (e *Entry) Format() ([]byte, error) {
	fm := frontMatter{
		Version:  FormatVersion,
		ID:       e.ID,
		Prompt:   e.Prompt,
		Tags:     e.Tags,
		Mood:     e.Mood,
		Template: e.Template,
		Answers:  e.Answers,
		Extra:    e.Extra,
	}
	// RFC3339Nano writes whole seconds exactly as RFC3339 does and keeps a
	// fraction that a hand-written entry may carry.
	if !e.Created.IsZero() {
		fm.Created = e.Created.Format(time.RFC3339Nano)
	}
	if !e.Updated.IsZero() {
		fm.Updated = e.Updated.Format(time.RFC3339Nano)
	}
	head, err := marshalHeader(&fm)
	if err != nil {
		return nil, fmt.Errorf("encoding the entry header: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(head)
	b.WriteString("---\n")
	if body := trimBody(e.Body); body != "" {
		b.WriteString(body)
		b.WriteByte('\n')
	}
	if r := b.Len() % padBlock; r != 0 {
		b.Write(bytes.Repeat([]byte{'\n'}, padBlock-r))
	}
	return b.Bytes(), nil
}

// ParseEntry reads the plaintext of an entry file. Text without front matter
// is a body alone; the caller fills in the id and dates from the file. Fields
// that are present must be valid.
func ParseEntry(plaintext []byte) (*Entry, error) {
	if !utf8.Valid(plaintext) {
		return nil, fmt.Errorf("%w: the text is not UTF-8", ErrBadEntry)
	}
	// A byte-order mark is what some editors put before "---" in a file
	// written by hand; it is not part of the text.
	text := strings.TrimPrefix(string(plaintext), "\ufeff")
	// CRLF and a lone CR (old Mac files) both end a line. A CR left in the
	// text would also let an entry overwrite its own line on a terminal.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	e := &Entry{}
	if !strings.HasPrefix(text, "---\n") {
		e.Body = trimBody(text)
		return e, nil
	}
	rest := text[len("---\n"):]
	var head string
	switch end := strings.Index(rest, "\n---\n"); {
	case strings.HasPrefix(rest, "---\n"):
		head, rest = "", rest[len("---\n"):]
	case end >= 0:
		head, rest = rest[:end+1], rest[end+len("\n---\n"):]
	case strings.HasSuffix(rest, "\n---"):
		head, rest = rest[:len(rest)-len("---")], ""
	default:
		return nil, fmt.Errorf("%w: the header has no closing ---", ErrBadEntry)
	}
	// Headers as peerdiary writes them are read without yaml.v3 (see
	// parseHeader); anything else is yaml.v3's.
	fm, ok := parseHeader(head)
	if !ok {
		fm = frontMatter{}
		if err := yaml.Unmarshal([]byte(head), &fm); err != nil {
			return nil, fmt.Errorf("%w: the header is not valid YAML%s", ErrBadEntry, yamlErrorLine(err))
		}
	}
	if fm.Version > FormatVersion {
		return nil, fmt.Errorf("%w: %w (format %d); update peerdiary to read it", ErrBadEntry, ErrNewerFormat, fm.Version)
	}
	if fm.ID != "" && !ValidID(fm.ID) {
		return nil, fmt.Errorf("%w: the id is not 1 to 64 lower-case letters, digits, - and _", ErrBadEntry)
	}
	var err error
	if e.Created, err = parseStamp("created", fm.Created); err != nil {
		return nil, err
	}
	if e.Updated, err = parseStamp("updated", fm.Updated); err != nil {
		return nil, err
	}
	if fm.Mood < 0 || fm.Mood > 5 {
		return nil, fmt.Errorf("%w: mood %d is not between 1 and 5", ErrBadEntry, fm.Mood)
	}
	if fm.Prompt != nil && fm.Prompt.ID == "" && fm.Prompt.Text == "" {
		fm.Prompt = nil
	}
	e.ID, e.Prompt, e.Mood = fm.ID, fm.Prompt, fm.Mood
	e.Tags = NormalizeTags(fm.Tags)
	e.Template = fm.Template
	if len(fm.Answers) > 0 {
		e.Answers = fm.Answers
	}
	if len(fm.Extra) > 0 {
		e.Extra = fm.Extra
	}
	e.Body = trimBody(rest)
	return e, nil
}

func parseStamp(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %s is not an RFC 3339 time such as 2026-11-23T18:30:00+00:00", ErrBadEntry, field)
	}
	return t, nil
}

// yamlLine finds the line number in a YAML error.
var yamlLine = regexp.MustCompile(`line ([0-9]+)`)

// yamlErrorLine names the header line a YAML error is on, and nothing else:
// YAML errors quote the text they failed on, and entry text never goes into
// an error (errors reach terminals and logs).
func yamlErrorLine(err error) string {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Sprintf(" (line %d of the entry)", n+1)
	}
	return ""
}

// trimBody drops trailing white space, which is where padding lives; a
// diary body never needs it.
func trimBody(s string) string {
	return strings.TrimRightFunc(s, unicode.IsSpace)
}

// NormalizeTag turns what a person typed into a tag: lower case, no leading
// '#', inner white space as '-'. It returns "" for something that is not a
// tag.
//
// Normalising a normalised tag changes nothing, so tags read back from an
// entry compare equal to the ones that were saved.
func NormalizeTag(t string) string {
	t = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if unicode.IsControl(r) || r == ',' || r == utf8.RuneError {
			return -1
		}
		// Invisible formatting characters go too: bidi controls would
		// show a tag in another order than it is stored, and a zero-width
		// space would make two tags that look the same. The joiners that
		// emoji and some scripts need stay.
		if unicode.Is(unicode.Cf, r) && r != 0x200d && r != 0x200c {
			return -1
		}
		return unicode.ToLower(r)
	}, t)
	t = strings.TrimLeftFunc(t, func(r rune) bool { return r == '#' || unicode.IsSpace(r) })
	t = strings.Join(strings.Fields(t), "-")
	if utf8.RuneCountInString(t) > 64 {
		t = string([]rune(t)[:64])
	}
	return t
}

// NormalizeTags normalises, sorts and de-duplicates tags.
func NormalizeTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		if n := NormalizeTag(t); n != "" {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// Title is the first non-blank line of the body, without Markdown heading
// marks, for lists.
func (e *Entry) Title() string {
	for line := range strings.SplitSeq(e.Body, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
		if line != "" {
			return line
		}
	}
	if len(e.Answers) > 0 {
		return strings.TrimSpace(e.Answers[0].Text)
	}
	return ""
}

// Words counts the words of the body and answers.
func (e *Entry) Words() int {
	n := countWords(e.Body)
	for _, a := range e.Answers {
		n += countWords(a.Text)
	}
	return n
}

// countWords is len(strings.Fields(s)) without making the slice: the
// number of runs of characters that are not white space.
func countWords(s string) int {
	n := 0
	inWord := false
	for i := 0; i < len(s); {
		c := s[i]
		var space bool
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// Family is the prompt family the entry belongs to, or "".
func (e *Entry) Family() string {
	if e.Prompt == nil {
		return ""
	}
	return e.Prompt.Family
}

// marshalHeader encodes the front matter so that it always reads back.
// yaml.v3 writes a string that starts with white space (an answer that
// begins with a blank line, say) as a block scalar with an indentation
// indicator, and inside a list it gets the indentation wrong: the result
// does not parse. So the header is built as a node tree here, with such
// strings double-quoted, and the result is read back before it is used:
// an entry file that would not parse is never written.
func marshalHeader(fm *frontMatter) ([]byte, error) {
	n, err := fm.node()
	if err != nil {
		return nil, err
	}
	out, err := yaml.Marshal(n)
	if err != nil {
		return nil, err
	}
	var check frontMatter
	if err := yaml.Unmarshal(out, &check); err != nil {
		return nil, errors.New("the header would not read back")
	}
	return out, nil
}

// node lays the front matter out in the order docs/FORMAT.md shows: known
// fields first, then fields a newer version wrote, sorted by name.
func (fm *frontMatter) node() (*yaml.Node, error) {
	m := mappingNode()
	add := func(m *yaml.Node, key string, v *yaml.Node) {
		m.Content = append(m.Content, stringNode(key), v)
	}
	addString := func(m *yaml.Node, key, v string) {
		if v != "" {
			add(m, key, stringNode(v))
		}
	}
	if fm.Version != 0 {
		add(m, "peerdiary", intNode(fm.Version))
	}
	addString(m, "id", fm.ID)
	addString(m, "created", fm.Created)
	addString(m, "updated", fm.Updated)
	if p := fm.Prompt; p != nil {
		pm := mappingNode()
		add(pm, "id", stringNode(p.ID))
		addString(pm, "family", p.Family)
		addString(pm, "subtheme", p.Subtheme)
		addString(pm, "text", p.Text)
		add(m, "prompt", pm)
	}
	if len(fm.Tags) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, t := range fm.Tags {
			seq.Content = append(seq.Content, stringNode(t))
		}
		add(m, "tags", seq)
	}
	if fm.Mood != 0 {
		add(m, "mood", intNode(fm.Mood))
	}
	addString(m, "template", fm.Template)
	if len(fm.Answers) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, a := range fm.Answers {
			am := mappingNode()
			add(am, "step", stringNode(a.Step))
			addString(am, "question", a.Question)
			add(am, "text", stringNode(a.Text))
			seq.Content = append(seq.Content, am)
		}
		add(m, "answers", seq)
	}
	for _, k := range slices.Sorted(maps.Keys(fm.Extra)) {
		if knownField(k) {
			continue
		}
		v, err := anyNode(fm.Extra[k])
		if err != nil {
			return nil, err
		}
		add(m, k, v)
	}
	return m, nil
}

func knownField(k string) bool {
	switch k {
	case "peerdiary", "id", "created", "updated", "prompt", "tags", "mood", "template", "answers":
		return true
	}
	return false
}

func mappingNode() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func intNode(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}

// stringNode is a string scalar. The emitter quotes it where YAML would
// read it as something else ("true", "12"); strings that start with white
// space or hold a tab or carriage return are double-quoted.
func stringNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if s != "" && (strings.ContainsAny(s[:1], " \n\t") || strings.ContainsAny(s, "\t\r")) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// anyNode encodes a value of a field this version does not know, as it was
// read: maps, lists and scalars.
func anyNode(v any) (*yaml.Node, error) {
	switch v := v.(type) {
	case string:
		return stringNode(v), nil
	case map[string]any:
		m := mappingNode()
		for _, k := range slices.Sorted(maps.Keys(v)) {
			c, err := anyNode(v[k])
			if err != nil {
				return nil, err
			}
			m.Content = append(m.Content, stringNode(k), c)
		}
		return m, nil
	case []any:
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range v {
			c, err := anyNode(e)
			if err != nil {
				return nil, err
			}
			seq.Content = append(seq.Content, c)
		}
		return seq, nil
	}
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	// A whole float such as -0 would be written "-0" and read back as an
	// integer; keep it a float.
	if _, ok := v.(float64); ok && n.Kind == yaml.ScalarNode && !strings.ContainsAny(n.Value, ".eEnN") {
		n.Value, n.Tag = n.Value+".0", "!!float"
	}
	return &n, nil
}
