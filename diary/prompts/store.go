package prompts

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"peerdiary/diary"
)

// RecordStore is the part of *diary.Store this package needs: encrypted
// records, written atomically.
type RecordStore interface {
	WriteRecord(name string, plaintext []byte) error
	ReadRecord(name string) ([]byte, error)
	RemoveRecord(name string) error
	ListRecords(prefix string) ([]string, error)
}

// Record names.
const (
	RotationRecord = "prompt-rotation"
	packPrefix     = "pack-"
	maxOffers      = 400 // more than a year of prompts of the day
)

// RotationState is the rotation's memory, stored encrypted in the diary: a
// seed chosen once per diary, and the prompts of the day already offered.
type RotationState struct {
	Seed   uint64  `yaml:"seed"`
	Offers []Offer `yaml:"offers,omitempty"`
}

// LoadRotation reads the rotation state; a diary without one gets a new
// random seed (saved by SaveRotation).
func LoadRotation(rs RecordStore) (*RotationState, error) {
	plain, err := rs.ReadRecord(RotationRecord)
	if errors.Is(err, fs.ErrNotExist) {
		var b [8]byte
		rand.Read(b[:])
		return &RotationState{Seed: binary.LittleEndian.Uint64(b[:])}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the prompt rotation: %w", err)
	}
	defer clear(plain)
	var st RotationState
	if err := yaml.Unmarshal(plain, &st); err != nil {
		return nil, fmt.Errorf("reading the prompt rotation: %w", err)
	}
	return &st, nil
}

// Remember records the choice as offered on its day, once.
func (st *RotationState) Remember(c Choice) {
	for _, o := range st.Offers {
		if o.Day == c.Day {
			return
		}
	}
	st.add(c)
}

// RememberAnother records a further prompt for its day, which becomes the
// day's prompt from then on.
func (st *RotationState) RememberAnother(c Choice) { st.add(c) }

func (st *RotationState) add(c Choice) {
	st.Offers = append(st.Offers, Offer{Day: c.Day, ID: c.Prompt.ID, Reason: c.Reason, FollowUp: c.FollowUp})
	// Stable, so a day's offers keep their order and the last is the day's.
	slices.SortStableFunc(st.Offers, func(a, b Offer) int { return strings.Compare(a.Day, b.Day) })
	if n := len(st.Offers); n > maxOffers {
		st.Offers = slices.Clone(st.Offers[n-maxOffers:])
	}
}

// SaveRotation writes the rotation state, encrypted and atomically.
func SaveRotation(rs RecordStore, st *RotationState) error {
	plain, err := yaml.Marshal(st)
	if err != nil {
		return err
	}
	defer clear(plain)
	return rs.WriteRecord(RotationRecord, plain)
}

// Day is what, read from a diary, the prompt of the day depends on
// besides the library and the rotation's memory.
type Day struct {
	History  []diary.Summary // the catalog
	Settings *diary.Settings
	CheckIns []diary.CheckIn // oldest first, as diary.Store.CheckIns returns them
	Now      time.Time
}

func (st *RotationState) input(lib *Library, d Day) RotationInput {
	return RotationInput{Library: lib, History: d.History, Offers: st.Offers, Settings: d.Settings, CheckIns: d.CheckIns, Now: d.Now, Seed: st.Seed}
}

// Today chooses the prompt of the day for a diary and remembers it, so it
// stays the same all day and rests for the repeat window afterwards. It is
// what the command line calls; the full-screen diary calls OpenRotation,
// which does the same and keeps what a screen needs to ask again.
func Today(rs RecordStore, lib *Library, d Day) (Choice, error) {
	st, err := LoadRotation(rs)
	if err != nil {
		return Choice{}, err
	}
	return st.today(rs, lib, d)
}

// today chooses the prompt of the day from st and saves it in the diary
// the first time it is chosen that day.
func (st *RotationState) today(rs RecordStore, lib *Library, d Day) (Choice, error) {
	c, err := PromptOfTheDay(st.input(lib, d))
	if err != nil {
		return Choice{}, err
	}
	before := len(st.Offers)
	st.Remember(c)
	if len(st.Offers) != before {
		if err := SaveRotation(rs, st); err != nil {
			return Choice{}, fmt.Errorf("remembering today's prompt: %w", err)
		}
	}
	return c, nil
}

// Another offers a different prompt for today and remembers it, so it is
// the day's prompt from then on, here and on the command line (see
// AnotherPrompt). After a hard shift's check-in it is a gentle one. The
// caller puts aside a check-back the worker passed over: if the prompt it
// replaces had a FollowUp, diary.Store.MarkFollowedUp, then read the
// check-ins again before calling.
func Another(rs RecordStore, lib *Library, d Day) (Choice, *RotationState, error) {
	st, err := LoadRotation(rs)
	if err != nil {
		return Choice{}, nil, err
	}
	c, err := st.Another(rs, lib, d)
	return c, st, err
}

