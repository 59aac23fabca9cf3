package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// The lock screen. It shows nothing from the diary: not a title, not a
// count, not a date of the last entry.

const screenUnlock screenID = "unlock"

type unlockScreen struct {
	input    textinput.Model
	failures int
}

func newUnlockScreen() *unlockScreen {
	in := textinput.New()
	in.Prompt = "> "
	// Not even the length of a passphrase is shown.
	in.EchoMode = textinput.EchoNone
	in.CharLimit = crypto.MaxPassphraseLength + 1 // one more, so a longer paste is refused, not cut
	return &unlockScreen{input: in}
}

func (u *unlockScreen) layout(m *Model) {
	if !m.plain {
		u.input.SetStyles(textinput.DefaultStyles(m.isDark))
	}
	u.input.SetWidth(max(m.textWidth()-4, 10))
}

func (u *unlockScreen) open(m *Model) tea.Cmd { return u.focus() }

func (u *unlockScreen) focus() tea.Cmd { return u.input.Focus() }

func (u *unlockScreen) typing() bool { return true }

// lock keeps the count of failed tries: it is not diary text.
func (u *unlockScreen) lock() { u.input.Reset() }

func (u *unlockScreen) hints(m *Model) help.KeyMap { return m.keys.unlockHelp() }

func (u *unlockScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return u.key(m, msg)
	}
	return u.updateInput(msg)
}

func (u *unlockScreen) updateInput(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	u.input, cmd = u.input.Update(msg)
	return cmd
}

func (u *unlockScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "ctrl+c":
		u.input.Reset()
		return m.quit(false)
	case "enter":
		p := []byte(u.input.Value())
		u.input.Reset()
		if len(p) == 0 && m.demo && m.demoPass != nil {
			p = append([]byte(nil), m.demoPass...)
		}
		if len(p) == 0 {
			m.err = "Type your passphrase, then press enter."
			return nil
		}
		m.err = ""
		m.notice = ""
		m.busy = "Unlocking…"
		return tea.Batch(unlockCmd(m.store, p), m.spinner.Tick)
	}
	m.err = ""
	return u.updateInput(msg)
}

func (u *unlockScreen) view(m *Model) string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("peerdiary is locked") + "\n\n")
	b.WriteString(wrap("Type your passphrase and press enter. Typing is hidden.", w) + "\n\n")
	b.WriteString(u.input.View() + "\n\n")
	if m.demo {
		b.WriteString(st.Subtle.Render(wrap("This is the demo diary: just press enter.", w)) + "\n")
	}
	return b.String()
}

func (m *Model) onUnlocked(msg unlockedMsg) tea.Cmd {
	if msg.err != nil {
		m.busy = ""
		u := m.unlock()
		u.failures++
		m.err = unlockError(msg.err, u.failures, m.dir)
		return u.focus()
	}
	m.unlock().failures = 0
	m.unlocked = true
	m.lastKey = m.now()
	m.busy = "Opening your entries…"
	return tea.Batch(loadCmd(m.store, m.now()), m.spinner.Tick)
}

// unlockError is what the lock screen says when the passphrase did not
// open the diary, in the words of the one table the command line uses too.
// A damaged key file is worth suggesting only after a few tries.
func unlockError(err error, failures int, dir string) string {
	ex := *diary.Explain(err, dir, diary.Screen)
	if errors.Is(err, crypto.ErrWrongPassphrase) && failures < 3 && len(ex.Hints) > 1 {
		ex.Hints = ex.Hints[:1]
	}
	return sanitize(ex.Sentences())
}

func (m *Model) onLoaded(msg loadedMsg) tea.Cmd {
	m.busy = ""
	if !m.unlocked {
		return nil // locked while loading: drop the result
	}
	if msg.err != nil {
		m.err = "Your entries could not be read: " + describe(msg.err)
		m.resumeAt = writePos{} // the pending draft waits for the next unlock
		return m.show(screenToday)
	}
	m.catalog = msg.catalog.Entries
	m.entriesSeen = msg.stamp
	m.catalogGen++
	m.textReady = false
	m.problems = len(msg.catalog.Problems)
	m.settings = msg.settings
	m.resources = msg.resources
	m.checkIns = msg.checkIns
	m.afterSettings()
	m.drafts = msg.drafts
	m.browse().refilter(m)
	if msg.rotation != nil {
		m.onPromptRotation(*msg.rotation)
	}
	m.syncPromptCheckIns()
	cmds := []tea.Cmd{m.startAutosave(), loadTextCmd(m.store, m.catalog, m.catalogGen)}
	if m.problems > 0 {
		m.notice = fmt.Sprintf("%d file(s) could not be read; run `peerdiary verify` to see which.", m.problems)
	}
	if ne := m.newEntry; ne != nil {
		m.newEntry = nil
		return tea.Batch(append(cmds, m.startNewEntry(*ne))...)
	}
	// Writing interrupted by a lock comes straight back.
	if m.pendingDraft != nil {
		d := *m.pendingDraft
		m.pendingDraft = nil
		m.resumeDraft = ""
		return tea.Batch(append(cmds, m.resumeFrom(d))...)
	}
	if m.resumeDraft != "" {
		name := m.resumeDraft
		m.resumeDraft = ""
		for i, d := range m.drafts {
			if d.Name == name {
				m.drafts = append(m.drafts[:i:i], m.drafts[i+1:]...)
				return tea.Batch(append(cmds, m.resumeFrom(d))...)
			}
		}
	}
	m.resumeAt = writePos{}
	return tea.Batch(append(cmds, m.show(screenToday))...)
}
