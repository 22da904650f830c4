package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/pgtest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/postgres"
	"github.com/dhakira/dhakira/sqlite"
)

// otherProcessEnv, when set, makes the test binary a writer in another
// process: it renames the record of otherProcessCode in the archive file
// the variable names, through an import, and exits.
const (
	otherProcessEnv   = "DHAKIRA_WEB_TEST_WRITER"
	otherProcessCode  = "DOC-000002"
	otherProcessTitle = "Renamed by an import in another process"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(otherProcessEnv); path != "" {
		if err := renameInOtherProcess(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(pgtest.Main(m))
}

func renameInOtherProcess(path string) error {
	ctx := context.Background()
	db, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	rec, _, err := db.Record(ctx, otherProcessCode, dhakira.Staff)
	if err != nil {
		return err
	}
	rec.Title.EN = otherProcessTitle
	tx, err := db.BeginImport(ctx, "another process")
	if err != nil {
		return err
	}
	if _, err := tx.Put(ctx, rec, true); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// exact is the page cache without slack: every request sees every write
// committed before it began.
func exact() Option { return WithPageCache(DefaultPageCacheBytes, 0) }

// rename sets code's English title through the service layer, as a
// reviewer.
func (b *adminSite) rename(t testing.TB, code, title string) {
	t.Helper()
	rec, info := b.record(t, code)
	rec.Title.EN = title
	if _, err := b.svc.Update(b.as(t, reviewerEmail), rec, info.Revision, "page cache test"); err != nil {
		t.Fatal(err)
	}
}

// cached fetches path twice as an anonymous reader and fails unless the
// second answer came from the cache, the same as the first.
func (b *adminSite) cached(t testing.TB, reader *staffClient, path string) string {
	t.Helper()
	first := reader.page(t, path, http.StatusOK)
	hits := b.web.PageCacheStats().Hits
	second := reader.page(t, path, http.StatusOK)
	if got := b.web.PageCacheStats().Hits; got != hits+1 {
		t.Fatalf("GET %s again: answered from the cache %d times, want 1", path, got-hits)
	}
	if first != second {
		t.Fatalf("GET %s: the kept page differs from the one rendered", path)
	}
	return second
}

func TestPageCacheEditShowsAtOnce(t *testing.T) {
	b := newAdminSite(t, false, exact())
	reader := b.anonymous(t)
	const old = "On Regime&#39;s Attempts to Storm Homs Central Prison"
	for _, path := range []string{"/en/records/DOC-000001", "/en/records/ENT-000001", "/en/browse/document", "/en/chronicle/2017-10-16"} {
		body := b.cached(t, reader, path)
		if path != "/en/chronicle/2017-10-16" {
			contains(t, path, body, old)
		}
	}
	b.cached(t, reader, "/api/v1/records/DOC-000001")

	b.rename(t, "DOC-000001", "Renamed by the editor")
	for _, path := range []string{"/en/records/DOC-000001", "/en/records/ENT-000001", "/en/browse/document", "/api/v1/records/DOC-000001"} {
		body := reader.page(t, path, http.StatusOK)
		contains(t, path+" after the edit", body, "Renamed by the editor")
		lacks(t, path+" after the edit", body, old, "On Regime's Attempts")
	}
	b.rename(t, "DIA-000001", "A renamed diary event")
	contains(t, "the chronicle after the edit", reader.page(t, "/en/chronicle/2017-10-16", http.StatusOK), "A renamed diary event")
}

// An import in another process writes to the archive file: the server
// learns of it from the file, not from its own memory.
func TestPageCacheWriteFromAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	putRecords(t, db, decodeFixture(t, fixture, true))
	s := &site{Server: httptest.NewServer(New(db, testSettings(), exact())), store: db}
	defer s.Close()
	s.client = s.Server.Client()
	page := "/en/records/" + otherProcessCode
	for range 2 {
		lacks(t, page, s.page(t, page, http.StatusOK), otherProcessTitle)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), otherProcessEnv+"="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the writer in another process: %v\n%s", err, out)
	}
	contains(t, page+" after the other process's import", s.page(t, page, http.StatusOK), otherProcessTitle)
	contains(t, "the list after the other process's import", s.page(t, "/en/browse/document", http.StatusOK), otherProcessTitle)
}

func TestPageCacheNeverForTheTeam(t *testing.T) {
	b := newAdminSite(t, false, exact())
	staff := b.login(t, reviewerEmail)
	reader := b.anonymous(t)
	const path = "/en/records/DOC-000001"

	before := b.web.PageCacheStats()
	body := staff.page(t, path, http.StatusOK)
	contains(t, "the team's record page", body, `class="staff-who"`)
	if st := b.web.PageCacheStats(); st != before {
		t.Fatalf("a signed-in request touched the cache: %+v, then %+v", before, st)
	}
	b.cached(t, reader, path)
	lacks(t, "the public's record page", reader.page(t, path, http.StatusOK), `class="staff-who"`)

	before = b.web.PageCacheStats()
	_, body, resp := staff.get(t, path)
	contains(t, "the team's record page with a public copy kept", body, `class="staff-who"`)
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("the team's page: Cache-Control %q", cc)
	}
	if st := b.web.PageCacheStats(); st != before {
		t.Fatalf("a signed-in request was answered from the cache or filled it: %+v, then %+v", before, st)
	}
	// A draft is the team's only, through the API with a token: the
	// public never gets it, before or after.
	secret, _, err := b.svc.AddToken(cli(), reviewerEmail, "test")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", b.URL+"/api/v1/records/DOC-000005", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	if status, _, _ := reader.do(t, req); status != http.StatusOK {
		t.Errorf("the draft's JSON with a token: %d", status)
	}
	reader.page(t, "/api/v1/records/DOC-000005", http.StatusNotFound)
	if status, _, _ := reader.do(t, req); status != http.StatusOK {
		t.Errorf("the draft's JSON with a token, after the public's request: %d", status)
	}
	reader.page(t, "/api/v1/records/DOC-000005", http.StatusNotFound)

	// Nor is one with a token answered from the cache.
	b.cached(t, reader, "/api/v1/records/DOC-000001")
	before = b.web.PageCacheStats()
	req, _ = http.NewRequest("GET", b.URL+"/api/v1/records/DOC-000001", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	if status, _, _ := reader.do(t, req); status != http.StatusOK {
		t.Errorf("a record's JSON with a token: %d", status)
	}
	if st := b.web.PageCacheStats(); st != before {
		t.Errorf("a request with a token touched the cache: %+v, then %+v", before, st)
	}

	// A cookie that names no session leaves the cache alone as well.
	before = b.web.PageCacheStats()
	req, _ = http.NewRequest("GET", b.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: "expired-or-forged"})
	if status, body, _ := reader.do(t, req); status != http.StatusOK || strings.Contains(body, `class="staff-who"`) {
		t.Errorf("with a stale session cookie: %d", status)
	}
	if st := b.web.PageCacheStats(); st != before {
		t.Errorf("a request with a session cookie touched the cache: %+v, then %+v", before, st)
	}
}

