package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/diary/prompts"
	"peerdiary/diary/supervision"
	"peerdiary/internal/safetext"
)

// maxPacket caps what open decrypts: far more than a thousand entries.
const maxPacket = 32 << 20

func (a *app) openCommand() *cobra.Command {
	var identity, format, output string
	cmd := &cobra.Command{
		Use:   "open FILE [--identity KEYFILE] [--format md|json] [-o FILE]",
		Short: "Read a supervision packet someone sent you",
		Long: `Read a supervision packet a worker encrypted to you. It opens with your own
diary's key (after your passphrase), or with --identity: an age identity
file (from age-keygen), a passphrase-protected one, or an SSH private key.

On a terminal the packet is shown full screen, a printable web page as
its text, and nothing of it stays on the screen afterwards; otherwise it is
printed as it was sent. --format json prints a JSON packet as it is, and md
shows any packet as Markdown. Nothing is written to disk unless you ask
with -o FILE.

A file that was cut short or changed does not open, and nothing of it is
shown. A packet says who it is from only if the worker put their name in
it: anyone who has your public key can make a file that opens with your
key.`,
		Args: exactlyOneArg("open needs the packet file", "peerdiary open supervision.age"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			switch format {
			case "", "md", "json":
			default:
				return usageError(fmt.Sprintf("--format %s: choose md or json", safetext.Name(format)))
			}
			file, err := readSmallFile(args[0], 2*maxPacket+64<<10, "the packet")
			if err != nil {
				return err
			}
			var plain []byte
			var reach *prompts.Reach
			if identity != "" {
				plain, err = a.openWithIdentity(file, identity)
			} else {
				err = a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
					var err error
					if plain, err = d.store.OpenSealed(file, maxPacket); err != nil {
						return err
					}
					if a.io.outTerminal && output == "" {
						reach = a.reachFor(d.store)
					}
					return nil
				})
			}
			if err != nil {
				return packetError(err, identity)
			}
			defer clear(plain)
			return a.showPacket(plain, format, output, reach)
		}),
	}
	cmd.Flags().StringVarP(&identity, "identity", "i", "", "open it with this key `file` instead of your diary's key")
	cmd.Flags().StringVar(&format, "format", "", "md or json (default: as it was sent; a web page is shown as text on a terminal)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write it, decrypted, to this `file`")
	return cmd
}

// reachFor is who the worker can turn to, for the packet reader's support
// key. It is read as well as it can be: a settings record or resources
// pack that can't be read leaves its part out, and never stops the packet
// opening.
func (a *app) reachFor(s *diary.Store) *prompts.Reach {
	var people []diary.Support
	if st, err := s.Settings(); err == nil {
		people = st.Supports
	}
	packs, _, _ := prompts.LoadResources(s)
	r := prompts.WithinReach(people, packs, false)
	return &r
}

// openWithIdentity reads a key file and opens the packet with it, asking
// for a passphrase only if the key file has one.
func (a *app) openWithIdentity(file []byte, keyFile string) ([]byte, error) {
	data, err := readSmallFile(keyFile, 64<<10, "the key file")
	if err != nil {
		return nil, err
	}
	defer clear(data)
	keys, err := crypto.ParseKeys(data, func(what string) ([]byte, error) {
		var got []byte
		pass, err := a.currentPassphrase("Passphrase for "+what+" "+keyFile+": ", func(p []byte) error {
			got = append([]byte(nil), p...)
			return nil
		})
		clear(pass)
		return got, err
	})
	if err != nil {
		return nil, err
	}
	return crypto.OpenSealed(file, maxPacket, keys)
}

// packetError says what went wrong opening a packet; nothing of the packet
// is ever shown when it did.
func packetError(err error, identity string) error {
	var ex *diary.Explained
	if errors.As(err, &ex) {
		return err
	}
	key := "your diary's key"
	if identity != "" {
		key = identity
	}
	e := &diary.Explained{Kind: diary.KindDamaged, Err: err}
	switch {
	case errors.Is(err, crypto.ErrWrongKey):
		e.Msg = "this packet was not encrypted to " + key
		e.Hints = []string{"it opens only with the key of the contact it was sent to; ask the sender which key they used",
			"to open it with another key file, add --identity KEYFILE"}
	case errors.Is(err, crypto.ErrNotAgeFile):
		e.Msg = "this is not an encrypted packet (not an age file)"
	case errors.Is(err, crypto.ErrDamaged):
		e.Msg = "this packet is damaged or was changed after it was made (cut short, corrupted or tampered with); nothing of it is shown"
		e.Hints = []string{"ask the sender to send it again"}
	case errors.Is(err, crypto.ErrTooLarge):
		e.Msg = "this file is too large to be a supervision packet"
	case errors.Is(err, crypto.ErrWrongPassphrase) && identity != "":
		e.Kind, e.Msg = diary.KindWrongPassphrase, "that passphrase didn't open "+identity
	case errors.Is(err, crypto.ErrBadKeyFile), errors.Is(err, crypto.ErrUnsupportedKey):
		e.Kind, e.Msg = diary.KindBadKey, "can't use "+identity+" to open packets: "+keyFileReason(err)
		e.Hints = []string{"give an age identity file (age-keygen), your peerdiary identity.age, or an SSH private key (ed25519 or RSA)"}
	default:
		return err
	}
	return e
}

// keyFileReason is the part of a key file error after the sentinel.
func keyFileReason(err error) string {
	msg := err.Error()
	if i := len(crypto.ErrBadKeyFile.Error()) + 2; len(msg) > i && msg[:i-2] == crypto.ErrBadKeyFile.Error() {
		return msg[i:]
	}
	return msg
}

// showPacket writes the packet where it was asked for: to a file (-o), in
// the reader on a terminal, or to standard output.
func (a *app) showPacket(plain []byte, format, output string, reach *prompts.Reach) error {
	kind, err := supervision.Kind(plain)
	if err != nil {
		return problem(diary.KindDamaged, "this file opened, but "+err.Error(), err)
	}
	out := plain
	switch {
	case format == "json" && kind != supervision.JSON:
		return usageError("this packet was sent as "+string(kind)+", not JSON", "leave out --format json to see it as it is")
	case format == "md" && kind == supervision.JSON:
		p, err := supervision.ParseJSON(plain)
		if err != nil {
			return problem(diary.KindDamaged, "this file opened, but "+err.Error(), err)
		}
		out = p.Markdown()
	case kind == supervision.HTML && (format == "md" || (a.io.outTerminal && output == "")):
		// A web page is read back as its Markdown packet: on a terminal it
		// is shown in the reader, never saved to be opened in a browser.
		md, err := supervision.HTMLText(plain)
		if err != nil {
			return problem(diary.KindDamaged, "this file opened, but "+err.Error(), err)
		}
		defer clear(md)
		out = md
	}
	if output != "" {
		if err := writeNewFile(output, out); err != nil {
			return err
		}
		warn(a.io.err, "%s holds the packet unencrypted: keep it somewhere only you can read, and delete it when you are done", output)
		return nil
	}
	if a.io.outTerminal {
		return a.readPacket(string(out), reach)
	}
	_, err = io.WriteString(a.io.out, safetext.Text(string(out)))
	return err
}
