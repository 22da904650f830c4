package dhakira

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Role is what a member of the archive's team may do.
type Role string

const (
	Researcher Role = "researcher" // creates and edits records, submits them for review
	Reviewer   Role = "reviewer"   // also grades, publishes, withdraws, moderates corrections
	Admin      Role = "admin"      // also manages accounts and API tokens, reads the audit log
)

// Roles lists the roles from the least to the most trusted.
var Roles = []Role{Researcher, Reviewer, Admin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

func (r Role) rank() int {
	switch r {
	case Researcher:
		return 1
	case Reviewer:
		return 2
	case Admin:
		return 3
	}
	return 0
}

// Permission is one kind of action the service layer checks.
type Permission string

const (
	PermEdit     Permission = "edit"     // create and edit records, submit them for review, restore revisions
	PermPublish  Permission = "publish"  // publish, withdraw, set the reliability grade, moderate corrections
	PermAccounts Permission = "accounts" // manage accounts and tokens, read and export the audit log
)

// minRole is the least role holding each permission.
var minRole = map[Permission]Role{PermEdit: Researcher, PermPublish: Reviewer, PermAccounts: Admin}

// User is a member of the archive's team.
type User struct {
	ID       int64
	Email    string
	Name     string
	Role     Role
	Disabled bool
	Created  time.Time
}

// Can reports whether u holds permission p. A nil or disabled user holds
// none: the public is nobody.
func (u *User) Can(p Permission) bool {
	if u == nil || u.Disabled {
		return false
	}
	need, ok := minRole[p]
	return ok && u.Role.rank() >= need.rank()
}

// Audience is what u may see of the archive: staff see every status.
func (u *User) Audience() Audience {
	if u.Can(PermEdit) {
		return Staff
	}
	return Public
}

// NormalizeEmail lowercases and trims an address and checks its form.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", Errorf(EINVALID, "%q is not an e-mail address", s)
	}
	return s, nil
}

type userKey struct{}

// WithUser returns a context carrying the user acting in it.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the user acting in ctx, or nil for the public.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// Authorize returns EUNAUTHORIZED when nobody is logged in and EFORBIDDEN
// when the user in ctx lacks p.
func Authorize(ctx context.Context, p Permission) (*User, error) {
	u := UserFrom(ctx)
	switch {
	case u == nil || u.Disabled:
		return nil, Errorf(EUNAUTHORIZED, "log in first")
	case !u.Can(p):
		return nil, Errorf(EFORBIDDEN, "a %s may not %s", u.Role, p)
	}
	return u, nil
}

// Token is an API token. Its secret is shown once and stored hashed.
type Token struct {
	ID       int64
	UserID   int64
	Name     string
	Created  time.Time
	LastUsed time.Time
}

// FeedbackStatus is where a reader's correction stands.
type FeedbackStatus string

const (
	FeedbackNew       FeedbackStatus = "new"
	FeedbackAccepted  FeedbackStatus = "accepted"
	FeedbackDismissed FeedbackStatus = "dismissed"
)

// Feedback is a comment or correction a reader sent on a record.
type Feedback struct {
	ID       int64
	Code     string // the record
	Lang     string // the page's language
	Message  string
	Name     string // optional
	Email    string // optional
	Status   FeedbackStatus
	Revision int    // when accepted: the revision that applied it (0 if none)
	Reply    string // reviewers' notes
	Created  time.Time
	Updated  time.Time
}

// Limits on what a reader may send.
const (
	MaxFeedbackMessage = 5000
	MaxFeedbackName    = 200
)

// AuditEntry is one state change, kept for good.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string // e-mail of the user, "cli", "public" or "import"
	Action string // e.g. "record.save", "record.status", "user.add", "token.add", "feedback.accept"
	Target string // a record code, an e-mail, a feedback id
	Detail string // what changed, for people
}
