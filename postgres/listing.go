package postgres

import (
	"context"
	"database/sql"
	"errors"
	"math"

	"github.com/dhakira/dhakira"
)

var _ dhakira.ListingService = (*DB)(nil)

// publishedAfterQuery walks the primary key from a code on: each piece is
// a range of the key, however far into the archive it starts.
const publishedAfterQuery = `SELECT ` + summaryColumns + ` FROM records r
	WHERE r.code > $1 AND r.status = 'published' ORDER BY r.code LIMIT $2`

// PublishedAfter lists up to limit published records with codes after
// after, in code order.
func (s *DB) PublishedAfter(ctx context.Context, after string, limit int) ([]dhakira.Summary, error) {
	return s.summaries(ctx, publishedAfterQuery, after, min(orDefault(limit, 1000), 50000))
}

// publishedMarkQuery finds the n-th published record after a code
// ($2 is n-1). Stepping from mark to mark walks the primary key once in
// all; numbering the records with ROW_NUMBER() instead took three times as
// long.
const publishedMarkQuery = `SELECT r.code FROM records r
	WHERE r.code > $1 AND r.status = 'published' ORDER BY r.code LIMIT 1 OFFSET $2`

// PublishedMarks returns the code of every n-th published record in code
// order.
func (s *DB) PublishedMarks(ctx context.Context, n int) ([]string, error) {
	n = max(n, 1)
	var out []string
	for after := ""; ; {
		var c string
		err := s.db.QueryRowContext(ctx, publishedMarkQuery, after, n-1).Scan(&c)
		if errors.Is(err, sql.ErrNoRows) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		after = c
	}
}

// recentlyPublishedQuery walks the revisions newest first, a page of
// them at a time from the Seq $1 down, and keeps those that set the status
// of a record now published: the first one met for a record is the one
// that published it.
func recentlyPublishedQuery(k dhakira.Kind) string {
	q := `SELECT ` + summaryColumns + `, v.created_at, v.id FROM revisions v JOIN records r ON r.code = v.code
	WHERE v.id < $1 AND r.status = 'published'
	AND (v.n = 1 OR ',' || v.changed || ',' LIKE '%,status,%')`
	if k != "" {
		q += ` AND r.kind = $3`
	}
	return q + ` ORDER BY v.id DESC LIMIT $2`
}

// RecentlyPublished lists up to limit published records of kind k (""
// for every kind), most recently published first.
func (s *DB) RecentlyPublished(ctx context.Context, k dhakira.Kind, limit int) ([]dhakira.Publication, error) {
	limit = min(orDefault(limit, 50), 1000)
	q := recentlyPublishedQuery(k)
	var out []dhakira.Publication
	seen := map[string]bool{}
	page := 4 * limit
	for before := int64(math.MaxInt64); len(out) < limit; {
		args := []any{before, page}
		if k != "" {
			args = append(args, string(k))
		}
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		n := 0
		for rows.Next() {
			n++
			var at string
			sum, err := scanSummary(rows, &at, &before)
			if err != nil {
				rows.Close()
				return nil, err
			}
			if seen[sum.Code] || len(out) == limit {
				continue // an older status change of a record already listed
			}
			seen[sum.Code] = true
			out = append(out, dhakira.Publication{Summary: sum, Published: parseTime(at)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if n < page {
			break
		}
	}
	return out, nil
}
