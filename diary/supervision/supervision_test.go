package supervision

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"peerdiary/crypto"
	"peerdiary/diary"
)

var (
	utc  = time.UTC
	day1 = time.Date(2026, 11, 21, 18, 30, 0, 0, utc)
	day2 = time.Date(2026, 11, 23, 9, 15, 0, 0, utc)
	now  = time.Date(2026, 11, 30, 12, 0, 0, 0, utc)
)

func people() []diary.Person {
	return []diary.Person{
		{Name: "Sam Jones", Aliases: []string{"Sammy", "Sam"}, As: "Client A"},
		{Name: "Priya"},
		{Name: "Zoë"},
	}
}

func entries() []*diary.Entry {
	return []*diary.Entry{
		{ID: "bbbbbbbbbbbbbbbb", Created: day2, Mood: 2, Tags: []string{"sammy", "outreach"},
			Prompt:   &diary.PromptRef{ID: "p", Family: "care", Subtheme: "after-incident", Text: "What did Priya need from you?"},
			Template: "debrief",
			Answers:  []diary.Answer{{Step: "what-happened", Question: "What happened?", Text: "Sam's friend called. ZOE came\nwith Sam\nJones later."}},
			Body:     "Long night. Talked to Ravi about it."},
		{ID: "aaaaaaaaaaaaaaaa", Created: day1, Mood: 4, Body: "Priya's first week went well. Samuel helped.\n\n<script>alert(1)</script> & \"quotes\""},
	}
}

func build(t *testing.T, mod func(*Request)) *Packet {
	t.Helper()
	req := Request{
		Entries: entries(), People: people(), Redact: true, Now: now, Location: utc,
		Flags: []diary.Flag{{ID: "bbbbbbbbbbbbbbbb", Note: "how I handled Sammy", At: day2}},
		Note:  "I'd like to talk about Priya and the night shift.",
		Needs: []Function{Restorative},
	}
	if mod != nil {
		mod(&req)
	}
	p, err := Build(req)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// listed is every listed name and alias, as a test searches for them.
var listed = regexp.MustCompile(`(?i)\b(sam|jones|sammy|priya|zo[eë])\b`)

func TestBuildRedactsEveryField(t *testing.T) {
	p := build(t, nil)
	if p.Entries[0].ID != "aaaaaaaaaaaaaaaa" {
		t.Errorf("entries not oldest first: %s", p.Entries[0].ID)
	}
	for _, f := range []Format{Markdown, HTML, JSON} {
		out, err := p.Render(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := listed.Find(out); m != nil {
			t.Errorf("%s: %q survives", f, m)
		}
		for _, want := range []string{"Client A", "Person A", "Person B", "Samuel", "Ravi"} {
			if !bytes.Contains(out, []byte(want)) {
				t.Errorf("%s: no %q", f, want)
			}
		}
	}
	// Priya is mentioned first, in the note, so she is Person A.
	if !strings.Contains(p.Note.S, "Person A") {
		t.Errorf("note: %q", p.Note.S)
	}
	if p.Replacements != 8 {
		t.Errorf("Replacements %d", p.Replacements)
	}
	if got := strings.Join(p.Checks(), ","); got != "Long,Talked,Ravi,Samuel" && got != "Samuel,Long,Talked,Ravi" {
		t.Logf("checks: %s", got)
	}
	checks := p.Checks()
	for _, w := range []string{"Ravi", "Samuel"} {
		found := false
		for _, c := range checks {
			found = found || c == w
		}
		if !found {
			t.Errorf("%s is not marked to check: %v", w, checks)
		}
	}
}

func TestPreviewIsTheMarkdownFile(t *testing.T) {
	p := build(t, nil)
	pv := p.Preview()
	if pv.Text != string(p.Markdown()) {
		t.Fatal("the preview differs from the Markdown file")
	}
	var replaced, check int
	for _, m := range pv.Marks {
		w := pv.Text[m.Start:m.End]
		switch m.Kind {
		case Replaced:
			replaced++
			if w != "Client A" && !strings.HasPrefix(w, "Person ") {
				t.Errorf("a replacement mark covers %q", w)
			}
		case Check:
			check++
			if w == "" || strings.ToUpper(w[:1]) != w[:1] {
				t.Errorf("a check mark covers %q", w)
			}
		}
	}
	if replaced != p.Replacements || check == 0 {
		t.Errorf("%d replacement marks for %d replacements, %d check marks", replaced, p.Replacements, check)
	}
}

func TestMarkdownLayout(t *testing.T) {
	md := string(build(t, nil).Markdown())
	for _, want := range []string{
		"# Supervision packet\n\n- 2 entries, from Saturday 21 November 2026 to Monday 23 November 2026\n- Made Monday 30 November 2026\n- Names: replaced with pseudonyms (8 replacements)\n- Dates: to the day\n",
		"## What I'd like from supervision\n\n- Support: room to talk about how the work is landing on me\n\nI'd like to talk about Person A and the night shift.\n",
		"## 2. Monday 23 November 2026\n\n- Prompt (care · " + SubthemeLabel("care", "after-incident") + "): What did Person A need from you?\n- Flagged to talk about: how I handled Client A\n- Mood: 2 of 5\n- Tags: #Client A #outreach\n- Entry bbbbbbbbbbbbbbbb\n",
		"### What happened?\n\nClient A's friend called. Person B came\nwith Client A later.\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in\n%s", want, md)
		}
	}
	exact := string(build(t, func(r *Request) { r.Dates = DatesExact }).Markdown())
	if !strings.Contains(exact, "## 1. Saturday 21 November 2026, 18:30") || strings.Contains(exact, "Dates: to the day") {
		t.Errorf("exact dates:\n%s", exact)
	}
}

