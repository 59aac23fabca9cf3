// Package tui is peerdiary's full-screen terminal interface.
package tui

import (
	"context"
	"errors"
	"time"
)

// Config is what the command line hands the TUI.
type Config struct {
	// DiaryDir is the diary folder; it may not hold a diary yet (first run).
	DiaryDir string
	// Demo opens a throwaway diary of fictional sample entries.
	Demo bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Run opens the terminal interface and returns when the person quits.
func Run(ctx context.Context, cfg Config) error {
	return errors.New("the terminal interface is not built yet")
}
