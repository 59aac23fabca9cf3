package main

import (
	"strings"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

// promptChoice is --prompt as given: a built-in prompt found at once, or a
// pack's prompt ("pack/id"), which can only be looked up once the diary is
// unlocked, since packs are stored encrypted.
type promptChoice struct {
	id  string
	ref *diary.PromptRef // nil until found
}

// choosePrompt checks --prompt before any passphrase is asked for.
func choosePrompt(id string) (*promptChoice, error) {
	if ref, ok := prompts.Builtin().Answering(id); ok {
		return &promptChoice{id: ref.ID, ref: ref}, nil
	}
	id = strings.ToLower(strings.TrimSpace(id))
	if pack, local, ok := strings.Cut(id, "/"); ok && pack != "" && local != "" {
		return &promptChoice{id: id}, nil
	}
	return nil, unknownPrompt()
}

func unknownPrompt() error {
	return usageError("there is no prompt with that id",
		"peerdiary prompts lists every prompt with its id, such as transitions.first-weeks.1; peerdiary prompts today suggests one")
}

// resolve finds a pack's prompt in the unlocked diary.
func (c *promptChoice) resolve(a *app, s *diary.Store) (*diary.PromptRef, error) {
	if c.ref != nil {
		return c.ref, nil
	}
	lib, err := a.promptLibrary(s)
	if err != nil {
		return nil, err
	}
	ref, ok := lib.Answering(c.id)
	if !ok {
		return nil, unknownPrompt()
	}
	return ref, nil
}
