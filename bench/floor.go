package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/dhakira/dhakira"
)

// floor measures what bleve alone costs on this corpus and this machine:
// an index of one text field (titles and texts in both languages) with
// bleve's default mapping and standard analyzer, no Arabic analysis, no
// second analyzer, no positions for phrases, no doc values for facets, no
// names of places or linked records; then one match query per word of the
// common-word category, 20 hits and no facets, no store reads, no
// snippets. Whatever dhakira adds to a search or a build comes on top of
// these numbers, so they bound what any tuning of dhakira's own code can
// reach with bleve on this machine.
func floor(ctx context.Context, db dhakira.BackOfficeStore, dir string, mix []category, count int, budget time.Duration) error {
	m := bleve.NewIndexMapping()
	f := bleve.NewTextFieldMapping()
	f.Store, f.IncludeTermVectors, f.DocValues, f.IncludeInAll = false, false, false, false
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", f)
	m.DefaultMapping = doc
	idx, err := bleve.New(filepath.Join(dir, "floor-index"), m)
	if err != nil {
		return err
	}
	defer idx.Close()
	start := time.Now()
	b := idx.NewBatch()
	n := 0
	err = db.Dump(ctx, "", dhakira.Public, func(line []byte) error {
		r, err := dhakira.DecodeRecord(line)
		if err != nil {
			return err
		}
		text := r.Title.AR + "\n" + r.Title.EN + "\n" + r.Text.AR + "\n" + r.Text.EN
		for _, s := range r.Attrs.Segments {
			text += "\n" + s.Text.AR + "\n" + s.Text.EN
		}
		if err := b.Index(r.Code, map[string]any{"text": text}); err != nil {
			return err
		}
		n++
		if b.Size() == 1000 {
			err = idx.Batch(b)
			b.Reset()
		}
		return err
	})
	if err == nil {
		err = idx.Batch(b)
	}
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Printf("\nfloor: bleve alone, one text field, standard analyzer, no positions, no doc values\n")
	fmt.Printf("index         %d records in %s: %.0f records/s\n", n, took.Round(time.Millisecond), float64(n)/took.Seconds())
	var words []category
	for _, c := range mix {
		if c.name == "common-word" || c.name == "rare-word" {
			words = append(words, c)
		}
	}
	stats, err := measure(words, count, budget, func(q query) (int, error) {
		mq := bleve.NewMatchQuery(q.q)
		mq.SetField("text")
		res, err := idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(mq, pageSize, 0, false))
		if err != nil {
			return 0, err
		}
		return int(res.Total), nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("search, in process: a match query on that field, %d a page, no facets, no store reads, no snippets\n", pageSize)
	printTable(stats)
	return nil
}
