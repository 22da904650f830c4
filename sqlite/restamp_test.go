package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
)

// TestStampedAtCommit checks that what a transaction writes carries the time
// it committed, not the time it began: a harvester that asked "what changed
// since T" during a long import must find the import's records next time.
func TestStampedAtCommit(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	db.now = func() time.Time { return clock }
	ctx := context.Background()
	tx, err := db.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"DOC-000001", "DOC-000002"} {
		r, err := dhakira.DecodeRecord([]byte(`{"kind":"document","code":"` + code + `","title":{"en":"A paper"}}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Put(ctx, r, false); err != nil {
			t.Fatal(err)
		}
	}
	clock = clock.Add(10 * time.Minute) // a long import
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"DOC-000001", "DOC-000002"} {
		_, info, err := db.Record(ctx, code, dhakira.Staff)
		if err != nil {
			t.Fatal(err)
		}
		revs, err := db.Revisions(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if !info.Created.Equal(clock) || !info.Updated.Equal(clock) || len(revs) != 1 || !revs[0].At.Equal(clock) {
			t.Errorf("%s: created %s, updated %s, revisions %+v; want all at the commit, %s", code, info.Created, info.Updated, revs, clock)
		}
	}
}
