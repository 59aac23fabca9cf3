package main

import (
	"peerdiary/diary/prompts"
	"peerdiary/tui"
)

// readPacket shows a decrypted packet full screen, read only; nothing of it
// stays on the terminal afterwards. reach is who the reader can turn to,
// from their diary, for the support key; nil when the packet was opened
// with a key file.
func (a *app) readPacket(text string, reach *prompts.Reach) error {
	a.leaveSignals()
	return tui.ReadPacket(a.parent, text, reach, 0, tui.Config{Now: now})
}
