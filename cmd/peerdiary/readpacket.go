package main

import "peerdiary/tui"

// readPacket shows a decrypted packet full screen, read only; nothing of it
// stays on the terminal afterwards.
func (a *app) readPacket(text string) error {
	a.leaveSignals()
	return tui.ReadPacket(a.parent, text, 0, tui.Config{Now: now})
}
