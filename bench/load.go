package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/internal/diag"
	"github.com/dhakira/dhakira/search"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/web"
)

// The load client: a server over the archive in -dir runs in a child
// process (this program again, with -serve), so that its memory is its own,
// and -clients readers ask it, over loopback only, for a mix of pages for
// -duration or -max-requests requests, whichever ends first.

// loadOptions are the load client's settings.
type loadOptions struct {
	clients  int
	duration time.Duration
	max      int
	mix      string
	gzip     bool
}

// mixes are the shares of each part of the reading mix, in per cent:
// records, search, pages (home, browse, chronicle).
var mixes = map[string][3]int{
	"full":     {50, 25, 25}, // the mix
	"nosearch": {67, 0, 33},  // the same without search
	"records":  {100, 0, 0},
	"search":   {0, 100, 0},
	"pages":    {0, 0, 100},
}

// serveChild runs the server over dir on a loopback port and prints its
// address; it ends when its standard input closes (when the parent ends).
func serveChild(dir, database string, cacheMB int) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if os.Getenv("GOMEMLIMIT") == "" { // as dhakira serve
		debug.SetMemoryLimit(640 << 20)
	}
	if file := os.Getenv("BENCH_SERVER_CPUPROFILE"); file != "" {
		stop, err := profile(file)
		if err != nil {
			return err
		}
		defer stop()
	}
	db, err := openServed(dir, database)
	if err != nil {
		return err
	}
	defer db.Close()
	// Without an index (none was built: a bench run stopped before it),
	// the site is served without search rather than building one.
	opts := []web.Option{web.WithBackOffice(editorial.New(db))}
	syncDone := make(chan struct{})
	mode := ""
	if _, err := os.Stat(filepath.Join(dir, "index")); err == nil {
		engine, err := search.New(filepath.Join(dir, "index"), db, search.Options{})
		if err != nil {
			return err
		}
		defer engine.Close()
		go func() { engine.Run(ctx, 500*time.Millisecond); close(syncDone) }()
		opts = append(opts, web.WithSearch(engine))
	} else {
		close(syncDone)
		mode = " nosearch"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	// The collector's figures and Go's profiles, on a loopback port of
	// their own: the load client reads the first, a person the second
	// (go tool pprof -top -inuse_space http://ADDR/debug/pprof/heap).
	debugAddr, stopDebug, err := diag.Listen("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer stopDebug()
	mode += " debug " + debugAddr
	opts = append(opts, web.WithPageCache(int64(cacheMB)<<20, web.DefaultPageCacheSlack))
	site := web.New(db, config.Default(), opts...)
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	fmt.Printf("listening %s%s\n", ln.Addr(), mode)
	go func() { io.Copy(io.Discard, os.Stdin); stop() }()
	<-ctx.Done()
	srv.Close()
	if used, slots, overflow := sqlite.PagePool(); slots > 0 {
		fmt.Fprintf(os.Stderr, "server: SQLite's page pool: %d of %d slots in use, %.1f MiB of pages allocated beyond it\n", used, slots, float64(overflow)/(1<<20))
	}
	if cacheMB > 0 {
		st := site.PageCacheStats()
		fmt.Fprintf(os.Stderr, "server: page cache of %d MiB: %d requests answered from it, %d pages rendered, %d dropped for room, %d dropped by changes; %d pages kept (%.1f MiB)\n",
			cacheMB, st.Hits, st.Renders, st.Evictions, st.Dropped, st.Pages, float64(st.Bytes)/(1<<20))
	}
	<-syncDone
	return nil
}

// server is the child process serving the archive.
type server struct {
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	base     string
	noSearch bool   // the archive has no index: the site runs without search
	debug    string // the child's diagnostics (internal/diag), when it says
}

func startServer(dir string, cacheMB int) (*server, error) {
	return startServerArgs("-serve", "-dir", dir, "-page-cache-mb", strconv.Itoa(cacheMB))
}

// startServerArgs starts the bench with args as a server child.
func startServerArgs(args ...string) (*server, error) {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		cmd.Process.Kill()
		return nil, fmt.Errorf("server: %q %v", line, err)
	}
	addr, debug, _ := strings.Cut(addr, " debug ")
	addr, noSearch := strings.CutSuffix(addr, " nosearch")
	return &server{cmd: cmd, stdin: stdin, base: "http://" + addr, noSearch: noSearch, debug: debug}, nil
}

