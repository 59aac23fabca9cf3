package supervision

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"peerdiary/diary"
)

// benchRequest is a large packet: 50 entries of about 300 words each, and a
// list of 200 people with two aliases each.
func benchRequest() Request {
	var people []diary.Person
	for i := range 200 {
		people = append(people, diary.Person{Name: fmt.Sprintf("Firstname%d Lastname%d", i, i), Aliases: []string{fmt.Sprintf("Nick%d", i), fmt.Sprintf("Firstname%d", i)}})
	}
	var es []*diary.Entry
	for i := range 50 {
		var b strings.Builder
		for j := range 25 {
			fmt.Fprintf(&b, "Walked with Firstname%d to the drop-in; Nick%d's coat was wet. We talked about housing. ", (i+j)%9, j%4)
		}
		es = append(es, &diary.Entry{ID: fmt.Sprintf("e%015d", i), Created: day1.Add(time.Duration(i) * time.Hour), Body: b.String(),
			Tags: []string{"outreach", "nick3"}, Mood: i%5 + 1})
	}
	return Request{Entries: es, People: people, Redact: true, Now: now, Location: utc, Note: "Talk about Nick1."}
}

func BenchmarkBuild(b *testing.B) {
	req := benchRequest()
	for b.Loop() {
		if _, err := Build(req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	p, err := Build(benchRequest())
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []Format{Markdown, HTML, JSON} {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Render(f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
