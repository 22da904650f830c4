package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlstore"
)

// TestHarvestPlans checks, by SQLite's own query plans, that every query of
// a harvest reads an index range from its cursor: no scan of the records
// or revisions, no sort of a whole set, so a page costs the same at the
// end of a million records as at the start.
func TestHarvestPlans(t *testing.T) {
	ctx := context.Background()
	db := planArchive(t)
	snap, _ := db.LastChange(ctx)
	now := time.Now()
	const at = "2025-01-01T00:00:00.000000Z"
	for _, c := range []struct {
		q     dhakira.HarvestQuery
		start sqlstore.HarvestStart
		want  string // the first step of the plan
	}{
		{dhakira.HarvestQuery{Snapshot: snap}, sqlstore.HarvestStart{After: "DOC-000100"}, "SEARCH r USING INDEX sqlite_autoindex_records_1 (code>?)"},
		{dhakira.HarvestQuery{Snapshot: snap}, sqlstore.HarvestStart{Code: "DOC-000100"}, "SEARCH r USING INDEX sqlite_autoindex_records_1 (code=?)"},
		{dhakira.HarvestQuery{Snapshot: snap, Kind: dhakira.KindDiary}, sqlstore.HarvestStart{After: "DOC-000100"}, "SEARCH r USING INDEX records_kind_code (kind=? AND code>?)"},
		{dhakira.HarvestQuery{Snapshot: snap, Place: "SY04"}, sqlstore.HarvestStart{After: "DOC-000100"}, "SEARCH r USING INDEX sqlite_autoindex_records_1 (code>?)"},
		{dhakira.HarvestQuery{Snapshot: snap, From: now}, sqlstore.HarvestStart{}, "SEARCH v USING INDEX revisions_created (created_at>?"},
		{dhakira.HarvestQuery{Snapshot: snap, From: now}, sqlstore.HarvestStart{At: at, ID: 5}, "SEARCH v USING INDEX revisions_created (created_at=? AND id>?"},
		{dhakira.HarvestQuery{Snapshot: snap, From: now}, sqlstore.HarvestStart{At: at, Later: true}, "SEARCH v USING INDEX revisions_created (created_at>?"},
		{dhakira.HarvestQuery{Snapshot: snap, Before: now, Kind: dhakira.KindDiary, Place: "SY04"}, sqlstore.HarvestStart{At: at, ID: 5}, "SEARCH v USING INDEX revisions_created (created_at=? AND id>?"},
	} {
		q, args := db.HarvestSQL(c.q, c.start, 101)
		plan := explain(t, db, q, args...)
		if !strings.HasPrefix(plan, c.want) {
			t.Errorf("%+v %+v: plan does not start with %q:\n%s", c.q, c.start, c.want, plan)
		}
		for _, bad := range []string{"SCAN r", "SCAN v", "SCAN w", "SCAN p", "SCAN rp", "TEMP B-TREE"} {
			if strings.Contains(plan, bad+"\n") || strings.Contains(plan, bad+" ") || strings.HasSuffix(plan, bad) {
				t.Errorf("%+v %+v: %s in the plan:\n%s", c.q, c.start, bad, plan)
			}
		}
	}
}
