package supervision

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
)

// pageCSS is the packet page's only style. It is inline, and the page's
// content security policy allows exactly this text by its hash and nothing
// else: no script, no image, no font, no request of any kind. A packet
// opened in a browser, or printed, says nothing to any server.
const pageCSS = `
@page { size: A4; margin: 18mm 16mm; }
html { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; background: #fff; }
body { max-width: 44em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .4em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .4em; }
h3 { font-size: 1em; margin: 1.2em 0 .3em; }
ul.facts { list-style: none; padding: 0; margin: 0 0 1em; color: #333; }
ul.facts li { margin: .1em 0; }
.text { white-space: pre-wrap; overflow-wrap: break-word; }
.entry { break-before: page; page-break-before: always; }
.entry h2 { border-bottom: 1px solid #999; padding-bottom: .2em; }
.label { font-weight: bold; }
.tags { color: #333; }
footer { margin-top: 2em; font-size: .85em; color: #555; }
@media print { body { margin: 0; max-width: none; } }
`

// pageCSP is the content security policy of the packet page.
var pageCSP = func() string {
	sum := sha256.Sum256([]byte(pageCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
}()

var pageTemplate = template.Must(template.New("packet").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Supervision packet</title>
<style>` + pageCSS + `</style>
</head>
<body>
<header>
<h1>Supervision packet</h1>
<ul class="facts">
{{- range .Header}}
<li>{{.}}</li>
{{- end}}
{{- if .P.From.S}}
<li>From: {{.P.From}}</li>
{{- end}}
</ul>
</header>
{{- if or .P.Needs .P.Note.S}}
<section class="note">
<h2>What I'd like from supervision</h2>
{{- if .P.Needs}}
<ul>
{{- range .P.Needs}}
<li>{{.Label}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .P.Note.S}}
<div class="text">{{.P.Note}}</div>
{{- end}}
</section>
{{- end}}
{{- if .P.Summary}}
<section class="summary">
<h2>{{.SummaryTitle}}</h2>
<ul>
{{- range .SummaryLines}}
<li>{{.}}</li>
{{- end}}
</ul>
</section>
{{- end}}
{{- range $i, $e := .Entries}}
<section class="entry">
<h2>{{$e.N}}. {{$e.Date}}</h2>
<ul class="facts">
{{- if $e.E.Prompt.S}}
<li><span class="label">Prompt{{if $e.Theme}} ({{$e.Theme}}){{end}}:</span> {{$e.E.Prompt}}</li>
{{- end}}
{{- if $e.E.Flagged}}
<li><span class="label">Flagged to talk about{{if $e.E.FlagNote.S}}:{{end}}</span> {{$e.E.FlagNote}}</li>
{{- end}}
{{- if $e.E.Mood}}
<li><span class="label">Mood:</span> {{$e.E.Mood}} of 5</li>
{{- end}}
{{- if $e.E.Tags}}
<li class="tags"><span class="label">Tags:</span>{{range $e.E.Tags}} #{{.}}{{end}}</li>
{{- end}}
<li><span class="label">Entry</span> {{$e.E.ID}}</li>
</ul>
{{- if $e.E.Body.S}}
<div class="text">{{$e.E.Body}}</div>
{{- end}}
{{- range $e.E.Answers}}
<h3>{{.Question}}</h3>
<div class="text">{{.Text}}</div>
{{- end}}
</section>
{{- end}}
<footer>Made with peerdiary. This page loads nothing from anywhere; print it or read it as it is.</footer>
</body>
</html>
`))

type pageEntry struct {
	N     int
	Date  string
	Theme string
	E     Entry
}

// HTML is the packet as one self-contained, printable page: inline style,
// no script, no external resource, each entry starting a new printed page.
// Every piece of text is escaped by html/template.
func (p *Packet) HTML() ([]byte, error) {
	data := struct {
		CSP          string
		P            *Packet
		Header       []string
		SummaryTitle string
		SummaryLines []string
		Entries      []pageEntry
	}{CSP: pageCSP, P: p, Header: p.headerLines()}
	if p.Summary != nil {
		data.SummaryTitle, data.SummaryLines = p.summaryTitle(), p.summaryLines()
	}
	for i, e := range p.Entries {
		pe := pageEntry{N: i + 1, Date: p.date(e.Created), E: e}
		if e.Family != "" {
			pe.Theme = p.theme(e)
		}
		data.Entries = append(data.Entries, pe)
	}
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
