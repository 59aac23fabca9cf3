package prompts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"peerdiary/diary"
)

// Limits on a pack file. A pack comes from outside the diary (an email, a
// USB stick), so everything about it is bounded.
const (
	MaxPackSize      = 256 << 10
	maxPackPrompts   = 500
	maxPackTemplates = 50
	maxSteps         = 12
	maxFollowUps     = 5
	maxTextLen       = 600 // characters, for prompt text, questions and hints
	maxShortLen      = 80  // characters, for names and titles
)

// Pack is a validated prompt pack: prompts and templates an organisation
// adds to the library. Its prompts' and templates' ids are namespaced as
// "<Name>/<id>".
type Pack struct {
	Name        string // lower-case slug; the record is "pack-<Name>"
	Title       string
	Description string
	Prompts     []Prompt
	Templates   []Template
}

// PackError is a problem with a pack file, with the line it is on when that
// is known.
type PackError struct {
	File string
	Line int // 0 if unknown
	Msg  string
}

func (e *PackError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// ErrBadPack is matched by every PackError (errors.Is).
var ErrBadPack = errors.New("not a valid prompt pack")

// Is makes errors.Is(err, ErrBadPack) true for a PackError.
func (e *PackError) Is(target error) bool { return target == ErrBadPack }

// packFile is a pack file as written; both formats decode into it.
type packFile struct {
	Pack        string         `yaml:"pack,omitempty" toml:"pack"`
	Title       string         `yaml:"title,omitempty" toml:"title"`
	Description string         `yaml:"description,omitempty" toml:"description"`
	Prompts     []promptFile   `yaml:"prompts,omitempty" toml:"prompts"`
	Templates   []templateFile `yaml:"templates,omitempty" toml:"templates"`
}

type promptFile struct {
	ID        string   `yaml:"id" toml:"id"`
	Family    string   `yaml:"family" toml:"family"`
	Subtheme  string   `yaml:"subtheme" toml:"subtheme"`
	Stage     string   `yaml:"stage,omitempty" toml:"stage"`
	Text      string   `yaml:"text" toml:"text"`
	FollowUps []string `yaml:"follow_ups,omitempty" toml:"follow_ups"`
	Occasion  string   `yaml:"occasion,omitempty" toml:"occasion"`
	Gentle    bool     `yaml:"gentle,omitempty" toml:"gentle"`
	Concept   string   `yaml:"concept,omitempty" toml:"concept"`
	Revised   string   `yaml:"revised,omitempty" toml:"revised"`
}

type templateFile struct {
	ID          string     `yaml:"id" toml:"id"`
	Name        string     `yaml:"name" toml:"name"`
	Description string     `yaml:"description,omitempty" toml:"description"`
	Family      string     `yaml:"family,omitempty" toml:"family"`
	Subtheme    string     `yaml:"subtheme,omitempty" toml:"subtheme"`
	Steps       []stepFile `yaml:"steps" toml:"steps"`
}

type stepFile struct {
	ID       string `yaml:"id" toml:"id"`
	Question string `yaml:"question" toml:"question"`
	Hint     string `yaml:"hint,omitempty" toml:"hint"`
	Supports bool   `yaml:"supports,omitempty" toml:"supports"`
}

var (
	packNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
	itemIDPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{0,63}$`)
	slugPattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,47}$`)
)

// ParsePack reads a pack file: TOML if name ends in .toml, YAML if it ends
// in .yaml or .yml. Every problem is a *PackError naming the file, the line
// where it can be found, and the field; unknown fields are errors, so a typo
// is not silently ignored.
func ParsePack(name string, data []byte) (*Pack, error) {
	file, isTOML, err := fileFormat(name)
	if err != nil {
		return nil, err
	}
	pf, loc, err := decodeFile[packFile](file, data, isTOML)
	if err != nil {
		return nil, err
	}
	return validatePack(file, pf, loc, false)
}

// fileFormat is the name to quote in errors and whether the file is TOML
// (by its extension) or YAML.
func fileFormat(name string) (file string, isTOML bool, err error) {
	file = displayName(filepath.Base(name))
	switch strings.ToLower(filepath.Ext(name)) {
	case ".toml":
		return file, true, nil
	case ".yaml", ".yml":
		return file, false, nil
	}
	return file, false, &PackError{File: file, Msg: "a pack file's name must end in .toml, .yaml or .yml"}
}

// decodeFile decodes a pack file of either kind (prompts, resources) into a
// T, strictly, after the checks on size, encoding and shape that keep a
// hostile file from costing seconds or gigabytes.
func decodeFile[T any](file string, data []byte, isTOML bool) (*T, locator, error) {
	if len(data) > MaxPackSize {
		return nil, nil, &PackError{File: file, Msg: fmt.Sprintf("the file is %d KiB; a pack can be at most %d KiB", len(data)>>10, MaxPackSize>>10)}
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, &PackError{File: file, Msg: "this is not a text file; a pack is TOML or YAML text"}
	}
	if isTOML {
		return decodeTOML[T](file, data)
	}
	return decodeYAML[T](file, data)
}