func (s *server) stop() {
	s.stdin.Close()
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
	}
}

// memory reads the server's resident memory now and at its peak. RSS
// counts the pages of the archive file SQLite maps and has read (RssFile:
// the system's file cache, shared and given back under pressure) beside
// the program's own (RssAnon), so both are said.
func (s *server) memory() (rss, peak string) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return "unknown", "unknown"
	}
	var anon, file string
	for _, l := range strings.Split(string(data), "\n") {
		k, v, _ := strings.Cut(l, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "VmRSS":
			rss = v
		case "VmHWM":
			peak = v
		case "RssAnon":
			anon = v
		case "RssFile":
			file = v
		}
	}
	return fmt.Sprintf("%s (own %s, mapped file %s)", rss, anon, file), peak
}

// gc reads the child's collector figures (internal/diag), by name; nil
// when it does not say them.
func (s *server) gc() map[string]float64 {
	if s.debug == "" {
		return nil
	}
	resp, err := http.Get("http://" + s.debug + "/debug/gc")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), " ")
		out[k], _ = strconv.ParseFloat(v, 64)
	}
	return out
}

// printGC says what the collector cost between two readings of s.gc.
func printGC(before, after map[string]float64, serverCPU time.Duration) {
	if before == nil || after == nil {
		return
	}
	d := func(k string) float64 { return after[k] - before[k] }
	gcCPU := d("/cpu/classes/gc/total:cpu-seconds")
	fmt.Printf("  collector: %.0f cycles, %.2fs CPU (runtime's estimate; %.0f%% of the server's); live heap %.0f MiB, goal %.0f MiB, scannable heap %.0f MiB\n",
		d("/gc/cycles/total:gc-cycles"), gcCPU, 100*gcCPU/max(serverCPU.Seconds(), 1e-9),
		after["/gc/heap/live:bytes"]/(1<<20), after["/gc/heap/goal:bytes"]/(1<<20), after["/gc/scan/heap:bytes"]/(1<<20))
}

// targets are the addresses the readers ask for, sampled from the archive.
type targets struct {
	records  []string
	pages    []string
	searches []string
}

func sampleTargets(ctx context.Context, db *sqlite.DB) (*targets, error) {
	t := &targets{}
	langs := []string{"ar", "en"}
	var days []string
	for _, k := range dhakira.Kinds {
		_, total, err := db.Records(ctx, dhakira.RecordFilter{Kind: k, Limit: 1})
		if err != nil {
			return nil, err
		}
		for i := range 5 {
			list, _, err := db.Records(ctx, dhakira.RecordFilter{Kind: k, Sort: dhakira.SortCode, Offset: total * i / 5, Limit: 400})
			if err != nil {
				return nil, err
			}
			for _, s := range list {
				t.records = append(t.records, "/"+langs[len(t.records)%2]+"/records/"+s.Code)
				if k == dhakira.KindDiary && len(s.Date) == 10 {
					days = append(days, s.Date)
				}
			}
		}
	}
	if len(t.records) == 0 {
		return nil, errors.New("the archive has no published records")
	}
	types, err := db.CountTypes(ctx, dhakira.KindDocument, dhakira.Public)
	if err != nil {
		return nil, err
	}
	for _, lang := range langs {
		t.pages = append(t.pages, "/"+lang+"/", "/"+lang+"/", "/"+lang+"/chronicle")
		for _, k := range dhakira.Kinds {
			t.pages = append(t.pages, "/"+lang+"/browse/"+string(k), "/"+lang+"/browse/"+string(k)+"?page=2")
		}
		for _, p := range places[:6] {
			t.pages = append(t.pages, "/"+lang+"/browse/document?place="+p, "/"+lang+"/browse/diary?place="+p)
		}
		for _, c := range types[:min(4, len(types))] {
			t.pages = append(t.pages, "/"+lang+"/browse/document?type="+c.Value)
		}
		for y := 2011; y <= 2024; y += 3 {
			t.pages = append(t.pages, fmt.Sprintf("/%s/browse/diary?year=%d", lang, y))
		}
		for i, d := range days {
			if i%10 == 0 {
				t.pages = append(t.pages, "/"+lang+"/chronicle/"+d)
			}
		}
	}
	mix, err := newMix("")
	if err != nil {
		return nil, err
	}
	for _, c := range mix {
		for _, q := range c.queries {
			t.searches = append(t.searches, "/api/v1/search?"+q.String()+"&per_page=20")
		}
	}
	return t, nil
}

