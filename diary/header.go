package diary

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseHeader decodes an entry header written the way peerdiary writes
// one (marshalHeader: yaml.v3 over the node tree in frontMatter.node), and
// reports false for anything else, which the caller hands to yaml.v3.
//
// Opening a diary without its index parses every entry's header, and
// yaml.v3 builds a whole document tree for each: about half of what a cold
// open allocated. This reads the few shapes peerdiary writes (top-level
// keys it knows; plain, quoted and literal scalars; the prompt mapping;
// the tags' flow list; the answers' list of mappings) into the struct
// directly. Whatever it accepts, it decodes exactly as yaml.v3 would
// (FuzzHeaderMatchesYAML); whatever it is unsure of (a field it does not
// know, a comment, an anchor, a folded or kept-newline block, a null, an
// unusual indent) it leaves to yaml.v3.
func parseHeader(head string) (frontMatter, bool) {
	var fm frontMatter
	if !headerChars(head) {
		return fm, false
	}
	if head == "" {
		return fm, true
	}
	if !strings.HasSuffix(head, "\n") {
		return fm, false
	}
	p := headerParser{lines: strings.Split(head[:len(head)-1], "\n")}
	seen := map[string]bool{}
	for p.i < len(p.lines) {
		key, value, ok := p.keyLine(0)
		if !ok || seen[key] {
			return fm, false
		}
		seen[key] = true
		switch key {
		case "peerdiary":
			fm.Version, ok = p.int(value)
		case "mood":
			fm.Mood, ok = p.int(value)
		case "id":
			fm.ID, ok = p.scalar(value, 0)
		case "created":
			fm.Created, ok = p.scalar(value, 0)
		case "updated":
			fm.Updated, ok = p.scalar(value, 0)
		case "template":
			fm.Template, ok = p.scalar(value, 0)
		case "prompt":
			fm.Prompt, ok = p.prompt(value)
		case "tags":
			fm.Tags, ok = p.flowList(value)
		case "answers":
			fm.Answers, ok = p.answers(value)
		default:
			ok = false // a field this version does not know: Extra
		}
		if !ok {
			return fm, false
		}
	}
	return fm, true
}

// headerChars reports text yaml.v3 reads as it is: no tab (peerdiary
// quotes strings holding one), no character YAML forbids, no byte-order
// mark, and no line break but "\n" (YAML also breaks lines at U+0085,
// U+2028 and U+2029).
func headerChars(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1,
			r <= 0x9f, // C1 controls, and U+0085
			r == 0x2028, r == 0x2029, r == 0xfeff,
			r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += n
	}
	return true
}

type headerParser struct {
	lines []string
	i     int // the next line
}

// keyLine reads "key: value" or "key:" at exactly indent spaces, the key
// in lower-case letters.
func (p *headerParser) keyLine(indent int) (key, value string, ok bool) {
	if p.i >= len(p.lines) {
		return "", "", false
	}
	line := p.lines[p.i]
	if indentOf(line) != indent {
		return "", "", false
	}
	line = line[indent:]
	colon := strings.IndexByte(line, ':')
	if colon <= 0 {
		return "", "", false
	}
	for _, c := range []byte(line[:colon]) {
		if c < 'a' || c > 'z' {
			return "", "", false
		}
	}
	rest := line[colon+1:]
	if rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	p.i++
	return line[:colon], strings.TrimPrefix(rest, " "), true
}

func indentOf(line string) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

// more reports that the next line is indented deeper than indent: a
// continuation of what is being read, or a block under it.
func (p *headerParser) more(indent int) bool {
	return p.i < len(p.lines) && (p.lines[p.i] == "" || indentOf(p.lines[p.i]) > indent)
}

