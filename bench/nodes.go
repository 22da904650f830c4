package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/postgres"
	"github.com/dhakira/dhakira/sqlite"
)

// openServed opens the store a served node reads: the PostgreSQL database
// of database, the SQLite file database names, or else the SQLite archive
// in dir.
func openServed(dir, database string) (dhakira.BackOfficeStore, error) {
	switch {
	case postgres.IsURL(database):
		return postgres.Open(database)
	case database != "":
		return sqlite.Open(database)
	}
	return sqlite.Open(filepath.Join(dir, "archive.db"))
}

// readThroughput measures how many pages a second readers get — record
// pages and browse pages, which read the store, not the search index —
// through one node, then through o.nodes nodes on the same store. Each
// node is a process of its own (the bench run as -serve, without search),
// with its own connections and caches, as on separate machines; the
// readers are spread over them. On one machine the nodes share its
// cores, so the figure cannot grow with the nodes here: what says whether
// a node adds capacity rather than cost is the CPU each spends per page
// (from /proc), and the database's (its backends').
func readThroughput(ctx context.Context, db dhakira.Store, o options) error {
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
	store := o.database
	if store == "" {
		store = filepath.Join(o.dir, "archive.db")
	}
	var pg *sql.DB
	if postgres.IsURL(store) {
		if pg, err = sql.Open("pgx", store); err != nil {
			return err
		}
		defer pg.Close()
	}
	const readers = 16
	const span = 15 * time.Second
	fmt.Printf("\npage reads over HTTP: %d readers for %s, record and browse pages, each node a process of its own\n", readers, span)
	for _, nodes := range []int{1, o.nodes} {
		var servers []*server
		stopAll := func() {
			for _, s := range servers {
				s.stop()
			}
		}
		for i := range nodes {
			dir := filepath.Join(o.dir, fmt.Sprintf("node%d", i+1)) // no index: served without search
			if err := os.MkdirAll(dir, 0o755); err != nil {
				stopAll()
				return err
			}
			s, err := startNode(dir, store)
			if err != nil {
				stopAll()
				return err
			}
			servers = append(servers, s)
		}
		// Warm each node (its connections, the database's cache) as a
		// node in service is.
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: readers}}
		for _, s := range servers {
			for _, p := range paths[:min(len(paths), 200)] {
				if resp, err := client.Get(s.base + p); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}
		done := make([]atomic.Int64, nodes)
		var failed atomic.Int64
		var wg sync.WaitGroup
		cpu := make([]time.Duration, nodes)
		for i, s := range servers {
			cpu[i] = procCPU(s.cmd.Process.Pid)
		}
		dbCPU := backendsCPU(ctx, pg)
		selfCPU := cpuTime()
		load := loadAverage()
		stop := time.Now().Add(span)
		for r := range readers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := r; time.Now().Before(stop); i += readers {
					n := i % nodes
					resp, err := client.Get(servers[n].base + paths[i%len(paths)])
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
					done[n].Add(1)
				}
			}()
		}
		wg.Wait()
		var total int64
		var per []string
		for i, s := range servers {
			used := procCPU(s.cmd.Process.Pid) - cpu[i]
			total += done[i].Load()
			per = append(per, fmt.Sprintf("node %d: %d pages, %.2f ms CPU a page", i+1, done[i].Load(), msf(used)/float64(max(done[i].Load(), 1))))
		}
		dbLine := ""
		if pg != nil {
			dbLine = fmt.Sprintf("; PostgreSQL's backends %.2f ms CPU a page", msf(backendsCPU(ctx, pg)-dbCPU)/float64(max(total, 1)))
		}
		clientCPU := cpuTime() - selfCPU
		stopAll()
		fmt.Printf("  %d node%s  %.0f pages/s (%d failed), load average %s → %s\n", nodes, map[bool]string{true: "s", false: " "}[nodes > 1],
			float64(total)/span.Seconds(), failed.Load(), load, loadAverage())
		fmt.Printf("           %s%s; the readers %.2f ms a page\n", strings.Join(per, "; "), dbLine, msf(clientCPU)/float64(max(total, 1)))
	}
	return nil
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// startNode starts a node serving store (a PostgreSQL address or a SQLite
// file) from dir.
func startNode(dir, store string) (*server, error) {
	return startServerArgs("-serve", "-dir", dir, "-database", store)
}

// procCPU is the CPU time (user and system) process pid has used.
func procCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses.
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ
}

// backendsCPU is the CPU time used by the PostgreSQL server's client
// backends now alive (db nil: none): the server runs on this machine.
func backendsCPU(ctx context.Context, db *sql.DB) time.Duration {
	if db == nil {
		return 0
	}
	rows, err := db.QueryContext(ctx, `SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'`)
	if err != nil {
		return 0
	}
	defer rows.Close()
	var total time.Duration
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			total += procCPU(pid)
		}
	}
	return total
}
