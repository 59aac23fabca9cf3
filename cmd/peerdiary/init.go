package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/internal/safetext"
)

func (a *app) initCommand() *cobra.Command {
	var classic bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a new diary (asks for a passphrase twice)",
		Long: `Create a new diary in the diary folder, protected by a passphrase.

The diary's key is post-quantum (ML-KEM-768 + X25519) and needs age v1.3.0 or
later to read by hand; --classic makes an X25519 key that older age reads.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.initDiary(classic)
		}),
	}
	cmd.Flags().BoolVar(&classic, "classic", false, "make a classic X25519 key, for age older than v1.3")
	return cmd
}

func (a *app) initDiary(classic bool) error {
	// Check before asking for a passphrase: typing one twice for nothing is
	// a poor welcome.
	if diary.Exists(a.dir) {
		return diary.ErrDiaryExists
	}
	if s, err := diary.Open(a.dir, a.diaryOptions()); !errors.Is(err, diary.ErrNoDiary) {
		if err == nil { // created between the two checks
			s.Close()
			return diary.ErrDiaryExists
		}
		return err
	}
	pass, strength, err := a.newPassphrase(envPassphraseFile, "Choose a passphrase for your new diary: ")
	if err != nil {
		return err
	}
	defer clear(pass)
	a.warnIfWeak(strength)
	s, err := diary.Create(a.dir, pass, classic, a.diaryOptions())
	if err != nil {
		return err
	}
	defer s.Close()
	a.printWarnings(s)
	pub, err := s.PublicKey()
	if err != nil {
		return err
	}
	out := a.io.out
	fmt.Fprintf(out, "Created your diary in %s\n", safetext.Name(a.dir))
	if classic {
		fmt.Fprintf(out, "Its key is classic X25519 (%s).\n", crypto.Fingerprint(pub))
	} else {
		fmt.Fprintf(out, "Its key is post-quantum (%s); reading it by hand needs age v1.3.0 or later.\n", crypto.Fingerprint(pub))
	}
	fmt.Fprintf(out, "\nKeep your passphrase safe: without it no one can read your entries, not even you.\n")
	fmt.Fprintf(out, "Back up %s together with the entries folder.\n", safetext.Name(filepath.Join(a.dir, diary.KeyFileName)))
	fmt.Fprintf(out, "Write your first entry with: peerdiary write < note.txt, or just run peerdiary.\n")
	return nil
}
