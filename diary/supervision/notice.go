package supervision

import "strings"

// FirstExportNotice is what a worker reads, once, before their first export
// to a contact: what a supervisor may have to do with what they read, and
// that what is sent can't be taken back. Screens and the command line show
// the same words.
func FirstExportNotice(contact string) []string {
	return []string{
		"This is your first export to " + contact + ". Before you send anything:",
		"A supervisor may have to act on what they read. If an entry shows that someone may be at risk of harm (a person you support, you, or someone else), or describes some things about colleagues, your supervisor may be obliged by your employer or the law to pass it on. What they must do depends on where you work; you can ask them before you send.",
		"Once it is sent, an export can't be taken back. You can choose not to send more, but a file that has gone stays with them.",
		"Only names on your list are taken out. Read the preview, and look at every word marked \"check this\".",
	}
}

// NoticeText is the notice as plain paragraphs.
func NoticeText(contact string) string { return strings.Join(FirstExportNotice(contact), "\n\n") }
