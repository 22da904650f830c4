package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// copyTable is a table CopyFrom copies: its columns, in order, and the
// columns of its key, by which it is read a piece at a time.
type copyTable struct {
	name, cols, key string
}

// copyTables are the tables of an archive, as both engines name them.
// events (rate limits) are not copied: they are forgotten within a day.
var copyTables = []copyTable{
	{"code_counters", "prefix, last", "prefix"},
	{"records", "code, kind, status, reliability, type, date, date_first, date_last, day_precise, title_ar, title_en, parent, aliases, revision, created_at, updated_at, updated_by", "code"},
	{"revisions", "id, code, n, author, created_at, note, changed, data", "id"},
	{"record_places", "code, place", "code, place"},
	{"links", "code, pos, rel, target, note", "code, pos"},
	{"record_files", "code, pos, sha256", "code, pos"},
	{"media_jobs", "id, sha256, kind, state, attempts, lease_until, error, created_at, updated_at, tools", "id"},
	{"users", "id, email, name, role, password_hash, disabled, created_at", "id"},
	{"sessions", "hash, user_id, expires_at, created_at", "hash"},
	{"tokens", "id, user_id, name, hash, created_at, last_used_at", "id"},
	{"feedback", "id, code, lang, message, name, email, status, revision, reply, created_at, updated_at", "id"},
	{"audit", "id, at, actor, action, target, detail", "id"},
}

// CopyOptions tune CopyFrom.
type CopyOptions struct {
	Batch    int                                     // rows per transaction; 0 means 5000
	Progress func(table string, copied, total int64) // called after each piece, may be nil
}

// CopyFrom copies an archive from src, the SQLite store's database, named
// source (its path), into this database, which must be empty or hold an
// unfinished copy of the same source. Each piece of a table is copied in
// one transaction with the note of how far the copy has come, so a copy
// that was stopped (or killed) picks up after the last piece it wrote.
// Rows keep their ids, revisions their Seq; every table's row count is
// checked at the end. The source must not change meanwhile.
func (s *DB) CopyFrom(ctx context.Context, src *sql.DB, source string, o CopyOptions) error {
	if o.Batch <= 0 {
		o.Batch = 5000
	}
	if err := s.startCopy(ctx, source); err != nil {
		return err
	}
	for _, t := range copyTables {
		if err := s.copyTable(ctx, src, t, o); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	// The identities go on from the copied ids; the change Seq goes on
	// from MAX(revisions.id) by itself.
	for _, t := range []string{"users", "tokens", "feedback", "audit", "media_jobs"} {
		if _, err := s.db.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM `+t); err != nil {
			return err
		}
	}
	for _, t := range copyTables {
		var a, b int64
		if err := src.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.name).Scan(&a); err != nil {
			return err
		}
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.name).Scan(&b); err != nil {
			return err
		}
		if a != b {
			return fmt.Errorf("%s: %d rows in the source, %d copied (did the source change during the copy?)", t.name, a, b)
		}
	}
	// Every revision, byte for byte, in the order of the change feed.
	a, err := revisionDigest(ctx, src)
	if err != nil {
		return err
	}
	b, err := revisionDigest(ctx, s.db)
	if err != nil {
		return err
	}
	if a != b {
		return errors.New("revisions: the copied revisions differ from the source's")
	}
	s.analyze()
	_, err = s.db.ExecContext(ctx, `UPDATE store_copy SET done = true WHERE tbl = ''`)
	return err
}

// revisionDigest hashes every revision of an archive, in Seq order.
func revisionDigest(ctx context.Context, db *sql.DB) (string, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, code, n, author, created_at, note, changed, data FROM revisions ORDER BY id`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	h := sha256.New()
	var id int64
	var n int
	var code, author, at, note, changed, data string
	for rows.Next() {
		if err := rows.Scan(&id, &code, &n, &author, &at, &note, &changed, &data); err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%d\x00%s\x00%d\x00%s\x00%s\x00%s\x00%s\x00%s\x00", id, code, n, author, at, note, changed, data)
	}
	return hex.EncodeToString(h.Sum(nil)), rows.Err()
}

// CopyDone reports whether a copy into this database has finished, and
// from which source.
func (s *DB) CopyDone(ctx context.Context) (source string, done bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT last, done FROM store_copy WHERE tbl = ''`).Scan(&source, &done)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return source, done, err
}

// startCopy checks that the database may receive the copy of source and
// notes it as the copy's source.
func (s *DB) startCopy(ctx context.Context, source string) error {
	prev, done, err := s.CopyDone(ctx)
	if err != nil {
		return err
	}
	switch {
	case prev != "" && prev != source:
		return dhakira.Errorf(dhakira.ECONFLICT, "the database holds a copy of %s, not of %s", prev, source)
	case prev != "" && done:
		return nil // finished already: only the checks run again
	case prev != "":
		return nil // resume
	}
	for _, t := range append(copyTables, copyTable{name: "events"}) {
		var any bool
		if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t.name+`)`).Scan(&any); err != nil {
			return err
		}
		if any {
			return dhakira.Errorf(dhakira.ECONFLICT, "the database is not empty (table %s has rows): migrate-store copies into an empty one only", t.name)
		}
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO store_copy (tbl, last) VALUES ('', $1)`, source)
	return err
}

