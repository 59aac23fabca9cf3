package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/insights"
	"peerdiary/diary/prompts"
)

// The home screen: the date, the prompt of the day, a line on recent
// writing, and any unsaved writing to take back up.

const screenToday screenID = "today"

// todayScreen draws from the shared state (the catalog, the drafts, the
// prompt of the day); its own is the question before a draft is
// discarded.
type todayScreen struct {
	confirmDiscard bool
	confirmSince   time.Time
}

func (t *todayScreen) typing() bool { return false }
func (t *todayScreen) lock()        { *t = todayScreen{} }

func (t *todayScreen) hints(m *Model) help.KeyMap {
	if t.confirmDiscard {
		return m.keys.confirmHelp()
	}
	return m.keys.todayHelp(len(m.drafts) > 0)
}

func (t *todayScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return t.key(m, msg)
	case anotherMsg:
		m.onAnother(msg)
	}
	return nil
}

func (t *todayScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if t.confirmDiscard {
		if m.now().Sub(t.confirmSince) < dialogGrace {
			return nil
		}
		switch {
		case key.Matches(msg, k.Confirm) && len(m.drafts) > 0:
			t.confirmDiscard = false
			d := m.drafts[0]
			m.drafts = m.drafts[1:]
			return deleteDraftCmd(m.store, d.Name)
		case key.Matches(msg, k.Cancel), key.Matches(msg, k.Confirm):
			t.confirmDiscard = false
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(false)
	case len(m.drafts) > 0 && key.Matches(msg, k.Resume):
		d := m.drafts[0]
		m.drafts = m.drafts[1:]
		return m.resumeFrom(d)
	case len(m.drafts) > 0 && key.Matches(msg, k.Discard):
		// One stray key must not lose writing: ask first.
		t.confirmDiscard = true
		t.confirmSince = m.now()
		return nil
	case key.Matches(msg, k.WritePrompt):
		return m.startWriting(m.todayRef(m.catalog), nil, "")
	case key.Matches(msg, k.WriteBlank):
		return m.startWriting(nil, nil, "")
	case key.Matches(msg, k.Reflect):
		return m.show(screenReflect)
	case key.Matches(msg, choosePromptBinding):
		return m.openPrompts(screenToday)
	case key.Matches(msg, k.Browse):
		return m.show(screenBrowse)
	case key.Matches(msg, insightsBinding):
		return m.show(screenInsights)
	case key.Matches(msg, studiesBinding):
		return m.show(screenStudies)
	case key.Matches(msg, prepBinding):
		return m.show(screenPrep)
	case key.Matches(msg, settingsBinding):
		return m.openSettings(settingsPeople, false)
	case key.Matches(msg, checkInBinding):
		return m.show(screenCheckIn)
	case key.Matches(msg, anotherBinding):
		return m.to(screenToday, anotherCmd(m.store, m.rotationNow()))
	}
	return nil
}

func (t *todayScreen) view(m *Model) string {
	st := m.styles
	w := m.textWidth()
	now := m.now()
	var b strings.Builder
	title := st.Title.Render("peerdiary")
	date := st.Subtle.Render(now.Format("Monday 2 January 2006"))
	gap := max(w-len("peerdiary")-len(now.Format("Monday 2 January 2006")), 1)
	b.WriteString(title + strings.Repeat(" ", gap) + date + "\n\n")

	if p, reason, ok := m.rotation.Today(now, m.catalog); ok {
		b.WriteString(st.Field.Render("Today's prompt ") + st.Badge.Render("["+familyBadge(p.Family)+"]") + "\n")
		b.WriteString(st.Prompt.Render(wrap(sanitize(p.Text), w-2)) + "\n")
		for _, f := range p.FollowUps {
			b.WriteString(st.Subtle.Render(wrap("· "+sanitize(f), w-2)) + "\n")
		}
		b.WriteString(st.Reason.Render(wrap(sanitize(reason), w-2)) + "\n")
		b.WriteString(st.Subtle.Render("w write · a another prompt · p choose a prompt") + "\n\n")
	} else {
		b.WriteString(st.Field.Render("Today") + "\n" + wrap("No prompt today: write about whatever is on your mind, or p to choose a prompt.", w-2) + "\n\n")
	}

	b.WriteString(st.Field.Render("End of shift") + "\n")
	b.WriteString(wrap(checkInLine(m.checkIns, now), w) + "\n\n")

	b.WriteString(st.Field.Render("Recent writing") + "\n")
	b.WriteString(wrap(recentLine(m.catalog, now, insights.StreakOf(m.catalog, now, m.settings)), w) + "\n")

	if len(m.drafts) > 0 {
		d := m.drafts[0]
		more := ""
		if len(m.drafts) > 1 {
			more = fmt.Sprintf(" (and %d more)", len(m.drafts)-1)
		}
		b.WriteString("\n" + st.Badge.Render("Unsaved writing found") + "\n")
		what := fmt.Sprintf("from %s, %d words", d.Saved.Local().Format("Mon 2 Jan 15:04"), d.Entry.Words())
		if d.Entry.Template != "" {
			what = "a reflection, " + sanitize(m.templateName(d.Entry.Template)) + ", " + what
		}
		if t.confirmDiscard {
			ask := "Discard the unsaved writing " + what + "? It can't be brought back."
			b.WriteString(st.Dialog.Render(wrap(ask, w-4)+"\n\n  y  discard it\n  n  keep it") + "\n")
			return b.String()
		}
		line := strings.ToUpper(what[:1]) + what[1:] + more + ". r resume · x discard"
		b.WriteString(wrap(line, w) + "\n")
	}
	return b.String()
}

// recentLine says when the last entry was and how many days in a row.
func recentLine(cat []diary.Summary, now time.Time, st *insights.Streak) string {
	if len(cat) == 0 {
		return "No entries yet. Your first one can be a single sentence."
	}
	last := cat[0].Created
	s := "Last entry " + relativeDay(last, now) + " · "
	if st != nil && st.Current > 1 { // nil: the worker turned the streak off
		s += fmt.Sprintf("%d days in a row · ", st.Current)
	}
	return s + plural(len(cat), "entry", "entries")
}

func relativeDay(t, now time.Time) string {
	days := int(diary.StartOfDay(now.Local()).Sub(diary.StartOfDay(t.Local())).Hours() / 24)
	switch {
	case days <= 0:
		return "today at " + t.Local().Format("15:04")
	case days == 1:
		return "yesterday"
	case days < 7:
		return fmt.Sprintf("%d days ago", days)
	}
	return "on " + t.Local().Format("2 Jan 2006")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// familyBadge names the family of Today's prompt, or "free" for a prompt in
// none.
func familyBadge(id string) string {
	if id == "" {
		return "free"
	}
	return prompts.FamilyLabel(id)
}

// checkInLine says whether, and how, the worker checked in today.
func checkInLine(list []diary.CheckIn, now time.Time) string {
	if len(list) == 0 {
		return "c check in: a minute, a mood and a word for the shift"
	}
	c := list[len(list)-1]
	if !diary.StartOfDay(c.At.In(now.Location())).Equal(diary.StartOfDay(now)) {
		return "c check in: a minute, a mood and a word for the shift"
	}
	s := fmt.Sprintf("Checked in at %s: %s", c.At.In(now.Location()).Format("15:04"), diary.MoodWords[c.Mood])
	if c.Word != "" {
		s += ", \u201c" + sanitize(c.Word) + "\u201d"
	}
	if c.Happened {
		s += ", something happened"
	}
	return s + ". c to check in again"
}
