package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/web"
)

// readThroughput measures how many pages a second readers get — record
// pages and browse pages, which read the store, not the search index —
// through one node, then through n nodes on the same store, each an HTTP
// server of its own, the readers spread over them. On one machine the
// nodes share its cores: the figure says what the store gives several
// nodes, not what more machines would add.
func readThroughput(ctx context.Context, db dhakira.Store, n int) error {
	sums, _, err := db.Records(ctx, dhakira.RecordFilter{Kind: dhakira.KindDocument, Limit: 1000})
	if err != nil {
		return err
	}
	if len(sums) == 0 {
		return fmt.Errorf("no documents to read")
	}
	var paths []string
	for i, s := range sums {
		paths = append(paths, "/en/records/"+s.Code)
		if i%10 == 0 {
			paths = append(paths, fmt.Sprintf("/ar/browse/document?page=%d", i/10+1))
		}
	}
	const readers = 16
	const span = 15 * time.Second
	fmt.Printf("\npage reads over HTTP: %d readers for %s, record and browse pages\n", readers, span)
	for _, nodes := range []int{1, n} {
		var servers []*httptest.Server
		for range nodes {
			servers = append(servers, httptest.NewServer(web.New(db, config.Default())))
		}
		var done atomic.Int64
		var failed atomic.Int64
		var wg sync.WaitGroup
		stop := time.Now().Add(span)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: readers}}
		for r := range readers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := r; time.Now().Before(stop); i += readers {
					resp, err := client.Get(servers[i%nodes].URL + paths[i%len(paths)])
					if err != nil {
						failed.Add(1)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						failed.Add(1)
						continue
					}
					done.Add(1)
				}
			}()
		}
		wg.Wait()
		for _, s := range servers {
			s.Close()
		}
		fmt.Printf("  %d node%s  %.0f pages/s (%d failed)\n", nodes, map[bool]string{true: "s", false: " "}[nodes > 1], float64(done.Load())/span.Seconds(), failed.Load())
	}
	return nil
}
