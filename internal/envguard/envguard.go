// Package envguard turns off, before anything else runs, every environment
// variable that would make a library peerdiary uses write what it sees to a
// file: a trace of every key pressed (the passphrase among them) and every
// frame drawn (entry text), a log of the renderer's output, a panic dump in
// the current folder, a log of shell-completion requests. Such a file is
// plaintext on disk, which peerdiary never writes, and a variable set long
// ago in a shell profile, or by someone else on a shared account, would turn
// it on without the person ever knowing.
//
// The list was made by reading every place the program's dependencies read
// the environment; TestDependencyEnvironment keeps it true by failing when a
// dependency starts reading a variable no one has reviewed.
package envguard

import (
	"os"
	"strings"
)

// Switch is an environment variable that makes a dependency write a log or
// dump.
type Switch struct {
	Name   string // the variable
	Module string // the module that reads it
	Effect string // what it would write
}

// Switches are the variables Neutralise removes.
var Switches = []Switch{
	{"TEA_TRACE", "charm.land/bubbletea/v2", "logs every key pressed and every frame drawn to the file it names"},
	{"TEA_DEBUG", "charm.land/bubbletea/v2", "writes bubbletea-panic-<time>.log, with the panic's value, to the current folder"},
	{"UV_DEBUG", "github.com/charmbracelet/ultraviolet", "logs the screen renderer's output to the file it names"},
	{"BASH_COMP_DEBUG_FILE", "github.com/spf13/cobra", "logs shell-completion requests, with the words on the command line, to the file it names"},
}

// prefixes are the families of those variables: a later version of the same
// library may add another debug switch under the same prefix.
var prefixes = []string{"TEA_", "UV_", "BASH_COMP_"}

// Neutralise removes every Switch, and every variable of their families,
// from the process's environment, and returns the names it removed (for
// tests; the program says nothing: the variables are simply not honoured).
// Call it first thing in main, before any library reads them.
func Neutralise() []string {
	var removed []string
	for _, s := range Switches {
		if _, ok := os.LookupEnv(s.Name); ok {
			removed = append(removed, s.Name)
		}
		os.Unsetenv(s.Name)
	}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		for _, p := range prefixes {
			if strings.HasPrefix(name, p) {
				removed = append(removed, name)
				os.Unsetenv(name)
				break
			}
		}
	}
	return removed
}
