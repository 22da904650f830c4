package editorial

import (
	"sync"
	"time"
)

// limiter counts events per key in a sliding window, in memory: the server
// is one process, and a restart forgetting the counts is harmless.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	events map[string][]time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, events: map[string][]time.Time{}}
}

// recent drops events older than the window and returns those left.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	ev := l.events[key]
	i := 0
	for i < len(ev) && now.Sub(ev[i]) >= l.window {
		i++
	}
	ev = ev[i:]
	if len(ev) == 0 {
		delete(l.events, key)
	} else {
		l.events[key] = ev
	}
	if len(l.events) > 100000 { // bound memory under a flood of keys
		clear(l.events)
	}
	return ev
}

// Blocked reports whether key has reached the limit.
func (l *limiter) Blocked(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key, now)) >= l.max
}

// Add records an event for key.
func (l *limiter) Add(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events[key] = append(l.recent(key, now), now)
}

// Allow records an event and reports whether it was within the limit.
func (l *limiter) Allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	ev := l.recent(key, now)
	if len(ev) >= l.max {
		return false
	}
	l.events[key] = append(ev, now)
	return true
}

// Reset forgets key's events (after a successful login).
func (l *limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.events, key)
}
