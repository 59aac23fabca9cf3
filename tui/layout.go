package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Layout: the frame every screen is drawn in (the body, a status line and
// the key hint bar), sized from the terminal, and the one tea.View.

// The smallest terminal peerdiary draws in; below it, a message says so.
const (
	minWidth  = 40
	minHeight = 10
)

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// onResize lays every screen out for the new terminal size.
func (m *Model) onResize(msg tea.WindowSizeMsg) tea.Cmd {
	m.width, m.height = msg.Width, msg.Height
	m.resize()
	if m.read.entry != nil {
		m.read.header = m.readHeader(m.read.entry)
		m.read.setSize(m.textWidth(), m.bodyHeight())
	}
	if m.unlocked {
		return m.refreshRenders() // Markdown is laid out for a width
	}
	return nil
}

// onBackground restyles for a light or dark terminal; rendered Markdown
// carries the old colours, so it is rendered again.
func (m *Model) onBackground(msg tea.BackgroundColorMsg) tea.Cmd {
	m.isDark = msg.IsDark()
	m.restyle()
	m.renders = map[renderKey]string{}
	return m.refreshRenders()
}

// onSpinnerTick turns the spinner while something runs, and lets its
// ticks end when nothing does.
func (m *Model) onSpinnerTick(msg spinner.TickMsg) tea.Cmd {
	if m.busy == "" && !m.write.saving {
		return nil
	}
	var cmd tea.Cmd
	m.spinner, cmd = m.spinner.Update(msg)
	return cmd
}

// resize sizes every component from the terminal size.
func (m *Model) resize() {
	w, tw, h := m.innerWidth(), m.textWidth(), m.bodyHeight()
	m.help.SetWidth(w)
	m.setup.setWidth(tw)
	m.unlock.setWidth(tw)
	m.write.setSize(tw, h)
	m.browse.setSize(w, h)
	m.read.setSize(tw, h)
}

func (m *Model) innerWidth() int { return max(m.width-2, 10) }

// readingWidth is the widest a line of prose is drawn: wider is hard to
// read, so on a large terminal prose screens sit in a centred column.
const readingWidth = 100

// textWidth is the width of the prose screens (all but the list).
func (m *Model) textWidth() int { return min(m.innerWidth(), readingWidth) }

// centred reports whether the current screen is drawn in the column.
func (m *Model) centred() bool {
	return m.screen != screenBrowse && m.screen != screenInsights
}

// bodyHeight is what a screen may fill: the terminal less the status line
// and the key hint bar.
func (m *Model) bodyHeight() int { return max(m.height-2, 3) }

func (m *Model) refreshRenders() tea.Cmd {
	switch m.screen {
	case screenRead:
		return m.readRender()
	case screenBrowse:
		return m.previewNow()
	}
	return nil
}

// View implements tea.Model. It is the only place that builds a tea.View:
// alternate screen always, a fixed window title that never names an entry.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "peerdiary"
	v.MouseMode = tea.MouseModeCellMotion
	v.Cursor = m.editorCursor()
	return v
}

func (m *Model) render() string {
	if m.tooSmall() {
		msg := fmt.Sprintf("The terminal is too small for peerdiary (%dx%d).\nMake it at least %dx%d.", m.width, m.height, minWidth, minHeight)
		return fitBlock(msg, m.width, m.height)
	}
	w, h := m.innerWidth(), m.bodyHeight()
	var body string
	switch {
	case m.showHelp:
		body = m.viewHelp()
	case m.busy != "":
		body = m.viewBusy()
	default:
		switch m.screen {
		case screenSetup:
			body = m.viewSetup()
		case screenUnlock:
			body = m.viewUnlock()
		case screenToday:
			body = m.viewToday()
		case screenWrite:
			body = m.viewWrite()
		case screenBrowse:
			body = m.viewBrowse()
		case screenRead:
			body = m.viewRead()
		case screenInsights:
			body = m.viewInsights()
		case screenReflect:
			body = m.viewChooser()
		}
	}
	if m.err != "" && m.errorInBody() {
		body += "\n" + m.styles.Error.Render(wrap("! "+m.err, m.textWidth()))
	}
	var b strings.Builder
	if tw := m.textWidth(); m.centred() && tw < w {
		indent := strings.Repeat(" ", (w-tw)/2)
		b.WriteString(indent + strings.ReplaceAll(fitBlock(body, tw, h), "\n", "\n"+indent))
	} else {
		b.WriteString(fitBlock(body, w, h))
	}
	b.WriteByte('\n')
	b.WriteString(ansi.Truncate(m.statusLine(), w, "…"))
	b.WriteByte('\n')
	b.WriteString(ansi.Truncate(m.hintBar(), w, "…"))
	return m.styles.App.Render(b.String())
}

// errorInBody reports that an error is drawn under the Setup or Unlock
// form, where the user is typing, instead of in the status line.
func (m *Model) errorInBody() bool {
	return (m.screen == screenSetup || m.screen == screenUnlock) && m.busy == "" && !m.showHelp
}

func (m *Model) statusLine() string {
	switch {
	case m.err != "" && m.errorInBody():
		return ""
	case m.err != "":
		return m.styles.Error.Render("! " + firstLine(m.err))
	case m.notice != "" && m.demo:
		return m.styles.Demo.Render("[demo] ") + m.styles.Notice.Render(firstLine(m.notice))
	case m.notice != "":
		return m.styles.Notice.Render(firstLine(m.notice))
	case m.demo:
		return m.styles.Demo.Render("demo diary — nothing is kept")
	}
	return ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func (m *Model) hintBar() string {
	km := m.currentHelp()
	h := m.help
	h.ShowAll = false
	return h.View(km)
}

func (m *Model) currentHelp() help.KeyMap {
	switch {
	case m.write.leaving && m.screen == screenWrite:
		return m.keys.leaveHelp()
	case m.browse.confirmDelete != "" && m.screen == screenBrowse:
		return m.keys.confirmHelp()
	case m.read.confirmDelete && m.screen == screenRead:
		return m.keys.confirmHelp()
	}
	switch m.screen {
	case screenSetup:
		return m.keys.setupHelp()
	case screenUnlock:
		return m.keys.unlockHelp()
	case screenToday:
		return m.keys.todayHelp(len(m.drafts) > 0)
	case screenWrite:
		if m.write.refl.on() {
			return m.keys.reflectHelp()
		}
		return m.keys.writeHelp()
	case screenBrowse:
		return m.keys.browseHelp(m.browse.filtering)
	case screenRead:
		return m.keys.readHelp()
	case screenInsights:
		return m.keys.insightsHelp()
	case screenReflect:
		return m.keys.chooseHelp()
	}
	return helpFor{}
}

func (m *Model) viewBusy() string {
	return "\n" + m.spinner.View() + " " + m.styles.Working.Render(m.busy)
}

// fitBlock cuts or pads s to exactly h lines, none wider than w cells.
func fitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// wrap word-wraps plain text to w cells.
func wrap(s string, w int) string {
	return lipgloss.NewStyle().Width(max(w, 1)).Render(s)
}
