package dhakira

import (
	"context"
	"time"
)

// RecordWriter saves one record at a time, for the editor and the write API.
type RecordWriter interface {
	// SaveRecord writes r as the next revision of its record, or as a new
	// record when r.Code is empty (a code is assigned) or not yet used and
	// base is 0. base is the revision the writer started from: when the
	// record's current revision is another, nothing is written and the
	// error is ESTALE. Saving an unchanged record writes nothing and returns
	// the current revision. It returns the code and the revision number.
	SaveRecord(ctx context.Context, r *Record, base int, author, note string) (code string, rev int, err error)
	// Revision returns revision n of a record.
	Revision(ctx context.Context, code string, n int) (*Revision, error)
	// RecentRevisions lists the newest revisions across the archive (without
	// their records), newest first.
	RecentRevisions(ctx context.Context, limit int) ([]Revision, error)
}

// AccountStore keeps the team's accounts, their sessions and API tokens.
// Secrets are stored only as hashes the caller computes.
type AccountStore interface {
	// CreateUser adds u (setting its ID and Created); ECONFLICT when the
	// e-mail address is taken.
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	// UserByEmail returns the user and its password hash; ENOTFOUND when none.
	UserByEmail(ctx context.Context, email string) (*User, string, error)
	UserByID(ctx context.Context, id int64) (*User, error)
	Users(ctx context.Context) ([]User, error)
	// UpdateUser saves u's name, role and disabled flag.
	UpdateUser(ctx context.Context, u *User) error
	SetPasswordHash(ctx context.Context, id int64, hash string) error

	CreateSession(ctx context.Context, hash string, userID int64, expires time.Time) error
	// SessionUser returns the user of a session that has not expired at
	// now; ENOTFOUND otherwise.
	SessionUser(ctx context.Context, hash string, now time.Time) (*User, error)
	DeleteSession(ctx context.Context, hash string) error
	// DeleteSessions ends every session of a user (after a password change).
	DeleteSessions(ctx context.Context, userID int64) error

	// CreateToken adds t (setting its ID and Created).
	CreateToken(ctx context.Context, t *Token, hash string) error
	// TokenUser returns the token with that hash and its user, noting its
	// use; ENOTFOUND when none.
	TokenUser(ctx context.Context, hash string, now time.Time) (*User, *Token, error)
	// Tokens lists the tokens of a user, or of everyone when userID is 0.
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	DeleteToken(ctx context.Context, id int64) error
}

// FeedbackFilter selects readers' corrections.
type FeedbackFilter struct {
	Status FeedbackStatus // "" for any
	Code   string         // "" for every record
	Limit  int            // 0 means 100
}

// FeedbackStore keeps readers' corrections.
type FeedbackStore interface {
	// AddFeedback adds f (setting its ID, Created and Status new).
	AddFeedback(ctx context.Context, f *Feedback) error
	FeedbackByID(ctx context.Context, id int64) (*Feedback, error)
	// FeedbackList lists corrections, newest first.
	FeedbackList(ctx context.Context, f FeedbackFilter) ([]Feedback, error)
	// CountFeedback counts corrections by status.
	CountFeedback(ctx context.Context) (map[FeedbackStatus]int, error)
	// UpdateFeedback saves f's status, revision and reply.
	UpdateFeedback(ctx context.Context, f *Feedback) error
}

// AuditStore keeps the append-only log of state changes.
type AuditStore interface {
	// AddAudit appends e (setting its ID and At when zero).
	AddAudit(ctx context.Context, e *AuditEntry) error
	// AuditLog lists entries after id, oldest first.
	AuditLog(ctx context.Context, after int64, limit int) ([]AuditEntry, error)
}

// EventStore counts recent events by key — failed logins per account and
// per address, corrections sent per address — for rate limits that hold on
// every node of an archive served by several, not only on the one that
// saw the events.
type EventStore interface {
	// AddEvent notes an event of key at a time. Events older than
	// EventHorizon before it, of any key, may be forgotten.
	AddEvent(ctx context.Context, key string, at time.Time) error
	// CountEvents counts the events of key at or after since.
	CountEvents(ctx context.Context, key string, since time.Time) (int, error)
	// ClearEvents forgets every event of key (after a successful login).
	ClearEvents(ctx context.Context, key string) error
}

// EventHorizon is how long an EventStore keeps events: longer than any
// rate limit's window.
const EventHorizon = 24 * time.Hour

// BackOfficeStore is what the back office needs of storage.
type BackOfficeStore interface {
	Store
	RecordWriter
	AccountStore
	FeedbackStore
	AuditStore
	EventStore
}
