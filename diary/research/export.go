package research

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
)

// Skipped is a consented entry an export leaves out, and why.
type Skipped struct {
	Entry  string // the diary's id
	Reason string // in a worker's words
}

// Plan is what an export would send: every consented entry not yet sent,
// de-identified, in the order consent was given. Nothing has left the diary
// while it is only a plan; it is what previews show.
type Plan struct {
	Participation *Participation
	Entries       []Entry
	Sources       []string // the diary id of each entry, never sent
	// Review lists, for each entry, capitalised words not on the people
	// list: they may be names the worker forgot to list. Never sent.
	Review     [][]string
	Skipped    []Skipped
	Recipients []string // the study's public keys
	// Listed is how many people are on the worker's list: with none, no
	// names are taken out, and the worker should be told.
	Listed int
	deid   *deidentifier
}

// PeopleReplaced and ReviewSuggested total the de-identification counts.
func (pl *Plan) PeopleReplaced() (replaced, review, tagsWithheld int) {
	for _, e := range pl.Entries {
		replaced += e.Deidentified.PeopleReplaced
		review += e.Deidentified.ReviewSuggested
		tagsWithheld += e.Deidentified.TagsWithheld
	}
	return
}

// PlanExport works out what an export to the study would send. The
// worker's list of people (Store.RedactionList, the list every export
// uses) always applies. An entry deleted from the diary since it was
// consented to, or no longer covered by the card, is skipped with a reason.
func PlanExport(s Store, study string) (*Plan, error) {
	p, err := Load(s, study)
	if err != nil {
		return nil, err
	}
	if p.Withdrawn() {
		return nil, ErrWithdrawn
	}
	people, err := s.RedactionList()
	if err != nil {
		return nil, err
	}
	settings, err := s.Settings()
	if err != nil {
		return nil, err
	}
	checkIns, err := s.CheckIns()
	if err != nil {
		return nil, err
	}
	d, err := newDeidentifier(p, people)
	if err != nil {
		return nil, err
	}
	pl := &Plan{Participation: p, Recipients: p.card.Recipients, Listed: len(people), deid: d}
	for _, ec := range p.Waiting() {
		e, err := s.Get(ec.Entry)
		if errors.Is(err, diary.ErrNotFound) {
			pl.Skipped = append(pl.Skipped, Skipped{ec.Entry, "it is no longer in the diary"})
			continue
		}
		if err != nil {
			return nil, err
		}
		sum := diary.Summarize(e, "")
		if ok, why := p.card.Eligible(&sum); !ok {
			pl.Skipped = append(pl.Skipped, Skipped{ec.Entry, why})
			continue
		}
		out, review, err := d.entry(e, &ec, p.card, settings.StageAt(e.Created), checkInFor(checkIns, e))
		if err != nil {
			return nil, err
		}
		pl.Entries = append(pl.Entries, *out)
		pl.Review = append(pl.Review, review)
		pl.Sources = append(pl.Sources, ec.Entry)
	}
	return pl, nil
}

// Result says what an export or a withdrawal wrote.
type Result struct {
	Sent    Sent
	Entries int
}

// Export makes the bundle a plan describes, records it in the diary's
// ledger of exports, hands it to out (which puts it where the worker asked,
// atomically), and only then records in the study's record that the
// entries were sent, so an interrupted export sends them again rather than
// never. The bundle is signed with the study's key and encrypted to the
// study's recipients only.
func Export(s Store, pl *Plan, appVersion string, now time.Time, out Output) (*Result, error) {
	if len(pl.Entries) == 0 {
		return nil, ErrNothingToExport
	}
	p := pl.Participation
	now = now.UTC().Truncate(time.Second)
	m := p.manifest(KindEntries, appVersion, now)
	files := map[string][]byte{cardName: []byte(p.Card)}
	hashes := map[string]string{}
	for i, e := range pl.Entries {
		ec := p.Entry(pl.Sources[i])
		data, err := json.MarshalIndent(e, "", "  ")
		if err != nil {
			return nil, err
		}
		data = append(data, '\n')
		name := entriesDir + e.Pseudonym + ".json"
		files[name] = data
		hashes[e.Pseudonym] = sha256Hex(data)
		m.Entries = append(m.Entries, ManifestEntry{
			Pseudonym: e.Pseudonym, File: name, SHA256: hashes[e.Pseudonym], ConsentedAt: ec.GrantedAt(),
		})
	}
	sealed, err := p.seal(m, files)
	if err != nil {
		return nil, err
	}
	replaced, _, _ := pl.PeopleReplaced()
	if err := send(s, p, "research bundle", pl.Sources, replaced, sealed, out, now); err != nil {
		return nil, err
	}
	sent := Sent{ID: m.ID, Kind: KindEntries, Sequence: m.Sequence, At: now, SHA256: sha256Hex(sealed)}
	for i, e := range pl.Entries {
		ec := p.Entry(pl.Sources[i])
		ec.SentIn, ec.SentAt, ec.SHA256 = m.ID, now, hashes[e.Pseudonym]
		sent.Entries = append(sent.Entries, e.Pseudonym)
	}
	p.Sent = append(p.Sent, sent)
	pl.deid.remember(p)
	if err := p.Save(s); err != nil {
		return nil, fmt.Errorf("the bundle was written, but recording it in the diary failed (the same entries will be offered again): %w", err)
	}
	return &Result{Sent: sent, Entries: len(pl.Entries)}, nil
}

// manifest starts a manifest for the next file sent to the study.
func (p *Participation) manifest(kind, appVersion string, now time.Time) *Manifest {
	if appVersion == "" {
		appVersion = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			appVersion = bi.Main.Version
		}
	}
	m := &Manifest{
		Format:          BundleFormat,
		Schema:          BundleSchema,
		Kind:            kind,
		ID:              newBundleID(),
		Sequence:        len(p.Sent) + 1,
		Study:           p.card.Study,
		ParticipantCode: p.ParticipantCode,
		AppVersion:      appVersion,
		CreatedAt:       now,
		SigningKey:      base64.StdEncoding.EncodeToString(p.PublicKey()),
		Card:            FileRef{File: cardName, SHA256: sha256Hex([]byte(p.Card))},
		Consent:         p.Consent,
		Earlier:         []SentRef{},
		Entries:         []ManifestEntry{},
	}
	for _, s := range p.Sent {
		m.Earlier = append(m.Earlier, SentRef{ID: s.ID, Kind: s.Kind, At: s.At, SHA256: s.SHA256})
	}
	return m
}

// seal packs, signs and encrypts a manifest and its files to the study's
// recipients.
func (p *Participation) seal(m *Manifest, files map[string][]byte) ([]byte, error) {
	plain, err := packBundle(m, p.SigningKey, files)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	var rs []crypto.Recipient
	for _, k := range p.card.Recipients {
		r, err := crypto.ParseRecipient(k)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return crypto.SealArmored(plain, rs...)
}

func newBundleID() string { return diary.NewID() }