func TestPageCacheUnpublished(t *testing.T) {
	b := newAdminSite(t, false, exact())
	reader := b.anonymous(t)
	const title = "On Regime&#39;s Attempts to Storm Homs Central Prison"
	mentions := []string{
		"/en/records/ENT-000001", // issued by
		"/en/records/ENT-000002", // related
		"/en/records/DIA-000001", // related, inverse
		"/en/browse/document",
		"/en/browse/document?place=SY04",
		"/ar/browse/document?type=press-release",
		"/en/records/PLC-homs-central-prison", // counts of records placed there
	}
	for _, path := range mentions {
		body := b.cached(t, reader, path)
		if !strings.HasPrefix(path, "/ar/") && !strings.Contains(path, "PLC-") {
			contains(t, path, body, title)
		}
	}
	place := reader.page(t, "/en/records/PLC-homs-central-prison", http.StatusOK)
	b.cached(t, reader, "/en/records/DOC-000001")
	b.cached(t, reader, "/api/v1/records/DOC-000001")

	if _, err := b.svc.SetStatus(b.as(t, reviewerEmail), "DOC-000001", dhakira.Draft, "page cache test"); err != nil {
		t.Fatal(err)
	}
	reader.page(t, "/en/records/DOC-000001", http.StatusNotFound)
	reader.page(t, "/api/v1/records/DOC-000001", http.StatusNotFound)
	for _, path := range mentions {
		body := reader.page(t, path, http.StatusOK)
		lacks(t, path+" once the record is a draft", body, title, "DOC-000001")
	}
	if reader.page(t, "/en/records/PLC-homs-central-prison", http.StatusOK) == place {
		t.Error("the place's page still counts the record made a draft")
	}
}