// CheckInStore is the part of *diary.Store that putting a check-back aside
// needs: its records and its check-ins.
type CheckInStore interface {
	RecordStore
	CheckIns() ([]diary.CheckIn, error)
	MarkFollowedUp(at, when time.Time) error
}

// AnotherToday is what "another prompt" does, on the command line and the
// Today screen alike: if today's prompt is a check-back after a hard shift,
// it is put aside (the worker passed over it, and it is not offered again),
// then another prompt is offered and remembered for the day. d.CheckIns
// is read again from s when a check-back was put aside.
func AnotherToday(s CheckInStore, lib *Library, d Day) (Choice, *RotationState, error) {
	st, err := LoadRotation(s)
	if err != nil {
		return Choice{}, nil, err
	}
	cur, err := PromptOfTheDay(st.input(lib, d))
	if err != nil {
		return Choice{}, nil, err
	}
	if !cur.FollowUp.IsZero() {
		if err := s.MarkFollowedUp(cur.FollowUp, d.Now); err != nil {
			return Choice{}, nil, err
		}
		if d.CheckIns, err = s.CheckIns(); err != nil {
			return Choice{}, nil, err
		}
	}
	c, err := st.Another(s, lib, d)
	return c, st, err
}

// Another is the package's Another with the rotation state already read.
func (st *RotationState) Another(rs RecordStore, lib *Library, d Day) (Choice, error) {
	c, err := AnotherPrompt(st.input(lib, d))
	if err != nil {
		return Choice{}, err
	}
	st.RememberAnother(c)
	if err := SaveRotation(rs, st); err != nil {
		return Choice{}, fmt.Errorf("remembering today's prompt: %w", err)
	}
	return c, nil
}

// Rotation is a diary's prompt of the day as a screen keeps it: the
// library with the diary's packs, the rotation's memory with today's offer
// in it, and today's choice.
type Rotation struct {
	Library  *Library
	State    *RotationState
	Today    Choice
	Problems []error // packs that could not be read, and were left out
}

// OpenRotation reads the diary's packs and rotation state, and chooses and
// remembers today's prompt exactly as Today does, so the full-screen diary
// and the command line offer the same prompt all day: after the first-run
// setup, after a restart, and in `peerdiary prompts today`.
func OpenRotation(rs RecordStore, d Day) (*Rotation, error) {
	lib, problems, err := LoadLibrary(rs)
	if err != nil {
		return nil, err
	}
	st, err := LoadRotation(rs)
	if err != nil {
		return nil, err
	}
	c, err := st.today(rs, lib, d)
	if err != nil {
		return nil, err
	}
	return &Rotation{Library: lib, State: st, Today: c, Problems: problems}, nil
}

// SavePack stores a validated pack in the diary, encrypted, replacing an
// earlier version of the same pack.
func SavePack(rs RecordStore, p *Pack) error {
	plain, err := p.Canonical()
	if err != nil {
		return err
	}
	defer clear(plain)
	return rs.WriteRecord(packPrefix+p.Name, plain)
}

// RemovePack deletes a stored pack. Entries written with its prompts keep
// the prompt text they recorded.
func RemovePack(rs RecordStore, name string) error {
	if !packNamePattern.MatchString(name) {
		return fmt.Errorf("%q is not a pack name", name)
	}
	return rs.RemoveRecord(packPrefix + name)
}

// LoadPacks reads every stored pack. A pack that no longer reads (damaged,
// or from a newer peerdiary) is skipped and reported in problems, so one bad
// pack never hides the built-in prompts or the other packs.
func LoadPacks(rs RecordStore) (packs []*Pack, problems []error, err error) {
	names, err := rs.ListRecords(packPrefix)
	if err != nil {
		return nil, nil, fmt.Errorf("listing prompt packs: %w", err)
	}
	for _, name := range names {
		plain, err := rs.ReadRecord(name)
		if err != nil {
			problems = append(problems, fmt.Errorf("prompt pack %s: %w", name[len(packPrefix):], err))
			continue
		}
		p, err := ParsePack(name+".yaml", plain)
		clear(plain)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		packs = append(packs, p)
	}
	return packs, problems, nil
}

// LoadLibrary is the built-in library plus the diary's packs.
func LoadLibrary(rs RecordStore) (*Library, []error, error) {
	packs, problems, err := LoadPacks(rs)
	if err != nil {
		return nil, nil, err
	}
	lib, err := NewLibrary(packs...)
	return lib, problems, err
}
