package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
)

// An editor's save made while an import writes waits for the batch being
// written, not for the import: the writers take turns with the import's
// batches even when the import does not pause between them, whether the
// editor is in the importing process (same store) or in another (a store
// of its own on the same file: its own connections, its own locks).
func TestSaveWaitsForOneBatch(t *testing.T) {
	for _, other := range []bool{false, true} {
		name := "same process"
		if other {
			name = "other process"
		}
		t.Run(name, func(t *testing.T) {
			defer func(pause, batch time.Duration) { importPause, importBatchTime = pause, batch }(importPause, importBatchTime)
			importPause, importBatchTime = 0, 50*time.Millisecond // back to back: only the turns let others in
			ctx := context.Background()
			db, path := openTemp(t)
			editor := db
			if other {
				var err error
				if editor, err = Open(path); err != nil {
					t.Fatal(err)
				}
				defer editor.Close()
			}
			tx, err := db.BeginImport(ctx, "importer")
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			staged := tx.(*stagedImport)
			stop := make(chan struct{})
			written := make(chan error, 1)
			go func() {
				deadline := time.Now().Add(20 * time.Second)
				for i := 0; time.Now().Before(deadline); i++ {
					select {
					case <-stop:
						written <- nil
						return
					default:
					}
					if _, err := tx.Put(ctx, doc("", fmt.Sprint("imported ", i)), false); err != nil {
						written <- err
						return
					}
				}
				written <- nil
			}()
			for staged.batches.Load() < 3 {
				time.Sleep(10 * time.Millisecond)
			}
			for i := range 5 {
				time.Sleep(100 * time.Millisecond)
				before := staged.batches.Load()
				start := time.Now()
				_, _, err := editor.SaveRecord(ctx, doc("", fmt.Sprint("saved ", i)), 0, "ed", "")
				waited := staged.batches.Load() - before
				t.Logf("save %d: %v, %d of the import's batches committed meanwhile", i, time.Since(start).Round(time.Millisecond), waited)
				if err != nil {
					t.Fatal(err)
				}
				// The batch being written when the save asked, and at most
				// one that began as it asked.
				if waited > 2 {
					t.Errorf("save %d waited for %d of the import's batches, want 2 at most", i, waited)
				}
			}
			t.Logf("%d batches in all", staged.batches.Load())
			close(stop)
			if err := <-written; err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			counts, _ := db.CountKinds(ctx, dhakira.Staff)
			if counts[dhakira.KindDocument] < 5+int(staged.batches.Load()) {
				t.Errorf("%d documents after the commit", counts[dhakira.KindDocument])
			}
		})
	}
}

// A writer that waited the whole busy timeout is told which import held
// the write lock, instead of SQLite's bare "database is locked".
func TestBusyNamesTheImport(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	defer func(d time.Duration) { busyTimeout = d }(busyTimeout)
	busyTimeout = 300 * time.Millisecond
	editor, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer editor.Close()
	tx, err := db.BeginImport(ctx, "importer")
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// The import's commit, as long as it lasts: the write lock held.
	conn, err := db.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, `ROLLBACK`)
	_, _, err = editor.SaveRecord(ctx, doc("", "waits"), 0, "ed", "")
	if err == nil || !strings.Contains(err.Error(), "held by an import (process") || !strings.Contains(err.Error(), "by importer") {
		t.Fatalf("a save behind an import's lock: %v", err)
	}
}
