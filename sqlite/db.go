// Package sqlite stores the archive in one SQLite file through the pure-Go
// driver modernc.org/sqlite: WAL mode so the server keeps reading while an
// import writes from another process, a busy timeout so writers queue, and
// hand-written SQL kept portable to PostgreSQL.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"
	"unsafe"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlstore"
	"modernc.org/libc"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// DB is the archive's store on a SQLite file. It implements
// dhakira.BackOfficeStore.
type DB struct {
	db   *sql.DB
	path string
	now  func() time.Time
	sqlstore.Base
	figures    sqlstore.Figures
	manyLinked sqlstore.ManyLinked
	queue      writeQueue   // this process's writers, in turn (writelock.go)
	writers    *os.File     // ARCHIVE-write.lock: a writer waits (writelock.go)
	recordStmt [2]*sql.Stmt // Record's query, by audience (recordQuery)
}

var _ dhakira.BackOfficeStore = (*DB)(nil)

// Open opens (creating it when missing) the archive file at path and brings
// its schema up to date.
func Open(path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(" + fmt.Sprint(busyTimeout.Milliseconds()) + ")", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(0)", "cache_size(-8192)", "mmap_size(17179869184)", "journal_size_limit(67108864)", "analysis_limit(1000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // take the write lock up front: no deadlocked upgrades
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// Reads go through a memory map of the file (mmap_size): without it,
	// every page a connection's cache lacks was a page buffer allocated and
	// freed, which the pure-Go allocator does by mapping and unmapping
	// memory — two system calls per page, half the server's time under
	// load. The mapped pages are the system's file cache, shared by the
	// connections and given back under pressure.
	// Connections stay open: opening one runs the pragmas and starts an
	// empty page cache, which a burst of readers would pay each time. At
	// most poolSize are open (more readers than that only wait their turn
	// for the cores), each with an 8 MiB page cache (the file's pages are
	// also in the system's cache). SQLite maps at most the file's first
	// 2 GiB, so in a larger archive the pages beyond are read into the
	// connections' caches (from one pool of pages, see init): at 1M
	// records (8 GB), 16 connections instead of 32 held the server's own
	// memory to 1.07 GB instead of 1.23 GB on record pages, with as many
	// pages a second (before the pool).
	db.SetMaxIdleConns(poolSize)
	db.SetMaxOpenConns(poolSize)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	s := &DB{db: db, path: path, now: time.Now}
	if s.writers, err = os.OpenFile(path+"-write.lock", os.O_RDWR|os.O_CREATE, 0o644); err != nil {
		db.Close()
		return nil, err
	}
	s.Base = sqlstore.New(db, func() time.Time { return s.now() }, sqlstore.Dialect{
		UniqueViolation: isUniqueViolation,
		JSONStatus:      func(col string) string { return "json_extract(" + col + ", '$.status')" },
		PlaceSubtree:    placeSubtree,
		KindHint:        " AND r.revision > 0",
		NoIndex:         "+",
	})
	if err := s.migrate(context.Background()); err != nil {
		s.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := s.recoverImport(context.Background()); err != nil {
		s.Close()
		return nil, fmt.Errorf("%s: rolling back an interrupted import: %w", path, err)
	}
	// Statistics for the query planner: without them SQLite scans a whole
	// kind to filter by place. analysis_limit makes this a sample, cheap at
	// any size.
	if _, err := db.Exec(`PRAGMA optimize=0x10002`); err != nil {
		s.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, a := range []dhakira.Audience{dhakira.Public, dhakira.Staff} {
		if s.recordStmt[a], err = db.Prepare(recordQuery(a)); err != nil {
			s.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	s.warm(context.Background())
	return s, nil
}

// pageSlots is how many database pages the connections' caches hold
// together: as many as poolSize caches of 8 MiB (cache_size) hold.
const pageSlots = poolSize * 2048

// pageSlotSize is the size of one slot of the page pool: a 4 KiB page
// (the file's page size) and the header SQLite keeps with it.
var pageSlotSize int

// The connections' page caches take their pages from one pool of slots
// of a page's exact size (SQLITE_CONFIG_PAGECACHE), allocated once and
// resident only as far as it is used. Without it each cached page was
// its own allocation of 4,368 bytes, which the pure-Go allocator
// (modernc.org/memory) serves from a slot of 8 KiB and keeps: twice
// the memory the caches counted. At 1M records (an 8 GB file, of which
// SQLite maps only the first 2 GiB, so that the pages beyond are read
// into the caches) SQLite's part of the server's own memory went from
// about 500 MB to 160–200 MB, and the server's own memory under the mix
// without search from 1.16 GB to 0.84 GB (bench -load, the pool full).
// What SQLite allocates besides pages (sorts, temporary b-trees for
// counts) peaked at 14–42 MB. When the pool runs low, each cache reuses
// its own least recent pages rather than allocating (SQLite's pcache1),
// and past it pages are allocated as before. It must be configured
// before SQLite starts, so at this package's initialization.
func init() {
	tls := libc.NewTLS()
	defer tls.Close()
	va := libc.Xmalloc(tls, 32)
	defer libc.Xfree(tls, va)
	hdr := new(int32)
	if sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_PCACHE_HDRSZ, libc.VaList(va, uintptr(unsafe.Pointer(hdr)))) != sqlite3.SQLITE_OK {
		return // SQLite allocates each page on its own, as without a pool
	}
	size := (4096 + int(*hdr) + 7) &^ 7
	mem := libc.Xmalloc(tls, libc.Tsize_t(size*pageSlots)) // kept for the process's life, as SQLite asks
	if mem == 0 {
		return
	}
	if sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_PAGECACHE, libc.VaList(va, mem, int32(size), int32(pageSlots))) != sqlite3.SQLITE_OK {
		libc.Xfree(tls, mem)
		return
	}
	pageSlotSize = size
}

// PagePool says how many slots of the connections' page pool are in use
// (cached pages), how many there are, and how many bytes of pages were
// allocated apart because the pool was full or a page larger than its
// slots (SQLite's status counters, for the process).
func PagePool() (used, slots int, overflow int64) {
	if pageSlotSize == 0 {
		return 0, 0, 0
	}
	tls := libc.NewTLS()
	defer tls.Close()
	status := func(op int32) int64 {
		var cur, hi int64
		sqlite3.Xsqlite3_status64(tls, op, uintptr(unsafe.Pointer(&cur)), uintptr(unsafe.Pointer(&hi)), 0)
		return cur
	}
	return int(status(sqlite3.SQLITE_STATUS_PAGECACHE_USED)), pageSlots, status(sqlite3.SQLITE_STATUS_PAGECACHE_OVERFLOW)
}

// SQL returns the database handle, for the one tool that reads the
// archive's tables as they are: dhakira migrate-store, which copies them
// into PostgreSQL.
func (s *DB) SQL() *sql.DB { return s.db }

// poolSize is how many connections the pool keeps open.
const poolSize = 16

// warm opens the pool's connections up front, so that the first burst of
// readers finds them ready.
func (s *DB) warm(ctx context.Context) {
	conns := make([]*sql.Conn, 0, poolSize)
	for range poolSize {
		c, err := s.db.Conn(ctx)
		if err != nil {
			break
		}
		if err := c.PingContext(ctx); err != nil {
			c.Close()
			break
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		c.Close() // back to the pool, kept idle
	}
}

// Close closes the file.
func (s *DB) Close() error {
	if s.writers != nil {
		s.writers.Close()
	}
	for _, st := range s.recordStmt {
		if st != nil {
			st.Close()
		}
	}
	return s.db.Close()
}

// Ping reports whether the store answers a query.
func (s *DB) Ping(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

func (s *DB) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	for i, m := range migrations {
		version := i + 1
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, m); err != nil {
				return fmt.Errorf("migration %d: %w", version, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, version, formatTime(s.now()))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Checkpoint copies the write-ahead log into the database file and
// truncates it: after a large import, the file then holds everything.
func (s *DB) Checkpoint(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// analyzeAfter is how many records one write must bring for the planner's
// statistics to be refreshed after it.
const analyzeAfter = 1000

// analyze refreshes the query planner's statistics (sampled, so quick). A
// failure only leaves older statistics, so it is not an error of the write.
func (s *DB) analyze() { s.db.Exec(`ANALYZE`) }

// The helpers of the SQL both engines share (sqlstore).
var (
	formatTime = sqlstore.FormatTime
	parseTime  = sqlstore.ParseTime
	orDefault  = sqlstore.OrDefault
)

// inTx runs fn in a write transaction, in this process's writers' turn
// (writelock.go).
func (s *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, end, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer end()
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return s.busy(tx.Commit())
}

// figure returns the value compute gives for key, computed once per change
// of the archive (sqlstore.Figures).
func (s *DB) figure(ctx context.Context, key string, compute func() (any, error)) (any, error) {
	seq, err := s.LastChange(ctx)
	if err != nil {
		return nil, err
	}
	return s.figures.Get(ctx, seq, key, compute)
}
