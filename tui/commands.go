package tui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	glamourstyles "charm.land/glamour/v2/styles"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Every side effect of the interface is one of these commands. Each captures
// the values it needs, never the model, so the goroutine that runs it cannot
// race with Update; state changes only when Update receives its message.

// safe runs a command and turns a panic into panicMsg, dropping the panic
// value: it could hold diary text, and it must never reach the terminal.
func safe(f func() tea.Msg) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if recover() != nil {
				msg = panicMsg{}
			}
		}()
		return f()
	}
}

// wipe overwrites a passphrase once it has been used. age takes a string, so
// a copy exists anyway; this keeps ours from lingering.
func wipe(b []byte) { clear(b) }

func createCmd(create createFunc, dir string, passphrase []byte, now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		defer wipe(passphrase)
		s, err := create(dir, passphrase)
		if err != nil {
			return createdMsg{err: err}
		}
		return createdMsg{store: s, rotation: readRotation(s, nil, &diary.Settings{}, now)}
	})
}

func unlockCmd(s diaryStore, passphrase []byte) tea.Cmd {
	return safe(func() tea.Msg {
		defer wipe(passphrase)
		return unlockedMsg{err: s.Unlock(passphrase)}
	})
}

func loadCmd(s diaryStore, now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		stamp, _ := entriesStamp(s.Path()) // before reading: a later change shows
		c, err := s.Load(context.Background())
		if err != nil {
			return loadedMsg{err: err}
		}
		st, err := s.Settings()
		if err != nil {
			st = &diary.Settings{} // unreadable settings must not lock anyone out
		}
		drafts, err := s.Drafts()
		if err != nil {
			drafts = nil
		}
		return loadedMsg{catalog: c, settings: st, drafts: drafts, stamp: stamp, rotation: readRotation(s, c.Entries, st, now)}
	})
}

func saveEntryCmd(s diaryStore, e diary.Entry, draftName string) tea.Cmd {
	return safe(func() tea.Msg {
		e := e // Save fills in the id and times; a command may run twice
		sum, err := s.Save(&e)
		if err != nil {
			return savedMsg{err: err}
		}
		if draftName != "" {
			_ = s.DeleteDraft(draftName) // a leftover draft is offered back, never lost
		}
		return savedMsg{summary: sum}
	})
}

// newEntryMsg: a new entry for Config.Write, its pack's prompt looked up.
type newEntryMsg struct {
	entry diary.Entry
	err   error // the prompt is not in the diary's library
}

// newEntryPromptCmd looks a pack's prompt up in the diary's library.
func newEntryPromptCmd(s diaryStore, ne NewEntry) tea.Cmd {
	return safe(func() tea.Msg {
		e := ne.Entry
		rs, ok := s.(prompts.RecordStore)
		if !ok {
			return newEntryMsg{entry: e, err: errors.New("no prompt library")}
		}
		lib, _, err := prompts.LoadLibrary(rs)
		if err != nil {
			return newEntryMsg{entry: e, err: err}
		}
		p, ok := lib.Lookup(ne.PromptID)
		if !ok {
			return newEntryMsg{entry: e, err: errors.New("no such prompt")}
		}
		e.Prompt = p.Ref()
		return newEntryMsg{entry: e}
	})
}

func saveDraftCmd(s diaryStore, d diary.Draft, gen int, then afterDraft, quiet bool) tea.Cmd {
	return safe(func() tea.Msg {
		d := d // SaveDraft fills in the name and time; a command may run twice
		err := s.SaveDraft(&d)
		return draftSavedMsg{name: d.Name, gen: gen, at: d.Saved, err: err, then: then, quiet: quiet}
	})
}

func deleteDraftCmd(s diaryStore, name string) tea.Cmd {
	return safe(func() tea.Msg {
		return draftDeletedMsg{name: name, err: s.DeleteDraft(name)}
	})
}

func getEntryCmd(s diaryStore, id string, edit bool) tea.Cmd {
	return safe(func() tea.Msg {
		e, err := s.Get(id)
		return entryMsg{entry: e, edit: edit, err: err}
	})
}

func deleteCmd(s diaryStore, id string) tea.Cmd {
	return safe(func() tea.Msg {
		return deletedMsg{id: id, err: s.Delete(id)}
	})
}

func lockCmd(s diaryStore) tea.Cmd {
	return safe(func() tea.Msg {
		s.Lock()
		return lockedMsg{}
	})
}

// previewCmd renders one entry for the preview pane. The entry comes from
// the catalog (Store.Read), which holds every entry's text: moving down the
// list decrypts nothing.
func previewCmd(s diaryStore, sum diary.Summary, key renderKey, plain bool) tea.Cmd {
	return safe(func() tea.Msg {
		e, err := s.Read(&sum)
		if err != nil {
			return renderedMsg{key: key, err: err}
		}
		out, err := renderMarkdown(entryMarkdown(e), key.width, key.dark, plain)
		return renderedMsg{key: key, out: out, err: err}
	})
}

// renderCmd renders text already in memory (the reader).
func renderCmd(key renderKey, body string, plain bool) tea.Cmd {
	return safe(func() tea.Msg {
		out, err := renderMarkdown(body, key.width, key.dark, plain)
		return renderedMsg{key: key, out: out, err: err}
	})
}

// maxRenderBody is the most Markdown the renderer is given; a longer entry
// is shown as plain text, which is instant and loses nothing.
const maxRenderBody = 256 << 10

// renderMarkdown sanitises the body, renders it, and keeps only colour and
// style escapes in the result.
func renderMarkdown(body string, width int, dark, plain bool) (string, error) {
	body = sanitize(body)
	if len(body) > maxRenderBody {
		return body, nil
	}
	r, err := glamour.NewTermRenderer(glamour.WithStyles(markdownStyle(dark, plain)), glamour.WithWordWrap(max(width-4, 10)), glamour.WithPreservedNewLines())
	if err != nil {
		return "", err
	}
	out, err := r.Render(body)
	if err != nil {
		return "", errors.New("the entry could not be formatted")
	}
	return keepOnlySGR(out), nil
}

// markdownStyle is glamour's style for the background, with headings
// drawn as bold lines instead of behind "## " marks: a reflection's
// questions are headings, and the marks read as stray code.
func markdownStyle(dark, plain bool) ansi.StyleConfig {
	s := glamourstyles.DarkStyleConfig
	switch {
	case plain:
		s = glamourstyles.NoTTYStyleConfig
		s.H1.Prefix = ""
	case !dark:
		s = glamourstyles.LightStyleConfig
	}
	bold := true
	s.Heading.Bold = &bold
	for _, h := range []*ansi.StyleBlock{&s.H2, &s.H3, &s.H4, &s.H5, &s.H6} {
		h.Prefix = ""
	}
	return s
}

func autosaveTick(d time.Duration, gen int) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return autosaveTickMsg{gen: gen} })
}

func idleTick(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

func previewAfter(d time.Duration, seq int) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return previewDueMsg{seq: seq} })
}
