package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/dhakira/dhakira"
)

func (s *DB) begin(ctx context.Context, author string) (*writeTx, error) {
	tx, end, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	t := &writeTx{db: s, tx: tx, end: end, author: author, now: formatTime(s.now()), counters: map[string]int64{}}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&t.existing, `SELECT r.revision, v.data FROM records r JOIN revisions v ON v.code = r.code AND v.n = r.revision WHERE r.code = $1`},
		{&t.taken, takenSQL},
		{&t.insertRecord, `INSERT INTO records (code, kind, status, reliability, type, date, date_first, date_last, day_precise, title_ar, title_en, parent, aliases, revision, created_at, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)`},
		{&t.updateRecord, `UPDATE records SET status = $2, reliability = $3, type = $4, date = $5, date_first = $6, date_last = $7, day_precise = $8,
			title_ar = $9, title_en = $10, parent = $11, aliases = $12, revision = $13, updated_at = $14, updated_by = $15 WHERE code = $1`},
		{&t.insertRevision, `INSERT INTO revision_rows (code, n, author, created_at, note, changed, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`},
		{&t.deletePlaces, `DELETE FROM record_places WHERE code = $1`},
		{&t.insertPlace, `INSERT INTO record_places (code, place) VALUES ($1, $2)`},
		{&t.deleteLinks, `DELETE FROM links WHERE code = $1`},
		{&t.insertLink, `INSERT INTO links (code, pos, rel, target, note) VALUES ($1, $2, $3, $4, $5)`},
		{&t.deleteFiles, `DELETE FROM record_files WHERE code = $1`},
		{&t.insertFile, `INSERT INTO record_files (code, pos, sha256) VALUES ($1, $2, $3)`},
		{&t.insertJob, `INSERT INTO media_jobs (sha256, kind, state, created_at, updated_at) VALUES ($1, $2, 'pending', $3, $3) ON CONFLICT (sha256, kind) DO NOTHING`},
	} {
		if *p.dst, err = tx.PrepareContext(ctx, p.sql); err != nil {
			tx.Rollback()
			end()
			return nil, err
		}
	}
	return t, nil
}

// writeTx is one record saved from the editor or the write API, in a
// transaction of its own.
type writeTx struct {
	db      *DB
	written int // records written, to know when the planner's statistics are stale
	tx      *sql.Tx
	end     func() // gives the write lock's turn to the next writer (writelock.go)
	author  string
	now     string // the time written on the transaction's rows, re-stamped at commit
	// firstRevision is the id of the transaction's first revision: the
	// write lock is held from the start, so every later id is its own.
	firstRevision int64
	counters      map[string]int64 // prefix → last number assigned, loaded on first use
	done          bool

	existing, taken, insertRecord, updateRecord, insertRevision,
	deletePlaces, insertPlace, deleteLinks, insertLink,
	deleteFiles, insertFile, insertJob *sql.Stmt
}

// SaveRecord writes r as the next revision of its record, or as a new one,
// in a transaction of its own. The caller has normalized and validated r,
// its references included. The transaction takes the write lock as it
// begins, so no other writer comes between the check of base and the write.
func (s *DB) SaveRecord(ctx context.Context, r *dhakira.Record, base int, author, note string) (string, int, error) {
	t, err := s.begin(ctx, author)
	if err != nil {
		return "", 0, err
	}
	defer t.Rollback()
	var old *dhakira.Record
	rev := 0
	if r.Code == "" {
		if base != 0 {
			return "", 0, dhakira.Errorf(dhakira.EINVALID, "a record without a code is new: it has no revision %d to start from", base)
		}
		if r.Code, err = t.assign(ctx, r.Kind); err != nil {
			return "", 0, err
		}
	} else {
		if rev, old, err = t.current(ctx, r.Code); err != nil {
			return "", 0, err
		}
		if old == nil {
			var n int
			if err := t.tx.QueryRowContext(ctx, takenSQL, r.Code).Scan(&n); err != nil {
				return "", 0, err
			}
			if n > 0 {
				return "", 0, dhakira.Errorf(dhakira.ECONFLICT, "code %q is being imported; choose another", r.Code)
			}
		}
		switch {
		case old == nil && base != 0:
			return "", 0, dhakira.Errorf(dhakira.ENOTFOUND, "no record %q (the edit started from its revision %d)", r.Code, base)
		case old != nil && base == 0:
			return "", 0, dhakira.Errorf(dhakira.ESTALE, "%s already exists, at revision %d; this edit started a new record", r.Code, rev)
		case old != nil && base != rev:
			return "", 0, dhakira.Errorf(dhakira.ESTALE, "%s is at revision %d; this edit started from revision %d", r.Code, rev, base)
		}
	}
	if rev, err = t.write(ctx, r, old, rev, note); err != nil {
		return "", 0, err
	}
	return r.Code, rev, t.Commit()
}

