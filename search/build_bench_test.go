package search

import (
	"bufio"
	"bytes"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/corpus"
)

// BenchmarkSegmentBuild measures the analysis of records into a segment
// and its writing, apart from the store: documents of the bench's corpus
// (without their places' and linked records' names).
func BenchmarkSegmentBuild(b *testing.B) {
	var buf bytes.Buffer
	if err := corpus.Write(&buf, corpus.Options{N: 20000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		lines = append(lines, bytes.Clone(sc.Bytes()))
	}
	bld := newBuilder(nil, nil, nil)
	var docs []*Document
	for _, l := range lines {
		r, err := dhakira.DecodeRecord(l)
		if err != nil {
			b.Fatal(err)
		}
		if r.Kind == dhakira.KindPlace {
			continue
		}
		r.Places, r.Links = nil, nil
		d, err := bld.doc(b.Context(), r, nil)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	dir := b.TempDir()
	cpu := func() float64 {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	b.ResetTimer()
	start := cpu()
	for i := range b.N {
		sb := newSegmentBuilder(0)
		for _, d := range docs {
			sb.add(d)
		}
		if _, err := sb.write(filepath.Join(dir, "seg"+string(rune('a'+i%26))+string(rune('a'+i/26%26)))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(b.N*len(docs))/(cpu()-start), "records/CPU-s")
}
