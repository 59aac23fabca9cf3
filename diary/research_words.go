package diary

import (
	"errors"
	"strings"
)

// Errors of research studies. Package research returns them (and keeps
// them under the same names); they are declared here so that the one table
// of words can say them.
var (
	// ErrBadCard means a study card file is not one a diary can join with.
	ErrBadCard = errors.New("not a valid study card")
	// ErrNotJoined means the diary has not joined that study.
	ErrNotJoined = errors.New("this diary has not joined that study")
	// ErrWithdrawn means the worker withdrew from the study.
	ErrWithdrawn = errors.New("withdrawn from this study")
	// ErrNotEligible means an entry is outside what the study's card asks for.
	ErrNotEligible = errors.New("the study's card does not cover this entry")
	// ErrAlreadySent means an entry was withdrawn after it was sent.
	ErrAlreadySent = errors.New("withdrawn after it was sent")
	// ErrNotShared means an entry was never shared with the study.
	ErrNotShared = errors.New("that entry was never shared with this study")
	// ErrStudyRecord means the diary's record of a study does not read.
	ErrStudyRecord = errors.New("the study record is damaged")
	// ErrNameLeft means a listed name survived redaction; nothing is sent.
	ErrNameLeft = errors.New("a listed name is still in the text after redaction")
	// ErrReceivedChanged means a file a research import kept earlier no
	// longer verifies.
	ErrReceivedChanged = errors.New("a file kept from an earlier import no longer verifies")
)

// detail is what an error says after its sentinel's own words.
func detail(err, sentinel error) string {
	s := err.Error()
	if i := strings.Index(s, sentinel.Error()+": "); i >= 0 {
		return s[i+len(sentinel.Error())+2:]
	}
	return s
}

// researchWords are the table's rows for research studies; they come first,
// as the most particular.
var researchWords = []word{
	{is: sentinel(ErrBadCard), kind: KindUsage,
		msg:   func(err error, _ string) string { return "this study card can't be used: " + err.Error() },
		hints: []string{"ask the research team for a new card; nothing was recorded"}},
	{is: sentinel(ErrNotJoined), kind: KindUsage, msg: say("you haven't joined that study"),
		hints:  []string{"peerdiary study list shows the studies you joined; join one with peerdiary study join CARD"},
		screen: []string{"join a study with its card, in a terminal: peerdiary study join CARD"}},
	{is: sentinel(ErrWithdrawn), kind: KindUsage, msg: say("you withdrew from that study, so nothing more is shared with it"),
		hints: []string{"to take part again, join with the study's card: peerdiary study join CARD"}},
	{is: sentinel(ErrNotEligible), kind: KindUsage,
		msg: func(err error, _ string) string {
			return "that entry isn't one the study asks for: " + detail(err, ErrNotEligible)
		},
		hints:  []string{"nothing was shared; peerdiary study show STUDY shows what the study asks for"},
		screen: []string{"nothing was shared"}},
	{is: sentinel(ErrAlreadySent), kind: KindUsage,
		msg: say("you withdrew that entry after it was sent, so it isn't offered to the study again")},
	{is: sentinel(ErrNotShared), kind: KindUsage,
		msg: func(err error, _ string) string {
			return "you never shared " + detail(err, ErrNotShared) + " with that study, so there is nothing to withdraw"
		},
		hints: []string{"peerdiary study show STUDY lists the entries you shared"}},
	{is: sentinel(ErrStudyRecord), kind: KindDamaged,
		msg: func(err error, _ string) string {
			return "the diary's record of that study can't be read: " + detail(err, ErrStudyRecord)
		},
		hints: []string{"run peerdiary verify; restore the diary folder from a backup if the record is damaged"}},
	{is: sentinel(ErrNameLeft), kind: KindInternal,
		msg:   say("a name from your people list was still in the text after it was taken out, so nothing was written"),
		hints: []string{"please report this (without any entry text)"}},
	{is: sentinel(ErrReceivedChanged), kind: KindDamaged,
		msg:   func(err error, _ string) string { return detail(err, ErrReceivedChanged) },
		hints: []string{"a file kept from an earlier import was changed or replaced; restore the folder from a backup, or import into a new folder"}},
}

func init() { words = append(researchWords, words...) }
