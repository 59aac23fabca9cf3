package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary/insights"
	"peerdiary/tui/chart"
)

// insightsBinding opens the insights screen from Today.
var insightsBinding = key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "insights"))

const screenInsights screenID = "insights"

// insightsScreen shows pictures of the writing so far. Everything it draws
// is computed from the catalog already in memory, so it needs no command
// and holds nothing of its own.
type insightsScreen struct{}

func (s *insightsScreen) fullWidth() bool { return true }
func (s *insightsScreen) typing() bool    { return false }
func (s *insightsScreen) lock()           {}

func (s *insightsScreen) hints(m *Model) help.KeyMap { return m.keys.insightsHelp() }

func (s *insightsScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	msgKey, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := m.keys
	switch {
	case key.Matches(msgKey, k.Quit):
		return m.quit(false)
	case key.Matches(msgKey, k.Back), key.Matches(msgKey, k.Today), key.Matches(msgKey, insightsBinding):
		return m.show(screenToday)
	case key.Matches(msgKey, k.Browse):
		return m.show(screenBrowse)
	}
	return nil
}

// viewInsights draws the insights to fit the body. The pictures hold counts
// and dates only, never entry text. They are computed afresh on each draw:
// for a diary of a few thousand entries that takes milliseconds (see
// BenchmarkComputeAndRender in tui/chart), and keeping nothing means
// nothing to drop on lock.
func (s *insightsScreen) view(m *Model) string {
	r := insights.Compute(m.catalog, insights.Options{Now: m.now(), Settings: m.settings})
	st := chart.DefaultStyles(m.isDark)
	if m.plain {
		st = chart.PlainStyles()
	}
	return chart.Render(r, m.innerWidth(), m.bodyHeight(), st)
}

// insightsHelp is the hint bar on the insights screen.
func (k keyMap) insightsHelp() helpFor {
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))
	short := []key.Binding{back, k.Browse, k.Lock, k.Quit, k.Help}
	return helpFor{short: short, full: [][]key.Binding{{back, k.Browse}, {k.Lock, k.Quit, k.Help}}}
}
