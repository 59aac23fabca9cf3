package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// defaultWidth is the line width for lists when standard output is not a
// terminal, or the terminal does not say how wide it is.
const defaultWidth = 80

// stdio is what a command may read from and write to. Commands never touch
// os.Stdin, os.Stdout or os.Stderr directly, so the whole command line runs in
// process under test.
type stdio struct {
	in  io.Reader
	out io.Writer
	err io.Writer

	// inTerminal and outTerminal report whether standard input and output
	// are terminals: text typed at a terminal, or printed to one, stays in
	// its scrollback, so some commands refuse or warn.
	inTerminal  bool
	outTerminal bool

	// width is the number of columns list lines are cut to.
	width int

	// getenv reads the environment; only the variables documented in
	// docs/CLI.md are ever read.
	getenv func(string) string

	// openTTY opens the controlling terminal for passphrase prompts, which
	// must never come from standard input (it may be a pipe or a file).
	openTTY func() (*os.File, error)
}

func systemStdio() stdio {
	s := stdio{
		in:          os.Stdin,
		out:         os.Stdout,
		err:         os.Stderr,
		inTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		outTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		width:       defaultWidth,
		getenv:      os.Getenv,
		openTTY: func() (*os.File, error) {
			return os.OpenFile("/dev/tty", os.O_RDWR, 0)
		},
	}
	if s.outTerminal {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 20 {
			s.width = w
		}
	}
	return s
}
