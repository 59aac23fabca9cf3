package tui

import (
	"time"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Messages carry the results of commands back to Update. None of them holds
// a passphrase; those that hold diary text are dropped on lock.

// createdMsg: a first-run diary exists and is unlocked.
type createdMsg struct {
	store    diaryStore
	rotation *promptRotationMsg // today's prompt, remembered in the new diary
	err      error
}

// unlockedMsg: the passphrase was tried.
type unlockedMsg struct{ err error }

// loadedMsg: the catalog, settings and drafts after an unlock.
type loadedMsg struct {
	catalog  *diary.Catalog
	settings *diary.Settings
	drafts   []diary.Draft
	rotation *promptRotationMsg // today's prompt, remembered in the diary
	stamp    folderStamp        // the entries folder just before it was read
	// resources are the organisation's resources packs.
	resources []*prompts.ResourcesPack
	checkIns  []diary.CheckIn
	err       error
}

// savedMsg: an entry was written (and the draft it replaced deleted).
type savedMsg struct {
	summary diary.Summary // with the file it was saved in
	err     error
}

// draftSavedMsg: the autosave or a lock or quit wrote a draft.
type draftSavedMsg struct {
	name  string
	gen   int // the editor generation it saved
	at    time.Time
	err   error
	then  afterDraft
	quiet bool
}

// afterDraft says what to do once a draft is safely on disk.
type afterDraft int

const (
	afterNothing afterDraft = iota
	afterLock
	afterQuit
)

// draftDeletedMsg: a recovered draft was discarded.
type draftDeletedMsg struct {
	name string
	err  error
}

// entryMsg: one entry, decrypted, for reading or editing.
type entryMsg struct {
	entry *diary.Entry
	edit  bool
	err   error
}

// deletedMsg: an entry was deleted.
type deletedMsg struct {
	id  string
	err error
}

// renderedMsg: Markdown rendered for the preview or the reader.
type renderedMsg struct {
	key renderKey
	out string
	err error
}

// renderKey identifies a rendering: one entry at one width and theme.
type renderKey struct {
	id    string
	width int
	dark  bool
}

// previewDueMsg asks for a preview once the cursor has rested.
type previewDueMsg struct{ seq int }

// autosaveTickMsg: time to autosave the draft if it changed. gen tells
// the current chain of ticks from one started before a lock.
type autosaveTickMsg struct{ gen int }

// idleCheckMsg: time to see whether the idle lock is due.
type idleCheckMsg struct{}

// lockedMsg: the store has forgotten its key.
type lockedMsg struct{}

// shutdownMsg asks for a clean exit: save a draft if there is unsaved text,
// then quit. Signals (SIGHUP, SIGTERM) and interrupts arrive as this.
type shutdownMsg struct{}

// panicMsg: a command panicked. Its value is not kept: it could hold text.
type panicMsg struct{}
