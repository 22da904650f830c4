package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/diskfiles"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/locale"
	"github.com/dhakira/dhakira/sqlite"
)

// boSite is the site with its back office: the fixture archive in SQLite,
// the editorial service over it, one account and API token per role, all
// made through the service, served over HTTP.
type boSite struct {
	*httptest.Server
	store     *sqlite.DB
	files     *diskfiles.Store
	svc       *editorial.Service
	client    *http.Client
	users     map[dhakira.Role]*dhakira.User
	passwords map[dhakira.Role]string
	tokens    map[dhakira.Role]string
}

// nobody is the role of a request without a token.
const nobody dhakira.Role = ""

// cli acts as the command line: an administrator.
func cli() context.Context { return editorial.CLI(context.Background()) }

func newBackOffice(t testing.TB) *boSite {
	t.Helper()
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	svc := editorial.New(db)
	files, err := diskfiles.Open(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	svc.Files, svc.MaxFileSize = files, testFileLimit
	b := &boSite{store: db, svc: svc, files: files, users: map[dhakira.Role]*dhakira.User{}, passwords: map[dhakira.Role]string{}, tokens: map[dhakira.Role]string{}}
	for _, role := range dhakira.Roles {
		email := string(role) + "@example.org"
		u, password, err := svc.AddUser(cli(), email, "A "+string(role), role, "")
		if err != nil {
			t.Fatalf("add %s: %v", role, err)
		}
		secret, _, err := svc.AddToken(cli(), email, "tests")
		if err != nil {
			t.Fatalf("token for %s: %v", role, err)
		}
		b.users[role], b.passwords[role], b.tokens[role] = u, password, secret
	}
	b.Server = httptest.NewServer(New(db, testSettings(), WithBackOffice(svc), WithFiles(files, testFileLimit)))
	t.Cleanup(b.Close)
	b.client = b.Client()
	b.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return b
}

// as returns a context acting as the account of role.
func (b *boSite) as(role dhakira.Role) context.Context {
	return dhakira.WithUser(context.Background(), b.users[role])
}

// api sends a request with the token of role (none for nobody) and header
// pairs, and returns the status, the body and the response.
func (b *boSite) api(t testing.TB, role dhakira.Role, method, path, body string, header ...string) (int, string, *http.Response) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, b.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != nobody {
		req.Header.Set("Authorization", "Bearer "+b.tokens[role])
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(data), resp
}

// create makes a record as role through the service and returns its code.
func (b *boSite) create(t testing.TB, ctx context.Context, js, note string) string {
	t.Helper()
	r, err := dhakira.DecodeRecord([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := b.svc.Create(ctx, r, note)
	if err != nil {
		t.Fatalf("create %s: %v", js, err)
	}
	return code
}

// current returns a record as the staff see it, and its revision.
func (b *boSite) current(t testing.TB, code string) (*dhakira.Record, int) {
	t.Helper()
	r, info, err := b.store.Record(context.Background(), code, dhakira.Staff)
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	return r, info.Revision
}

// apiErr is an error answer of the API.
type apiErr struct {
	Error    string `json:"error"`
	Field    string `json:"field"`
	Revision int    `json:"revision"`
}

func decodeErr(t testing.TB, body string) apiErr {
	t.Helper()
	var e apiErr
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
		t.Fatalf("not an API error: %s", body)
	}
	return e
}

func docJSON(title, status string) string {
	s := fmt.Sprintf(`{"kind":"document","title":{"en":%q},"type":"statement","date":"2012-03"`, title)
	if status != "" {
		s += fmt.Sprintf(`,"status":%q`, status)
	}
	return s + `}`
}

// TestAPIRoleMatrix: every action of the write API, for nobody and each
// role, answers exactly its status code.
func TestAPIRoleMatrix(t *testing.T) {
	b := newBackOffice(t)
	const (
		none = nobody
		res  = dhakira.Researcher
		rev  = dhakira.Reviewer
		adm  = dhakira.Admin
	)
	type req struct {
		method, path, body string
		header             []string
	}
	// Each case prepares its own records, as the command line or as the
	// role, and returns the request.
	draft := func(t *testing.T, ctx context.Context) string {
		return b.create(t, ctx, docJSON("A draft", ""), "")
	}
	published := func(t *testing.T) string {
		return b.create(t, cli(), docJSON("A published record", "published"), "")
	}
	owner := func(role dhakira.Role) context.Context {
		if role == nobody {
			return b.as(dhakira.Researcher)
		}
		return b.as(role)
	}
	recURL := func(code string) string { return "/api/v1/records/" + code }
	cases := []struct {
		name    string
		prepare func(t *testing.T, role dhakira.Role) req
		want    map[dhakira.Role]int
		check   func(t *testing.T, code string) // after a success
	}{
		{"create draft", func(t *testing.T, role dhakira.Role) req {
			return req{"POST", "/api/v1/records", docJSON("New draft", ""), nil}
		}, map[dhakira.Role]int{none: 401, res: 201, rev: 201, adm: 201}, nil},
		{"create published", func(t *testing.T, role dhakira.Role) req {
			return req{"POST", "/api/v1/records", docJSON("New published", "published"), nil}
		}, map[dhakira.Role]int{none: 401, res: 403, rev: 201, adm: 201}, nil},
		{"update own draft", func(t *testing.T, role dhakira.Role) req {
			code := draft(t, owner(role))
			return req{"PUT", recURL(code), docJSON("Draft, edited", ""), []string{"If-Match", `"1"`}}
		}, map[dhakira.Role]int{none: 401, res: 200, rev: 200, adm: 200}, nil},
		{"update published", func(t *testing.T, role dhakira.Role) req {
			code := published(t)
			return req{"PUT", recURL(code), docJSON("Published, edited", ""), []string{"If-Match", `"1"`}}
		}, map[dhakira.Role]int{none: 401, res: 403, rev: 200, adm: 200}, nil},
		{"submit draft for review", func(t *testing.T, role dhakira.Role) req {
			code := draft(t, owner(role))
			return req{"POST", recURL(code) + "/status", `{"status":"review"}`, nil}
		}, map[dhakira.Role]int{none: 401, res: 200, rev: 200, adm: 200}, nil},
		{"publish", func(t *testing.T, role dhakira.Role) req {
			code := draft(t, owner(role))
			if _, err := b.svc.SetStatus(owner(role), code, dhakira.Review, ""); err != nil {
				t.Fatal(err)
			}
			return req{"POST", recURL(code) + "/status", `{"status":"published","reason":"checked"}`, nil}
		}, map[dhakira.Role]int{none: 401, res: 403, rev: 200, adm: 200}, nil},
		{"withdraw", func(t *testing.T, role dhakira.Role) req {
			return req{"POST", recURL(published(t)) + "/status", `{"status":"withdrawn","reason":"a duplicate"}`, nil}
		}, map[dhakira.Role]int{none: 401, res: 403, rev: 200, adm: 200}, nil},
		{"set reliability with reason", func(t *testing.T, role dhakira.Role) req {
			return req{"POST", recURL(published(t)) + "/reliability", `{"reliability":"correct","reason":"matches the original leaflet"}`, nil}
		}, map[dhakira.Role]int{none: 401, res: 403, rev: 200, adm: 200}, nil},
		{"set reliability without reason", func(t *testing.T, role dhakira.Role) req {
			return req{"POST", recURL(published(t)) + "/reliability", `{"reliability":"incorrect"}`, nil}
		}, map[dhakira.Role]int{none: 401, res: 403, rev: 400, adm: 400}, nil},
		{"restore a draft's revision", func(t *testing.T, role dhakira.Role) req {
			ctx := owner(role)
			code := draft(t, ctx)
			r, _ := b.current(t, code)
			r.Title.EN = "A draft, second version"
			if _, err := b.svc.Update(ctx, r, 1, ""); err != nil {
				t.Fatal(err)
			}
			return req{"POST", recURL(code) + "/revisions/1/restore", "", nil}
		}, map[dhakira.Role]int{none: 401, res: 200, rev: 200, adm: 200}, nil},
		{"restore a published record's revision", func(t *testing.T, role dhakira.Role) req {
			code := published(t)
			r, _ := b.current(t, code)
			r.Title.EN = "Published, second version"
			if _, err := b.svc.Update(cli(), r, 1, ""); err != nil {
				t.Fatal(err)
			}
			return req{"POST", recURL(code) + "/revisions/1/restore", "", nil}
		}, map[dhakira.Role]int{none: 401, res: 403, rev: 200, adm: 200}, nil},
		{"list revisions", func(t *testing.T, role dhakira.Role) req {
			return req{"GET", recURL("DOC-000001") + "/revisions", "", nil}
		}, map[dhakira.Role]int{none: 401, res: 200, rev: 200, adm: 200}, nil},
		{"read a revision", func(t *testing.T, role dhakira.Role) req {
			return req{"GET", recURL("DOC-000005") + "/revisions/1", "", nil}
		}, map[dhakira.Role]int{none: 401, res: 200, rev: 200, adm: 200}, nil},
		{"read a draft", func(t *testing.T, role dhakira.Role) req {
			return req{"GET", recURL("DOC-000005"), "", nil}
		}, map[dhakira.Role]int{none: 404, res: 200, rev: 200, adm: 200}, nil},
		{"list feedback", func(t *testing.T, role dhakira.Role) req {
			return req{"GET", "/api/v1/feedback?status=new", "", nil}
		}, map[dhakira.Role]int{none: 401, res: 403, rev: 200, adm: 200}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, role := range []dhakira.Role{none, res, rev, adm} {
				rq := c.prepare(t, role)
				status, body, resp := b.api(t, role, rq.method, rq.path, rq.body, rq.header...)
				who := string(role)
				if role == nobody {
					who = "no token"
				}
				if want := c.want[role]; status != want {
					t.Errorf("%s: %s %s: %d, want %d: %s", who, rq.method, rq.path, status, want, body)
					continue
				}
				if status >= 400 {
					decodeErr(t, body)
					if status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
						t.Errorf("%s: 401 without WWW-Authenticate", who)
					}
				} else if !json.Valid([]byte(body)) {
					t.Errorf("%s: not JSON: %s", who, body)
				}
			}
		})
	}

	// A refused write changes nothing: the researcher's attempt to
	// publish left the record in review.
	code := draft(t, b.as(res))
	b.svc.SetStatus(b.as(res), code, dhakira.Review, "")
	b.api(t, res, "POST", recURL(code)+"/status", `{"status":"published"}`)
	if r, n := b.current(t, code); r.Status != dhakira.Review || n != 2 {
		t.Errorf("after a refused publish: %s at revision %d", r.Status, n)
	}
	// A wrong or revoked token is refused as such.
	for _, auth := range []string{"Bearer dhk_not-a-token", "Basic YTpi", "Bearer "} {
		status, body, resp := b.api(t, nobody, "GET", "/api/v1/feedback", "", "Authorization", auth)
		if status != 401 || resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("Authorization %q: %d %s", auth, status, body)
		}
	}
	// The grade without a reason names the field.
	if _, body, _ := b.api(t, rev, "POST", recURL(published(t))+"/reliability", `{"reliability":"incorrect","reason":"  "}`); decodeErr(t, body).Field != "reason" {
		t.Errorf("grade without a reason: %s", body)
	}
	if status, body, _ := b.api(t, rev, "POST", recURL(published(t))+"/reliability", `{"reliability":"maybe","reason":"x"}`); status != 400 || decodeErr(t, body).Field != "reliability" {
		t.Errorf("unknown grade: %d %s", status, body)
	}
	if status, body, _ := b.api(t, rev, "POST", recURL(published(t))+"/status", `{"status":"lost"}`); status != 400 || decodeErr(t, body).Field != "status" {
		t.Errorf("unknown status: %d %s", status, body)
	}
	if status, body, _ := b.api(t, rev, "POST", recURL(published(t))+"/status", `{"status":"draft","why":"x"}`); status != 400 || decodeErr(t, body).Field != "why" {
		t.Errorf("unknown field: %d %s", status, body)
	}
	// Not found, conflict.
	for _, p := range []string{recURL("DOC-999999") + "/status", recURL("DOC-000001") + "/revisions/99/restore"} {
		if status, body, _ := b.api(t, rev, "POST", p, `{"status":"draft"}`); status != 404 {
			t.Errorf("%s: %d %s", p, status, body)
		}
	}
	if status, body, _ := b.api(t, rev, "POST", "/api/v1/records", `{"kind":"document","code":"DOC-000001","title":{"en":"Taken"}}`); status != 409 {
		t.Errorf("a taken code: %d %s", status, body)
	}
	// A session cookie alone does not write through the API; it reads.
	session, _, err := b.svc.Login(context.Background(), "reviewer@example.org", b.passwords[rev], "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	cookie := sessionCookie + "=" + session
	status, body, _ := b.api(t, nobody, "POST", "/api/v1/records", docJSON("By cookie", "published"), "Cookie", cookie)
	if status != 401 {
		t.Errorf("write with a session cookie only: %d %s", status, body)
	}
	status, body, _ = b.api(t, nobody, "GET", "/api/v1/records/DOC-000005", "", "Cookie", cookie)
	if status != 200 {
		t.Errorf("read of a draft with a reviewer's session: %d %s", status, body)
	}
}

