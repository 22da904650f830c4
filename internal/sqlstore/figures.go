package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
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

// The counts the migrations keep with the data (SQLite's 11th,
// PostgreSQL's 13th): record_counts by kind, status, type and
// reliability, place_counts by place (its records and those of every
// place inside it, each once), kind and status. Reading them costs the
// number of values, not of records.

// statusIs is the condition on the status column of a kept count that
// keeps what audience a (with status s, for the team) sees.
func statusIs(a dhakira.Audience, s dhakira.Status, arg func(any) string) string {
	if a != dhakira.Staff {
		return "status = 'published'"
	}
	if s != "" {
		return "status = " + arg(string(s))
	}
	return "1 = 1"
}

// KeptCount returns the query reading from the kept counts how many
// records f matches, and false when f filters by something they do not
// keep (a year, a day, an author, a place with a type or grade): those
// counts are figures, recounted once per change of the archive. The
// query's row is (whether the counts answer, the count): for a place, they
// answer when it is a place of the archive and no cycle of places was cut.
func KeptCount(f dhakira.RecordFilter) (q string, args []any, ok bool) {
	if f.Year != 0 || f.Day != 0 || (f.Audience == dhakira.Staff && f.Author != "") {
		return "", nil, false
	}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Place != "" {
		if f.Type != "" || f.Reliability != "" {
			return "", nil, false
		}
		p := arg(f.Place)
		cond := "place = " + p + " AND " + statusIs(f.Audience, f.Status, arg)
		if f.Kind != "" {
			cond += " AND kind = " + arg(string(f.Kind))
		}
		return `SELECT (SELECT places_stale FROM counts_state) = 0 AND EXISTS (SELECT 1 FROM records WHERE code = ` + p + ` AND kind = 'place'),
			CAST(COALESCE((SELECT SUM(n) FROM place_counts WHERE ` + cond + `), 0) AS BIGINT)`, args, true
	}
	cond := statusIs(f.Audience, f.Status, arg)
	if f.Kind != "" {
		cond += " AND kind = " + arg(string(f.Kind))
	}
	if f.Type != "" {
		cond += " AND type = " + arg(f.Type)
	}
	if f.Reliability != "" {
		cond += " AND reliability = " + arg(string(f.Reliability))
	}
	return `SELECT 1 = 1, CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM record_counts WHERE ` + cond, args, true
}

// KeptKinds is the query of the number of records of each kind the
// audience a sees, from the kept counts.
func KeptKinds(a dhakira.Audience) string {
	return `SELECT kind, CAST(SUM(n) AS BIGINT) FROM record_counts WHERE ` + statusIs(a, "", nil) + ` GROUP BY kind HAVING SUM(n) > 0`
}

// KeptTypes is the query of the number of records of the kind $1 by type
// (most common first) the audience a sees, from the kept counts.
func KeptTypes(a dhakira.Audience) string {
	return `SELECT type, CAST(SUM(n) AS BIGINT) FROM record_counts WHERE kind = $1 AND type <> '' AND ` + statusIs(a, "", nil) +
		` GROUP BY type HAVING SUM(n) > 0 ORDER BY SUM(n) DESC, type`
}

// Counted reads the kept count of f with db, or tells that they do not
// answer it.
func Counted(ctx context.Context, db interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, f dhakira.RecordFilter) (n int, ok bool, err error) {
	q, args, ok := KeptCount(f)
	if !ok {
		return 0, false, nil
	}
	if err := db.QueryRowContext(ctx, q, args...).Scan(&ok, &n); err != nil {
		return 0, false, err
	}
	return n, ok, nil
}
