package research

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// CannotUnsend is what the worker is told, plainly, every time they
// withdraw: the diary cannot reach copies it has already sent.
const CannotUnsend = "peerdiary can't delete copies the study already has. The notice asks the research team to remove them, as far as the study's withdrawal terms allow."

// WithdrawRequest is one withdrawal: from the whole study (Entries empty)
// or from some entries.
type WithdrawRequest struct {
	Study   string
	Entries []string // diary entry ids; empty withdraws from the whole study
	// KeepSent, for a whole-study withdrawal, lets the study keep what it
	// was already sent; otherwise the notice asks for it to be removed.
	KeepSent bool
	Method   string // how the worker withdrew, for the record
}

// WithdrawResult says what a withdrawal did.
type WithdrawResult struct {
	Participation *Participation
	Notice        *Sent // the notice written, or nil when nothing had been sent
	Withdrawn     int   // entries whose consent was withdrawn
	WereSent      int   // of those, how many the study already has
}

// Withdraw withdraws consent. The change is saved in the diary first, so
// exports stop at once even if the notice cannot be written; then the
// signed, encrypted notice is made, recorded in the diary's ledger of
// exports, handed to out, and recorded in the study's record.
// Withdrawing again from a study already withdrawn from writes the notice
// again. A notice is written whenever the study was sent anything it
// should now stop using; when nothing withdrawn was ever sent, there is
// nothing to tell the study and no notice is written.
func Withdraw(s Store, req WithdrawRequest, appVersion string, now time.Time, out Output) (*WithdrawResult, error) {
	p, err := Load(s, req.Study)
	if err != nil {
		return nil, err
	}
	now = now.UTC().Truncate(time.Second)
	res := &WithdrawResult{Participation: p}
	w := &Withdrawal{WithdrawnAt: now, Method: req.Method, RemoveSent: true, Entries: []string{}}
	if len(req.Entries) == 0 {
		w.Scope = ScopeStudy
		w.RemoveSent = !req.KeepSent
		if !p.Withdrawn() {
			p.Consent.Status = StatusWithdrawn
			p.Consent.History = append(p.Consent.History, ConsentEvent{Status: StatusWithdrawn, At: now, Method: req.Method})
			for i := range p.Entries {
				if p.Entries[i].Status() == StatusGranted {
					p.Entries[i].History = append(p.Entries[i].History, EntryEvent{Status: StatusWithdrawn, At: now})
					res.Withdrawn++
				}
			}
		} else {
			w.WithdrawnAt = p.WithdrawnAt()
		}
		for _, ec := range p.Entries {
			if ec.Sent() {
				w.Entries = append(w.Entries, ec.Pseudonym)
			}
		}
	} else {
		w.Scope = ScopeEntries
		if p.Withdrawn() {
			return nil, ErrWithdrawn
		}
		for _, id := range req.Entries {
			ec := p.Entry(id)
			if ec == nil || ec.Status() == "" {
				return nil, fmt.Errorf("%w: %s", ErrNotShared, id)
			}
		}
		for _, id := range req.Entries {
			ec := p.Entry(id)
			if ec.Status() == StatusGranted {
				ec.History = append(ec.History, EntryEvent{Status: StatusWithdrawn, At: now})
				res.Withdrawn++
			}
			if ec.Sent() && !slices.Contains(w.Entries, ec.Pseudonym) {
				w.Entries = append(w.Entries, ec.Pseudonym)
			}
		}
	}
	slices.Sort(w.Entries)
	res.WereSent = len(w.Entries)
	w.Statement = statement(p.card, w)
	if err := p.Save(s); err != nil {
		return nil, err
	}
	if len(w.Entries) == 0 && w.Scope == ScopeEntries {
		return res, nil // nothing sent, nothing to tell the study
	}
	m := p.manifest(KindWithdrawal, appVersion, now)
	m.Consent = p.Consent
	m.Withdrawal = w
	sealed, err := p.seal(m, map[string][]byte{cardName: []byte(p.Card)})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, ec := range p.Entries {
		if slices.Contains(w.Entries, ec.Pseudonym) {
			ids = append(ids, ec.Entry)
		}
	}
	if err := send(s, p, "withdrawal notice", ids, 0, sealed, out, now); err != nil {
		return nil, fmt.Errorf("your consent is withdrawn and nothing more will be sent, but the notice could not be written: %w", err)
	}
	sent := Sent{ID: m.ID, Kind: KindWithdrawal, Sequence: m.Sequence, At: now, SHA256: sha256Hex(sealed), Entries: w.Entries}
	p.Sent = append(p.Sent, sent)
	res.Notice = &p.Sent[len(p.Sent)-1]
	if err := p.Save(s); err != nil {
		return nil, fmt.Errorf("the notice was written, but recording it in the diary failed: %w", err)
	}
	return res, nil
}

// statement is the plain words a notice carries for the research team.
func statement(c *Card, w *Withdrawal) string {
	var b strings.Builder
	if w.Scope == ScopeStudy {
		fmt.Fprintf(&b, "I withdraw my consent to take part in %q (%s). Please send me nothing more and use nothing more I send.", c.Title, c.Study)
		if w.RemoveSent {
			b.WriteString(" Please remove the entries you already have from me, as far as the study's withdrawal terms allow, and confirm when that is done.")
		} else {
			b.WriteString(" You may keep the entries you already have from me, under the terms I agreed to.")
		}
	} else {
		fmt.Fprintf(&b, "I withdraw my consent for %d %s I shared with %q (%s). Please remove %s, as far as the study's withdrawal terms allow, and confirm when that is done.",
			len(w.Entries), pluralWord(len(w.Entries), "entry", "entries"), c.Title, c.Study, pluralWord(len(w.Entries), "it", "them"))
	}
	b.WriteString(" I understand my diary can't delete copies you already hold.")
	return b.String()
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
