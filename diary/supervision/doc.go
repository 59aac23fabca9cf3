// Package supervision builds what a peer worker brings to supervision: a
// packet of the entries they chose, with the names of the people in them
// replaced by pseudonyms, in Markdown, a printable HTML page or JSON,
// encrypted to their supervisor and recorded in the diary's ledger.
//
// # From choice to file
//
// [Build] takes the chosen entries, the redaction list and the worker's
// note and returns a [Packet]: every text field already redacted, every
// replacement and every capitalised word not on the list ("check this")
// marked. [Packet.Preview] is the Markdown packet with those marks, for a
// screen to show; [Packet.Render] writes the same packet in one of the
// formats. [Seal] encrypts the rendered bytes to a contact and [Commit]
// records the export in the ledger before handing the bytes to be written,
// so nothing leaves unrecorded. What the preview showed is what is sealed:
// the same Packet value, rendered once.
//
// # Formats
//
// docs/EXPORT.md in the repository describes the three formats, the JSON
// schema among them, and how a supervisor without peerdiary reads a packet
// with age.
//
// # Preparing for supervision
//
// [Prepare] summarises what happened since the last export to a contact:
// entries flagged since then, entries per family and subtheme, critical
// incidents, and how mood moved, for the worker to bring along or not.
package supervision
