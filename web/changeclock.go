package web

import (
	"context"
	"sync"
	"time"

	"github.com/dhakira/dhakira"
)

// changeClock tells the page cache how far the archive has changed. The
// store's change sequence is the truth, whichever process wrote (an import
// in another process on the same SQLite file, another node on the same
// PostgreSQL), so it is asked, not remembered; but it is asked once for
// many requests: a request may use an answer whose query began at most
// slack before the request did. Every change committed before that query
// began is in its answer, so a reader never gets a page older than a write
// committed more than slack before its request began. With slack 0 no
// page is ever older than a write committed before its request: requests
// that arrive while a query runs wait for the next one, which all of them
// share.
type changeClock struct {
	feed  dhakira.ChangeFeed
	slack time.Duration

	mu    sync.Mutex
	seq   int64
	asked time.Time // when the query that answered seq began; zero before the first
	ask   *seqQuery // the query under way, if any
}

// seqQuery is one question to the store, shared by the requests waiting
// for it.
type seqQuery struct {
	began time.Time
	done  chan struct{} // closed when seq and err are set
	seq   int64
	err   error
}

// since returns the archive's change sequence as a query begun no earlier
// than slack before t read it.
func (c *changeClock) since(ctx context.Context, t time.Time) (int64, error) {
	oldest := t.Add(-c.slack)
	for {
		c.mu.Lock()
		if !c.asked.IsZero() && !c.asked.Before(oldest) {
			seq := c.seq
			c.mu.Unlock()
			return seq, nil
		}
		q := c.ask
		if q == nil {
			q = &seqQuery{began: time.Now(), done: make(chan struct{})}
			c.ask = q
			c.mu.Unlock()
			q.seq, q.err = c.feed.LastChange(ctx)
			c.mu.Lock()
			// Sequences follow commit order: a query begun later never
			// reads less, so the newest answer is kept.
			if q.err == nil && q.began.After(c.asked) {
				c.seq, c.asked = q.seq, q.began
			}
			c.ask = nil
			c.mu.Unlock()
			close(q.done)
			return q.seq, q.err
		}
		c.mu.Unlock()
		select {
		case <-q.done:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		if q.err == nil && !q.began.Before(oldest) {
			return q.seq, nil
		}
		// The query began before this request could use it, or failed
		// (its own request went away): ask again.
	}
}
