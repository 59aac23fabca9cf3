// Package prompts is peerdiary's library of reflective prompts, its
// structured reflections, the prompt of the day and the custom prompt packs
// an organisation can hand its workers.
//
// # Where the prompts come from
//
// The families and subthemes follow research with peer workers in harm
// reduction, mental health and homelessness services: transitions into,
// through and beyond the role (the SHARPS Peer Navigators' reflective
// diaries); the friction of roles that organisations define and support
// poorly (peer workers in British Columbia); and the "who" and the "how" of
// peer support relationships. See [Families] and [Subthemes].
//
// # Data
//
// The built-in library is an embedded YAML file in the same format as a
// custom pack (see [ParsePack]), so one parser and one set of checks covers
// both. Built-in ids never contain '/'; a pack's ids are always
// "<pack>/<id>", so a pack can never shadow or collide with a built-in.
//
// # Privacy
//
// Nothing here writes plaintext anywhere: packs and the rotation state are
// stored through the diary's encrypted records ([RecordStore]).
package prompts