// copyTable copies the rows of t after the last piece copied.
func (s *DB) copyTable(ctx context.Context, src *sql.DB, t copyTable, o CopyOptions) error {
	var last string
	var copied int64
	var done bool
	err := s.db.QueryRowContext(ctx, `SELECT last, copied, done FROM store_copy WHERE tbl = $1`, t.name).Scan(&last, &copied, &done)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if done {
		return nil
	}
	var total int64
	if err := src.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.name).Scan(&total); err != nil {
		return err
	}
	cols := strings.Split(t.cols, ", ")
	keys := strings.Split(t.key, ", ")
	keyAt := make([]int, len(keys)) // where each key column is in a row
	for i, k := range keys {
		for j, c := range cols {
			if c == k {
				keyAt[i] = j
			}
		}
	}
	for {
		var after []any
		q := `SELECT ` + t.cols + ` FROM ` + t.name
		if last != "" {
			if err := json.Unmarshal([]byte(last), &after); err != nil {
				return fmt.Errorf("copy progress %q: %w", last, err)
			}
			ph := make([]string, len(after))
			for i := range after {
				ph[i] = fmt.Sprintf("$%d", i+1)
				if f, ok := after[i].(float64); ok { // JSON numbers: the keys are integers
					after[i] = int64(f)
				}
			}
			q += ` WHERE (` + t.key + `) > (` + strings.Join(ph, ", ") + `)`
		}
		q += fmt.Sprintf(` ORDER BY %s LIMIT %d`, t.key, o.Batch)
		rows, err := readRows(ctx, src, q, len(cols), after...)
		if err != nil {
			return err
		}
		if t.name == "users" {
			for _, r := range rows {
				r[5] = toBool(r[5]) // disabled: 0 or 1 in SQLite
			}
		}
		var key []any
		if len(rows) > 0 {
			for _, i := range keyAt {
				key = append(key, rows[len(rows)-1][i])
			}
			b, err := json.Marshal(key)
			if err != nil {
				return err
			}
			last = string(b)
		}
		finished := len(rows) < o.Batch
		if err := s.copyPiece(ctx, t.name, cols, rows, last, int64(len(rows)), finished); err != nil {
			return err
		}
		copied += int64(len(rows))
		if o.Progress != nil {
			o.Progress(t.name, copied, total)
		}
		if finished {
			return nil
		}
	}
}

// copyPiece writes rows into table with COPY and notes the progress, in
// one transaction.
func (s *DB) copyPiece(ctx context.Context, table string, cols []string, rows [][]any, last string, n int64, finished bool) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		tx, err := c.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if len(rows) > 0 {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO store_copy (tbl, last, copied, done) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tbl) DO UPDATE SET last = EXCLUDED.last, copied = store_copy.copied + EXCLUDED.copied, done = EXCLUDED.done`, table, last, n, finished); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

// readRows reads every row of a query of n columns.
func readRows(ctx context.Context, db *sql.DB, q string, n int, args ...any) ([][]any, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

func toBool(v any) any {
	switch x := v.(type) {
	case int64:
		return x != 0
	case bool:
		return x
	}
	return v
}
