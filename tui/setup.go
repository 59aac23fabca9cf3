package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// The first-run setup: what the diary is, then a passphrase twice.

type setupStep int

const (
	setupIntro setupStep = iota
	setupPassphrase
	setupConfirm
	setupStage // after the diary is made: where the worker is in the role
)

const screenSetup screenID = "setup"

type setupScreen struct {
	step  setupStep
	input textinput.Model
	first []byte // the passphrase typed first, until it is confirmed
	hint  string
}

func newSetupScreen() *setupScreen {
	in := textinput.New()
	in.Prompt = "> "
	in.EchoMode = textinput.EchoNone
	in.CharLimit = crypto.MaxPassphraseLength + 1 // one more, so a longer paste is refused, not cut
	return &setupScreen{input: in}
}

func (s *setupScreen) layout(m *Model) {
	if !m.plain {
		s.input.SetStyles(textinput.DefaultStyles(m.isDark))
	}
	s.input.SetWidth(max(m.textWidth()-4, 10))
}

func (s *setupScreen) open(m *Model) tea.Cmd { return s.focus() }

func (s *setupScreen) focus() tea.Cmd { return s.input.Focus() }

func (s *setupScreen) typing() bool { return s.step != setupStage }

// lock has nothing to drop: setup holds no diary text, and a passphrase
// being typed is forgotten as soon as it is used.
func (s *setupScreen) lock() {
	if s.step == setupStage {
		s.step = setupIntro
	}
}

func (s *setupScreen) hints(m *Model) help.KeyMap {
	if s.step == setupStage {
		choose := key.NewBinding(key.WithKeys("1", "2", "3"), key.WithHelp("1-3", "choose"))
		skip := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "skip"))
		return helpFor{short: []key.Binding{choose, skip}, full: [][]key.Binding{{choose, skip}}}
	}
	return m.keys.setupHelp(s.step != setupIntro)
}

func (s *setupScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return s.key(m, msg)
	}
	return s.updateInput(msg)
}

func (s *setupScreen) updateInput(msg tea.Msg) tea.Cmd {
	if s.step == setupIntro {
		return nil
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return cmd
}

// takeInput returns what was typed and empties the field.
func (s *setupScreen) takeInput() []byte {
	b := []byte(s.input.Value())
	s.input.Reset()
	return b
}

func (s *setupScreen) forget() {
	wipe(s.first)
	s.first = nil
	s.input.Reset()
}

func (s *setupScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if s.step == setupStage {
		return s.stageKey(m, msg)
	}
	switch msg.String() {
	case "ctrl+c":
		s.forget()
		return m.quit(false)
	case "esc":
		m.err = ""
		switch s.step {
		case setupConfirm:
			s.forget()
			s.step = setupPassphrase
		case setupPassphrase:
			s.forget()
			s.step = setupIntro
		}
		return nil
	case "enter":
		m.err = ""
		switch s.step {
		case setupIntro:
			s.step = setupPassphrase
			return s.focus()
		case setupPassphrase:
			p := s.takeInput()
			strength, err := diary.CheckPassphrase(p)
			if err != nil {
				wipe(p)
				m.err = describeAlone(err)
				return nil
			}
			s.first = p
			s.hint = "Strength: " + strength.String() + ". " + strength.Advice()
			s.step = setupConfirm
			return nil
		case setupConfirm:
			p := s.takeInput()
			if string(p) != string(s.first) {
				wipe(p)
				s.forget()
				s.step = setupPassphrase
				m.err = "The two passphrases were different. Choose one and type it twice."
				return nil
			}
			wipe(s.first)
			s.first = nil
			s.step = setupIntro
			m.busy = "Making your key (this takes a moment)…"
			return tea.Batch(createCmd(m.create, m.dir, p, m.now()), m.spinner.Tick)
		}
	}
	return s.updateInput(msg)
}

func (s *setupScreen) view(m *Model) string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("Welcome to peerdiary") + "\n\n")
	switch s.step {
	case setupIntro:
		b.WriteString(wrap("A private diary for the end of a shift. What you write is encrypted and stays on this computer, in:", w) + "\n")
		b.WriteString("  " + st.Tag.Render(sanitize(m.dir)) + "\n\n")
		b.WriteString(wrap("Nobody can read it without your passphrase, not even someone using this computer after you. peerdiary locks itself when you step away, and never connects to the internet.", w) + "\n\n")
		b.WriteString(wrap("There is no way to recover a forgotten passphrase, so choose one you will remember.", w) + "\n\n")
		b.WriteString(st.Prompt.Render("Press enter to choose a passphrase."))
	case setupPassphrase:
		b.WriteString(wrap(fmt.Sprintf("Choose a passphrase: at least %d characters. A few unrelated words are easy to remember and hard to guess.", diary.MinPassphrase), w) + "\n\n")
		b.WriteString(st.Field.Render("Passphrase (typing is hidden)") + "\n")
		b.WriteString(s.input.View() + "\n")
	case setupStage:
		b.WriteString(wrap("Your diary is ready. One question before you start, and you can skip it: where are you in the role?", w) + "\n\n")
		for i, stg := range diary.Stages {
			b.WriteString(fmt.Sprintf("  %d  %s\n", i+1, stageChoices[stg]))
		}
		b.WriteString("\n  " + st.Subtle.Render("enter  skip; you can set it later in Settings") + "\n\n")
		b.WriteString(st.Subtle.Render(wrap("Prompts lean towards your stage; the others still come. It stays inside the diary, encrypted.", w)) + "\n")
	case setupConfirm:
		b.WriteString(st.Notice.Render(s.hint) + "\n\n")
		b.WriteString(st.Field.Render("Type it again to confirm (typing is hidden)") + "\n")
		b.WriteString(s.input.View() + "\n")
	}
	return b.String()
}

