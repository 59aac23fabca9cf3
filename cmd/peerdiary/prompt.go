package main

import (
	"strings"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// lookupPrompt turns --prompt's id into the prompt reference stored in the
// entry.
func lookupPrompt(id string) (*diary.PromptRef, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if p, ok := prompts.Lookup(id); ok {
		return p.Ref(), nil // a built-in prompt: record its family, subtheme and text too
	}
	if !validPromptID(id) {
		return nil, usageError("that is not a prompt id",
			"prompt ids are lower-case letters, digits, - and _, such as first-week; a pack's prompts look like pack/id")
	}
	return &diary.PromptRef{ID: id}, nil
}

// validPromptID accepts a built-in id ("first-week") or a pack's
// ("harbour/first-week").
func validPromptID(id string) bool {
	pack, local, namespaced := strings.Cut(id, "/")
	if namespaced {
		return diary.ValidID(pack) && diary.ValidID(local)
	}
	return diary.ValidID(id)
}
