// Package diary is peerdiary's store: a folder of age-encrypted entries,
// drafts and records, opened with one passphrase. It knows nothing about
// terminals; package crypto does its encryption and durable writes.
//
// # Using a diary
//
// [Create] makes a diary and [Open] opens one, taking the diary's lock
// ([ErrInUse] if another process has it) and removing temporary files an
// interrupted save left behind. [Store.Unlock] opens the key file with the
// passphrase; [Store.Lock] forgets the secret key again. While unlocked,
// [Store.Load] decrypts every entry into a [Catalog] of summaries that
// [Filter] selects from, [Store.Resolve] turns an id prefix into an id,
// [Store.Get] decrypts one entry, [Store.Put] saves one atomically, and
// [Store.Verify] reports every file that does not decrypt. Drafts
// ([Store.SaveDraft]) can be saved while locked.
//
// # File format
//
// One age file per entry, named with a random id, holding Markdown with a
// YAML front matter, padded to a multiple of 1 KiB; the identity is stored
// as a passphrase-encrypted age file, so the stock age command line reads
// everything. docs/FORMAT.md in the repository is the full description,
// including exactly what an entry made by hand needs ([ParseEntry] is the
// reader).
//
// # Errors
//
// Errors wrap sentinels ([ErrNoDiary], [ErrInUse], [ErrLocked],
// [ErrNotFound], [ErrAmbiguous], [ErrDuplicateID], [ErrNewerFormat],
// [ErrEmptyBody], [ErrBadEntry], [ErrBadDate], and those of package crypto),
// some as typed errors that carry detail ([AmbiguousError],
// [DuplicateIDError]); mistakes in what a person asked for come as an
// [Explained], already in words. [Explain] is the one table that turns any
// of them into a message, hints and a [Kind], for the command line and the
// full-screen diary alike. No error ever contains the text of an entry.
package diary
