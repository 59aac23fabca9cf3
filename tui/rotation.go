package tui

import (
	"hash/fnv"
	"time"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// rotation is the prompt of the day from the prompt library (package
// prompts), the one source of prompts: the family and subtheme written
// about least recently, leaning to the worker's stage, never a prompt
// answered or offered within the repeat window, the same all day. Today is
// pure, so the Today screen can ask it while drawing; the diary's rotation
// state (seed, earlier offers with today's, packs) arrives with the diary
// itself, in the createdMsg of the first-run setup and the loadedMsg of an
// unlock, so from the first frame it offers what `peerdiary prompts today`
// offers.
type rotation struct {
	lib      *prompts.Library
	seed     uint64
	offers   []prompts.Offer
	settings *diary.Settings
	checkIns []diary.CheckIn
}

// newRotation is the built-in library's rotation, seeded by the diary
// folder until the diary's own seed is read.
func newRotation(dir string) rotation {
	h := fnv.New64a()
	h.Write([]byte(dir))
	return rotation{lib: prompts.Builtin(), seed: h.Sum64()}
}

// Today is the prompt of the day and one short line on why it was chosen.
// ok is false only if the library has no prompt to offer at all.
func (r rotation) Today(now time.Time, history []diary.Summary) (p prompts.Prompt, reason string, ok bool) {
	c, err := prompts.PromptOfTheDay(prompts.RotationInput{
		Library: r.lib, History: history, Offers: r.offers, Settings: r.settings, CheckIns: r.checkIns, Now: now, Seed: r.seed,
	})
	if err != nil {
		return prompts.Prompt{}, "", false
	}
	return c.Prompt, c.Reason, true
}

// todayRef is what an entry written on the prompt of the day records of it,
// or nil for a blank page.
func (m *Model) todayRef(history []diary.Summary) *diary.PromptRef {
	if p, _, ok := m.rotation.Today(m.now(), history); ok {
		return p.Ref()
	}
	return nil
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
// unlocked.
func (m *Model) onPromptRotation(msg promptRotationMsg) {
	if !m.unlocked {
		return
	}
	r := &m.rotation
	r.lib, r.seed, r.offers, r.settings, r.checkIns = msg.lib, msg.state.Seed, msg.state.Offers, m.settings, msg.checkIns
}

// forgetPromptRotation drops what the rotation learnt from the diary, on
// lock.
func (m *Model) forgetPromptRotation() { m.rotation = newRotation(m.dir) }
