package prompts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// validatePack checks a decoded pack file field by field and builds the
// Pack. builtin is the embedded library: no pack name, ids used as they are,
// and only the research's subthemes allowed.
func validatePack(file string, pf *packFile, loc locator, builtin bool) (*Pack, error) {
	fail := func(line int, format string, args ...any) error {
		return &PackError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	p := &Pack{Name: pf.Pack, Title: pf.Title, Description: pf.Description}
	switch {
	case builtin:
	case pf.Pack == "":
		return nil, fail(1, `the pack has no name; add pack = "your-team" (TOML) or pack: your-team (YAML)`)
	case !packNamePattern.MatchString(pf.Pack):
		return nil, fail(loc.line("pack"), "pack name %q: use 1 to 32 lower-case letters, digits and '-'", clip(pf.Pack))
	}
	if err := checkText(pf.Title, maxShortLen, false); err != nil {
		return nil, fail(loc.line("title"), "title: %v", err)
	}
	if err := checkText(pf.Description, maxTextLen, true); err != nil {
		return nil, fail(loc.line("description"), "description: %v", err)
	}
	if len(pf.Prompts) == 0 && len(pf.Templates) == 0 {
		return nil, fail(0, "the pack has no prompts and no templates")
	}
	if len(pf.Prompts) > maxPackPrompts {
		return nil, fail(loc.line("prompts"), "the pack has %d prompts; the most a pack can hold is %d", len(pf.Prompts), maxPackPrompts)
	}
	if len(pf.Templates) > maxPackTemplates {
		return nil, fail(loc.line("templates"), "the pack has %d templates; the most a pack can hold is %d", len(pf.Templates), maxPackTemplates)
	}
	namespaced := func(id string) string {
		if builtin {
			return id
		}
		return pf.Pack + "/" + id
	}

	seen := map[string]bool{}
	for i, pr := range pf.Prompts {
		at := func(field string) int { return loc.line("prompts", i, field) }
		what := fmt.Sprintf("prompt %d", i+1)
		if !itemIDPattern.MatchString(pr.ID) {
			if pr.ID == "" {
				return nil, fail(at("id"), "%s: id is missing", what)
			}
			return nil, fail(at("id"), "%s: id %q: use lower-case letters, digits, '.' and '-'", what, clip(pr.ID))
		}
		what = fmt.Sprintf("prompt %q", pr.ID)
		if seen[pr.ID] {
			return nil, fail(at("id"), "%s: the id is used twice; give each prompt its own", what)
		}
		seen[pr.ID] = true
		if !KnownFamily(pr.Family) {
			return nil, fail(at("family"), "%s: family %q is not one of %s", what, clip(pr.Family), strings.Join(FamilyIDs(), ", "))
		}
		if err := checkSubtheme(pr.Family, pr.Subtheme, builtin, true); err != nil {
			return nil, fail(at("subtheme"), "%s: %v", what, err)
		}
		stage := stageOrDefault(pr.Stage, pr.Family, pr.Subtheme)
		if !stageKnown(stage) {
			return nil, fail(at("stage"), "%s: stage %q is not one of into, through, beyond, any", what, clip(pr.Stage))
		}
		if strings.TrimSpace(pr.Text) == "" {
			return nil, fail(at("text"), "%s: text is missing", what)
		}
		if err := checkText(pr.Text, maxTextLen, true); err != nil {
			return nil, fail(at("text"), "%s: text: %v", what, err)
		}
		if len(pr.FollowUps) > maxFollowUps {
			return nil, fail(at("follow_ups"), "%s: %d follow-ups; a prompt can have at most %d", what, len(pr.FollowUps), maxFollowUps)
		}
		for _, f := range pr.FollowUps {
			if err := checkText(f, maxTextLen, false); err != nil || strings.TrimSpace(f) == "" {
				if err == nil {
					err = fmt.Errorf("is empty")
				}
				return nil, fail(at("follow_ups"), "%s: follow-up: %v", what, err)
			}
		}
		occasion := Occasion(pr.Occasion)
		if occasion == "" {
			occasion = OccasionDaily
		}
		if !occasionKnown(occasion) {
			return nil, fail(at("occasion"), "%s: occasion %q is not one of %s", what, clip(pr.Occasion), strings.Join(occasionNames(), ", "))
		}
		switch {
		case pr.Concept == "" && builtin:
			return nil, fail(at("concept"), "%s: every built-in prompt names the concept it serves", what)
		case pr.Concept != "" && !slugPattern.MatchString(pr.Concept):
			return nil, fail(at("concept"), "%s: concept %q: use lower-case letters, digits and '-'", what, clip(pr.Concept))
		}
		if err := checkText(pr.Revised, maxTextLen, false); err != nil {
			return nil, fail(at("revised"), "%s: revised: %v", what, err)
		}
		p.Prompts = append(p.Prompts, Prompt{
			ID: namespaced(pr.ID), Family: pr.Family, Subtheme: pr.Subtheme, Stage: stage,
			Text: strings.TrimSpace(pr.Text), FollowUps: trimAll(pr.FollowUps), Pack: p.Name,
			Occasion: occasion, Gentle: pr.Gentle, Concept: pr.Concept, Revised: strings.TrimSpace(pr.Revised),
		})
	}

	seen = map[string]bool{}
	for i, tf := range pf.Templates {
		at := func(field string) int { return loc.line("templates", i, field) }
		what := fmt.Sprintf("template %d", i+1)
		if !itemIDPattern.MatchString(tf.ID) {
			if tf.ID == "" {
				return nil, fail(at("id"), "%s: id is missing", what)
			}
			return nil, fail(at("id"), "%s: id %q: use lower-case letters, digits, '.' and '-'", what, clip(tf.ID))
		}
		what = fmt.Sprintf("template %q", tf.ID)
		if seen[tf.ID] {
			return nil, fail(at("id"), "%s: the id is used twice; give each template its own", what)
		}
		seen[tf.ID] = true
		if strings.TrimSpace(tf.Name) == "" {
			return nil, fail(at("name"), "%s: name is missing", what)
		}
		if err := checkText(tf.Name, maxShortLen, false); err != nil {
			return nil, fail(at("name"), "%s: name: %v", what, err)
		}
		if err := checkText(tf.Description, maxTextLen, true); err != nil {
			return nil, fail(at("description"), "%s: description: %v", what, err)
		}
		if tf.Family != "" && !KnownFamily(tf.Family) {
			return nil, fail(at("family"), "%s: family %q is not one of %s", what, clip(tf.Family), strings.Join(FamilyIDs(), ", "))
		}
		if tf.Subtheme != "" {
			if tf.Family == "" {
				return nil, fail(at("subtheme"), "%s: a subtheme needs a family", what)
			}
			if err := checkSubtheme(tf.Family, tf.Subtheme, builtin, false); err != nil {
				return nil, fail(at("subtheme"), "%s: %v", what, err)
			}
		}
		if len(tf.Steps) == 0 || len(tf.Steps) > maxSteps {
			return nil, fail(at("steps"), "%s: has %d steps; a template needs 1 to %d", what, len(tf.Steps), maxSteps)
		}
		t := Template{ID: namespaced(tf.ID), Name: strings.TrimSpace(tf.Name), Description: strings.TrimSpace(tf.Description),
			Family: tf.Family, Subtheme: tf.Subtheme, Pack: p.Name}
		steps := map[string]bool{}
		for j, sf := range tf.Steps {
			sat := func(field string) int { return loc.line("templates", i, "steps", j, field) }
			if !slugPattern.MatchString(sf.ID) {
				return nil, fail(sat("id"), "%s: step %d: id %q: use lower-case letters, digits and '-'", what, j+1, clip(sf.ID))
			}
			if steps[sf.ID] {
				return nil, fail(sat("id"), "%s: step %q is used twice", what, sf.ID)
			}
			steps[sf.ID] = true
			if strings.TrimSpace(sf.Question) == "" {
				return nil, fail(sat("question"), "%s: step %q: question is missing", what, sf.ID)
			}
			if err := checkText(sf.Question, maxTextLen, false); err != nil {
				return nil, fail(sat("question"), "%s: step %q: question: %v", what, sf.ID, err)
			}
			if err := checkText(sf.Hint, maxTextLen, false); err != nil {
				return nil, fail(sat("hint"), "%s: step %q: hint: %v", what, sf.ID, err)
			}
			t.Steps = append(t.Steps, Step{ID: sf.ID, Question: strings.TrimSpace(sf.Question), Hint: strings.TrimSpace(sf.Hint), OffersSupports: sf.Supports})
		}
		p.Templates = append(p.Templates, t)
	}
	return p, nil
}

func checkSubtheme(family, subtheme string, builtin, required bool) error {
	if subtheme == "" {
		if required {
			return fmt.Errorf("subtheme is missing")
		}
		return nil
	}
	if !slugPattern.MatchString(subtheme) {
		return fmt.Errorf("subtheme %q: use lower-case letters, digits and '-'", clip(subtheme))
	}
	if _, ok := FindSubtheme(family, subtheme); !ok && builtin {
		return fmt.Errorf("subtheme %q is not a subtheme of %s", subtheme, family)
	}
	return nil
}

// checkText refuses text that is too long or that could do something on a
// terminal other than print: control characters, escape sequences, bidi
// overrides. Pack text is shown on screens, so it is refused at the door
// rather than cleaned on every render.
func checkText(s string, maxLen int, multiline bool) error {
	if n := utf8.RuneCountInString(s); n > maxLen {
		return fmt.Errorf("is %d characters; keep it under %d", n, maxLen)
	}
	for _, r := range s {
		if r == '\n' && multiline {
			continue
		}
		if badRune(r) {
			return fmt.Errorf("contains the control character U+%04X; remove it", r)
		}
	}
	return nil
}

// badRune is a rune that must not reach a terminal from a pack: C0 and C1
// controls (ESC among them), DEL, bidirectional controls, and the
// replacement character that marks broken text.
func badRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e, r == 0x200f, r == 0x061c, r == utf8.RuneError:
		return true
	}
	return !unicode.IsPrint(r) && !unicode.IsSpace(r)
}

// clip shortens a value quoted back in an error, and keeps it printable.
func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return sanitizeForMessage(s)
}

func trimAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}
