package tui

import (
	"hash/fnv"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// libraryPrompts is the prompt of the day from the research-grounded
// library (package prompts): the family and subtheme written about least
// recently, leaning to the worker's stage, never a prompt answered or
// offered within the repeat window, the same all day. Today is pure, so the
// Today screen can ask it while drawing; the diary's rotation state (seed,
// earlier offers with today's, packs) arrives with the diary itself, in the
// createdMsg of the first-run setup and the loadedMsg of an unlock, so from
// the first frame it offers what `peerdiary prompts today` offers.
type libraryPrompts struct {
	lib      *prompts.Library
	seed     uint64
	offers   []prompts.Offer
	settings *diary.Settings
	checkIns []diary.CheckIn
}

// newLibraryPrompts is the built-in library's rotation, seeded by the diary
// folder until the diary's own seed is read.
func newLibraryPrompts(dir string) libraryPrompts {
	h := fnv.New64a()
	h.Write([]byte(dir))
	return libraryPrompts{lib: prompts.Builtin(), seed: h.Sum64()}
}

// Today implements promptSource.
func (l libraryPrompts) Today(now time.Time, history []diary.Summary) (prompt, string) {
	c, err := prompts.PromptOfTheDay(prompts.RotationInput{
		Library: l.lib, History: history, Offers: l.offers, Settings: l.settings, CheckIns: l.checkIns, Now: now, Seed: l.seed,
	})
	if err != nil {
		return builtinPrompts{}.Today(now, history)
	}
	return prompt{ID: c.Prompt.ID, Family: c.Prompt.Family, Subtheme: c.Prompt.Subtheme, Text: c.Prompt.Text}, c.Reason
}

// promptRotationMsg carries the diary's rotation state, with today's offer
// already remembered, and the library with the diary's packs.
type promptRotationMsg struct {
	lib      *prompts.Library
	state    *prompts.RotationState
	checkIns []diary.CheckIn
}

// readRotation reads the diary's packs and rotation state and chooses and
// records today's prompt (prompts.OpenRotation, which the command line's
// prompts.Today agrees with), so it rests for the repeat window whether it
// was seen here or on the command line. It runs inside the command that
// opens the diary. A store without records (the tests' fake) leaves the
// rotation as it is. Failures are not worth an error on screen: the
// rotation still works without its memory.
func readRotation(s diaryStore, catalog []diary.Summary, settings *diary.Settings, now time.Time) *promptRotationMsg {
	rs, ok := s.(prompts.RecordStore)
	if !ok {
		return nil
	}
	var checkIns []diary.CheckIn
	if cs, ok := s.(prompts.CheckInStore); ok {
		checkIns, _ = cs.CheckIns() // without them, no check-back today
	}
	r, err := prompts.OpenRotation(rs, prompts.Day{History: catalog, Settings: settings, CheckIns: checkIns, Now: now})
	if err != nil {
		return nil
	}
	return &promptRotationMsg{lib: r.Library, state: r.State, checkIns: checkIns}
}

// onPromptRotation takes the rotation state in, if the diary is still
// unlocked and the library rotation is in use.
func (m *Model) onPromptRotation(msg promptRotationMsg) {
	lp, ok := m.prompts.(libraryPrompts)
	if !ok || !m.unlocked {
		return
	}
	lp.lib, lp.seed, lp.offers, lp.settings, lp.checkIns = msg.lib, msg.state.Seed, msg.state.Offers, m.settings, msg.checkIns
	m.prompts = lp
}

// forgetPromptRotation drops what the rotation learnt from the diary, on
// lock.
func (m *Model) forgetPromptRotation() {
	if _, ok := m.prompts.(libraryPrompts); ok {
		m.prompts = newLibraryPrompts(m.dir)
	}
}
