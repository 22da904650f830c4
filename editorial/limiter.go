package editorial

import (
	"context"
	"time"

	"github.com/dhakira/dhakira"
)

// limiter counts events per key in a sliding window. The counts are kept
// by the store, so that a limit holds across every node serving the
// archive: a guesser moving from one node to the next gains nothing.
type limiter struct {
	store  dhakira.EventStore
	name   string // the prefix of the limiter's keys
	max    int
	window time.Duration
}

func newLimiter(store dhakira.EventStore, name string, max int, window time.Duration) *limiter {
	return &limiter{store: store, name: name, max: max, window: window}
}

// Blocked reports whether key has reached the limit.
func (l *limiter) Blocked(ctx context.Context, key string, now time.Time) (bool, error) {
	n, err := l.store.CountEvents(ctx, l.name+":"+key, now.Add(-l.window))
	return n >= l.max, err
}

// Add records an event for key.
func (l *limiter) Add(ctx context.Context, key string, now time.Time) error {
	return l.store.AddEvent(ctx, l.name+":"+key, now)
}

// Allow records an event and reports whether it was within the limit.
// Two nodes allowing at the same instant may let one event more through;
// a limit is a brake, not a count.
func (l *limiter) Allow(ctx context.Context, key string, now time.Time) (bool, error) {
	if blocked, err := l.Blocked(ctx, key, now); err != nil || blocked {
		return false, err
	}
	return true, l.Add(ctx, key, now)
}

// Reset forgets key's events (after a successful login).
func (l *limiter) Reset(ctx context.Context, key string) error {
	return l.store.ClearEvents(ctx, l.name+":"+key)
}
