package web

// The back office: the team's pages under /{lang}/admin/. Every handler
// first asks requireUser for the permission its page needs, and every
// change goes through the editorial service, which checks the role again:
// a page that forgot would still change nothing it may not.

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

// MaxEditorBodyBytes bounds a back-office form: the longest record the
// archive takes, percent-encoded (Arabic takes three times its bytes), with
// room for the rest of the form. Only a logged-in member's request is ever
// read that far: the handlers check the session before the body.
const MaxEditorBodyBytes = 3*dhakira.MaxRecordBytes + 1<<20

// bodyLimit is the largest request body the site reads at r's path.
func bodyLimit(r *http.Request) int64 {
	for _, lang := range locale.Langs {
		if strings.HasPrefix(r.URL.Path, "/"+lang+"/admin/") {
			return MaxEditorBodyBytes
		}
	}
	return MaxBodyBytes
}

// adminRoutes serves the back office of one language.
func (s *Server) adminRoutes(mux *http.ServeMux, lang string) {
	l := "/" + lang + "/admin"
	h := func(pattern string, perm dhakira.Permission, fn adminHandler) {
		mux.HandleFunc(pattern, s.withLang(lang, s.admin(perm, fn)))
	}
	mux.Handle("GET "+l, http.RedirectHandler(l+"/", http.StatusMovedPermanently))
	h("GET "+l+"/{$}", dhakira.PermEdit, s.handleAdminDashboard)
	h("GET "+l+"/records/new", dhakira.PermEdit, s.handleAdminNew)
	h("POST "+l+"/records/new", dhakira.PermEdit, s.handleAdminSave)
	h("GET "+l+"/records/{code}/edit", dhakira.PermEdit, s.handleAdminEdit)
	h("POST "+l+"/records/{code}/edit", dhakira.PermEdit, s.handleAdminSave)
	h("POST "+l+"/records/{code}/duplicate", dhakira.PermEdit, s.handleAdminDuplicate)
	h("POST "+l+"/records/{code}/files", dhakira.PermEdit, s.handleAdminUpload)
	h("GET "+l+"/records/{code}/history", dhakira.PermEdit, s.handleAdminHistory)
	h("GET "+l+"/records/{code}/compare", dhakira.PermEdit, s.handleAdminCompare)
	h("POST "+l+"/records/{code}/restore", dhakira.PermEdit, s.handleAdminRestore)
	h("GET "+l+"/pick", dhakira.PermEdit, s.handleAdminPick)
	h("GET "+l+"/feedback", dhakira.PermPublish, s.handleAdminFeedback)
	h("POST "+l+"/feedback/{id}", dhakira.PermPublish, s.handleAdminFeedbackResolve)
	h("GET "+l+"/users", dhakira.PermAccounts, s.handleAdminUsers)
	h("POST "+l+"/users", dhakira.PermAccounts, s.handleAdminUsersPost)
	h("POST "+l+"/tokens", dhakira.PermAccounts, s.handleAdminTokensPost)
	h("GET "+l+"/audit", dhakira.PermAccounts, s.handleAdminAudit)
	h("GET "+l+"/audit.jsonl", dhakira.PermAccounts, s.handleAdminAuditExport)
}

// adminHandler is a back-office handler, called with the member logged in.
type adminHandler func(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User)

// admin is the start every back-office handler shares: the member logged
// in, holding perm. Without one it answers as requireUser does (the login
// page, a 403, or a 404 on a site without a back office) and fn does not
// run.
func (s *Server) admin(perm dhakira.Permission, fn adminHandler) func(http.ResponseWriter, *http.Request, string) {
	return func(w http.ResponseWriter, r *http.Request, lang string) {
		if u := s.requireUser(w, r, lang, perm); u != nil {
			fn(w, r, lang, u)
		}
	}
}

