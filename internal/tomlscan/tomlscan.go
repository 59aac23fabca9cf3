// Package tomlscan finds the brackets and braces of a TOML document that
// are structure, not text, without parsing it: quoted strings (basic,
// literal and multi-line) and comments are skipped. Prompt packs and study
// cards use it to refuse nesting deeper than they need before a TOML
// parser recurses into it.
package tomlscan

// Brackets calls fn with each '[', ']', '{' and '}' outside strings and
// comments, and the 1-based line it stands on, until fn returns false.
// An unclosed single-line string ends at its line's end (the parser will
// say so).
func Brackets(data []byte, fn func(c byte, line int) bool) {
	line := 1
	var quote byte // the quote character of the string we are in, or 0
	triple := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			line++
		}
		switch {
		case quote != 0:
			switch {
			case c == '\\' && quote == '"':
				i++
				if i < len(data) && data[i] == '\n' {
					line++
				}
			case c == quote && triple && i+2 < len(data) && data[i+1] == quote && data[i+2] == quote:
				// Up to two more quotes may end the string's text.
				for i+3 < len(data) && data[i+3] == quote {
					i++
				}
				quote, triple = 0, false
				i += 2
			case c == quote && !triple:
				quote = 0
			case c == '\n' && !triple:
				quote = 0
			}
		case c == '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			quote = c
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				triple = true
				i += 2
			}
		case c == '[' || c == ']' || c == '{' || c == '}':
			if !fn(c, line) {
				return
			}
		}
	}
}
