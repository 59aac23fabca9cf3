package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// Choosing a prompt: the prompts that never come unasked as the prompt of
// the day (grief, after an overdose or a death, stigma turned inwards,
// the welcome and check-back prompts, and any a pack keeps aside) listed
// by family, so that after a hard day a worker can take one without
// knowing its id. tab shows every prompt instead. Choosing one opens the
// editor on it as `peerdiary write --prompt ID` does; nothing is stored
// until the entry is saved, and esc goes back with nothing changed.

const screenPrompts screenID = "prompts"

var (
	choosePromptBinding = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "choose a prompt"))
	everyPromptBinding  = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "every prompt"))
)

// promptsScreen is the list. Pack prompts are diary content (packs are
// stored encrypted), so a lock drops the list.
type promptsScreen struct {
	all    bool             // every prompt, not only those kept for asking
	list   []prompts.Prompt // grouped by family, in the families' order
	cursor int
	from   screenID // where esc goes back to
}

func (s *promptsScreen) typing() bool { return false }
func (s *promptsScreen) lock()        { *s = promptsScreen{} }

// openPrompts shows the list over the screen from, which esc goes back to.
func (m *Model) openPrompts(from screenID) tea.Cmd {
	s := m.screens[screenPrompts].(*promptsScreen)
	*s = promptsScreen{from: from}
	s.fill(m)
	m.current = screenPrompts
	m.err = ""
	return nil
}

// fill takes the prompts from the library as it is now: the diary's packs
// are in it once the diary is open.
func (s *promptsScreen) fill(m *Model) {
	lib := m.library()
	list := lib.KeptForAsking()
	if s.all {
		list = lib.Prompts()
	}
	s.list = byFamily(list)
	s.cursor = 0
}

// byFamily orders prompts by family, in the family table's order, with a
// pack's prompts of a family the table does not know after them; within a
// family the library's order stays.
func byFamily(list []prompts.Prompt) []prompts.Prompt {
	rank := func(id string) int {
		if i := slices.IndexFunc(prompts.Families, func(f prompts.Family) bool { return f.ID == id }); i >= 0 {
			return i
		}
		return len(prompts.Families)
	}
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b prompts.Prompt) int {
		return cmp.Or(cmp.Compare(rank(a.Family), rank(b.Family)), cmp.Compare(a.Family, b.Family))
	})
	return out
}

func (s *promptsScreen) hints(m *Model) help.KeyMap {
	k := m.keys
	write := withHelp(k.Open, "enter", "write")
	pick := withHelp(k.Down, "↑/↓", "choose")
	back := withHelp(k.Back, "esc", "back")
	toggle := everyPromptBinding
	if s.all {
		toggle = withHelp(everyPromptBinding, "tab", "fewer prompts")
	}
	return helpFor{
		short: []key.Binding{write, pick, toggle, back, k.Lock, k.Help},
		full: [][]key.Binding{
			{pick, k.PageUp, k.PageDn, k.Top, k.Bottom},
			{write, toggle, back},
			{supportBinding, k.Lock, k.Quit, k.Help},
		},
	}
}

func (s *promptsScreen) update(m *Model, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return s.key(m, msg)
	}
	return nil
}

// pageItems is how far page up and page down move.
const pageItems = 5

func (s *promptsScreen) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	last := max(len(s.list)-1, 0)
	switch {
	case msg.String() == "ctrl+c":
		return m.quit(false)
	case key.Matches(msg, k.Back):
		back := s.from
		if back == "" {
			back = screenToday
		}
		*s = promptsScreen{}
		m.current = back // as it was: nothing is set up again
		return nil
	case key.Matches(msg, everyPromptBinding):
		s.all = !s.all
		s.fill(m)
	case key.Matches(msg, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, k.Down):
		s.cursor = min(s.cursor+1, last)
	case key.Matches(msg, k.PageUp):
		s.cursor = max(s.cursor-pageItems, 0)
	case key.Matches(msg, k.PageDn):
		s.cursor = min(s.cursor+pageItems, last)
	case key.Matches(msg, k.Top):
		s.cursor = 0
	case key.Matches(msg, k.Bottom):
		s.cursor = last
	case key.Matches(msg, k.Open), msg.String() == "w":
		if s.cursor >= len(s.list) {
			return nil
		}
		ref, ok := m.library().Answering(s.list[s.cursor].ID)
		if !ok {
			return nil
		}
		*s = promptsScreen{}
		// Exactly as `peerdiary write --prompt ID` opens the editor.
		return m.startNewEntry(NewEntry{Entry: diary.Entry{Prompt: ref}})
	}
	return nil
}

