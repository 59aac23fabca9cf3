// Package qdpx writes REFI-QDA 1.5 project exchange files (.qdpx), the
// format NVivo, ATLAS.ti, MAXQDA and other qualitative analysis programs
// import: a zip holding project.qde (QDA-XML, namespace
// urn:QDA-XML:project:1.0) and the text sources under sources/.
//
// It writes what a project of diary entries needs: a codebook (codes in a
// tree), variables, cases with variable values and the sources they group,
// and plain-text sources, each coded as a whole. Everything it writes is
// determined by its input: GUIDs are derived from names given by the
// caller and the zip's times are fixed, so the same project always writes
// the same bytes.
package qdpx

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Namespace is the QDA-XML project namespace.
const Namespace = "urn:QDA-XML:project:1.0"

// GUID derives a stable GUID from a name: the first 128 bits of its
// SHA-256, marked as a version 8 (name-based, custom) UUID, in the form the
// schema's GUIDType takes.
func GUID(name string) string {
	sum := sha256.Sum256([]byte("peerdiary qdpx\x00" + name))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x80 // version 8
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// VarType is a variable's type.
type VarType string

// The variable types REFI-QDA has that a project of entries uses.
const (
	Text    VarType = "Text"
	Integer VarType = "Integer"
	Boolean VarType = "Boolean"
	Date    VarType = "Date"
)

// Code is one code of the codebook, with codes under it.
type Code struct {
	Key         string // unique within the project; the GUID is made from it
	Name        string
	Description string
	Codable     bool
	Color       string // "#RRGGBB", or ""
	Children    []Code
}

// Variable is a named attribute of cases and sources.
type Variable struct {
	Key  string
	Name string
	Type VarType
}

// Value is a variable's value. An empty value is left out.
type Value struct {
	Var   string // the variable's Key
	Value string
}

// Case groups sources: here, a participant.
type Case struct {
	Key         string
	Name        string
	Description string
	Values      []Value
	Sources     []string // the Keys of its sources
}

// Source is one plain-text source, coded as a whole with its codes.
type Source struct {
	Key         string
	Name        string
	Description string
	Text        string
	Created     time.Time // zero leaves it out
	Codes       []string  // Keys of codes applied to the whole text
	Values      []Value
}

// Project is everything a .qdpx holds.
type Project struct {
	Name        string
	Origin      string // the program that wrote it
	Description string
	Created     time.Time
	User        string // the name of the user that made it
	Codes       []Code
	Variables   []Variable
	Cases       []Case
	Sources     []Source
}

// The QDA-XML elements written. Field order is the schema's sequence order.
type (
	xProject struct {
		XMLName          xml.Name    `xml:"Project"`
		Xmlns            string      `xml:"xmlns,attr"`
		Name             string      `xml:"name,attr"`
		Origin           string      `xml:"origin,attr,omitempty"`
		CreatingUserGUID string      `xml:"creatingUserGUID,attr,omitempty"`
		CreationDateTime string      `xml:"creationDateTime,attr,omitempty"`
		Users            *xUsers     `xml:"Users,omitempty"`
		CodeBook         *xCodeBook  `xml:"CodeBook,omitempty"`
		Variables        *xVariables `xml:"Variables,omitempty"`
		Cases            *xCases     `xml:"Cases,omitempty"`
		Sources          *xSources   `xml:"Sources,omitempty"`
		Description      string      `xml:"Description,omitempty"`
	}
	xUsers struct {
		User []xUser `xml:"User"`
	}
	xUser struct {
		GUID string `xml:"guid,attr"`
		Name string `xml:"name,attr,omitempty"`
	}
	xCodeBook struct {
		Codes xCodes `xml:"Codes"`
	}
	xCodes struct {
		Code []xCode `xml:"Code"`
	}
	xCode struct {
		GUID        string  `xml:"guid,attr"`
		Name        string  `xml:"name,attr"`
		IsCodable   bool    `xml:"isCodable,attr"`
		Color       string  `xml:"color,attr,omitempty"`
		Description string  `xml:"Description,omitempty"`
		Code        []xCode `xml:"Code"`
	}
	xVariables struct {
		Variable []xVariable `xml:"Variable"`
	}
	xVariable struct {
		GUID string  `xml:"guid,attr"`
		Name string  `xml:"name,attr"`
		Type VarType `xml:"typeOfVariable,attr"`
	}
	xVariableValue struct {
		Ref          xRef    `xml:"VariableRef"`
		TextValue    *string `xml:"TextValue,omitempty"`
		BooleanValue *string `xml:"BooleanValue,omitempty"`
		IntegerValue *string `xml:"IntegerValue,omitempty"`
		DateValue    *string `xml:"DateValue,omitempty"`
	}
	xRef struct {
		Target string `xml:"targetGUID,attr"`
	}
	xCases struct {
		Case []xCase `xml:"Case"`
	}
	xCase struct {
		GUID          string           `xml:"guid,attr"`
		Name          string           `xml:"name,attr,omitempty"`
		Description   string           `xml:"Description,omitempty"`
		VariableValue []xVariableValue `xml:"VariableValue"`
		SourceRef     []xRef           `xml:"SourceRef"`
	}
	xSources struct {
		TextSource []xTextSource `xml:"TextSource"`
	}
	xTextSource struct {
		GUID               string           `xml:"guid,attr"`
		Name               string           `xml:"name,attr,omitempty"`
		PlainTextPath      string           `xml:"plainTextPath,attr"`
		CreatingUser       string           `xml:"creatingUser,attr,omitempty"`
		CreationDateTime   string           `xml:"creationDateTime,attr,omitempty"`
		Description        string           `xml:"Description,omitempty"`
		PlainTextSelection []xSelection     `xml:"PlainTextSelection"`
		VariableValue      []xVariableValue `xml:"VariableValue"`
	}
	xSelection struct {
		GUID          string    `xml:"guid,attr"`
		Name          string    `xml:"name,attr,omitempty"`
		StartPosition int       `xml:"startPosition,attr"`
		EndPosition   int       `xml:"endPosition,attr"`
		CreatingUser  string    `xml:"creatingUser,attr,omitempty"`
		Coding        []xCoding `xml:"Coding"`
	}
	xCoding struct {
		GUID         string `xml:"guid,attr"`
		CreatingUser string `xml:"creatingUser,attr,omitempty"`
		CodeRef      xRef   `xml:"CodeRef"`
	}
)

// Write encodes the project as a .qdpx file.
func Write(p *Project) ([]byte, error) {
	qde, sources, err := encode(p)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	fixed := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: fixed})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	if err := add("project.qde", qde); err != nil {
		return nil, err
	}
	for _, s := range sources {
		if err := add("sources/"+s.file, []byte(s.text)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// QDE encodes only project.qde, for tests and for people who want the XML.
func QDE(p *Project) ([]byte, error) {
	qde, _, err := encode(p)
	return qde, err
}

type sourceFile struct{ file, text string }

// MaxSourceSize is REFI-QDA's limit on an internal file: 2^31-1 bytes.
const MaxSourceSize = 1<<31 - 1

func encode(p *Project) ([]byte, []sourceFile, error) {
	if strings.TrimSpace(p.Name) == "" {
		return nil, nil, errors.New("a project needs a name")
	}
	x := xProject{Xmlns: Namespace, Name: clean(p.Name), Origin: clean(p.Origin), Description: clean(p.Description)}
	user := ""
	if p.User != "" {
		user = GUID("user:" + p.User)
		x.CreatingUserGUID = user
		x.Users = &xUsers{User: []xUser{{GUID: user, Name: clean(p.User)}}}
	}
	if !p.Created.IsZero() {
		x.CreationDateTime = p.Created.UTC().Format(time.RFC3339)
	}
	codes := map[string]string{}
	var walk func([]Code) ([]xCode, error)
	walk = func(cs []Code) ([]xCode, error) {
		var out []xCode
		for _, c := range cs {
			if c.Key == "" || codes[c.Key] != "" {
				return nil, fmt.Errorf("code %q: its key is empty or used twice", c.Name)
			}
			g := GUID("code:" + c.Key)
			codes[c.Key] = g
			kids, err := walk(c.Children)
			if err != nil {
				return nil, err
			}
			out = append(out, xCode{GUID: g, Name: clean(c.Name), IsCodable: c.Codable, Color: c.Color, Description: clean(c.Description), Code: kids})
		}
		return out, nil
	}
	xc, err := walk(p.Codes)
	if err != nil {
		return nil, nil, err
	}
	if len(xc) > 0 {
		x.CodeBook = &xCodeBook{Codes: xCodes{Code: xc}}
	}
	vars := map[string]Variable{}
	if len(p.Variables) > 0 {
		x.Variables = &xVariables{}
		for _, v := range p.Variables {
			if _, dup := vars[v.Key]; dup || v.Key == "" {
				return nil, nil, fmt.Errorf("variable %q: its key is empty or used twice", v.Name)
			}
			vars[v.Key] = v
			x.Variables.Variable = append(x.Variables.Variable, xVariable{GUID: GUID("var:" + v.Key), Name: clean(v.Name), Type: v.Type})
		}
	}
	values := func(vs []Value) ([]xVariableValue, error) {
		var out []xVariableValue
		for _, v := range vs {
			def, ok := vars[v.Var]
			if !ok {
				return nil, fmt.Errorf("a value for the unknown variable %q", v.Var)
			}
			if v.Value == "" {
				continue
			}
			val := clean(v.Value)
			xv := xVariableValue{Ref: xRef{GUID("var:" + v.Var)}}
			switch def.Type {
			case Integer:
				xv.IntegerValue = &val
			case Boolean:
				xv.BooleanValue = &val
			case Date:
				xv.DateValue = &val
			default:
				xv.TextValue = &val
			}
			out = append(out, xv)
		}
		return out, nil
	}
	sourceKeys := map[string]bool{}
	var files []sourceFile
	if len(p.Sources) > 0 {
		x.Sources = &xSources{}
	}
	for _, s := range p.Sources {
		if s.Key == "" || sourceKeys[s.Key] {
			return nil, nil, fmt.Errorf("source %q: its key is empty or used twice", s.Name)
		}
		sourceKeys[s.Key] = true
		if len(s.Text) > MaxSourceSize {
			return nil, nil, fmt.Errorf("source %q is larger than REFI-QDA allows", s.Name)
		}
		g := GUID("source:" + s.Key)
		file := GUID("file:"+s.Key) + ".txt"
		text := cleanText(s.Text)
		files = append(files, sourceFile{file, text})
		xs := xTextSource{GUID: g, Name: clean(s.Name), PlainTextPath: "internal://" + file, CreatingUser: user, Description: clean(s.Description)}
		if !s.Created.IsZero() {
			xs.CreationDateTime = s.Created.UTC().Format(time.RFC3339)
		}
		if len(s.Codes) > 0 {
			sel := xSelection{
				GUID: GUID("selection:" + s.Key), Name: clean(s.Name),
				StartPosition: 0, EndPosition: utf8.RuneCountInString(text), CreatingUser: user,
			}
			for _, ck := range s.Codes {
				cg, ok := codes[ck]
				if !ok {
					return nil, nil, fmt.Errorf("source %q is coded with the unknown code %q", s.Name, ck)
				}
				sel.Coding = append(sel.Coding, xCoding{GUID: GUID("coding:" + s.Key + "\x00" + ck), CreatingUser: user, CodeRef: xRef{cg}})
			}
			xs.PlainTextSelection = []xSelection{sel}
		}
		if xs.VariableValue, err = values(s.Values); err != nil {
			return nil, nil, err
		}
		x.Sources.TextSource = append(x.Sources.TextSource, xs)
	}
	if len(p.Cases) > 0 {
		x.Cases = &xCases{}
	}
	caseKeys := map[string]bool{}
	for _, c := range p.Cases {
		if c.Key == "" || caseKeys[c.Key] {
			return nil, nil, fmt.Errorf("case %q: its key is empty or used twice", c.Name)
		}
		caseKeys[c.Key] = true
		xc := xCase{GUID: GUID("case:" + c.Key), Name: clean(c.Name), Description: clean(c.Description)}
		if xc.VariableValue, err = values(c.Values); err != nil {
			return nil, nil, err
		}
		for _, sk := range c.Sources {
			if !sourceKeys[sk] {
				return nil, nil, fmt.Errorf("case %q holds the unknown source %q", c.Name, sk)
			}
			xc.SourceRef = append(xc.SourceRef, xRef{GUID("source:" + sk)})
		}
		x.Cases.Case = append(x.Cases.Case, xc)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(x); err != nil {
		return nil, nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), files, nil
}

// clean keeps only characters XML 1.0 allows in an attribute or element:
// a control character in a diary's text would make a file no program
// reads. Others become U+FFFD, visibly.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if xmlChar(r) {
			return r
		}
		return '\uFFFD'
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// cleanText is clean for a source's text, which may hold tabs and line
// breaks; line breaks become LF so positions count the same everywhere.
func cleanText(s string) string {
	return clean(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
}

func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