// adminPage starts a back-office page for u.
func (s *Server) adminPage(r *http.Request, lang, name string, u *dhakira.User) *page {
	p := s.newPage(lang, name, r.URL)
	p.Nav = "admin"
	p.User = u
	return p
}

// adminFail answers an error of the service: a 404 for what is not there,
// a 403 for what the role does not allow, a 500 for the rest.
func (s *Server) adminFail(w http.ResponseWriter, r *http.Request, lang string, err error) {
	switch dhakira.ErrorCode(err) {
	case dhakira.EFORBIDDEN, dhakira.EUNAUTHORIZED:
		p := s.newPage(lang, "error", r.URL)
		p.Status = http.StatusForbidden
		p.Title = p.T("forbidden_title")
		s.render(w, r, p)
	default:
		s.fail(w, r, lang, err)
	}
}

// seeOther redirects after a POST to a back-office path with a query.
func seeOther(w http.ResponseWriter, r *http.Request, path string, kv ...string) {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	if len(v) > 0 {
		path += "?" + v.Encode()
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// The page methods below are what the layout and the back-office templates
// ask of the logged-in member.

// UserCan reports whether the member logged in holds a permission ("edit",
// "publish", "accounts").
func (p *page) UserCan(perm string) bool { return p.User.Can(dhakira.Permission(perm)) }

// UserName is how the staff bar names the member logged in.
func (p *page) UserName() string {
	if p.User == nil {
		return ""
	}
	if p.User.Name != "" {
		return p.User.Name
	}
	return p.User.Email
}

// AdminURL is a back-office path in the page's language.
func (p *page) AdminURL(path string) string { return p.URL("/admin" + path) }

// EditorURL is the editor of a record, HistoryURL its history.
func (p *page) EditorURL(code string) string {
	return p.AdminURL("/records/" + url.PathEscape(code) + "/edit")
}
func (p *page) HistoryURL(code string) string {
	return p.AdminURL("/records/" + url.PathEscape(code) + "/history")
}

// EditURL is the editor of the record a public record page shows, for a
// member who may edit; "" elsewhere.
func (p *page) EditURL() string {
	v, ok := p.Data.(*recordView)
	if !ok || p.Name != "record" || p.IsPreview() || !p.User.Can(dhakira.PermEdit) {
		return ""
	}
	return p.EditorURL(v.Code)
}

// isolate wraps s in Unicode's first-strong isolate, so that an address
// or a code set in a sentence of the other direction neither takes nor
// gives its direction to the words around it.
func isolate(s string) string { return "\u2068" + s + "\u2069" }

// adminRow is one record in a back-office list.
type adminRow struct {
	Code        string
	KindLabel   string
	Title       LText
	Status      dhakira.Status
	StatusLabel string
	Updated     string
	UpdatedBy   string
	EditURL     string
	HistoryURL  string
}

func (p *page) adminRow(sm dhakira.Summary) adminRow {
	return adminRow{
		Code:        sm.Code,
		KindLabel:   p.KindLabel(sm.Kind),
		Title:       p.Text(sm.Title),
		Status:      sm.Status,
		StatusLabel: p.StatusLabel(sm.Status),
		Updated:     p.When(sm.Updated),
		UpdatedBy:   sm.UpdatedBy,
		EditURL:     p.EditorURL(sm.Code),
		HistoryURL:  p.HistoryURL(sm.Code),
	}
}

// adminChange is one revision in the list of recent changes.
type adminChange struct {
	Code       string
	N          int
	Title      LText
	Author     string
	When       string
	Note       string
	Changed    string
	EditURL    string
	CompareURL string
}

type adminKindLink struct {
	Kind  dhakira.Kind
	Label string
	URL   string
}

// adminRows is a table of records, with the page for its labels.
type adminRows struct {
	P    *page
	Rows []adminRow
}

type adminDashboardView struct {
	Drafts        adminRows
	DraftsTotal   int
	Review        adminRows
	ReviewTotal   int
	ShowFeedback  bool
	FeedbackCount string
	FeedbackNew   int
	Recent        []adminChange
	Create        []adminKindLink
	Q             string
	Searched      bool
	Found         []adminPickResult
}

// dashboardList is how many records each list of the dashboard shows.
const dashboardList = 20

// dashboardRows lists the latest records of f for the dashboard, with how
// many there are in all.
func (s *Server) dashboardRows(ctx context.Context, p *page, f dhakira.RecordFilter) ([]adminRow, int, error) {
	f.Sort, f.Limit = dhakira.SortLatest, dashboardList
	list, n, err := s.bo.Records(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var rows []adminRow
	for _, sm := range list {
		rows = append(rows, p.adminRow(sm))
	}
	return rows, n, nil
}

func (s *Server) handleAdminDashboard(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	ctx := r.Context()
	p := s.adminPage(r, lang, "admin_dashboard", u)
	p.Title = p.T("admin_dashboard")
	v := &adminDashboardView{Drafts: adminRows{P: p}, Review: adminRows{P: p}}
	var err error
	// The member's own drafts, and every record waiting for review.
	v.Drafts.Rows, v.DraftsTotal, err = s.dashboardRows(ctx, p, dhakira.RecordFilter{Status: dhakira.Draft, Author: u.Email})
	if err == nil {
		v.Review.Rows, v.ReviewTotal, err = s.dashboardRows(ctx, p, dhakira.RecordFilter{Status: dhakira.Review})
	}
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	if u.Can(dhakira.PermPublish) {
		counts, err := s.bo.CountFeedback(ctx)
		if err != nil {
			s.adminFail(w, r, lang, err)
			return
		}
		v.ShowFeedback = true
		v.FeedbackNew = counts[dhakira.FeedbackNew]
		v.FeedbackCount = p.N("count_correction", v.FeedbackNew)
	}
	recent, err := s.bo.RecentChanges(ctx, dashboardList)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	titles := map[string]dhakira.Text{}
	for _, rev := range recent {
		t, ok := titles[rev.Code]
		if !ok {
			if rec, _, err := s.bo.Record(ctx, rev.Code); err == nil {
				t = rec.Title
			}
			titles[rev.Code] = t
		}
		c := adminChange{
			Code: rev.Code, N: rev.N, Title: p.Text(t), Author: rev.Author, When: p.When(rev.At),
			Note: rev.Note, Changed: p.fieldList(rev.Changed), EditURL: p.EditorURL(rev.Code),
		}
		if rev.N > 1 {
			c.CompareURL = p.compareURL(rev.Code, rev.N-1, rev.N)
		} else {
			c.CompareURL = p.HistoryURL(rev.Code)
		}
		v.Recent = append(v.Recent, c)
	}
	for _, k := range dhakira.Kinds {
		v.Create = append(v.Create, adminKindLink{Kind: k, Label: p.KindLabel(k), URL: p.AdminURL("/records/new?kind=" + string(k))})
	}
	if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" {
		v.Q, v.Searched = q, true
		if v.Found, err = s.adminPick(ctx, p, "", q, 30); err != nil {
			s.adminFail(w, r, lang, err)
			return
		}
	}
	p.Data = v
	s.render(w, r, p)
}

// fieldList names changed top-level fields for people.
func (p *page) fieldList(fields []string) string {
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		names = append(names, p.fieldLabel(f))
	}
	return strings.Join(names, p.T("list_separator"))
}

// fieldLabel names a field of a record ("title.ar", "links", "attrs") for
// people; a field it does not know is shown as it is.
func (p *page) fieldLabel(field string) string {
	id := "field_" + strings.ReplaceAll(field, ".", "_")
	if l, ok := p.Known(id); ok {
		return l
	}
	return field
}

func (p *page) compareURL(code string, a, b int) string {
	return p.AdminURL("/records/" + url.PathEscape(code) + "/compare?a=" + strconv.Itoa(a) + "&b=" + strconv.Itoa(b))
}