func (s *promptsScreen) view(m *Model) string {
	st := m.styles
	w := m.textWidth()
	title := "Choose a prompt"
	intro := "Some prompts wait until you ask for them: for a hard day, for grief, for after an overdose or another emergency. Take one if it fits, or none."
	if s.all {
		title = "Every prompt"
		intro = "All the prompts, by family. Take whichever fits."
	}
	var head strings.Builder
	count := ""
	if len(s.list) > 0 {
		count = fmt.Sprintf("%d of %d", s.cursor+1, len(s.list))
	}
	gap := max(w-len(title)-len(count), 1)
	head.WriteString(st.Title.Render(title) + strings.Repeat(" ", gap) + st.Subtle.Render(count) + "\n")
	head.WriteString(st.Subtle.Render(wrap(intro, w)) + "\n\n")
	if len(s.list) == 0 {
		head.WriteString(wrap("No prompts are kept aside for asking in this diary. tab shows every prompt.", w) + "\n")
		return head.String()
	}

	// The list, line by line: where each prompt starts, which family
	// header each line is under, and where the prompt under the cursor is.
	var lines, headers []string
	var starts []int
	under := []int{} // per line, the index in headers of its family
	curFirst, curLast := 0, 0
	family := ""
	for i, p := range s.list {
		if i == 0 || p.Family != family {
			family = p.Family
			if i > 0 {
				lines = append(lines, "")
				under = append(under, len(headers)-1)
			}
			line := st.Field.Render(sanitize(capitalise(prompts.FamilyLabel(p.Family))))
			if f, ok := prompts.FindFamily(p.Family); ok {
				line += st.Subtle.Render(" · " + f.About)
			}
			headers = append(headers, ansiTruncate(line, w))
			lines = append(lines, headers[len(headers)-1])
			under = append(under, -1) // a header needs no other above it
		}
		text := sanitize(p.Text)
		if p.Pack != "" {
			text += " (from " + sanitize(p.Pack) + ")"
		}
		rows := strings.Split(wrap(text, w-2), "\n")
		starts = append(starts, len(lines))
		if i == s.cursor {
			curFirst = len(lines)
		}
		for j, r := range rows {
			lead := "  "
			if j == 0 && i == s.cursor {
				lead = "› "
			}
			r = lead + strings.TrimRight(r, " ")
			if i == s.cursor {
				r = st.Selected.Render(r)
			}
			lines = append(lines, r)
			under = append(under, len(headers)-1)
		}
		if i == s.cursor {
			curLast = len(lines) - 1
		}
	}

	// Where the list is longer than the screen, scroll so the prompt under
	// the cursor shows whole, about a third of the way down, starting at a
	// prompt's first line, with its family's header kept above it.
	avail := max(m.bodyHeight()-strings.Count(head.String(), "\n"), 2)
	if len(lines) <= avail {
		return head.String() + strings.Join(lines, "\n") + "\n"
	}
	avail-- // the family's header, kept in sight
	top := min(max(curFirst-avail/3, 0), len(lines)-avail)
	if i, ok := slices.BinarySearch(starts, top); !ok && i < len(starts) && starts[i] <= curFirst {
		top = starts[i] // not half a prompt at the top
	}
	if curLast >= top+avail {
		top = curLast - avail + 1
	}
	var out []string
	if h := under[top]; h >= 0 {
		out = append(out, headers[h])
	} else {
		avail++ // the list starts with a header of its own
	}
	out = append(out, lines[top:min(top+avail, len(lines))]...)
	return head.String() + strings.Join(out, "\n") + "\n"
}
