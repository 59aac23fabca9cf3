package diary

import (
	"strings"
	"sync"
	"time"
)

// interner gives the summaries a Load makes their own copies of what they
// keep of their entries, shared where they are the same. An entry's fields
// are parts of one string, its whole plaintext (see ParseEntry), so a
// summary keeping its id, tags or prompt as they are would keep the whole
// entry in memory: 2 KB an entry, which was most of the memory of a first
// open of 100,000 entries. Tags, prompts and time zones repeat from entry
// to entry and are kept once.
type interner struct {
	mu      sync.Mutex
	strs    map[string]string
	prompts map[PromptRef]*PromptRef
	zones   map[int]*time.Location
}

func newInterner() *interner {
	return &interner{strs: map[string]string{}, prompts: map[PromptRef]*PromptRef{}, zones: map[int]*time.Location{}}
}

// str is s, or an equal string already kept. Called with in.mu held.
func (in *interner) str(s string) string {
	if v, ok := in.strs[s]; ok {
		return v
	}
	v := strings.Clone(s)
	in.strs[v] = v
	return v
}

// detach gives sum copies of the strings it shares with its entry.
func (in *interner) detach(sum *Summary) {
	sum.ID = strings.Clone(sum.ID)
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(sum.Tags) > 0 {
		tags := make([]string, len(sum.Tags))
		for i, t := range sum.Tags {
			tags[i] = in.str(t)
		}
		sum.Tags = tags
	}
	if p := sum.Prompt; p != nil {
		q := in.prompts[*p]
		if q == nil {
			q = &PromptRef{ID: in.str(p.ID), Family: in.str(p.Family), Subtheme: in.str(p.Subtheme), Text: in.str(p.Text)}
			in.prompts[*q] = q
		}
		sum.Prompt = q
	}
	sum.Created = in.zone(sum.Created)
	sum.Updated = in.zone(sum.Updated)
}

// zone is t in a shared fixed zone if it is in a fixed zone of its own (as
// time.Parse makes for an offset that is not the local zone's).
func (in *interner) zone(t time.Time) time.Time {
	loc := t.Location()
	if loc == time.UTC || loc == time.Local {
		return t
	}
	name, off := t.Zone()
	if name != "" || loc.String() != "" {
		return t
	}
	z := in.zones[off]
	if z == nil {
		z = time.FixedZone("", off)
		in.zones[off] = z
	}
	return t.In(z)
}