// result is what one part of the mix measured.
type result struct {
	name   string
	times  []time.Duration
	errors int
}

// readers runs clients readers against base until stop is closed or max
// requests are made, and returns what each part of the mix measured.
func readers(base string, t *targets, clients, max int, mix [3]int, gzip bool, stop <-chan struct{}) ([]*result, time.Duration) {
	names := [3]string{"records", "search", "home/browse/chronicle"}
	var mu sync.Mutex
	results := [3]*result{{name: names[0]}, {name: names[1]}, {name: names[2]}}
	var made atomic.Int64
	var firstErrors atomic.Int32
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			client := newRawClient(base, gzip, 60*time.Second) // rawhttp.go: a fraction of net/http's CPU
			defer client.close()
			var local [3][]time.Duration
			var errs [3]int
			defer func() {
				mu.Lock()
				for i := range 3 {
					results[i].times = append(results[i].times, local[i]...)
					results[i].errors += errs[i]
				}
				mu.Unlock()
			}()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if made.Add(1) > int64(max) {
					return
				}
				part, x := 0, rng.IntN(100)
				for x >= mix[part] {
					x -= mix[part]
					part++
				}
				var path string
				switch part {
				case 0:
					path = t.records[rng.IntN(len(t.records))]
				case 1:
					path = t.searches[rng.IntN(len(t.searches))]
				default:
					path = t.pages[rng.IntN(len(t.pages))]
				}
				began := time.Now()
				status, err := client.get(path)
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("status %d", status)
				}
				local[part] = append(local[part], time.Since(began))
				if err != nil {
					errs[part]++
					if firstErrors.Add(1) <= 5 {
						fmt.Fprintf(os.Stderr, "  error: GET %s: %v\n", path, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	var out []*result
	for i, r := range results {
		if mix[i] > 0 {
			out = append(out, r)
		}
	}
	return out, took
}

// processCPU is the CPU time (user and system) process pid has used, from
// /proc; 0 when unknown.
func processCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses and
	// may hold spaces: utime and stime are the 12th and 13th of them, in
	// clock ticks (100 a second on Linux).
	_, rest, _ := strings.Cut(string(data), ") ")
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+st) * 10 * time.Millisecond
}

