package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/editorial"
)

type adminUserRow struct {
	Email    string
	Name     string
	Role     dhakira.Role
	Label    string
	Disabled bool
	Created  string
	Roles    []option
	Self     bool
}

type adminTokenRow struct {
	ID       int64
	Name     string
	Email    string
	Created  string
	LastUsed string
}

type adminUsersView struct {
	Users   []adminUserRow
	Tokens  []adminTokenRow
	Roles   []option
	Emails  []string
	Notice  string
	Message string

	// Shown once: a generated password, a token's secret.
	Secret      string
	SecretFor   string
	SecretLabel string

	// The add form, as typed when it failed.
	AddEmail, AddName string
	TokenEmail        string
	TokenName         string
}

func (p *page) roleOptions(sel dhakira.Role) []option {
	out := make([]option, 0, len(dhakira.Roles))
	for _, r := range dhakira.Roles {
		out = append(out, option{Value: string(r), Label: p.RoleLabel(r), Selected: r == sel})
	}
	return out
}

func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	p := s.adminPage(r, lang, "admin_users", u)
	v := &adminUsersView{}
	q := r.URL.Query()
	if e := q.Get("updated"); e != "" {
		v.Notice = p.T("users_updated", "Email", e)
	}
	if id := q.Get("revoked"); id != "" {
		v.Notice = p.T("tokens_revoked", "ID", id)
	}
	s.adminUsers(w, r, p, u, v)
}

// adminUsers fills and renders the accounts page.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request, p *page, u *dhakira.User, v *adminUsersView) {
	ctx := r.Context()
	users, err := s.bo.Users(ctx)
	if err != nil {
		s.adminFail(w, r, p.Lang, err)
		return
	}
	tokens, err := s.bo.Tokens(ctx, 0)
	if err != nil {
		s.adminFail(w, r, p.Lang, err)
		return
	}
	p.Title = p.T("admin_users")
	emails := map[int64]string{}
	for _, us := range users {
		emails[us.ID] = us.Email
		v.Emails = append(v.Emails, us.Email)
		v.Users = append(v.Users, adminUserRow{
			Email: us.Email, Name: us.Name, Role: us.Role, Label: p.RoleLabel(us.Role), Disabled: us.Disabled,
			Created: p.When(us.Created), Roles: p.roleOptions(us.Role), Self: us.Email == u.Email,
		})
	}
	for _, t := range tokens {
		row := adminTokenRow{ID: t.ID, Name: t.Name, Email: emails[t.UserID], Created: p.When(t.Created), LastUsed: p.When(t.LastUsed)}
		v.Tokens = append(v.Tokens, row)
	}
	v.Roles = p.roleOptions(dhakira.Researcher)
	p.Data = v
	s.render(w, r, p)
}

// handleAdminUsersPost adds an account, changes one, or gives it a new
// password. A password the archive makes is shown on the answer, once.
func (s *Server) handleAdminUsersPost(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	ctx := r.Context()
	p := s.adminPage(r, lang, "admin_users", u)
	v := &adminUsersView{}
	email := strings.TrimSpace(r.PostFormValue("email"))
	name := strings.TrimSpace(r.PostFormValue("name"))
	role := dhakira.Role(r.PostFormValue("role"))
	var err error
	switch r.PostFormValue("action") {
	case "add":
		var nu *dhakira.User
		var password string
		nu, password, err = s.bo.AddUser(ctx, email, name, role, "")
		if err == nil {
			v.Secret, v.SecretFor, v.SecretLabel = password, nu.Email, p.T("users_password_once", "Email", nu.Email)
		} else {
			v.AddEmail, v.AddName = email, name
		}
	case "update":
		err = s.bo.UpdateUser(ctx, email, name, role, r.PostFormValue("disabled") == "on")
		if err == nil {
			seeOther(w, r, p.AdminURL("/users"), "updated", email)
			return
		}
	case "password":
		password := editorial.NewPassword()
		err = s.bo.SetPassword(ctx, email, password)
		if err == nil {
			v.Secret, v.SecretFor, v.SecretLabel = password, email, p.T("users_password_once", "Email", email)
		}
	default:
		http.Error(w, "unknown action", http.StatusBadRequest)
		return
	}
	if err != nil {
		if !s.accountProblem(p, v, err) {
			s.adminFail(w, r, lang, err)
			return
		}
	}
	s.adminUsers(w, r, p, u, v)
}

// accountProblem puts a refused change on the page, and reports whether it
// was one the member can fix.
func (s *Server) accountProblem(p *page, v *adminUsersView, err error) bool {
	switch dhakira.ErrorCode(err) {
	case dhakira.EINVALID, dhakira.ECONFLICT, dhakira.ENOTFOUND:
		v.Message = p.T("users_failed") + " " + err.Error()
		p.Status = http.StatusUnprocessableEntity
		return true
	}
	return false
}

