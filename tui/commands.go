package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
		var checkIns []diary.CheckIn
		if cs, ok := s.(checkInStore); ok {
			checkIns, _ = cs.CheckIns() // without them, no check-back today
		}
		return loadedMsg{catalog: c, settings: st, drafts: drafts, stamp: stamp, rotation: readRotation(s, c.Entries, st, now),
			resources: loadResources(s), checkIns: checkIns}
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
		ref, ok := lib.Answering(ne.PromptID)
		if !ok {
			return newEntryMsg{entry: e, err: errors.New("no such prompt")}
		}
		e.Prompt = ref
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

// settingsSaver is a store that saves settings; *diary.Store is one.
type settingsSaver interface {
	SaveSettings(st *diary.Settings) error
}

// saveSettingsCmd saves st, encrypted; Update takes st in only once it is
// on disk.
func saveSettingsCmd(s diaryStore, st *diary.Settings, what string) tea.Cmd {
	return safe(func() tea.Msg {
		ss, ok := s.(settingsSaver)
		if !ok {
			return settingsSavedMsg{err: errors.New("this diary cannot save settings")}
		}
		if err := ss.SaveSettings(st); err != nil {
			return settingsSavedMsg{err: err}
		}
		return settingsSavedMsg{settings: st, what: what}
	})
}

// loadResources reads the organisation's resources packs from a store that
// keeps records; a pack that no longer reads is left out.
func loadResources(s diaryStore) []*prompts.ResourcesPack {
	rs, ok := s.(prompts.RecordStore)
	if !ok {
		return nil
	}
	packs, _, err := prompts.LoadResources(rs)
	if err != nil {
		return nil
	}
	return packs
}

// addResourcesCmd reads a resources pack file from path (~ is the home
// folder), checks it as `peerdiary supports resources add` does, and stores
// it encrypted.
func addResourcesCmd(s diaryStore, path string) tea.Cmd {
	return safe(func() tea.Msg {
		rs, ok := s.(prompts.RecordStore)
		if !ok {
			return resourcesSavedMsg{err: errors.New("this diary cannot keep a resources pack")}
		}
		if rest, ok := strings.CutPrefix(path, "~/"); ok {
			if home, err := os.UserHomeDir(); err == nil {
				path = filepath.Join(home, rest)
			}
		}
		data, err := readLimited(path, prompts.MaxPackSize)
		if err != nil {
			return resourcesSavedMsg{err: fmt.Errorf("the file could not be read: %w", err)}
		}
		p, err := prompts.ParseResources(path, data)
		if err != nil {
			return resourcesSavedMsg{err: err}
		}
		if err := prompts.SaveResources(rs, p); err != nil {
			return resourcesSavedMsg{err: err}
		}
		what := fmt.Sprintf("Added %s: %s.", p.Name, plural(len(p.Resources), "resource", "resources"))
		if p.Name == "example-organisation" {
			what = "That is the example pack: its contacts are placeholders, not numbers to call."
		}
		return resourcesSavedMsg{packs: loadResources(s), what: what}
	})
}

// readLimited reads at most limit bytes of a file, and refuses a larger
// one rather than cutting it.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return nil, errors.New("it is not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("it is over %d KiB, more than a pack can be", limit>>10)
	}
	return data, nil
}

func setResourceLockedCmd(s diaryStore, name string, show bool, what string) tea.Cmd {
	return safe(func() tea.Msg {
		rs, ok := s.(prompts.RecordStore)
		if !ok {
			return resourcesSavedMsg{err: errors.New("this diary cannot keep a resources pack")}
		}
		if _, err := prompts.SetShowWhenLocked(rs, name, show); err != nil {
			return resourcesSavedMsg{err: err}
		}
		return resourcesSavedMsg{packs: loadResources(s), what: what}
	})
}

func removeResourcesCmd(s diaryStore, name string) tea.Cmd {
	return safe(func() tea.Msg {
		rs, ok := s.(prompts.RecordStore)
		if !ok {
			return resourcesSavedMsg{err: errors.New("this diary cannot keep a resources pack")}
		}
		if err := prompts.RemoveResources(rs, name); err != nil {
			return resourcesSavedMsg{err: err}
		}
		return resourcesSavedMsg{packs: loadResources(s), what: "Removed the resources pack " + name + "."}
	})
}