// onDemoReady opens the throwaway demo diary as a first run would.
func (m *Model) onDemoReady(msg demoReadyMsg) tea.Cmd {
	m.demoPass = msg.passphrase
	return m.onCreated(createdMsg{store: msg.store, err: msg.err})
}

func (m *Model) onCreated(msg createdMsg) tea.Cmd {
	m.busy = ""
	if msg.err != nil {
		m.setup().step = setupPassphrase
		m.err = "The diary could not be created: " + describe(msg.err)
		return m.setup().focus()
	}
	m.store = msg.store
	m.unlocked = true
	m.settings = &diary.Settings{}
	m.resources = nil
	m.afterSettings()
	m.catalog = nil
	m.lastKey = m.now()
	if msg.rotation != nil {
		m.onPromptRotation(*msg.rotation)
	}
	if m.demo {
		m.busy = "Opening the demo diary…"
		return tea.Batch(loadCmd(m.store, m.now()), m.spinner.Tick)
	}
	// One question, which can be skipped, then straight to writing.
	m.setup().step = setupStage
	m.current = screenSetup
	return m.startAutosave()
}

// stageChoices are the stages as the first run offers them.
var stageChoices = map[diary.Stage]string{
	diary.StageInto:    "starting out: training, first weeks, learning the ropes",
	diary.StageThrough: "finding my way through: some time in the role",
	diary.StageBeyond:  "looking beyond it: what comes next",
}

// stageKey takes the first run's stage, or a skip, then opens the editor on
// today's prompt: the first entry answers it.
func (s *setupScreen) stageKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	var cmd tea.Cmd
	switch k := msg.String(); {
	case k == "ctrl+c":
		return m.quit(false)
	case len(k) == 1 && k[0] >= '1' && k[0] <= byte('0'+len(diary.Stages)):
		c, err := diary.NewStageChange(diary.Stages[k[0]-'1'], "", m.now())
		if err != nil {
			m.err = describe(err)
			return nil
		}
		st := m.settings.Clone()
		st.RecordStage(c)
		m.settings = st
		m.afterSettings()
		cmd = m.to(screenSettings, saveSettingsCmd(m.store, st, "Stage: "+stageWords[c.Stage]+"."))
	case k == "enter", k == "esc", k == "s":
	default:
		return nil
	}
	s.step = setupIntro
	if ne := m.newEntry; ne != nil {
		m.newEntry = nil
		return tea.Batch(cmd, m.startNewEntry(*ne))
	}
	return tea.Batch(cmd, m.startWriting(m.todayRef(nil), nil, ""))
}
