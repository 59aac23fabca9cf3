package research

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"peerdiary/diary/prompts"
	"peerdiary/diary/research/qdpx"
)

// row is one entry in the data: what the study received, where from, and
// under which consent.
type row struct {
	study, participant string
	entry              Entry
	consentedAt        time.Time
	bundle             string
	bundleAt           time.Time
}

// withdrawalRow is one withdrawal applied.
type withdrawalRow struct {
	study, participant string
	pseudonym          string // "" for the whole study
	scope              string
	withdrawnAt        time.Time
	removeSent         bool
	notice             string
	statement          string
}

// participant is everything received from one participant of one study.
type participant struct {
	study, code string
	consent     Consent // from the latest file
	card        *Card   // the latest card they consented to
	key         []byte
	files       int
	firstAt     time.Time
	lastAt      time.Time
	entries     map[string]*row // by pseudonym
	withdrawn   map[string]bool // pseudonyms withdrawn
	received    int             // entries ever received
	left        int             // entries left out by withdrawals
	studyGone   *Withdrawal
}

type dataset struct {
	participants []*participant
	rows         []*row
	withdrawals  []withdrawalRow
	latest       time.Time
}

// assemble applies every file, oldest first: entries are collected by
// pseudonym (a later copy of the same entry replaces an earlier one) and
// every withdrawal then takes out what it names.
func assemble(all []*Bundle, rep *ImportReport) *dataset {
	byKey := map[trustKey]*participant{}
	var order []*participant
	for _, b := range all {
		m := &b.Manifest
		k := trustKey{m.Study, m.ParticipantCode}
		p := byKey[k]
		if p == nil {
			p = &participant{study: m.Study, code: m.ParticipantCode, key: b.PublicKey, firstAt: m.CreatedAt,
				entries: map[string]*row{}, withdrawn: map[string]bool{}}
			byKey[k] = p
			order = append(order, p)
		}
		p.files++
		p.consent, p.card, p.lastAt = m.Consent, b.Card, m.CreatedAt
		for i, e := range b.Entries {
			if old, ok := p.entries[e.Pseudonym]; ok && old.bundle != m.ID {
				rep.Notes = append(rep.Notes, fmt.Sprintf("%s %s %s came again in %s; the later copy is used", m.Study, m.ParticipantCode, e.Pseudonym, m.ID))
			} else {
				p.received++
			}
			p.entries[e.Pseudonym] = &row{study: m.Study, participant: m.ParticipantCode, entry: e,
				consentedAt: m.Entries[i].ConsentedAt, bundle: m.ID, bundleAt: m.CreatedAt}
		}
	}
	d := &dataset{participants: order}
	for _, b := range all {
		m := &b.Manifest
		d.latest = m.CreatedAt // files are in time order
		if m.Kind != KindWithdrawal {
			continue
		}
		p := byKey[trustKey{m.Study, m.ParticipantCode}]
		w := m.Withdrawal
		if w.Scope == ScopeStudy {
			p.studyGone = w
			d.withdrawals = append(d.withdrawals, withdrawalRow{m.Study, m.ParticipantCode, "", w.Scope, w.WithdrawnAt, w.RemoveSent, m.ID, w.Statement})
			for ps, r := range p.entries {
				// Keeping what was sent keeps what was made before the
				// withdrawal; nothing made after it is used.
				if w.RemoveSent || r.bundleAt.After(w.WithdrawnAt) {
					p.withdrawn[ps] = true
				}
			}
			continue
		}
		for _, ps := range w.Entries {
			p.withdrawn[ps] = true
			d.withdrawals = append(d.withdrawals, withdrawalRow{m.Study, m.ParticipantCode, ps, w.Scope, w.WithdrawnAt, w.RemoveSent, m.ID, w.Statement})
		}
	}
	studies := map[string]bool{}
	for _, p := range order {
		studies[p.study] = true
		for ps, r := range p.entries {
			if p.withdrawn[ps] {
				p.left++
				rep.Withdrawn++
				continue
			}
			d.rows = append(d.rows, r)
		}
	}
	for s := range studies {
		rep.Studies = append(rep.Studies, s)
	}
	slices.Sort(rep.Studies)
	slices.SortFunc(d.participants, func(a, b *participant) int {
		return strings.Compare(a.study+"\x00"+a.code, b.study+"\x00"+b.code)
	})
	slices.SortFunc(d.rows, func(a, b *row) int {
		return strings.Compare(a.study+"\x00"+a.participant+"\x00"+a.entry.Date+"\x00"+a.entry.Pseudonym,
			b.study+"\x00"+b.participant+"\x00"+b.entry.Date+"\x00"+b.entry.Pseudonym)
	})
	slices.SortStableFunc(d.withdrawals, func(a, b withdrawalRow) int {
		return strings.Compare(a.study+"\x00"+a.participant+"\x00"+a.pseudonym, b.study+"\x00"+b.participant+"\x00"+b.pseudonym)
	})
	rep.Participants = len(d.participants)
	rep.Entries = len(d.rows)
	return d
}

