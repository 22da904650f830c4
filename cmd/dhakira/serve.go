package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/demo"
	"github.com/dhakira/dhakira/derive"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/diag"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/media"
	"github.com/dhakira/dhakira/postgres"
	"github.com/dhakira/dhakira/search"
	"github.com/dhakira/dhakira/web"
)

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs, data := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	withDemo := fs.Bool("demo", false, "load the gazetteer and the bundled demo archive into an empty data folder")
	debugAddr := fs.String("debug-addr", os.Getenv("DHAKIRA_DEBUG_ADDR"), "serve Go's profiles (/debug/pprof/) and the collector's figures (/debug/gc) on this loopback address, apart from the site (diagnostics; default off)")
	o := config.FromEnv(os.Getenv)
	fs.StringVar(&o.NameAR, "name-ar", o.NameAR, "the archive's name in Arabic (overrides "+config.FileName+")")
	fs.StringVar(&o.NameEN, "name-en", o.NameEN, "the archive's name in English")
	fs.StringVar(&o.StatementAR, "statement-ar", o.StatementAR, "the statement at the top of every page, in Arabic")
	fs.StringVar(&o.StatementEN, "statement-en", o.StatementEN, "the statement at the top of every page, in English")
	fs.StringVar(&o.Contact, "contact", o.Contact, "contact e-mail address for readers' corrections")
	fs.StringVar(&o.BaseURL, "base-url", o.BaseURL, "public address of the site, for permanent links")
	fs.StringVar(&o.Files, "files", o.Files, "where the archive's files are: a folder or s3://bucket/prefix?endpoint=… (default: the data folder's files/)")
	fs.Int64Var(&o.MaxFileSize, "max-file-size", 0, "the largest file the archive takes, in bytes (default: max_file_size in "+config.FileName+", else 50 GB)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &exitError{2, fmt.Errorf("serve: unexpected argument %q", rest[0])}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if *debugAddr != "" {
		at, stop, err := diag.Listen(*debugAddr)
		if err != nil {
			return &exitError{2, fmt.Errorf("serve: %w", err)}
		}
		defer stop()
		log.Info("diagnostics", "at", "http://"+at+"/debug/pprof/")
	}
	db, err := openStore(fs, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	settings, err := config.Load(*data)
	if err != nil {
		return err
	}
	settings = o.Apply(settings)
	files, err := openFiles(ctx, *data, settings)
	if err != nil {
		return err
	}
	if msg := media.Tools().Message(); msg != "" {
		log.Warn(msg)
	}
	if *withDemo {
		if err := loadDemo(ctx, db, log); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	engine, err := openSearch(*data, db, files, log)
	if err != nil {
		return err
	}
	defer engine.Close()
	if os.Getenv("GOMEMLIMIT") == "" {
		go limitMemoryWhenReady(ctx, func() bool { return engine.State().State == "ready" }, time.Second, func(n int64) int64 {
			old := debug.SetMemoryLimit(n)
			// A first start's build leaves its garbage in the heap
			// (collected at GOGC 200): give it back to the system now,
			// not as the scavenger gets to it.
			debug.FreeOSMemory()
			return old
		})
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// The index follows the store, whoever writes to it: this server or a
	// "dhakira import" in another process.
	syncCtx, stopSync := context.WithCancel(ctx)
	syncDone := make(chan struct{})
	go func() { engine.Run(syncCtx, 500*time.Millisecond); close(syncDone) }()
	defer func() { stopSync(); <-syncDone }()
	// One worker makes posters, web copies, thumbnails and text, one file
	// at a time, from the store's queue: it survives restarts.
	worker := &derive.Worker{Queue: db, Files: files, Log: log, Done: func(ctx context.Context, sha string) {
		prepared(ctx, db, engine, files, sha, log)
	}}
	workDone := make(chan struct{})
	go func() { worker.Run(syncCtx, 2*time.Second); close(workDone) }()
	defer func() { stopSync(); <-workDone }()
	bo := editorial.New(db)
	bo.Files, bo.MaxFileSize = files, settings.MaxFileSize
	srv := &http.Server{
		Handler: web.New(db, settings, web.WithSearch(engine), web.WithBackOffice(bo), web.WithFiles(files, settings.MaxFileSize),
			web.WithReadiness(indexReady(db, engine.Index(), maxIndexLag)), web.WithPageCache(settings.PageCacheBytes(), web.DefaultPageCacheSlack)),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "data", *data, "store", storeName(db))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// maxIndexLag is how far behind the archive this node's search index may
// be with the node still ready for readers: the index follows the change
// feed every half second, and an import of many records takes a while.
const maxIndexLag = 10 * time.Second

// indexReady returns the readiness check of /healthz: the search index has
// caught up with the store when it holds every change, or when the oldest
// change it lacks was made less than maxLag ago. A node whose index is
// being rebuilt, or has stopped following, is not ready. (The index says
// which change it holds; when the search engine says more of its state,
// only this function changes.)
func indexReady(store dhakira.Store, index interface{ Seq() (int64, error) }, maxLag time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		seq, err := index.Seq()
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		last, err := store.LastChange(ctx)
		if err != nil || seq >= last {
			return err
		}
		at, err := store.NextChangeAt(ctx, seq)
		if err != nil {
			return err
		}
		if lag := time.Since(at); !at.IsZero() && lag >= maxLag {
			return fmt.Errorf("the search index is at change %d of %d, %s behind", seq, last, lag.Round(time.Second))
		}
		return nil
	}
}

// loadGazetteer imports the bundled Syrian gazetteer, leaving places that
// are already in the archive as they are.
func loadGazetteer(ctx context.Context, db dhakira.BackOfficeStore) (*ingest.Summary, error) {
	return editorial.New(db).Import(editorial.CLI(ctx), []ingest.Input{jsonl.Bytes(gazetteer.SyriaFile, gazetteer.SyriaJSONL)},
		ingest.Options{SkipExisting: true, Author: "gazetteer"})
}

// loadDemo fills an empty archive with the gazetteer and the demo archive.
// An archive that has records is left alone: --demo never mixes demo
// records into real ones.
func loadDemo(ctx context.Context, db dhakira.BackOfficeStore, log *slog.Logger) error {
	counts, err := db.CountKinds(ctx, dhakira.Staff)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	if total > 0 {
		log.Info("the data folder has records: --demo loads nothing", "records", total)
		return nil
	}
	if _, err := loadGazetteer(ctx, db); err != nil {
		return err
	}
	sum, err := editorial.New(db).Import(editorial.CLI(ctx), []ingest.Input{jsonl.Bytes(demo.File, demo.JSONL)}, ingest.Options{Author: "demo"})
	if err != nil {
		return err
	}
	log.Info("loaded the demo archive", "records", sum.Created)
	return nil
}

// openSearch opens the search index of the data folder, which only one
// process may hold.
func openSearch(dataDir string, db dhakira.Store, files dhakira.FileStore, log *slog.Logger) (*search.Engine, error) {
	engine, err := search.New(filepath.Join(dataDir, "index"), db, search.Options{Log: log, FileText: fileText(files)})
	if errors.Is(err, search.ErrLocked) {
		return nil, fmt.Errorf("%s: another dhakira serve is running on this data folder", dataDir)
	}
	return engine, err
}

// storeName says which engine keeps the archive, for the log.
func storeName(db dhakira.Store) string {
	if _, ok := db.(*postgres.DB); ok {
		return "postgresql"
	}
	return "sqlite"
}

// servingMemoryLimit is the heap's soft limit while serving: the heap is
// collected harder as it nears it, rather than let to double under a
// burst of readers (GOMEMLIMIT overrides it). It is the Go part of the
// 1 GB of its own the server may hold (beside the archive's pages it maps,
// which are the system's file cache); SQLite's memory, outside the Go heap
// and not counted by the limit, takes about 200 MB more at a million
// records (its page pool, see sqlite's init, and what its queries
// allocate). At a million records the live heap is 290–370 MB under load:
// the index's own structures (45 MB), the 128 MiB page cache, the lists of
// records linked to by many (about 60 MB), and search's work in the mix
// with search. Under a limit of 1 GiB the collector let the heap reach
// twice that, 600–790 MB of the server's own memory, and the server held
// 1.01 GB with search in the mix; under 640 MiB it held 0.76–0.82 GB in
// the three mixes, the collector running 8 times in 20 s of the mix with
// search instead of 3, for as much CPU a request. When
// the live heap was 380 MB (the index then took 130 MB), under a limit of
// 512 MiB the collector ran all the time, and record pages served 2,280 a
// second where 1 GiB served 4,117 (bench -load, 32 clients).
const servingMemoryLimit = 640 << 20

// limitMemoryWhenReady sets the heap's soft limit once ready says the
// search index is built. A first start builds the index of the whole
// archive, which holds two segments' builders and a map of every record:
// under a limit of 512 MiB the collector took a third of the CPU, and a
// million records took 22 minutes to become searchable (78 s without).
func limitMemoryWhenReady(ctx context.Context, ready func() bool, every time.Duration, set func(int64) int64) {
	t := time.NewTicker(every)
	defer t.Stop()
	for !ready() {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
	set(servingMemoryLimit)
}