func decodeTOML[T any](file string, data []byte) (*T, locator, error) {
	if err := checkTOMLDepth(file, data); err != nil {
		return nil, nil, err
	}
	var pf T
	loc := newTOMLLocator(data)
	md, err := toml.Decode(string(data), &pf)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, nil, &PackError{File: file, Line: pe.Position.Line, Msg: cleanDecodeMsg(pe.Message)}
		}
		line, msg := splitTOMLError(err.Error())
		return nil, nil, &PackError{File: file, Line: line, Msg: msg}
	}
	if und := md.Undecoded(); len(und) > 0 {
		key := und[0]
		return nil, nil, &PackError{File: file, Line: loc.keyLine(key[len(key)-1]), Msg: fmt.Sprintf("unknown field %q; check its spelling against the pack format", key.String())}
	}
	return &pf, loc, nil
}

var tomlLineMsg = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "[^"]*"\))?: (.*)$`)

func splitTOMLError(s string) (int, string) {
	if m := tomlLineMsg.FindStringSubmatch(s); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		return line, cleanDecodeMsg(m[2])
	}
	return 0, cleanDecodeMsg(strings.TrimPrefix(s, "toml: "))
}

func decodeYAML[T any](file string, data []byte) (*T, locator, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, nil, yamlError(file, err)
	}
	if err := checkYAMLShape(file, &root, 0); err != nil {
		return nil, nil, err
	}
	var pf T
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&pf); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, &PackError{File: file, Msg: "the file is empty"}
		}
		return nil, nil, yamlError(file, err)
	}
	return &pf, yamlLocator{&root}, nil
}

var (
	yamlLineMsg = regexp.MustCompile(`line (\d+): (.*)`)
	yamlUnknown = regexp.MustCompile(`^field (\S+) not found in type .*$`)
)

// yamlError turns a yaml.v3 error into a PackError with the first problem's
// line, in words a person can act on.
func yamlError(file string, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if m := yamlLineMsg.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
		msg = m[2]
	}
	if m := yamlUnknown.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("unknown field %q; check its spelling against the pack format", m[1])
	}
	return &PackError{File: file, Line: line, Msg: cleanDecodeMsg(msg)}
}

// cleanDecodeMsg replaces Go type names in a decoder's message with the
// words a pack's author knows.
func cleanDecodeMsg(s string) string {
	r := strings.NewReplacer(
		"!!seq", "a list", "!!map", "a table", "!!str", "text", "!!int", "a number",
		"!!bool", "true/false", "!!float", "a number",
		"prompts.promptFile", "a prompt", "prompts.templateFile", "a template",
		"prompts.stepFile", "a step", "prompts.packFile", "a pack",
		"prompts.resourceFile", "a resource", "prompts.resourcesFile", "a resources pack",
		"[]prompts.resourceFile", "a list of resources",
		"[]prompts.promptFile", "a list of prompts", "[]string", "a list of text",
		"into string", "into text", "into bool", "into true/false",
	)
	s = r.Replace(s)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return sanitizeForMessage(s)
}

// sanitizeForMessage keeps a message printable: a hostile file could put
// escape sequences into a decoder's error text.
func sanitizeForMessage(s string) string {
	return strings.Map(func(r rune) rune {
		if badRune(r) {
			return '?'
		}
		return r
	}, s)
}

// builtinPack parses the embedded library: the same format and checks as a
// pack, but its ids are not namespaced and its subthemes must be known.
func builtinPack(data []byte) (*Pack, error) {
	pf, loc, err := decodeFile[packFile]("library.yaml", data, false)
	if err != nil {
		return nil, err
	}
	return validatePack("library.yaml", pf, loc, true)
}

// Canonical is the pack as it is stored in the diary: YAML, in a fixed
// layout, holding only what was validated.
func (p *Pack) Canonical() ([]byte, error) {
	pf := packFile{Pack: p.Name, Title: p.Title, Description: p.Description}
	for _, pr := range p.Prompts {
		stage := string(pr.Stage)
		if s, ok := FindSubtheme(pr.Family, pr.Subtheme); (ok && s.Stage == pr.Stage) || (!ok && pr.Stage == StageAny) {
			stage = ""
		}
		occasion := string(pr.Occasion)
		if pr.Occasion == OccasionDaily {
			occasion = ""
		}
		pf.Prompts = append(pf.Prompts, promptFile{
			ID: localID(pr.ID), Family: pr.Family, Subtheme: pr.Subtheme,
			Stage: stage, Text: pr.Text, FollowUps: pr.FollowUps,
			Occasion: occasion, Gentle: pr.Gentle, Concept: pr.Concept, Revised: pr.Revised,
		})
	}
	for _, t := range p.Templates {
		tf := templateFile{ID: localID(t.ID), Name: t.Name, Description: t.Description, Family: t.Family, Subtheme: t.Subtheme}
		for _, s := range t.Steps {
			tf.Steps = append(tf.Steps, stepFile{ID: s.ID, Question: s.Question, Hint: s.Hint, Supports: s.OffersSupports})
		}
		pf.Templates = append(pf.Templates, tf)
	}
	return yaml.Marshal(&pf)
}

func localID(id string) string {
	_, after, found := strings.Cut(id, "/")
	if found {
		return after
	}
	return id
}

// stageOrDefault is the stage a prompt was given, or its subtheme's.
func stageOrDefault(stage, family, subtheme string) diary.Stage {
	if stage != "" {
		return diary.Stage(stage)
	}
	if s, ok := FindSubtheme(family, subtheme); ok {
		return s.Stage
	}
	return StageAny
}

// displayName keeps a file name from carrying terminal controls into an
// error message: control characters, bidi overrides and broken UTF-8 become
// '?'.
func displayName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), r == utf8.RuneError,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c:
			return '?'
		}
		return r
	}, s)
}
