// Package sqlitetest opens archives on real SQLite files for the tests of
// the packages above the store.
package sqlitetest

import (
	"path/filepath"
	"testing"

	"github.com/dhakira/dhakira/sqlite"
)

// Open returns a new, empty archive in a temporary folder of t, closed when
// the test ends.
func Open(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
