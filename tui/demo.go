package tui

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// The demo diary: encrypted like any other, in a temporary folder that is
// removed on exit, filled with fictional entries written for peerdiary so a
// newcomer can look around without creating anything. It has what the
// support and supervision screens need too, all of it made up and stored
// like any diary's (encrypted records in the demo's own folder): a few
// people to turn to, two of them marked to show on the lock screen; the
// neutral example resources pack peerdiary ships; a list of people whose
// names exports take out; a supervisor contact with a key made on the spot
// and thrown away; and two entries flagged for supervision.

// demoReadyMsg: the demo diary exists and is unlocked.
type demoReadyMsg struct {
	store      diaryStore
	passphrase []byte
	err        error
}

type sampleEntry struct {
	daysAgo int
	hour    int
	prompt  string // a built-in prompt's id, or "" for free writing
	tags    []string
	mood    int
	body    string
	flag    string // a note for supervision, if the sample is flagged
}

var sampleEntries = []sampleEntry{
	{0, 18, "care.boundaries.1", []string{"sample", "self-care"}, 3,
		"Took my whole lunch break today\n\nFirst time in a week I actually sat down for it. Ate outside on the bench behind the drop-in. It's a small thing, but I noticed I was kinder on the phone afterwards.", ""},
	{1, 21, "relationships.boundaries.2", []string{"sample", "boundaries"}, 2,
		"Someone I used with years ago came in\n\nIt was Danny. I knew him before I knew him as a client, if that makes sense. He wanted me to vouch for him with housing. I said I'd do what I do for everyone, and I did. It still sat heavy on the bus home.\n\n- talk to my supervisor on Thursday\n- remember: fair is not the same as cold",
		"knowing Danny from before: was I fair, or just careful?"},
	{2, 20, "relationships.colleagues.1", []string{"sample", "team"}, 4,
		"Debrief with R. after the busy shift\n\nWe laughed more than we talked, which was what we both needed. R. said *you don't have to carry the whole room*. Writing it down so I remember.", ""},
	{3, 17, "transitions.adapting.1", []string{"sample", "growth"}, 4,
		"Six months in\n\nWhen I started I thought I had to have an answer for everyone. Now I'm better at sitting with people while they work out their own. I sleep better too.", ""},
	{5, 22, "care.hard-days.1", []string{"sample", "hard-day"}, 1,
		"A hard night at outreach\n\nCold, and two people we usually see weren't at the usual spot. Probably nothing. I'm setting it down here so I can stop checking my phone.\n\nTomorrow: ask the morning team.",
		"how to put the phone down after a night like that"},
	{6, 19, "", []string{"sample", "training"}, 3,
		"Naloxone refresher\n\nGood session. Practised the nasal kit with the new starters. One of them asked how I stay calm; I told her the truth: I don't always, but I know what to do with my hands.", ""},
	{8, 18, "care.boundaries.2", []string{"sample", "boundaries"}, 2,
		"Said no to covering another late shift\n\nFelt guilty for an hour, then fine. The rota is not my personal responsibility.", ""},
	{9, 16, "role-friction.org-support.1", []string{"sample", "supervision"}, 4,
		"Supervision went well\n\nM. didn't try to fix anything. She just asked what I needed next week and wrote it down. That felt like being taken seriously.", ""},
	{11, 21, "transitions.confidence.1", []string{"sample", "growth"}, 3,
		"Learning to switch off\n\nI've started a ritual: coat off, kettle on, five minutes of nothing. My partner noticed before I did.", ""},
	{13, 19, "care.hard-days.2", []string{"sample", "self-care"}, 3,
		"Walked the long way home\n\nThrough the park, no headphones. Thought about nothing much.", ""},
	{15, 20, "", []string{"sample", "idea"}, 4,
		"An idea for the drop-in\n\nA shelf of paperbacks by the door, take one leave one. Ask about it at the team meeting.\n\n> people remember being treated like a person", ""},
	{18, 18, "role-friction.systemic.1", []string{"sample", "policy"}, 2,
		"New ID policy at the front desk\n\nI understand why, but I remember being turned away for not having ID. I raised it in the meeting, calmly. Proud of that.", ""},
	{21, 17, "relationships.making-a-difference.1", []string{"sample", "client"}, 5,
		"J. got the keys to her flat\n\nShe hugged everyone, including the security guard. We all pretended not to cry.", ""},
	{25, 19, "transitions.first-weeks.1", []string{"sample", "first-week"}, 3,
		"First week at the drop-in\n\nSo many names to learn. Everyone talks fast. I kept thinking: a few years ago I was on the other side of this counter. Not sure yet if that's a strength or a weight. Maybe both.", ""},
	{27, 20, "transitions.readiness.1", []string{"sample", "nerves"}, 2,
		"Before I start\n\nNervous about Monday. Writing this so future me can look back and see how far I've come.", ""},
}

