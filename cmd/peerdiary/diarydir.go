package main

import (
	"fmt"
	"path/filepath"

	"github.com/adrg/xdg"
)

// envDiaryDir names the diary folder when --diary is not given.
const envDiaryDir = "PEERDIARY_DIR"

// diaryDir picks the diary folder: --diary, else $PEERDIARY_DIR, else
// peerdiary under the XDG data folder (~/.local/share/peerdiary). The path is
// made absolute so that messages name one unambiguous place.
func diaryDir(flag string, getenv func(string) string) (string, error) {
	dir := flag
	if dir == "" {
		dir = getenv(envDiaryDir)
	}
	if dir == "" {
		dir = filepath.Join(xdg.DataHome, "peerdiary")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding the diary folder %s: %w", dir, err)
	}
	return abs, nil
}
