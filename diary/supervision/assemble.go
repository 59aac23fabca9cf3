package supervision

import (
	"fmt"
	"slices"

	"peerdiary/diary"
)

// Selection is how a worker chose entries: by id, or by a filter and
// whether they are flagged.
type Selection struct {
	IDs     []string     // ids or unique starts of ids
	Filter  diary.Filter // used when IDs is empty
	Flagged bool         // only flagged entries (with the filter)
}

// Resolver turns an id prefix into a full id.
type Resolver interface {
	Resolve(prefix string) (string, error)
}

// Select returns the ids of the chosen entries, oldest first, without
// repeats. Choosing nothing at all is an error, so an export never goes out
// empty.
func Select(r Resolver, catalog []diary.Summary, flags []diary.Flag, sel Selection) ([]string, error) {
	var ids []string
	if len(sel.IDs) > 0 {
		if sel.Flagged {
			return nil, fmt.Errorf("%w: choose entries by id or by --flagged and filters, not both", ErrBadRequest)
		}
		for _, p := range sel.IDs {
			id, err := r.Resolve(p)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	} else {
		flagged := map[string]bool{}
		for _, f := range flags {
			flagged[f.ID] = true
		}
		for _, e := range sel.Filter.Apply(catalog) {
			if !sel.Flagged || flagged[e.ID] {
				ids = append(ids, e.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil, ErrNothingChosen
	}
	created := map[string]diary.Summary{}
	for _, e := range catalog {
		created[e.ID] = e
	}
	slices.SortStableFunc(ids, func(a, b string) int { return created[a].Created.Compare(created[b].Created) })
	return ids, nil
}

// Source is what Assemble reads from a diary.
type Source interface {
	Get(id string) (*diary.Entry, error)
	People() ([]diary.Person, error)
	Flags() ([]diary.Flag, error)
}

// Assemble reads the chosen entries, the redaction list and the flags from
// the diary and builds the packet. req's Entries, People and Flags are
// filled in here; the rest is the worker's choice.
func Assemble(d Source, ids []string, req Request) (*Packet, error) {
	var err error
	if req.People, err = d.People(); err != nil {
		return nil, err
	}
	if req.Flags, err = d.Flags(); err != nil {
		return nil, err
	}
	req.Entries = nil
	for _, id := range ids {
		e, err := d.Get(id)
		if err != nil {
			return nil, err
		}
		req.Entries = append(req.Entries, e)
	}
	return Build(req)
}
