// Command bench measures dhakira at archive scale: it generates a synthetic
// corpus of N records placed in the bundled gazetteer, imports it into a new
// archive through the same path as "dhakira import", builds the search index
// beside it as "dhakira reindex" does, and prints the rates, the sizes on
// disk, the peak memory, and the latency of a fixed mix of searches, both
// called in process and asked over HTTP.
//
//	go run ./bench -n 100000
//	go run ./bench -n 1000000 -dir /tmp/b1m          # keeps the archive and index
//	go run ./bench -dir /tmp/b1m -reuse -only facet-heavy -cpuprofile cpu.out
//	go run ./bench -n 100000 -database postgres://…  # the archive in PostgreSQL (an empty database)
//	go run ./bench -n 100000 -nodes 2               # also page reads through one node, then two
//	go run ./bench -dir /tmp/b1m -load -clients 32 -duration 30s  # the site under load
//	go run ./bench -dir /tmp/copy -soak 5m                       # everything at once
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/postgres"
	"github.com/dhakira/dhakira/search"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/web"
)

type options struct {
	n          int
	dir        string
	words      int
	queries    int
	budget     time.Duration
	http       bool
	reuse      bool
	only       string
	list       bool
	cpuprofile string
	idxprofile string
	database   string
	nodes      int
	reindex    bool
	fresh      int
	pg         bool
	pgTimeout  time.Duration
	load       bool
	serve      bool
	soak       time.Duration
	search     bool
	soakImport int
	cacheMB    int
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", 100000, "records to generate")
	flag.StringVar(&o.dir, "dir", "", "work folder (default: a new temporary folder, removed afterwards)")
	flag.IntVar(&o.words, "words", 0, "longest text, in words (0: the corpus's own limit, 3000)")
	flag.IntVar(&o.queries, "queries", 200, "searches of each category of the mix")
	flag.DurationVar(&o.budget, "budget", 30*time.Second, "longest time spent on one category, which then stops after at least 20 searches")
	flag.BoolVar(&o.http, "http", true, "also measure the searches over HTTP")
	flag.BoolVar(&o.reuse, "reuse", false, "search the archive and index a previous run left in -dir, without generating anything")
	flag.IntVar(&o.fresh, "fresh", 10, "records written one by one to time each from its commit to search (0: none)")
	flag.BoolVar(&o.pg, "pg", false, "also load the records into a throwaway PostgreSQL (initdb) and time its full-text search on the same mix")
	flag.DurationVar(&o.pgTimeout, "pg-timeout", 10*time.Second, "-pg: the statement timeout of each PostgreSQL search (one it stops counts as at least this long)")
	flag.BoolVar(&o.reindex, "reindex", false, "with -reuse, build the index again from the archive (and measure it)")
	flag.StringVar(&o.only, "only", "", "run only these categories of the mix, comma-separated: "+strings.Join(categories, ","))
	flag.BoolVar(&o.list, "list", false, "print the searches of the mix and exit")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the in-process searches to this file")
	flag.StringVar(&o.idxprofile, "indexprofile", "", "write a CPU profile of the index build to this file")
	var m mediaOptions
	mediaMode := flag.Bool("media", false, "measure the file stores and media tools instead (see bench/media.go)")
	flag.Float64Var(&m.ingestGB, "media-gb", 1, "-media: GB of mixed files to put in each store")
	flag.Float64Var(&m.bigGB, "big-gb", 4, "-media: size in GB of the one large file put, then read by ranges")
	flag.IntVar(&m.ocrPages, "ocr-pages", 10, "-media: scanned pages to read by OCR")
	flag.BoolVar(&m.noS3, "no-s3", false, "-media: the folder store only")
	flag.StringVar(&o.database, "database", "", "postgres://… keep the archive in this PostgreSQL database (empty, unless -reuse) instead of SQLite in -dir")
	flag.BoolVar(&o.search, "search", true, "build the search index and measure searches (false: the store alone: import, export, browse, -nodes)")
	flag.IntVar(&o.nodes, "nodes", 0, "also measure the throughput of page reads over HTTP through one node, then through this many on the same store")
	var lo loadOptions
	flag.BoolVar(&o.load, "load", false, "measure the site under load: a server over the archive in -dir (left by a previous run) in a child process, and -clients readers asking it over loopback")
	flag.DurationVar(&o.soak, "soak", 0, "run readers, editors, an import of 100,000 records and a whole export at once on the archive in -dir (it changes it: use a copy) for at least this long")
	flag.IntVar(&o.soakImport, "soak-import", 100000, "records the -soak import brings")
	flag.IntVar(&o.cacheMB, "page-cache-mb", web.DefaultPageCacheBytes>>20, "the -load and -soak server's page cache, in MiB (0: none)")
	flag.BoolVar(&lo.gzip, "gzip", false, "-load readers take gzip (Accept-Encoding), as browsers do; they count the compressed bytes without decompressing them")
	flag.BoolVar(&o.serve, "serve", false, "(the load client's child) serve the archive in -dir on a loopback port")
	flag.IntVar(&lo.clients, "clients", 32, "readers asking at once, with -load and -soak")
	flag.DurationVar(&lo.duration, "duration", 30*time.Second, "how long each mix of -load runs")
	flag.IntVar(&lo.max, "max-requests", 1_000_000, "most requests of each mix of -load")
	flag.StringVar(&lo.mix, "mix", "full,nosearch,records", "the mixes -load measures, comma-separated: full (records 50%, search 25%, home/browse/chronicle 25%), nosearch, records, search, pages")
	flag.Parse()
	var err error
	switch {
	case *mediaMode:
		err = runMedia(o.dir, m)
	case o.serve:
		err = serveChild(o.dir, o.database, o.cacheMB)
	case (o.load || o.soak > 0) && o.dir == "":
		err = fmt.Errorf("-load and -soak need -dir, an archive left by a previous run")
	case o.load:
		err = load(o, lo)
	case o.soak > 0:
		err = soak(o, lo, o.soak, o.soakImport)
	default:
		err = run(o)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func run(o options) error {
	ctx := context.Background()
	if o.reuse && o.dir == "" {
		return fmt.Errorf("-reuse needs -dir")
	}
	mix, err := newMix(o.only)
	if err != nil {
		return err
	}
	if o.list {
		for _, c := range mix {
			for _, q := range c.queries {
				u, _ := url.QueryUnescape(q.String())
				fmt.Printf("%-16s %s\n", c.name, u)
			}
		}
		return nil
	}
	if o.dir == "" {
		tmp, err := os.MkdirTemp("", "dhakira-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		o.dir = tmp
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	db, err := openStore(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	indexDir := filepath.Join(o.dir, "index")
	if !o.reuse {
		if err := os.RemoveAll(indexDir); err != nil {
			return err
		}
		if err := fill(ctx, db, o); err != nil {
			return err
		}
	}
	if !o.search {
		if o.nodes > 0 {
			return readThroughput(ctx, db, o)
		}
		return nil
	}
	engine, err := search.New(indexDir, db, search.Options{})
	if err != nil {
		return err
	}
	defer engine.Close()
	if o.reuse && !o.reindex {
		docs, _ := engine.Index().DocCount()
		fmt.Printf("index         %d records in %s (reused)\n", docs, indexDir)
	} else {
		stop, err := profile(o.idxprofile)
		if err != nil {
			return err
		}
		err = index(ctx, engine, indexDir)
		stop()
		if err != nil {
			return err
		}
	}

	fmt.Printf("\nload average  %s on %d cores (the searches keep about one busy)\n", loadAverage(), runtime.NumCPU())
	fmt.Printf("\nsearch, in process: up to %d searches of each category (at most %s each), %d a page, with facets, after %d to warm up\n",
		o.queries, o.budget, pageSize, warmUp)
	stop, err := profile(o.cpuprofile)
	if err != nil {
		return err
	}
	stats, err := measure(mix, o.queries, o.budget, inProcess(ctx, engine))
	stop()
	if err != nil {
		return err
	}
	printTable(stats)
	if o.http {
		srv := newHTTP(db, engine)
		defer srv.Close()
		fmt.Printf("\nsearch, over HTTP (GET /api/v1/search, whole body read): the same searches\n")
		stats, err := measure(mix, o.queries, o.budget, srv.search)
		if err != nil {
			return err
		}
		printTable(stats)
	}
	if o.fresh > 0 {
		if err := freshness(ctx, db, engine, mix, o.fresh); err != nil {
			return err
		}
	}
	if o.pg {
		if err := pgFTS(ctx, db, o.dir, mix, o.queries, o.budget, o.pgTimeout); err != nil {
			return err
		}
	}
	if o.nodes > 0 {
		if err := readThroughput(ctx, db, o); err != nil {
			return err
		}
	}
	fmt.Printf("\nload average  %s\n", loadAverage())
	fmt.Printf("peak RSS      %s\n", peakRSS())
	return nil
}

// fill generates the corpus and imports it with the gazetteer, printing
// what it cost, then exports and browses the archive.
func fill(ctx context.Context, db dhakira.BackOfficeStore, o options) error {
	places, err := gazetteer.Syria()
	if err != nil {
		return err
	}
	var codes []string
	var names [3][]dhakira.Text // governorates, districts, subdistricts: the wider, the more often named
	for _, p := range places {
		codes = append(codes, p.Code)
		t := dhakira.Text{AR: strings.TrimPrefix(p.Title.AR, "محافظة "), EN: strings.TrimSuffix(p.Title.EN, " Governorate")}
		switch p.Level() {
		case "governorate":
			names[0] = append(names[0], t)
		case "district":
			names[1] = append(names[1], t)
		default:
			names[2] = append(names[2], t)
		}
	}
	file := filepath.Join(o.dir, "corpus.jsonl")
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	start := time.Now()
	opt := corpus.Options{N: o.n, Seed: 1, Places: codes, Names: append(append(names[0], names[1]...), names[2]...),
		NoCodes: 50, Drafts: 20, MaxWords: o.words}
	if err := corpus.Write(f, opt); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Printf("corpus        %d records, %.1f MB, generated in %s\n", o.n, mb(st.Size()), time.Since(start).Round(time.Millisecond))

	if _, err := ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes(gazetteer.SyriaFile, gazetteer.SyriaJSONL)}, ingest.Options{Author: "bench"}); err != nil {
		return err
	}
	var checked time.Duration
	start = time.Now()
	sum, err := ingest.Import(ctx, db, []ingest.Input{jsonl.File(file)}, ingest.Options{Author: "bench", Progress: func(phase string, done, total int) {
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
	size := dirSize(o.dir) - st.Size()
	if sq, ok := db.(*sqlite.DB); ok {
		if err := sq.Checkpoint(ctx); err != nil {
			return err
		}
		size = dirSize(o.dir) - st.Size()
	} else if pg, ok := db.(*postgres.DB); ok {
		if size, err = pg.Size(ctx); err != nil {
			return err
		}
	}
	fmt.Printf("store size    %.1f MB (%.0f bytes/record, corpus %.0f bytes/record)\n", mb(size), float64(size)/float64(o.n), float64(st.Size())/float64(o.n))
	fmt.Printf("peak RSS      %s\n", peakRSS())
	if err := os.Remove(file); err != nil { // the archive holds it now; spare the disk
		return err
	}

	start = time.Now()
	null, err := os.Create(os.DevNull)
	if err != nil {
		return err
	}
	defer null.Close()
	m, err := jsonl.Export(ctx, db, null, "")
	if err != nil {
		return err
	}
	took = time.Since(start)
	fmt.Printf("export        %d records in %s: %.0f records/s\n", m, took.Round(time.Millisecond), float64(m)/took.Seconds())

	// Up to 50 pages, for at most 30 seconds: at a million records a page
	// can take seconds.
	start = time.Now()
	pages := 0
	for pages < 50 && (pages == 0 || time.Since(start) < 30*time.Second) {
		if _, _, err := db.Records(ctx, dhakira.RecordFilter{Kind: dhakira.KindDocument, Place: "SY04", Sort: dhakira.SortNewest, Offset: pages * 50}); err != nil {
			return err
		}
		pages++
	}
	fmt.Printf("browse        document in SY04 (subtree), newest first: %s per page (%d pages)\n", (time.Since(start) / time.Duration(pages)).Round(time.Microsecond), pages)
	return nil
}

// index rebuilds the search index from the store, as "dhakira reindex"
// does, and waits for its background merges to settle before measuring it.
func index(ctx context.Context, engine *search.Engine, dir string) error {
	start, cpu := time.Now(), cpuTime()
	last := start
	n, err := engine.Rebuild(ctx, func(done int) {
		if time.Since(last) > 30*time.Second {
			last = time.Now()
			fmt.Fprintf(os.Stderr, "  indexed %d records in %s\n", done, time.Since(start).Round(time.Second))
		}
	})
	if err != nil {
		return err
	}
	took := time.Since(start)
	used := cpuTime() - cpu
	fmt.Printf("index         %d records in %s: %.0f records/s; CPU %s: %.0f records a CPU-second\n", n, took.Round(time.Millisecond), float64(n)/took.Seconds(),
		used.Round(time.Millisecond), float64(n)/used.Seconds())
	settled, segments := settle(dir)
	size := dirSize(dir)
	fmt.Printf("index size    %.1f MB (%.0f bytes/record) in %d segments, merges settled %s after the build\n",
		mb(size), float64(size)/float64(max(n, 1)), segments, settled.Round(time.Second))
	fmt.Printf("peak RSS      %s (after indexing)\n", peakRSS())
	return nil
}

// settle waits until the index's segment files stop changing for ten
// seconds in a row, or for at most ten minutes. It returns how long it
// waited and the number of segments.
func settle(dir string) (time.Duration, int) {
	start := time.Now()
	state := func() (string, int) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.dks"))
		return strings.Join(files, ","), len(files)
	}
	prev, n := state()
	stable := time.Now()
	for time.Since(stable) < 10*time.Second && time.Since(start) < 10*time.Minute {
		time.Sleep(time.Second)
		cur, m := state()
		if cur != prev {
			prev, n, stable = cur, m, time.Now()
		}
	}
	return time.Since(start) - time.Since(stable), n
}

// profile starts a CPU profile written to file, when file is not empty,
// and returns the function that stops it.
func profile(file string) (func(), error) {
	if file == "" {
		return func() {}, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
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

// loadAverage reads the machine's load averages over 1, 5 and 15 minutes:
// other work on the machine skews the latencies.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	return strings.Join(f[:min(3, len(f))], " ")
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

// openStore opens the bench's archive: the PostgreSQL database of
// -database, else the SQLite file in -dir. A new run needs an empty one.
func openStore(ctx context.Context, o options) (dhakira.BackOfficeStore, error) {
	if o.database == "" {
		_, err := os.Stat(filepath.Join(o.dir, "archive.db"))
		switch {
		case err == nil && !o.reuse:
			return nil, fmt.Errorf("%s already holds an archive: pass -reuse to search it, or choose another -dir", o.dir)
		case err != nil && o.reuse:
			return nil, fmt.Errorf("-reuse: %w", err)
		}
		return sqlite.Open(filepath.Join(o.dir, "archive.db"))
	}
	db, err := postgres.Open(o.database)
	if err != nil {
		return nil, err
	}
	last, err := db.LastChange(ctx)
	switch {
	case err != nil:
	case last > 0 && !o.reuse:
		err = fmt.Errorf("the database already holds an archive: pass -reuse to search it, or give an empty one")
	case last == 0 && o.reuse:
		err = fmt.Errorf("-reuse: the database holds no archive")
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
