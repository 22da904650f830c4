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
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/search"
	"github.com/dhakira/dhakira/web"
)

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs, data := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	withDemo := fs.Bool("demo", false, "load the gazetteer and the bundled demo archive into an empty data folder")
	o := config.FromEnv(os.Getenv)
	fs.StringVar(&o.NameAR, "name-ar", o.NameAR, "the archive's name in Arabic (overrides "+config.FileName+")")
	fs.StringVar(&o.NameEN, "name-en", o.NameEN, "the archive's name in English")
	fs.StringVar(&o.StatementAR, "statement-ar", o.StatementAR, "the statement at the top of every page, in Arabic")
	fs.StringVar(&o.StatementEN, "statement-en", o.StatementEN, "the statement at the top of every page, in English")
	fs.StringVar(&o.Contact, "contact", o.Contact, "contact e-mail address for readers' corrections")
	fs.StringVar(&o.BaseURL, "base-url", o.BaseURL, "public address of the site, for permanent links")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &exitError{2, fmt.Errorf("serve: unexpected argument %q", rest[0])}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	// The heap is collected harder as it nears 512 MiB, rather than let
	// to double under a burst of readers (GOMEMLIMIT overrides it).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(512 << 20)
	}
	db, err := openStore(*data)
	if err != nil {
		return err
	}
	defer db.Close()
	settings, err := config.Load(*data)
	if err != nil {
		return err
	}
	settings = o.Apply(settings)
	if *withDemo {
		if err := loadDemo(ctx, db, log); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	engine, err := openSearch(*data, db, log)
	if err != nil {
		return err
	}
	defer engine.Close()
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
	srv := &http.Server{
		Handler:           web.New(db, settings, web.WithSearch(engine), web.WithBackOffice(editorial.New(db))),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "data", *data)
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
func openSearch(dataDir string, db dhakira.Store, log *slog.Logger) (*search.Engine, error) {
	engine, err := search.New(filepath.Join(dataDir, "index"), db, search.Options{Log: log})
	if errors.Is(err, search.ErrLocked) {
		return nil, fmt.Errorf("%s: another dhakira serve is running on this data folder", dataDir)
	}
	return engine, err
}
