package main

import (
	"context"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/internal/safetext"
)

// needs says what a command reads from the diary once it is unlocked, so that
// each command states what it uses and the reading is done, and reported, in
// one place.
type needs uint8

const (
	needCatalog   needs = 1 << iota // every entry's summary (damaged files are named on standard error)
	needSettings                    // the diary's settings: stage, supports, prompt rotation
	needLibrary                     // the prompt library with the diary's packs
	needResources                   // the diary's resources packs
)

// unlocked is an open, unlocked diary and what the command asked to read
// from it. Fields not asked for are nil.
type unlocked struct {
	store    *diary.Store
	catalog  *diary.Catalog
	settings *diary.Settings
	library  *prompts.Library
	// resources are the organisation's resources packs.
	resources []*prompts.ResourcesPack
}

// withDiary opens the diary, asks for the passphrase, reads what the command
// needs (0 for nothing but the unlocked store), runs do and closes the
// diary, whatever do returns.
func (a *app) withDiary(ctx context.Context, n needs, do func(d *unlocked) error) error {
	s, err := a.open()
	if err != nil {
		return err
	}
	defer s.Close()
	d := &unlocked{store: s}
	if n&needCatalog != 0 {
		if d.catalog, err = a.load(ctx, s); err != nil {
			return err
		}
	}
	if n&needSettings != 0 {
		if d.settings, err = s.Settings(); err != nil {
			return err
		}
	}
	if n&needLibrary != 0 {
		if d.library, err = a.promptLibrary(s); err != nil {
			return err
		}
	}
	if n&needResources != 0 {
		if d.resources, err = a.loadResources(s); err != nil {
			return err
		}
	}
	return do(d)
}

// withLibrary runs do with the built-in prompt library, which needs no
// passphrase, or, when packs is true, with the diary's packs added, which
// are stored encrypted.
func (a *app) withLibrary(ctx context.Context, packs bool, do func(*prompts.Library) error) error {
	if !packs {
		return do(prompts.Builtin())
	}
	return a.withDiary(ctx, needLibrary, func(d *unlocked) error { return do(d.library) })
}

// open opens the diary folder, prints the store's warnings, and unlocks it
// with the passphrase. The caller closes the store.
func (a *app) open() (*diary.Store, error) {
	s, err := a.openLocked()
	if err != nil {
		return nil, err
	}
	if err := a.unlock(s); err != nil {
		s.Close()
		return nil, err
	}
	if s.RotationPending() {
		warn(a.io.err, "a move of the diary to a new key was interrupted; everything opens as it is, but the old key still does too")
		hint(a.io.err, "run peerdiary key rotate to finish it")
	}
	return s, nil
}

// openLocked opens the diary folder and prints the store's warnings (a
// folder or key file other accounts can read), without unlocking it.
func (a *app) openLocked() (*diary.Store, error) {
	s, err := diary.Open(a.dir, a.diaryOptions())
	if err != nil {
		return nil, err
	}
	a.printWarnings(s)
	return s, nil
}

// printWarnings names what the store found wrong with the folder, such as
// permissions that let other accounts read it.
func (a *app) printWarnings(s *diary.Store) {
	for _, w := range s.Warnings {
		warn(a.io.err, "%s", w)
	}
}

// load reads the catalog and names every file that could not be read, so
// one damaged file never hides the others.
func (a *app) load(ctx context.Context, s *diary.Store) (*diary.Catalog, error) {
	c, err := s.Load(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range c.Problems {
		warn(a.io.err, "can't read %s: %s", p.Path, diary.Reason(p.Err))
	}
	if len(c.Problems) > 0 {
		hint(a.io.err, "the other entries are fine; run peerdiary verify to check every file")
	}
	return c, nil
}

// promptLibrary loads the diary's packs, warning about any that no longer
// read.
func (a *app) promptLibrary(s *diary.Store) (*prompts.Library, error) {
	lib, problems, err := prompts.LoadLibrary(s)
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		warn(a.io.err, "a prompt pack could not be read and was skipped: %s", safetext.Line(p.Error()))
	}
	return lib, nil
}

// changeSettings lets change edit the diary's settings, saves them
// (encrypted, atomically) and returns them.
func (a *app) changeSettings(ctx context.Context, change func(*diary.Settings) error) (*diary.Settings, error) {
	var saved *diary.Settings
	err := a.withDiary(ctx, needSettings, func(d *unlocked) error {
		if err := change(d.settings); err != nil {
			return err
		}
		if err := d.store.SaveSettings(d.settings); err != nil {
			return err
		}
		saved = d.settings
		return nil
	})
	return saved, err
}

// promptDay is what the prompt of the day is chosen from: the catalog, the
// settings and the check-ins. It needs needCatalog and needSettings.
func (d *unlocked) promptDay() (prompts.Day, error) {
	checkIns, err := d.store.CheckIns()
	if err != nil {
		return prompts.Day{}, err
	}
	return prompts.Day{History: d.catalog.Entries, Settings: d.settings, CheckIns: checkIns, Now: now()}, nil
}

// diaryOptions are the options every command opens the diary with: the
// clock, and how long a save waits for another peerdiary's (--wait; 0 means
// not at all).
func (a *app) diaryOptions() diary.Options {
	wait := a.lockWait
	if wait <= 0 {
		wait = -1 // diary's "not at all"
	}
	return diary.Options{Now: now, LockWait: wait}
}
