// Package redact takes people's names out of text before it leaves a diary:
// a supervision packet, a research export, anything a worker hands to
// someone else.
//
// A worker lists the people who appear in their entries (clients,
// colleagues), each with the names they go by ([Person]). [New] builds a
// [Redactor] for one export; [Redactor.Redact] replaces every mention with
// that person's pseudonym ("Client A") and says where each replacement is,
// so a preview can highlight it. One Redactor gives each person one
// pseudonym for its whole life, so the same person reads as the same
// "Person B" across every entry of one export. [Redactor.CheckThis] marks
// capitalised words that are not on the list, for the worker to look at
// before anything is sent: the list is only as good as the worker's memory,
// and the preview is where a missing name is caught.
//
// # What counts as a mention
//
// A name is matched as whole words, never inside another word: with "Sam"
// listed, "Samuel" and "Samantha" are left alone unless they are listed too.
// Matching ignores case (full Unicode case folding: "STRAßE" is "strasse"),
// accents and other combining marks ("Zoë" is "Zoe"), compatibility forms
// (full-width letters, ligatures) and invisible format characters (a soft
// hyphen or zero-width space inside a name). These variants are also
// mentions:
//
//   - possessives and contractions: "Sam's", "Sam’s", "SAM'S" become
//     "Client A's";
//   - a name with a plain s added, when it is written with a capital
//     ("Sams", "SAMS"), for plurals and possessives without an apostrophe;
//     "bills" is not "Bill";
//   - a name of several words written across a line break, or with
//     punctuation between its words ("Mary-Jo", "Mary\nJo", "O'Brien" and
//     "O Brien"), or with its words run together ("MaryJo" for "Mary Jo").
//
// In scripts written without spaces between words (Han, Hiragana, Katakana,
// Hangul, Thai, Lao, Khmer, Myanmar) each character is a word of its own, so
// a listed name is found wherever its characters stand together.
//
// Where two listed names overlap ("Sam" and "Sam Jones"), the longest
// mention starting furthest left wins.
//
// # Pseudonyms
//
// A person's pseudonym is their fixed As ("Client A"), or else the next free
// one of "Person A", "Person B", … in the order people are first mentioned
// in the export. A pseudonym never shares a word with a listed name (New
// refuses such an As), so a pseudonym can never complete or become a name,
// and redacting redacted text changes nothing.
//
// # Limits
//
// Redaction finds the names it is given. It does not find names it was not
// told about, nicknames it was not given, or other things that identify
// someone (a street, an event, a job title); that is what [Redactor.CheckThis]
// and a person reading the preview are for. The words CheckThis passes over
// as ordinary sentence starters are English.
package redact
