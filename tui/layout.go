package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/tui/internal/cellwidth"
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
	m.help.SetWidth(m.innerWidth())
	m.layoutScreens()
	if m.unlocked {
		return m.refreshShowing() // Markdown is laid out for a width
	}
	return nil
}

// onBackground restyles for a light or dark terminal; rendered Markdown
// carries the old colours, so it is rendered again.
func (m *Model) onBackground(msg tea.BackgroundColorMsg) tea.Cmd {
	m.bgDark = msg.IsDark()
	m.applyTheme()
	m.renders = map[renderKey]string{}
	return m.refreshShowing()
}

// onSpinnerTick turns the spinner while something runs, and lets its
// ticks end when nothing does.
func (m *Model) onSpinnerTick(msg spinner.TickMsg) tea.Cmd {
	if m.busy == "" && !m.write().saving {
		return nil
	}
	var cmd tea.Cmd
	m.spinner, cmd = m.spinner.Update(msg)
	return cmd
}

func (m *Model) innerWidth() int { return max(m.width-2, 10) }

// readingWidth is the widest a line of prose is drawn: wider is hard to
// read, so on a large terminal prose screens sit in a centred column.
const readingWidth = 100

// textWidth is the width of the prose screens (all but the wide ones).
func (m *Model) textWidth() int { return min(m.innerWidth(), readingWidth) }

// bodyHeight is what a screen may fill: the terminal less the status line
// and the key hint bar.
func (m *Model) bodyHeight() int { return max(m.height-2, 3) }

// View implements tea.Model. It is the only place that builds a tea.View:
// alternate screen always, a fixed window title that never names an entry.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "peerdiary"
	// The mouse stays the terminal's unless the person chose otherwise:
	// taking it would stop text being selected with it. Most terminals
	// still turn the wheel into arrow keys on the alternate screen.
	if m.settings != nil && m.settings.Mouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	v.Cursor = m.cursor()
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
	case m.busy != "" && m.current != screenSupport:
		body = m.viewBusy()
	default:
		body = m.showing().view(m)
	}
	if m.err != "" && m.errorInBody() {
		body += "\n" + m.styles.Error.Render(wrap("! "+m.err, m.textWidth()))
	}
	var b strings.Builder
	if sw := m.screenWidth(); sw < w {
		indent := strings.Repeat(" ", (w-sw)/2)
		b.WriteString(indent + strings.ReplaceAll(m.widths.fitBlock(body, sw, h), "\n", "\n"+indent))
	} else {
		b.WriteString(m.widths.fitBlock(body, w, h))
	}
	b.WriteByte('\n')
	b.WriteString(m.statusWithSupport(w))
	b.WriteByte('\n')
	b.WriteString(ansi.Truncate(m.hintBar(), w, "…"))
	defer m.widths.Frame()
	return m.widths.pad(m.styles.App, b.String())
}

// errorInBody reports that an error is drawn in the body instead of the
// status line: while the diary is locked the only screens are the forms to
// unlock or set it up, and an error goes under the form, where the person
// is typing.
func (m *Model) errorInBody() bool {
	return !m.unlocked && m.busy == "" && !m.showHelp
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

// statusWithSupport is the status line with the support key at its right,
// on every screen, so help is always one key away; a long status is cut to
// make room.
func (m *Model) statusWithSupport(w int) string {
	hint := m.styles.HintBar.Render(supportHint)
	if m.current == screenSupport || w < 2*len(supportHint) {
		return ansi.Truncate(m.statusLine(), w, "…")
	}
	room := w - len(supportHint) - 2
	status := ansi.Truncate(m.statusLine(), room, "…")
	return status + strings.Repeat(" ", w-ansi.StringWidth(status)-len(supportHint)) + hint
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func (m *Model) hintBar() string {
	var km help.KeyMap = m.currentHelp()
	if m.busy != "" && m.current != screenSupport {
		// While something runs, every key but ctrl+c and the support
		// key waits.
		km = helpFor{short: []key.Binding{withHelp(m.keys.Quit, "ctrl+c", "quit")}}
	}
	h := m.help
	h.ShowAll = false
	return h.View(km)
}

func (m *Model) currentHelp() help.KeyMap { return m.showing().hints(m) }

// cursor is where the terminal's cursor goes: where the screen showing
// puts it, moved by the frame's padding and the centring, or hidden.
func (m *Model) cursor() *tea.Cursor {
	cs, ok := m.showing().(cursorScreen)
	if !ok || m.showHelp || m.busy != "" || m.tooSmall() {
		return nil
	}
	c := cs.cursor(m)
	if c == nil {
		return nil
	}
	c.X += 1 // the frame's left padding
	if sw := m.screenWidth(); sw < m.innerWidth() {
		c.X += (m.innerWidth() - sw) / 2
	}
	return c
}

func (m *Model) viewBusy() string {
	return "\n" + m.spinner.View() + " " + m.styles.Working.Render(m.busy)
}

// fitBlock cuts or pads s to exactly h lines, none wider than w cells.
func fitBlock(s string, w, h int) string { return (*widths)(nil).fitBlock(s, w, h) }

// widths measures the lines of a frame, remembering those of the last two
// frames (see cellwidth), since most lines of a screen are the same from
// one key to the next. It holds what was drawn, so the lock clears it.
type widths struct{ cellwidth.Memo }

func (ws *widths) memo() *cellwidth.Memo {
	if ws == nil {
		return nil
	}
	return &ws.Memo
}

func (ws *widths) fitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ws.memo().Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// pad draws s with app, the frame's style, as app.Render(s) does when app
// sets nothing but left and right padding: each line between the padding,
// then padded with spaces to the widest. A probe checks that app is such a
// style; any other is left to lipgloss.
func (ws *widths) pad(app lipgloss.Style, s string) string {
	left, right := app.GetPaddingLeft(), app.GetPaddingRight()
	const probe = "a\n\x1b[1mbold\x1b[m 漢字\n"
	if strings.ContainsAny(s, "\t\r") || app.Render(probe) != padLines(nil, probe, left, right) {
		return app.Render(s)
	}
	return padLines(ws.memo(), s, left, right)
}

func padLines(memo *cellwidth.Memo, s string, left, right int) string {
	lines := strings.Split(s, "\n")
	cells := make([]int, len(lines))
	widest := 0
	for i, l := range lines {
		cells[i] = memo.Width(l)
		widest = max(widest, cells[i])
	}
	var b strings.Builder
	b.Grow(len(s) + len(lines)*(left+right+1))
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat(" ", left))
		b.WriteString(l)
		b.WriteString(strings.Repeat(" ", right+widest-cells[i]))
	}
	return b.String()
}

// wrap word-wraps plain text to w cells.
func wrap(s string, w int) string {
	return lipgloss.NewStyle().Width(max(w, 1)).Render(s)
}