// current returns the current revision number of the record code and that
// revision's record, or 0 and nil when the archive has no such record.
func (t *writeTx) current(ctx context.Context, code string) (int, *dhakira.Record, error) {
	var rev int
	var data string
	err := t.existing.QueryRowContext(ctx, code).Scan(&rev, &data)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil, nil
	case err != nil:
		return 0, nil, err
	}
	old, err := decodeStored(data)
	return rev, old, err
}

// write stores r as the revision after rev, whose record is old, or as a
// new record when old is nil, and returns the record's revision number: rev
// itself when r changes nothing, for there is no empty revision.
func (t *writeTx) write(ctx context.Context, r, old *dhakira.Record, rev int, note string) (int, error) {
	t.written++
	if old != nil && old.Kind != r.Kind {
		return 0, dhakira.Errorf(dhakira.EINVALID, "code %q is a %s in the archive; a record cannot change kind", r.Code, old.Kind)
	}
	if err := r.CheckStored(); err != nil {
		return 0, err
	}
	changed := dhakira.ChangedFields(old, r)
	if old != nil && len(changed) == 0 {
		return rev, nil
	}
	data, err := r.Encode()
	if err != nil {
		return 0, err
	}
	d := r.ParsedDate()
	var first, last any
	dayPrecise := 0
	if !d.IsZero() {
		first, last = d.First(), d.Last()
		if d.Start.Precision() == dhakira.PrecisionDay && (!d.IsInterval() || d.End.Precision() == dhakira.PrecisionDay) {
			dayPrecise = 1
		}
	}
	next := rev + 1
	if old == nil {
		_, err = t.insertRecord.ExecContext(ctx, r.Code, string(r.Kind), string(r.Status), string(r.Reliability), r.Type, r.Date, first, last, dayPrecise,
			r.Title.AR, r.Title.EN, r.Parent(), aliases(r), next, t.now, t.author)
	} else {
		_, err = t.updateRecord.ExecContext(ctx, r.Code, string(r.Status), string(r.Reliability), r.Type, r.Date, first, last, dayPrecise,
			r.Title.AR, r.Title.EN, r.Parent(), aliases(r), next, t.now, t.author)
		if err == nil {
			_, err = t.deletePlaces.ExecContext(ctx, r.Code)
		}
		if err == nil {
			_, err = t.deleteLinks.ExecContext(ctx, r.Code)
		}
		if err == nil && (len(old.Files) > 0 || len(r.Files) > 0) {
			_, err = t.deleteFiles.ExecContext(ctx, r.Code)
		}
	}
	if err != nil && old == nil && isUniqueViolation(err) {
		// Without replace, the primary key is the existence check: one
		// statement fewer per record on the import path.
		return 0, dhakira.Errorf(dhakira.ECONFLICT, "code %q already exists in the archive (use --update to replace it)", r.Code)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", r.Code, err)
	}
	res, err := t.insertRevision.ExecContext(ctx, r.Code, next, t.author, t.now, note, strings.Join(changed, ","), strings.TrimSuffix(string(data), "\n"))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", r.Code, err)
	}
	if t.firstRevision == 0 {
		if t.firstRevision, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	}
	seen := map[string]bool{}
	for _, p := range r.Places {
		if seen[p] {
			continue
		}
		seen[p] = true
		if _, err := t.insertPlace.ExecContext(ctx, r.Code, p); err != nil {
			return 0, fmt.Errorf("%s: %w", r.Code, err)
		}
	}
	for i, l := range r.Links {
		if _, err := t.insertLink.ExecContext(ctx, r.Code, i, string(l.Rel), l.To, l.Note); err != nil {
			return 0, fmt.Errorf("%s: %w", r.Code, err)
		}
	}
	for i, f := range r.Files {
		if _, err := t.insertFile.ExecContext(ctx, r.Code, i, f.SHA256); err != nil {
			return 0, fmt.Errorf("%s: %w", r.Code, err)
		}
		// A file is prepared once, whichever record brings it first.
		if _, err := t.insertJob.ExecContext(ctx, f.SHA256, dhakira.JobPrepare, t.now); err != nil {
			return 0, fmt.Errorf("%s: %w", r.Code, err)
		}
	}
	return next, nil
}

