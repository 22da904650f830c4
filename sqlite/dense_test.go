package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
)

// A list filtered by a place that holds many records is read in the
// order of the kind's index (whereIn's dense): the same pages as the set
// of matching codes sorted, and a plan that sorts no more than the rows
// of one date.
func TestDensePlaceLists(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	place := func(code, parent string) {
		exec(`INSERT INTO records (code, kind, status, reliability, title_en, parent, revision, created_at, updated_at) VALUES ($1, 'place', 'published', 'unspecified', $1, $2, 1, '2020', '2020')`, code, parent)
	}
	place("SY04", "")
	place("SY0400", "SY04")
	place("SY01", "")
	for i := range 1500 {
		code := fmt.Sprintf("DOC-%06d", i)
		status := dhakira.Published
		if i%13 == 0 {
			status = dhakira.Draft
		}
		var first, last any
		if i%7 != 0 {
			d := 20110101 + (i*37%14)*10000 + (i%12)*100 + i%28
			first, last = d, d+(i%3)*100
		}
		exec(`INSERT INTO records (code, kind, status, reliability, title_en, date_first, date_last, revision, created_at, updated_at) VALUES ($1, 'document', $2, 'unspecified', 't', $3, $4, 1, $5, $5)`,
			code, status, first, last, fmt.Sprintf("2020-%02d", i%9))
		switch i % 5 {
		case 0, 1, 2:
			exec(`INSERT INTO record_places (code, place) VALUES ($1, 'SY0400')`, code)
		case 3:
			exec(`INSERT INTO record_places (code, place) VALUES ($1, 'SY04')`, code)
			exec(`INSERT INTO record_places (code, place) VALUES ($1, 'SY01')`, code)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	defer func(m, s int) { denseMatches, denseShare = m, s }(denseMatches, denseShare)
	// SY0400 holds 3 of 5 documents: its first pages are read in the
	// index's order with the thresholds as they are; SY01, 1 of 5, is
	// not (its matches are too few).
	for _, c := range []struct {
		place string
		dense bool
	}{{"SY0400", true}, {"SY01", false}} {
		denseMatches = 500
		f := dhakira.RecordFilter{Audience: dhakira.Public, Kind: dhakira.KindDocument, Place: c.place, Sort: dhakira.SortNewest, Limit: 50}
		_, total, err := db.Records(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		kinds, _ := db.CountKinds(ctx, dhakira.Public)
		if got := total >= denseMatches && 50*kinds[dhakira.KindDocument]*denseShare <= total*total; got != c.dense {
			t.Errorf("%s: %d of %d documents: read in the index's order %v, want %v", c.place, total, kinds[dhakira.KindDocument], got, c.dense)
		}
	}
	for _, pl := range []string{"SY04", "SY0400", "SY01"} {
		for _, so := range []dhakira.Sort{dhakira.SortNewest, dhakira.SortDate, dhakira.SortLatest, dhakira.SortCode} {
			for _, offset := range []int{0, 50, 1000} {
				f := dhakira.RecordFilter{Audience: dhakira.Public, Kind: dhakira.KindDocument, Place: pl, Sort: so, Offset: offset, Limit: 50}
				denseMatches, denseShare = 1<<30, 1
				want, wantN, err := db.Records(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				denseMatches, denseShare = 1, 0
				got, n, err := db.Records(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if n != wantN || !slices.Equal(codes(got), codes(want)) {
					t.Errorf("%s by %s from %d: read in the index's order %d %v, want %d %v", pl, so, offset, n, codes(got), wantN, codes(want))
				}
				if offset == 0 && len(want) != 50 {
					t.Errorf("%s by %s: %d records, want a full page", pl, so, len(want))
				}
			}
		}
	}
	plan := func(f dhakira.RecordFilter, dense bool) string {
		t.Helper()
		cte, from, cond, args := whereIn(f, dense)
		return explain(t, db, cte+` SELECT r.code FROM `+from+` WHERE `+cond+` ORDER BY `+orderBy(f.Sort)+` LIMIT 50 OFFSET 1000`, args...)
	}
	if p := plan(dhakira.RecordFilter{Audience: dhakira.Public, Kind: dhakira.KindDocument, Place: "SY04", Sort: dhakira.SortNewest}, true); !strings.Contains(p, "records_kind_newest") || strings.Contains(p, "TEMP B-TREE") {
		t.Errorf("a dense place's list is not read in the order of the kind's index:\n%s", p)
	}
	// A page deep in a kind's list skips entries of an index that has
	// every column the list is sorted by, without reading rows.
	for _, so := range []dhakira.Sort{dhakira.SortNewest, dhakira.SortLatest} {
		if p := plan(dhakira.RecordFilter{Audience: dhakira.Public, Kind: dhakira.KindDiary, Sort: so}, false); !strings.Contains(p, "COVERING INDEX") || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("the codes of a page of the diary by %s are not read from an index alone:\n%s", so, p)
		}
	}
}

func codes(list []dhakira.Summary) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Code)
	}
	return out
}