// TestAPIIfMatch: a PUT needs the ETag of the revision it edited, and one
// based on a revision saved over since is refused, changing nothing.
func TestAPIIfMatch(t *testing.T) {
	b := newBackOffice(t)
	res := dhakira.Researcher
	status, body, resp := b.api(t, res, "POST", "/api/v1/records?note=from+a+script", docJSON("First title", ""))
	if status != 201 {
		t.Fatalf("create: %d %s", status, body)
	}
	var created struct {
		Code     string         `json:"code"`
		Status   dhakira.Status `json:"status"`
		Revision int            `json:"revision"`
	}
	if err := json.Unmarshal([]byte(body), &created); err != nil || created.Code == "" || created.Status != dhakira.Draft || created.Revision != 1 {
		t.Fatalf("create answered %s", body)
	}
	code := created.Code
	if loc := resp.Header.Get("Location"); loc != "/api/v1/records/"+code {
		t.Errorf("Location %q", loc)
	}
	if et := resp.Header.Get("ETag"); et != `"1"` {
		t.Errorf("ETag of a new record %q", et)
	}
	if revs, _ := b.svc.Revisions(b.as(res), code); len(revs) != 1 || revs[0].Note != "from a script" || revs[0].Author != "researcher@example.org" {
		t.Errorf("history of the new record: %+v", revs)
	}
	path := "/api/v1/records/" + code

	status, body, _ = b.api(t, res, "PUT", path, docJSON("Second title", ""))
	if status != 428 {
		t.Errorf("PUT without If-Match: %d %s", status, body)
	}
	status, body, resp = b.api(t, res, "PUT", path, docJSON("Second title", ""), "If-Match", `"1"`)
	if status != 200 || resp.Header.Get("ETag") != `"2"` || !strings.Contains(body, "Second title") {
		t.Fatalf("PUT with If-Match \"1\": %d %q %s", status, resp.Header.Get("ETag"), body)
	}
	// Someone else still holds revision 1.
	status, body, resp = b.api(t, res, "PUT", path, docJSON("Stale title", ""), "If-Match", `"1"`)
	if status != 412 || resp.Header.Get("ETag") != `"2"` || decodeErr(t, body).Revision != 2 {
		t.Errorf("stale PUT: %d ETag %q %s", status, resp.Header.Get("ETag"), body)
	}
	if r, n := b.current(t, code); r.Title.EN != "Second title" || n != 2 {
		t.Errorf("after a stale PUT: %q at revision %d", r.Title.EN, n)
	}
	// Weak and bare forms of the ETag are taken too.
	status, _, resp = b.api(t, res, "PUT", path, docJSON("Third title", ""), "If-Match", `W/"2"`)
	if status != 200 || resp.Header.Get("ETag") != `"3"` {
		t.Errorf("If-Match W/\"2\": %d %q", status, resp.Header.Get("ETag"))
	}
	status, _, resp = b.api(t, res, "PUT", path, docJSON("Fourth title", ""), "If-Match", `3`)
	if status != 200 || resp.Header.Get("ETag") != `"4"` {
		t.Errorf("If-Match 3: %d %q", status, resp.Header.Get("ETag"))
	}
	for _, bad := range []string{`*`, `"abc"`, `"1", "2"`, `"-1"`} {
		if status, body, _ := b.api(t, res, "PUT", path, docJSON("Bad", ""), "If-Match", bad); status != 400 {
			t.Errorf("If-Match %s: %d %s", bad, status, body)
		}
	}
	// The GET of a record gives the same ETag.
	_, _, resp = b.api(t, res, "GET", path, "")
	if resp.Header.Get("ETag") != `"4"` || resp.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("GET: ETag %q, Cache-Control %q", resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"))
	}
	_, _, resp = b.api(t, nobody, "GET", "/api/v1/records/DOC-000001", "")
	if resp.Header.Get("ETag") != `"1"` {
		t.Errorf("public GET: ETag %q", resp.Header.Get("ETag"))
	}
	// The code of the body, when it has one, is the URL's.
	if status, body, _ := b.api(t, res, "PUT", path, `{"kind":"document","code":"DOC-000001","title":{"en":"x"}}`, "If-Match", `"4"`); status != 400 || decodeErr(t, body).Field != "code" {
		t.Errorf("PUT with another code: %d %s", status, body)
	}
	// A record cannot change kind.
	if status, body, _ := b.api(t, res, "PUT", path, `{"kind":"video","title":{"en":"x"}}`, "If-Match", `"4"`); status != 400 {
		t.Errorf("PUT changing the kind: %d %s", status, body)
	}
	// Revisions, oldest first, and one of them with its record.
	status, body, _ = b.api(t, res, "GET", path+"/revisions", "")
	var revs []struct {
		N      int    `json:"revision"`
		Author string `json:"author"`
		Note   string `json:"note"`
	}
	if err := json.Unmarshal([]byte(body), &revs); status != 200 || err != nil || len(revs) != 4 || revs[0].N != 1 || revs[3].N != 4 || revs[0].Note != "from a script" {
		t.Errorf("revisions: %d %s", status, body)
	}
	status, body, _ = b.api(t, res, "GET", path+"/revisions/2", "")
	if status != 200 || !strings.Contains(body, "Second title") {
		t.Errorf("revision 2: %d %s", status, body)
	}
	for _, p := range []string{path + "/revisions/9", path + "/revisions/0", path + "/revisions/x", "/api/v1/records/DOC-999999/revisions"} {
		if status, body, _ := b.api(t, res, "GET", p, ""); status != 404 {
			t.Errorf("%s: %d %s", p, status, body)
		}
	}
	// Restoring revision 1 makes it revision 5.
	status, body, resp = b.api(t, res, "POST", path+"/revisions/1/restore", "")
	if status != 200 || resp.Header.Get("ETag") != `"5"` || !strings.Contains(body, "First title") {
		t.Errorf("restore: %d %q %s", status, resp.Header.Get("ETag"), body)
	}
}