func TestNoRedaction(t *testing.T) {
	p := build(t, func(r *Request) { r.Redact = false })
	md := string(p.Markdown())
	if !strings.Contains(md, "Sam's friend") || !strings.Contains(md, "Names: not taken out") || p.Replacements != 0 {
		t.Errorf("without redaction:\n%s", md)
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	p := build(t, func(r *Request) {
		r.Summary = &Summary{Entries: 5, Incidents: 1, Families: []Count{{Family: "care", N: 3}}, Until: now}
	})
	page, err := p.HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, bad := range []string{"<script", "src=", "href=", "url(", "@import", "http://", "https://", "<link", "<img", "<iframe", "<object"} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("the page has %q", bad)
		}
	}
	for _, want := range []string{
		`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-`,
		"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;",
		`<section class="entry">`, "break-before: page",
		"Client A&#39;s friend called.",
		"<h2>Summary of my entries so far</h2>",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in the page", want)
		}
	}
	if n := strings.Count(s, `<section class="entry">`); n != 2 {
		t.Errorf("%d entry sections", n)
	}
}

func TestJSONSchema(t *testing.T) {
	p := build(t, nil)
	out, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Format    string `json:"format"`
		Version   int    `json:"version"`
		Made      string `json:"made"`
		Dates     string `json:"dates"`
		Redaction struct {
			Names        bool `json:"names"`
			Replacements int  `json:"replacements"`
		} `json:"redaction"`
		Needs   []struct{ Function, Label string } `json:"needs"`
		Note    string                             `json:"note"`
		Range   struct{ First, Last string }       `json:"range"`
		Entries []struct {
			ID, Date, Body string
			Tags           []string
			Mood           int
			Flag           *struct{ Note string }
			Prompt         *struct{ Family, Subtheme, Theme, Text string }
			Answers        []struct{ Question, Text string }
		} `json:"entries"`
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	if err := dec.Decode(&j); err != nil {
		t.Fatal(err)
	}
	if j.Format != FormatName || j.Version != 1 || j.Made != "2026-11-30" || j.Dates != "day" ||
		!j.Redaction.Names || j.Redaction.Replacements != 8 || j.Range.First != "2026-11-21" || j.Range.Last != "2026-11-23" ||
		len(j.Needs) != 1 || j.Needs[0].Function != "restorative" || len(j.Entries) != 2 {
		t.Errorf("packet: %+v", j)
	}
	e := j.Entries[1]
	if e.ID != "bbbbbbbbbbbbbbbb" || e.Date != "2026-11-23" || e.Flag == nil || e.Flag.Note != "how I handled Client A" ||
		e.Prompt == nil || e.Prompt.Family != "care" || len(e.Answers) != 1 || e.Tags[0] != "Client A" {
		t.Errorf("entry: %+v", e)
	}
	if j.Entries[0].Flag != nil || j.Entries[0].Prompt != nil {
		t.Errorf("an unflagged entry without a prompt: %+v", j.Entries[0])
	}
}

