package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/sqlite"
)

// soak runs everything at once on the archive in o.dir for at least d:
// readers (the full mix), editors saving through the write API, an import
// of 100,000 records and a whole export, in this process and the server's
// child. Every request and write must succeed; at the end the search index
// must hold what the store publishes. It changes the archive: run it on a
// copy.
func soak(o options, lo loadOptions, d time.Duration, soakImport int) error {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(o.dir, "archive.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := sampleTargets(ctx, db)
	if err != nil {
		return err
	}
	file := filepath.Join(o.dir, "soak.jsonl")
	if err := soakCorpus(ctx, file, soakImport); err != nil {
		return err
	}
	defer os.Remove(file)
	svc := editorial.New(db)
	cli := editorial.CLI(ctx)
	email := fmt.Sprintf("soak-%d@example.org", time.Now().UnixNano())
	if _, _, err := svc.AddUser(cli, email, "Soak editor", dhakira.Reviewer, ""); err != nil {
		return err
	}
	token, _, err := svc.AddToken(cli, email, "soak")
	if err != nil {
		return err
	}
	srv, err := startServer(o.dir, o.cacheMB)
	if err != nil {
		return err
	}
	defer srv.stop()
	before, err := db.CountKinds(ctx, dhakira.Staff)
	if err != nil {
		return err
	}
	fmt.Printf("soak: %s at least, %d readers (full mix), 4 editors, an import of %d records, a whole export; load average %s\n",
		d, lo.clients, soakImport, loadAverage())
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var readResults []*result
	var readTook time.Duration
	wg.Add(1)
	go func() {
		defer wg.Done()
		readResults, readTook = readers(srv.base, t, lo.clients, 1<<40, mixes["full"], lo.gzip, stop)
	}()
	edits := &result{name: "editor saves"}
	var editsMu sync.Mutex
	var saves []span // when each save began and how long it took
	for e := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			editor(srv.base, token, e, stop, edits, &saves, &editsMu)
		}()
	}
	var problems []string
	var pmu sync.Mutex
	fail := func(format string, args ...any) {
		pmu.Lock()
		problems = append(problems, fmt.Sprintf(format, args...))
		pmu.Unlock()
	}
	var work sync.WaitGroup
	work.Add(2)
	var commit span // the import's commit transaction: the write lock held
	go func() {
		defer work.Done()
		start := time.Now()
		var checked, written time.Time
		seen := make(chan span, 1)
		done := make(chan struct{})
		defer close(done)
		go func() { // the commit, seen by the lock it holds
			var began time.Time
			for {
				select {
				case <-done:
					return
				case <-time.After(5 * time.Millisecond):
				}
				switch on := db.Committing(); {
				case on && began.IsZero():
					began = time.Now()
				case !on && !began.IsZero():
					seen <- span{began, time.Since(began)}
					return
				}
			}
		}()
		sum, err := ingest.Import(ctx, db, []ingest.Input{jsonl.File(file)}, ingest.Options{Author: "soak",
			Wait: func(msg string) { fmt.Println("  import:", msg) },
			Progress: func(phase string, done, total int) {
				switch {
				case phase == "check": // the last one ends the check
					checked = time.Now()
				case phase == "write" && done == total:
					written = time.Now()
				}
			}})
		if err != nil {
			fail("import: %v", err)
			return
		}
		took := time.Since(start)
		select {
		case commit = <-seen:
		case <-time.After(time.Second): // a commit shorter than the watcher's look
		}
		fmt.Printf("  import: %d records in %s (%.0f records/s) while the rest ran: checked in %s, written in batches in %s, committed in %s (the commit's transaction, holding the write lock, %s; then the staging tables emptied); load average %s\n",
			sum.Created, took.Round(time.Millisecond), float64(sum.Created)/took.Seconds(), checked.Sub(start).Round(time.Millisecond),
			written.Sub(checked).Round(time.Millisecond), time.Since(written).Round(time.Millisecond), commit.took.Round(time.Millisecond), loadAverage())
	}()
	go func() {
		defer work.Done()
		time.Sleep(d / 5) // while the import writes
		start := time.Now()
		var buf countWriter
		n, err := jsonl.Export(ctx, db, &buf, "")
		if err != nil {
			fail("export: %v", err)
			return
		}
		fmt.Printf("  export: %d records, %.0f MB in %s; records of the import in it: %d (all or nothing: 0 or %d)\n",
			n, float64(buf.n)/(1<<20), time.Since(start).Round(time.Millisecond), buf.soak, imported(soakImport))
		if buf.soak != 0 && buf.soak != imported(soakImport) {
			fail("export: %d records of the import, want 0 or %d", buf.soak, soakImport)
		}
	}()
	time.Sleep(d)
	work.Wait()
	close(stop)
	wg.Wait()
	fmt.Printf("  readers and editors, over %s:\n", readTook.Round(time.Second))
	printResults(append(readResults, edits), readTook)
	if commit.took > 0 {
		n, longest := 0, time.Duration(0)
		for _, v := range saves {
			if v.start.Before(commit.start.Add(commit.took)) && v.start.Add(v.took).After(commit.start) {
				n++
				longest = max(longest, v.took)
			}
		}
		fmt.Printf("  editor saves during the import's commit (%s): %d, the longest %s\n", commit.took.Round(time.Millisecond), n, longest.Round(time.Millisecond))
	}
	rss, peak := srv.memory()
	fmt.Printf("  server RSS %s (peak %s); load average %s\n", rss, peak, loadAverage())
	for _, r := range append(readResults, edits) {
		if r.errors > 0 {
			fail("%s: %d errors", r.name, r.errors)
		}
	}
	after, err := db.CountKinds(ctx, dhakira.Staff)
	if err != nil {
		return err
	}
	added := 0
	for _, k := range dhakira.Kinds {
		added += after[k] - before[k]
	}
	if added < soakImport {
		fail("the archive grew by %d records, less than the import's %d", added, soakImport)
	}
	// The index catches up with the store: for every kind, the search's
	// count of the published records is the store's.
	start := time.Now()
	for {
		published, err := db.CountKinds(ctx, dhakira.Public)
		if err != nil {
			return err
		}
		var differ []string
		for _, k := range dhakira.Kinds {
			n, err := searchTotal(srv.base, k)
			if err != nil {
				return err
			}
			if n != published[k] {
				differ = append(differ, fmt.Sprintf("%s: store %d, index %d", k, published[k], n))
			}
		}
		if len(differ) == 0 {
			fmt.Printf("  store and index agree (%d published records) %s after the end\n", sum(published), time.Since(start).Round(time.Millisecond))
			break
		}
		if time.Since(start) > 10*time.Minute {
			fail("store and index disagree: %s", strings.Join(differ, "; "))
			break
		}
		time.Sleep(2 * time.Second)
	}
	if len(problems) > 0 {
		return fmt.Errorf("soak: %s", strings.Join(problems, "; "))
	}
	fmt.Println("soak: 0 errors")
	return nil
}

