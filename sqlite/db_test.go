package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) dhakira.BackOfficeStore {
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "archive.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