func TestBuildRefuses(t *testing.T) {
	if _, err := Build(Request{}); !errors.Is(err, ErrNothingChosen) {
		t.Errorf("no entries: %v", err)
	}
	for _, mod := range []func(*Request){
		func(r *Request) { r.Dates = "hourly" },
		func(r *Request) { r.Note = strings.Repeat("x", 9<<10) },
		func(r *Request) { r.From = strings.Repeat("x", 101) },
	} {
		req := Request{Entries: entries(), Redact: true, Now: now}
		mod(&req)
		if _, err := Build(req); !errors.Is(err, ErrBadRequest) {
			t.Errorf("Build: %v", err)
		}
	}
	req := Request{Entries: entries(), Redact: true, Now: now, People: []diary.Person{{Name: "Sam"}, {Name: "Alex", Aliases: []string{"sam"}}}}
	if _, err := Build(req); !errors.Is(err, diary.ErrBadName) {
		t.Errorf("a list that can't redact: %v", err)
	}
	if _, err := ParseFormat("pdf"); !errors.Is(err, ErrBadRequest) {
		t.Errorf("ParseFormat: %v", err)
	}
	if f, err := ParseFunction(" Formative "); f != Formative || err != nil {
		t.Errorf("ParseFunction: %v %v", f, err)
	}
}

type fakeLedger struct {
	recs []diary.ExportRecord
}

func (f *fakeLedger) RecordExport(r diary.ExportRecord) error {
	f.recs = append(f.recs, r)
	return nil
}

func (f *fakeLedger) ForgetExport(id string) error {
	f.recs = slices.DeleteFunc(f.recs, func(r diary.ExportRecord) bool { return r.ID == id })
	return nil
}

