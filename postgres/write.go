package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/jackc/pgx/v5/pgconn"
)

// begin starts the transaction of one record saved from the editor or the
// write API (an import is staged instead: import.go).
func (s *DB) begin(ctx context.Context, author string) (*writeTx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	t := &writeTx{db: s, tx: tx, author: author, now: formatTime(s.now()), counters: map[string]int64{}}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		// FOR UPDATE: the record stays at this revision until the commit.
		// Its data is read by a statement of its own, after the lock:
		// joined to the locked row, a writer that had waited for another's
		// commit saw the record's new revision number beside the old
		// revision's row, which no longer joined (PostgreSQL rechecks the
		// locked row only), and answered "no record" instead of "stale".
		{&t.existing, `SELECT revision FROM records WHERE code = $1 FOR UPDATE`},
		{&t.revisionData, `SELECT data FROM revisions WHERE code = $1 AND n = $2`},
		{&t.taken, takenSQL},
		{&t.insertRecord, `INSERT INTO records (code, kind, status, reliability, type, date, date_first, date_last, day_precise, title_ar, title_en, parent, aliases, revision, created_at, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16) ON CONFLICT (code) DO NOTHING`},
		{&t.updateRecord, `UPDATE records SET status = $2, reliability = $3, type = $4, date = $5, date_first = $6, date_last = $7, day_precise = $8,
			title_ar = $9, title_en = $10, parent = $11, aliases = $12, revision = $13, updated_at = $14, updated_by = $15 WHERE code = $1`},
		{&t.deletePlaces, `DELETE FROM record_places WHERE code = $1`},
		{&t.deleteLinks, `DELETE FROM links WHERE code = $1`},
		// The rows written after the record's own go in batches (see
		// pending), each array a column, in the order they were put.
		{&t.insertRevisions, `INSERT INTO revisions (code, n, author, created_at, note, changed, data)
			SELECT code, n, author, created_at, note, changed, data FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
			WITH ORDINALITY AS u(code, n, author, created_at, note, changed, data, i) ORDER BY i`},
		{&t.insertPlaces, `INSERT INTO record_places (code, place) SELECT * FROM unnest($1::text[], $2::text[])`},
		{&t.insertLinks, `INSERT INTO links (code, pos, rel, target, note) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])`},
		{&t.deleteFiles, `DELETE FROM record_files WHERE code = $1`},
		{&t.insertFile, `INSERT INTO record_files (code, pos, sha256) VALUES ($1, $2, $3)`},
		{&t.insertJob, `INSERT INTO media_jobs (sha256, kind, state, created_at, updated_at) VALUES ($1, $2, 'pending', $3, $3) ON CONFLICT (sha256, kind) DO NOTHING`},
	} {
		if *p.dst, err = tx.PrepareContext(ctx, p.sql); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return t, nil
}

// writeTx is one write transaction: an import of many records, or one
// record saved from the editor.
type writeTx struct {
	db       *DB
	written  int // records written, to know when the planner's statistics are stale
	tx       *sql.Tx
	author   string
	now      string           // the time written on the transaction's rows, re-stamped at commit
	wrote    bool             // a revision was written: the commit gives the changes their Seq
	counters map[string]int64 // prefix → last number assigned, loaded on first use
	done     bool

	existing, revisionData, taken, insertRecord, updateRecord, deletePlaces, deleteLinks,
	insertRevisions, insertPlaces, insertLinks,
	deleteFiles, insertFile, insertJob *sql.Stmt

	pending pending
}

// pending are the revisions, places and links a transaction has put and not
// yet sent: a round trip per batch of records rather than per row is what
// an import over the network needs. The record's own row is written at
// once — it is the existence check and the lock — and the rest is sent
// before anything reads it: before the transaction's commit, and before a
// record of the batch is written again.
type pending struct {
	codes map[string]bool // records with rows here
	revs  struct {
		code, author, at, note, changed, data []string
		n                                     []int32
	}
	places struct{ code, place []string }
	links  struct {
		code, rel, target, note []string
		pos                     []int32
	}
}