func sum(m map[dhakira.Kind]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// imported is how many records of a soak corpus of n carry a SOAK- code:
// all of them (NoCodes is 0).
func imported(n int) int { return n }

// soakCorpus writes the soak's import: a corpus of its own whose codes
// (DOC-000001 → SOAK-DOC-000001) are not the archive's.
func soakCorpus(ctx context.Context, file string, n int) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	defer f.Close()
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(corpus.Write(pw, corpus.Options{N: n, Seed: 2, Places: places, NoCodes: 0, Drafts: 20}))
	}()
	code := regexp.MustCompile(`"((DOC|VID|TST|DIA|PER|ENT|PLC)-[0-9]+)"`)
	sc := bufio.NewScanner(pr)
	sc.Buffer(make([]byte, 1<<20), dhakira.MaxRecordBytes)
	w := bufio.NewWriter(f)
	for sc.Scan() {
		w.Write(code.ReplaceAll(sc.Bytes(), []byte(`"SOAK-$1"`)))
		w.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return w.Flush()
}

// countWriter counts what an export writes, and its records of the import.
type countWriter struct {
	n    int64
	soak int
	rest []byte
}

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	data := append(c.rest, p...)
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		if bytes.Contains(data[:min(i, 64)], []byte(`"code":"SOAK-`)) {
			c.soak++
		}
		data = data[i+1:]
	}
	c.rest = slices.Clone(data)
	return len(p), nil
}

// span is when something began and how long it took.
type span struct {
	start time.Time
	took  time.Duration
}

// editor creates records through the write API and edits them, until stop.
// saves gets each request's span.
func editor(base, token string, e int, stop <-chan struct{}, r *result, saves *[]span, mu *sync.Mutex) {
	client := &http.Client{Timeout: 60 * time.Second}
	do := func(method, path, body, ifMatch string) (string, string, error) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		if ifMatch != "" {
			req.Header.Set("If-Match", ifMatch)
		}
		began := time.Now()
		resp, err := client.Do(req)
		took := time.Since(began)
		var data []byte
		if err == nil {
			data, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 300 {
				err = fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, data)
			}
		}
		mu.Lock()
		r.times = append(r.times, took)
		*saves = append(*saves, span{began, took})
		if err != nil {
			r.errors++
			if r.errors <= 5 {
				fmt.Fprintln(os.Stderr, "  error:", err)
			}
		}
		mu.Unlock()
		if err != nil {
			return "", "", err
		}
		var rec struct {
			Code string `json:"code"`
		}
		json.Unmarshal(data, &rec)
		return rec.Code, resp.Header.Get("ETag"), nil
	}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		case <-time.After(200 * time.Millisecond):
		}
		status := "published"
		if i%3 == 0 {
			status = "draft"
		}
		rec := fmt.Sprintf(`{"kind":"document","title":{"en":"Soak edit %d-%d","ar":"تعديل %d"},"text":{"en":"saved while the soak runs"},"status":%q}`, e, i, i, status)
		code, etag, err := do("POST", "/api/v1/records", rec, "")
		if err != nil {
			continue
		}
		for j := range 2 {
			rec := fmt.Sprintf(`{"kind":"document","code":%q,"title":{"en":"Soak edit %d-%d, version %d"},"status":%q}`, code, e, i, j+2, status)
			if _, etag, err = do("PUT", "/api/v1/records/"+code, rec, etag); err != nil {
				break
			}
		}
	}
}

// searchTotal asks the server's search how many published records of kind
// k it holds.
func searchTotal(base string, k dhakira.Kind) (int, error) {
	resp, err := http.Get(base + "/api/v1/search?kind=" + string(k) + "&per_page=1")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var res struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return 0, fmt.Errorf("search %s: %s: %w", k, resp.Status, err)
	}
	return res.Total, nil
}