// assign returns the next free code of kind k: PREFIX-NNNNNN after the last
// one the archive assigned, skipping codes taken in the archive or reserved
// by an import. Codes are never reused: the counter only moves forward.
func (t *writeTx) assign(ctx context.Context, k dhakira.Kind) (string, error) {
	prefix := k.Prefix()
	last, ok := t.counters[prefix]
	if !ok {
		err := t.tx.QueryRowContext(ctx, `SELECT last FROM code_counters WHERE prefix = $1`, prefix).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	for {
		last++
		code := dhakira.FormatCode(k, last)
		var n int
		if err := t.taken.QueryRowContext(ctx, code).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			t.counters[prefix] = last
			return code, nil
		}
	}
}

func (t *writeTx) Commit() error {
	if t.done {
		return errors.New("import already finished")
	}
	for prefix, last := range t.counters {
		res, err := t.tx.Exec(`UPDATE code_counters SET last = $2 WHERE prefix = $1`, prefix, last)
		if err != nil {
			t.Rollback()
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := t.tx.Exec(`INSERT INTO code_counters (prefix, last) VALUES ($1, $2)`, prefix, last); err != nil {
				t.Rollback()
				return err
			}
		}
	}
	if err := t.restamp(); err != nil {
		t.Rollback()
		return err
	}
	t.done = true
	err := t.tx.Commit()
	t.end()
	if err != nil {
		return err
	}
	if t.written >= analyzeAfter && t.db != nil {
		t.db.analyze()
	}
	return nil
}

// restamp dates what the transaction wrote at its commit rather than at its
// start: a harvester that asked "what changed since T" while a long import
// was running must find that import's records the next time it asks,
// however long before T the import began.
func (t *writeTx) restamp() error {
	if t.firstRevision == 0 || t.db == nil {
		return nil
	}
	now := formatTime(t.db.now())
	if now == t.now {
		return nil
	}
	if _, err := t.tx.Exec(`UPDATE revision_rows SET created_at = $1 WHERE id >= $2`, now, t.firstRevision); err != nil {
		return err
	}
	if _, err := t.tx.Exec(`UPDATE records SET updated_at = $1, created_at = CASE WHEN created_at = $2 THEN $1 ELSE created_at END
		WHERE code IN (SELECT code FROM revisions WHERE id >= $3) AND updated_at = $2`, now, t.now, t.firstRevision); err != nil {
		return err
	}
	t.now = now
	return nil
}

func (t *writeTx) Rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	defer t.end()
	return t.tx.Rollback()
}

// isUniqueViolation reports whether err is SQLite refusing a duplicate key.
func isUniqueViolation(err error) bool {
	var se interface{ Code() int }
	if errors.As(err, &se) {
		return se.Code() == 1555 || se.Code() == 2067 // SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE
	}
	return false
}

// aliases joins a record's other names, one per line, for lists and the
// search documents of the records that point to it.
func aliases(r *dhakira.Record) string {
	var names []string
	for _, a := range r.Attrs.Aliases {
		if v := strings.TrimSpace(strings.ReplaceAll(a.Value, "\n", " ")); v != "" {
			names = append(names, v)
		}
	}
	return strings.Join(names, "\n")
}
