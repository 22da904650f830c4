package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dhakira/dhakira"
)

// An import is written in batches into tables beside the archive's
// (import_records, import_places, import_links), each batch a short
// transaction, so the editor, the write API and logins keep writing while a
// million records go in; nothing reads those tables but the import itself,
// so readers, harvesters, exports and the change feed see nothing of it.
// The revisions' JSON is written, in the same batches, where the archive's
// revisions will read it (revision_bodies, migration 12), unreachable until
// a revision points at it. Its commit moves the rest into the archive in
// one transaction of a few statements: the records appear all at once,
// their revisions numbered (the change feed's Seq) and dated as of that
// moment, each pointing at its JSON instead of copying it. A failed import
// deletes its rows and JSON; one killed leaves them, and the next Open, or
// the next import, deletes them; one killed in its commit leaves nothing of
// it in the archive (SQLite rolls the transaction back); one killed after
// its commit, while it empties its tables, keeps its JSON
// (import_state.committed, set by the commit's transaction).
//
// That transaction holds the write lock in proportion to the import's size
// and the other writers wait for it (writelock.go). Not copying the JSON,
// writing the links with their records' dates and counting the new
// records in one grouped statement (migration 13) took it from 14–21 s to
// 5–11 s at 200,000 records (BenchmarkImportCommit, back to back; README,
// "Imports and the team's writes"). Then counting the new records as they
// are put, giving the links their dates in their batches (migration 14)
// and no longer reading import_records for replaced records when there
// are none nor for a code taken meanwhile (the primary key finds it):
// 200,000 records into 100,000, 5.5–5.8 → 4.7–5.0 s at load 3 (no
// difference seen at load 4–7); 50,000, 1.3–1.6 → 1.1–1.4 s. What is left
// is inserting the records into their nine indexes, the links into
// theirs, the places and counts. The records' eight secondary indexes
// cost a third of their insert's CPU and 29 % of the commit's WAL
// (200,000 into 100,000: 1.75 → 1.12 s, 48,094 → 34,233 pages); none is
// dropped, each is the plan of a list (README).
// A lock held for a bounded time whatever the size would need the
// import's rows in the archive's tables before the commit, hidden from
// every reader by a mark the commit flips: not done (every query on
// records, about 25, would filter on it, the tuned covering indexes would
// carry it, the counts' and place tree's triggers would skip hidden rows,
// and --update's replaced rows would need hidden versions of records,
// places and links). storetest.ImportInvisible lists the doors it must
// keep shut.
//
// One import runs at a time: it holds an exclusive lock on the file
// ARCHIVE-import.lock (the kernel drops it when the process dies, however
// it dies), and the next waits for it with a message.

// A batch ends after importBatchTime or importBatchBytes of JSON,
// whichever comes first. Before the next, the writers that asked meanwhile
// go first (writelock.go): an editor's save waits for one batch at most,
// whatever the import's size. The import also pauses for importPause,
// for the writers that do not queue (SQLite's busy handler has them retry
// every 100 ms at most).
var (
	importBatchTime  = 400 * time.Millisecond
	importBatchBytes = 8 << 20
	importPause      = 100 * time.Millisecond
)

// importClearRows is how many rows of a staging table one transaction of
// clearImport deletes: emptying the tables after a commit of a million
// records is many short transactions, not one long one.
const importClearRows = 2000

// BeginImport starts an all-or-nothing import, after waiting for any other
// to end.
func (s *DB) BeginImport(ctx context.Context, author string) (dhakira.ImportTx, error) {
	lock, err := s.lockImport(ctx, author)
	if err != nil {
		return nil, err
	}
	t := &stagedImport{db: s, author: author, lock: lock, reserved: map[string]bool{}, counters: map[string]int64{}, counts: map[recordCount]int64{}}
	t.probe, _ = os.OpenFile(s.path+"-write.lock", os.O_RDWR|os.O_CREATE, 0o644) // without it, the import does not yield to other processes
	if err := s.clearImport(ctx, t.probe); err != nil {                          // what a killed import left
		t.release()
		return nil, err
	}
	return t, nil
}

