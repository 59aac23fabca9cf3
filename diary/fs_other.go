//go:build !linux

package diary

func networkFSWarning(string) string { return "" }
