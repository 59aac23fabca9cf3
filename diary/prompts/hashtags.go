package prompts

import (
	"strings"
	"unicode"

	"peerdiary/diary"
)

// HashTags finds the #hashtags a person wrote in an entry's Markdown:
// "#outreach", "#care/grief". It ignores heading marks ("# Title"), URL
// fragments ("page#section"), HTML entities ("&#39;"), numbers ("#3"), and
// anything inside code. The result is normalised, sorted and unique.
func HashTags(body string) []string {
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
	return diary.NormalizeTags(tags)
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

// EntryTags is every tag an entry should carry: those given, the prompt's or
// template's family and subtheme, and the #hashtags in its text and answers.
func EntryTags(e *diary.Entry, extra ...string) []string {
	tags := append([]string{}, e.Tags...)
	tags = append(tags, extra...)
	if e.Prompt != nil && e.Prompt.Family != "" {
		tags = append(tags, themeTags(e.Prompt.Family, e.Prompt.Subtheme)...)
	}
	tags = append(tags, HashTags(e.Body)...)
	for _, a := range e.Answers {
		tags = append(tags, HashTags(a.Text)...)
	}
	return diary.NormalizeTags(tags)
}
