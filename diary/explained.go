package diary

// Kind sorts errors by what a person can do about them. The command line
// turns each kind into its exit code; the full-screen diary only words it.
type Kind int

// The kinds. KindInternal is anything not foreseen.
const (
	KindInternal        Kind = iota
	KindUsage                // a mistake in what was asked: a bad value, an unknown name or id
	KindWrongPassphrase      // the passphrase did not open the key file
	KindInUse                // another peerdiary has the diary open
	KindDamaged              // a damaged or unreadable file
	KindBadKey               // a key file peerdiary did not make
	KindFileSystem           // no diary, permissions, a full or read-only disk
	KindInterrupted          // cancelled: ctrl+c, or the terminal closed
)

// Explained is an error already in words for a person: what happened, lower
// case without a final period, and what to do next, one hint a line. It
// never holds entry text. Err is the sentinel it is about, for errors.Is.
type Explained struct {
	Kind  Kind
	Msg   string
	Hints []string
	Err   error
}

func (e *Explained) Error() string { return e.Msg }
func (e *Explained) Unwrap() error { return e.Err }

// usage is an Explained of KindUsage.
func usage(sentinel error, msg string, hints ...string) *Explained {
	return &Explained{Kind: KindUsage, Msg: msg, Hints: hints, Err: sentinel}
}
