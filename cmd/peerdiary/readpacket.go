package main

import "io"

// readPacket shows a decrypted packet on the terminal.
func (a *app) readPacket(text string) error {
	_, err := io.WriteString(a.io.out, printable(text, true))
	return err
}
