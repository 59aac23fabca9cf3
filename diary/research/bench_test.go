package research

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"peerdiary/diary"
)

// benchWorker is a diary joined to the test study, sharing n entries of
// about 230 words each that mention listed people.
func benchWorker(b *testing.B, n int) *worker {
	b.Helper()
	card, _ := testCard(b)
	w := newWorker(b)
	var labels []string
	for i := range n {
		label := fmt.Sprintf("e%d", i)
		w.write(label, diary.Entry{
			Body:   strings.Repeat("Walked with Jess by the river after a long shift at the drop-in; Dale made tea and we talked about the week. ", 11),
			Prompt: prompt("care.hard-days.1", "care", "hard-days", "What made today hard?"),
			Mood:   3, Tags: []string{"outreach"},
		})
		labels = append(labels, label)
	}
	if _, err := Join(w.s, card, "bench", w.clock); err != nil {
		b.Fatal(err)
	}
	w.grant(card.Study, labels...)
	return w
}

// BenchmarkPlanExport100 is what a preview of 100 shared entries costs:
// decrypt each, redact it with the people list, coarsen its date.
func BenchmarkPlanExport100(b *testing.B) {
	w := benchWorker(b, 100)
	for b.Loop() {
		pl, err := PlanExport(w.s, "peer-reflections")
		if err != nil || len(pl.Entries) != 100 {
			b.Fatal(err)
		}
	}
}

// BenchmarkExport100 writes the bundle of 100 entries: the plan, then
// packing, signing and sealing to the study's post-quantum key, and
// recording it. The record is put back between runs.
func BenchmarkExport100(b *testing.B) {
	w := benchWorker(b, 100)
	before, err := w.s.ReadRecord(recordName("peer-reflections"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		if err := w.s.WriteRecord(recordName("peer-reflections"), before); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		pl, err := PlanExport(w.s, "peer-reflections")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Export(w.s, pl, "bench", w.clock, Output{Name: "test.age", Write: func([]byte) error { return nil }}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport1000 imports ten participants' bundles of 100 entries
// each into a new folder: decrypt, verify, keep, and write every output
// (CSV, JSON Lines, codebook, consent, REFI-QDA).
func BenchmarkImport1000(b *testing.B) {
	researcher := testKey(b, "researcher")
	var files []ImportFile
	for i := range 10 {
		w := benchWorker(b, 100)
		files = append(files, ImportFile{Name: fmt.Sprint(i), Data: w.export("peer-reflections")})
	}
	dir := b.TempDir()
	n := 0
	for b.Loop() {
		n++
		rep, err := Import(researcher, files, filepath.Join(dir, fmt.Sprint(n)), "bench")
		if err != nil || rep.Entries != 1000 {
			b.Fatalf("%v %+v", err, rep)
		}
	}
}
