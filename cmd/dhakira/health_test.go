package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/storetest"
)

// TestIndexReady: a node is ready when its search index holds every change
// of the store, or lacks only changes younger than the lag allowed.
func TestIndexReady(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	engine, err := openSearch(t.TempDir(), db, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	if _, err := engine.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	ready := indexReady(db, engine.Index(), time.Hour)
	strict := indexReady(db, engine.Index(), 0)
	if err := strict(ctx); err != nil {
		t.Errorf("an empty archive and its index: %v", err)
	}
	storetest.Put(t, db, false, storetest.Rec(t, `{"kind":"document","title":{"en":"new"}}`))
	if err := strict(ctx); err == nil || !strings.Contains(err.Error(), "change 0 of 1") {
		t.Errorf("an index one change behind, none allowed: %v, want not ready", err)
	}
	if err := ready(ctx); err != nil {
		t.Errorf("an index a moment behind, an hour allowed: %v", err)
	}
	if _, err := engine.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := strict(ctx); err != nil {
		t.Errorf("after catching up: %v", err)
	}
}
