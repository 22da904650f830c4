package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/postgres"
	"github.com/dhakira/dhakira/sqlite"
)

// migrateStoreCmd copies a SQLite archive into an empty PostgreSQL
// database, then checks the copy: every table's row count, every revision
// byte for byte, and the two exports, which must be the same bytes.
func migrateStoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate-store", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the data folder of the SQLite archive")
	to := fs.String("to", "", "the PostgreSQL database, postgres://…: empty, or holding an unfinished copy of the same archive")
	batch := fs.Int("batch", 5000, "rows copied per transaction")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 || *from == "" || !postgres.IsURL(*to) {
		return &exitError{2, errors.New("migrate-store: say --from DIR --to postgres://…")}
	}
	path, err := filepath.Abs(filepath.Join(*from, "archive.db"))
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("migrate-store: %w", err)
	}
	src, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := postgres.Open(*to)
	if err != nil {
		return err
	}
	defer dst.Close()
	_, done, err := dst.CopyDone(ctx)
	if err != nil {
		return err
	}
	if done {
		fmt.Fprintln(stdout, "the copy was finished before; checking it again")
	}
	err = dst.CopyFrom(ctx, src.SQL(), path, postgres.CopyOptions{Batch: *batch, Progress: func(table string, copied, total int64) {
		fmt.Fprintf(stdout, "%-13s %d/%d\n", table, copied, total)
	}})
	if err != nil {
		return fmt.Errorf("migrate-store: %w (run it again to go on from where it stopped)", err)
	}
	a, n, err := exportDigest(ctx, src)
	if err != nil {
		return err
	}
	b, m, err := exportDigest(ctx, dst)
	if err != nil {
		return err
	}
	if a != b || n != m {
		return fmt.Errorf("migrate-store: the exports differ: %d records (sha256 %s) from SQLite, %d (sha256 %s) from PostgreSQL", n, a, m, b)
	}
	revs, err := src.LastChange(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "copied and checked: %d records, revisions up to change %d; the two exports are the same bytes (sha256 %s)\n", n, revs, a)
	return nil
}

// exportDigest hashes the JSON Lines export of a whole archive.
func exportDigest(ctx context.Context, db dhakira.DumpService) (string, int, error) {
	h := sha256.New()
	n, err := jsonl.Export(ctx, db, h, "")
	return hex.EncodeToString(h.Sum(nil)), n, err
}
