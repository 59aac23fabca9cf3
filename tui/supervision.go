package tui

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/supervision"
)

// Supervision: the screens that bring chosen entries to a supervisor
// (export.go), read them aloud redacted (present.go) and get ready for a
// session (prep.go). The rules (what a packet holds, redaction, the
// ledger) are package supervision's; these screens only choose, show and
// confirm.

// supervisionStore is what the supervision screens need of a diary, beyond
// diaryStore: the records that say who gets what.
type supervisionStore interface {
	People() ([]diary.Person, error)
	Flags() ([]diary.Flag, error)
	FlagEntry(id, note string) (diary.Flag, error)
	UnflagEntry(id string) error
	Contacts() ([]diary.Contact, error)
	Ledger() ([]diary.ExportRecord, error)
	RecordExport(diary.ExportRecord) error
	ForgetExport(id string) error
}

var _ supervisionStore = (*diary.Store)(nil)

// supervisionData is the records a supervision screen starts from.
type supervisionData struct {
	contacts []diary.Contact
	ledger   []diary.ExportRecord
	flags    []diary.Flag
}

type supervisionDataMsg struct {
	data supervisionData
	err  error
}

// supervisionDataCmd reads the contacts, the ledger and the flags.
func supervisionDataCmd(s diaryStore) tea.Cmd {
	return safe(func() tea.Msg {
		var d supervisionData
		var err error
		if d.contacts, err = s.Contacts(); err != nil {
			return supervisionDataMsg{err: err}
		}
		if d.ledger, err = s.Ledger(); err != nil {
			return supervisionDataMsg{err: err}
		}
		d.flags, err = s.Flags()
		return supervisionDataMsg{data: d, err: err}
	})
}

// lastExport is the latest export to a contact, or nil.
func (d supervisionData) lastExport(c diary.Contact) *diary.ExportRecord {
	for i := len(d.ledger) - 1; i >= 0; i-- {
		if d.ledger[i].SentTo(c.Name) {
			return &d.ledger[i]
		}
	}
	return nil
}

type packetMsg struct {
	packet *supervision.Packet
	err    error
}

// buildPacketCmd reads the chosen entries, the list of people and the flags
// and builds the packet: redacted, with its marks.
func buildPacketCmd(s diaryStore, ids []string, req supervision.Request) tea.Cmd {
	return safe(func() tea.Msg {
		p, err := supervision.Assemble(s, ids, req)
		return packetMsg{packet: p, err: err}
	})
}

type sentMsg struct {
	record diary.ExportRecord
	err    error
}

// sendCmd seals the packet to the contacts, one file for all, and records
// it in the ledger, then writes the file, atomically and with mode 0600.
func sendCmd(s diaryStore, p *supervision.Packet, f supervision.Format, cs []diary.Contact, armored bool, path string) tea.Cmd {
	cs = slices.Clone(cs)
	return safe(func() tea.Msg {
		sealed, err := supervision.Seal(p, f, cs, armored)
		if err != nil {
			return sentMsg{err: err}
		}
		rec, err := supervision.Commit(s, sealed, path, func(b []byte) error { return crypto.WriteNewFile(path, b) })
		return sentMsg{record: rec, err: err}
	})
}

// startDir is the folder peerdiary was started in, read once when the
// program starts, so that Update never asks the system for it.
var startDir = func() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	return dir
}()

// exportDir is the folder an export is offered to be written to: the one
// peerdiary was started in, or for the demo its own temporary folder, so
// that trying an export leaves nothing behind.
func (m *Model) exportDir() string {
	if m.demo {
		return m.dir
	}
	return startDir
}

// exportPath is where an export is offered to be written: the folder dir,
// a name with the day and the contact.
func exportPath(dir string, now time.Time, contact string, f supervision.Format, armored bool) string {
	name := "supervision-" + now.Format("2006-01-02") + "-" + fileSafe(contact)
	switch {
	case armored:
		name += "." + string(f) + ".asc"
	default:
		name += "." + string(f) + ".age"
	}
	return filepath.Join(dir, name)
}

// fileSafe keeps letters and digits of a name, for a file name.
func fileSafe(s string) string {
	var out []rune
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out = append(out, r)
		case r >= 'A' && r <= 'Z':
			out = append(out, r-'A'+'a')
		case len(out) > 0 && out[len(out)-1] != '-':
			out = append(out, '-')
		}
	}
	for len(out) > 0 && out[len(out)-1] == '-' {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return "contact"
	}
	return string(out[:min(len(out), 32)])
}

func errIsExist(err error) bool { return errors.Is(err, crypto.ErrExists) }

func ansiTruncate(s string, w int) string { return ansi.Truncate(s, w, "…") }

func itoa(n int) string { return strconv.Itoa(n) }

// flagBinding flags the entry under the cursor for supervision, or takes
// the flag off. Flagging in Browse offers a note at once; n in the prep
// view changes it later, as peerdiary flag ID --note does.
var flagBinding = key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "flag"))

type flagToggledMsg struct {
	id  string
	on  bool
	err error
}

// toggleFlagCmd flags an entry, or takes its flag off if it has one.
func toggleFlagCmd(s diaryStore, id string) tea.Cmd {
	return safe(func() tea.Msg {
		fs, err := s.Flags()
		if err != nil {
			return flagToggledMsg{err: err}
		}
		if slices.ContainsFunc(fs, func(f diary.Flag) bool { return f.ID == id }) {
			return flagToggledMsg{id: id, on: false, err: s.UnflagEntry(id)}
		}
		_, err = s.FlagEntry(id, "")
		return flagToggledMsg{id: id, on: true, err: err}
	})
}

// flaggedMsg is the ids of the flagged entries, for Browse to mark them.
type flaggedMsg struct {
	ids map[string]bool
	err error
}

func flaggedCmd(s diaryStore) tea.Cmd {
	return safe(func() tea.Msg {
		fs, err := s.Flags()
		ids := make(map[string]bool, len(fs))
		for _, f := range fs {
			ids[f.ID] = true
		}
		return flaggedMsg{ids: ids, err: err}
	})
}

func (m *Model) onFlagToggled(msg flagToggledMsg) {
	if msg.err == nil {
		b := m.browse()
		if b.flagged == nil {
			b.flagged = map[string]bool{}
		}
		b.flagged[msg.id] = msg.on
	}
	switch {
	case msg.err != nil:
		m.err = "The flag could not be changed: " + describe(msg.err)
	case msg.on:
		m.notice = flaggedWithoutNote
	default:
		m.notice = "Flag taken off."
	}
}

// chosen is what Browse's export and present take: the marked entries,
// or the one under the cursor when none is marked; oldest first.
func (b *browseScreen) chosen(m *Model) []string {
	var ids []string
	for _, e := range m.catalog {
		if b.marked[e.ID] {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		if s := b.selected(m); s != nil {
			ids = append(ids, s.ID)
		}
	}
	slices.Reverse(ids) // the catalog is newest first
	return ids
}
