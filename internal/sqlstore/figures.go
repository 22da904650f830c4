package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/dhakira/dhakira"
)

// Figures keeps archive-wide figures — counts by kind and by type, the
// number of records a list's filter matches — for as long as the archive
// has not changed: each is computed once per change sequence (the newest
// revision's number, which every write to a record moves, an import's
// commit included), not once per page. A figure computed while a write
// commits may already count it; it is then recomputed at the next page,
// never kept older than its key.
type Figures struct {
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

// Get returns the value compute gives for key at the archive's change
// sequence seq (the engine reads it from its database at each page, so a
// write through another process or node moves it), computing it only when
// no page has since seq moved. Readers asking at once for the same
// missing figure wait for one computation.
func (f *Figures) Get(ctx context.Context, seq int64, key string, compute func() (any, error)) (any, error) {
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

// FigureKey makes a cache key of a query and its arguments.
func FigureKey(q string, args ...any) string { return q + "\x00" + fmt.Sprintf("%q", args) }

// ManyLinked keeps the public lists of the records linked to by many (an
// organization that issued thousands of documents, whose records must all
// be sorted by date to list the newest), for one change sequence.
type ManyLinked struct {
	mu    sync.Mutex
	seq   int64
	lists map[string][]dhakira.Related
}

const (
	ManyLinks     = 200 // lists this long are kept by ManyLinked…
	maxManyLinked = 200 // …this many of them
)

// Get returns a copy of the list of code kept at seq.
func (c *ManyLinked) Get(seq int64, code string) ([]dhakira.Related, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq != seq {
		c.seq, c.lists = seq, nil
	}
	list, ok := c.lists[code]
	return slices.Clone(list), ok
}

// Keep keeps list as code's at seq when it is long enough to be worth it
// and there is room.
func (c *ManyLinked) Keep(seq int64, code string, list []dhakira.Related) {
	if len(list) < ManyLinks {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq == seq && len(c.lists) < maxManyLinked {
		if c.lists == nil {
			c.lists = map[string][]dhakira.Related{}
		}
		c.lists[code] = slices.Clone(list)
	}
}
