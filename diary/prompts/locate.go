package prompts

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// locator finds the line of a field in a pack file, so a validation error
// can say where to look. A path alternates list names and indexes and may
// end with a field: ("prompts", 3, "family"). It returns 0 when it cannot
// tell.
type locator interface {
	line(path ...any) int
	keyLine(key string) int
}

// yamlLocator walks the YAML node tree, which records every line.
type yamlLocator struct{ root *yaml.Node }

func (l yamlLocator) line(path ...any) int {
	n := l.root
	if n == nil {
		return 0
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	last := n.Line
	for _, step := range path {
		switch s := step.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return last
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					last, n, found = n.Content[i].Line, n.Content[i+1], true
					break
				}
			}
			if !found {
				return last
			}
		case int:
			if n.Kind != yaml.SequenceNode || s >= len(n.Content) {
				return last
			}
			n = n.Content[s]
			last = n.Line
		}
	}
	return last
}

func (l yamlLocator) keyLine(key string) int { return 0 }

// tomlLocator finds lines by reading the TOML text, since the TOML decoder
// keeps no positions for values in arrays of tables. It understands the
// layout pack files use ([[prompts]], [[templates]], [[templates.steps]]);
// for anything else it falls back to a less precise line or 0.
type tomlLocator struct{ lines []string }

func newTOMLLocator(data []byte) tomlLocator {
	return tomlLocator{lines: strings.Split(string(data), "\n")}
}

var tomlHeader = regexp.MustCompile(`^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?`)

func (l tomlLocator) line(path ...any) int {
	start, end, prefix := 0, len(l.lines), ""
	i := 0
	for ; i+1 < len(path); i += 2 {
		name, ok1 := path[i].(string)
		idx, ok2 := path[i+1].(int)
		if !ok1 || !ok2 {
			break
		}
		if prefix == "" {
			prefix = name
		} else {
			prefix += "." + name
		}
		count, found := -1, -1
		for n := start; n < end; n++ {
			if m := tomlHeader.FindStringSubmatch(l.lines[n]); m != nil && m[1] == prefix && strings.Contains(l.lines[n], "[[") {
				count++
				if count == idx {
					found = n
					break
				}
			}
		}
		if found < 0 {
			return start + min(1, len(l.lines))
		}
		newEnd := end
		for n := found + 1; n < end; n++ {
			if m := tomlHeader.FindStringSubmatch(l.lines[n]); m != nil && !strings.HasPrefix(m[1], prefix+".") {
				newEnd = n
				break
			}
		}
		start, end = found, newEnd
	}
	if i < len(path) {
		key, _ := path[i].(string)
		from := start
		if prefix != "" {
			from = start + 1
		}
		keyRE := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(key) + `\s*=`)
		for n := from; n < end; n++ {
			if tomlHeader.MatchString(l.lines[n]) {
				break
			}
			if keyRE.MatchString(l.lines[n]) {
				return n + 1
			}
		}
	}
	if prefix == "" {
		return 0
	}
	return start + 1
}

func (l tomlLocator) keyLine(key string) int {
	keyRE := regexp.MustCompile(`^\s*(` + regexp.QuoteMeta(key) + `\s*=|\[\[?\s*` + regexp.QuoteMeta(key) + `\s*\]\]?)`)
	for n, s := range l.lines {
		if keyRE.MatchString(s) {
			return n + 1
		}
	}
	return 0
}
