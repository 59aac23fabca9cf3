package supervision

import (
	"encoding/json"
)

// FormatName identifies a supervision packet in JSON.
const FormatName = "peerdiary-supervision-packet"

// The JSON packet; docs/EXPORT.md is its schema, field by field.
type jsonPacket struct {
	Format    string        `json:"format"`
	Version   int           `json:"version"`
	Made      string        `json:"made"`
	Dates     Dates         `json:"dates"`
	From      string        `json:"from,omitempty"`
	Redaction jsonRedaction `json:"redaction"`
	Needs     []jsonNeed    `json:"needs"`
	Note      string        `json:"note"`
	Range     jsonRange     `json:"range"`
	Summary   *jsonSummary  `json:"summary,omitempty"`
	Entries   []jsonEntry   `json:"entries"`
}

type jsonRedaction struct {
	Names        bool `json:"names"`
	Replacements int  `json:"replacements"`
}

type jsonNeed struct {
	Function Function `json:"function"`
	Label    string   `json:"label"`
}

type jsonRange struct {
	First string `json:"first"`
	Last  string `json:"last"`
}

type jsonSummary struct {
	Since     string      `json:"since,omitempty"`
	Until     string      `json:"until"`
	Entries   int         `json:"entries"`
	Families  []jsonCount `json:"families"`
	Subthemes []jsonCount `json:"subthemes"`
	Incidents int         `json:"incidents"`
	Mood      jsonMood    `json:"mood"`
}

type jsonCount struct {
	Family   string `json:"family"`
	Subtheme string `json:"subtheme,omitempty"`
	Label    string `json:"label"`
	Entries  int    `json:"entries"`
}

type jsonMood struct {
	Rated   int     `json:"rated"`
	Early   float64 `json:"early"`
	Late    float64 `json:"late"`
	Lowest  int     `json:"lowest"`
	Highest int     `json:"highest"`
	Trend   string  `json:"trend"`
}

type jsonEntry struct {
	ID       string       `json:"id"`
	Date     string       `json:"date"`
	Prompt   *jsonPrompt  `json:"prompt,omitempty"`
	Template string       `json:"template,omitempty"`
	Flag     *jsonFlag    `json:"flag,omitempty"`
	Mood     int          `json:"mood,omitempty"`
	Tags     []string     `json:"tags"`
	Body     string       `json:"body"`
	Answers  []jsonAnswer `json:"answers"`
}

type jsonPrompt struct {
	Family   string `json:"family,omitempty"`
	Subtheme string `json:"subtheme,omitempty"`
	Theme    string `json:"theme,omitempty"`
	Text     string `json:"text"`
}

type jsonFlag struct {
	Note string `json:"note"`
}

type jsonAnswer struct {
	Question string `json:"question"`
	Text     string `json:"text"`
}

// JSON is the packet as JSON, indented, as docs/EXPORT.md describes it.
func (p *Packet) JSON() ([]byte, error) {
	j := jsonPacket{
		Format:    FormatName,
		Version:   FormatVersion,
		Made:      p.isoDate(p.Made),
		Dates:     p.Dates,
		From:      p.From.S,
		Redaction: jsonRedaction{Names: p.Redacted, Replacements: p.Replacements},
		Needs:     []jsonNeed{},
		Note:      p.Note.S,
		Range:     jsonRange{First: p.isoDate(p.First), Last: p.isoDate(p.Last)},
		Entries:   []jsonEntry{},
	}
	for _, f := range p.Needs {
		j.Needs = append(j.Needs, jsonNeed{Function: f, Label: f.Label()})
	}
	if s := p.Summary; s != nil {
		js := &jsonSummary{
			Since: p.isoDate(s.Since), Until: p.isoDate(s.Until), Entries: s.Entries,
			Families: []jsonCount{}, Subthemes: []jsonCount{}, Incidents: s.Incidents,
			Mood: jsonMood{Rated: s.Mood.Rated, Early: round1(s.Mood.Early), Late: round1(s.Mood.Late),
				Lowest: s.Mood.Lowest, Highest: s.Mood.Highest, Trend: s.Mood.Trend()},
		}
		for _, c := range s.Families {
			js.Families = append(js.Families, jsonCount{Family: c.Family, Label: FamilyLabel(c.Family), Entries: c.N})
		}
		for _, c := range s.Subthemes {
			js.Subthemes = append(js.Subthemes, jsonCount{Family: c.Family, Subtheme: c.Subtheme, Label: SubthemeLabel(c.Family, c.Subtheme), Entries: c.N})
		}
		j.Summary = js
	}
	for _, e := range p.Entries {
		je := jsonEntry{ID: e.ID, Date: p.isoDate(e.Created), Template: e.Template, Mood: e.Mood,
			Tags: []string{}, Body: e.Body.S, Answers: []jsonAnswer{}}
		if e.Prompt.S != "" || e.Family != "" {
			je.Prompt = &jsonPrompt{Family: e.Family, Subtheme: e.Subtheme, Text: e.Prompt.S}
			if e.Family != "" {
				je.Prompt.Theme = p.theme(e)
			}
		}
		if e.Flagged {
			je.Flag = &jsonFlag{Note: e.FlagNote.S}
		}
		for _, t := range e.Tags {
			je.Tags = append(je.Tags, t.S)
		}
		for _, a := range e.Answers {
			je.Answers = append(je.Answers, jsonAnswer{Question: a.Question.S, Text: a.Text.S})
		}
		j.Entries = append(j.Entries, je)
	}
	out, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }
