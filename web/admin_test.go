package web

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/diskfiles"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/locale"
	"github.com/dhakira/dhakira/search"
	"github.com/dhakira/dhakira/sqlite"
)

// testPassword is every test account's password.
const testPassword = "correct horse battery staple"

// The team of the test archive, one member of each role.
const (
	researcherEmail = "rana@example.org"
	reviewerEmail   = "omar@example.org"
	adminEmail      = "admin@example.org"
)

// adminSite is the site with its back office over the fixture archive on
// real SQLite, served over HTTP.
type adminSite struct {
	*httptest.Server
	store  *sqlite.DB
	svc    *editorial.Service
	files  *diskfiles.Store
	engine *search.Engine // nil unless asked for
	web    *Server
}

// newAdminSite serves the fixture archive with its team; withSearch adds
// a real search engine, indexed.
func newAdminSite(t testing.TB, withSearch bool, more ...Option) *adminSite {
	t.Helper()
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	putRecords(t, db, decodeFixture(t, []string{unsafeRecord}, false))
	svc := editorial.New(db)
	files, err := diskfiles.Open(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	svc.Files, svc.MaxFileSize = files, testFileLimit
	ctx := editorial.CLI(context.Background())
	for _, m := range []struct {
		email, name string
		role        dhakira.Role
	}{
		{researcherEmail, "رنا الباحثة", dhakira.Researcher},
		{reviewerEmail, "Omar Reviewer", dhakira.Reviewer},
		{adminEmail, "Admin", dhakira.Admin},
	} {
		if _, _, err := svc.AddUser(ctx, m.email, m.name, m.role, testPassword); err != nil {
			t.Fatal(err)
		}
	}
	b := &adminSite{store: db, svc: svc, files: files}
	opts := []Option{WithBackOffice(svc), WithFiles(files, testFileLimit)}
	if withSearch {
		eng, err := search.New(filepath.Join(t.TempDir(), "index"), db, search.Options{TypeLabel: locale.TypeLabel})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { eng.Close() })
		if _, err := eng.CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		b.engine = eng
		opts = append(opts, WithSearch(eng))
	}
	b.web = New(db, testSettings(), append(opts, more...)...)
	b.Server = httptest.NewServer(b.web)
	t.Cleanup(b.Server.Close)
	return b
}

// staffClient is a browser of one member of the team: a client with a cookie
// jar that does not follow redirects.
type staffClient struct {
	b *adminSite
	c *http.Client
}

func (b *adminSite) anonymous(t testing.TB) *staffClient {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &staffClient{b: b, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login logs email in through the login form.
func (b *adminSite) login(t testing.TB, email string) *staffClient {
	t.Helper()
	m := b.anonymous(t)
	status, _, resp := m.post(t, "/ar/login", url.Values{"email": {email}, "password": {testPassword}, "next": {"/ar/admin/"}})
	if status != http.StatusSeeOther || resp.Header.Get("Location") != "/ar/admin/" {
		t.Fatalf("login %s: %d → %q", email, status, resp.Header.Get("Location"))
	}
	return m
}

func (m *staffClient) do(t testing.TB, req *http.Request) (int, string, *http.Response) {
	t.Helper()
	resp, err := m.c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp
}

func (m *staffClient) get(t testing.TB, path string) (int, string, *http.Response) {
	t.Helper()
	req, err := http.NewRequest("GET", m.b.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m.do(t, req)
}

func (m *staffClient) post(t testing.TB, path string, form url.Values) (int, string, *http.Response) {
	t.Helper()
	req, err := http.NewRequest("POST", m.b.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return m.do(t, req)
}

// page fetches path and fails unless it answers want.
func (m *staffClient) page(t testing.TB, path string, want int) string {
	t.Helper()
	status, body, _ := m.get(t, path)
	if status != want {
		t.Fatalf("GET %s: %d, want %d\n%s", path, status, want, excerptOf(body))
	}
	return body
}

// record reads a record from the store as the team sees it.
func (b *adminSite) record(t testing.TB, code string) (*dhakira.Record, *dhakira.RecordInfo) {
	t.Helper()
	r, info, err := b.store.Record(context.Background(), code, dhakira.Staff)
	if err != nil {
		t.Fatalf("record %s: %v", code, err)
	}
	return r, info
}

// as returns a context acting as the member with that e-mail address.
func (b *adminSite) as(t testing.TB, email string) context.Context {
	t.Helper()
	u, _, err := b.store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return dhakira.WithUser(context.Background(), u)
}

// newDocument is an editor form for a new document.
func newDocument(title string) url.Values {
	return url.Values{
		"kind":       {"document"},
		"base":       {"0"},
		"title_ar":   {title},
		"title_en":   {""},
		"text_ar":    {"الفقرة الأولى.\r\n\r\nالفقرة الثانية."},
		"type":       {"statement"},
		"date":       {"2017-10-19"},
		"places_add": {"PLC-homs-central-prison"},
		"links_add":  {"issued-by ENT-000001 المكتب الإعلامي"},
		"status":     {"draft"},
		"note":       {"أول نسخة"},
		"action":     {"save"},
	}
}

var savedRe = regexp.MustCompile(`^/ar/admin/records/([A-Za-z0-9._-]+)/edit\?saved=(\d+)$`)

// create saves a new record through the editor and returns its code.
func (m *staffClient) create(t testing.TB, form url.Values) string {
	t.Helper()
	status, body, resp := m.post(t, "/ar/admin/records/new", form)
	loc := resp.Header.Get("Location")
	match := savedRe.FindStringSubmatch(loc)
	if status != http.StatusSeeOther || match == nil {
		t.Fatalf("create: %d → %q\n%s", status, loc, excerptOf(body))
	}
	return match[1]
}

// editorForm reads the values an editor page would send back.
func editorForm(t testing.TB, body string) url.Values {
	t.Helper()
	v := url.Values{}
	inputRe := regexp.MustCompile(`<input ([^>]*)>`)
	attrRe := regexp.MustCompile(`(\w+)="([^"]*)"`)
	for _, m := range inputRe.FindAllStringSubmatch(body, -1) {
		attrs := map[string]string{}
		for _, a := range attrRe.FindAllStringSubmatch(m[1], -1) {
			attrs[a[1]] = html.UnescapeString(a[2])
		}
		name := attrs["name"]
		if name == "" || strings.HasPrefix(name, "pick_") || attrs["type"] == "checkbox" || attrs["type"] == "radio" || attrs["type"] == "search" {
			continue
		}
		v.Add(name, attrs["value"])
	}
	areaRe := regexp.MustCompile(`(?s)<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`)
	for _, m := range areaRe.FindAllStringSubmatch(body, -1) {
		if strings.Contains(m[0], "__N__") {
			continue
		}
		v.Add(m[1], html.UnescapeString(m[2]))
	}
	selRe := regexp.MustCompile(`(?s)<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
	optRe := regexp.MustCompile(`<option value="([^"]*)" selected>`)
	form := body[strings.Index(body, `<form class="editor"`):]
	form = form[:strings.Index(form, "</form>")]
	form = regexp.MustCompile(`(?s)<template.*?</template>`).ReplaceAllString(form, "")
	for _, m := range selRe.FindAllStringSubmatch(form, -1) {
		if strings.HasPrefix(m[1], "pick_") {
			continue
		}
		if o := optRe.FindStringSubmatch(m[2]); o != nil {
			v.Add(m[1], html.UnescapeString(o[1]))
		} else if o := regexp.MustCompile(`<option value="([^"]*)"`).FindStringSubmatch(m[2]); o != nil {
			v.Add(m[1], html.UnescapeString(o[1]))
		}
	}
	// The templates' rows are not part of the form.
	for _, name := range []string{"place", "link_to", "link_note", "seg_start", "seg_end", "seg_title_ar", "seg_title_en"} {
		vals := v[name]
		if len(vals) > 0 && vals[len(vals)-1] == "" && strings.Contains(body, `<template id=`) {
			v[name] = vals[:len(vals)-1]
		}
	}
	return v
}

// TestAdminAccess: every page answers the roles that hold its permission,
// sends the public to the login page and refuses the others.
func TestAdminAccess(t *testing.T) {
	b := newAdminSite(t, false)
	members := map[string]*staffClient{
		"public":     b.anonymous(t),
		"researcher": b.login(t, researcherEmail),
		"reviewer":   b.login(t, reviewerEmail),
		"admin":      b.login(t, adminEmail),
	}
	pages := []struct {
		path  string
		least string // the least role that may see it
	}{
		{"/ar/admin/", "researcher"},
		{"/en/admin/", "researcher"},
		{"/ar/admin/records/new?kind=document", "researcher"},
		{"/ar/admin/records/DOC-000001/edit", "researcher"},
		{"/en/admin/records/PER-000003/edit", "researcher"},
		{"/ar/admin/records/DOC-000001/history", "researcher"},
		{"/ar/admin/records/DOC-000001/compare?a=1&b=1", "researcher"},
		{"/ar/admin/pick?kind=place&q=%D8%AD%D9%85%D8%B5", "researcher"},
		{"/ar/admin/feedback", "reviewer"},
		{"/en/admin/feedback?status=", "reviewer"},
		{"/ar/admin/users", "admin"},
		{"/ar/admin/audit", "admin"},
		{"/ar/admin/audit.jsonl", "admin"},
	}
	rank := map[string]int{"public": 0, "researcher": 1, "reviewer": 2, "admin": 3}
	for _, pg := range pages {
		for who, m := range members {
			status, body, resp := m.get(t, pg.path)
			switch {
			case who == "public":
				loc := resp.Header.Get("Location")
				if status != http.StatusSeeOther || !strings.HasPrefix(loc, pg.path[:3]+"/login?next=") {
					t.Errorf("%s as %s: %d → %q, want the login page", pg.path, who, status, loc)
				}
			case rank[who] >= rank[pg.least]:
				if status != http.StatusOK {
					t.Errorf("%s as %s: %d, want 200\n%s", pg.path, who, status, excerptOf(body))
				}
			default:
				if status != http.StatusForbidden {
					t.Errorf("%s as %s: %d, want 403", pg.path, who, status)
				}
			}
		}
	}
	// The writes too: a role short of the permission changes nothing.
	posts := []struct {
		path  string
		form  url.Values
		least string
	}{
		{"/ar/admin/users", url.Values{"action": {"add"}, "email": {"new@example.org"}, "role": {"admin"}}, "admin"},
		{"/ar/admin/tokens", url.Values{"action": {"add"}, "email": {researcherEmail}, "name": {"t"}}, "admin"},
		{"/ar/admin/feedback/1", url.Values{"action": {"dismiss"}}, "reviewer"},
		{"/ar/admin/records/DOC-000001/restore", url.Values{"n": {"1"}}, "researcher"},
	}
	for _, ps := range posts {
		for _, who := range []string{"public", "researcher", "reviewer"} {
			if rank[who] >= rank[ps.least] {
				continue
			}
			status, _, _ := members[who].post(t, ps.path, ps.form)
			want := http.StatusForbidden
			if who == "public" {
				want = http.StatusSeeOther
			}
			if status != want {
				t.Errorf("POST %s as %s: %d, want %d", ps.path, who, status, want)
			}
		}
	}
	if _, _, err := b.store.UserByEmail(context.Background(), "new@example.org"); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("an account was added by someone who may not: %v", err)
	}
	// The staff bar names the member and links to the back office, on the
	// public pages as on the back office's; the public sees none of it.
	home := members["reviewer"].page(t, "/en/", 200)
	contains(t, "reviewer's home", home, `class="staff-bar"`, "Omar Reviewer", "(Reviewer)", `href="/en/admin/"`, `href="/en/admin/feedback"`, `action="/en/logout"`)
	lacks(t, "reviewer's home", home, `href="/en/admin/users"`)
	rec := members["researcher"].page(t, "/ar/records/DOC-000001", 200)
	contains(t, "researcher's record page", rec, "رنا الباحثة", `href="/ar/admin/records/DOC-000001/edit"`)
	_, _, resp := members["researcher"].get(t, "/ar/records/DOC-000001")
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") || !strings.Contains(cc, "private") {
		t.Errorf("a page naming the member logged in is cacheable: %q", cc)
	}
	lacks(t, "public home", members["public"].page(t, "/en/", 200), "staff-bar", "/admin/")
}

// TestAdminCreateDocument creates a document through the editor, as a
// researcher would, submits it for review, and a reviewer publishes it.
func TestAdminCreateDocument(t *testing.T) {
	b := newAdminSite(t, false)
	rana := b.login(t, researcherEmail)
	form := rana.page(t, "/ar/admin/records/new?kind=document", 200)
	contains(t, "new document form", form,
		`name="title_ar" dir="rtl" lang="ar"`, `name="title_en" dir="ltr" lang="en"`,
		`name="text_ar" dir="rtl" lang="ar"`, `<option value="press-release">بيان صحفي</option>`,
		`name="date"`, `name="places_add"`, `name="links_add"`, `name="source_url"`,
		`<option value="draft" selected>مسودة</option>`, `<option value="review">قيد المراجعة</option>`,
		`name="base" value="0"`, `value="submit"`, `value="preview"`)
	// A researcher may not publish or grade: the form does not offer it.
	lacks(t, "researcher's form", form, `<option value="published"`, `name="reliability"`, `value="publish"`)

	code := rana.create(t, newDocument("بيان حول سجن حمص"))
	if code != "DOC-000006" {
		t.Errorf("assigned code %q, want DOC-000006", code)
	}
	rec, info := b.record(t, code)
	if rec.Title.AR != "بيان حول سجن حمص" || rec.Status != dhakira.Draft || rec.Date != "2017-10-19" || rec.Type != "statement" ||
		rec.Text.AR != "الفقرة الأولى.\n\nالفقرة الثانية." || len(rec.Places) != 1 || rec.Places[0] != "PLC-homs-central-prison" ||
		len(rec.Links) != 1 || rec.Links[0] != (dhakira.Link{Rel: dhakira.RelIssuedBy, To: "ENT-000001", Note: "المكتب الإعلامي"}) ||
		rec.Reliability != dhakira.Unspecified || info.Revision != 1 {
		t.Errorf("saved record %+v (revision %d)", rec, info.Revision)
	}
	edit := rana.page(t, "/ar/admin/records/"+code+"/edit?saved=1", 200)
	contains(t, "editor after saving", edit, "حُفظ بوصفه النسخة 1.", `value="بيان حول سجن حمص"`,
		"سجن حمص المركزي", "محافظة حمص › منطقة حمص › ناحية مركز حمص › سجن حمص المركزي",
		`<option value="issued-by" selected>`, `value="المكتب الإعلامي"`, `name="base" value="1"`)
	dash := rana.page(t, "/ar/admin/", 200)
	contains(t, "dashboard", section(t, dash, "my-drafts"), "بيان حول سجن حمص", code)
	contains(t, "dashboard", section(t, dash, "recent-changes"), "بيان حول سجن حمص", researcherEmail)

	// Submit for review: the form as the editor shows it, with the button.
	values := editorForm(t, edit)
	values.Set("action", "submit")
	status, body, resp := rana.post(t, "/ar/admin/records/"+code+"/edit", values)
	if status != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", status, excerptOf(body))
	}
	if rec, _ := b.record(t, code); rec.Status != dhakira.Review || len(rec.Links) != 1 || len(rec.Places) != 1 {
		t.Errorf("after submitting: %+v", rec)
	}
	if !strings.HasSuffix(resp.Header.Get("Location"), "saved=2") {
		t.Errorf("submit redirects to %q", resp.Header.Get("Location"))
	}
	// Still not public.
	if status, _, _ := b.anonymous(t).get(t, "/ar/records/"+code); status != 404 {
		t.Errorf("a record in review is public: %d", status)
	}
	// The researcher may not publish, even by sending the button's value.
	values.Set("action", "publish")
	values.Set("base", "2")
	if status, body, _ := rana.post(t, "/ar/admin/records/"+code+"/edit", values); status != http.StatusForbidden || !strings.Contains(body, "لا يسمح دوركم") {
		t.Errorf("researcher publishing: %d", status)
	}
	if rec, _ := b.record(t, code); rec.Status != dhakira.Review {
		t.Errorf("the researcher published: %s", rec.Status)
	}

	// A reviewer finds it in the queue and publishes it with a grade.
	omar := b.login(t, reviewerEmail)
	dash = omar.page(t, "/ar/admin/", 200)
	contains(t, "review queue", section(t, dash, "review-queue"), "بيان حول سجن حمص")
	edit = omar.page(t, "/ar/admin/records/"+code+"/edit", 200)
	contains(t, "reviewer's form", edit, `name="reliability"`, `value="publish"`, `<option value="published">`)
	values = editorForm(t, edit)
	values.Set("reliability", "unverified")
	values.Set("action", "publish")
	status, body, _ = omar.post(t, "/ar/admin/records/"+code+"/edit", values)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "اذكروا سبب الدرجة الجديدة") {
		t.Errorf("grade without a reason: %d", status)
	}
	values.Set("reason", "لم نجد مصدرًا ثانيًا")
	if status, body, _ := omar.post(t, "/ar/admin/records/"+code+"/edit", values); status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", status, excerptOf(body))
	}
	rec, _ = b.record(t, code)
	if rec.Status != dhakira.Published || rec.Reliability != dhakira.Unverified {
		t.Errorf("after publishing: %s, %s", rec.Status, rec.Reliability)
	}
	pub := b.anonymous(t).page(t, "/ar/records/"+code, 200)
	contains(t, "public page", pub, "بيان حول سجن حمص", "الفقرة الثانية.", "سجن حمص المركزي", "الائتلاف الوطني السوري")
	// Published, it is the reviewers' to change: the researcher reads it only.
	ro := rana.page(t, "/ar/admin/records/"+code+"/edit", 200)
	contains(t, "published record for a researcher", ro, "لا يعدّله إلا المراجعون", `<fieldset class="editor-body" disabled>`)
	lacks(t, "published record for a researcher", ro, `value="save"`)
}

// TestAdminValidationArabic: the service's problems show next to their
// fields, in Arabic, and what was typed is kept.
func TestAdminValidationArabic(t *testing.T) {
	b := newAdminSite(t, false)
	rana := b.login(t, researcherEmail)
	form := newDocument("")
	form.Set("date", "2017-13-01")
	form.Set("source_url", "javascript:alert(1)")
	form.Set("links_add", "issued-by ENT-000001\nrelated NOPE-1 ملاحظة")
	form.Set("text_ar", "نص محفوظ كما كُتب")
	status, body, _ := rana.post(t, "/ar/admin/records/new", form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid record: %d\n%s", status, excerptOf(body))
	}
	errAt := func(id string) string {
		i := strings.Index(body, `<p class="field-error" id="`+id+`">`)
		if i < 0 {
			t.Errorf("no problem shown for %s", id)
			return ""
		}
		return body[i : i+strings.Index(body[i:], "</p>")]
	}
	contains(t, "date", errAt("e-date"), "لا يوجد شهر رقمه 13")
	contains(t, "title", errAt("e-title"), "اكتبوا عنوانًا بالعربية أو بالإنجليزية")
	contains(t, "source", errAt("e-source-url"), "لا تُقبل إلا العناوين التي تبدأ بـ http أو https")
	contains(t, "link", errAt("e-links-1-"), "لا يوجد في الأرشيف سجل بالكود \u2068NOPE-1\u2069")
	// The inputs say so to a screen reader, and the summary links to them.
	contains(t, "form", body, `id="f-date" name="date" dir="ltr" value="2017-13-01" autocomplete="off" aria-describedby="h-date" aria-invalid="true" aria-describedby="e-date"`,
		`<a href="#f-date">التاريخ</a>`, `<a href="#f-link-1">الرابط 2</a>`, "يرجى تصحيح ما يلي")
	// Everything typed is still there.
	contains(t, "form", body, `value="javascript:alert(1)"`, "نص محفوظ كما كُتب", `value="NOPE-1"`, `value="ملاحظة"`, `value="ENT-000001"`)
	lacks(t, "form", body, `href="javascript:`)
	if _, n, _ := b.store.Records(context.Background(), dhakira.RecordFilter{Audience: dhakira.Staff, Kind: dhakira.KindDocument}); n != 5 {
		t.Errorf("%d documents after a refused save, want 5", n)
	}
	// A code already in the archive is refused at the code's field.
	taken := newDocument("رمز مأخوذ")
	taken.Set("code", "DOC-000001")
	status, body, _ = rana.post(t, "/ar/admin/records/new", taken)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `<p class="field-error" id="e-code"><span>هذا الكود موجود في الأرشيف.</span>`) {
		t.Errorf("taken code: %d\n%s", status, excerptOf(body))
	}
	// A form problem of its own: a latitude that is no number.
	place := url.Values{"kind": {"place"}, "title_ar": {"مكان"}, "lat": {"شمال"}, "action": {"save"}}
	status, body, _ = rana.post(t, "/ar/admin/records/new", place)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-attrs-lat"`) || !strings.Contains(body, "ليس رقمًا") {
		t.Errorf("latitude: %d\n%s", status, excerptOf(body))
	}
	// In English, the same in English.
	status, body, _ = rana.post(t, "/en/admin/records/new", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "there is no month 13") {
		t.Errorf("English: %d", status)
	}
}

// TestAdminStaleSave: a save based on an old revision is refused, with the
// other person's version shown against one's own, and one's own kept.
func TestAdminStaleSave(t *testing.T) {
	b := newAdminSite(t, false)
	rana, omar := b.login(t, researcherEmail), b.login(t, reviewerEmail)
	code := rana.create(t, newDocument("عنوان أول"))
	path := "/ar/admin/records/" + code + "/edit"
	mine := editorForm(t, rana.page(t, path, 200))
	theirs := editorForm(t, omar.page(t, path, 200))

	theirs.Set("text_ar", "نص كتبه عمر")
	theirs.Set("action", "save")
	if status, _, _ := omar.post(t, path, theirs); status != http.StatusSeeOther {
		t.Fatalf("first save: %d", status)
	}
	mine.Set("title_ar", "عنوان رنا")
	mine.Set("action", "save")
	status, body, _ := rana.post(t, path, mine)
	if status != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409\n%s", status, excerptOf(body))
	}
	contains(t, "stale form", body, "حفظ شخص آخر هذا السجل أثناء تحريركم له", "ما الذي تغيّر في الأثناء",
		"حفظ \u2068"+reviewerEmail+"\u2069 النسخة 2", `value="عنوان رنا"`, `name="base" value="2"`,
		"<del>نص كتبه عمر</del>", "<span>عنوان</span> <del>أول</del> <ins>رنا</ins>")
	if rec, info := b.record(t, code); rec.Title.AR != "عنوان أول" || info.Revision != 2 {
		t.Errorf("the stale save wrote: %q, revision %d", rec.Title.AR, info.Revision)
	}
	// Saving again, knowingly, replaces it.
	again := editorForm(t, body)
	again.Set("action", "save")
	if status, body, _ := rana.post(t, path, again); status != http.StatusSeeOther {
		t.Fatalf("second save: %d\n%s", status, excerptOf(body))
	}
	if rec, info := b.record(t, code); rec.Title.AR != "عنوان رنا" || info.Revision != 3 {
		t.Errorf("after saving again: %q, revision %d", rec.Title.AR, info.Revision)
	}
}

// TestAdminHistoryCompareRestore: the history lists every revision, a
// comparison marks words deleted and inserted, and a restore makes a new
// revision with the old content.
func TestAdminHistoryCompareRestore(t *testing.T) {
	b := newAdminSite(t, false)
	rana := b.login(t, researcherEmail)
	code := rana.create(t, newDocument("بيان أول"))
	path := "/ar/admin/records/" + code + "/edit"
	v := editorForm(t, rana.page(t, path, 200))
	v.Set("text_ar", "الفقرة الأولى المعدلة.\n\nالفقرة الثانية.")
	v.Set("title_en", "First statement")
	v.Set("note", "تصحيح الفقرة")
	v.Set("action", "save")
	if status, _, _ := rana.post(t, path, v); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	hist := rana.page(t, "/ar/admin/records/"+code+"/history", 200)
	contains(t, "history", hist, "تصحيح الفقرة", "أول نسخة", researcherEmail, "النص", "العنوان",
		`name="a" value="1" aria-label="المقارنة من النسخة 1" checked`, `name="b" value="2" aria-label="المقارنة مع النسخة 2" checked`,
		"استعادة النسخة 1")
	cmp := rana.page(t, "/ar/admin/records/"+code+"/compare?a=1&b=2", 200)
	contains(t, "compare", cmp, "النسخة 1 ← النسخة 2", "النص (بالعربية)", "<span>الفقرة</span> <del>الأولى.</del> <ins>الأولى المعدلة.</ins>",
		"العنوان (بالإنجليزية)", "<ins>First statement</ins>")
	// Restore revision 1: a third revision, with the first one's content.
	status, _, resp := rana.post(t, "/ar/admin/records/"+code+"/restore", url.Values{"n": {"1"}})
	if status != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "restored=3") {
		t.Fatalf("restore: %d → %q", status, resp.Header.Get("Location"))
	}
	rec, info := b.record(t, code)
	if info.Revision != 3 || rec.Text.AR != "الفقرة الأولى.\n\nالفقرة الثانية." || rec.Title.EN != "" {
		t.Errorf("after restoring: revision %d, %+v", info.Revision, rec)
	}
	hist = rana.page(t, "/ar/admin/records/"+code+"/history?restored=3", 200)
	contains(t, "history", hist, "تمت الاستعادة", "restored revision 1")
	// Duplicate: a new draft with a new code.
	status, _, resp = rana.post(t, "/ar/admin/records/"+code+"/duplicate", nil)
	if status != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "duplicated="+code) {
		t.Fatalf("duplicate: %d → %q", status, resp.Header.Get("Location"))
	}
}

// TestAdminXSS: a title that is an attack is text everywhere the back
// office shows it.
func TestAdminXSS(t *testing.T) {
	b := newAdminSite(t, false)
	rana := b.login(t, researcherEmail)
	attack := "<script>alert(1)</script>"
	code := rana.create(t, newDocument(attack))
	path := "/ar/admin/records/" + code + "/edit"
	v := editorForm(t, rana.page(t, path, 200))
	v.Set("title_ar", attack+`"><img src=x onerror=alert(2)>`)
	v.Set("note", "<b>note</b>")
	v.Set("action", "save")
	if status, _, _ := rana.post(t, path, v); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	for _, p := range []string{"/ar/admin/", path, "/ar/admin/records/" + code + "/history", "/ar/admin/records/" + code + "/compare?a=1&b=2",
		"/ar/admin/records/DOC-000004/edit", "/en/admin/?q=script"} {
		body := rana.page(t, p, 200)
		lacks(t, p, body, "<script>alert", "<img src=x", "<b>note</b>")
		contains(t, p, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
	}
	// The picker's JSON too is data, never markup.
	_, body, resp := rana.get(t, "/ar/admin/pick?q=script")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || strings.Contains(body, "<script>") {
		t.Errorf("picker: %s %s", resp.Header.Get("Content-Type"), body)
	}
}

// TestAdminPreview shows an unsaved record with the public page, saving
// nothing.
func TestAdminPreview(t *testing.T) {
	b := newAdminSite(t, false)
	rana := b.login(t, researcherEmail)
	form := newDocument("معاينة بيان")
	form.Set("action", "preview")
	status, body, _ := rana.post(t, "/ar/admin/records/new", form)
	if status != http.StatusOK {
		t.Fatalf("preview: %d\n%s", status, excerptOf(body))
	}
	contains(t, "preview", body, `class="preview-banner"`, `<h1 class="record-title" dir="auto" lang="ar">معاينة بيان</h1>`,
		"المعلومات الأساسية", "الفقرة الثانية.", "سجن حمص المركزي", "الائتلاف الوطني السوري", "DOC-NEW")
	if _, n, _ := b.store.Records(context.Background(), dhakira.RecordFilter{Audience: dhakira.Staff, Kind: dhakira.KindDocument}); n != 5 {
		t.Errorf("%d documents after a preview, want 5", n)
	}
	// Preview of an edit shows the edit, not the saved record.
	v := editorForm(t, rana.page(t, "/ar/admin/records/DOC-000005/edit", 200))
	v.Set("title_ar", "عنوان لم يُحفظ")
	v.Set("action", "preview")
	_, body, _ = rana.post(t, "/ar/admin/records/DOC-000005/edit", v)
	contains(t, "preview of an edit", body, "عنوان لم يُحفظ", "DOC-000005")
	if rec, _ := b.record(t, "DOC-000005"); rec.Title.AR != "وثيقة مسودة" {
		t.Errorf("a preview saved: %q", rec.Title.AR)
	}
	// The public still never sees the draft.
	if status, _, _ := b.anonymous(t).get(t, "/ar/records/DOC-000005"); status != 404 {
		t.Errorf("draft public after a preview: %d", status)
	}
}

// TestAdminPick: the pickers find places with their path, any record by
// title or code, drafts included; without script the form does the same.
func TestAdminPick(t *testing.T) {
	b := newAdminSite(t, true)
	rana := b.login(t, researcherEmail)
	var res []adminPickResult
	_, body, _ := rana.get(t, "/ar/admin/pick?kind=place&q="+url.QueryEscape("سجن حمص"))
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if len(res) == 0 || res[0].Code != "PLC-homs-central-prison" || res[0].Path != "محافظة حمص › منطقة حمص › ناحية مركز حمص › سجن حمص المركزي" {
		t.Errorf("place picker: %+v", res)
	}
	_, body, _ = rana.get(t, "/en/admin/pick?kind=place&q=homs")
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	// A whole name first, then names that start so, wider places first.
	var order []string
	for _, r := range res {
		order = append(order, r.Code)
	}
	if strings.Join(order, " ") != "SY0400 SY04 SY040000 PLC-homs-central-prison" {
		t.Errorf("place picker's order: %v", order)
	}
	for _, r := range res {
		if r.Kind != dhakira.KindPlace {
			t.Errorf("place picker offers a %s", r.Kind)
		}
	}
	// Any kind; an unpublished record found by its code, marked as such.
	_, body, _ = rana.get(t, "/en/admin/pick?q=PER-000003")
	json.Unmarshal([]byte(body), &res)
	if len(res) != 1 || res[0].Status != "In review" {
		t.Errorf("code lookup: %+v", res)
	}
	_, body, _ = rana.get(t, "/en/admin/pick?q=coalition")
	json.Unmarshal([]byte(body), &res)
	if len(res) == 0 || res[0].Code != "ENT-000001" {
		t.Errorf("link picker: %+v", res)
	}
	// Without script: "find" lists the results in the form as boxes to
	// tick; ticked, they are saved.
	form := newDocument("بلا جافاسكربت")
	form.Del("places_add")
	form.Set("pick_place_q", "دمشق")
	form.Set("action", "find-place")
	status, body, _ := rana.post(t, "/ar/admin/records/new", form)
	if status != 200 || !strings.Contains(body, `<input type="checkbox" name="place_pick" value="SY01">`) || !strings.Contains(body, `value="بلا جافاسكربت"`) {
		t.Fatalf("find without script: %d\n%s", status, excerptOf(body))
	}
	form.Set("place_pick", "SY01")
	form.Set("action", "save")
	code := rana.create(t, form)
	if rec, _ := b.record(t, code); len(rec.Places) != 1 || rec.Places[0] != "SY01" {
		t.Errorf("picked place not saved: %v", rec.Places)
	}
}

// TestAdminTestimonySegments: segments are rows, with problems on the row
// they concern; "add a segment" works without script.
func TestAdminTestimonySegments(t *testing.T) {
	b := newAdminSite(t, false)
	rana := b.login(t, researcherEmail)
	form := url.Values{
		"kind": {"testimony"}, "title_ar": {"شهادة"}, "type": {"audio"},
		"seg_start": {"00:00:00", "00:05:00", ""}, "seg_end": {"00:05:00", "00:04:00", ""},
		"seg_title_ar": {"البداية", "", ""}, "seg_title_en": {"", "Prison", ""},
		"seg_text_ar": {"نص", "", ""}, "seg_text_en": {"", "Text", ""},
		"action": {"add-segment"},
	}
	status, body, _ := rana.post(t, "/ar/admin/records/new", form)
	if status != 200 || strings.Count(body, `name="seg_start"`) != 4 { // two rows, a new one, the template
		t.Fatalf("add a segment: %d, %d rows", status, strings.Count(body, `name="seg_start"`))
	}
	form.Set("action", "save")
	status, body, _ = rana.post(t, "/ar/admin/records/new", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-attrs-segments-1--end"`) || !strings.Contains(body, "قبل البداية") {
		t.Fatalf("segment problem: %d\n%s", status, excerptOf(body))
	}
	form["seg_end"] = []string{"00:05:00", "00:09:00", ""}
	code := rana.create(t, form)
	rec, _ := b.record(t, code)
	if len(rec.Attrs.Segments) != 2 || rec.Attrs.Segments[1].Title.EN != "Prison" {
		t.Errorf("segments: %+v", rec.Attrs.Segments)
	}
}

// TestAdminLongText: a book-length text goes through the editor's form,
// past the public site's small limit on request bodies.
func TestAdminLongText(t *testing.T) {
	b := newAdminSite(t, false)
	rana := b.login(t, researcherEmail)
	form := newDocument("كتاب")
	long := strings.Repeat("كلمة عربية طويلة في نص كتاب كامل. ", 20000) // about 600 KB
	form.Set("text_ar", long)
	code := rana.create(t, form)
	if rec, _ := b.record(t, code); len(rec.Text.AR) < 500000 {
		t.Errorf("text of %d bytes saved", len(rec.Text.AR))
	}
}

// TestAdminFeedback: reviewers list readers' corrections and accept or
// dismiss them.
func TestAdminFeedback(t *testing.T) {
	b := newAdminSite(t, false)
	f := &dhakira.Feedback{Code: "DOC-000001", Lang: "ar", Message: "التاريخ خاطئ <script>x</script>", Name: "قارئ", Email: "reader@example.org"}
	if err := b.svc.SubmitFeedback(context.Background(), f, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	omar := b.login(t, reviewerEmail)
	dash := omar.page(t, "/ar/admin/", 200)
	contains(t, "dashboard", dash, "تصحيح واحد", `href="/ar/admin/feedback?status=new"`)
	list := omar.page(t, "/ar/admin/feedback?status=new", 200)
	contains(t, "corrections", list, "التاريخ خاطئ &lt;script&gt;x&lt;/script&gt;", "قارئ", "reader@example.org",
		"حول محاولات النظام اقتحام سجن حمص المركزي", "DOC-000001", `<option value="1">1 — web-test`)
	id := "/ar/admin/feedback/" + itoa(f.ID)
	status, _, resp := omar.post(t, id, url.Values{"action": {"accept"}, "revision": {"1"}, "reply": {"صُحّح"}, "back": {"new"}})
	if status != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "done=") {
		t.Fatalf("accept: %d", status)
	}
	got, err := b.store.FeedbackByID(context.Background(), f.ID)
	if err != nil || got.Status != dhakira.FeedbackAccepted || got.Revision != 1 || !strings.Contains(got.Reply, "صُحّح") {
		t.Errorf("accepted: %+v %v", got, err)
	}
	lacks(t, "new corrections", omar.page(t, "/ar/admin/feedback?status=new", 200), "التاريخ خاطئ")
	contains(t, "accepted", omar.page(t, "/ar/admin/feedback?status=accepted", 200), "التاريخ خاطئ", "صُحّح")
	// A revision that is not there is refused, on the page.
	status, body, _ := omar.post(t, id, url.Values{"action": {"accept"}, "revision": {"99"}, "back": {"accepted"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "لم يُحدَّث التصحيح") {
		t.Errorf("bad revision: %d", status)
	}
}

// TestAdminAccounts: an administrator adds a member (the password shown
// once works), changes a role, makes and revokes a token, and reads the
// audit log, on the page and as JSON Lines.
func TestAdminAccounts(t *testing.T) {
	b := newAdminSite(t, false)
	admin := b.login(t, adminEmail)
	status, body, _ := admin.post(t, "/ar/admin/users", url.Values{"action": {"add"}, "email": {"Layla@Example.org"}, "name": {"ليلى"}, "role": {"researcher"}})
	m := regexp.MustCompile(`<code class="secret-value" dir="ltr">([^<]+)</code>`).FindStringSubmatch(body)
	if status != 200 || m == nil {
		t.Fatalf("add: %d\n%s", status, excerptOf(body))
	}
	layla := b.anonymous(t)
	if status, _, _ := layla.post(t, "/en/login", url.Values{"email": {"layla@example.org"}, "password": {html.UnescapeString(m[1])}}); status != http.StatusSeeOther {
		t.Errorf("the new member cannot log in: %d", status)
	}
	// The password is not shown again.
	lacks(t, "accounts", admin.page(t, "/ar/admin/users", 200), m[1])
	// Taken address: said on the page.
	status, body, _ = admin.post(t, "/ar/admin/users", url.Values{"action": {"add"}, "email": {"layla@example.org"}, "role": {"researcher"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "لم يتم") {
		t.Errorf("taken address: %d", status)
	}
	status, _, _ = admin.post(t, "/ar/admin/users", url.Values{"action": {"update"}, "email": {"layla@example.org"}, "name": {"ليلى"}, "role": {"reviewer"}})
	if u, _, _ := b.store.UserByEmail(context.Background(), "layla@example.org"); status != http.StatusSeeOther || u.Role != dhakira.Reviewer {
		t.Errorf("update: %d, role %s", status, u.Role)
	}
	status, _, _ = admin.post(t, "/ar/admin/users", url.Values{"action": {"update"}, "email": {"layla@example.org"}, "name": {"ليلى"}, "role": {"reviewer"}, "disabled": {"on"}})
	if u, _, _ := b.store.UserByEmail(context.Background(), "layla@example.org"); status != http.StatusSeeOther || !u.Disabled {
		t.Errorf("disable: %d, %+v", status, u)
	}
	// Tokens.
	status, body, _ = admin.post(t, "/ar/admin/tokens", url.Values{"action": {"add"}, "email": {researcherEmail}, "name": {"سكربت الاستيراد"}})
	m = regexp.MustCompile(`<code class="secret-value" dir="ltr">(dhk_[^<]+)</code>`).FindStringSubmatch(body)
	if status != 200 || m == nil {
		t.Fatalf("token: %d\n%s", status, excerptOf(body))
	}
	if u, err := b.svc.TokenUser(context.Background(), m[1]); err != nil || u.Email != researcherEmail {
		t.Errorf("token does not work: %v", err)
	}
	tokens, _ := b.store.Tokens(context.Background(), 0)
	if len(tokens) != 1 {
		t.Fatalf("%d tokens", len(tokens))
	}
	contains(t, "accounts", admin.page(t, "/ar/admin/users", 200), "سكربت الاستيراد")
	status, _, _ = admin.post(t, "/ar/admin/tokens", url.Values{"action": {"delete"}, "id": {itoa(tokens[0].ID)}})
	if _, err := b.svc.TokenUser(context.Background(), m[1]); status != http.StatusSeeOther || err == nil {
		t.Errorf("revoke: %d, token still works", status)
	}
	// The audit log.
	audit := admin.page(t, "/ar/admin/audit", 200)
	contains(t, "audit", audit, "user.add", "layla@example.org", "token.add", "token.delete", "user.update")
	_, body, resp := admin.get(t, "/ar/admin/audit.jsonl")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/jsonl") {
		t.Errorf("export type %q", resp.Header.Get("Content-Type"))
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if len(lines) < 7 {
		t.Fatalf("export of %d lines:\n%s", len(lines), body)
	}
	for i, l := range lines {
		var e map[string]any
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		for _, k := range []string{"id", "at", "actor", "action", "target", "detail"} {
			if _, ok := e[k]; !ok {
				t.Errorf("line %d lacks %s: %s", i+1, k, l)
			}
		}
	}
}

// TestAdminAuditPaging: the audit page opens on the newest entries and
// pages back to the oldest.
func TestAdminAuditPaging(t *testing.T) {
	b := newAdminSite(t, false)
	ctx := b.as(t, adminEmail)
	for i := range 250 {
		if _, _, err := b.svc.AddToken(ctx, researcherEmail, "t"+itoa(int64(i))); err != nil {
			t.Fatal(err)
		}
	}
	admin := b.login(t, adminEmail)
	body := admin.page(t, "/en/admin/audit", 200)
	contains(t, "latest", body, "t249&#34;", "Older entries")
	lacks(t, "latest", body, "&#34;t0&#34;", "Newer entries")
	older := regexp.MustCompile(`href="(/en/admin/audit\?after=\d+)" rel="prev"`).FindStringSubmatch(body)
	if older == nil {
		t.Fatal("no link to older entries")
	}
	body = admin.page(t, html.UnescapeString(older[1]), 200)
	contains(t, "older", body, "Newer entries", "Latest entries")
}

// TestAdminMessagesExist: every message the back office asks for by name
// exists in both languages.
func TestAdminMessagesExist(t *testing.T) {
	tr := translators(t)
	ids := map[string]bool{}
	goLit := regexp.MustCompile(`\.(?:T|N)\("([a-z0-9_-]+)"`)
	tmplLit := regexp.MustCompile(`\.T "([a-z0-9_-]+)"`)
	files, _ := filepath.Glob("admin*.go")
	more, _ := filepath.Glob("templates/admin_*.html")
	for _, f := range append(append(files, more...), "templates/layout.html") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range []*regexp.Regexp{goLit, tmplLit} {
			for _, m := range re.FindAllStringSubmatch(string(data), -1) {
				if !strings.HasSuffix(m[1], "_") {
					ids[m[1]] = true
				}
			}
		}
	}
	for _, m := range fieldMessages {
		ids[m.id] = true
	}
	for _, r := range dhakira.Roles {
		ids["role_"+string(r)] = true
	}
	for _, s := range dhakira.Statuses {
		ids["status_"+string(s)] = true
	}
	for _, s := range feedbackStatuses {
		if s != "" {
			ids["feedback_status_"+string(s)] = true
		}
	}
	for _, f := range []string{"kind", "title", "text", "type", "date", "places", "reliability", "status", "source", "links", "attrs", "files",
		"title.ar", "title.en", "text.ar", "text.en"} {
		ids["field_"+strings.ReplaceAll(f, ".", "_")] = true
	}
	if len(ids) < 200 {
		t.Fatalf("found only %d message names", len(ids))
	}
	for _, lang := range locale.Langs {
		for id := range ids {
			if !tr[lang].Has(id) && strings.HasPrefix(tr[lang].N(id, 1), id) {
				t.Errorf("%s: no message %s", lang, id)
			}
		}
	}
}

// TestAdminFieldMessages: each problem the domain reports has its words in
// both languages; none falls through as English on an Arabic page.
func TestAdminFieldMessages(t *testing.T) {
	tr := translators(t)
	p := &page{Translator: tr["ar"], Lang: "ar"}
	bad := -90.5
	r := &dhakira.Record{
		Kind: dhakira.KindPlace, Code: "bad code", Type: strings.Repeat("t", 101), Date: "2017-02-30",
		Reliability: "maybe", Status: "hidden", Places: []string{""},
		Source: &dhakira.Source{URL: "ftp://x"}, Links: []dhakira.Link{{Rel: "likes", To: "bad code"}},
		Attrs: dhakira.Attrs{Level: "planet", Parent: "bad code", Lat: &bad, Born: "2017-13", Duration: "x",
			Aliases: []dhakira.Alias{{Value: " "}}},
	}
	err := r.Validate()
	for _, fe := range dhakira.Fields(err) {
		if got := p.fieldMessage(fe); got == fe.Message || !regexp.MustCompile(`\p{Arabic}`).MatchString(got) {
			t.Errorf("%s: %q is not in Arabic", fe.Field, fe.Message)
		}
	}
	for _, msg := range []string{`no record "X" in the archive`, `"X" is a person, not a place`, `"1:00:00" is before the start "2:00:00"`,
		`"x": want HH:MM:SS`, "a record cannot link to itself", "a record cannot be its own parent", `"2012/2011": interval ends (2011) before it starts (2012)`} {
		if got := p.fieldMessage(dhakira.FieldError{Message: msg}); got == msg {
			t.Errorf("%q is not translated", msg)
		}
	}
}

// A member whose role lacks a page is told so, in the page's language.
func TestForbiddenPageSaysWhy(t *testing.T) {
	site := newAdminSite(t, false)
	c := site.login(t, researcherEmail)
	for lang, want := range map[string]string{"ar": "لا تملكون صلاحية هذه الصفحة", "en": "Your role does not allow this page"} {
		status, body, _ := c.get(t, "/"+lang+"/admin/users")
		if status != 403 || !strings.Contains(body, want) || strings.Contains(body, "Something went wrong") {
			t.Errorf("%s: %d, heading %q missing", lang, status, want)
		}
	}
}
