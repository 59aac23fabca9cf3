//go:build !unix

package tui

import (
	"os"
	"time"
)

const demoPrefix = "peerdiary-demo-"

// makeDemoFolder makes the demo diary's folder; without flock there is no
// way to mark it in use, so leftovers are not cleaned (cleanStaleDemos).
func makeDemoFolder() (string, func(), error) {
	dir, err := os.MkdirTemp("", demoPrefix)
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

func cleanStaleDemos(string, time.Time) int { return 0 }
