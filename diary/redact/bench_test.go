package redact

import (
	"fmt"
	"strings"
	"testing"
)

// benchPeople is a long list: 200 people with two aliases each.
func benchPeople() []Person {
	ps := make([]Person, 200)
	for i := range ps {
		ps[i] = Person{Name: fmt.Sprintf("Firstname%d Lastname%d", i, i), Aliases: []string{fmt.Sprintf("Nick%d", i), fmt.Sprintf("Firstname%d", i)}}
	}
	return ps
}

// benchText is an entry of about 2,000 words mentioning a few of them.
func benchText() string {
	var b strings.Builder
	for i := range 200 {
		fmt.Fprintf(&b, "Walked with Firstname%d to the drop-in; Nick%d's coat was wet. We talked about housing. ", i%7, i%5)
	}
	return b.String()
}

func BenchmarkNew(b *testing.B) {
	ps := benchPeople()
	for b.Loop() {
		if _, err := New(ps, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRedact(b *testing.B) {
	r, err := New(benchPeople(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	text := benchText()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r.Redact(text)
	}
}

func BenchmarkCheckThis(b *testing.B) {
	r, _ := New(benchPeople(), Options{})
	res := r.Redact(benchText())
	b.SetBytes(int64(len(res.Text)))
	for b.Loop() {
		r.CheckThis(res.Text, res.Spans)
	}
}
