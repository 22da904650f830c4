package sqlstore

import (
	"context"
	"time"

	"github.com/dhakira/dhakira"
)

// AddEvent notes an event of key at at, and forgets the events of every
// key older than dhakira.EventHorizon before it: nothing else does.
func (s *Base) AddEvent(ctx context.Context, key string, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM events WHERE at < $1`, FormatTime(at.Add(-dhakira.EventHorizon))); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO events (key, at) VALUES ($1, $2)`, key, FormatTime(at))
	return err
}

// CountEvents counts the events of key at or after since.
func (s *Base) CountEvents(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE key = $1 AND at >= $2`, key, FormatTime(since)).Scan(&n)
	return n, err
}

// ClearEvents forgets the events of key.
func (s *Base) ClearEvents(ctx context.Context, key string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM events WHERE key = $1`, key)
	return err
}
