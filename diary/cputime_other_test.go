//go:build !unix

package diary

import "time"

// cpuTime is unknown here; benchmarks leave their processor time out.
func cpuTime() time.Duration { return -1 }
