package postgres

import (
	"context"
	"fmt"
	"sync"
)

// figures keeps archive-wide figures — counts by kind and by type, the
// number of records a list's filter matches — for as long as the archive
// has not changed: each is computed once per change sequence (the newest
// revision's number, which every write to a record moves, an import's
// commit included), not once per page. The sequence is read from the
// database at each page, so a write through another node, which moves it,
// is counted at this node's next page. A figure computed while a write
// commits may already count it; it is then recomputed at the next page,
// never kept older than its key.
type figures struct {
	mu      sync.Mutex
	seq     int64
	entries map[string]*figure
}

type figure struct {
	ready chan struct{} // closed once v and err are set
	v     any
	err   error
}

// maxFigures bounds the entries kept for one change sequence: filters are
// chosen by readers, so their number is not ours to bound otherwise.
const maxFigures = 20000

// figure returns the value compute gives for key at the archive's current
// change sequence, computing it only when no page has since it moved.
// Readers asking at once for the same missing figure wait for one
// computation.
func (s *DB) figure(ctx context.Context, key string, compute func() (any, error)) (any, error) {
	seq, err := s.LastChange(ctx)
	if err != nil {
		return nil, err
	}
	f := &s.figures
	f.mu.Lock()
	if f.seq != seq || f.entries == nil || len(f.entries) >= maxFigures {
		f.seq, f.entries = seq, map[string]*figure{}
	}
	e, ok := f.entries[key]
	if !ok {
		e = &figure{ready: make(chan struct{})}
		f.entries[key] = e
	}
	f.mu.Unlock()
	if ok {
		select {
		case <-e.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err == nil {
			return e.v, nil
		}
		return compute() // the one that computed it failed (its request was cancelled…)
	}
	e.v, e.err = compute()
	close(e.ready)
	if e.err != nil {
		f.mu.Lock()
		if f.entries[key] == e {
			delete(f.entries, key)
		}
		f.mu.Unlock()
	}
	return e.v, e.err
}

// figureKey makes a cache key of a query and its arguments.
func figureKey(q string, args ...any) string { return q + "\x00" + fmt.Sprintf("%q", args) }