// pendingMax is how many records' rows a transaction holds before it sends
// them.
const pendingMax = 500

// flush sends the pending rows.
func (t *writeTx) flush(ctx context.Context) error {
	p := &t.pending
	if len(p.codes) == 0 {
		return nil
	}
	r := &p.revs
	if _, err := t.insertRevisions.ExecContext(ctx, r.code, r.n, r.author, r.at, r.note, r.changed, r.data); err != nil {
		return err
	}
	if len(p.places.code) > 0 {
		if _, err := t.insertPlaces.ExecContext(ctx, p.places.code, p.places.place); err != nil {
			return err
		}
	}
	if l := &p.links; len(l.code) > 0 {
		if _, err := t.insertLinks.ExecContext(ctx, l.code, l.pos, l.rel, l.target, l.note); err != nil {
			return err
		}
	}
	*p = pending{}
	return nil
}

// SaveRecord writes r as the next revision of its record, or as a new one,
// in a transaction of its own. The caller has normalized and validated r,
// its references included. The record's row is locked (FOR UPDATE) as its
// current revision is read, so no other writer comes between the check of
// base and the write.
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
		if old == nil && base == 0 {
			var n int
			if err := t.taken.QueryRowContext(ctx, r.Code).Scan(&n); err != nil {
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
	if t.pending.codes[code] {
		if err := t.flush(ctx); err != nil {
			return 0, nil, err
		}
	}
	var rev int
	var data string
	err := t.existing.QueryRowContext(ctx, code).Scan(&rev)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil, nil
	case err != nil:
		return 0, nil, err
	}
	if err := t.revisionData.QueryRowContext(ctx, code, rev).Scan(&data); err != nil {
		return 0, nil, fmt.Errorf("%s: revision %d: %w", code, rev, err)
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
	if t.pending.codes[r.Code] {
		if err := t.flush(ctx); err != nil {
			return 0, err
		}
	}
	next := rev + 1
	var res sql.Result
	if old == nil {
		res, err = t.insertRecord.ExecContext(ctx, r.Code, string(r.Kind), string(r.Status), string(r.Reliability), r.Type, r.Date, first, last, dayPrecise,
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
	if err != nil {
		return 0, fmt.Errorf("%s: %w", r.Code, err)
	}
	if old == nil {
		// Without replace, the primary key is the existence check: one
		// statement fewer per record on the import path. ON CONFLICT DO
		// NOTHING rather than the error, which would end the transaction.
		if n, err := res.RowsAffected(); err != nil {
			return 0, err
		} else if n == 0 {
			return 0, dhakira.Errorf(dhakira.ECONFLICT, "code %q already exists in the archive (use --update to replace it)", r.Code)
		}
	}
	p := &t.pending
	if p.codes == nil {
		p.codes = map[string]bool{}
	}
	p.codes[r.Code] = true
	rv := &p.revs
	rv.code, rv.n, rv.author, rv.at = append(rv.code, r.Code), append(rv.n, int32(next)), append(rv.author, t.author), append(rv.at, t.now)
	rv.note, rv.changed, rv.data = append(rv.note, note), append(rv.changed, strings.Join(changed, ",")), append(rv.data, strings.TrimSuffix(string(data), "\n"))
	t.wrote = true
	seen := map[string]bool{}
	for _, pl := range r.Places {
		if seen[pl] {
			continue
		}
		seen[pl] = true
		p.places.code, p.places.place = append(p.places.code, r.Code), append(p.places.place, pl)
	}
	for i, l := range r.Links {
		lk := &p.links
		lk.code, lk.pos, lk.rel, lk.target, lk.note = append(lk.code, r.Code), append(lk.pos, int32(i)), append(lk.rel, string(l.Rel)), append(lk.target, l.To), append(lk.note, l.Note)
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
	if len(p.codes) >= pendingMax {
		if err := t.flush(ctx); err != nil {
			return 0, fmt.Errorf("%s: %w", r.Code, err)
		}
	}
	return next, nil
}

// assign returns the next free code of kind k: PREFIX-NNNNNN after the last
// one the archive assigned, skipping codes taken in the archive or by an
// import in progress. Codes are never reused: the counter only moves forward.
func (t *writeTx) assign(ctx context.Context, k dhakira.Kind) (string, error) {
	prefix := k.Prefix()
	last, ok := t.counters[prefix]
	if !ok {
		// Transactions assigning codes of one kind take turns, each until
		// it commits: two could otherwise read the same counter.
		if _, err := t.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, counterLock, prefix); err != nil {
			return "", err
		}
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
	if err := t.flush(context.Background()); err != nil {
		t.Rollback()
		return err
	}
	for prefix, last := range t.counters {
		if _, err := t.tx.Exec(`INSERT INTO code_counters (prefix, last) VALUES ($1, $2) ON CONFLICT (prefix) DO UPDATE SET last = EXCLUDED.last`, prefix, last); err != nil {
			t.Rollback()
			return err
		}
	}
	if err := t.stamp(); err != nil {
		t.Rollback()
		return err
	}
	t.done = true
	if err := t.tx.Commit(); err != nil {
		return err
	}
	if t.written >= analyzeAfter && t.db != nil {
		t.db.analyze()
	}
	return nil
}

// Advisory lock keys: the first of the two int4 keys says which of ours.
const (
	counterLock = 7_246_002 // with the hash of a code prefix: assigning codes of a kind
	changeLock  = 7_246_003 // giving changes their Seq, at commit
)

// stamp gives the transaction's revisions their change Seq (revisions.id)
// and dates what it wrote, as the last thing before the commit and under
// an advisory lock held until the commit ends: Seqs then follow the order
// in which transactions commit, not the order in which they began.
//
// The change feed needs that. An index follows it by asking for the
// changes after the last Seq it has seen; with Seqs taken at insert (a
// sequence, as SQLite's AUTOINCREMENT under its single writer), a long
// import holding Seq 5 while a quick edit commits Seq 6 would be skipped
// for good by a reader that saw 6 first. Here no transaction holds a Seq
// it has not committed: the lock is released only once the commit is
// visible, so a reader that sees Seq n sees every Seq below it.
//
// The alternative, reading the log only up to the oldest transaction in
// flight (pg_snapshot_xmin), needs the transaction id of every row and
// holds every reader back behind any long transaction, even one that
// writes no record. Serializing the few milliseconds of stamping costs a
// busy archive little: records are written by a team, not by the public.
//
// Times come from the database's clock, one for every node, so that they
// grow with the Seq: a harvester asking "what changed since T" finds
// everything committed after T, whichever node wrote it.
func (t *writeTx) stamp() error {
	if !t.wrote {
		return nil
	}
	if _, err := t.tx.Exec(`SELECT pg_advisory_xact_lock($1)`, changeLock); err != nil {
		return err
	}
	var base int64
	var now string
	if err := t.tx.QueryRow(`SELECT COALESCE(MAX(id), 0), `+clockNow+` FROM revisions`).Scan(&base, &now); err != nil {
		return err
	}
	// The unstamped revisions this transaction sees are its own: every
	// committed one has its Seq.
	if _, err := t.tx.Exec(`UPDATE revisions v SET id = $1 + u.k, created_at = $2
		FROM (SELECT rid, row_number() OVER (ORDER BY rid) AS k FROM revisions WHERE id IS NULL) u WHERE v.rid = u.rid`, base, now); err != nil {
		return err
	}
	if _, err := t.tx.Exec(`UPDATE records SET updated_at = $1, created_at = CASE WHEN created_at = $2 THEN $1 ELSE created_at END
		WHERE updated_at = $2 AND code IN (SELECT code FROM revisions WHERE created_at = $1 AND id > $3)`, now, t.now, base); err != nil {
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
	return t.tx.Rollback()
}

// isUniqueViolation reports whether err is PostgreSQL refusing a
// duplicate key.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
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
