package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/pgtest"
	"github.com/dhakira/dhakira/storetest"
)

// TestStoreDense runs the stores' tests with every list of a place read
// in the order of the kind's index where it may be: the kept counts'
// random imports, edits, moved places and cut cycles compare each place's
// lists with a recount.
func TestStoreDense(t *testing.T) {
	defer func(s int) { denseShare = s }(denseShare)
	denseShare = 0
	storetest.Run(t, func(t *testing.T) dhakira.BackOfficeStore {
		db, err := Open(pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// A list filtered by a place that holds many records is read in the
// order of the kind's index (whereIn's dense): the same pages as the set
// of matching codes sorted, for the public and the team, and a plan that
// walks the index, probes each record's places and sorts nothing.
func TestDensePlaceLists(t *testing.T) {
	db, err := Open(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	place := func(code, parent, status string) {
		exec(`INSERT INTO records (code, kind, status, reliability, title_en, parent, revision, created_at, updated_at) VALUES ($1, 'place', $3, 'unspecified', $1, $2, 1, '2020', '2020')`, code, parent, status)
	}
	place("SY04", "", "published")
	place("SY0400", "SY04", "published")
	place("SY01", "", "published")
	place("PLC-site", "SY0400", "published")
	place("PLC-draft", "SY04", "draft")
	place("PLC-in", "SY01", "published") // in SY0400 by its places, not its parent
	exec(`INSERT INTO record_places (code, place) VALUES ('PLC-in', 'SY0400')`)
	// 6,000 documents in one statement (the counts' triggers run once):
	// one in 13 a draft, one in 17 withdrawn, one in 7 undated, a few
	// created at the same time; three in five in SY0400, one in SY04 and
	// SY01, one nowhere, and one in 11 in the site too.
	exec(`INSERT INTO records (code, kind, status, reliability, title_en, date_first, date_last, revision, created_at, updated_at)
		SELECT 'DOC-' || lpad(i::text, 6, '0'), 'document',
			CASE WHEN i % 13 = 0 THEN 'draft' WHEN i % 17 = 0 THEN 'withdrawn' ELSE 'published' END, 'unspecified', 't',
			CASE WHEN i % 7 <> 0 THEN 20110101 + (i * 37 % 14) * 10000 + (i % 12) * 100 + i % 28 END,
			CASE WHEN i % 7 <> 0 THEN 20110101 + (i * 37 % 14) * 10000 + (i % 12) * 100 + i % 28 + (i % 3) * 100 END,
			1, '2020-' || lpad((i % 9)::text, 2, '0'), '2020'
		FROM generate_series(0, 5999) i`)
	exec(`INSERT INTO record_places (code, place)
		SELECT 'DOC-' || lpad(i::text, 6, '0'), 'SY0400' FROM generate_series(0, 5999) i WHERE i % 5 < 3
		UNION ALL SELECT 'DOC-' || lpad(i::text, 6, '0'), p FROM generate_series(0, 5999) i, (VALUES ('SY04'), ('SY01')) v(p) WHERE i % 5 = 3
		UNION ALL SELECT 'DOC-' || lpad(i::text, 6, '0'), 'PLC-site' FROM generate_series(0, 5999) i WHERE i % 11 = 0`)
	// Twice as many diaries, whose codes sort before the documents', half
	// of them in SY0400: the kind is what the index's order starts from.
	exec(`INSERT INTO records (code, kind, status, reliability, title_en, date_first, date_last, revision, created_at, updated_at)
		SELECT 'DIA-' || lpad(i::text, 6, '0'), 'diary', 'published', 'unspecified', 't', 20120101 + i % 28, 20120101 + i % 28, 1, '2021', '2021'
		FROM generate_series(0, 11999) i`)
	exec(`INSERT INTO record_places (code, place) SELECT 'DIA-' || lpad(i::text, 6, '0'), 'SY0400' FROM generate_series(0, 11999) i WHERE i % 2 = 0`)
	exec(`ANALYZE`)
	defer func(s int) { denseShare = s }(denseShare)

	// With the thresholds as they are, SY0400's first page of documents
	// (3 in 5 of them) is read in the index's order, and its 60th is not.
	for _, c := range []struct {
		offset int
		want   bool
	}{{0, true}, {3000, false}} {
		f := dhakira.RecordFilter{Audience: dhakira.Public, Kind: dhakira.KindDocument, Place: "SY0400", Sort: dhakira.SortNewest, Offset: c.offset}
		_, total, err := db.Records(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.dense(ctx, f, 50, total); err != nil || got != c.want {
			t.Errorf("SY0400's documents from %d of %d: read in the index's order %v (%v), want %v", c.offset, total, got, err, c.want)
		}
	}

	audiences := []dhakira.RecordFilter{{Audience: dhakira.Public}, {Audience: dhakira.Staff}, {Audience: dhakira.Staff, Status: dhakira.Draft}}
	for _, a := range audiences {
		for _, k := range []dhakira.Kind{dhakira.KindDocument, dhakira.KindDiary, dhakira.KindPlace} {
			for _, pl := range []string{"SY04", "SY0400", "SY01", "PLC-site"} {
				for _, so := range []dhakira.Sort{dhakira.SortNewest, dhakira.SortDate, dhakira.SortLatest, dhakira.SortCode, dhakira.SortUpdated} {
					for _, offset := range []int{0, 50, 1000} {
						f := a
						f.Kind, f.Place, f.Sort, f.Offset, f.Limit = k, pl, so, offset, 50
						denseShare = 1 << 30
						want, wantN, err := db.Records(ctx, f)
						if err != nil {
							t.Fatal(err)
						}
						denseShare = 0
						got, n, err := db.Records(ctx, f)
						if err != nil {
							t.Fatal(err)
						}
						if n != wantN || !slices.Equal(codes(got), codes(want)) {
							t.Errorf("%+v: read in the index's order %d %v, want %d %v", f, n, codes(got), wantN, codes(want))
						}
						if k == dhakira.KindDocument && pl != "PLC-site" && offset == 0 && len(want) != 50 {
							t.Errorf("%+v: %d records, want a full page", f, len(want))
						}
					}
				}
			}
		}
	}

	// The plans: the kind's index in the list's order, a probe of each
	// record's places (a SubPlan, not a hashed one), no sort.
	for _, c := range []struct {
		f     dhakira.RecordFilter
		index string
	}{
		{dhakira.RecordFilter{Audience: dhakira.Public, Sort: dhakira.SortNewest}, "records_kind_newest"},
		{dhakira.RecordFilter{Audience: dhakira.Public, Sort: dhakira.SortDate}, "records_kind_oldest"},
		{dhakira.RecordFilter{Audience: dhakira.Public, Sort: dhakira.SortLatest}, "records_kind_created"},
		{dhakira.RecordFilter{Audience: dhakira.Public, Sort: dhakira.SortCode}, "records_kind_code"},
		{dhakira.RecordFilter{Audience: dhakira.Staff, Status: dhakira.Published, Sort: dhakira.SortNewest}, "records_kind_newest"},
	} {
		f := c.f
		f.Kind, f.Place = dhakira.KindDocument, "SY04"
		cte, from, cond, args := whereIn(f, true)
		q := cte + ` SELECT r.code FROM ` + from + ` WHERE ` + cond + ` ORDER BY ` + orderBy(f.Sort) + ` LIMIT 50 OFFSET 1000`
		p := explain(t, db, q, args...)
		if !strings.Contains(p, c.index) || strings.Contains(p, "Sort") || !strings.Contains(p, "SubPlan") || strings.Contains(p, "hashed SubPlan") {
			t.Errorf("%+v: a dense place's list is not read in the order of %s:\n%s", f, c.index, p)
		}
	}
}

func explain(t *testing.T, db *DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.db.Query(`EXPLAIN `+q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, line)
	}
	return b.String()
}

func codes(list []dhakira.Summary) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Code)
	}
	return out
}
