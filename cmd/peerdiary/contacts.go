package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"peerdiary/crypto"
	"peerdiary/diary"
	"peerdiary/internal/safetext"
)

func (a *app) contactsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "contacts [--json]",
		Short: "Who you send exports to, with key fingerprints",
		Long: `The people you send exports to, such as your supervisor, with the
fingerprint of each key. An export can only be read by the keys of the
contact it is sent to. Contacts are stored inside the diary, encrypted, so
no one sharing the computer can swap a key for their own.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				cs, err := d.store.Contacts()
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.io.out, contactsJSON(cs))
				}
				a.printContacts(cs)
				return nil
			})
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the contacts as JSON")

	add := &cobra.Command{
		Use:   "add NAME KEY|FILE",
		Short: "Add someone to send exports to, with their public key",
		Long: `Add a contact with their public key: the line their peerdiary key public
prints (age1pq1…), an age-keygen public key (age1…), an SSH public key
("ssh-ed25519 AAAA…" or "ssh-rsa …", for example their ~/.ssh/id_ed25519.pub),
or a file holding one or more of these, one per line. Use - to read the
key from standard input.

Check the fingerprint printed with your contact, in person or on a call:
it is how you both know the key is theirs.

Post-quantum keys (age1pq1…) can't share an export with classic or SSH keys,
so one contact holds keys of one kind.`,
		Args: exactlyOneArg2("contacts add needs a name and a key", `peerdiary contacts add Jo age1pq1…`, `peerdiary contacts add Jo ~/jo.pub`),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			keys, err := a.readRecipients(args[1])
			if err != nil {
				return err
			}
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				c, err := d.store.AddContact(args[0], keys)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.io.out, "added %s\n", contactLine(c))
				hint(a.io.err, "check the fingerprint with %s in person or on a call before you send anything", safetext.Name(c.Name))
				return nil
			})
		}),
	}
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Take someone off your contacts",
		Long: `Take someone off your contacts. The ledger of exports keeps the exports
already sent to them.`,
		Args: exactlyOneArg("contacts remove needs a name", "peerdiary contacts lists them"),
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			return a.withDiary(cmd.Context(), 0, func(d *unlocked) error {
				if err := d.store.RemoveContact(args[0]); err != nil {
					return err
				}
				fmt.Fprintf(a.io.out, "removed %s\n", safetext.Name(strings.TrimSpace(args[0])))
				return nil
			})
		}),
	}
	cmd.AddCommand(add, remove)
	return cmd
}

// exactlyOneArg2 requires exactly two arguments.
func exactlyOneArg2(msg string, hints ...string) cobra.PositionalArgs {
	return argsBetween(2, 2, msg, hints...)
}

// readRecipients reads a key given on the command line, in a file, or on
// standard input ("-").
func (a *app) readRecipients(arg string) ([]crypto.Recipient, error) {
	arg = strings.TrimSpace(arg)
	lower := strings.ToLower(arg)
	if strings.HasPrefix(lower, "age1") || strings.HasPrefix(arg, "ssh-") || strings.HasPrefix(arg, "ecdsa-") || strings.HasPrefix(lower, "age-secret-key-") {
		r, err := crypto.ParseRecipient(arg)
		if err != nil {
			return nil, err
		}
		return []crypto.Recipient{r}, nil
	}
	var data []byte
	var err error
	if arg == "-" {
		if data, err = io.ReadAll(io.LimitReader(a.io.in, 64<<10+1)); err != nil {
			return nil, problem(diary.KindUsage, "can't read the key from standard input: "+err.Error(), err)
		}
	} else if data, err = readSmallFile(arg, 64<<10, "the key file"); err != nil {
		return nil, err
	}
	return crypto.ParseRecipients(data)
}

// contactLine is one contact as lists show it:
// "Jo: post-quantum age key age1pq1qxyzabcd…wxyz1234".
func contactLine(c diary.Contact) string {
	return safetext.Name(c.Name) + ": " + strings.Join(c.Kinds(), ", ") + " " + strings.Join(c.Fingerprints(), ", ")
}

func (a *app) printContacts(cs []diary.Contact) {
	if len(cs) == 0 {
		fmt.Fprintln(a.io.out, "No contacts yet. Add your supervisor with: peerdiary contacts add NAME THEIR-PUBLIC-KEY")
		return
	}
	for _, c := range cs {
		fmt.Fprintln(a.io.out, contactLine(c))
	}
}

type contactJSON struct {
	Name         string   `json:"name"`
	Keys         []string `json:"keys"`
	Fingerprints []string `json:"fingerprints"`
	Added        string   `json:"added"`
}

func contactsJSON(cs []diary.Contact) []contactJSON {
	out := make([]contactJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, contactJSON{Name: c.Name, Keys: c.Keys, Fingerprints: c.Fingerprints(), Added: c.Added.Format(time.RFC3339)})
	}
	return out
}
