package postgres_test

import (
	"os"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/pgtest"
	"github.com/dhakira/dhakira/postgres"
	"github.com/dhakira/dhakira/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) dhakira.BackOfficeStore {
		db, err := postgres.Open(pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
