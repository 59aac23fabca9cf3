package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"peerdiary/diary"
)

// browseWith10k is Browse with ten thousand entries loaded and a preview
// showing, as after a few years of daily writing.
func browseWith10k(b *testing.B) Model {
	c := newClock()
	f := newFakeStore(c.Now)
	families := []string{"care", "relationships", "role-friction", "transitions", ""}
	words := strings.Fields("shift client outreach tea supervisor boundary hostel naloxone rota bus night team debrief quiet rain")
	for i := range 10000 {
		var body strings.Builder
		fmt.Fprintf(&body, "Entry %d about the %s\n\n", i, words[i%len(words)])
		for j := range 60 {
			body.WriteString(words[(i*7+j)%len(words)])
			body.WriteByte(' ')
		}
		e := diary.Entry{
			ID:      fmt.Sprintf("e%05d", i),
			Created: fixedNow.Add(-time.Duration(i) * 6 * time.Hour),
			Body:    body.String(),
			Tags:    []string{words[i%len(words)], words[(i+3)%len(words)]},
		}
		if fam := families[i%len(families)]; fam != "" {
			e.Prompt = &diary.PromptRef{ID: "p" + fam, Family: fam, Text: "A prompt about " + fam}
			e.Tags = append(e.Tags, fam)
		}
		e.Tags = diary.NormalizeTags(e.Tags)
		f.entries[e.ID] = e
	}
	m := unlocked(b, newFakeModel(b, f, c, 120, 40), "right passphrase")
	m, cmd := step(b, m, press("b"))
	m, _ = feed[renderedMsg](b, m, cmd)
	return m
}

// BenchmarkBrowseKeypress is one key press in Browse with 10,000 entries:
// Update plus View, as the program does for every key.
func BenchmarkBrowseKeypress(b *testing.B) {
	b.Run("down", func(b *testing.B) {
		m := browseWith10k(b)
		b.ResetTimer()
		for i := range b.N {
			k := press("down")
			if i%2000 >= 1000 {
				k = press("up")
			}
			m, _ = step(b, m, k)
			_ = m.View()
		}
	})
	// Each op of the filter benchmarks is two key presses and a draw after each
	// (type, then backspace), so per key it is half the reported time.
	b.Run("filter-first-key", func(b *testing.B) {
		m := browseWith10k(b)
		m, _ = step(b, m, press("/"))
		b.ResetTimer()
		for range b.N {
			m, _ = step(b, m, press("t"))
			_ = m.View()
			m, _ = step(b, m, press("backspace"))
			_ = m.View()
		}
	})
	b.Run("filter-narrowing-key", func(b *testing.B) {
		m := browseWith10k(b)
		m, _ = step(b, m, press("/"))
		m = typeText(b, m, "tea")
		b.ResetTimer()
		for range b.N {
			m, _ = step(b, m, press(" "))
			m, _ = step(b, m, press("q"))
			_ = m.View()
			m, _ = step(b, m, press("backspace"))
			m, _ = step(b, m, press("backspace"))
			_ = m.View()
		}
	})
}

// BenchmarkWriteKeypress is one key press in the editor, Update plus View
// as the program does for every key, in entries of growing length. The
// keys type a sentence at the end of the entry, with a line break after
// every 300 characters, as a worker writing a paragraph does.
//
// Besides the time, cpu-ns/op is the processor time the whole process
// spent per key (the garbage collector's threads too), which a machine
// shared with other work inflates far less than the elapsed time.
func BenchmarkWriteKeypress(b *testing.B) {
	// The prompt case is a short entry answering the prompt of the day,
	// the commonest thing written.
	prompt := &diary.PromptRef{ID: "p", Family: "care", Text: strings.Repeat("What are you carrying home from this shift that you would like to set down here? ", 3)}
	typed := []rune("I sat with him for a while after the call, and the quiet helped. ")
	for _, tc := range []struct {
		lines  int
		prompt *diary.PromptRef
	}{{50, nil}, {500, nil}, {10000, nil}, {50, prompt}} {
		lines := tc.lines
		name := fmt.Sprintf("%d-lines", lines)
		if tc.prompt != nil {
			name += "-prompt"
		}
		b.Run(name, func(b *testing.B) {
			c := newClock()
			f := newFakeStore(c.Now)
			m := unlocked(b, newFakeModel(b, f, c, 120, 40), "right passphrase")
			body := strings.Repeat("a line of diary text that is long enough to wrap once or twice at this width\n", lines)
			m.startWriting(tc.prompt, &diary.Entry{Body: body}, "")
			m, _ = step(b, m, tea.KeyPressMsg{Code: tea.KeyEnd, Mod: tea.ModCtrl})
			if m.write().ed.LineCount() != lines+1 {
				b.Fatalf("the editor holds %d lines", m.write().ed.LineCount())
			}
			col := 0
			b.ResetTimer()
			cpu := cpuTime()
			for i := range b.N {
				k := tea.KeyPressMsg{Code: tea.KeyEnter}
				if col < 300 {
					r := typed[i%len(typed)]
					k = tea.KeyPressMsg{Code: r, Text: string(r)}
					col++
				} else {
					col = 0
				}
				m, _ = step(b, m, k)
				_ = m.View()
			}
			if cpu >= 0 {
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
