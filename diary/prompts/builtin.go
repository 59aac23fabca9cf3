package prompts

import (
	_ "embed"
	"sync"
)

//go:embed library.yaml
var libraryYAML []byte

// builtin parses the embedded library once. The library is checked by the
// package's tests, so a failure here is a build defect; it is still turned
// into an empty library rather than a crash, and reported by BuiltinError.
var builtin = sync.OnceValue(func() *Pack {
	p, err := builtinPack(libraryYAML)
	if err != nil {
		builtinErr = err
		return &Pack{}
	}
	return p
})

var builtinErr error

// BuiltinError reports a defect in the embedded library, or nil. Tests and
// `peerdiary doctor` style checks call it; screens need not.
func BuiltinError() error {
	builtin()
	return builtinErr
}
