// Command bench measures dhakira at archive scale: it generates a synthetic
// corpus of N records placed in the bundled gazetteer, imports it into a new
// archive through the same path as "dhakira import", and prints the rates,
// the size on disk and the peak memory.
//
//	go run ./bench -n 100000
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/sqlite"
)

func main() {
	n := flag.Int("n", 100000, "records to generate")
	dir := flag.String("dir", "", "work folder (default: a new temporary folder, removed afterwards)")
	words := flag.Int("words", 400, "longest text, in words")
	flag.Parse()
	if err := run(*n, *dir, *words); err != nil {
		log.Fatal(err)
	}
}

func run(n int, dir string, words int) error {
	ctx := context.Background()
	if dir == "" {
		tmp, err := os.MkdirTemp("", "dhakira-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	places, err := gazetteer.Syria()
	if err != nil {
		return err
	}
	var codes []string
	for _, p := range places {
		codes = append(codes, p.Code)
	}
	file := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := corpus.Write(f, corpus.Options{N: n, Seed: 1, Places: codes, NoCodes: 50, Drafts: 20, MaxWords: words}); err != nil {
		return err
	}
	f.Close()
	st, _ := os.Stat(file)
	fmt.Printf("corpus        %d records, %.1f MB, generated in %s\n", n, mb(st.Size()), time.Since(start).Round(time.Millisecond))

	db, err := sqlite.Open(filepath.Join(dir, "archive.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := jsonl.Import(ctx, db, []jsonl.Input{jsonl.Bytes(gazetteer.SyriaFile, gazetteer.SyriaJSONL)}, jsonl.Options{Author: "bench"}); err != nil {
		return err
	}
	var checked time.Duration
	start = time.Now()
	sum, err := jsonl.Import(ctx, db, []jsonl.Input{jsonl.File(file)}, jsonl.Options{Author: "bench", Progress: func(phase string, done, total int) {
		if phase == "write" && checked == 0 {
			checked = time.Since(start)
		}
	}})
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Printf("import        %d records in %s: %.0f records/s (check %s, write %s)\n", sum.Created, took.Round(time.Millisecond),
		float64(sum.Created)/took.Seconds(), checked.Round(time.Millisecond), (took - checked).Round(time.Millisecond))
	if err := db.Checkpoint(ctx); err != nil {
		return err
	}
	size := dirSize(dir) - st.Size()
	fmt.Printf("store size    %.1f MB (%.0f bytes/record, corpus %.0f bytes/record)\n", mb(size), float64(size)/float64(n), float64(st.Size())/float64(n))
	fmt.Printf("peak RSS      %s\n", peakRSS())

	start = time.Now()
	null, _ := os.Create(os.DevNull)
	m, err := jsonl.Export(ctx, db, null, "")
	if err != nil {
		return err
	}
	took = time.Since(start)
	fmt.Printf("export        %d records in %s: %.0f records/s\n", m, took.Round(time.Millisecond), float64(m)/took.Seconds())

	start = time.Now()
	const pages = 50
	for i := range pages {
		if _, _, err := db.Records(ctx, dhakira.RecordFilter{Kind: dhakira.KindDocument, Place: "SY04", Sort: dhakira.SortNewest, Offset: i * 50}); err != nil {
			return err
		}
	}
	fmt.Printf("browse        document in SY04 (subtree), newest first: %s per page\n", (time.Since(start) / pages).Round(time.Microsecond))
	return nil
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

func dirSize(dir string) int64 {
	var total int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return total
}

// peakRSS reads the process's high-water resident memory from /proc.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