// int reads a small decimal integer written plainly.
func (p *headerParser) int(value string) (int, bool) {
	if value == "" || len(value) > 9 || value[0] == '0' && len(value) > 1 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(value) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// scalar reads a string value that began on a line at indent: plain,
// single- or double-quoted on that line, or a literal block ("|" or "|-")
// on the lines after it.
func (p *headerParser) scalar(value string, indent int) (string, bool) {
	if value == "" {
		return "", false // a null, or a block: not a string
	}
	switch value[0] {
	case '"':
		s, rest, ok := doubleQuoted(value)
		return s, ok && rest == "" && !p.more(indent)
	case '\'':
		s, rest, ok := singleQuoted(value)
		return s, ok && rest == "" && !p.more(indent)
	case '|':
		return p.literal(value, indent)
	}
	if !plainScalar(value, false) {
		return "", false
	}
	return value, !p.more(indent)
}

// plainScalar reports a plain scalar that yaml.v3 reads as exactly its
// text: nothing that starts another token, no comment, no null, no
// surrounding space; in a flow list, none of its separators either.
func plainScalar(s string, flow bool) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' ||
		strings.IndexByte(",[]{}#&*!|>'\"%@`", s[0]) >= 0 {
		return false
	}
	// "-", "?" and ":" start a plain scalar only before a character that
	// could be in one.
	if strings.IndexByte("-?:", s[0]) >= 0 && (len(s) == 1 || strings.IndexByte(" ,[]{}", s[1]) >= 0) {
		return false
	}
	switch s {
	case "~", "null", "Null", "NULL":
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || s[len(s)-1] == ':' {
		return false
	}
	return !flow || !strings.ContainsAny(s, ",[]{}:")
}

// literal reads a literal block scalar, "|" (one final line break) or
// "|-" (none), whose lines follow, indented deeper than indent.
func (p *headerParser) literal(header string, indent int) (string, bool) {
	if header != "|" && header != "|-" {
		return "", false
	}
	start := p.i
	var content int // the block's indentation, from its first line
	for p.i < len(p.lines) {
		line := p.lines[p.i]
		if line == "" {
			if content == 0 {
				return "", false // a block that starts with an empty line
			}
			p.i++
			continue
		}
		n := indentOf(line)
		if n == len(line) {
			return "", false // a line of spaces
		}
		if content == 0 {
			if n <= indent {
				return "", false
			}
			content = n
		}
		if n < content {
			if n > indent {
				return "", false // under-indented text
			}
			break
		}
		p.i++
	}
	end := p.i
	for end > start && p.lines[end-1] == "" {
		end--
	}
	if end == start {
		return "", false
	}
	var b strings.Builder
	for j := start; j < end; j++ {
		if j > start {
			b.WriteByte('\n')
		}
		if line := p.lines[j]; line != "" {
			b.WriteString(line[content:])
		}
	}
	if header == "|" {
		b.WriteByte('\n')
	}
	return b.String(), true
}

// prompt reads the prompt's mapping, its fields indented four spaces.
func (p *headerParser) prompt(value string) (*PromptRef, bool) {
	if value != "" || !p.more(0) {
		return nil, false
	}
	var ref PromptRef
	seen := map[string]bool{}
	for p.i < len(p.lines) && indentOf(p.lines[p.i]) > 0 {
		key, v, ok := p.keyLine(4)
		if !ok || seen[key] {
			return nil, false
		}
		seen[key] = true
		var field *string
		switch key {
		case "id":
			field = &ref.ID
		case "family":
			field = &ref.Family
		case "subtheme":
			field = &ref.Subtheme
		case "text":
			field = &ref.Text
		default:
			return nil, false
		}
		if *field, ok = p.scalar(v, 4); !ok {
			return nil, false
		}
	}
	return &ref, true
}

// flowList reads the tags: a flow list on one line, "[a, b]".
func (p *headerParser) flowList(value string) ([]string, bool) {
	if len(value) < 3 || value[0] != '[' || value[len(value)-1] != ']' || p.more(0) {
		return nil, false
	}
	var out []string
	rest := value[1 : len(value)-1]
	for {
		var item string
		switch {
		case rest == "":
			return nil, false
		case rest[0] == '"':
			var ok bool
			if item, rest, ok = doubleQuoted(rest); !ok {
				return nil, false
			}
		case rest[0] == '\'':
			var ok bool
			if item, rest, ok = singleQuoted(rest); !ok {
				return nil, false
			}
		default:
			end := strings.IndexByte(rest, ',')
			if end < 0 {
				end = len(rest)
			}
			item, rest = rest[:end], rest[end:]
			if !plainScalar(item, true) {
				return nil, false
			}
		}
		out = append(out, item)
		if rest == "" {
			return out, true
		}
		if !strings.HasPrefix(rest, ", ") {
			return nil, false
		}
		rest = rest[len(", "):]
	}
}

// answers reads a reflection's answers: a list of mappings, each item
// "    - step: …" with its other fields indented six spaces.
func (p *headerParser) answers(value string) ([]Answer, bool) {
	if value != "" || !p.more(0) {
		return nil, false
	}
	var out []Answer
	for p.i < len(p.lines) && indentOf(p.lines[p.i]) > 0 {
		line := p.lines[p.i]
		if !strings.HasPrefix(line, "    - ") || indentOf(line[len("    - "):]) != 0 {
			return nil, false
		}
		// Read the item's first field as if the dash were a space (the
		// lines are this parser's own copy).
		p.lines[p.i] = "      " + line[len("    - "):]
		var a Answer
		seen := map[string]bool{}
		for first := true; p.i < len(p.lines) && indentOf(p.lines[p.i]) > 4 || first; first = false {
			key, v, ok := p.keyLine(6)
			if !ok || seen[key] {
				return nil, false
			}
			seen[key] = true
			var field *string
			switch key {
			case "step":
				field = &a.Step
			case "question":
				field = &a.Question
			case "text":
				field = &a.Text
			default:
				return nil, false
			}
			if *field, ok = p.scalar(v, 6); !ok {
				return nil, false
			}
		}
		out = append(out, a)
	}
	return out, true
}

// doubleQuoted reads a double-quoted scalar at the start of s, on one
// line, and returns what follows it.
func doubleQuoted(s string) (value, rest string, ok bool) {
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		switch c {
		case '"':
			return b.String(), s[i+1:], true
		case '\\':
			if i+1 >= len(s) {
				return "", "", false
			}
			e := s[i+1]
			i += 2
			if r, ok := yamlEscapes[e]; ok {
				b.WriteRune(r)
				continue
			}
			digits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if digits == 0 || i+digits > len(s) {
				return "", "", false
			}
			n, err := strconv.ParseUint(s[i:i+digits], 16, 32)
			if err != nil || n > utf8.MaxRune || n >= 0xd800 && n <= 0xdfff {
				return "", "", false
			}
			b.WriteRune(rune(n))
			i += digits
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", "", false
}

// yamlEscapes are YAML's one-character escapes in double quotes.
var yamlEscapes = map[byte]rune{
	'0': 0, 'a': '\a', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v',
	'f': '\f', 'r': '\r', 'e': 0x1b, ' ': ' ', '"': '"', '/': '/', '\\': '\\',
	'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029,
}

// singleQuoted reads a single-quoted scalar at the start of s, on one
// line, and returns what follows it.
func singleQuoted(s string) (value, rest string, ok bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return b.String(), s[i+1:], true
	}
	return "", "", false
}