func TestPageCacheBudget(t *testing.T) {
	const budget = 48 << 10
	b := newAdminSite(t, false, WithPageCache(budget, 0))
	reader := b.anonymous(t)
	paths := publicRecordPages(t)
	for _, path := range paths {
		reader.page(t, path, http.StatusOK)
		if st := b.web.PageCacheStats(); st.Bytes > budget {
			t.Fatalf("after %s: %d bytes kept, budget %d", path, st.Bytes, budget)
		}
	}
	st := b.web.PageCacheStats()
	if st.Evictions == 0 || st.Pages == 0 || st.Pages >= len(paths) {
		t.Fatalf("%d pages asked for under a budget of %d bytes: %+v", len(paths), budget, st)
	}
	// The least recently used went first: the last page is there, the
	// first is not.
	last := paths[len(paths)-1]
	b.cached(t, reader, last)
	renders := b.web.PageCacheStats().Renders
	reader.page(t, paths[0], http.StatusOK)
	if got := b.web.PageCacheStats().Renders; got != renders+1 {
		t.Errorf("the first page asked for was still kept (%d renders)", got-renders)
	}
}

// rawGet sends a request as a client that decompresses nothing.
func rawGet(t testing.TB, method, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestPageCacheHeadGzip304(t *testing.T) {
	b := newAdminSite(t, false, exact())
	url := b.URL + "/en/records/DOC-000004"

	// A HEAD first: rendered as a GET, kept, and answered without a body.
	head, body := rawGet(t, "HEAD", url)
	if head.StatusCode != http.StatusOK || len(body) != 0 || head.Header.Get("ETag") == "" {
		t.Fatalf("HEAD: %d, %d bytes, ETag %q", head.StatusCode, len(body), head.Header.Get("ETag"))
	}
	st := b.web.PageCacheStats()
	plain, body := rawGet(t, "GET", url)
	if b.web.PageCacheStats().Hits != st.Hits+1 {
		t.Error("the GET after a HEAD was rendered again")
	}
	if plain.StatusCode != http.StatusOK || plain.Header.Get("Content-Encoding") != "" || !strings.Contains(string(body), "</html>") {
		t.Fatalf("GET without gzip: %d, Content-Encoding %q", plain.StatusCode, plain.Header.Get("Content-Encoding"))
	}
	for _, h := range []string{"ETag", "Content-Length", "Content-Type", "Content-Language", "Cache-Control"} {
		if plain.Header.Get(h) != head.Header.Get(h) {
			t.Errorf("%s: GET %q, HEAD %q", h, plain.Header.Get(h), head.Header.Get(h))
		}
	}
	if plain.Header.Get("Content-Type") != "text/html; charset=utf-8" || plain.Header.Get("Content-Language") != "en" || plain.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("headers of a kept page: %v", plain.Header)
	}
	if plain.Header.Get("Content-Security-Policy") == "" || plain.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("a kept page lost the security headers: %v", plain.Header)
	}
	if !strings.Contains(strings.Join(plain.Header.Values("Vary"), ","), "Accept-Encoding") {
		t.Errorf("Vary %q", plain.Header.Values("Vary"))
	}
	if n := plain.Header.Get("Content-Length"); n != fmt.Sprint(len(body)) {
		t.Errorf("Content-Length %s for %d bytes", n, len(body))
	}

	zipped, zbody := rawGet(t, "GET", url, "Accept-Encoding", "br;q=1, gzip;q=0.8")
	if zipped.Header.Get("Content-Encoding") != "gzip" || len(zbody) >= len(body) {
		t.Fatalf("GET with gzip: Content-Encoding %q, %d bytes (%d plain)", zipped.Header.Get("Content-Encoding"), len(zbody), len(body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zbody))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, body) {
		t.Fatalf("the gzipped page is not the page (%v)", err)
	}
	tag, ztag := plain.Header.Get("ETag"), zipped.Header.Get("ETag")
	if tag == ztag {
		t.Errorf("the plain and gzipped pages share the entity tag %s", tag)
	}
	if resp, _ := rawGet(t, "HEAD", url, "Accept-Encoding", "gzip"); resp.Header.Get("Content-Length") != fmt.Sprint(len(zbody)) || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("HEAD with gzip: %v", resp.Header)
	}
	if resp, _ := rawGet(t, "GET", url, "Accept-Encoding", "gzip;q=0, identity"); resp.Header.Get("Content-Encoding") != "" {
		t.Error("gzip refused by q=0, and sent")
	}

	for _, c := range []struct {
		header []string
		want   int
	}{
		{[]string{"If-None-Match", tag}, http.StatusNotModified},
		{[]string{"If-None-Match", `"other", ` + tag}, http.StatusNotModified},
		{[]string{"If-None-Match", "*"}, http.StatusNotModified},
		{[]string{"If-None-Match", ztag, "Accept-Encoding", "gzip"}, http.StatusNotModified},
		{[]string{"If-None-Match", tag, "Accept-Encoding", "gzip"}, http.StatusOK}, // a tag of another representation
		{[]string{"If-None-Match", `"other"`}, http.StatusOK},
	} {
		resp, got := rawGet(t, "GET", url, c.header...)
		if resp.StatusCode != c.want || c.want == http.StatusNotModified && (len(got) > 0 || resp.Header.Get("ETag") == "") {
			t.Errorf("%q: %d with %d bytes, ETag %q; want %d", c.header, resp.StatusCode, len(got), resp.Header.Get("ETag"), c.want)
		}
	}

	// A change elsewhere leaves this page as it was: it is rendered
	// again, and the reader's copy is still good.
	b.rename(t, "DIA-000005", "Elsewhere")
	if resp, _ := rawGet(t, "GET", url, "If-None-Match", tag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("after a change elsewhere: %d, want 304", resp.StatusCode)
	}
	b.rename(t, "DOC-000004", "A new title")
	resp, got := rawGet(t, "GET", url, "If-None-Match", tag)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == tag || !strings.Contains(string(got), "A new title") {
		t.Errorf("after the page's own change: %d, ETag %q (was %q)", resp.StatusCode, resp.Header.Get("ETag"), tag)
	}

	// Addresses with a query the page does not read are not kept.
	st = b.web.PageCacheStats()
	for range 3 {
		rawGet(t, "GET", url+"?utm_source=x")
		rawGet(t, "GET", b.URL+"/en/browse/document?junk=1")
	}
	if got := b.web.PageCacheStats(); got.Pages != st.Pages || got.Hits != st.Hits {
		t.Errorf("pages with a foreign query were kept: %+v, then %+v", st, got)
	}
}

