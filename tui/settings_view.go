package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"peerdiary/diary/prompts"
)

// The settings screen's views: the list of settings, people and
// resources, and the line that asks before a removal.

func (s *settingsScreen) view(m *Model) string {
	st := m.styles
	w := m.textWidth()
	if m.settings == nil {
		return ""
	}
	var b strings.Builder
	switch s.mode {
	case modePeople, modePerson:
		return s.viewPeople(m)
	case modeResources, modePackPath:
		return s.viewResources(m)
	}
	b.WriteString(st.Title.Render("Settings") + "\n\n")
	set := m.settings
	stage := set.StageAt(m.now())
	people := plural(len(set.Supports), "person", "people")
	packs := m.resources
	res := "none yet"
	if len(packs) > 0 {
		res = fmt.Sprintf("%s, %s", plural(len(packs), "pack", "packs"), plural(len(m.allResources()), "resource", "resources"))
	}
	rows := []struct{ label, value, about string }{
		{"Your people", people, "People you can talk to after a hard day. The debrief and the support key (f2) show them."},
		{"Your organisation", res, "Your organisation's resources pack: its support lines and crisis lines, from a file it gives you."},
		{"Stage in the role", stageWords[stage], "Prompts lean towards your stage; prompts for other stages still come."},
		{"Lock after", plural(int(set.IdleLock().Minutes()), "minute", "minutes"), "How long without a key press before the diary locks itself."},
		{"Colours", themeWords[set.Theme], "Dark or light, or match the terminal's background."},
		{"Days in a row", map[bool]string{false: "counted", true: "not counted"}[set.HideStreak], "Whether Today and insights count the days you wrote in a row. Shift work can make a count feel like one more thing to keep up."},
		{"Hard-day prompts", map[bool]string{false: "after a hard shift, or when asked", true: "any day too"}[set.OfferSituational], "Prompts about grief, overdoses and stigma turned inwards come after a hard shift's check-in. Turn this on to have them come as the prompt of the day too."},
		{"Mouse", map[bool]string{false: "left to the terminal", true: "taken by the diary"}[set.Mouse], "Left to the terminal, the mouse selects and copies text as usual. Taken by the diary, clicks and the wheel go to it, and most terminals then select text only with shift held down."},
	}
	labelW := 20
	for i, r := range rows {
		cursor := "  "
		line := fmt.Sprintf("%-*s %s", labelW, r.label, r.value)
		if i == s.row {
			cursor = "› "
			line = st.Selected.Render(line)
		}
		b.WriteString(cursor + line + "\n")
	}
	b.WriteString("\n" + st.Subtle.Render(wrap(rows[s.row].about, w)) + "\n")
	switch s.row {
	case settingsPeople, settingsResources:
		b.WriteString(st.Subtle.Render("enter to open") + "\n")
	default:
		b.WriteString(st.Subtle.Render("←/→ to change; saved at once") + "\n")
	}
	return b.String()
}

func (s *settingsScreen) viewPeople(m *Model) string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	if s.mode == modePerson {
		title := "Add someone to talk to"
		if s.editing != "" {
			title = "Change " + sanitize(s.editing)
		}
		b.WriteString(st.Title.Render(title) + "\n\n")
		labels := []string{"Name", "Contact", "Note"}
		for i, in := range s.inputs {
			label := fmt.Sprintf("%-9s", labels[i])
			if i == s.field {
				label = st.Focused.Render(label)
			} else {
				label = st.Field.Render(label)
			}
			b.WriteString(label + " " + in.View() + "\n")
		}
		box := "[ ]"
		if s.locked {
			box = "[x]"
		}
		line := box + " Show on the lock screen (space)"
		if s.field == personLocked {
			line = st.Focused.Render(line)
		}
		b.WriteString("\n" + line + "\n\n")
		b.WriteString(st.Subtle.Render(wrap("Kept inside the diary, encrypted. The lock screen shows only people marked here, and only after you have unlocked the diary once.", w)) + "\n")
		return b.String()
	}
	b.WriteString(st.Title.Render("Your people") + "\n\n")
	people := m.settings.Supports
	if len(people) == 0 {
		b.WriteString(wrap("No one on your list yet. Press a to add someone you can talk to after a hard day: a peer supervisor, a debrief group, a friend.", w) + "\n")
	}
	for i, p := range people {
		marks := ""
		if p.ShowWhenLocked {
			marks = "  [lock screen]"
		}
		s.writeRow(&b, m, i == s.item, sanitize(prompts.SupportLine(p)), marks, w)
	}
	b.WriteString(s.confirmLine(m, w))
	return b.String()
}

func (s *settingsScreen) viewResources(m *Model) string {
	st := m.styles
	w := m.textWidth()
	var b strings.Builder
	b.WriteString(st.Title.Render("Your organisation's resources") + "\n\n")
	if s.mode == modePackPath {
		b.WriteString(wrap("Where is the pack file? Type its path and press enter. It is checked, then kept inside the diary, encrypted; the file itself is not changed.", w) + "\n\n")
		b.WriteString(s.pathIn.View() + "\n")
		return b.String()
	}
	rows := m.allResources()
	if len(rows) == 0 {
		b.WriteString(wrap("No resources pack yet. Your organisation may give you one: a small file listing its support lines and crisis lines. Press a to add it.", w) + "\n")
	}
	var pack *prompts.ResourcesPack
	for i, r := range rows {
		if r.pack != pack {
			pack = r.pack
			title := pack.Title
			if title == "" {
				title = pack.Name
			}
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(st.Field.Render(sanitize(title)) + "\n")
		}
		marks := ""
		if r.res.Kind == prompts.KindCrisis {
			marks += "  (crisis line)"
		}
		if r.res.ShowWhenLocked {
			marks += "  [lock screen]"
		}
		s.writeRow(&b, m, i == s.item, sanitize(prompts.ResourceLine(r.res)), marks, w)
	}
	b.WriteString(s.confirmLine(m, w))
	return b.String()
}

// writeRow writes one person or resource as a row of the list; a long one
// is cut short before its marks, so whether it shows on the lock screen
// is always in sight.
func (s *settingsScreen) writeRow(b *strings.Builder, m *Model, selected bool, text, marks string, w int) {
	line := ansi.Truncate(text, max(w-2-ansi.StringWidth(marks), 8), "…") + marks
	cursor := "  "
	if selected {
		cursor = "› "
		line = m.styles.Selected.Render(line)
	}
	b.WriteString(cursor + line + "\n")
}

func (s *settingsScreen) confirmLine(m *Model, w int) string {
	if s.confirm == "" {
		return ""
	}
	kind, name, _ := strings.Cut(s.confirm, ":")
	ask := "Take " + sanitize(name) + " off your list?"
	if kind == "pack" {
		ask = "Remove the resources pack " + sanitize(name) + " from the diary?"
	}
	return "\n" + m.styles.Dialog.Render(wrap(ask, w-4)+"\n\n  y  yes\n  n  no") + "\n"
}
