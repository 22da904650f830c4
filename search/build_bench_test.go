package search

import (
	"bufio"
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/corpus"
)

// BenchmarkSegmentBuild measures the analysis of records into a segment
// and its writing, apart from the store: a segment of 50,000 documents of
// the bench's corpus (see corpusDocs). It reports records a CPU-second
// beside records a second: the machine is shared.
func BenchmarkSegmentBuild(b *testing.B) {
	benchDocsOnce.Do(func() { benchDocs, benchDocsErr = corpusDocs(50000) })
	if benchDocsErr != nil {
		b.Fatal(benchDocsErr)
	}
	docs := benchDocs
	dir := b.TempDir()
	cpu := func() float64 {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	runtime.GC()
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

var (
	benchDocsOnce sync.Once
	benchDocs     []*Document
	benchDocsErr  error
)

// corpusDocs returns the documents of n records of the bench's corpus,
// places left out, each record's links given the title of the record
// before it as a linked name.
func corpusDocs(n int) ([]*Document, error) {
	var buf bytes.Buffer
	if err := corpus.Write(&buf, corpus.Options{N: n, Seed: 1}); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<24)
	bld := newBuilder(nil, nil, nil)
	var docs []*Document
	var prev dhakira.Text
	for sc.Scan() {
		r, err := dhakira.DecodeRecord(sc.Bytes())
		if err != nil {
			return nil, err
		}
		if r.Kind == dhakira.KindPlace {
			continue
		}
		var names []string
		for range r.Links {
			names = append(names, namesOf(prev, nil)...)
		}
		prev = r.Title
		r.Places = nil
		d, err := bld.doc(context.Background(), r, names)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, sc.Err()
}