// FullText is an entry's text as one document: the text, then each
// answer under its question. It is what entries.csv's text column and the
// QDPX sources hold.
func FullText(e *Entry) string {
	var b strings.Builder
	b.WriteString(e.Text)
	for _, a := range e.Answers {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		q := a.Question
		if q == "" {
			q = a.Step
		}
		b.WriteString(q)
		b.WriteString("\n")
		b.WriteString(a.Text)
	}
	return b.String()
}

// code is the codebook's name for an entry's prompt.
func codeOf(e *Entry) (family, key, name string) {
	switch {
	case e.Prompt != nil && e.Prompt.ID != "":
		fam := e.Prompt.Family
		if fam == "" {
			fam = "other"
		}
		return fam, "prompt:" + e.Prompt.ID, e.Prompt.ID
	case e.Template != "":
		return "reflections", "template:" + e.Template, "reflection: " + e.Template
	}
	return "free-writing", "free", "free writing"
}

// spreadsheetSafe keeps a cell from being run as a formula when the CSV is
// opened in a spreadsheet: a cell that starts like one gets a leading
// apostrophe. entries.jsonl keeps the text exactly.
func spreadsheetSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		if len(s) > 1 && s[1] != ' ' && s[1] != '\n' {
			return "'" + s
		}
	}
	return s
}

func csvFile(header []string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = spreadsheetSafe(c)
		}
		w.Write(safe)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func moodString(m *int) string {
	if m == nil {
		return ""
	}
	return strconv.Itoa(*m)
}

func checkInString(c *CheckIn) string {
	if c == nil {
		return ""
	}
	parts := []string{fmt.Sprintf("mood %d", c.Mood)}
	if c.Word != "" {
		parts = append(parts, c.Word)
	}
	if c.Happened {
		parts = append(parts, "something happened")
	}
	return strings.Join(parts, "; ")
}

// jsonlEntry is one line of entries.jsonl.
type jsonlEntry struct {
	Study           string    `json:"study"`
	ParticipantCode string    `json:"participant_code"`
	Bundle          string    `json:"bundle"`
	ConsentedAt     time.Time `json:"consented_at"`
	Entry
}