// Readers at once while the record changes: each reader sees the record's
// versions in order, never one older than one it has seen; once the
// writer is done every page shows the last; and a burst for a page not
// kept renders it once.
func TestPageCacheConcurrent(t *testing.T) {
	b := newAdminSite(t, false, exact())
	paths := []string{"/en/records/DOC-000001", "/en/records/ENT-000001", "/en/browse/document", "/ar/records/DOC-000001", "/en/records/DIA-000001"}
	const versions = 8
	var wg sync.WaitGroup
	var stop atomic.Bool
	errs := make(chan error, 100)
	for c := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{}
			seen := -1
			for i := 0; !stop.Load(); i++ {
				path := paths[(c+i)%len(paths)]
				resp, err := client.Get(b.URL + path)
				if err != nil {
					errs <- err
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("GET %s: %d", path, resp.StatusCode)
					return
				}
				if strings.HasPrefix(path, "/ar/") {
					continue
				}
				v := -1
				for k := versions; k >= 1; k-- {
					if strings.Contains(string(body), fmt.Sprintf("Version %d of the title", k)) {
						v = k
						break
					}
				}
				if v < seen {
					errs <- fmt.Errorf("GET %s: version %d after version %d", path, v, seen)
					return
				}
				seen = max(seen, v)
			}
		}()
	}
	for k := 1; k <= versions; k++ {
		time.Sleep(20 * time.Millisecond)
		b.rename(t, "DOC-000001", fmt.Sprintf("Version %d of the title", k))
	}
	time.Sleep(20 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	reader := b.anonymous(t)
	for _, path := range paths {
		if !strings.HasPrefix(path, "/ar/") {
			contains(t, path+" at the end", reader.page(t, path, http.StatusOK), fmt.Sprintf("Version %d of the title", versions))
		}
	}

	// One rendering for a burst.
	b.rename(t, "DOC-000001", "After the burst")
	before := b.web.PageCacheStats()
	var burst sync.WaitGroup
	for range 24 {
		burst.Add(1)
		go func() {
			defer burst.Done()
			resp, err := http.Get(b.URL + "/en/records/ENT-000001")
			if err != nil {
				t.Error(err)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(body), "After the burst") {
				t.Error("a reader of the burst got the page before the change")
			}
		}()
	}
	burst.Wait()
	st := b.web.PageCacheStats()
	if st.Renders != before.Renders+1 || st.Hits != before.Hits+23 {
		t.Errorf("24 readers at once for one page: %d renderings, %d from the cache; want 1 and 23", st.Renders-before.Renders, st.Hits-before.Hits)
	}
}

