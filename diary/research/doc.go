// Package research is how a diary takes part in a research study, and how
// the study's researchers read what was sent to them.
//
// # The worker's side
//
// A study hands its workers a [Card]: who runs the study, who approved it,
// who to contact outside the research team, the exact consent text, what
// may be shared and how dates are coarsened, the uses allowed, retention,
// and what withdrawing can and cannot undo. [Join] records, encrypted inside
// the diary, that the worker read the card and typed their consent: the
// card's SHA-256, the SHA-256 of the consent text exactly as shown, when
// and how. Joining makes a random participant code and an Ed25519 signing
// key for this study alone, so nothing links one study's data to
// another's.
//
// Nothing is shared by default. The worker consents entry by entry
// ([Participation.Grant]); [Export] writes a bundle of the consented entries
// not yet sent, de-identified (the worker's list of people is always taken
// out, dates are coarsened, diary ids are replaced by per-study
// pseudonyms), signed, and encrypted to the study's researchers.
// [Withdraw] stops future exports at once and writes a signed, encrypted
// notice for the worker to send; copies already sent cannot be deleted from
// here, and the worker is told so.
//
// # The researcher's side
//
// [Import] opens bundles and notices with the researcher's key, verifies
// every signature, hash and consent record, trusts each participant's
// signing key on first use and refuses a changed one, applies every
// withdrawal, and writes the study's data as CSV, JSON Lines and a
// REFI-QDA project.
//
// docs/RESEARCH.md in the repository describes both sides and every file
// format; no error from this package quotes an entry's text.
package research
