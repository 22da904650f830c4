package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlstore"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// An import is written with COPY, in batches, into temporary tables of one
// connection that it keeps to itself (import_records, import_places,
// import_links, import_files): no other session can see them, nothing is
// held open meanwhile on the archive's tables, and they vanish with the
// connection however the import ends — a killed process, a dropped
// network, a rollback. Its commit moves them into the archive in one
// transaction of a few statements: the records appear all at once, their
// revisions numbered (the change feed's Seq) and dated as of that moment.
//
// What other writers must see of an import in progress is the codes it
// brings and the codes it assigns, so that an editor neither assigns one
// nor creates a record under one: those go, committed at once, into
// import_codes, which the editor's checks read; the import empties it
// when it ends, and the next import, or the next Open of the store on any
// node while no import runs, empties what a killed one left.
//
// One import runs at a time, across every node: it holds a session
// advisory lock (importLock) on its connection, which the server drops
// when the connection ends, however it ends.

const (
	importLock = 7_246_004 // one import at a time, held by the import's connection

	// A batch is sent after importBatchRows records or importBatchBytes
	// of JSON, whichever comes first: one COPY per table and batch.
	importBatchRows  = 2000
	importBatchBytes = 8 << 20
)

// BeginImport starts an all-or-nothing import, after waiting for any other
// to end, on this node or another.
func (s *DB) BeginImport(ctx context.Context, author string) (dhakira.ImportTx, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	for told := false; ; {
		var ok bool
		if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, importLock).Scan(&ok); err != nil {
			conn.Close()
			return nil, err
		}
		if ok {
			break
		}
		if !told {
			told = true
			dhakira.WaitNotice(ctx, "another import is being written (on this node or another); this one waits for it to end")
		}
		select {
		case <-ctx.Done():
			conn.Close()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	t := &stagedImport{db: s, conn: conn, author: author, reserved: map[string]bool{}, existing: map[string]bool{}, put: map[string]bool{}, counters: map[string]int64{}}
	if err := t.setUp(ctx); err != nil {
		t.end()
		return nil, err
	}
	return t, nil
}

// setUp clears what a killed import left and creates the import's tables.
func (t *stagedImport) setUp(ctx context.Context) error {
	// Staged JSON compressed as the revisions keep it (migration 4): the
	// move copies it without compressing it again. Either setting may be
	// refused (no lz4; temporary tables already used by this connection):
	// the defaults then do.
	t.conn.ExecContext(ctx, `SET default_toast_compression = 'lz4'`)
	t.conn.ExecContext(ctx, `SET temp_buffers = '64MB'`)
	for _, q := range []string{
		`DELETE FROM import_codes`,
		`DROP TABLE IF EXISTS pg_temp.import_records, pg_temp.import_places, pg_temp.import_links, pg_temp.import_files`,
		`CREATE TEMP TABLE import_records (
			seq         BIGINT NOT NULL,
			code        TEXT COLLATE "C" NOT NULL,
			kind        TEXT COLLATE "C" NOT NULL,
			status      TEXT COLLATE "C" NOT NULL,
			reliability TEXT COLLATE "C" NOT NULL,
			type        TEXT COLLATE "C" NOT NULL,
			date        TEXT COLLATE "C" NOT NULL,
			date_first  INTEGER,
			date_last   INTEGER,
			day_precise INTEGER NOT NULL,
			title_ar    TEXT COLLATE "C" NOT NULL,
			title_en    TEXT COLLATE "C" NOT NULL,
			parent      TEXT COLLATE "C" NOT NULL,
			aliases     TEXT COLLATE "C" NOT NULL,
			replaces    INTEGER NOT NULL,
			changed     TEXT COLLATE "C" NOT NULL,
			data        TEXT COLLATE "C" NOT NULL)`,
		`CREATE TEMP TABLE import_places (code TEXT COLLATE "C" NOT NULL, place TEXT COLLATE "C" NOT NULL)`,
		`CREATE TEMP TABLE import_links (code TEXT COLLATE "C" NOT NULL, pos INTEGER NOT NULL, rel TEXT COLLATE "C" NOT NULL, target TEXT COLLATE "C" NOT NULL, note TEXT COLLATE "C" NOT NULL)`,
		`CREATE TEMP TABLE import_files (seq BIGINT NOT NULL, code TEXT COLLATE "C" NOT NULL, pos INTEGER NOT NULL, sha256 TEXT COLLATE "C" NOT NULL)`,
	} {
		if _, err := t.conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// clearImports empties import_codes of what a killed import left, unless
// an import is running (on any node).
func (s *DB) clearImports(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, importLock).Scan(&ok); err != nil || !ok {
		return err
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, importLock)
	_, err = conn.ExecContext(ctx, `DELETE FROM import_codes`)
	return err
}

// stagedImport is an import being written into its temporary tables.
type stagedImport struct {
	db       *DB
	conn     *sql.Conn // holds importLock and the temporary tables
	author   string
	mu       sync.Mutex
	reserved map[string]bool  // codes the records bring (in import_codes)
	existing map[string]bool  // those of them the archive had when reserved
	put      map[string]bool  // codes written: a code twice is a conflict
	counters map[string]int64 // prefix → last number assigned, loaded on first use
	seq      int64            // records staged: their order, and their Seq after the commit's base
	err      error            // a failure of Reserve, returned by the next call
	done     bool

	batch struct {
		records, places, links, files [][]any
		claims                        []string // new codes not reserved, for import_codes
		bytes                         int
	}
}

// Reserve writes codes to import_codes, committed at once, and notes
// which the archive has already.
func (t *stagedImport) Reserve(codes []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ctx := context.Background()
	for len(codes) > 0 && t.err == nil {
		n := min(len(codes), 5000)
		chunk := codes[:n]
		codes = codes[n:]
		for _, c := range chunk {
			t.reserved[c] = true
		}
		// Reserved first, then looked up: a record an editor creates
		// after the lookup is refused the code.
		if _, t.err = t.conn.ExecContext(ctx, `INSERT INTO import_codes (code) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, chunk); t.err != nil {
			return
		}
		var found []string
		found, t.err = t.queryCodes(ctx, `SELECT code FROM records WHERE code = ANY($1::text[])`, chunk)
		for _, c := range found {
			t.existing[c] = true
		}
	}
}

func (t *stagedImport) queryCodes(ctx context.Context, q string, args ...any) ([]string, error) {
	return sqlstore.QueryCodes(ctx, t.conn, q, args...)
}

// Put stages r.
func (t *stagedImport) Put(ctx context.Context, r *dhakira.Record, replace bool) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil {
		return "", t.err
	}
	if t.done {
		return "", errors.New("import already finished")
	}
	if err := r.CheckStored(); err != nil {
		return "", err
	}
	if t.put[r.Code] {
		return "", dhakira.Errorf(dhakira.ECONFLICT, "code %q is twice in the import", r.Code)
	}
	var old *dhakira.Record
	replaces := 0
	claim := false
	if r.Code == "" {
		code, err := t.assign(ctx, r.Kind)
		if err != nil {
			return "", err
		}
		r.Code = code
	} else if !t.reserved[r.Code] || t.existing[r.Code] {
		// A code reserved and not in the archive when reserved needs no
		// look-up: no other writer can have taken it since.
		var data string
		err := t.conn.QueryRowContext(ctx, `SELECT r.revision, v.data FROM records r JOIN revisions v ON v.code = r.code AND v.n = r.revision WHERE r.code = $1`, r.Code).Scan(&replaces, &data)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			claim = !t.reserved[r.Code]
		case err != nil:
			return "", err
		case !replace:
			return "", dhakira.Errorf(dhakira.ECONFLICT, "code %q already exists in the archive (use --update to replace it)", r.Code)
		default:
			if old, err = decodeStored(data); err != nil {
				return "", err
			}
			if old.Kind != r.Kind {
				return "", dhakira.Errorf(dhakira.EINVALID, "code %q is a %s in the archive; a record cannot change kind", r.Code, old.Kind)
			}
		}
	}
	changed := dhakira.ChangedFields(old, r)
	if old != nil && len(changed) == 0 {
		t.put[r.Code] = true
		return r.Code, nil // no empty revision
	}
	data, err := r.Encode()
	if err != nil {
		return "", err
	}
	d := r.ParsedDate()
	var first, last any
	dayPrecise := 0
	if !d.IsZero() {
		first, last = int32(d.First()), int32(d.Last())
		if d.Start.Precision() == dhakira.PrecisionDay && (!d.IsInterval() || d.End.Precision() == dhakira.PrecisionDay) {
			dayPrecise = 1
		}
	}
	t.seq++
	b := &t.batch
	b.records = append(b.records, []any{t.seq, r.Code, string(r.Kind), string(r.Status), string(r.Reliability), r.Type, r.Date, first, last, int32(dayPrecise),
		r.Title.AR, r.Title.EN, r.Parent(), aliases(r), int32(replaces), strings.Join(changed, ","), strings.TrimSuffix(string(data), "\n")})
	seen := map[string]bool{}
	for _, p := range r.Places {
		if !seen[p] {
			seen[p] = true
			b.places = append(b.places, []any{r.Code, p})
		}
	}
	for i, l := range r.Links {
		b.links = append(b.links, []any{r.Code, int32(i), string(l.Rel), l.To, l.Note})
	}
	for i, f := range r.Files {
		b.files = append(b.files, []any{t.seq, r.Code, int32(i), f.SHA256})
	}
	if claim {
		b.claims = append(b.claims, r.Code)
	}
	b.bytes += len(data)
	t.put[r.Code] = true
	if len(b.records) >= importBatchRows || b.bytes >= importBatchBytes {
		if err := t.flush(ctx); err != nil {
			return "", fmt.Errorf("%s: %w", r.Code, err)
		}
	}
	return r.Code, nil
}

// flush sends the batch: a COPY into each temporary table.
func (t *stagedImport) flush(ctx context.Context) error {
	b := &t.batch
	if len(b.claims) > 0 {
		if _, err := t.conn.ExecContext(ctx, `INSERT INTO import_codes (code) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, b.claims); err != nil {
			return err
		}
	}
	err := t.conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		for _, tb := range []struct {
			name string
			cols []string
			rows [][]any
		}{
			{"import_records", []string{"seq", "code", "kind", "status", "reliability", "type", "date", "date_first", "date_last", "day_precise",
				"title_ar", "title_en", "parent", "aliases", "replaces", "changed", "data"}, b.records},
			{"import_places", []string{"code", "place"}, b.places},
			{"import_links", []string{"code", "pos", "rel", "target", "note"}, b.links},
			{"import_files", []string{"seq", "code", "pos", "sha256"}, b.files},
		} {
			if len(tb.rows) == 0 {
				continue
			}
			if _, err := c.CopyFrom(ctx, pgx.Identifier{tb.name}, tb.cols, pgx.CopyFromRows(tb.rows)); err != nil {
				return fmt.Errorf("%s: %w", tb.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	t.batch.records, t.batch.places, t.batch.links, t.batch.files, t.batch.claims, t.batch.bytes = nil, nil, nil, nil, nil, 0
	return nil
}

// assign returns the next free code of kind k and claims it in
// import_codes, in a short transaction under the lock by which every
// writer assigns codes of that kind: codes the archive has, the import
// brings, or another writer took are skipped.
func (t *stagedImport) assign(ctx context.Context, k dhakira.Kind) (string, error) {
	prefix := k.Prefix()
	tx, err := t.conn.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, counterLock, prefix); err != nil {
		return "", err
	}
	last, ok := t.counters[prefix]
	if !ok {
		err := tx.QueryRowContext(ctx, `SELECT last FROM code_counters WHERE prefix = $1`, prefix).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	for {
		last++
		code := dhakira.FormatCode(k, last)
		if t.reserved[code] || t.put[code] {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, takenSQL, code).Scan(&n); err != nil {
			return "", err
		}
		if n > 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_codes (code) VALUES ($1)`, code); err != nil {
			return "", err
		}
		if err := tx.Commit(); err != nil {
			return "", err
		}
		t.counters[prefix] = last
		return code, nil
	}
}

// takenSQL counts the uses of code $1: in the archive, or by the import
// being written.
const takenSQL = `SELECT (SELECT COUNT(*) FROM records WHERE code = $1) + (SELECT COUNT(*) FROM import_codes WHERE code = $1)`

// Commit moves the import into the archive in one transaction. The locks
// are taken in the order every writer takes them — code counters, then
// the rows of the records it replaces, then the change lock — so that no
// writer waits on the import while holding what it needs; the change
// lock is held from the moment the import's Seqs are counted to its
// commit (see write.go: stamp).
func (t *stagedImport) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil {
		t.rollback()
		return t.err
	}
	if t.done {
		return errors.New("import already finished")
	}
	ctx := context.Background()
	if err := t.flush(ctx); err != nil {
		t.rollback()
		return err
	}
	if err := t.move(ctx); err != nil {
		t.rollback()
		return err
	}
	t.done = true
	t.end()
	if t.seq >= analyzeAfter {
		t.db.analyze()
	}
	return nil
}

func (t *stagedImport) move(ctx context.Context) error {
	if t.seq > 0 {
		if _, err := t.conn.ExecContext(ctx, `ANALYZE import_records`); err != nil {
			return err
		}
	}
	tx, err := t.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for prefix, last := range t.counters {
		if _, err := tx.ExecContext(ctx, `INSERT INTO code_counters (prefix, last) VALUES ($1, $2)
			ON CONFLICT (prefix) DO UPDATE SET last = GREATEST(code_counters.last, EXCLUDED.last)`, prefix, last); err != nil {
			return err
		}
	}
	if t.seq > 0 {
		if _, err := tx.ExecContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM records r JOIN import_records i ON i.code = r.code WHERE i.replaces > 0 FOR UPDATE OF r) x`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, changeLock); err != nil {
			return err
		}
		var base int64
		var now string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0), `+clockNow+` FROM revisions`).Scan(&base, &now); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE records SET status = i.status, reliability = i.reliability, type = i.type, date = i.date, date_first = i.date_first, date_last = i.date_last,
				day_precise = i.day_precise, title_ar = i.title_ar, title_en = i.title_en, parent = i.parent, aliases = i.aliases,
				revision = records.revision + 1, updated_at = $1, updated_by = $2
				FROM import_records i WHERE i.code = records.code AND i.replaces > 0`,
			`INSERT INTO records (code, kind, status, reliability, type, date, date_first, date_last, day_precise, title_ar, title_en, parent, aliases, revision, created_at, updated_at, updated_by)
				SELECT code, kind, status, reliability, type, date, date_first, date_last, day_precise, title_ar, title_en, parent, aliases, 1, $1, $1, $2
				FROM import_records WHERE replaces = 0`,
			// Seqs in the order the records were put: seq counts them from 1.
			`INSERT INTO revisions (id, code, n, author, created_at, note, changed, data)
				SELECT $3 + seq, code, 1, $2, $1, '', changed, data FROM import_records WHERE replaces = 0`,
			`INSERT INTO revisions (id, code, n, author, created_at, note, changed, data)
				SELECT $3 + i.seq, i.code, r.revision, $2, $1, '', i.changed, i.data FROM import_records i JOIN records r ON r.code = i.code WHERE i.replaces > 0`,
			`DELETE FROM record_places WHERE code IN (SELECT code FROM import_records WHERE replaces > 0)`,
			`DELETE FROM links WHERE code IN (SELECT code FROM import_records WHERE replaces > 0)`,
			`DELETE FROM record_files WHERE code IN (SELECT code FROM import_records WHERE replaces > 0)`,
			`INSERT INTO record_places (code, place) SELECT code, place FROM import_places`,
			`INSERT INTO links (code, pos, rel, target, note) SELECT code, pos, rel, target, note FROM import_links`,
			`INSERT INTO record_files (code, pos, sha256) SELECT code, pos, sha256 FROM import_files`,
			// A file is prepared once, whichever record brings it first;
			// the queue in the order the files were put.
			`INSERT INTO media_jobs (sha256, kind, state, created_at, updated_at)
				SELECT sha256, '` + dhakira.JobPrepare + `', 'pending', $1, $1 FROM import_files GROUP BY sha256 ORDER BY MIN(seq * 100000 + pos)
				ON CONFLICT (sha256, kind) DO NOTHING`,
		} {
			args := []any{now, t.author, base}
			for len(args) > 0 && !strings.Contains(q, fmt.Sprintf("$%d", len(args))) {
				args = args[:len(args)-1] // each statement gets the arguments it names
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				if isUniqueViolation(err) && strings.HasPrefix(q, "INSERT INTO records") {
					return dhakira.Errorf(dhakira.ECONFLICT, "a code of the import was given to a record in the archive during the import: %v", err)
				}
				return err
			}
		}
	}
	return tx.Commit()
}

// clockNow is the database's clock as the store writes times.
const clockNow = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

// Rollback drops what the import wrote.
func (t *stagedImport) Rollback() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rollback()
}

func (t *stagedImport) rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	t.end()
	return nil
}

// end empties import_codes, drops the temporary tables and releases the
// import lock and the connection.
func (t *stagedImport) end() {
	if t.conn == nil {
		return
	}
	ctx := context.Background()
	t.conn.ExecContext(ctx, `DELETE FROM import_codes`)
	t.conn.ExecContext(ctx, `DROP TABLE IF EXISTS pg_temp.import_records, pg_temp.import_places, pg_temp.import_links, pg_temp.import_files`)
	t.conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, importLock)
	t.conn.Close()
	t.conn = nil
}
