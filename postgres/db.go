// Package postgres stores the archive in a PostgreSQL database through
// github.com/jackc/pgx (its database/sql driver), for archives that have
// outgrown one machine: several dhakira serve processes share one database,
// which operators replicate and back up with PostgreSQL's own tools. The
// SQL is the SQLite store's, hand-written, with what differs between the
// engines kept here: the schema's types, the JSON functions, how a change
// gets its place in the change feed (write.go), the code counters' locks.
package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlstore"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// DB is the archive's store on a PostgreSQL database. It implements
// dhakira.BackOfficeStore.
type DB struct {
	db         *sql.DB
	url        string
	now        func() time.Time
	figures    sqlstore.Figures
	manyLinked sqlstore.ManyLinked
	sqlstore.Base
}

var _ dhakira.BackOfficeStore = (*DB)(nil)

// IsURL reports whether s names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at url (postgres://…) and brings its schema
// up to date.
func Open(url string) (*DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32) // as many as open: a busy node neither closes nor opens connections (a backend each)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &DB{db: db, url: url, now: time.Now}
	s.Base = sqlstore.New(db, func() time.Time { return s.now() }, sqlstore.Dialect{
		UniqueViolation: isUniqueViolation,
		ClaimLock:       " FOR UPDATE SKIP LOCKED",
		JSONStatus:      func(col string) string { return "(" + col + "::json ->> 'status')" },
		PlaceSubtree:    placeSubtree,
	})
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", redact(url), err)
	}
	if err := s.clearImports(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", redact(url), err)
	}
	return s, nil
}

// redact hides a password in a database address, for error messages.
func redact(url string) string {
	if cfg, err := pgconn.ParseConfig(url); err == nil && cfg.Password != "" {
		return strings.Replace(url, cfg.Password, "xxxxx", 1)
	}
	return url
}

// Close closes the connections.
func (s *DB) Close() error { return s.db.Close() }

// Ping reports whether the store answers a query.
func (s *DB) Ping(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// migrationLock is the advisory lock held while the schema is brought up
// to date: two nodes starting at once migrate one after the other.
const migrationLock = 7_246_001

func (s *DB) migrate(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	for i, m := range migrations {
		version := i + 1
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil {
			tx.Rollback()
			return err
		}
		if n > 0 {
			tx.Rollback()
			continue
		}
		if _, err := tx.ExecContext(ctx, m); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", version, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, version, formatTime(s.now())); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// analyzeAfter is how many records one write must bring for the planner's
// statistics to be refreshed after it, without waiting for autovacuum.
const analyzeAfter = 10000

// analyze refreshes the query planner's statistics of the tables an import
// fills, and marks the pages of the smaller ones all-visible (VACUUM), for
// lists read from their indexes alone (migration 8) without waiting for
// autovacuum. A failure only leaves older statistics.
func (s *DB) analyze() {
	s.db.Exec(`VACUUM (ANALYZE) records, record_places, links`)
	s.db.Exec(`ANALYZE revisions`)
}

// Size is the database's size on disk, in bytes.
func (s *DB) Size(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
	return n, err
}

// The helpers of the SQL both engines share (sqlstore).
var (
	formatTime = sqlstore.FormatTime
	parseTime  = sqlstore.ParseTime
	orDefault  = sqlstore.OrDefault
)

// figure returns the value compute gives for key, computed once per change
// of the archive (sqlstore.Figures).
func (s *DB) figure(ctx context.Context, key string, compute func() (any, error)) (any, error) {
	seq, err := s.LastChange(ctx)
	if err != nil {
		return nil, err
	}
	return s.figures.Get(ctx, seq, key, compute)
}