// demoCmd creates the demo diary in dir with a random passphrase that only
// lives in memory, and writes the sample entries.
func demoCmd(dir string, now func() time.Time) tea.Cmd {
	return safe(func() tea.Msg {
		raw := make([]byte, 24)
		rand.Read(raw)
		pass := []byte(base64.RawStdEncoding.EncodeToString(raw))
		// Each sample is saved at the time it is dated, so none reads as
		// edited today; after the samples the clock is the real one.
		var at atomic.Pointer[time.Time]
		clock := func() time.Time {
			if t := at.Load(); t != nil {
				return *t
			}
			return now()
		}
		defer at.Store(nil)
		s, err := diary.Create(dir, append([]byte(nil), pass...), false, diary.Options{Now: clock})
		if err != nil {
			return demoReadyMsg{err: err}
		}
		today := diary.StartOfDay(now())
		for i, se := range sampleEntries {
			created := today.AddDate(0, 0, -se.daysAgo).Add(time.Duration(se.hour) * time.Hour)
			if created.After(now()) { // today's sample, early in the day
				created = now().Add(-time.Duration(i+1) * time.Minute)
			}
			e := &diary.Entry{
				Created: created,
				Tags:    se.tags,
				Mood:    se.mood,
				Body:    se.body,
			}
			if se.prompt != "" {
				p, ok := prompts.Lookup(se.prompt)
				if !ok {
					s.Close()
					return demoReadyMsg{err: fmt.Errorf("the demo's prompt %s is not in the library", se.prompt)}
				}
				e.Prompt = p.Ref()
			}
			at.Store(&created)
			sum, err := s.Save(e)
			if err != nil {
				s.Close()
				return demoReadyMsg{err: err}
			}
			if se.flag != "" {
				flagged := created.Add(time.Hour) // flagged that evening
				at.Store(&flagged)
				if _, err := s.FlagEntry(sum.ID, se.flag); err != nil {
					s.Close()
					return demoReadyMsg{err: err}
				}
			}
		}
		at.Store(nil)
		if err := demoSupports(s, now()); err != nil {
			s.Close()
			return demoReadyMsg{err: err}
		}
		return demoReadyMsg{store: s, passphrase: pass}
	})
}

// demoPeople are the demo's people to turn to: made up, named as samples
// wherever they show, the lock screen included, and with no numbers. Two
// are marked to show there, as a worker might mark a friend and a mentor.
var demoPeople = []diary.Support{
	{Name: "Sam (sample)", Contact: "a text, any evening", Note: "good for a walk after a late shift", ShowWhenLocked: true},
	{Name: "Kit, peer mentor (sample)", Contact: "the team chat", Note: "weekdays until six", ShowWhenLocked: true},
	{Name: "Ash (sample)", Contact: "a call, any time", Note: "someone outside the work"},
}

// demoSupervisor names the demo's supervisor contact.
const demoSupervisor = "Demo supervisor"

// demoSupports gives the demo diary what the support and supervision
// screens show: the people above, the example resources pack, the name
// the sample entries mention on the list exports take names out by, and a
// supervisor contact whose key is made here and thrown away, so nothing
// exported from the demo can be read by anyone.
func demoSupports(s *diary.Store, now time.Time) error {
	st, err := s.Settings()
	if err != nil {
		return err
	}
	for _, p := range demoPeople {
		if err := st.PutSupport(p); err != nil {
			return err
		}
	}
	if err := s.SaveSettings(st); err != nil {
		return err
	}
	pack, err := prompts.ParseResources("resources-example.toml", prompts.ExampleResources())
	if err != nil {
		return err
	}
	if err := prompts.SaveResources(s, pack); err != nil {
		return err
	}
	if _, err := s.AddPerson(diary.Person{Name: "Danny", As: "Client A"}); err != nil {
		return err
	}
	key, err := crypto.GenerateIdentity(false, now)
	if err != nil {
		return err
	}
	_, err = s.AddContact(demoSupervisor, []crypto.Recipient{key.Recipient()})
	return err
}
