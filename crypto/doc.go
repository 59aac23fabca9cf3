// Package crypto holds peerdiary's cryptography and its durable file writes:
// the diary identity, the passphrase-wrapped key file, sealing and opening age
// files, and atomic writes. It knows nothing about entries; package diary
// builds on it.
//
// # Keys
//
// A diary has one age identity, post-quantum hybrid (ML-KEM-768 + X25519,
// "age1pq1…") by default, or classic X25519 on request for people who must use
// age older than v1.3. Its text, exactly as age-keygen writes it, is stored in
// one armored age file encrypted with the diary passphrase (scrypt). The
// stock age CLI therefore reads it: age -d -i identity.age entry.age.
//
// The public recipient is never stored in plaintext. It is derived from the
// identity at unlock, because anyone sharing the OS account could otherwise
// replace it and receive every later entry.
//
// # Recipients and identities
//
// No age type leaves this package. A [Recipient] is a public key to seal to
// ([ParseRecipient] reads one, age or SSH, and [ParseRecipients] a
// recipients file; [Identity.Recipient] is the diary's own); an [Identity]
// is a secret key. What a worker sends someone else is sealed with
// [SealTo], armored if asked; the person it was sent to opens it with
// [OpenSealed] and their [Keys] ([ParseKeys] reads what age -i reads). Other packages seal with [Seal] and open with
// [Dir.OpenFile], [OpenReader] or [Open], so every file is read by the same
// rule.
//
// # Opening files
//
// age authenticates its payload in 64 KiB chunks and hands out plaintext
// before it has seen the end of a file. [OpenReader] streams a file through
// age into one buffer under a size cap and returns nothing at all unless the
// whole file authenticated; [Dir.OpenFile] does the same for a file in a
// diary folder, and [Open] for one already in memory.
//
// # Writing files
//
// [Dir.WriteFileAtomic] writes a temporary file in the destination's own folder,
// fsyncs it, renames it over the destination and fsyncs the folder, so a crash
// at any moment leaves either the old file or the new one.
package crypto
