package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dhakira/dhakira"
)

// Writers take turns. SQLite lets one writer in at a time and has the
// others poll (its busy handler sleeps up to 100 ms between tries), which
// is unfair: a writer that begins transaction after transaction, as an
// import's batches do, can keep a waiting one out for as long as it writes.
// So the store's writers queue for SQLite's write lock twice over:
//
//   - within a process, in the order they asked (writeQueue): an editor's
//     save made while the same process imports waits for the batch being
//     written, then goes before the next;
//   - across processes, a writer waiting for the lock holds a shared lock
//     on the file ARCHIVE-write.lock, and an import begins its next batch
//     only when no writer holds it, or after importYield, so that a stream
//     of saves cannot stop an import either.
//
// What is left is the import's commit, which moves all of it into the
// archive in one transaction (readers see all of it or none) and holds the
// write lock in proportion to the import's size. The store's writers of
// every process wait for it in their turn, however long it lasts, instead
// of failing after the busy timeout (waitCommit); the few writes that do
// not queue (accounts, sessions, events) wait in SQLite's busy handler,
// whose timeout is set to outlast the commit of a large import.

// importYield is the longest an import's batch waits for the writers of
// other processes to go first.
var importYield = 2 * time.Second

// writeQueue hands this process's turn at the write lock to its writers in
// the order they asked.
type writeQueue struct {
	mu      sync.Mutex
	held    bool
	waiting []chan struct{}
}

// lock waits for the writer's turn.
func (q *writeQueue) lock(ctx context.Context) error {
	q.mu.Lock()
	if !q.held {
		q.held = true
		q.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	q.waiting = append(q.waiting, turn)
	q.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
		q.mu.Lock()
		if i := slices.Index(q.waiting, turn); i >= 0 {
			q.waiting = slices.Delete(q.waiting, i, i+1)
			q.mu.Unlock()
			return ctx.Err()
		}
		q.mu.Unlock()
		q.unlock() // the turn came meanwhile: pass it on
		return ctx.Err()
	}
}

// unlock gives the turn to the writer that has waited longest.
func (q *writeQueue) unlock() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiting) == 0 {
		q.held = false
		return
	}
	next := q.waiting[0]
	q.waiting = q.waiting[1:]
	close(next)
}

// beginWrite begins a write transaction (SQLite's write lock taken up
// front) after this process's earlier writers, and says to an import of
// another process that a writer waits. end, called once the transaction
// has ended, gives the turn to the next writer.
func (s *DB) beginWrite(ctx context.Context) (tx *sql.Tx, end func(), err error) {
	if err := s.queue.lock(ctx); err != nil {
		return nil, nil, err
	}
	waiting := s.waitingWriter()
	for {
		if err = s.waitCommit(ctx); err != nil {
			break
		}
		tx, err = s.db.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) || !s.Committing() || ctx.Err() != nil {
			break
		}
	}
	waiting()
	if err != nil {
		s.queue.unlock()
		return nil, nil, s.busy(err)
	}
	return tx, sync.OnceFunc(s.queue.unlock), nil
}

// An import's commit holds the write lock for as long as it moves the
// import into the archive, longer than the busy timeout for a large one.
// While it runs, it holds an exclusive lock on ARCHIVE-commit.lock, and the
// writers of every process wait for that lock instead of SQLite's: their
// writes then succeed, whatever the import's size, in the order they came.
// A commit killed drops the lock with its process.

// waitCommit waits, polling, while an import commits.
func (s *DB) waitCommit(ctx context.Context) error {
	f, err := os.Open(s.path + "-commit.lock")
	if err != nil {
		return nil // no import ever committed here
	}
	defer f.Close()
	for {
		free, err := tryLockShared(f)
		if free {
			unlock(f)
		}
		if free || err != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(commitPoll):
		}
	}
}

// commitPoll is how often a writer waiting for an import's commit looks
// whether it has ended.
const commitPoll = 10 * time.Millisecond

// Committing reports whether an import is committing now, in this process
// or another.
func (s *DB) Committing() bool {
	f, err := os.Open(s.path + "-commit.lock")
	if err != nil {
		return false
	}
	defer f.Close()
	free, err := tryLockShared(f)
	if free {
		unlock(f)
	}
	return !free && err == nil
}

// lockCommit takes ARCHIVE-commit.lock for an import's commit, once its
// transaction holds SQLite's write lock (so that the writers waiting
// already, in SQLite's busy handler, went first). The function returned
// drops it.
func (s *DB) lockCommit(ctx context.Context) (func(), error) {
	f, err := os.OpenFile(s.path+"-commit.lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		ok, err := tryLock(f) // writers only look, for an instant
		if err != nil {
			f.Close()
			return nil, err
		}
		if ok {
			return func() { f.Close() }, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

// isBusy reports whether err is SQLite's busy timeout.
func isBusy(err error) bool {
	var se interface{ Code() int }
	return errors.As(err, &se) && se.Code()&0xff == 5 // SQLITE_BUSY and its extended codes
}

// waitingWriter holds the shared lock on ARCHIVE-write.lock that tells an
// import in another process that a writer waits, and returns the function
// that drops it. Only the writer at the head of this process's queue holds
// it: the file is opened once for the process.
func (s *DB) waitingWriter() func() {
	if s.writers == nil || lockShared(s.writers) != nil {
		return func() {}
	}
	return func() { unlock(s.writers) }
}

// yield waits, for importYield at most, until no writer of another process
// waits for the write lock. probe is the import's own open file of
// ARCHIVE-write.lock.
func yield(ctx context.Context, probe *os.File) {
	if probe == nil {
		return
	}
	deadline := time.Now().Add(importYield)
	for {
		ok, err := tryLock(probe)
		if ok {
			unlock(probe)
		}
		if ok || err != nil || time.Now().After(deadline) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// busy says, when err is SQLite's busy timeout, who held the write lock
// that long: an import names itself in ARCHIVE-import.lock.
func (s *DB) busy(err error) error {
	if !isBusy(err) {
		return err
	}
	holder := "another writer"
	if data, rerr := os.ReadFile(s.path + "-import.lock"); rerr == nil {
		if h := strings.TrimSpace(string(data)); h != "" {
			if f, ferr := os.Open(s.path + "-import.lock"); ferr == nil {
				if free, _ := tryLock(f); !free {
					holder = "an import (" + h + ")"
				}
				f.Close()
			}
		}
	}
	return dhakira.Errorf(dhakira.EINTERNAL, "the archive's write lock was held by %s for longer than the busy timeout (%s); try again: %v", holder, busyTimeout, err)
}

// busyTimeout is how long a writer waits for SQLite's write lock before it
// gives up (set before Open). The longest holder is an import's commit:
// 50,000 records held it 10–14 s on a quiet machine, 200,000 about four
// times that; the server answers within two minutes or not at all.
var busyTimeout = 2 * time.Minute
