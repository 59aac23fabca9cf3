package tui

import (
	"slices"

	"peerdiary/diary"
	"peerdiary/diary/redact"
)

// fakeSupervision is the fake store's people, contacts, flags and ledger.
type fakeSupervision struct {
	people   []diary.Person
	contacts []diary.Contact
	flags    []diary.Flag
	ledger   []diary.ExportRecord
}

func (f *fakeStore) locked() error {
	if !f.unlocked {
		return diary.ErrLocked
	}
	return nil
}

func (f *fakeStore) People() ([]diary.Person, error) {
	f.count("People")
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sup.people), f.locked()
}

// RedactionList is the fake's people as every export takes them out.
func (f *fakeStore) RedactionList() ([]redact.Person, error) {
	f.count("RedactionList")
	f.mu.Lock()
	defer f.mu.Unlock()
	var list []redact.Person
	for _, p := range f.sup.people {
		list = append(list, redact.Person{Name: p.Name, Aliases: p.Aliases, As: p.As})
	}
	return list, f.locked()
}

func (f *fakeStore) Flags() ([]diary.Flag, error) {
	f.count("Flags")
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sup.flags), f.locked()
}

func (f *fakeStore) FlagEntry(id, note string) (diary.Flag, error) {
	f.count("FlagEntry")
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.locked(); err != nil {
		return diary.Flag{}, err
	}
	for i := range f.sup.flags { // as the diary does: a flag set again keeps its time
		if f.sup.flags[i].ID == id {
			f.sup.flags[i].Note = note
			return f.sup.flags[i], nil
		}
	}
	fl := diary.Flag{ID: id, Note: note, At: f.now()}
	f.sup.flags = append(f.sup.flags, fl)
	return fl, nil
}

func (f *fakeStore) UnflagEntry(id string) error {
	f.count("UnflagEntry")
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.locked(); err != nil {
		return err
	}
	n := len(f.sup.flags)
	f.sup.flags = slices.DeleteFunc(f.sup.flags, func(fl diary.Flag) bool { return fl.ID == id })
	if len(f.sup.flags) == n {
		return diary.ErrNotFlagged
	}
	return nil
}

func (f *fakeStore) Contacts() ([]diary.Contact, error) {
	f.count("Contacts")
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sup.contacts), f.locked()
}

func (f *fakeStore) Ledger() ([]diary.ExportRecord, error) {
	f.count("Ledger")
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sup.ledger), f.locked()
}

func (f *fakeStore) RecordExport(r diary.ExportRecord) error {
	f.count("RecordExport")
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.locked(); err != nil {
		return err
	}
	f.sup.ledger = append(f.sup.ledger, r)
	return nil
}

func (f *fakeStore) ForgetExport(id string) error {
	f.count("ForgetExport")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sup.ledger = slices.DeleteFunc(f.sup.ledger, func(r diary.ExportRecord) bool { return r.ID == id })
	return nil
}
