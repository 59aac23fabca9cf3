package tui

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary/prompts"
)

// ReadPacket shows a supervision packet someone sent (peerdiary open)
// full screen, read only, until q or esc, or until it has been left alone
// for idle (0 means the diary's default idle lock, 5 minutes). Like the
// diary it draws on the alternate screen and erases the screen and the
// scrollback when it closes, so nothing of the packet stays on a shared
// computer's terminal. The text is sanitised and rendered as Markdown.
//
// A packet can be hard to read. The support key shows, over it, who the
// reader can turn to: reach, from their own diary when the packet was
// opened with it, or nil when it was opened with a key file, when only
// the emergency line shows.
func ReadPacket(ctx context.Context, markdown string, reach *prompts.Reach, idle time.Duration, cfg Config) error {
	if idle <= 0 {
		idle = 5 * time.Minute
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	out := cfg.Output
	if out == nil {
		out = os.Stdout
	}
	r := &packetReader{text: markdown, reach: reach, dark: true, plain: isPlainEnv(), idle: idle, now: now, last: now(), vp: viewport.New()}
	r.vp.SoftWrap = true
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithoutCatchPanics()}
	if cfg.Input != nil {
		opts = append(opts, tea.WithInput(cfg.Input))
	}
	if cfg.Output != nil {
		opts = append(opts, tea.WithOutput(cfg.Output), tea.WithWindowSize(80, 24))
	}
	if r.plain {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(r, opts...)
	defer func() {
		_, _ = io.WriteString(out, ed3)
	}()
	final, err := p.Run()
	if fr, ok := final.(*packetReader); ok {
		fr.text, fr.rendered = "", ""
		fr.vp.SetContent("")
	}
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	return err
}

// packetReader is the little program ReadPacket runs.
type packetReader struct {
	text          string
	rendered      string
	vp            viewport.Model
	width, height int
	dark, plain   bool
	idle          time.Duration
	now           func() time.Time
	last          time.Time

	// reach is who the reader can turn to, from their diary; nil when the
	// packet was opened with a key file. support is set while the support
	// key's view is showing, scrolled to supportTop.
	reach      *prompts.Reach
	support    bool
	supportTop int
}

type packetRenderedMsg struct {
	width int
	out   string
}

type readerIdleMsg struct{}

func (r *packetReader) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, r.idleTick())
}

func (r *packetReader) idleTick() tea.Cmd {
	return tea.Tick(idleCheckEvery, func(time.Time) tea.Msg { return readerIdleMsg{} })
}

// render turns the Markdown into terminal text for a width, in a command:
// glamour can take a moment with a long packet.
func (r *packetReader) render() tea.Cmd {
	text, w, dark, plain := r.text, min(r.width, readingWidth), r.dark, r.plain
	return safe(func() tea.Msg {
		out, err := renderMarkdown(text, w, dark, plain)
		if err != nil {
			out = sanitize(text)
		}
		return packetRenderedMsg{width: w, out: strings.Trim(out, "\n")}
	})
}

var readerQuit = key.NewBinding(key.WithKeys("q", "esc", "ctrl+c"))

func (r *packetReader) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		r.width, r.height = msg.Width, msg.Height
		r.vp.SetWidth(min(r.width, readingWidth))
		r.vp.SetHeight(max(r.height-2, 1))
		return r, r.render()
	case tea.BackgroundColorMsg:
		r.dark = msg.IsDark()
		return r, r.render()
	case packetRenderedMsg:
		if msg.width == min(r.width, readingWidth) {
			r.rendered = msg.out
			r.vp.SetContent(msg.out)
		}
	case readerIdleMsg:
		if r.now().Sub(r.last) >= r.idle {
			return r, tea.Quit
		}
		return r, r.idleTick()
	case tea.KeyPressMsg:
		r.last = r.now()
		if r.support {
			return r, r.supportKey(msg)
		}
		if key.Matches(msg, supportBinding) {
			r.support, r.supportTop = true, 0
			return r, nil
		}
		if key.Matches(msg, readerQuit) {
			return r, tea.Quit
		}
		switch msg.String() {
		case "g", "home":
			r.vp.GotoTop()
			return r, nil
		case "G", "end":
			r.vp.GotoBottom()
			return r, nil
		case "space":
			r.vp.PageDown()
			return r, nil
		}
		var cmd tea.Cmd
		r.vp, cmd = r.vp.Update(msg)
		return r, cmd
	case tea.MouseWheelMsg:
		r.last = r.now()
		var cmd tea.Cmd
		r.vp, cmd = r.vp.Update(msg)
		return r, cmd
	}
	return r, nil
}

// supportKey handles a key while the support view shows: back to the
// packet, or scroll.
func (r *packetReader) supportKey(msg tea.KeyPressMsg) tea.Cmd {
	_, maxTop := r.supportView()
	switch k := msg.String(); {
	case k == "ctrl+c":
		return tea.Quit
	case k == "esc", k == "q", k == "enter", key.Matches(msg, supportBinding):
		r.support = false
	case k == "up", k == "k":
		r.supportTop = max(r.supportTop-1, 0)
	case k == "down", k == "j":
		r.supportTop = min(r.supportTop+1, maxTop)
	}
	return nil
}

// supportView is who the reader can turn to, drawn as the diary's support
// screen draws it, and how far its list can scroll.
func (r *packetReader) supportView() (string, int) {
	st := newStyles(r.dark, r.plain)
	w := max(min(r.width-2, readingWidth), 20)
	reach, note := prompts.Reach{}, ""
	switch {
	case r.reach == nil:
		note = "This packet was opened with a key file, not your diary, so the people and resources in your diary are not shown here."
	case r.reach.Empty() || len(r.reach.People) == 0 || len(r.reach.Organisation)+len(r.reach.Crisis) == 0:
		reach = *r.reach
		note = "You can add people to talk to, and your organisation's resources pack, in your diary's Settings."
	default:
		reach = *r.reach
	}
	if r.reach == nil {
		reach.Locked = true // no placeholders: there is no list here to fill
	}
	list, pinned := reachBlock(st, w, reach, st.Subtle.Render(wrap(note, w)))
	head := []string{st.Title.Render("Support within reach"), ""}
	v, maxTop := scrolled(st, head, list, pinned, max(r.height-2, 3), r.supportTop)
	return lipgloss.NewStyle().PaddingLeft(1).Render(v), maxTop
}

func (r *packetReader) View() tea.View {
	var b strings.Builder
	head := "Supervision packet · read only, not saved · ↑/↓ scroll · q close · f2 support"
	if r.support {
		head = "Supervision packet · esc back to it · ctrl+c close"
	}
	b.WriteString(ansi.Truncate(head, max(r.width, 1), "…") + "\n")
	switch {
	case r.support:
		v, _ := r.supportView()
		b.WriteString(v)
	case r.rendered == "":
		b.WriteString("Opening…")
	default:
		b.WriteString(r.vp.View())
	}
	v := tea.NewView(fitBlock(b.String(), max(r.width, 1), max(r.height, 1)))
	v.AltScreen = true
	v.WindowTitle = "peerdiary"
	v.MouseMode = tea.MouseModeCellMotion
	return v
}