// warmAll asks clients at once for every address of the mix's records and
// pages once, for limit at most, and says how many it asked for.
func warmAll(base string, t *targets, clients int, mix [3]int, gzip bool, limit time.Duration) (int, time.Duration) {
	var all []string
	if mix[0] > 0 {
		all = append(all, t.records...)
	}
	if mix[2] > 0 {
		all = append(all, t.pages...)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}, Timeout: 60 * time.Second}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(start) < limit {
				i := int(next.Add(1)) - 1
				if i >= len(all) {
					return
				}
				req, _ := http.NewRequest(http.MethodGet, base+all[i], nil)
				if gzip {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				if resp, err := client.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
	return min(int(next.Load()), len(all)), time.Since(start)
}

func printResults(results []*result, took time.Duration) {
	all := &result{name: "all"}
	fmt.Printf("  %-22s %8s %9s %8s %8s %8s %8s %7s\n", "", "requests", "req/s", "p50", "p95", "p99", "max", "errors")
	for _, r := range append(results, all) {
		if r != all {
			all.times = append(all.times, r.times...)
			all.errors += r.errors
		}
		slices.Sort(r.times)
		if len(r.times) == 0 {
			continue
		}
		fmt.Printf("  %-22s %8d %9.0f %8s %8s %8s %8s %7d\n", r.name, len(r.times), float64(len(r.times))/took.Seconds(),
			ms(percentile(r.times, 0.50)), ms(percentile(r.times, 0.95)), ms(percentile(r.times, 0.99)), ms(r.times[len(r.times)-1]), r.errors)
	}
}

// load measures the server over the archive in o.dir with each mix named.
func load(o options, lo loadOptions) error {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(o.dir, "archive.db"))
	if err != nil {
		return err
	}
	t, err := sampleTargets(ctx, db)
	db.Close()
	if err != nil {
		return err
	}
	srv, err := startServer(o.dir, o.cacheMB)
	if err != nil {
		return err
	}
	defer srv.stop()
	counts := 0
	for _, name := range strings.Split(lo.mix, ",") {
		mix, ok := mixes[name]
		if !ok {
			return fmt.Errorf("unknown mix %q", name)
		}
		if mix[1] > 0 && srv.noSearch {
			fmt.Printf("\nload: mix %q skipped: the archive in %s has no search index\n", name, o.dir)
			continue
		}
		// Warm up: with a page cache, every address of the mix but the
		// searches is asked for once, so that what is measured is the
		// cache kept warm, not its filling (which is said apart); then
		// 2,000 requests of the mix at most, for the connections.
		if o.cacheMB > 0 {
			cpu := processCPU(srv.cmd.Process.Pid)
			n, took := warmAll(srv.base, t, lo.clients, mix, lo.gzip, 3*time.Minute)
			cpu = processCPU(srv.cmd.Process.Pid) - cpu
			fmt.Printf("\nload: mix %q: %d addresses asked for once each in %s to fill the page cache (%.0f a second, server CPU %s a page; load average %s)\n",
				name, n, took.Round(time.Millisecond), float64(n)/took.Seconds(), (cpu / time.Duration(max(n, 1))).Round(time.Microsecond), loadAverage())
		}
		warm := make(chan struct{})
		time.AfterFunc(5*time.Second, func() { close(warm) })
		readers(srv.base, t, lo.clients, 2000, mix, lo.gzip, warm)
		fmt.Printf("\nload: mix %q (records %d%%, search %d%%, home/browse/chronicle %d%%), %d clients, %s or %d requests, loopback; load average %s on %d cores\n",
			name, mix[0], mix[1], mix[2], lo.clients, lo.duration, lo.max, loadAverage(), runtime.NumCPU())
		stop := make(chan struct{})
		timer := time.AfterFunc(lo.duration, func() { close(stop) })
		serverCPU, clientCPU := processCPU(srv.cmd.Process.Pid), processCPU(os.Getpid())
		gcBefore := srv.gc()
		results, took := readers(srv.base, t, lo.clients, lo.max, mix, lo.gzip, stop)
		timer.Stop()
		serverCPU, clientCPU = processCPU(srv.cmd.Process.Pid)-serverCPU, processCPU(os.Getpid())-clientCPU
		printResults(results, took)
		printGC(gcBefore, srv.gc(), serverCPU)
		rss, peak := srv.memory()
		fmt.Printf("  server RSS %s (peak %s); load average after %s\n", rss, peak, loadAverage())
		n := 0
		for _, r := range results {
			n += len(r.times)
		}
		if n > 0 {
			// On a shared machine the CPU time a request costs says more
			// than the requests a second.
			fmt.Printf("  CPU time: server %s (%s a request), load client %s (%s a request)\n",
				serverCPU.Round(10*time.Millisecond), (serverCPU / time.Duration(n)).Round(time.Microsecond),
				clientCPU.Round(10*time.Millisecond), (clientCPU / time.Duration(n)).Round(time.Microsecond))
		}
		for _, r := range results {
			counts += r.errors
		}
	}
	if counts > 0 {
		return fmt.Errorf("%d errors", counts)
	}
	return nil
}
