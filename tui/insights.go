package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary"
	"peerdiary/diary/insights"
	"peerdiary/tui/chart"
)

// insightsBinding opens the insights screen from Today.
var insightsBinding = key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "insights"))

const screenInsights screenID = "insights"

// insightsScreen shows pictures of the writing so far, a page at a time
// (Weeks, Themes, Days). It draws from the catalog already in memory and
// the shift-end check-ins, which it reads when it opens.
type insightsScreen struct {
	page     int
	checkIns []diary.CheckIn // dropped on lock
}

// checkInReader is a store that keeps shift-end check-ins.
type checkInReader interface {
	CheckIns() ([]diary.CheckIn, error)
}

var _ checkInReader = (*diary.Store)(nil)

// insightsCheckInsMsg carries the check-ins read for the insights.
type insightsCheckInsMsg struct{ list []diary.CheckIn }

// open reads the check-ins, whose moods and "something happened" join the
// pictures. Until they arrive, or if they cannot be read, the pictures
// draw from the entries alone.
func (s *insightsScreen) open(m *Model) tea.Cmd {
	cr, ok := m.store.(checkInReader)
	if !ok {
		return nil
	}
	return m.to(screenInsights, safe(func() tea.Msg {
		list, err := cr.CheckIns()
		if err != nil {
			return nil
		}
		return insightsCheckInsMsg{list: list}
	}))
}

// Keys that turn the pages.
var (
	insightsNext = key.NewBinding(key.WithKeys("tab", "right"), key.WithHelp("tab/→", "next page"))
	insightsPrev = key.NewBinding(key.WithKeys("shift+tab", "left"), key.WithHelp("shift+tab/←", "previous page"))
	insightsJump = key.NewBinding(key.WithKeys("1", "2", "3"), key.WithHelp("1–3", "weeks, themes, days"))
)

func (s *insightsScreen) fullWidth() bool { return true }
func (s *insightsScreen) typing() bool    { return false }
func (s *insightsScreen) lock()           { s.page, s.checkIns = 0, nil }

func (s *insightsScreen) hints(m *Model) help.KeyMap { return m.keys.insightsHelp() }

func (s *insightsScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	if ci, ok := msg.(insightsCheckInsMsg); ok {
		s.checkIns = ci.list
		return nil
	}
	msgKey, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := m.keys
	n := len(chart.Pages)
	switch {
	case key.Matches(msgKey, k.Quit):
		return m.quit(false)
	case key.Matches(msgKey, k.Back), key.Matches(msgKey, k.Today), key.Matches(msgKey, insightsBinding):
		return m.show(screenToday)
	case key.Matches(msgKey, k.Browse):
		return m.show(screenBrowse)
	case key.Matches(msgKey, insightsNext):
		s.page = (s.page + 1) % n
	case key.Matches(msgKey, insightsPrev):
		s.page = (s.page + n - 1) % n
	case key.Matches(msgKey, insightsJump):
		s.page = int(msgKey.String()[0]-'1') % n
	}
	return nil
}

// view draws the page showing to fit the body, centred across the
// terminal like the other screens. The pictures hold counts, dates and
// prompts only, never entry text. They are computed afresh on each draw:
// for a diary of a few thousand entries that takes milliseconds (see
// BenchmarkComputeAndRender in tui/chart), and keeping nothing means
// nothing to drop on lock.
func (s *insightsScreen) view(m *Model) string {
	w, h := m.innerWidth(), m.bodyHeight()
	r := insights.Compute(m.catalog, insights.Options{Now: m.now(), Settings: m.settings, CheckIns: s.checkIns, Fit: chart.FitWeeks(w)})
	st := chart.DefaultStyles(m.isDark)
	if m.plain {
		st = chart.PlainStyles()
	}
	// Every page is centred on the widest of them, so turning a page does
	// not shift the pictures sideways.
	widest := 0
	var shown string
	for i, p := range chart.Pages {
		out := chart.RenderPage(r, p, w, h, st)
		widest = max(widest, blockWidth(out))
		if i == s.page {
			shown = out
		}
	}
	return indentBlock(shown, (w-widest)/2)
}

// blockWidth is the width of the widest line of s.
func blockWidth(s string) int {
	widest := 0
	for _, l := range strings.Split(s, "\n") {
		widest = max(widest, ansi.StringWidth(l))
	}
	return widest
}

// indentBlock indents every line of s that is not blank by pad cells.
func indentBlock(s string, pad int) string {
	if pad <= 0 {
		return s
	}
	indent := strings.Repeat(" ", pad)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = indent + l
		}
	}
	return strings.Join(lines, "\n")
}

// insightsHelp is the hint bar on the insights screen.
func (k keyMap) insightsHelp() helpFor {
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))
	short := []key.Binding{back, insightsNext, k.Browse, k.Lock, k.Quit, k.Help}
	return helpFor{short: short, full: [][]key.Binding{{back, insightsNext, insightsPrev, insightsJump, k.Browse}, {k.Lock, k.Quit, k.Help}}}
}
