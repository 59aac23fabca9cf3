// Command peerdiary is a private, encrypted diary for the terminal.
//
// With no command it opens the full-screen diary. The subcommands do the
// same from scripts and plain terminals: writing and reading entries (write,
// reflect, list, show, edit, delete), prompts and the worker's own record
// (prompts, tags, insights, stage, supports), and the diary itself (init,
// passwd, verify, key export, demo). See README.md and docs/CLI.md.
//
// Each command checks its flags and input first, then opens and unlocks the
// diary through app.withDiary, saying what it needs read (the catalog, the
// settings, the prompt library), so a typo never costs a passphrase.
package main

import (
	"context"
	"os"
	"time"

	"peerdiary/internal/envguard"
)

// now is the clock every command uses: the default time of a new entry, the
// meaning of "today" and "3 days ago", and the store's timestamps. Tests fix
// it; the binary never reads a clock from its environment.
var now = time.Now

func main() {
	// First of all: no dependency may be told by the environment to log
	// keys, frames or panics to a file (see package envguard).
	envguard.Neutralise()
	hardenProcess()
	os.Exit(run(context.Background(), os.Args[1:], systemStdio()))
}
