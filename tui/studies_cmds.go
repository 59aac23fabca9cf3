package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/research"
)

// Research studies: the commands the Studies screen and the consent panel
// run, and the messages they send back. Like every command they capture
// values, never the model; their messages hold diary text (previews,
// studies' records) and are dropped after a lock (see Model.to).

// studyStore is a store that keeps research studies: *diary.Store is one.
type studyStore = research.Store

var _ studyStore = (*diary.Store)(nil)

// errNoStudies is what a store without studies (a test's) says.
var errNoStudies = errors.New("this diary can't take part in studies")

// studies is the store's research side, or an error.
func studies(s diaryStore) (studyStore, error) {
	if rs, ok := s.(studyStore); ok {
		return rs, nil
	}
	return nil, errNoStudies
}

// studiesMsg: the studies the diary joined.
type studiesMsg struct {
	list     []*research.Participation
	problems int
	err      error
}

func loadStudiesCmd(s diaryStore) tea.Cmd {
	return safe(func() tea.Msg {
		rs, err := studies(s)
		if err != nil {
			return studiesMsg{err: err}
		}
		list, problems, err := research.Studies(rs)
		return studiesMsg{list: list, problems: len(problems), err: err}
	})
}

// consentStateMsg: where one entry stands with each study, with a preview
// of it as each study would receive it.
type consentStateMsg struct {
	entry  string
	states []consentChoice
	listed int // people on the worker's list, all taken out of the previews
	err    error
}

// consentChoice is one study in the consent panel.
type consentChoice struct {
	state   research.EntryState
	preview *research.Entry // nil when the study can't receive it
	review  []string        // words to check before it is sent
	err     error           // the preview failed
}

func consentStateCmd(s diaryStore, e diary.Summary) tea.Cmd {
	return safe(func() tea.Msg {
		rs, err := studies(s)
		if err != nil {
			return consentStateMsg{entry: e.ID, err: err}
		}
		list, _, err := research.Studies(rs)
		if err != nil {
			return consentStateMsg{entry: e.ID, err: err}
		}
		people, err := rs.RedactionList()
		if err != nil {
			return consentStateMsg{entry: e.ID, err: err}
		}
		out := consentStateMsg{entry: e.ID, listed: len(people)}
		for _, p := range list {
			c := consentChoice{state: p.StateOf(&e)}
			if c.state.State != research.StateNotAsked && c.state.State != research.StateStudyLeft {
				c.preview, c.review, c.err = research.PreviewEntry(rs, p.CardInfo().Study, e.ID)
			}
			out.states = append(out.states, c)
		}
		return out
	})
}

// consentChangedMsg: an entry was shared with a study, or stopped.
type consentChangedMsg struct {
	entry  string
	study  string
	shared bool   // now shared
	notice string // where a withdrawal notice was written, if one was
	err    error
}

// toggleConsentCmd shares an entry with a study or stops sharing it. A
// notice path is needed only to withdraw an entry that was sent.
func toggleConsentCmd(s diaryStore, study string, e diary.Summary, noticePath string, now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		var out research.Output
		path := ""
		if noticePath != "" {
			path = expandHome(noticePath)
			out = research.Output{Name: path, Write: func(b []byte) error { return crypto.WriteNewFile(path, b) }}
		}
		rs, err := studies(s)
		if err != nil {
			return consentChangedMsg{entry: e.ID, study: study, err: err}
		}
		res, err := research.Toggle(rs, study, &e, "", "in the full-screen diary", now, out)
		msg := consentChangedMsg{entry: e.ID, study: study, err: err}
		if err == nil {
			msg.shared = res == nil
			if res != nil && res.Notice != nil {
				msg.notice = path
			}
		}
		return msg
	})
}

// planMsg: what an export to a study would send now.
type planMsg struct {
	study string
	plan  *research.Plan
	err   error
}

func planCmd(s diaryStore, study string) tea.Cmd {
	return safe(func() tea.Msg {
		rs, err := studies(s)
		if err != nil {
			return planMsg{study: study, err: err}
		}
		pl, err := research.PlanExport(rs, study)
		return planMsg{study: study, plan: pl, err: err}
	})
}

// exportedMsg: a bundle was written.
type exportedMsg struct {
	study   string
	path    string
	entries int
	err     error
}

func exportCmd(s diaryStore, pl *research.Plan, path string, now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		path := expandHome(path)
		rs, err := studies(s)
		if err != nil {
			return exportedMsg{err: err}
		}
		res, err := research.Export(rs, pl, "", now, research.Output{Name: path, Write: func(b []byte) error { return crypto.WriteNewFile(path, b) }})
		msg := exportedMsg{study: pl.Participation.CardInfo().Study, path: path, err: err}
		if err == nil {
			msg.entries = res.Entries
		}
		return msg
	})
}

// withdrawnMsg: the worker withdrew from a study.
type withdrawnMsg struct {
	study  string
	notice string // where the notice was written, or ""
	err    error
}

func withdrawStudyCmd(s diaryStore, study, path string, now time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		path := expandHome(path)
		rs, err := studies(s)
		if err != nil {
			return withdrawnMsg{study: study, err: err}
		}
		res, err := research.Withdraw(rs, research.WithdrawRequest{Study: study, Method: "in the full-screen diary"}, "", now,
			research.Output{Name: path, Write: func(b []byte) error { return crypto.WriteNewFile(path, b) }})
		msg := withdrawnMsg{study: study, err: err}
		if err == nil && res.Notice != nil {
			msg.notice = path
		}
		return msg
	})
}

// expandHome turns a leading ~/ into the home folder.
func expandHome(path string) string {
	path = strings.TrimSpace(path)
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}

// suggestedPath is where a bundle or notice goes unless the worker types
// another place: their home folder, named for the study and the day.
func suggestedPath(study, what string, now time.Time) string {
	return "~/" + study + "-" + what + "-" + now.Format("2006-01-02") + ".age"
}
