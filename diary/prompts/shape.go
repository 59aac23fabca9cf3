package prompts

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"peerdiary/internal/tomlscan"
)

// Bounds on a pack's shape, checked before the strict decoders run. A pack
// is a few levels deep with a handful of keys per table; the decoders, fed
// a hostile file well under the size cap, can take quadratic time or run out
// of memory (measured: 4,000 repeated YAML keys took 4 s and 5 GB; 20,000
// nested TOML inline tables exhausted 4 GB).
const (
	maxShapeDepth = 8  // pack → prompts → prompt → follow_ups → text is 5
	maxTableKeys  = 16 // the most keys any pack table has is 6
	maxListItems  = maxPackPrompts
)

// checkYAMLShape walks the node tree: no anchors or aliases, no duplicate
// keys, nothing deeper, wider or longer than a pack can be.
func checkYAMLShape(file string, n *yaml.Node, depth int) error {
	fail := func(n *yaml.Node, format string, args ...any) error {
		return &PackError{File: file, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
	}
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return fail(n, "anchors and aliases (& and *) are not allowed in a pack; write each value out")
	}
	if depth > maxShapeDepth {
		return fail(n, "the pack is nested more deeply than a pack can be")
	}
	switch n.Kind {
	case yaml.MappingNode:
		if len(n.Content)/2 > maxTableKeys {
			return fail(n, "a table here has %d keys; a pack's tables have at most %d", len(n.Content)/2, maxTableKeys)
		}
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return fail(k, "a key must be a plain word")
			}
			if first, dup := seen[k.Value]; dup {
				return fail(k, "%q is given twice (first on line %d)", clip(k.Value), first)
			}
			seen[k.Value] = k.Line
		}
	case yaml.SequenceNode:
		if len(n.Content) > maxListItems {
			return fail(n, "a list here has %d items; the most a pack can hold is %d", len(n.Content), maxListItems)
		}
	}
	for _, c := range n.Content {
		if err := checkYAMLShape(file, c, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// checkTOMLDepth refuses brackets and braces nested deeper than a pack
// needs, before the TOML parser recurses into them. Quoted strings and
// comments are skipped, so brackets inside prompt text do not count.
func checkTOMLDepth(file string, data []byte) error {
	depth := 0
	var err error
	tomlscan.Brackets(data, func(c byte, line int) bool {
		if c == ']' || c == '}' {
			depth = max(0, depth-1)
			return true
		}
		depth++
		if depth > maxShapeDepth {
			err = &PackError{File: file, Line: line, Msg: "the pack is nested more deeply than a pack can be"}
		}
		return err == nil
	})
	return err
}