// TestAPIPutWhatGetGives: every record, as a GET of the API gives it —
// resolved link titles, revision and all — is a valid PUT; unchanged, it
// writes nothing; with a new title, only the title changes.
func TestAPIPutWhatGetGives(t *testing.T) {
	b := newBackOffice(t)
	rev := dhakira.Reviewer
	for _, line := range fixture {
		var head struct{ Code string }
		json.Unmarshal([]byte(line), &head)
		path := "/api/v1/records/" + head.Code
		status, body, resp := b.api(t, rev, "GET", path, "")
		if status != 200 {
			t.Fatalf("GET %s: %d %s", head.Code, status, body)
		}
		et := resp.Header.Get("ETag")
		status, put, resp := b.api(t, rev, "PUT", path, body, "If-Match", et)
		if status != 200 || resp.Header.Get("ETag") != et {
			t.Errorf("PUT %s unchanged: %d ETag %q, want %s: %s", head.Code, status, resp.Header.Get("ETag"), et, put)
		}
	}

	// DOC-000001 has links to published records and to drafts, resolved.
	path := "/api/v1/records/DOC-000001"
	_, body, resp := b.api(t, rev, "GET", path, "")
	if !strings.Contains(body, `"title"`) || !strings.Contains(body, `"revision": 1`) || !strings.Contains(body, "Draft Person Hidden") {
		t.Fatalf("GET as a reviewer lacks the read-only fields or the draft's link title: %s", body)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	doc["title"].(map[string]any)["en"] = "A new English title"
	edited, _ := json.Marshal(doc)
	status, put, resp := b.api(t, rev, "PUT", path+"?note=retitled", string(edited), "If-Match", resp.Header.Get("ETag"))
	if status != 200 || resp.Header.Get("ETag") != `"2"` {
		t.Fatalf("PUT with a new title: %d %s", status, put)
	}
	_, after, _ := b.api(t, rev, "GET", path, "")
	if strings.Replace(strings.Replace(body, "On Regime's Attempts to Storm Homs Central Prison", "A new English title", 1), `"revision": 1`, `"revision": 2`, 1) != after {
		t.Errorf("the PUT changed more than the title:\nbefore %s\nafter %s", body, after)
	}
	revs, err := b.svc.Revisions(b.as(rev), "DOC-000001")
	if err != nil || len(revs) != 2 || strings.Join(revs[1].Changed, ",") != "title" || revs[1].Note != "retitled" {
		t.Errorf("history: %+v %v", revs, err)
	}
	// The public API shows the new title, and no draft's title.
	_, pub, resp := b.api(t, nobody, "GET", path, "")
	contains(t, "public API", pub, "A new English title")
	lacks(t, "public API", pub, "Draft Person Hidden")
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("public API without CORS")
	}

	// What the decoder still refuses, named by field.
	for _, c := range []struct{ body, field string }{
		{`{"kind":"document","title":{"en":"x"},"colour":"red"}`, ""},
		{`{"kind":"document","title":{"en":"x"},"date":"2017-13-01"}`, "date"},
		{`{"kind":"document","title":{"en":"x"},"places":"SY04"}`, "places"},
		{`{"kind":"document","title":{"en":"x"},"links":[{"to":"ENT-000001","colour":"red"}]}`, ""},
		{`{"kind":"document","title":{"en":"x"},"links":[{"to":"ENT-404"}]}`, "links[0].to"},
		{`{"kind":"document","title":{"en":"x"}} {}`, ""},
		{`{"kind":"document","title":`, ""},
		{`[]`, ""},
		{`{"kind":"document","title":{}}`, "title"},
	} {
		status, body, _ := b.api(t, rev, "POST", "/api/v1/records", c.body)
		if status != 400 {
			t.Errorf("%s: %d %s", c.body, status, body)
			continue
		}
		if e := decodeErr(t, body); e.Field != c.field {
			t.Errorf("%s: field %q, want %q (%s)", c.body, e.Field, c.field, e.Error)
		}
	}
	// A record's text may be larger than the site's form limit.
	big := fmt.Sprintf(`{"kind":"document","title":{"en":"A long report"},"text":{"en":%q}}`, strings.Repeat("A long report's text. ", 10000))
	if status, body, _ := b.api(t, rev, "POST", "/api/v1/records", big); status != 201 {
		t.Errorf("a %d-byte record: %d %.300s", len(big), status, body)
	}
	// ... not without a token.
	if status, _, _ := b.api(t, nobody, "POST", "/api/v1/records", big); status != 413 {
		t.Errorf("a %d-byte body without a token: %d", len(big), status)
	}
}

