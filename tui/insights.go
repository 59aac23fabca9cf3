package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary/insights"
)

// insightsBinding opens the insights screen from Today.
var insightsBinding = key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "insights"))

// openInsights shows pictures of the writing so far. Everything it draws is
// computed from the catalog already in memory, so it needs no command.
func (m *Model) openInsights() tea.Cmd {
	m.screen = screenInsights
	return nil
}

func (m *Model) insightsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case key.Matches(msg, k.Back), key.Matches(msg, k.Today), key.Matches(msg, insightsBinding):
		m.screen = screenToday
	case key.Matches(msg, k.Browse):
		return m.openBrowse()
	}
	return nil
}

// viewInsights draws the insights to fit the body. The pictures hold counts
// and dates only, never entry text. They are computed afresh on each draw:
// for a diary of a few thousand entries that takes milliseconds (see
// BenchmarkComputeAndRender in diary/insights), and keeping nothing means
// nothing to drop on lock.
func (m *Model) viewInsights() string {
	r := insights.Compute(m.catalog, insights.Options{Now: m.now(), Settings: m.settings})
	st := insights.DefaultStyles(m.isDark)
	if m.plain {
		st = insights.PlainStyles()
	}
	return insights.Render(r, m.innerWidth(), m.bodyHeight(), st)
}

// insightsHelp is the hint bar on the insights screen.
func (k keyMap) insightsHelp() helpFor {
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))
	short := []key.Binding{back, k.Browse, k.Lock, k.Quit, k.Help}
	return helpFor{short: short, full: [][]key.Binding{{back, k.Browse}, {k.Lock, k.Quit, k.Help}}}
}
