// Command peerdiary is a private, encrypted diary for the terminal.
//
// With no command it opens the full-screen diary; the subcommands (init,
// write, list, show, edit, delete, verify, passwd, key export) work from
// scripts and plain terminals. See README.md and docs/CLI.md.
package main

import (
	"context"
	"os"
	"time"
)

// now is the clock every command uses: the default time of a new entry, the
// meaning of "today" and "3 days ago", and the store's timestamps. Tests fix
// it; the binary never reads a clock from its environment.
var now = time.Now

func main() {
	hardenProcess()
	os.Exit(run(context.Background(), os.Args[1:], systemStdio()))
}
