package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/dhakira/dhakira"
)

// The connections' page caches take their pages from the one pool of
// slots of a page's size, configured before SQLite starts, instead of an
// allocation of their own for each page (8 KiB for a 4 KiB page in the
// pure-Go allocator).
func TestPagesComeFromThePool(t *testing.T) {
	if _, slots, _ := PagePool(); slots != pageSlots {
		t.Fatalf("page pool of %d slots, want %d: SQLite allocates each page on its own", slots, pageSlots)
	}
	if pageSlotSize < 4096 || pageSlotSize >= 4096+1024 {
		t.Errorf("a slot of the pool is %d bytes, want a 4 KiB page and its header", pageSlotSize)
	}
	ctx := context.Background()
	db, _ := openTemp(t)
	for i := range 200 {
		if _, _, err := db.SaveRecord(ctx, doc(fmt.Sprintf("D%d", i), "a record to cache"), 0, "ed", ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, total, err := db.Records(ctx, dhakira.RecordFilter{Kind: dhakira.KindDocument}); err != nil || total != 200 {
		t.Fatalf("total %d, %v", total, err)
	}
	used, _, overflow := PagePool()
	if used == 0 {
		t.Errorf("no slot of the pool in use with a store open and written: the caches' pages come from elsewhere")
	}
	if overflow != 0 {
		t.Errorf("%d bytes of pages allocated beyond a pool of %d slots, %d in use", overflow, pageSlots, used)
	}
}

// Every connection of the pool runs with the settings Open gives: the
// page cache's size bounds each connection's share of the page pool, and
// reads go through the memory map.
func TestEveryConnectionHasItsSettings(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	conns := make([]interface{ Close() error }, 0, poolSize)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range poolSize {
		c, err := db.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var cache, mmap int64
		if err := c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&mmap); err != nil {
			t.Fatal(err)
		}
		if cache != -8192 || mmap <= 0 {
			t.Errorf("connection %d: cache_size %d, mmap_size %d; want -8192 and a memory map", i, cache, mmap)
		}
	}
	if st := db.db.Stats(); st.OpenConnections != poolSize {
		t.Errorf("%d connections open, want %d", st.OpenConnections, poolSize)
	}
}