// lockImport takes the import lock, waiting while another import holds it.
func (s *DB) lockImport(ctx context.Context, author string) (*os.File, error) {
	f, err := os.OpenFile(s.path+"-import.lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	told := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		if ok {
			break
		}
		if !told {
			told = true
			holder := make([]byte, 200)
			n, _ := f.ReadAt(holder, 0)
			msg := "another import is being written"
			if h := strings.TrimSpace(string(holder[:n])); h != "" {
				msg += " (" + h + ")"
			}
			dhakira.WaitNotice(ctx, msg+"; this one waits for it to end")
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	f.Truncate(0)
	f.Seek(0, 0)
	fmt.Fprintf(f, "process %d, by %s, since %s", os.Getpid(), author, s.now().UTC().Format("2006-01-02 15:04:05Z"))
	return f, nil
}

// recoverImport deletes what an import killed before its commit left,
// unless an import is running in another process.
func (s *DB) recoverImport(ctx context.Context) error {
	f, err := os.OpenFile(s.path+"-import.lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close() // closing drops the lock
	ok, err := tryLock(f)
	if err != nil || !ok {
		return err
	}
	var left int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM import_records LIMIT 1)) + (SELECT COUNT(*) FROM (SELECT 1 FROM import_codes LIMIT 1))`).Scan(&left); err != nil || left == 0 {
		return err
	}
	return s.clearImport(ctx, nil)
}

// clearImport empties the import tables, importClearRows at a time, each
// after the writers waiting to write (probe, when not nil, is the import's
// own open ARCHIVE-write.lock, for those of other processes). The
// revisions' JSON an import wrote (revision_bodies) goes with its rows
// unless the import committed (import_state.committed, set by the commit's
// transaction), when its revisions read it.
func (s *DB) clearImport(ctx context.Context, probe *os.File) error {
	var committed bool
	if err := s.db.QueryRowContext(ctx, `SELECT committed FROM import_state`).Scan(&committed); err != nil {
		return fmt.Errorf("reading the import's state: %w", err)
	}
	for _, t := range []struct{ table, key string }{
		{"import_records", "seq"}, {"import_places", "code"}, {"import_links", "code"}, {"import_files", "code"}, {"import_codes", "code"},
	} {
		chunk := `SELECT ` + t.key + ` FROM ` + t.table + ` ORDER BY ` + t.key + ` LIMIT ` + fmt.Sprint(importClearRows)
		for {
			yield(ctx, probe)
			var n int64
			err := s.inTx(ctx, func(tx *sql.Tx) error {
				if t.table == "import_records" && !committed {
					if _, err := tx.ExecContext(ctx, `DELETE FROM revision_bodies WHERE id IN (SELECT body FROM import_records WHERE seq IN (`+chunk+`))`); err != nil {
						return err
					}
				}
				res, err := tx.ExecContext(ctx, `DELETE FROM `+t.table+` WHERE `+t.key+` IN (`+chunk+`)`)
				if err != nil {
					return err
				}
				n, err = res.RowsAffected()
				return err
			})
			if err != nil {
				return fmt.Errorf("clearing %s: %w", t.table, err)
			}
			if clearStall != nil && t.table == "import_records" {
				clearStall(committed)
			}
			if n == 0 {
				break
			}
		}
	}
	if committed {
		return s.inTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE import_state SET committed = 0`)
			return err
		})
	}
	return nil
}

