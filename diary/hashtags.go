package diary

import (
	"strings"
	"unicode"
)

// HashTags finds the #hashtags a person wrote in an entry's Markdown:
// "#outreach", "#care/grief". It ignores heading marks ("# Title"), URL
// fragments ("page#section"), HTML entities ("&#39;"), numbers ("#3"), and
// anything inside code. The result is normalised, sorted and unique.
func HashTags(body string) []string {
	if strings.IndexByte(body, '#') < 0 {
		return nil // most entries: every read of one derives its tags
	}
	var tags []string
	fence := ""
	for line := range strings.SplitSeq(body, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		if len(line)-len(trimmed) <= 3 {
			line = stripHeadingMark(trimmed)
		}
		tags = append(tags, lineTags(line)...)
	}
	return NormalizeTags(tags)
}

// stripHeadingMark removes a Markdown ATX heading's leading #s.
func stripHeadingMark(line string) string {
	n := 0
	for n < len(line) && n < 7 && line[n] == '#' {
		n++
	}
	if n >= 1 && n <= 6 && (n == len(line) || line[n] == ' ' || line[n] == '\t') {
		return line[n:]
	}
	return line
}

func lineTags(line string) []string {
	if strings.IndexByte(line, '#') < 0 {
		return nil // most lines: no need to decode them
	}
	var tags []string
	rs := []rune(line)
	inCode := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '`' {
			inCode = !inCode
			continue
		}
		if inCode || r != '#' {
			continue
		}
		if i > 0 && !startsTag(rs[i-1]) {
			continue
		}
		j := i + 1
		for j < len(rs) && tagRune(rs[j]) {
			j++
		}
		tag := strings.TrimRight(string(rs[i+1:j]), "-_/.")
		if strings.IndexFunc(tag, unicode.IsLetter) >= 0 {
			tags = append(tags, tag)
		}
		i = j - 1
	}
	return tags
}

// startsTag is a character that may come right before a hashtag: space or
// opening punctuation, never a letter, digit, '/' or '&' (URLs, entities).
func startsTag(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("([{\"'*_~>,;", r)
}

func tagRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '/'
}

// ThemeTags are the tags of a prompt family and subtheme: "care" and
// "care/grief".
func ThemeTags(family, subtheme string) []string {
	var tags []string
	if family != "" {
		tags = append(tags, family)
		if subtheme != "" {
			tags = append(tags, family+"/"+subtheme)
		}
	}
	return NormalizeTags(tags)
}

// DerivedTags are the tags an entry carries because of what it is, whatever
// it was tagged by hand: the family and subtheme of the prompt it answers,
// and the #hashtags written in its text and answers. Save stores them, and
// entries are read with them, so an entry saved before a rule existed is
// found by its tags all the same.
func (e *Entry) DerivedTags() []string {
	var tags []string
	if e.Prompt != nil {
		tags = append(tags, ThemeTags(e.Prompt.Family, e.Prompt.Subtheme)...)
	}
	tags = append(tags, HashTags(e.Body)...)
	for _, a := range e.Answers {
		tags = append(tags, HashTags(a.Text)...)
	}
	return NormalizeTags(tags)
}

// withDerivedTags is the entry's tags and its derived tags, normalised.
func (e *Entry) withDerivedTags() []string {
	return NormalizeTags(append(append([]string(nil), e.Tags...), e.DerivedTags()...))
}
