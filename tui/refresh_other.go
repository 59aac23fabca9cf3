//go:build !linux

package tui

import (
	"io/fs"
	"time"
)

func changeTime(fs.FileInfo) time.Time { return time.Time{} }
