package sqlstore

import (
	"context"

	"github.com/dhakira/dhakira"
)

// The audit table is append only: this file inserts and reads, and nothing
// in the program updates or deletes its rows.

// AddAudit appends e, setting its ID, and its At when zero.
func (s *Base) AddAudit(ctx context.Context, e *dhakira.AuditEntry) error {
	at := e.At
	if at.IsZero() {
		at = s.stamp()
	}
	if err := s.db.QueryRowContext(ctx, `INSERT INTO audit (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		FormatTime(at), e.Actor, e.Action, e.Target, e.Detail).Scan(&e.ID); err != nil {
		return err
	}
	e.At = at
	return nil
}

// AuditLog lists up to limit entries after id, oldest first; limit 0 means
// 100.
func (s *Base) AuditLog(ctx context.Context, after int64, limit int) ([]dhakira.AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor, action, target, detail FROM audit WHERE id > $1 ORDER BY id LIMIT $2`, after, OrDefault(limit, 100))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dhakira.AuditEntry
	for rows.Next() {
		var e dhakira.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, err
		}
		e.At = ParseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