// stagedImport is an import being written in batches.
type stagedImport struct {
	db       *DB
	author   string
	lock     *os.File
	probe    *os.File     // ARCHIVE-write.lock, to see whether writers of other processes wait
	mu       sync.Mutex   // Put, Commit and Rollback against the idle batch's timer
	tx       *sql.Tx      // the batch being written, nil between batches
	end      func()       // gives the write lock's turn to this process's next writer
	batches  atomic.Int64 // batches committed
	idle     *time.Timer
	began    time.Time // when it began
	bytes    int
	written  int
	reserved map[string]bool
	counters map[string]int64 // prefix → last number assigned, loaded on first use
	// The new records written (replacing none), by the columns of
	// record_counts: the commit adds them without reading import_records.
	counts    map[recordCount]int64
	replacing int   // records written that replace one of the archive (--update)
	err       error // a failure of Reserve, returned by the next call
	done      bool

	body, insert, place, link, file *sql.Stmt
}

// recordCount is a row of record_counts.
type recordCount struct{ kind, status, typ, reliability string }

func (t *stagedImport) release() {
	if t.probe != nil {
		t.probe.Close()
		t.probe = nil
	}
	if t.lock != nil {
		t.lock.Close()
		t.lock = nil
	}
}

// Reserve writes codes to import_codes, in batches of their own.
func (t *stagedImport) Reserve(codes []string) {
	for _, c := range codes {
		t.reserved[c] = true
	}
	ctx := context.Background()
	for len(codes) > 0 && t.err == nil {
		n := min(len(codes), 5000)
		chunk := codes[:n]
		codes = codes[n:]
		t.err = t.db.inTx(ctx, func(tx *sql.Tx) error {
			st, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO import_codes (code) VALUES ($1)`)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, c := range chunk {
				if _, err := st.ExecContext(ctx, c); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// batch returns the open batch transaction, beginning one when needed.
func (t *stagedImport) batch(ctx context.Context) (*sql.Tx, error) {
	if t.tx != nil {
		return t.tx, nil
	}
	if err := t.db.queue.lock(ctx); err != nil {
		return nil, err
	}
	yield(ctx, t.probe)
	tx, err := t.db.db.BeginTx(ctx, nil)
	if err != nil {
		t.db.queue.unlock()
		return nil, t.db.busy(err)
	}
	end := sync.OnceFunc(t.db.queue.unlock)
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&t.body, `INSERT INTO revision_bodies (data) VALUES ($1)`},
		{&t.insert, `INSERT INTO import_records (code, kind, status, reliability, type, date, date_first, date_last, day_precise, title_ar, title_en, parent, aliases, replaces, changed, data, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, '', $16)`},
		{&t.place, `INSERT OR IGNORE INTO import_places (code, place) VALUES ($1, $2)`},
		{&t.link, `INSERT INTO import_links (code, pos, rel, target, note, date_first) VALUES ($1, $2, $3, $4, $5, $6)`},
		{&t.file, `INSERT INTO import_files (code, pos, sha256) VALUES ($1, $2, $3)`},
	} {
		if *p.dst, err = tx.PrepareContext(ctx, p.sql); err != nil {
			tx.Rollback()
			end()
			return nil, err
		}
	}
	t.tx, t.end, t.began, t.bytes = tx, end, time.Now(), 0
	// An import that stops putting records (it hashes a large file, or its
	// caller is busy) must not hold the write lock past its batch's time.
	t.idle = time.AfterFunc(importBatchTime, t.flushIdle)
	return tx, nil
}

// flushIdle commits the open batch when its time has run out, whether or
// not another record has been put since.
func (t *stagedImport) flushIdle() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tx != nil && time.Since(t.began) >= importBatchTime {
		if err := t.flush(); err != nil && t.err == nil {
			t.err = err
		}
	}
}

// flush commits the open batch.
func (t *stagedImport) flush() error {
	if t.tx == nil {
		return nil
	}
	tx := t.tx
	t.tx = nil
	t.idle.Stop()
	err := tx.Commit()
	t.end()
	if err == nil {
		t.batches.Add(1)
	}
	return err
}

// Put writes r into the import's tables.
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
	tx, err := t.batch(ctx)
	if err != nil {
		return "", err
	}
	var old *dhakira.Record
	replaces := 0
	if r.Code == "" {
		if r.Code, err = t.assign(ctx, tx, r.Kind); err != nil {
			return "", err
		}
	} else if !replace {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM records WHERE code = $1`, r.Code).Scan(&n); err != nil {
			return "", err
		}
		if n > 0 {
			return "", dhakira.Errorf(dhakira.ECONFLICT, "code %q already exists in the archive (use --update to replace it)", r.Code)
		}
	} else {
		var data string
		err := tx.QueryRowContext(ctx, `SELECT r.revision, v.data FROM records r JOIN revisions v ON v.code = r.code AND v.n = r.revision WHERE r.code = $1`, r.Code).Scan(&replaces, &data)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return "", err
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
		first, last = d.First(), d.Last()
		if d.Start.Precision() == dhakira.PrecisionDay && (!d.IsInterval() || d.End.Precision() == dhakira.PrecisionDay) {
			dayPrecise = 1
		}
	}
	// The revision's JSON goes where the revision will read it once the
	// import commits (migration 12): the commit does not copy it.
	res, err := t.body.ExecContext(ctx, strings.TrimSuffix(string(data), "\n"))
	if err != nil {
		return "", fmt.Errorf("%s: %w", r.Code, err)
	}
	body, err := res.LastInsertId()
	if err != nil {
		return "", fmt.Errorf("%s: %w", r.Code, err)
	}
	_, err = t.insert.ExecContext(ctx, r.Code, string(r.Kind), string(r.Status), string(r.Reliability), r.Type, r.Date, first, last, dayPrecise,
		r.Title.AR, r.Title.EN, r.Parent(), aliases(r), replaces, strings.Join(changed, ","), body)
	if isUniqueViolation(err) {
		return "", dhakira.Errorf(dhakira.ECONFLICT, "code %q is twice in the import", r.Code)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", r.Code, err)
	}
	if replaces == 0 {
		t.counts[recordCount{string(r.Kind), string(r.Status), r.Type, string(r.Reliability)}]++
	} else {
		t.replacing++
	}
	for _, p := range r.Places {
		if _, err := t.place.ExecContext(ctx, r.Code, p); err != nil {
			return "", fmt.Errorf("%s: %w", r.Code, err)
		}
	}
	for i, l := range r.Links {
		if _, err := t.link.ExecContext(ctx, r.Code, i, string(l.Rel), l.To, l.Note, first); err != nil {
			return "", fmt.Errorf("%s: %w", r.Code, err)
		}
	}
	for i, f := range r.Files {
		if _, err := t.file.ExecContext(ctx, r.Code, i, f.SHA256); err != nil {
			return "", fmt.Errorf("%s: %w", r.Code, err)
		}
	}
	t.written++
	t.bytes += len(data)
	if time.Since(t.began) >= importBatchTime || t.bytes >= importBatchBytes {
		if err := t.flush(); err != nil {
			return "", err
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(importPause):
		}
	}
	return r.Code, nil
}

// assign returns the next free code of kind k, skipping codes the archive
// has, the import brings, or another writer took meanwhile.
func (t *stagedImport) assign(ctx context.Context, tx *sql.Tx, k dhakira.Kind) (string, error) {
	prefix := k.Prefix()
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
		if t.reserved[code] {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, takenSQL, code).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			t.counters[prefix] = last
			return code, nil
		}
	}
}