// render writes every output file from the data.
func (d *dataset) render(appVersion string) (map[string][]byte, error) {
	out := map[string][]byte{}
	var err error

	var rows [][]string
	var jsonl bytes.Buffer
	for _, r := range d.rows {
		e := &r.entry
		var pid, fam, sub, ptext string
		if e.Prompt != nil {
			pid, fam, sub, ptext = e.Prompt.ID, e.Prompt.Family, e.Prompt.Subtheme, e.Prompt.Text
		}
		rows = append(rows, []string{
			r.study, r.participant, e.Pseudonym, e.Date, e.DatePrecision, e.Stage,
			pid, fam, sub, ptext, e.Template, strings.Join(e.Tags, " "), moodString(e.Mood),
			checkInString(e.CheckIn), FullText(e), stamp(r.consentedAt), r.bundle,
		})
		line, err := json.Marshal(jsonlEntry{Study: r.study, ParticipantCode: r.participant, Bundle: r.bundle, ConsentedAt: r.consentedAt.UTC(), Entry: *e})
		if err != nil {
			return nil, err
		}
		jsonl.Write(line)
		jsonl.WriteByte('\n')
	}
	if out[EntriesCSV], err = csvFile([]string{
		"study", "participant_code", "entry", "date", "date_precision", "stage",
		"prompt_id", "family", "subtheme", "prompt_text", "template", "tags", "mood",
		"checkin", "text", "consented_at", "bundle",
	}, rows); err != nil {
		return nil, err
	}
	out[EntriesJSONL] = jsonl.Bytes()

	// The codebook: every prompt, reflection template and free writing
	// that the data holds, by family.
	codes := map[string]*codeRow{}
	for _, r := range d.rows {
		fam, key, name := codeOf(&r.entry)
		c := codes[key]
		if c == nil {
			c = &codeRow{family: fam, key: key, name: name}
			if r.entry.Prompt != nil {
				c.subtheme, c.text = r.entry.Prompt.Subtheme, r.entry.Prompt.Text
			}
			codes[key] = c
		}
		c.n++
	}
	var cb []*codeRow
	for _, c := range codes {
		cb = append(cb, c)
	}
	famOrder := func(f string) int {
		if i := slices.Index(prompts.FamilyIDs(), f); i >= 0 {
			return i
		}
		return len(prompts.Families)
	}
	slices.SortFunc(cb, func(a, b *codeRow) int {
		if c := famOrder(a.family) - famOrder(b.family); c != 0 {
			return c
		}
		if c := strings.Compare(a.family, b.family); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	var cbRows [][]string
	for _, c := range cb {
		cbRows = append(cbRows, []string{c.family, c.subtheme, c.name, c.text, strconv.Itoa(c.n)})
	}
	if out[CodebookCSV], err = csvFile([]string{"family", "subtheme", "code", "prompt_text", "entries"}, cbRows); err != nil {
		return nil, err
	}

	var consent [][]string
	for _, p := range d.participants {
		c := &p.consent
		status := c.Status
		withdrawnAt := ""
		if p.studyGone != nil {
			status = StatusWithdrawn
			withdrawnAt = stamp(p.studyGone.WithdrawnAt)
		}
		consent = append(consent, []string{
			p.study, p.code, c.RecordID, c.CardSHA256, c.ConsentVersion, c.ConsentTextSHA256,
			stamp(c.GivenAt), c.Method, status, withdrawnAt,
			strings.Join(c.Scope.Uses, " "), c.Scope.Dates, c.Scope.Keep,
			fingerprint(sha256Hex(p.key)), strconv.Itoa(p.files), strconv.Itoa(p.received),
			strconv.Itoa(p.left), strconv.Itoa(p.received - p.left),
		})
	}
	if out[ConsentCSV], err = csvFile([]string{
		"study", "participant_code", "consent_record", "card_sha256", "consent_version", "consent_text_sha256",
		"consent_given_at", "method", "status", "withdrawn_at", "uses", "dates", "retention",
		"signing_key_fingerprint", "files", "entries_received", "entries_withdrawn", "entries_in_data",
	}, consent); err != nil {
		return nil, err
	}

	var wrows [][]string
	for _, w := range d.withdrawals {
		what := w.pseudonym
		if what == "" {
			what = "all"
		}
		wrows = append(wrows, []string{w.study, w.participant, what, w.scope, stamp(w.withdrawnAt), strconv.FormatBool(w.removeSent), w.notice, w.statement})
	}
	if out[WithdrawalsCSV], err = csvFile([]string{"study", "participant_code", "entry", "scope", "withdrawn_at", "remove_sent", "notice", "statement"}, wrows); err != nil {
		return nil, err
	}

	proj := d.project(appVersion, cb)
	if out[ProjectQDPX], err = qdpx.Write(proj); err != nil {
		return nil, err
	}
	return out, nil
}

// codeRow is one code of the codebook.
type codeRow struct {
	family, key, name, subtheme, text string
	n                                 int
}

// project is the data as a REFI-QDA project: families as code folders with
// each prompt a code under its family, one text source per entry coded with
// its prompt, and each participant a case with their variables.
func (d *dataset) project(appVersion string, leaves []*codeRow) *qdpx.Project {
	name := "peerdiary studies"
	studies := map[string]bool{}
	for _, p := range d.participants {
		studies[p.study] = true
	}
	if len(studies) == 1 {
		name = d.participants[0].study
	}
	p := &qdpx.Project{
		Name:        name,
		Origin:      "peerdiary " + appVersion,
		Description: "Diary entries shared with consent, de-identified by each participant's diary. Each source is one entry, coded with the prompt it answers; each case is one participant.",
		Created:     d.latest,
		User:        "peerdiary research import",
		Variables: []qdpx.Variable{
			{Key: "study", Name: "study", Type: qdpx.Text},
			{Key: "participant", Name: "participant code", Type: qdpx.Text},
			{Key: "consent", Name: "consent status", Type: qdpx.Text},
			{Key: "consent-version", Name: "consent version", Type: qdpx.Text},
			{Key: "consented", Name: "consent given", Type: qdpx.Date},
			{Key: "uses", Name: "allowed uses", Type: qdpx.Text},
			{Key: "entries", Name: "entries", Type: qdpx.Integer},
			{Key: "date", Name: "date", Type: qdpx.Text},
			{Key: "stage", Name: "stage", Type: qdpx.Text},
			{Key: "family", Name: "family", Type: qdpx.Text},
			{Key: "prompt", Name: "prompt", Type: qdpx.Text},
			{Key: "tags", Name: "tags", Type: qdpx.Text},
			{Key: "mood", Name: "mood", Type: qdpx.Integer},
			{Key: "checkin", Name: "check-in", Type: qdpx.Text},
		},
	}
	fams := map[string]*qdpx.Code{}
	var famOrder []string
	for _, l := range leaves {
		f := fams[l.family]
		if f == nil {
			f = &qdpx.Code{Key: "family:" + l.family, Name: l.family, Description: familyAbout(l.family)}
			fams[l.family] = f
			famOrder = append(famOrder, l.family)
		}
		desc := l.text
		if l.subtheme != "" {
			desc = strings.TrimSpace(l.subtheme + ": " + l.text)
		}
		f.Children = append(f.Children, qdpx.Code{Key: l.key, Name: l.name, Description: desc, Codable: true})
	}
	for _, f := range famOrder {
		p.Codes = append(p.Codes, *fams[f])
	}
	cases := map[trustKey]*qdpx.Case{}
	for _, pt := range d.participants {
		status := pt.consent.Status
		if pt.studyGone != nil {
			status = StatusWithdrawn
		}
		c := &qdpx.Case{
			Key: pt.study + "/" + pt.code, Name: pt.code,
			Description: "Participant " + pt.code + " in " + pt.study,
			Values: []qdpx.Value{
				{Var: "study", Value: pt.study}, {Var: "participant", Value: pt.code},
				{Var: "consent", Value: status}, {Var: "consent-version", Value: pt.consent.ConsentVersion},
				{Var: "consented", Value: pt.consent.GivenAt.UTC().Format(time.DateOnly)},
				{Var: "uses", Value: strings.Join(pt.consent.Scope.Uses, " ")},
				{Var: "entries", Value: strconv.Itoa(pt.received - pt.left)},
			},
		}
		cases[trustKey{pt.study, pt.code}] = c
	}
	for _, r := range d.rows {
		e := &r.entry
		_, code, _ := codeOf(e)
		key := r.study + "/" + r.participant + "/" + e.Pseudonym
		fam, prompt := "", ""
		if e.Prompt != nil {
			fam, prompt = e.Prompt.Family, e.Prompt.Text
		}
		p.Sources = append(p.Sources, qdpx.Source{
			Key: key, Name: r.participant + " " + e.Pseudonym + " " + e.Date,
			Description: prompt, Text: FullText(e), Codes: []string{code},
			Values: []qdpx.Value{
				{Var: "study", Value: r.study}, {Var: "participant", Value: r.participant},
				{Var: "date", Value: e.Date}, {Var: "stage", Value: e.Stage}, {Var: "family", Value: fam},
				{Var: "prompt", Value: prompt}, {Var: "tags", Value: strings.Join(e.Tags, " ")},
				{Var: "mood", Value: moodString(e.Mood)}, {Var: "checkin", Value: checkInString(e.CheckIn)},
			},
		})
		c := cases[trustKey{r.study, r.participant}]
		c.Sources = append(c.Sources, key)
	}
	for _, pt := range d.participants {
		p.Cases = append(p.Cases, *cases[trustKey{pt.study, pt.code}])
	}
	return p
}

func familyAbout(f string) string {
	switch f {
	case "free-writing":
		return "Entries written without a prompt"
	case "reflections":
		return "Structured reflections that answer no single prompt"
	}
	return "Prompts of the " + f + " family"
}
