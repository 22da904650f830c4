package main

import (
	"context"
	"strings"
	"sync/atomic"
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

// TestMemoryLimitOnceReady: the heap's serving limit is set once the index
// is built, not while a first start builds it.
func TestMemoryLimitOnceReady(t *testing.T) {
	var ready atomic.Bool
	var set atomic.Int64
	done := make(chan struct{})
	go func() {
		limitMemoryWhenReady(context.Background(), ready.Load, time.Millisecond, func(n int64) int64 { set.Store(n); return 0 })
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	if set.Load() != 0 {
		t.Fatal("the limit was set while the index was being built")
	}
	ready.Store(true)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the limit was not set once the index was ready")
	}
	if set.Load() != servingMemoryLimit {
		t.Errorf("limit %d", set.Load())
	}
	// Stopped before the index is ready: no limit, and it returns.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	limitMemoryWhenReady(ctx, func() bool { return false }, time.Millisecond, func(int64) int64 { t.Error("set after the end"); return 0 })
}
