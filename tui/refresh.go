package tui

import (
	"context"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// The diary may be written by another peerdiary while this one is open: a
// script, a command in another terminal. While Today or Browse is on
// screen, every idle check also looks at the entries folder (one stat) and,
// if it changed since the catalog was read, reads the catalog again, which
// the entry index makes cheap.

// folderStamp is what tells that the entries folder changed: adding,
// replacing (by rename) or removing an entry changes its modification and
// change times.
type folderStamp struct{ mod, change time.Time }

// refreshedMsg: the catalog was read again because the entries folder
// changed (catalog set), or it did not change (catalog nil).
type refreshedMsg struct {
	catalog *diary.Catalog
	stamp   folderStamp
	err     error
}

// entriesStamp stats the entries folder of dir; ok is false if it can't.
func entriesStamp(dir string) (folderStamp, bool) {
	fi, err := os.Stat(filepath.Join(dir, diary.EntriesDir))
	if err != nil {
		return folderStamp{}, false
	}
	return folderStamp{mod: fi.ModTime(), change: changeTime(fi)}, true
}

// refreshCmd reads the catalog again if the entries folder is no longer as
// it was at last.
func refreshCmd(s diaryStore, last folderStamp) tea.Cmd {
	return safe(func() tea.Msg {
		now, ok := entriesStamp(s.Path())
		if !ok || now == last {
			return refreshedMsg{}
		}
		c, err := s.Load(context.Background())
		return refreshedMsg{catalog: c, stamp: now, err: err}
	})
}

// maybeRefresh starts a refresh when the catalog is on screen and nothing
// else is running.
func (m *Model) maybeRefresh() tea.Cmd {
	if !m.unlocked || m.closing || m.refreshing || m.busy != "" || m.store == nil {
		return nil
	}
	if m.current != screenToday && m.current != screenBrowse {
		return nil
	}
	m.refreshing = true
	return refreshCmd(m.store, m.entriesSeen)
}

// onRefreshed puts entries written elsewhere into the catalog, keeping the
// entry under the cursor in Browse.
func (m *Model) onRefreshed(msg refreshedMsg) tea.Cmd {
	m.refreshing = false
	if msg.catalog == nil || msg.err != nil || !m.unlocked {
		return nil // unchanged, unreadable for now (the next check retries), or locked meanwhile
	}
	m.entriesSeen = msg.stamp
	var keep string
	if b := m.browse(); b.cursor >= 0 && b.cursor < len(b.visible) && b.visible[b.cursor] < len(m.catalog) {
		keep = m.catalog[b.visible[b.cursor]].ID
	}
	m.catalog = msg.catalog.Entries
	m.problems = len(msg.catalog.Problems)
	m.catalogGen++
	m.textReady = false
	b := m.browse()
	b.refilter(m)
	for vi, i := range b.visible {
		if m.catalog[i].ID == keep {
			b.cursor = vi
			b.clampOffset()
			break
		}
	}
	return loadTextCmd(m.store, m.catalog, m.catalogGen)
}
