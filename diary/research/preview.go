package research

import (
	"errors"
	"fmt"
	"time"

	"peerdiary/diary"
)

// Consent states of one entry with one study, as screens show them.
const (
	StateNotShared     = "not shared"
	StateWaiting       = "shared, not sent yet"
	StateSent          = "sent"
	StateWithdrawn     = "withdrawn" // never sent
	StateWithdrawnSent = "withdrawn, had been sent"
	StateNotAsked      = "not asked for" // outside the card's scope
	StateStudyLeft     = "you withdrew from the study"
)

// EntryState is where one entry stands with one study.
type EntryState struct {
	Study     string
	Title     string
	State     string // one of the State… words
	Why       string // for StateNotAsked: what the card asks for
	Pseudonym string // once shared
}

// Shared reports whether the entry is shared now (sent or not).
func (st EntryState) Shared() bool { return st.State == StateWaiting || st.State == StateSent }

// StateOf says where an entry stands with the study.
func (p *Participation) StateOf(e *diary.Summary) EntryState {
	st := EntryState{Study: p.card.Study, Title: p.card.Title, State: StateNotShared}
	ec := p.Entry(e.ID)
	if ec != nil {
		st.Pseudonym = ec.Pseudonym
		switch {
		case ec.Status() == StatusGranted && ec.Sent():
			st.State = StateSent
		case ec.Status() == StatusGranted:
			st.State = StateWaiting
		case ec.Status() == StatusWithdrawn && ec.Sent():
			st.State = StateWithdrawnSent
		case ec.Status() == StatusWithdrawn:
			st.State = StateWithdrawn
		}
	}
	if p.Withdrawn() {
		if st.State != StateWithdrawnSent {
			st.State = StateStudyLeft
		}
		return st
	}
	if !st.Shared() && st.State != StateWithdrawnSent {
		if ok, why := p.card.Eligible(e); !ok {
			st.State, st.Why = StateNotAsked, why
		}
	}
	return st
}

// PreviewEntry is one entry exactly as the study would receive it if it
// were sent now, and the words the worker should check (capitalised, not
// on the people list). Nothing is recorded; an entry not shared yet shows
// with a placeholder pseudonym.
func PreviewEntry(s Store, study, id string) (*Entry, []string, error) {
	p, err := Load(s, study)
	if err != nil {
		return nil, nil, err
	}
	people, err := s.RedactionList()
	if err != nil {
		return nil, nil, err
	}
	e, err := s.Get(id)
	if err != nil {
		return nil, nil, err
	}
	settings, err := s.Settings()
	if err != nil {
		return nil, nil, err
	}
	checkIns, err := s.CheckIns()
	if err != nil {
		return nil, nil, err
	}
	d, err := newDeidentifier(p, people)
	if err != nil {
		return nil, nil, err
	}
	ec := p.Entry(id)
	if ec == nil {
		ec = &EntryConsent{Entry: id, Pseudonym: "E-········"}
	}
	out, review, err := d.entry(e, ec, p.card, settings.StageAt(e.Created), checkInFor(checkIns, e))
	if err != nil {
		return nil, nil, err
	}
	return out, review, nil
}

// Toggle shares an entry with a study, or stops sharing it. Stopping an
// entry that was already sent is a withdrawal with a notice: out is
// given the notice, and must be set; for an entry not sent yet
// nothing leaves the diary and out is not used.
func Toggle(s Store, study string, e *diary.Summary, appVersion, method string, now time.Time, out Output) (*WithdrawResult, error) {
	p, err := Load(s, study)
	if err != nil {
		return nil, err
	}
	st := p.StateOf(e)
	switch st.State {
	case StateNotShared, StateWithdrawn:
		if err := p.Grant([]diary.Summary{*e}, now); err != nil {
			return nil, err
		}
		return nil, p.Save(s)
	case StateWaiting, StateSent:
		if st.State == StateSent && out.Write == nil {
			return nil, errors.New("a notice is needed to withdraw an entry that was sent")
		}
		return Withdraw(s, WithdrawRequest{Study: study, Entries: []string{e.ID}, Method: method}, appVersion, now, out)
	case StateNotAsked:
		return nil, fmt.Errorf("%w: %s", ErrNotEligible, st.Why)
	case StateStudyLeft:
		return nil, ErrWithdrawn
	}
	return nil, fmt.Errorf("%w: entry %s", ErrAlreadySent, e.ID)
}