// takenSQL counts the uses of code $1: in the archive, brought by the
// import being written, or already written by it.
const takenSQL = `SELECT (SELECT COUNT(*) FROM records WHERE code = $1) + (SELECT COUNT(*) FROM import_codes WHERE code = $1) + (SELECT COUNT(*) FROM import_records WHERE code = $1)`

// Commit moves the import into the archive in one transaction.
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
	if err := t.flush(); err != nil {
		t.rollback()
		return err
	}
	// The commit holds the write lock for as long as it moves the import:
	// the writers waiting go first, and those that come meanwhile wait for
	// it to end (inCommit).
	t.lock.Truncate(0)
	t.lock.Seek(0, 0)
	fmt.Fprintf(t.lock, "process %d, by %s, committing %d records since %s", os.Getpid(), t.author, t.written, t.db.now().UTC().Format("2006-01-02 15:04:05Z"))
	yield(ctx, t.probe)
	now := formatTime(t.db.now())
	err := t.db.inCommit(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`UPDATE records SET status = i.status, reliability = i.reliability, type = i.type, date = i.date, date_first = i.date_first, date_last = i.date_last,
				day_precise = i.day_precise, title_ar = i.title_ar, title_en = i.title_en, parent = i.parent, aliases = i.aliases,
				revision = records.revision + 1, updated_at = $1, updated_by = $2
				FROM import_records i WHERE i.code = records.code AND i.replaces > 0`,
			// Until bulk is cleared, the import's statements do what the
			// per-row triggers would (migrations 11 and 13): its new
			// records counted as they were put (t.counts), its places by
			// importPlaceCounts, its links written with their records'
			// dates. Those of the records it replaces still run.
			`UPDATE counts_state SET bulk = 1`,
			`INSERT INTO records (code, kind, status, reliability, type, date, date_first, date_last, day_precise, title_ar, title_en, parent, aliases, revision, created_at, updated_at, updated_by)
				SELECT code, kind, status, reliability, type, date, date_first, date_last, day_precise, title_ar, title_en, parent, aliases, 1, $1, $1, $2
				FROM import_records WHERE replaces = 0 ORDER BY code`,
			`INSERT INTO revision_rows (code, n, author, created_at, note, changed, data, body)
				SELECT i.code, CASE WHEN i.replaces = 0 THEN 1 ELSE (SELECT r.revision FROM records r WHERE r.code = i.code) END, $2, $1, '', i.changed, '', i.body
				FROM import_records i ORDER BY i.seq`,
			// From now on the bodies belong to the archive: clearing the
			// import tables, even after a crash, keeps them.
			`UPDATE import_state SET committed = 1`,
			`DELETE FROM record_places WHERE code IN (SELECT code FROM import_records WHERE replaces > 0)`,
			`DELETE FROM links WHERE code IN (SELECT code FROM import_records WHERE replaces > 0)`,
			`INSERT INTO record_places (code, place) SELECT code, place FROM import_places`,
			importPlaceCounts,
			// Each link carries its record's date since its batch
			// (migration 14): no lookup of the record per link here.
			`INSERT INTO links (code, pos, rel, target, note, date_first)
				SELECT code, pos, rel, target, note, date_first FROM import_links ORDER BY code, pos`,
			`UPDATE counts_state SET bulk = 0`,
			`DELETE FROM record_files WHERE code IN (SELECT code FROM import_records WHERE replaces > 0)`,
			`INSERT INTO record_files (code, pos, sha256) SELECT code, pos, sha256 FROM import_files`,
			// A file is prepared once, whichever record brings it first.
			`INSERT INTO media_jobs (sha256, kind, state, created_at, updated_at)
				SELECT DISTINCT sha256, '` + dhakira.JobPrepare + `', 'pending', $1, $1 FROM import_files WHERE true
				ON CONFLICT (sha256, kind) DO NOTHING`,
		} {
			if t.replacing == 0 && strings.Contains(q, "replaces > 0") {
				continue // a scan of import_records for nothing
			}
			if _, err := tx.ExecContext(ctx, q, now, t.author); err != nil {
				if isUniqueViolation(err) && strings.HasPrefix(q, "INSERT INTO records ") {
					return takenMeanwhile(ctx, tx, err)
				}
				return err
			}
		}
		// The new records counted as they were put (t.counts): a scan
		// of import_records less (200,000 records: 0.3–0.9 s).
		for c, n := range t.counts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO record_counts (kind, status, type, reliability, n) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (kind, status, type, reliability) DO UPDATE SET n = n + excluded.n`, c.kind, c.status, c.typ, c.reliability, n); err != nil {
				return err
			}
		}
		for prefix, last := range t.counters {
			if _, err := tx.ExecContext(ctx, `INSERT INTO code_counters (prefix, last) VALUES ($1, $2)
				ON CONFLICT (prefix) DO UPDATE SET last = MAX(last, excluded.last)`, prefix, last); err != nil {
				return err
			}
		}
		if commitStall != nil {
			commitStall()
		}
		return nil
	})
	if err != nil {
		t.rollback()
		return err
	}
	t.done = true
	t.db.clearImport(ctx, t.probe) // committed: what is left there is a copy
	t.release()
	if t.written >= analyzeAfter {
		t.db.analyze()
	}
	return nil
}

// takenMeanwhile names the code an import's commit could not insert, err,
// because a record of the archive was given it during the import. The
// commit does not look for one beforehand: that read every record of the
// import inside the write lock (200,000: 0.4–0.9 s), for a conflict the
// records' primary key finds anyway.
func takenMeanwhile(ctx context.Context, tx *sql.Tx, err error) error {
	var code string
	switch qerr := tx.QueryRowContext(ctx, `SELECT i.code FROM import_records i JOIN records r ON r.code = i.code WHERE i.replaces = 0 LIMIT 1`).Scan(&code); {
	case qerr == nil:
		return dhakira.Errorf(dhakira.ECONFLICT, "code %q was given to a record in the archive during the import", code)
	case errors.Is(qerr, sql.ErrNoRows):
		return fmt.Errorf("import's records: %w", err)
	default:
		return qerr
	}
}

// commitStall, when set (by tests), is called at the end of an import's
// commit transaction, to make it last.
var commitStall func()

// clearStall, when set (by tests), is called after each transaction of
// clearImport that deleted rows of import_records, told whether they were
// of a committed import.
var clearStall func(committed bool)

// inCommit runs fn, an import's commit, in a write transaction as inTx
// does, holding ARCHIVE-commit.lock meanwhile: the writers of every
// process wait for it instead of failing after the busy timeout
// (writelock.go).
func (s *DB) inCommit(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, end, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer end()
	release, err := s.lockCommit(ctx)
	if err != nil {
		tx.Rollback()
		return err
	}
	defer release()
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return s.busy(tx.Commit())
}

// importPlaceCounts adds the places of an import's records to the
// counts of the places holding them (migration 11's place_counts), as the
// trigger counts_on_place would one row of record_places at a time: each
// record once under each place above its places, a place not under its
// own chain. One grouped statement instead of a counter written for every
// place above every place of every record, in the commit that holds the
// write lock (30,000 documents in 3 places each: 360,000 writes).
const importPlaceCounts = `INSERT INTO place_counts (place, kind, status, n)
	SELECT a.ancestor, r.kind, r.status, COUNT(*) FROM (
		SELECT DISTINCT ip.code, t.ancestor FROM import_places ip JOIN place_tree t ON t.place = ip.place) a
	JOIN records r ON r.code = a.code
	WHERE NOT (r.kind = 'place' AND EXISTS (SELECT 1 FROM place_tree u WHERE u.place = a.code AND u.ancestor = a.ancestor))
	GROUP BY a.ancestor, r.kind, r.status
	ON CONFLICT (place, kind, status) DO UPDATE SET n = n + excluded.n`

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
	if t.tx != nil {
		t.idle.Stop()
		t.tx.Rollback()
		t.tx = nil
		t.end()
	}
	err := t.db.clearImport(context.Background(), t.probe)
	t.release()
	return err
}
