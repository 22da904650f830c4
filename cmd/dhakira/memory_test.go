package main

import (
	"testing"

	"github.com/dhakira/dhakira/sqlite"
)

// The server's own memory while serving stays within 1 GB (issue 10 and
// 12; the archive's pages it maps are the system's file cache, apart):
// the Go heap's limit, SQLite's page pool when full, and room for what
// SQLite's queries allocate besides pages (14–42 MB measured at a million
// records, 64 MiB allowed).
func TestServingMemoryFitsTheBudget(t *testing.T) {
	const budget = 1_000_000_000
	_, slots, _ := sqlite.PagePool()
	if slots == 0 {
		t.Fatal("SQLite has no page pool: its pages are allocated one by one, without bound across connections")
	}
	pool := int64(slots) * 4096 // at least a page a slot
	if total := servingMemoryLimit + pool + 64<<20; total > budget {
		t.Errorf("heap limit %d MiB + page pool %d MiB + 64 MiB = %d MB, over %d MB", servingMemoryLimit>>20, pool>>20, total/1_000_000, budget/1_000_000)
	}
}
