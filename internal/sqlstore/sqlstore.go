// Package sqlstore is the part of the archive's store that both engines,
// sqlite and postgres, write in the same portable SQL: accounts, sessions
// and tokens, the audit log, rate-limit events, corrections, the media
// queue, and harvesting. Each engine embeds a Base made with its database
// and the few things that differ (Dialect); the rest of each engine
// (records, revisions, imports, listings) stays in its own package.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/dhakira/dhakira"
)

// Dialect is what differs between the engines in this package's SQL.
type Dialect struct {
	// UniqueViolation reports whether err is a unique constraint refusing
	// a row.
	UniqueViolation func(err error) bool
	// ClaimLock ends the SELECT that claims a media job: PostgreSQL's
	// " FOR UPDATE SKIP LOCKED" lets a node pass over the rows others are
	// claiming; SQLite has one writer, and the UPDATE … WHERE state = the
	// state read settles two claimers on one.
	ClaimLock string

	// JSONStatus is the SQL of the "status" field of the stored record
	// JSON in column col.
	JSONStatus func(col string) string
	// PlaceSubtree is a recursive query naming the place $1 and every place
	// inside it, as the common table expression "sub(code)".
	PlaceSubtree string
	// KindHint follows a condition on r.kind: SQLite's " AND r.revision >
	// 0" (always true) lets it use the partial index records_kind_code.
	KindHint string
	// NoIndex prefixes a column the planner should not search by an index
	// (SQLite's unary "+"): a harvest by place reads the kind's or the
	// time's index range and tests each record's places.
	NoIndex string
}

// Base implements the store's accounts, audit, events, feedback and job
// queue over db.
type Base struct {
	db      *sql.DB
	now     func() time.Time
	dialect Dialect
}

// New returns the Base of an engine: now is called for every time a write
// stamps (an engine's tests may move its clock).
func New(db *sql.DB, now func() time.Time, d Dialect) Base {
	return Base{db: db, now: now, dialect: d}
}

// TimeLayout is how both engines keep times: text, UTC, to the
// microsecond, which sorts as the times do.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// FormatTime writes t as the store keeps it.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime reads a time FormatTime wrote; the zero time for anything else.
func ParseTime(s string) time.Time {
	t, _ := time.Parse(TimeLayout, s)
	return t
}

// Stamp is t as the store keeps it, to the microsecond: what a write sets
// on a struct is what a read gives back.
func Stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func (s *Base) stamp() time.Time { return Stamp(s.now()) }

// NotFound turns sql.ErrNoRows into ENOTFOUND with the message given.
func NotFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return dhakira.Errorf(dhakira.ENOTFOUND, format, args...)
	}
	return err
}

// MustAffect is ENOTFOUND, with the message given, when res changed no row.
func MustAffect(res sql.Result, err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return dhakira.Errorf(dhakira.ENOTFOUND, format, args...)
	}
	return nil
}

// OrDefault returns limit, or def when limit is not positive.
func OrDefault(limit, def int) int {
	if limit <= 0 {
		return def
	}
	return limit
}

// InTx runs fn in a transaction of db, committed when fn returns nil.
func InTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Queryer is what QueryCodes runs on: a database, a connection or a
// transaction.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// QueryCodes runs a query of one text column (codes) and lists its rows.
func QueryCodes(ctx context.Context, db Queryer, query string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// VisibleAs is the SQL condition that a record aliased alias is one the
// audience may see.
func VisibleAs(alias string, a dhakira.Audience) string {
	if a == dhakira.Staff {
		return "1 = 1"
	}
	return alias + ".status = 'published'"
}

type scanner interface{ Scan(...any) error }