// With slack, a page may miss a write committed less than the slack
// before its request, and never one committed longer before.
func TestPageCacheSlackBound(t *testing.T) {
	const slack = 300 * time.Millisecond
	b := newAdminSite(t, false, WithPageCache(DefaultPageCacheBytes, slack))
	reader := b.anonymous(t)
	b.cached(t, reader, "/en/records/DOC-000002")
	b.rename(t, "DOC-000002", "Renamed within the slack")
	time.Sleep(slack)
	contains(t, "the page a slack after the write", reader.page(t, "/en/records/DOC-000002", http.StatusOK), "Renamed within the slack")
}

// A page is kept per day: a record page cites the day it was read.
func TestPageCacheNextDay(t *testing.T) {
	var now atomic.Pointer[time.Time]
	day1 := time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC)
	now.Store(&day1)
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	srv := New(db, testSettings(), exact())
	srv.now = func() time.Time { return *now.Load() }
	s := httptest.NewServer(srv)
	defer s.Close()
	get := func() string {
		resp, body := rawGet(t, "GET", s.URL+"/en/records/DOC-000001")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%d", resp.StatusCode)
		}
		return string(body)
	}
	first := get()
	if get() != first || srv.PageCacheStats().Hits != 1 {
		t.Fatalf("the page was not kept: %+v", srv.PageCacheStats())
	}
	day2 := day1.Add(2 * time.Minute)
	now.Store(&day2)
	if next := get(); next == first || srv.PageCacheStats().Renders != 2 {
		t.Errorf("the next day's page is the day before's: %+v", srv.PageCacheStats())
	}
}