// TestAPIScriptTitleAndJavascriptURL: markup in a title created through
// the API is text on the public page; a javascript: address is refused.
func TestAPIScriptTitleAndJavascriptURL(t *testing.T) {
	b := newBackOffice(t)
	rev := dhakira.Reviewer
	status, body, _ := b.api(t, dhakira.Researcher, "POST", "/api/v1/records",
		`{"kind":"document","title":{"ar":"<script>alert(1)</script>","en":"<script>alert(1)</script>"},"text":{"en":"<img src=x onerror=alert(2)>"}}`)
	if status != 201 {
		t.Fatalf("create: %d %s", status, body)
	}
	var r struct{ Code string }
	json.Unmarshal([]byte(body), &r)
	if status, _, _ := b.api(t, nobody, "GET", "/en/records/"+r.Code, ""); status != 404 {
		t.Errorf("a draft's page: %d", status)
	}
	if status, body, _ := b.api(t, rev, "POST", "/api/v1/records/"+r.Code+"/status", `{"status":"published"}`); status != 200 {
		t.Fatalf("publish: %d %s", status, body)
	}
	for _, lang := range locale.Langs {
		page := b.pageOf(t, "/"+lang+"/records/"+r.Code, 200)
		contains(t, lang+" page", page, "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;")
		lacks(t, lang+" page", page, "<script>alert(1)", "<img src=x")
	}

	for _, u := range []string{"javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>"} {
		js := fmt.Sprintf(`{"kind":"document","title":{"en":"Bad source"},"source":{"name":"x","url":%q}}`, u)
		status, body, _ := b.api(t, rev, "POST", "/api/v1/records", js)
		if status != 400 || decodeErr(t, body).Field != "source.url" {
			t.Errorf("source url %q: %d %s", u, status, body)
		}
	}
	js := `{"kind":"video","title":{"en":"Bad video"},"attrs":{"url":"javascript:alert(1)"}}`
	if status, body, _ := b.api(t, rev, "POST", "/api/v1/records", js); status != 400 || decodeErr(t, body).Field != "attrs.url" {
		t.Errorf("video url: %d %s", status, body)
	}
}

// pageOf fetches a page without a token and fails unless it answers want.
func (b *boSite) pageOf(t testing.TB, path string, want int) string {
	t.Helper()
	status, body, _ := b.api(t, nobody, "GET", path, "")
	if status != want {
		t.Fatalf("GET %s: %d, want %d\n%s", path, status, want, excerptOf(body))
	}
	return body
}

// post sends a form as a browser of this site would, with header pairs.
func (b *boSite) post(t testing.TB, path string, form url.Values, header ...string) (int, string, *http.Response) {
	t.Helper()
	req, err := http.NewRequest("POST", b.URL+path, bytes.NewBufferString(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data), resp
}
