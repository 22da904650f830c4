package postgres_test

import (
	"database/sql"
	"testing"

	"github.com/dhakira/dhakira/internal/pgtest"
	"github.com/dhakira/dhakira/storetest"
)

// A record's places inserted or deleted a part at a time (as migrate-store
// may copy them), beside records whose places are all new or all gone,
// keep the place counts a recount gives: the triggers check such records
// pair by pair rather than by the hash joins an import's records take.
func TestPlaceCountsPartOfARecordsPlaces(t *testing.T) {
	url := pgtest.URL(t)
	db := open(t, url)
	rec := func(js string) { storetest.Put(t, db, true, storetest.Rec(t, js)) }
	rec(`{"kind":"place","code":"P-A","title":{"en":"a"}}`)
	rec(`{"kind":"place","code":"P-B","title":{"en":"b"},"attrs":{"parent":"P-A"}}`)
	rec(`{"kind":"place","code":"P-C","title":{"en":"c"},"attrs":{"parent":"P-B"},"places":["P-A"]}`)
	rec(`{"kind":"document","code":"D1","title":{"en":"d1"},"places":["P-B","P-C"]}`)
	rec(`{"kind":"document","code":"D2","title":{"en":"d2"},"places":["P-C"]}`)
	rec(`{"kind":"person","code":"E1","title":{"en":"e1"}}`)

	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	check := func(when string) {
		t.Helper()
		var diff sql.NullString
		if err := raw.QueryRow(`WITH kept AS (
				SELECT place, kind, status, SUM(n) AS n FROM place_counts GROUP BY place, kind, status HAVING SUM(n) <> 0),
			recount AS (
				SELECT x.ancestor AS place, r.kind, r.status, COUNT(*) AS n FROM (
					SELECT rp.code, t.ancestor FROM record_places rp JOIN place_tree t ON t.place = rp.place
					UNION SELECT place, ancestor FROM place_tree) x
				JOIN records r ON r.code = x.code GROUP BY x.ancestor, r.kind, r.status)
			SELECT string_agg(d.w || ' ' || d.place || '/' || d.kind || '/' || d.status || '=' || d.n, ', ') FROM (
				(SELECT 'kept' AS w, * FROM kept EXCEPT SELECT 'kept', * FROM recount)
				UNION ALL (SELECT 'recount', * FROM recount EXCEPT SELECT 'recount', * FROM kept)) d`).Scan(&diff); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if diff.Valid {
			t.Errorf("%s: the place counts differ from a recount: %s", when, diff.String)
		}
	}
	check("after the records")
	for _, q := range []string{
		`DELETE FROM record_places WHERE code = 'D1' AND place = 'P-C'`, // D1 keeps P-B: no pair lost
		`DELETE FROM record_places WHERE code = 'D1'`,                   // D1 has no place left
		`INSERT INTO record_places (code, place) VALUES ('D1', 'P-C')`,  // all of D1's places new
		`INSERT INTO record_places (code, place) VALUES ('D1', 'P-B')`,  // D1 already in P-B's parent through P-C
		`INSERT INTO record_places (code, place) VALUES ('P-C', 'P-B')`, // P-C is itself inside P-B
		// Part of one record's places and all of others', in one statement.
		`INSERT INTO record_places (code, place) VALUES ('D2', 'P-A'), ('E1', 'P-C'), ('E1', 'P-A'), ('D1', 'P-A')`,
		`DELETE FROM record_places WHERE (code, place) IN (('D2', 'P-C'), ('E1', 'P-C'), ('E1', 'P-A'), ('P-C', 'P-A'))`,
		`DELETE FROM record_places WHERE code = 'P-C'`, // P-C stays inside P-B and P-A itself
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		check(q)
	}
}
