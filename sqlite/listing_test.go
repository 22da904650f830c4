package sqlite

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
)

// TestListingPlans checks, by SQLite's own query plans, that the walks
// behind sitemaps and feeds read by key: a piece of the code order is a
// range of the primary key, not every published record sorted (from about
// 25,000 records on the status index tempts the planner into that), and
// the newly published are found walking the revisions backwards, looking
// each record up by its code (with its kind, when one kind is asked for),
// never sorting.
func TestListingPlans(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Rows written directly: the import path would take half a minute.
	tx, err := db.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := tx.Prepare(`INSERT INTO records (code, kind, status, reliability, title_en, revision, created_at, updated_at) VALUES ($1, $2, $3, 'unspecified', 't', 1, $4, $4)`)
	rev, _ := tx.Prepare(`INSERT INTO revisions (code, n, author, created_at, changed, data) VALUES ($1, 1, 'test', $2, 'kind,title,status', '{}')`)
	kinds := []dhakira.Kind{dhakira.KindDocument, dhakira.KindDiary, dhakira.KindPerson, dhakira.KindTestimony}
	for i := range 40000 {
		k := kinds[i%len(kinds)]
		code := fmt.Sprintf("%s-%06d", strings.ToUpper(string(k[:3])), i/len(kinds))
		status := dhakira.Published
		if i%50 == 0 {
			status = dhakira.Draft
		}
		at := formatTime(time.Unix(int64(i), 0))
		if _, err := rec.Exec(code, string(k), string(status), at); err != nil {
			t.Fatal(err)
		}
		if _, err := rev.Exec(code, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.Exec(`PRAGMA optimize=0x10002`); err != nil {
		t.Fatal(err)
	}
	plans := map[string]string{
		"piece": explain(t, db, publishedAfterQuery, "DOC-000100", 1000),
		"mark":  explain(t, db, publishedMarkQuery, "DOC-000100", 999),
	}
	for name, plan := range plans {
		if plan != "SEARCH r USING INDEX sqlite_autoindex_records_1 (code>?)" {
			t.Errorf("%s: not a walk of the primary key:\n%s", name, plan)
		}
	}
	for _, k := range []dhakira.Kind{"", dhakira.KindTestimony} {
		q, args := recentlyPublishedQuery(k)
		plan := explain(t, db, q, args...)
		walk, lookup, _ := strings.Cut(plan, "\n")
		if walk != "SCAN v" || !strings.HasPrefix(lookup, "SEARCH r USING ") || !strings.HasSuffix(lookup, "code=?)") {
			t.Errorf("newly published %q: not a walk of the revisions:\n%s", k, plan)
		}
	}
}