// handleAdminTokensPost creates an API token, shown once, or revokes one.
func (s *Server) handleAdminTokensPost(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	ctx := r.Context()
	p := s.adminPage(r, lang, "admin_users", u)
	v := &adminUsersView{}
	switch r.PostFormValue("action") {
	case "add":
		email, name := strings.TrimSpace(r.PostFormValue("email")), strings.TrimSpace(r.PostFormValue("name"))
		secret, t, err := s.bo.AddToken(ctx, email, name)
		if err != nil {
			v.TokenEmail, v.TokenName = email, name
			if !s.accountProblem(p, v, err) {
				s.adminFail(w, r, lang, err)
				return
			}
			break
		}
		v.Secret, v.SecretFor, v.SecretLabel = secret, t.Name, p.T("tokens_secret_once", "Name", t.Name, "Email", email)
	case "delete":
		id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
		if err != nil {
			http.Error(w, "bad token id", http.StatusBadRequest)
			return
		}
		if err := s.bo.DeleteToken(ctx, id); err != nil {
			if !s.accountProblem(p, v, err) {
				s.adminFail(w, r, lang, err)
				return
			}
			break
		}
		seeOther(w, r, p.AdminURL("/users"), "revoked", strconv.FormatInt(id, 10))
		return
	default:
		http.Error(w, "unknown action", http.StatusBadRequest)
		return
	}
	s.adminUsers(w, r, p, u, v)
}

// auditPage is how many entries one page of the audit log shows.
const auditPage = 100

type adminAuditRow struct {
	ID     int64
	When   string
	Actor  string
	Action string
	Target string
	Detail string
}

type adminAuditView struct {
	Entries   []adminAuditRow // newest first
	NewerURL  string
	OlderURL  string
	LatestURL string
	ExportURL string
}

func (s *Server) handleAdminAudit(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	ctx := r.Context()
	after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	latest := err != nil || after < 0
	if latest {
		last, err := s.lastAuditID(ctx)
		if err != nil {
			s.adminFail(w, r, lang, err)
			return
		}
		after = max(last-auditPage, 0)
	}
	list, err := s.bo.AuditLog(ctx, after, auditPage)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	p := s.adminPage(r, lang, "admin_audit", u)
	p.Title = p.T("admin_audit")
	v := &adminAuditView{ExportURL: p.AdminURL("/audit.jsonl")}
	for i := len(list) - 1; i >= 0; i-- {
		e := list[i]
		v.Entries = append(v.Entries, adminAuditRow{ID: e.ID, When: p.When(e.At), Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail})
	}
	if n := len(list); n > 0 {
		newer, err := s.bo.AuditLog(ctx, list[n-1].ID, 1)
		if err != nil {
			s.adminFail(w, r, lang, err)
			return
		}
		if len(newer) > 0 {
			v.NewerURL = p.AdminURL("/audit?after=" + strconv.FormatInt(list[n-1].ID, 10))
		}
	}
	if len(list) > 0 && list[0].ID > 1 && after > 0 {
		v.OlderURL = p.AdminURL("/audit?after=" + strconv.FormatInt(max(list[0].ID-1-auditPage, 0), 10))
	}
	if !latest {
		v.LatestURL = p.AdminURL("/audit")
	}
	p.Data = v
	s.render(w, r, p)
}

// lastAuditID finds the id of the newest audit entry. The log lists only
// forward from an id, so it probes: ever further ahead while there are
// entries, then halfway back, a few dozen one-row reads for any log.
func (s *Server) lastAuditID(ctx context.Context) (int64, error) {
	exists := func(after int64) (bool, error) {
		list, err := s.bo.AuditLog(ctx, after, 1)
		return len(list) > 0, err
	}
	lo, hi := int64(0), int64(1024)
	for {
		more, err := exists(hi)
		if err != nil {
			return 0, err
		}
		if !more {
			break
		}
		lo, hi = hi, hi*2
	}
	// Entries exist after lo (or lo is 0), none after hi: find the least
	// id with none after it, which is the newest.
	for lo < hi {
		mid := lo + (hi-lo)/2
		more, err := exists(mid)
		if err != nil {
			return 0, err
		}
		if more {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// auditLine is one entry of the audit log's export.
type auditLine struct {
	ID     int64  `json:"id"`
	At     string `json:"at"`
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Target string `json:"target"`
	Detail string `json:"detail"`
}

// handleAdminAuditExport writes the whole audit log as JSON Lines, oldest
// first.
func (s *Server) handleAdminAuditExport(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	ctx := r.Context()
	first, err := s.bo.AuditLog(ctx, 0, 1000)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/jsonl; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="audit.jsonl"`)
	h.Set("Cache-Control", "private, no-store")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	list := first
	for len(list) > 0 {
		for _, e := range list {
			if err := enc.Encode(auditLine{ID: e.ID, At: e.At.UTC().Format(time.RFC3339), Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail}); err != nil {
				return // the reader went away
			}
		}
		if len(list) < 1000 {
			return
		}
		if list, err = s.bo.AuditLog(ctx, list[len(list)-1].ID, 1000); err != nil {
			s.log.Error("web: audit export", "err", err)
			return
		}
	}
}