func TestSealAndCommit(t *testing.T) {
	sup, _ := crypto.GenerateIdentity(false, now)
	c := diary.Contact{Name: "Jo", Keys: []string{sup.PublicKey()}}
	p := build(t, nil)
	s, err := Seal(p, HTML, []diary.Contact{c}, true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(s.Bytes, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) || s.Record.To != "Jo" ||
		s.Record.Fingerprints[0] != crypto.Fingerprint(sup.PublicKey()) || s.Record.Size != len(s.Bytes) || len(s.Record.SHA256) != 64 {
		t.Errorf("sealed: %+v", s.Record)
	}
	plain, err := crypto.OpenSealed(s.Bytes, 1<<20, sup.Keys())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := p.HTML()
	if !bytes.Equal(plain, want) {
		t.Error("the sealed packet is not the rendered one")
	}
	l := &fakeLedger{}
	var written []byte
	rec, err := Commit(l, s, "out.age", func(b []byte) error {
		if len(l.recs) != 1 {
			t.Error("written before it was recorded")
		}
		written = b
		return nil
	})
	if err != nil || rec.Output != "out.age" || !bytes.Equal(written, s.Bytes) || len(l.recs) != 1 {
		t.Errorf("Commit: %+v %v", rec, err)
	}
	boom := errors.New("disk full")
	s, _ = Seal(p, HTML, []diary.Contact{c}, true)
	if _, err := Commit(l, s, "x", func([]byte) error { return boom }); !errors.Is(err, boom) || len(l.recs) != 1 {
		t.Errorf("a failed write: %v, ledger %d", err, len(l.recs))
	}
	// Plaintext is recorded as such.
	s, err = Seal(p, Markdown, nil, false)
	if err != nil || !s.Record.Plaintext || s.Record.To != "" || !bytes.Equal(s.Bytes, p.Markdown()) {
		t.Errorf("plaintext: %+v %v", s.Record, err)
	}
}

// One export to several contacts: one file every key opens, the ledger
// names them all with their fingerprints, a contact named twice counts
// once, and post-quantum keys with classic or SSH ones are refused with
// who has which, before anything is sealed.
func TestSealToSeveral(t *testing.T) {
	jo, _ := crypto.GenerateIdentity(false, now)
	kim, _ := crypto.GenerateIdentity(false, now)
	classic, _ := crypto.GenerateIdentity(true, now)
	cJo := diary.Contact{Name: "Jo", Keys: []string{jo.PublicKey()}}
	cKim := diary.Contact{Name: "Kim", Keys: []string{kim.PublicKey()}}
	cAli := diary.Contact{Name: "Ali", Keys: []string{classic.PublicKey()}}
	p := build(t, nil)
	s, err := Seal(p, Markdown, []diary.Contact{cJo, cKim, cJo}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []*crypto.Identity{jo, kim} {
		plain, err := crypto.OpenSealed(s.Bytes, 1<<20, id.Keys())
		if err != nil || !bytes.Equal(plain, p.Markdown()) {
			t.Errorf("%s can't open it: %v", id.PublicKey()[:12], err)
		}
	}
	r := s.Record
	if r.To != "Jo" || len(r.Also) != 1 || r.Also[0].Name != "Kim" || r.Also[0].Fingerprints[0] != crypto.Fingerprint(kim.PublicKey()) {
		t.Errorf("record: %+v", r)
	}
	if !r.SentTo("kim") || !r.SentTo("Jo") || r.SentTo("Ali") || strings.Join(r.Names(), ",") != "Jo,Kim" {
		t.Errorf("SentTo/Names: %+v", r)
	}
	_, err = Seal(p, Markdown, []diary.Contact{cJo, cAli, cKim}, false)
	if !errors.Is(err, diary.ErrMixedContacts) || !errors.Is(err, crypto.ErrMixedRecipients) {
		t.Fatalf("mixed: %v", err)
	}
	if msg := diary.Explain(err, "", diary.CommandLine); !strings.Contains(msg.Msg, "Jo and Kim are post-quantum, Ali is not") || !strings.Contains(msg.Hints[0], "one export to each") {
		t.Errorf("mixed, in words: %+v", msg)
	}
}

// The summary for several contacts covers what the one sent to least
// recently has not seen; one never sent to means everything.
func TestPrepareAll(t *testing.T) {
	cat := []diary.Summary{{ID: "a", Created: day1}, {ID: "c", Created: day2}}
	ledger := []diary.ExportRecord{{ID: "x1", To: "Jo", At: day1.Add(-time.Hour)}, {ID: "x2", To: "Kim", At: day2.Add(-time.Hour)},
		{ID: "x3", To: "Sam", At: day2, Also: []diary.SentTo{{Name: "Kim"}}}}
	p := PrepareAll([]diary.Contact{{Name: "Kim"}, {Name: "Jo"}}, ledger, nil, cat, now)
	if p.Last == nil || p.Last.ID != "x1" || p.Summary.Entries != 2 {
		t.Errorf("PrepareAll: %+v", p)
	}
	if p := Prepare(diary.Contact{Name: "Kim"}, ledger, nil, cat, now); p.Last == nil || p.Last.ID != "x3" {
		t.Errorf("an export to several is the last to each of them: %+v", p.Last)
	}
	if p := PrepareAll([]diary.Contact{{Name: "Kim"}, {Name: "New"}, {Name: "Jo"}}, ledger, nil, cat, now); p.Last != nil || p.Summary.Entries != 2 {
		t.Errorf("with a new contact: %+v", p)
	}
}

func TestSummaryAndPrepare(t *testing.T) {
	cat := []diary.Summary{
		{ID: "a", Created: day1, Mood: 4, Prompt: &diary.PromptRef{Family: "care", Subtheme: "hard-days"}},
		{ID: "b", Created: day1.Add(time.Hour), Mood: 4, Tags: []string{"care", "care/after-incident", "reflection"}},
		{ID: "c", Created: day2, Mood: 2, Prompt: &diary.PromptRef{Family: "role-friction", Subtheme: "undervalued"}},
		{ID: "d", Created: day2.Add(time.Hour), Mood: 1},
		{ID: "e", Created: now.Add(time.Hour), Mood: 5},
	}
	s := Summarize(cat, time.Time{}, now)
	if s.Entries != 4 || s.Incidents != 1 || s.Families[0] != (Count{Family: "care", N: 2}) || s.Mood.Rated != 4 ||
		s.Mood.Early != 4 || s.Mood.Late != 1.5 || s.Mood.Trend() != "lower" || s.Mood.Lowest != 1 || s.Mood.Highest != 4 {
		t.Errorf("Summarize: %+v", s)
	}
	if (Mood{Rated: 3}).Trend() != "" || (Mood{Rated: 4, Early: 2, Late: 2.2}).Trend() != "about the same" {
		t.Error("Trend")
	}
	ledger := []diary.ExportRecord{{ID: "x1", To: "Jo", At: day1.Add(30 * time.Minute)}, {ID: "x2", To: "Kim", At: day2}}
	flags := []diary.Flag{{ID: "a", At: day1}, {ID: "c", At: day2}, {ID: "gone", At: day2}}
	p := Prepare(diary.Contact{Name: "Jo"}, ledger, flags, cat, now)
	if p.Last == nil || p.Last.ID != "x1" || len(p.Flagged) != 1 || p.Flagged[0].ID != "c" || p.Summary.Entries != 3 {
		t.Errorf("Prepare: %+v", p)
	}
	first := Prepare(diary.Contact{Name: "New"}, ledger, flags, cat, now)
	if first.Last != nil || len(first.Flagged) != 2 || first.Summary.Entries != 4 {
		t.Errorf("Prepare for a first export: %+v", first)
	}
}

func TestJSONReadsBack(t *testing.T) {
	for _, dates := range []Dates{DatesDay, DatesExact} {
		p := build(t, func(r *Request) {
			r.Dates = dates
			r.From = "Alex"
			r.Summary = &Summary{Since: day1, Until: now, Entries: 3, Incidents: 1,
				Families: []Count{{Family: "care", N: 2}}, Subthemes: []Count{{Family: "care", Subtheme: "hard-days", N: 2}},
				Mood: Mood{Rated: 4, Early: 4, Late: 1.5, Lowest: 1, Highest: 4}}
		})
		out, _ := p.JSON()
		if k, err := Kind(out); k != JSON || err != nil {
			t.Fatalf("Kind: %v %v", k, err)
		}
		back, err := ParseJSON(out)
		if err != nil {
			t.Fatal(err)
		}
		// Marks aside, the Markdown of the packet read back is the same.
		if got, want := string(back.Markdown()), string(p.Markdown()); got != want {
			t.Errorf("dates %s: read back differs:\n%s\n---\n%s", dates, got, want)
		}
	}
	for _, bad := range []string{`{"format":"x","version":1}`, `{"format":"peerdiary-supervision-packet","version":2}`, `{`, `{"format":"peerdiary-supervision-packet","version":1,"entries":[]}`} {
		if _, err := ParseJSON([]byte(bad)); !errors.Is(err, ErrNotPacket) {
			t.Errorf("ParseJSON(%s): %v", bad, err)
		}
	}
	for in, want := range map[string]Format{"# Supervision": Markdown, " <!DOCTYPE html>": HTML, "\n{": JSON} {
		if k, _ := Kind([]byte(in)); k != want {
			t.Errorf("Kind(%q) = %s", in, k)
		}
	}
	if _, err := Kind([]byte{0xff}); !errors.Is(err, ErrNotPacket) {
		t.Error("Kind of binary")
	}
}

// The Markdown example in docs/EXPORT.md is what peerdiary writes.
func TestExportDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/EXPORT.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## Markdown (`--format md`, the default)\n\n```\n")
	example, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 {
		t.Fatal("no example in docs/EXPORT.md")
	}
	p, err := Build(Request{
		Entries: []*diary.Entry{
			{ID: "9f3k2m8x4v7q1z0a", Created: day1, Mood: 4, Body: "Priya's first week went well."},
			{ID: "k3v9x2q8m4n7p1z0", Created: day2, Mood: 2, Tags: []string{"outreach"},
				Prompt:  &diary.PromptRef{Family: "care", Subtheme: "after-incident", Text: "What do you need now?"},
				Answers: []diary.Answer{{Question: "What happened?", Text: "Sam's friend called."}}},
		},
		People: []diary.Person{{Name: "Sam Jones", Aliases: []string{"Sam", "Sammy"}, As: "Client A"}, {Name: "Priya"}},
		Flags:  []diary.Flag{{ID: "k3v9x2q8m4n7p1z0", Note: "how I handled Sammy"}},
		Redact: true, Now: now, Location: utc, From: "Alex",
		Note:  "I'd like to talk about Priya and the night shift.",
		Needs: []Function{Restorative},
		Summary: &Summary{Since: time.Date(2026, 11, 16, 10, 0, 0, 0, utc), Until: now, Entries: 6, Incidents: 1,
			Families:  []Count{{Family: "care", N: 3}, {Family: "role-friction", N: 2}},
			Subthemes: []Count{{Family: "care", Subtheme: "hard-days", N: 2}, {Family: "role-friction", Subtheme: "undervalued", N: 2}},
			Mood:      Mood{Rated: 5, Early: 3.5, Late: 2, Lowest: 1, Highest: 4}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(p.Markdown()); got != example {
		t.Errorf("docs/EXPORT.md's example is out of date; peerdiary writes:\n%s", got)
	}
}

// An HTML packet reads back as its Markdown packet, word for word, so the
// reader can show a printable page without it being saved anywhere: with
// and without a note, needs, a summary, a sender, exact dates, answers,
// and entry text that looks like markup.
func TestHTMLReadsBackAsMarkdown(t *testing.T) {
	for name, mod := range map[string]func(*Request){
		"as built": nil,
		"bare": func(r *Request) {
			r.Note, r.Needs, r.Flags = "", nil, nil
		},
		"note only": func(r *Request) { r.Needs = nil },
		"everything": func(r *Request) {
			r.From = "Alex <b>"
			r.Dates = DatesExact
			r.Needs = Functions
			r.Note = "Line one\n\n  indented <i>not markup</i>\nlast"
			r.Summary = &Summary{Since: day1, Until: now, Entries: 3, Incidents: 1,
				Families: []Count{{Family: "care", N: 2}}, Mood: Mood{Rated: 4, Early: 4, Late: 1.5, Lowest: 1, Highest: 4}}
		},
		"no redaction": func(r *Request) { r.Redact = false },
	} {
		t.Run(name, func(t *testing.T) {
			checkReadBack(t, build(t, mod))
		})
	}
	for _, bad := range []string{"", "<!DOCTYPE html><html><body><p>hello</p></body></html>"} {
		if _, err := HTMLText([]byte(bad)); !errors.Is(err, ErrNotPacket) {
			t.Errorf("HTMLText(%q): %v", bad, err)
		}
	}
}

// checkReadBack holds that the packet's HTML page reads back, through
// HTMLText, as its Markdown, byte for byte.
func checkReadBack(t *testing.T, p *Packet) {
	t.Helper()
	page, err := p.HTML()
	if err != nil {
		t.Fatal(err)
	}
	got, err := HTMLText(page)
	if err != nil {
		t.Fatal(err)
	}
	if want := p.Markdown(); string(got) != string(want) {
		t.Errorf("read back:\n%q\nwant:\n%q", got, want)
	}
}
