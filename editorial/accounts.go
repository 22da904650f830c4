package editorial

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
)

// MinPasswordLen is the shortest password an account may have.
const MinPasswordLen = 10

func checkPassword(p string) error {
	if utf8.RuneCountInString(p) < MinPasswordLen {
		return &dhakira.Error{Code: dhakira.EINVALID, Message: fmt.Sprintf("a password needs at least %d characters", MinPasswordLen)}
	}
	if len(p) > 1024 {
		return &dhakira.Error{Code: dhakira.EINVALID, Message: "a password may have at most 1024 bytes"}
	}
	return nil
}

// AddUser creates an account. With an empty password one is generated and
// returned, to be shown once.
func (s *Service) AddUser(ctx context.Context, email, name string, role dhakira.Role, password string) (*dhakira.User, string, error) {
	admin, err := dhakira.Authorize(ctx, dhakira.PermAccounts)
	if err != nil {
		return nil, "", err
	}
	email, err = dhakira.NormalizeEmail(email)
	if err != nil {
		return nil, "", err
	}
	if !role.Valid() {
		return nil, "", dhakira.Errorf(dhakira.EINVALID, "unknown role %q (want researcher, reviewer or admin)", role)
	}
	generated := ""
	if password == "" {
		password = NewPassword()
		generated = password
	}
	if err := checkPassword(password); err != nil {
		return nil, "", err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, "", err
	}
	u := &dhakira.User{Email: email, Name: strings.TrimSpace(name), Role: role}
	if err := s.store.CreateUser(ctx, u, hash); err != nil {
		return nil, "", err
	}
	return u, generated, s.audit(ctx, admin.Email, "user.add", email, string(role))
}

// SetPassword changes a password: an administrator may change anyone's, a
// user their own. Every session of the account ends.
func (s *Service) SetPassword(ctx context.Context, email, password string) error {
	u := dhakira.UserFrom(ctx)
	email, err := dhakira.NormalizeEmail(email)
	if err != nil {
		return err
	}
	if u == nil || (u.Email != email && !u.Can(dhakira.PermAccounts)) {
		if _, err := dhakira.Authorize(ctx, dhakira.PermAccounts); err != nil {
			return err
		}
	}
	if err := checkPassword(password); err != nil {
		return err
	}
	target, _, err := s.store.UserByEmail(ctx, email)
	if err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if err := s.store.SetPasswordHash(ctx, target.ID, hash); err != nil {
		return err
	}
	if err := s.store.DeleteSessions(ctx, target.ID); err != nil {
		return err
	}
	return s.audit(ctx, u.Email, "user.password", email, "")
}

// UpdateUser changes an account's name, role or disabled flag.
func (s *Service) UpdateUser(ctx context.Context, email string, name string, role dhakira.Role, disabled bool) error {
	admin, err := dhakira.Authorize(ctx, dhakira.PermAccounts)
	if err != nil {
		return err
	}
	if !role.Valid() {
		return dhakira.Errorf(dhakira.EINVALID, "unknown role %q", role)
	}
	u, _, err := s.store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return err
	}
	if u.Email == admin.Email && (role != dhakira.Admin || disabled) {
		return dhakira.Errorf(dhakira.EINVALID, "you cannot take away your own administrator role")
	}
	detail := fmt.Sprintf("role %s → %s", u.Role, role)
	if u.Disabled != disabled {
		detail += fmt.Sprintf(", disabled %v → %v", u.Disabled, disabled)
	}
	u.Name, u.Role, u.Disabled = strings.TrimSpace(name), role, disabled
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return err
	}
	if disabled {
		if err := s.store.DeleteSessions(ctx, u.ID); err != nil {
			return err
		}
	}
	return s.audit(ctx, admin.Email, "user.update", u.Email, detail)
}

// Users lists the accounts.
func (s *Service) Users(ctx context.Context) ([]dhakira.User, error) {
	if _, err := dhakira.Authorize(ctx, dhakira.PermAccounts); err != nil {
		return nil, err
	}
	return s.store.Users(ctx)
}

