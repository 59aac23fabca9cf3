//go:build !unix

package tui

import "time"

// cpuTime is unknown here; benchmarks leave their cpu-ns/op out.
func cpuTime() time.Duration { return -1 }
