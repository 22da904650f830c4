package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/jsonl"
)

// TestPlansUseTheMatchingCodes checks, by SQLite's own query plans, that
// the place and chronicle-day filters start from the few matching codes and
// look records up by their key, instead of scanning a whole kind: at a
// million records the difference was a minute per page.
func TestPlansUseTheMatchingCodes(t *testing.T) {
	db := planArchive(t)
	for _, f := range []dhakira.RecordFilter{{Kind: dhakira.KindDocument, Place: "SY04", Sort: dhakira.SortNewest}, {Kind: dhakira.KindDiary, Day: 20150310}} {
		cte, from, cond, args := where(f)
		q := fmt.Sprintf(`%s SELECT r.code FROM %s WHERE %s ORDER BY %s LIMIT 50`, cte, from, cond, orderBy(f.Sort))
		all := explain(t, db, q, args...)
		if !strings.HasPrefix(all, "SEARCH r USING INDEX sqlite_autoindex_records_1 (code=?)") {
			t.Errorf("place %q day %d: records are not looked up by code:\n%s", f.Place, f.Day, all)
		}
		if strings.Contains(all, "SCAN d") || strings.Contains(all, "SCAN r") {
			t.Errorf("place %q day %d: a scan of the records:\n%s", f.Place, f.Day, all)
		}
	}
	// The latest records of a kind (the home page) are read in an index's
	// order, not sorted: a page's cost does not grow with the kind.
	cte, from, cond, args := where(dhakira.RecordFilter{Kind: dhakira.KindDocument, Sort: dhakira.SortLatest})
	latest := explain(t, db, fmt.Sprintf(`%s SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT 12`, cte, summaryColumns, from, cond, orderBy(dhakira.SortLatest)), args...)
	if strings.Contains(latest, "TEMP B-TREE") || !strings.Contains(latest, "records_kind_created") {
		t.Errorf("the latest documents are sorted, not read in order:\n%s", latest)
	}
	// A place path is a few key lookups, never a walk over the records.
	all := explain(t, db, placePathQuery, "SY040000")
	if !strings.Contains(all, "SEARCH r USING INDEX sqlite_autoindex_records_1 (code=?)") || strings.Contains(all, "SCAN r") {
		t.Errorf("place path does not look records up by code:\n%s", all)
	}
}

// planArchive is the gazetteer and 3,000 records of the bench's corpus, with
// the planner's statistics of an archive that size: enough for SQLite to
// choose the plans it would at scale.
func planArchive(t testing.TB) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	places, err := gazetteer.Syria()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, p := range places {
		codes = append(codes, p.Code)
	}
	var buf bytes.Buffer
	if err := corpus.Write(&buf, corpus.Options{N: 3000, Seed: 1, Places: codes, MaxWords: 20}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []ingest.Input{jsonl.Bytes("g", gazetteer.SyriaJSONL), jsonl.Bytes("c", buf.Bytes())} {
		if _, err := ingest.Import(ctx, db, []ingest.Input{in}, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// explain returns SQLite's query plan of q, one step per line.
func explain(t *testing.T, db *DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "\n")
}
