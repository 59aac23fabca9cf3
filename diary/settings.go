package diary

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"go.yaml.in/yaml/v3"
)

// SettingsRecord is the record name settings are stored under
// (records/settings.age).
const SettingsRecord = "settings"

// Stage is where a worker is in the role: the research frames peer work as
// transitions into, through and beyond it.
type Stage string

// The stages.
const (
	StageInto    Stage = "into"
	StageThrough Stage = "through"
	StageBeyond  Stage = "beyond"
)

// StageChange records when a worker moved to a stage.
type StageChange struct {
	Stage Stage     `yaml:"stage"`
	Since time.Time `yaml:"since"`
}

// Support is someone the worker can talk to after a hard day, offered by the
// critical-incident debrief.
type Support struct {
	Name    string `yaml:"name"`
	Contact string `yaml:"contact,omitempty"`
	Note    string `yaml:"note,omitempty"`
	// ShowWhenLocked lets the support key on the lock screen show this
	// person, as the worker chose. It is kept in memory only while the
	// diary is locked, never written anywhere in the clear.
	ShowWhenLocked bool `yaml:"show_when_locked,omitempty"`
}

// Settings are the diary's preferences. They live inside the diary, encrypted,
// because they name people (supports) and say things about the worker (stage).
type Settings struct {
	// IdleLockMinutes locks the diary after this long without a key press
	// (1–30). 0 means the default, 5.
	IdleLockMinutes int `yaml:"idle_lock_minutes,omitempty"`

	// PromptRepeatDays keeps a prompt from being offered again within this
	// many days. 0 means the default, 30.
	PromptRepeatDays int `yaml:"prompt_repeat_days,omitempty"`

	// Stages is the worker's stage history, oldest first.
	Stages []StageChange `yaml:"stages,omitempty"`

	// Supports is the worker's own list of people to talk to.
	Supports []Support `yaml:"supports,omitempty"`

	// HideStreak leaves the count of days written in a row out of
	// insights: with shift work, a streak can feel like one more thing to
	// keep up.
	HideStreak bool `yaml:"hide_streak,omitempty"`

	// OfferSituational lets the prompt of the day be one of the prompts
	// otherwise kept for a hard day (grief, after an overdose or a death,
	// stigma turned inwards). Off by default: they come after a hard
	// shift's check-in, or when asked for.
	OfferSituational bool `yaml:"offer_situational,omitempty"`

	// Mouse lets the full-screen diary take the mouse: clicks and the wheel
	// go to it, and selecting text with the mouse then needs the
	// terminal's own modifier (often shift). Off by default, so text can be
	// selected as anywhere else; most terminals still scroll with the wheel
	// by sending arrow keys.
	Mouse bool `yaml:"mouse,omitempty"`

	// Theme is the full-screen diary's colours: "" to match the
	// terminal's background, "dark" or "light".
	Theme string `yaml:"theme,omitempty"`

	// Extra keeps settings a newer peerdiary wrote.
	Extra map[string]any `yaml:",inline"`
}

// Defaults.
const (
	DefaultIdleLockMinutes  = 5
	DefaultPromptRepeatDays = 30
)

// IdleLock is the idle-lock timeout.
func (s *Settings) IdleLock() time.Duration {
	m := s.IdleLockMinutes
	if m <= 0 {
		m = DefaultIdleLockMinutes
	}
	return time.Duration(min(m, 30)) * time.Minute
}

// RepeatWindow is how long a prompt rests after it was offered.
func (s *Settings) RepeatWindow() time.Duration {
	d := s.PromptRepeatDays
	if d <= 0 {
		d = DefaultPromptRepeatDays
	}
	return time.Duration(d) * 24 * time.Hour
}

// StageAt is the stage in force at t, or "" if none was set by then.
func (s *Settings) StageAt(t time.Time) Stage {
	var cur Stage
	for _, c := range s.Stages {
		if !c.Since.After(t) {
			cur = c.Stage
		}
	}
	return cur
}

// Validate checks values a person may have set by hand.
func (s *Settings) Validate() error {
	if s.IdleLockMinutes < 0 || s.IdleLockMinutes > 30 {
		return fmt.Errorf("idle_lock_minutes %d: choose 1 to 30", s.IdleLockMinutes)
	}
	if s.PromptRepeatDays < 0 || s.PromptRepeatDays > 3650 {
		return fmt.Errorf("prompt_repeat_days %d: choose 0 to 3650", s.PromptRepeatDays)
	}
	switch s.Theme {
	case "", "dark", "light":
	default:
		return fmt.Errorf("theme %q: choose dark, light, or leave it out to match the terminal", s.Theme)
	}
	for _, c := range s.Stages {
		switch c.Stage {
		case StageInto, StageThrough, StageBeyond:
		default:
			return fmt.Errorf("stage %q: choose into, through or beyond", c.Stage)
		}
	}
	return nil
}

// Settings reads the diary's settings; a diary without any has the defaults.
func (s *Store) Settings() (*Settings, error) {
	plain, err := s.ReadRecord(SettingsRecord)
	if errors.Is(err, fs.ErrNotExist) {
		return &Settings{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading settings: %w", err)
	}
	defer clear(plain)
	var st Settings
	if err := yaml.Unmarshal(plain, &st); err != nil {
		return nil, fmt.Errorf("reading settings: %w", err)
	}
	if err := st.Validate(); err != nil {
		return nil, fmt.Errorf("reading settings: %w", err)
	}
	return &st, nil
}

// SaveSettings writes the diary's settings, encrypted and atomically.
func (s *Store) SaveSettings(st *Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	plain, err := yaml.Marshal(st)
	if err != nil {
		return err
	}
	defer clear(plain)
	return s.WriteRecord(SettingsRecord, plain)
}

// Clone is a deep copy, for a change to be made and saved without touching
// the settings in use until the save succeeds.
func (s *Settings) Clone() *Settings {
	c := *s
	c.Stages = slices.Clone(s.Stages)
	c.Supports = slices.Clone(s.Supports)
	if s.Extra != nil {
		c.Extra = make(map[string]any, len(s.Extra))
		for k, v := range s.Extra {
			c.Extra[k] = v
		}
	}
	return &c
}
