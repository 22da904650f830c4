package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/search"
)

// freshness measures how long a record takes from its commit to the
// store to its first appearance in search, with the engine following the
// store as the server does (every half second) while searches of the mix
// keep running beside it.
func freshness(ctx context.Context, db dhakira.Store, engine *search.Engine, mix []category, n int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { engine.Run(ctx, 500*time.Millisecond) })
	var reads atomic.Int64
	wg.Go(func() { // the bench reads meanwhile
		search := inProcess(ctx, engine)
		for i := 0; ctx.Err() == nil; i++ {
			c := mix[i%len(mix)]
			search(c.queries[i/len(mix)%len(c.queries)])
			reads.Add(1)
		}
	})
	defer wg.Wait()
	defer cancel()
	var took []time.Duration
	for i := range n {
		word := fmt.Sprintf("freshword%dx%d", time.Now().UnixNano()%1e9, i)
		rec := &dhakira.Record{Kind: dhakira.KindDocument, Title: dhakira.Text{EN: "Fresh " + word}, Status: dhakira.Published}
		rec.Normalize()
		tx, err := db.BeginImport(ctx, "bench")
		if err != nil {
			return err
		}
		if _, err := tx.Put(ctx, rec, false); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		start := time.Now()
		for {
			res, err := engine.Search(ctx, dhakira.SearchRequest{Q: word, Limit: 1})
			if err != nil {
				return err
			}
			if res.Total == 1 {
				break
			}
			if time.Since(start) > time.Minute {
				return fmt.Errorf("freshness: %s not searchable after a minute", word)
			}
			time.Sleep(5 * time.Millisecond)
		}
		took = append(took, time.Since(start))
		time.Sleep(time.Duration(137*i%500) * time.Millisecond) // commits fall anywhere in the poll interval
	}
	slices.Sort(took)
	fmt.Printf("\nfreshness     commit to searchable, %d records, the engine polling every 500 ms while %d searches ran: p50 %s, max %s\n",
		n, reads.Load(), ms(percentile(took, 0.5)), ms(took[len(took)-1]))
	return nil
}
