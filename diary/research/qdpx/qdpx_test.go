package qdpx

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"peerdiary/diary/research/qdpx/qdpxtest"
)

func sample() *Project {
	return &Project{
		Name:    "peer-reflections",
		Origin:  "peerdiary test",
		Created: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC),
		User:    "peerdiary import",
		Codes: []Code{
			{Key: "family:care", Name: "care", Description: "Looking after yourself", Children: []Code{
				{Key: "prompt:care.hard-days.1", Name: "care.hard-days.1", Description: "What made today hard?", Codable: true, Color: "#AA3377"},
			}},
			{Key: "free", Name: "Free writing", Codable: true},
		},
		Variables: []Variable{
			{Key: "study", Name: "study", Type: Text},
			{Key: "entries", Name: "entries", Type: Integer},
			{Key: "withdrawn", Name: "withdrawn", Type: Boolean},
			{Key: "joined", Name: "joined", Type: Date},
		},
		Cases: []Case{{
			Key: "K3V9-X2Q8-M4N7", Name: "K3V9-X2Q8-M4N7", Description: "a participant",
			Values:  []Value{{"study", "peer-reflections"}, {"entries", "2"}, {"withdrawn", "false"}, {"joined", "2026-11-01"}},
			Sources: []string{"a", "b"},
		}},
		Sources: []Source{
			{Key: "a", Name: "E-4K9M2XQ8", Text: "Zoë said “thanks” 🙂\r\nand a tab\there & <there>", Codes: []string{"prompt:care.hard-days.1"},
				Values: []Value{{"study", "peer-reflections"}}, Created: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
			{Key: "b", Name: "E-7Q2M9XK4", Description: "no prompt", Text: "A control \x1b[2J and NUL \x00 are not XML", Codes: []string{"free"}},
		},
	}
}

func TestWriteValidatesAndReads(t *testing.T) {
	p := sample()
	data, err := Write(p)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Write(sample())
	if !bytes.Equal(data, again) {
		t.Error("the same project wrote different bytes")
	}
	raw := qdpxtest.ValidateQDPX(t, data)
	files := map[string]string{}
	for k, v := range raw {
		files[k] = string(v)
	}
	qde := files["project.qde"]

	// Every internal path names a file in sources/, and every selection
	// covers its whole text, counted in code points.
	var doc struct {
		Sources []struct {
			Path string `xml:"plainTextPath,attr"`
			Sel  []struct {
				Start int `xml:"startPosition,attr"`
				End   int `xml:"endPosition,attr"`
			} `xml:"PlainTextSelection"`
		} `xml:"Sources>TextSource"`
	}
	if err := xml.Unmarshal([]byte(qde), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sources) != 2 {
		t.Fatalf("%d sources", len(doc.Sources))
	}
	for _, s := range doc.Sources {
		name, ok := strings.CutPrefix(s.Path, "internal://")
		if !ok {
			t.Fatalf("path %q", s.Path)
		}
		text, ok := files["sources/"+name]
		if !ok {
			t.Fatalf("%s is not in the zip", name)
		}
		if len(s.Sel) != 1 || s.Sel[0].Start != 0 || s.Sel[0].End != utf8.RuneCountInString(text) {
			t.Errorf("selection %+v does not cover %d code points", s.Sel, utf8.RuneCountInString(text))
		}
		if strings.ContainsAny(text, "\x1b\x00\r") {
			t.Errorf("source text keeps characters XML can't hold: %q", text)
		}
	}
	guid := regexp.MustCompile(`guid="([^"]*)"`)
	for _, m := range guid.FindAllStringSubmatch(qde, -1) {
		if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(m[1]) {
			t.Errorf("GUID %q is not a version 8 UUID", m[1])
		}
	}
}

func TestWriteRefusesInconsistentProjects(t *testing.T) {
	for name, edit := range map[string]func(*Project){
		"no name":          func(p *Project) { p.Name = " " },
		"duplicate code":   func(p *Project) { p.Codes = append(p.Codes, Code{Key: "free", Name: "again"}) },
		"unknown code":     func(p *Project) { p.Sources[0].Codes = []string{"nope"} },
		"unknown source":   func(p *Project) { p.Cases[0].Sources = []string{"nope"} },
		"unknown var":      func(p *Project) { p.Cases[0].Values = []Value{{"nope", "x"}} },
		"duplicate source": func(p *Project) { p.Sources[1].Key = "a" },
	} {
		p := sample()
		edit(p)
		if _, err := Write(p); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
