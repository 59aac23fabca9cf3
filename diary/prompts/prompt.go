package prompts

import (
	"slices"
	"strings"

	"peerdiary/diary"
)

// Prompt is one reflective prompt.
type Prompt struct {
	// ID is stable: entries record it, and the rotation remembers it, so a
	// prompt's id never changes once published. Built-in ids look like
	// "relationships.trust.1"; a pack's are "<pack>/<id>".
	ID       string
	Family   string      // one of Families
	Subtheme string      // e.g. "first-weeks"
	Stage    diary.Stage // into, through, beyond, or StageAny
	Text     string
	// FollowUps are gentler or deeper questions to keep going with.
	FollowUps []string
	// Pack is the pack it came from, or "" for a built-in prompt.
	Pack string
	// Occasion is when the prompt is offered: any day, or only in a
	// particular situation (see Occasion).
	Occasion Occasion
	// Gentle marks a prompt that suits the evening after a hard shift:
	// short, kind to the writer, asking nothing that has to be relived.
	Gentle bool
	// Concept is the research concept the prompt serves (docs/PROMPTS.md
	// lists them); every built-in prompt names one.
	Concept string
	// Revised says how and why the wording changed since the prompt was
	// first published, or "". The id stays the same.
	Revised string
}

// Occasion is when a prompt may be offered.
type Occasion string

// The occasions.
const (
	// OccasionDaily prompts may be the prompt of the day.
	OccasionDaily Occasion = "daily"
	// OccasionWelcome prompts open a new diary that has nothing in it yet.
	OccasionWelcome Occasion = "welcome"
	// OccasionSituational prompts (grief, after an overdose or a death,
	// stigma turned inwards) are never the unasked prompt of the day. They
	// are offered after a hard shift, when the worker asks, or every day if
	// the worker chose to have them in the rotation.
	OccasionSituational Occasion = "situational"
	// OccasionFollowUp prompts check in a day or two after a hard shift.
	OccasionFollowUp Occasion = "follow-up"
)

// Daily reports whether p is in the daily rotation: a prompt that may be
// the prompt of the day on any ordinary day. The others wait for their
// situation (a hard shift, a new diary, a day or two after a hard shift)
// or for the worker to ask for them.
func (p Prompt) Daily() bool { return p.Occasion == OccasionDaily || p.Occasion == "" }

var occasions = []Occasion{OccasionDaily, OccasionWelcome, OccasionSituational, OccasionFollowUp}

func occasionKnown(o Occasion) bool { return slices.Contains(occasions, o) }

func occasionNames() []string {
	out := make([]string, len(occasions))
	for i, o := range occasions {
		out[i] = string(o)
	}
	return out
}

// Ref is what an entry records of the prompt it answers, text included, so
// the entry still reads well if the library changes.
func (p Prompt) Ref() *diary.PromptRef {
	return &diary.PromptRef{ID: p.ID, Family: p.Family, Subtheme: p.Subtheme, Text: p.Text}
}

// About completes "a prompt about …" for the prompt's subtheme.
func (p Prompt) About() string { return subthemeAbout(p.Family, p.Subtheme) }

// TagsFor is the tags every entry answering p carries: its family and
// "<family>/<subtheme>", so a subtheme shared by two families ("boundaries")
// stays distinct.
func TagsFor(p Prompt) []string { return diary.ThemeTags(p.Family, p.Subtheme) }

// Template is a structured reflection: questions answered one step at a
// time, each answer stored as its own diary.Answer.
type Template struct {
	ID          string // "gibbs"; a pack's are "<pack>/<id>"
	Name        string // "Gibbs' reflective cycle"
	Description string
	// Family and Subtheme, if set, tag entries written with the template.
	Family   string
	Subtheme string
	Steps    []Step
	Pack     string // the pack it came from, or ""
}

// Step is one question of a structured reflection.
type Step struct {
	ID       string // stable within the template, stored with the answer
	Question string
	Hint     string // a line of help shown under the question
	// OffersSupports shows the worker's own list of people to talk to
	// (diary.Settings.Supports) with this step.
	OffersSupports bool
}

// OffersSupports reports whether any step shows the worker's own list of
// people to talk to, so whoever shows the template needs their settings.
func (t Template) OffersSupports() bool {
	for _, s := range t.Steps {
		if s.OffersSupports {
			return true
		}
	}
	return false
}

// Tags are the tags every entry written with the template carries.
func (t Template) Tags() []string {
	return diary.NormalizeTags(append([]string{"reflection"}, diary.ThemeTags(t.Family, t.Subtheme)...))
}

// Library is the built-in prompts and templates plus any packs'. It is
// read-only once made, so it is safe to share.
type Library struct {
	prompts   []Prompt
	templates []Template
}

// NewLibrary is the built-in library with the given packs added. Packs are
// validated by ParsePack, and their ids are namespaced, so they cannot
// collide with built-ins; two packs of the same name are refused.
func NewLibrary(packs ...*Pack) (*Library, error) {
	b := builtin()
	l := &Library{
		prompts:   slices.Clone(b.Prompts),
		templates: slices.Clone(b.Templates),
	}
	seen := map[string]bool{}
	for _, p := range packs {
		if seen[p.Name] {
			return nil, &PackError{File: p.Name, Msg: "a pack of this name is already installed"}
		}
		seen[p.Name] = true
		l.prompts = append(l.prompts, p.Prompts...)
		l.templates = append(l.templates, p.Templates...)
	}
	return l, nil
}

// Builtin is the library without packs.
func Builtin() *Library {
	l, _ := NewLibrary() // cannot fail without packs
	return l
}

// Prompts returns every prompt, built-ins first, in a stable order. The
// slice is a copy.
func (l *Library) Prompts() []Prompt { return slices.Clone(l.prompts) }

// Templates returns every structured reflection template. The slice is a
// copy.
func (l *Library) Templates() []Template { return slices.Clone(l.templates) }

// Lookup finds a prompt by id.
func (l *Library) Lookup(id string) (Prompt, bool) {
	for _, p := range l.prompts {
		if p.ID == id {
			return p, true
		}
	}
	return Prompt{}, false
}

// KeptForAsking is every prompt outside the daily rotation (see
// Prompt.Daily), the packs' included, in library order: grief, the prompts
// for after an overdose or a death, stigma turned inwards, and the others
// that only come in their situation. A worker can always ask for one of
// them by name.
func (l *Library) KeptForAsking() []Prompt {
	var out []Prompt
	for _, p := range l.prompts {
		if !p.Daily() {
			out = append(out, p)
		}
	}
	return out
}

// Template finds a template by id.
func (l *Library) Template(id string) (Template, bool) {
	for _, t := range l.templates {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}

// Answering finds the prompt with the id as a person gives it (any case,
// white space around it) and returns what an entry answering it records
// (Prompt.Ref). It is the one rule for a prompt asked for by id: the
// command line's write --prompt and the full-screen diary's list of
// prompts both go through it.
func (l *Library) Answering(id string) (*diary.PromptRef, bool) {
	p, ok := l.Lookup(strings.ToLower(strings.TrimSpace(id)))
	if !ok {
		return nil, false
	}
	return p.Ref(), true
}

// Lookup finds a built-in prompt by id. Use (*Library).Lookup to include a
// diary's packs.
func Lookup(id string) (Prompt, bool) { return Builtin().Lookup(id) }
