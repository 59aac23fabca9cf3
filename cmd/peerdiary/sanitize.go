package main

import "github.com/charmbracelet/x/ansi"

// Text the command line did not write itself is made safe to print by
// package safetext, the one sanitiser the full-screen diary uses too:
// safetext.Text for an entry shown whole, safetext.Line for a line of a
// list, safetext.Name for a file name, path or argument named in a message
// (every line of standard error goes through it; see message).

// fitWidth cuts a line to width terminal columns, ending it with "…" if it
// was cut.
func fitWidth(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}
