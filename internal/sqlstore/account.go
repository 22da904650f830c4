package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/dhakira/dhakira"
)

const userColumns = `u.id, u.email, u.name, u.role, u.disabled, u.created_at`

func scanUser(row scanner, extra ...any) (*dhakira.User, error) {
	var u dhakira.User
	var created string
	if err := row.Scan(append([]any{&u.ID, &u.Email, &u.Name, &u.Role, &u.Disabled, &created}, extra...)...); err != nil {
		return nil, err
	}
	u.Created = ParseTime(created)
	return &u, nil
}

// CreateUser adds u; ECONFLICT when its e-mail address is taken.
func (s *Base) CreateUser(ctx context.Context, u *dhakira.User, passwordHash string) error {
	now := s.stamp()
	err := s.db.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		u.Email, u.Name, string(u.Role), passwordHash, u.Disabled, FormatTime(now)).Scan(&u.ID)
	if s.dialect.UniqueViolation(err) {
		return dhakira.Errorf(dhakira.ECONFLICT, "%s already has an account", u.Email)
	}
	if err != nil {
		return err
	}
	u.Created = now
	return nil
}

// UserByEmail returns the user whose e-mail address is exactly email, and
// its password hash.
func (s *Base) UserByEmail(ctx context.Context, email string) (*dhakira.User, string, error) {
	var hash string
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.email = $1`, email), &hash)
	if err != nil {
		return nil, "", NotFound(err, "no account for %s", email)
	}
	return u, hash, nil
}

// UserByID returns the user id.
func (s *Base) UserByID(ctx context.Context, id int64) (*dhakira.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	if err != nil {
		return nil, NotFound(err, "no user %d", id)
	}
	return u, nil
}

// Users lists every account, by e-mail address.
func (s *Base) Users(ctx context.Context) ([]dhakira.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dhakira.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// UpdateUser saves u's name, role and disabled flag.
func (s *Base) UpdateUser(ctx context.Context, u *dhakira.User) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET name = $2, role = $3, disabled = $4 WHERE id = $1`, u.ID, u.Name, string(u.Role), u.Disabled)
	return MustAffect(res, err, "no user %d", u.ID)
}

// SetPasswordHash replaces the password hash of the user id.
func (s *Base) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, hash)
	return MustAffect(res, err, "no user %d", id)
}

// CreateSession opens a session for userID until expires, and drops the
// sessions that have expired: nothing else does.
func (s *Base) CreateSession(ctx context.Context, hash string, userID int64, expires time.Time) error {
	now := FormatTime(s.now())
	return InTx(ctx, s.db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)`, hash, userID, FormatTime(expires), now)
		return err
	})
}

// SessionUser returns the user of the session hash, when the session has
// not expired at now and the user is not disabled.
func (s *Base) SessionUser(ctx context.Context, hash string, now time.Time) (*dhakira.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.hash = $1 AND s.expires_at > $2`, hash, FormatTime(now)))
	if err != nil {
		return nil, NotFound(err, "no such session, or it has expired")
	}
	if u.Disabled {
		return nil, dhakira.Errorf(dhakira.ENOTFOUND, "the account %s is disabled", u.Email)
	}
	return u, nil
}

// DeleteSession ends a session; ending one that has already ended is no
// error.
func (s *Base) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE hash = $1`, hash)
	return err
}

// DeleteSessions ends every session of the user userID.
func (s *Base) DeleteSessions(ctx context.Context, userID int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

const tokenColumns = `t.id, t.user_id, t.name, t.created_at, t.last_used_at`

func scanToken(row scanner) (*dhakira.Token, error) {
	var t dhakira.Token
	var created, used string
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &created, &used); err != nil {
		return nil, err
	}
	t.Created, t.LastUsed = ParseTime(created), ParseTime(used)
	return &t, nil
}

// CreateToken adds t, whose secret hashes to hash.
func (s *Base) CreateToken(ctx context.Context, t *dhakira.Token, hash string) error {
	now := s.stamp()
	err := s.db.QueryRowContext(ctx, `INSERT INTO tokens (user_id, name, hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		t.UserID, t.Name, hash, FormatTime(now)).Scan(&t.ID)
	if s.dialect.UniqueViolation(err) {
		return dhakira.Errorf(dhakira.ECONFLICT, "a token with that secret exists")
	}
	if err != nil {
		return err
	}
	t.Created, t.LastUsed = now, time.Time{}
	return nil
}

// tokenUseStep is how stale a token's last use may be before TokenUser
// writes it again: to the minute is enough for people, and an API client
// reading the archive then writes once a minute, not at every request.
const tokenUseStep = time.Minute

// TokenUser returns the token whose secret hashes to hash and its user,
// when that user is not disabled, and notes that the token was used at now.
func (s *Base) TokenUser(ctx context.Context, hash string, now time.Time) (*dhakira.User, *dhakira.Token, error) {
	t, err := scanToken(s.db.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens t WHERE t.hash = $1`, hash))
	if err != nil {
		return nil, nil, NotFound(err, "no such token")
	}
	u, err := s.UserByID(ctx, t.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, dhakira.Errorf(dhakira.ENOTFOUND, "the account %s is disabled", u.Email)
	}
	if now.Sub(t.LastUsed) >= tokenUseStep {
		if _, err := s.db.ExecContext(ctx, `UPDATE tokens SET last_used_at = $2 WHERE id = $1`, t.ID, FormatTime(now)); err != nil {
			return nil, nil, err
		}
		t.LastUsed = now.UTC().Truncate(time.Microsecond)
	}
	return u, t, nil
}

// Tokens lists the tokens of the user userID, or of everyone when userID
// is 0, oldest first.
func (s *Base) Tokens(ctx context.Context, userID int64) ([]dhakira.Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+tokenColumns+` FROM tokens t WHERE CAST($1 AS BIGINT) = 0 OR t.user_id = $1 ORDER BY t.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dhakira.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// DeleteToken revokes the token id.
func (s *Base) DeleteToken(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM tokens WHERE id = $1`, id)
	return MustAffect(res, err, "no token %d", id)
}
