package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/jsonl"
)

// BenchmarkImportCommit imports DHAKIRA_COMMIT_N records of the bench's
// corpus (5,000 unless set) into an archive holding the gazetteer (and
// DHAKIRA_COMMIT_ARCHIVE records of another corpus, when set) while
// an editor, from another handle, saves a record every 20 ms, and reports
// how long the commit held the archive (commit-s: from the first to the
// last time ARCHIVE-commit.lock was seen held, polled every 5 ms) and the longest a
// save waited meanwhile (max-save-s). Run it with -benchtime 1x: one
// import a run.
func BenchmarkImportCommit(b *testing.B) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("DHAKIRA_COMMIT_N")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	places, err := gazetteer.Syria()
	if err != nil {
		b.Fatal(err)
	}
	var codes []string
	for _, p := range places {
		codes = append(codes, p.Code)
	}
	var buf, archive bytes.Buffer
	if err := corpus.Write(&buf, corpus.Options{N: n, Seed: 2, Places: codes, Drafts: 20}); err != nil {
		b.Fatal(err)
	}
	if v, err := strconv.Atoi(os.Getenv("DHAKIRA_COMMIT_ARCHIVE")); err == nil && v > 0 {
		// The archive holds v records of its own first; the import's
		// codes are others (DOC-000001 → NEW-DOC-000001).
		if err := corpus.Write(&archive, corpus.Options{N: v, Seed: 1, Places: codes}); err != nil {
			b.Fatal(err)
		}
		renamed := regexp.MustCompile(`"((DOC|VID|TST|DIA|PER|ENT|PLC)-[0-9]+)"`).ReplaceAll(buf.Bytes(), []byte(`"NEW-$1"`))
		buf.Reset()
		buf.Write(renamed)
	}
	for range b.N {
		path := filepath.Join(b.TempDir(), "a.db")
		db, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes("g", gazetteer.SyriaJSONL)}, ingest.Options{}); err != nil {
			b.Fatal(err)
		}
		if archive.Len() > 0 {
			if _, err := ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes("a", archive.Bytes())}, ingest.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		editor, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		var (
			stop             atomic.Bool
			wg               sync.WaitGroup
			mu               sync.Mutex
			maxSave, locked  time.Duration
			first            time.Time
			saves, duringOne int
		)
		wg.Add(2)
		go func() { // the editor
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				during := db.Committing()
				start := time.Now()
				if _, _, err := editor.SaveRecord(ctx, doc(fmt.Sprintf("ED-%06d", i), fmt.Sprint("saved ", i)), 0, "ed", ""); err != nil {
					b.Error(err)
					return
				}
				took := time.Since(start)
				mu.Lock()
				saves++
				if during || db.Committing() || took > time.Second {
					duringOne++
					maxSave = max(maxSave, took)
				}
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}()
		go func() { // the commit's lock, seen from outside
			defer wg.Done()
			for !stop.Load() {
				if db.Committing() {
					now := time.Now()
					mu.Lock()
					if first.IsZero() {
						first = now
					}
					locked = now.Sub(first)
					mu.Unlock()
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
		start := time.Now()
		if _, err := ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes("c", buf.Bytes())}, ingest.Options{}); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		time.Sleep(100 * time.Millisecond)
		stop.Store(true)
		wg.Wait()
		editor.Close()
		db.Close()
		b.ReportMetric(locked.Seconds(), "commit-s")
		b.ReportMetric(maxSave.Seconds(), "max-save-s")
		b.ReportMetric(took.Seconds(), "import-s")
		b.ReportMetric(float64(duringOne), "saves-near-commit")
	}
}