// A record whose file the worker is still preparing changes when it is
// done, without a new revision: its page is not kept until then.
func TestPageCacheFilesBeingPrepared(t *testing.T) {
	b := newAdminSite(t, false, exact())
	reader := b.anonymous(t)
	_, info := b.record(t, "DOC-000002")
	if _, _, err := b.svc.AddFile(b.as(t, reviewerEmail), "DOC-000002", info.Revision, strings.NewReader("%PDF-1.4\n% a scan\n"), dhakira.File{Name: "scan.pdf"}, "test"); err != nil {
		t.Fatal(err)
	}
	const path = "/en/records/DOC-000002"
	before := b.web.PageCacheStats()
	reader.page(t, path, http.StatusOK)
	reader.page(t, path, http.StatusOK)
	if st := b.web.PageCacheStats(); st.Hits != before.Hits || st.Renders != before.Renders+2 {
		t.Fatalf("the page of a file being prepared was kept: %+v, then %+v", before, st)
	}
	ctx := context.Background()
	job, err := b.store.ClaimJob(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.store.FinishJob(ctx, job.ID, 0, ""); err != nil {
		t.Fatal(err)
	}
	b.cached(t, reader, path)
}

// Two servers on one PostgreSQL database: a write through either shows on
// the other's pages at once.
func TestPageCachePostgresNodes(t *testing.T) {
	url := pgtest.URL(t)
	var nodes []*httptest.Server
	var stores []*postgres.DB
	for range 2 {
		db, err := postgres.Open(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		stores = append(stores, db)
		srv := httptest.NewServer(New(db, testSettings(), exact()))
		t.Cleanup(srv.Close)
		nodes = append(nodes, srv)
	}
	putRecords(t, stores[0], decodeFixture(t, fixture, true))
	get := func(node int, path string, want int) string {
		t.Helper()
		resp, body := rawGet(t, "GET", nodes[node].URL+path)
		if resp.StatusCode != want {
			t.Fatalf("node %d: GET %s: %d, want %d", node, path, resp.StatusCode, want)
		}
		return string(body)
	}
	for range 2 {
		contains(t, "node 1's page", get(1, "/en/records/ENT-000003", http.StatusOK), "Statement on Damascus")
		get(1, "/en/records/DOC-000002", http.StatusOK)
	}
	ctx := context.Background()
	rec, _, err := stores[0].Record(ctx, "DOC-000002", dhakira.Staff)
	if err != nil {
		t.Fatal(err)
	}
	rec.Title.EN = "Renamed through node 0"
	replaceRecord(t, stores[0], rec)
	contains(t, "node 1's page after node 0's write", get(1, "/en/records/DOC-000002", http.StatusOK), "Renamed through node 0")
	rec.Status = dhakira.Draft
	replaceRecord(t, stores[0], rec)
	get(1, "/en/records/DOC-000002", http.StatusNotFound)
	lacks(t, "node 1's related list after node 0 unpublished", get(1, "/en/records/ENT-000003", http.StatusOK), "Renamed through node 0", "Statement on Damascus")
}

// replaceRecord writes rec as its record's next revision.
func replaceRecord(t testing.TB, store dhakira.Store, rec *dhakira.Record) {
	t.Helper()
	ctx := context.Background()
	tx, err := store.BeginImport(ctx, "web-test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Put(ctx, rec, true); err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// An edit drops the pages that show the record edited, and the page of a
// record it starts linking to; the pages of the other records stay kept.
func TestPageCachePrecise(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testPageCachePrecise(t, sqlitetest.Open(t)) })
	t.Run("postgres", func(t *testing.T) {
		db, err := postgres.Open(pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		testPageCachePrecise(t, db)
	})
}

func testPageCachePrecise(t *testing.T, store dhakira.Store) {
	putRecords(t, store, decodeFixture(t, fixture, true))
	site := New(store, testSettings(), exact())
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	get := func(path string) string {
		t.Helper()
		resp, body := rawGet(t, "GET", srv.URL+path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return string(body)
	}
	// kept fails unless path is answered from the cache, as it was.
	kept := func(path, want string) {
		t.Helper()
		hits := site.PageCacheStats().Hits
		if got := get(path); got != want {
			t.Errorf("GET %s: the page changed", path)
		}
		if n := site.PageCacheStats().Hits - hits; n != 1 {
			t.Errorf("GET %s: answered from the cache %d times, want 1", path, n)
		}
	}
	// rendered fails if path is answered from the cache.
	rendered := func(path string) string {
		t.Helper()
		hits := site.PageCacheStats().Hits
		body := get(path)
		if n := site.PageCacheStats().Hits - hits; n != 0 {
			t.Errorf("GET %s: answered from the cache, want it rendered again", path)
		}
		return body
	}
	edit := func(code string, fn func(*dhakira.Record)) {
		t.Helper()
		rec, _, err := store.Record(context.Background(), code, dhakira.Staff)
		if err != nil {
			t.Fatal(err)
		}
		fn(rec)
		replaceRecord(t, store, rec)
	}
	unrelated := []string{"/en/records/PER-000002", "/ar/records/PER-000002", "/en/records/DIA-000002", "/api/v1/records/PER-000002", "/en/records/ENT-000002"}
	pages := map[string]string{}
	for _, path := range append(unrelated, "/en/records/DOC-000002", "/en/records/ENT-000003", "/en/browse/document", "/api/v1/records/DOC-000002") {
		pages[path] = get(path)
		kept(path, pages[path])
	}

	edit("DOC-000002", func(r *dhakira.Record) { r.Title.EN = "Statement renamed" })
	for _, path := range []string{"/en/records/DOC-000002", "/en/records/ENT-000003", "/en/browse/document", "/api/v1/records/DOC-000002"} {
		body := rendered(path)
		contains(t, path+" after the edit", body, "Statement renamed")
		lacks(t, path+" after the edit", body, "Statement on Damascus")
	}
	for _, path := range unrelated {
		kept(path, pages[path])
	}
	if st := site.PageCacheStats(); st.Dropped == 0 {
		t.Errorf("no page dropped for the change: %+v", st)
	}

	// A record that starts linking to another: the other's page lists it.
	edit("DOC-000003", func(r *dhakira.Record) {
		r.Links = append(r.Links, dhakira.Link{Rel: "issued-by", To: "ENT-000002"})
	})
	contains(t, "the entity's page once a document links to it", rendered("/en/records/ENT-000002"), "English Only Bulletin")
	kept("/en/records/PER-000002", pages["/en/records/PER-000002"])

	// A draft published: the page of the record it links to lists it.
	ent1 := get("/en/records/ENT-000001")
	lacks(t, "the entity's page", ent1, "Draft Document Hidden")
	kept("/en/records/ENT-000001", ent1)
	edit("DOC-000005", func(r *dhakira.Record) { r.Status = dhakira.Published })
	contains(t, "the entity's page once a document linking to it is published", rendered("/en/records/ENT-000001"), "Draft Document Hidden")

	// Made a draft: it leaves every page that named it.
	doc1 := "/en/records/DOC-000001"
	contains(t, doc1, get(doc1), "Draft Document Hidden")
	edit("DOC-000005", func(r *dhakira.Record) { r.Status = dhakira.Draft })
	for _, path := range []string{doc1, "/en/records/ENT-000001", "/en/browse/document"} {
		lacks(t, path+" once the document is a draft again", rendered(path), "Draft Document Hidden")
	}
	kept("/en/records/PER-000002", pages["/en/records/PER-000002"])
}

// A client that does not take gzip is sent the page decompressed, and
// the copy is kept beside the compressed one while the budget has room;
// the copies go before any page does.
func TestPageCachePlainCopies(t *testing.T) {
	for _, budget := range []int64{DefaultPageCacheBytes, 48 << 10} {
		b := newAdminSite(t, false, WithPageCache(budget, 0))
		paths := publicRecordPages(t)
		for _, path := range paths {
			resp, zipped := rawGet(t, "GET", b.URL+path, "Accept-Encoding", "gzip")
			if resp.Header.Get("Content-Encoding") != "gzip" {
				continue // too small to be worth compressing
			}
			zr, err := gzip.NewReader(bytes.NewReader(zipped))
			if err != nil {
				t.Fatal(err)
			}
			want, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			before := b.web.PageCacheStats()
			for i := range 2 {
				resp, plain := rawGet(t, "GET", b.URL+path)
				if !bytes.Equal(plain, want) || resp.Header.Get("Content-Encoding") != "" || resp.ContentLength != int64(len(want)) {
					t.Fatalf("budget %d: GET %s without gzip (%d): %d bytes, %q, Content-Length %d; want the %d bytes decompressed",
						budget, path, i, len(plain), resp.Header.Get("Content-Encoding"), resp.ContentLength, len(want))
				}
			}
			st := b.web.PageCacheStats()
			if st.Bytes > budget {
				t.Fatalf("budget %d: after %s: %d bytes kept", budget, path, st.Bytes)
			}
			if budget == DefaultPageCacheBytes && (st.Bytes != before.Bytes+int64(len(want)) || st.Hits != before.Hits+2) {
				t.Fatalf("GET %s without gzip: kept %d bytes then %d, hits %d then %d; want its plain copy kept (%d bytes)",
					path, before.Bytes, st.Bytes, before.Hits, st.Hits, len(want))
			}
		}
	}
}

// TestPageDepsManyNamed: a page naming more records than maxNamed (an
// organization's page listing those linking to it) is indexed as wide,
// dropped by any change, instead of under each record; a page naming a
// few is indexed under each of them, once.
func TestPageDepsManyNamed(t *testing.T) {
	few := pageDeps{narrow: true, subject: "ORG-1", named: []string{"ORG-1", "DOC-2", "DOC-1", "DOC-2", ""}}
	if got, want := few.keys(), []string{subjectKey("ORG-1"), "DOC-1", "DOC-2", "ORG-1"}; !slices.Equal(got, want) {
		t.Errorf("keys of a page naming three records: %q, want %q", got, want)
	}
	many := pageDeps{narrow: true, subject: "ORG-1", named: []string{"ORG-1"}}
	for i := range maxNamed + 1 {
		many.named = append(many.named, fmt.Sprintf("DOC-%06d", i))
	}
	if got := many.keys(); !slices.Equal(got, []string{wideKey}) {
		t.Errorf("a page naming %d records is indexed under %d keys, want only the wide key", len(many.named), len(got))
	}
	many.named = many.named[:maxNamed]
	if got := many.keys(); len(got) != 1+maxNamed {
		t.Errorf("a page naming %d records: %d keys, want %d", maxNamed, len(got), 1+maxNamed)
	}
}

// publicRecordPages returns the addresses of the fixture's published
// records' pages, in English and Arabic.
func publicRecordPages(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, line := range fixture {
		r := decodeFixture(t, []string{line}, true)[0]
		if _, hidden := drafts[r.Code]; !hidden {
			paths = append(paths, "/en/records/"+r.Code, "/ar/records/"+r.Code)
		}
	}
	return paths
}
