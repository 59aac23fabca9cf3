package killtest

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// ModePasswd changes the diary's passphrase back and forth between two,
// again and again, with diary.Store.SetPassphrase.
const ModePasswd = "passwd"

// AltPass is the second passphrase of the passwd loop.
const AltPass = "the other kill loop passphrase"

// PasswdChild unlocks the diary with whichever of pass and AltPass opens
// it, prints "ready", then changes the passphrase to the other one and
// back, printing "changed <n>" (n: 0 for pass, 1 for AltPass) after each
// change returns, until it is killed or has made max changes.
func PasswdChild(dir string, pass []byte, out io.Writer, max int) error {
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	passes := [][]byte{pass, []byte(AltPass)}
	cur := 0
	err = s.Unlock(passes[0])
	if errors.Is(err, crypto.ErrWrongPassphrase) {
		cur = 1
		err = s.Unlock(passes[1])
	}
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	say := func(format string, args ...any) {
		fmt.Fprintf(w, format+"\n", args...)
		w.Flush()
	}
	say("ready")
	for range max {
		cur = 1 - cur
		if err := s.SetPassphrase(passes[cur]); err != nil {
			return err
		}
		say("changed %d", cur)
	}
	return nil
}

// CheckPasswd reports which of the two passphrases opens the diary; exactly
// one must, and every entry of want must be there, unchanged.
func CheckPasswd(dir string, pass []byte, want map[string]string) (opens int, err error) {
	s, err := diary.Open(dir, diary.Options{})
	if err != nil {
		return 0, err
	}
	defer s.Close()
	passes := [][]byte{pass, []byte(AltPass)}
	opens = -1
	for i, p := range passes {
		switch err := s.Unlock(p); {
		case err == nil && opens >= 0:
			return 0, errors.New("both passphrases open the diary")
		case err == nil:
			opens = i
		case !errors.Is(err, crypto.ErrWrongPassphrase):
			return 0, fmt.Errorf("the key file does not open: %w", err)
		}
	}
	if opens < 0 {
		return 0, errors.New("neither passphrase opens the diary")
	}
	if err := s.Unlock(passes[opens]); err != nil {
		return 0, err
	}
	for id, sum := range want {
		e, err := s.Get(id)
		if err != nil || Hash(e.Body) != sum {
			return 0, fmt.Errorf("entry %s lost or changed: %v", id, err)
		}
	}
	return opens, nil
}