// AddToken creates an API token for an account and returns its secret, to
// be shown once; only its hash is kept.
func (s *Service) AddToken(ctx context.Context, email, name string) (string, *dhakira.Token, error) {
	admin, err := dhakira.Authorize(ctx, dhakira.PermAccounts)
	if err != nil {
		return "", nil, err
	}
	email, err = dhakira.NormalizeEmail(email)
	if err != nil {
		return "", nil, err
	}
	u, _, err := s.store.UserByEmail(ctx, email)
	if err != nil {
		return "", nil, err
	}
	secret, hash, err := NewSecret("dhk_")
	if err != nil {
		return "", nil, err
	}
	t := &dhakira.Token{UserID: u.ID, Name: strings.TrimSpace(name)}
	if err := s.store.CreateToken(ctx, t, hash); err != nil {
		return "", nil, err
	}
	return secret, t, s.audit(ctx, admin.Email, "token.add", email, fmt.Sprintf("token %d %q", t.ID, t.Name))
}

// Tokens lists API tokens (of one account, or all when userID is 0).
func (s *Service) Tokens(ctx context.Context, userID int64) ([]dhakira.Token, error) {
	if _, err := dhakira.Authorize(ctx, dhakira.PermAccounts); err != nil {
		return nil, err
	}
	return s.store.Tokens(ctx, userID)
}

// DeleteToken revokes an API token.
func (s *Service) DeleteToken(ctx context.Context, id int64) error {
	admin, err := dhakira.Authorize(ctx, dhakira.PermAccounts)
	if err != nil {
		return err
	}
	if err := s.store.DeleteToken(ctx, id); err != nil {
		return err
	}
	return s.audit(ctx, admin.Email, "token.delete", fmt.Sprint(id), "")
}

// dummyHash is checked against when an e-mail is unknown, so a login takes
// as long for a missing account as for a wrong password.
var dummyHash, _ = HashPassword("not a real password, only for timing")

// Login checks an e-mail and password and returns a new session's secret.
// After five failures for one account, or twenty from one address, within
// fifteen minutes, logins there are refused with ELIMIT for a while.
func (s *Service) Login(ctx context.Context, email, password, addr string) (string, *dhakira.User, error) {
	now := s.now()
	email = strings.ToLower(strings.TrimSpace(email))
	for _, l := range []struct {
		lim *limiter
		key string
	}{{s.loginByEmail, email}, {s.loginByAddr, addr}} {
		if blocked, err := l.lim.Blocked(ctx, l.key, now); err != nil {
			return "", nil, err
		} else if blocked {
			return "", nil, dhakira.Errorf(dhakira.ELIMIT, "too many failed logins; try again in fifteen minutes")
		}
	}
	u, hash, err := s.store.UserByEmail(ctx, email)
	if err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		return "", nil, err
	}
	if u == nil {
		hash = dummyHash
	}
	if !CheckPassword(hash, password) || u == nil || u.Disabled {
		if err := s.loginByEmail.Add(ctx, email, now); err != nil {
			return "", nil, err
		}
		if err := s.loginByAddr.Add(ctx, addr, now); err != nil {
			return "", nil, err
		}
		return "", nil, dhakira.Errorf(dhakira.EUNAUTHORIZED, "wrong e-mail address or password")
	}
	if err := s.loginByEmail.Reset(ctx, email); err != nil {
		return "", nil, err
	}
	secret, h, err := NewSecret("")
	if err != nil {
		return "", nil, err
	}
	if err := s.store.CreateSession(ctx, h, u.ID, now.Add(s.SessionTTL)); err != nil {
		return "", nil, err
	}
	return secret, u, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, secret string) error {
	return s.store.DeleteSession(ctx, SecretHash(secret))
}

// SessionUser returns the user of a session secret; ENOTFOUND when it is
// unknown or expired.
func (s *Service) SessionUser(ctx context.Context, secret string) (*dhakira.User, error) {
	if secret == "" {
		return nil, dhakira.Errorf(dhakira.ENOTFOUND, "no session")
	}
	return s.store.SessionUser(ctx, SecretHash(secret), s.now())
}

// TokenUser returns the user of an API token secret.
func (s *Service) TokenUser(ctx context.Context, secret string) (*dhakira.User, error) {
	if secret == "" {
		return nil, dhakira.Errorf(dhakira.ENOTFOUND, "no token")
	}
	u, _, err := s.store.TokenUser(ctx, SecretHash(secret), s.now())
	return u, err
}

// AuditLog lists the audit log after an entry id, for administrators.
func (s *Service) AuditLog(ctx context.Context, after int64, limit int) ([]dhakira.AuditEntry, error) {
	if _, err := dhakira.Authorize(ctx, dhakira.PermAccounts); err != nil {
		return nil, err
	}
	return s.store.AuditLog(ctx, after, limit)
}
