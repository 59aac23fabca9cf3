//go:build !linux

package main

// hardenProcess does nothing off Linux: there is no portable way to forbid
// core dumps and memory inspection. The README says memory protection is best
// effort.
func hardenProcess() {}
