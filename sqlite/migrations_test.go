package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/dhakira/dhakira"
)

// An archive made before the back office gets who last changed each record
// from its revisions.
func TestMigrateUpdatedBy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
		migrations[0],
		`INSERT INTO schema_migrations (version, applied_at) VALUES (1, '2025-01-01T00:00:00.000000Z')`,
		`INSERT INTO records (code, kind, status, reliability, revision, created_at, updated_at) VALUES ('D1', 'document', 'published', 'unspecified', 2, '2025-01-01T00:00:00.000000Z', '2025-01-02T00:00:00.000000Z')`,
		`INSERT INTO revisions (code, n, author, created_at, data) VALUES ('D1', 1, 'first import', '2025-01-01T00:00:00.000000Z', '{"kind":"document","code":"D1","title":{"en":"a"}}')`,
		`INSERT INTO revisions (code, n, author, created_at, data) VALUES ('D1', 2, 'second import', '2025-01-02T00:00:00.000000Z', '{"kind":"document","code":"D1","title":{"en":"b"}}')`,
	} {
		if _, err := old.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, _, err := db.Records(ctx, dhakira.RecordFilter{Audience: dhakira.Staff})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].UpdatedBy != "second import" {
		t.Errorf("after the migration: %+v, want D1 updated by the author of its revision 2", list)
	}
}
