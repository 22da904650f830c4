package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/locale"
	"github.com/dhakira/dhakira/search"
)

// newSearchSite serves the fixture archive, and extra records, with a real
// search engine whose index sits in a temp folder.
func newSearchSite(t testing.TB, extra ...string) *site {
	t.Helper()
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	putRecords(t, db, decodeFixture(t, []string{unsafeRecord}, false))
	if len(extra) > 0 {
		putRecords(t, db, decodeFixture(t, extra, true))
	}
	eng, err := search.New(filepath.Join(t.TempDir(), "index"), db, search.Options{TypeLabel: locale.TypeLabel})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if _, err := eng.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(db, testSettings(), WithSearch(eng)))
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &site{Server: srv, store: db, client: client}
}

// failingSearch is a search service that always fails, as an index on a
// full disk would.
type failingSearch struct{}

func (failingSearch) Search(context.Context, dhakira.SearchRequest) (*dhakira.SearchResult, error) {
	return nil, errors.New("index: disk I/O error at /secret/path")
}

// cannedSearch answers every search with the same result.
type cannedSearch struct{ res dhakira.SearchResult }

func (c cannedSearch) Search(context.Context, dhakira.SearchRequest) (*dhakira.SearchResult, error) {
	res := c.res
	return &res, nil
}

// serveWith serves the fixture archive with svc as its search.
func serveWith(t testing.TB, svc dhakira.SearchService) *site {
	t.Helper()
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	srv := httptest.NewServer(New(db, testSettings(), WithSearch(svc)))
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &site{Server: srv, store: db, client: client}
}

var (
	totalRe     = regexp.MustCompile(`<p class="total" role="status">([^<]*)</p>`)
	facetLinkRe = regexp.MustCompile(`<a class="facet-value(?: is-sub)?" href="([^"]+)"><span class="facet-label"[^>]*>([^<]*)</span>(?: <span class="fallback-mark">[^<]*</span>)? <span class="facet-count">(\d+)</span></a>`)
	removeRe    = regexp.MustCompile(`<a class="remove-filter" href="([^"]+)"`)
	hitCodeRe   = regexp.MustCompile(`<li class="item hit item-[a-z]+">\s*<a class="item-title" href="/[a-z]{2}/records/([^"]+)"`)
)

func translators(t testing.TB) map[string]*locale.Translator {
	t.Helper()
	tr, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// total reads the result count of a search page.
func total(t testing.TB, body string) string {
	t.Helper()
	m := totalRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no result count on the page\n%s", excerptOf(body))
	}
	return m[1]
}

func hitCodes(body string) []string {
	var out []string
	for _, m := range hitCodeRe.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestSearchPage(t *testing.T) {
	s := newSearchSite(t)
	tr := translators(t)
	for _, c := range []struct {
		lang, q, count, mark, snippetLang string
	}{
		{"en", "prison", "4 results", "<mark>prison</mark>", "en"},
		{"ar", "سجن", "4 نتائج", "<mark>السجن</mark>", "ar"},
		{"en", "سجن", "4 results", "<mark>السجن</mark>", "ar"}, // an Arabic word on the English page
	} {
		what := "/" + c.lang + "/search?q=" + c.q
		body := s.page(t, "/"+c.lang+"/search?q="+url.QueryEscape(c.q), 200)
		contains(t, what, body, htmlTag[c.lang],
			`value="`+c.q+`"`,
			c.mark,
			`<p class="item-excerpt snippet" dir="auto" lang="`+c.snippetLang+`">`,
			`href="/`+c.lang+`/records/DIA-000001"`,
			`id="facet-kind"`, `id="facet-place"`, `id="facet-type"`, `id="facet-reliability"`, `id="facet-year"`,
			tr[c.lang].T("search_help"),
			`href="/`+dhakira.OtherLang(c.lang)+`/search?q=`+url.QueryEscape(c.q)+`"`,
		)
		if got := total(t, body); got != c.count {
			t.Errorf("%s: count %q, want %q", what, got, c.count)
		}
		if got := hitCodes(body); len(got) != 4 {
			t.Errorf("%s: hits %q", what, got)
		}
	}
	// Each hit shows its kind, type, date in the page's language, and code.
	ar := s.page(t, "/ar/search?q="+url.QueryEscape("سجن"), 200)
	contains(t, "ar hits", ar, `<span class="kind">وثيقة</span><span>بيان صحفي</span><span>19 تشرين الأول 2017</span><span class="code">DOC-000001</span>`)
	en := s.page(t, "/en/search?q=Bulletin", 200)
	contains(t, "en hits", en, `<span class="kind">Document</span><span>bulletin</span><span>2012</span><span class="code">DOC-000003</span>`)
	// A title in the other language is marked as such.
	arB := s.page(t, "/ar/search?q=Bulletin", 200)
	contains(t, "ar fallback", arB, `lang="en">English Only Bulletin</a> <span class="fallback-mark">(بالإنجليزية)</span>`)
	// Arabic plurals.
	for q, want := range map[string]string{"Bulletin": "نتيجة واحدة", "regime": "نتيجتان", "zzzzqq": "لا نتائج", "حمص": "11 نتيجة"} {
		if got := total(t, s.page(t, "/ar/search?q="+url.QueryEscape(q), 200)); got != want {
			t.Errorf("ar %q: count %q, want %q", q, got, want)
		}
	}
}

func TestSearchEmptyPage(t *testing.T) {
	s := newSearchSite(t)
	for _, lang := range locale.Langs {
		for _, p := range []string{"/search", "/search?q=", "/search?q=+++", "/search?page=3&sort=date"} {
			body := s.page(t, "/"+lang+p, 200)
			contains(t, lang+p, body, htmlTag[lang], `<details class="search-help" open>`, `name="q"`)
			lacks(t, lang+p, body, `class="total"`, `class="item hit`, translators(t)[lang].T("search_none"))
		}
	}
}

// TestSearchFacets follows every facet link of a search and checks that
// it narrows the results to the count it showed, that the filter shows as
// active, and that removing it gives the first results back.
func TestSearchFacets(t *testing.T) {
	s := newSearchSite(t)
	tr := translators(t)
	for _, lang := range locale.Langs {
		base := "/" + lang + "/search?q=" + url.QueryEscape(map[string]string{"ar": "حمص", "en": "Homs"}[lang])
		body := s.page(t, base, 200)
		all := total(t, body)
		if all != tr[lang].N("count_result", 11) {
			t.Fatalf("%s: %q", base, all)
		}
		narrower := 0
		for _, facet := range facetNames {
			links := facetLinkRe.FindAllStringSubmatch(section(t, body, "facet-"+facet), -1)
			if len(links) == 0 {
				t.Errorf("%s: no links in the %s facet", base, facet)
			}
			for _, l := range links {
				href := html.UnescapeString(l[1])
				n, _ := strconv.Atoi(l[3])
				if !strings.Contains(href, "q=") {
					t.Errorf("%s: facet link %s drops the query", base, href)
				}
				got := s.page(t, href, 200)
				if tot := total(t, got); tot != tr[lang].N("count_result", n) {
					t.Errorf("%s → %s (%s): %q, want %d", base, l[2], href, tot, n)
				}
				if n < 11 {
					narrower++
				}
				if codes := hitCodes(got); len(codes) != n {
					t.Errorf("%s: %d hits listed, want %d", href, len(codes), n)
				}
				// The filter is shown, with a link that removes it.
				contains(t, href, got, `class="active-filters"`, `<span class="chip-value" dir="auto"`)
				rm := removeRe.FindStringSubmatch(got)
				if rm == nil {
					t.Errorf("%s: no remove link", href)
					continue
				}
				if back := total(t, s.page(t, html.UnescapeString(rm[1]), 200)); back != all {
					t.Errorf("%s: removing the filter gives %q, want %q", href, back, all)
				}
			}
		}
		if narrower < 5 {
			t.Errorf("%s: only %d facet links narrow the search", base, narrower)
		}
	}
	// Facets combine, and each filter is removed on its own.
	body := s.page(t, "/en/search?q=Homs&kind=diary&place=SY0400", 200)
	if got := total(t, body); got != "2 results" {
		t.Errorf("kind and place: %q", got)
	}
	contains(t, "two filters", body, `<span class="chip-name">Kind</span> <span class="chip-value" dir="auto" lang="en">Diaries</span>`,
		`<span class="chip-name">Place</span> <span class="chip-value" dir="auto" lang="en">Homs</span>`,
		`href="/en/search?place=SY0400&amp;q=Homs"`, // kind removed
		`href="/en/search?kind=diary&amp;q=Homs"`,   // place removed
		`href="/en/search?q=Homs">Remove all filters</a>`,
		`<input type="hidden" name="kind" value="diary">`, `<input type="hidden" name="place" value="SY0400">`)
	// Within a place, the place facet shows it and the places inside it.
	body = s.page(t, "/ar/search?q="+url.QueryEscape("حمص")+"&place=SY04", 200)
	places := section(t, body, "facet-place")
	contains(t, "place facet within SY04", places, `aria-current="true"><span class="facet-label" dir="auto" lang="ar">محافظة حمص</span>`,
		`href="/ar/search?place=SY0400&amp;q=%D8%AD%D9%85%D8%B5"><span class="facet-label" dir="auto" lang="ar">منطقة حمص</span>`)
	lacks(t, "place facet within SY04", places, "ناحية مركز حمص") // two levels down: not yet
	lacks(t, "place facet within SY04", body, "PLC-secret-site", "موقع مسودة سري")
	contains(t, "place chip", body, `<span class="chip-value" dir="auto" lang="ar">محافظة حمص</span>`)
	// When one place holds every hit, the facet goes down to the places
	// that divide them, or to the last one.
	places = section(t, s.page(t, "/en/search?q=prison", 200), "facet-place")
	contains(t, "place facet of prison", places, `href="/en/search?place=SY04&amp;q=prison"`,
		`<a class="facet-value is-sub" href="/en/search?place=PLC-homs-central-prison&amp;q=prison"><span class="facet-label" dir="auto" lang="en">Homs Central Prison</span> <span class="facet-count">4</span>`)
	// A year is a date range of one year.
	body = s.page(t, "/en/search?q=Homs&from=2017&to=2017", 200)
	contains(t, "year", body, `<span class="chip-name">Date</span> <span class="chip-value" dir="auto" lang="en">2017</span>`, `aria-current="true"><span class="facet-label" dir="auto" lang="en">2017</span>`)
	body = s.page(t, "/en/search?q=Homs&from=2017-10-15&to=2018", 200)
	if got := total(t, body); got != "3 results" {
		t.Errorf("from 2017-10-15 to 2018: %q", got)
	}
	contains(t, "from and to", body, "<span class=\"chip-name\">From</span> <span class=\"chip-value\" dir=\"auto\" lang=\"en\">October 15, 2017</span>", `<span class="chip-name">Until</span>`)
}

func TestSearchSort(t *testing.T) {
	s := newSearchSite(t)
	order := func(p string) []string {
		var dated []string
		for _, c := range hitCodes(s.page(t, p, 200)) {
			if !strings.HasPrefix(c, "SY") && !strings.HasPrefix(c, "PLC") && !strings.HasPrefix(c, "PER") {
				dated = append(dated, c)
			}
		}
		return dated
	}
	newest := order("/en/search?q=Homs&sort=date")
	want := []string{"TST-000001", "DOC-000001", "DIA-000001", "DIA-000005", "DOC-000003", "VID-000001"}
	if !slices.Equal(newest, want) {
		t.Errorf("newest first: %q, want %q", newest, want)
	}
	oldest := order("/en/search?q=Homs&sort=date-asc")
	slices.Reverse(want)
	if !slices.Equal(oldest, want) {
		t.Errorf("oldest first: %q, want %q", oldest, want)
	}
	body := s.page(t, "/en/search?q=Homs&sort=date&kind=diary", 200)
	contains(t, "sort switch", body, `<span aria-current="true">Newest first</span>`,
		`<a href="/en/search?kind=diary&amp;q=Homs">Best match</a>`, `<a href="/en/search?kind=diary&amp;q=Homs&amp;sort=date-asc">Oldest first</a>`)
	// Without a query, the newest come first and relevance is not offered.
	body = s.page(t, "/ar/search?kind=diary", 200)
	if codes := hitCodes(body); len(codes) != 5 || codes[0] != "DIA-000004" {
		t.Errorf("diaries without a query: %q", codes)
	}
	lacks(t, "no query", body, "الأقرب إلى البحث")
	contains(t, "no query", body, `<span aria-current="true">الأحدث أولًا</span>`)
}

func TestSearchPaging(t *testing.T) {
	var extra []string
	for i := 1; i <= 45; i++ {
		extra = append(extra, fmt.Sprintf(`{"kind":"document","code":"DOC-1%05d","title":{"ar":"نشرة إدلب رقم %d","en":"Idlib bulletin number %d"},"text":{"en":"News from Idlib, issue %d."},"type":"report","date":"2019-%02d-01"}`, i, i, i, i, i%12+1))
	}
	s := newSearchSite(t, extra...)
	p1 := s.page(t, "/en/search?q=Idlib", 200)
	if got := total(t, p1); got != "45 results" {
		t.Fatalf("count %q", got)
	}
	if n := len(hitCodes(p1)); n != SearchPageSize {
		t.Errorf("page 1: %d hits", n)
	}
	contains(t, "page 1", p1, "Page 1 of 3", `rel="next" href="/en/search?page=2&amp;q=Idlib"`)
	lacks(t, "page 1", p1, `rel="prev"`)
	p2 := s.page(t, "/en/search?q=Idlib&page=2", 200)
	contains(t, "page 2", p2, "Page 2 of 3", `rel="prev" href="/en/search?q=Idlib"`, `rel="next" href="/en/search?page=3&amp;q=Idlib"`)
	p3 := s.page(t, "/en/search?q=Idlib&page=3", 200)
	if n := len(hitCodes(p3)); n != 5 {
		t.Errorf("page 3: %d hits", n)
	}
	lacks(t, "page 3", p3, `rel="next"`)
	seen := map[string]bool{}
	for _, p := range []string{p1, p2, p3} {
		for _, c := range hitCodes(p) {
			if seen[c] {
				t.Errorf("%s on two pages", c)
			}
			seen[c] = true
		}
	}
	if len(seen) != 45 {
		t.Errorf("%d records over three pages", len(seen))
	}
	// Paging keeps the filters and the sort; a filter starts again at page 1.
	body := s.page(t, "/ar/search?q="+url.QueryEscape("إدلب")+"&type=report&sort=date", 200)
	contains(t, "ar paging", body, "الصفحة 1 من 3", `rel="next" href="/ar/search?page=2&amp;q=%D8%A5%D8%AF%D9%84%D8%A8&amp;sort=date&amp;type=report"`)
	body = s.page(t, "/en/search?q=Idlib&page=2", 200)
	for _, l := range facetLinkRe.FindAllStringSubmatch(body, -1) {
		if strings.Contains(l[1], "page=") {
			t.Errorf("facet link %s keeps the page", l[1])
		}
	}
	// Past the last page: no hits, a way back.
	body = s.page(t, "/en/search?q=Idlib&page=9", 200)
	contains(t, "page 9", body, "No results on this page.", `rel="prev" href="/en/search?page=3&amp;q=Idlib"`)
	// A page that is not a number is page 1.
	for _, p := range []string{"abc", "0", "-1", "99999999999999999999", "1e3"} {
		body := s.page(t, "/en/search?q=Idlib&page="+p, 200)
		if !slices.Equal(hitCodes(body), hitCodes(p1)) {
			t.Errorf("page=%s is not page 1", p)
		}
	}
}

func TestSearchNoResults(t *testing.T) {
	s := newSearchSite(t)
	tr := translators(t)
	for _, lang := range locale.Langs {
		body := s.page(t, "/"+lang+"/search?q=zzzzqqqq", 200)
		contains(t, lang+" none", body, htmlTag[lang], tr[lang].T("search_none"), tr[lang].T("search_tip_spelling"),
			tr[lang].T("search_tip_fewer"), tr[lang].T("search_tip_language"), `value="zzzzqqqq"`)
		lacks(t, lang+" none", body, tr[lang].T("search_tip_filters"), `id="facets"`, `class="sorts"`)
		// With a filter, the help offers to remove it.
		body = s.page(t, "/"+lang+"/search?q=Homs&reliability=incorrect&kind=video", 200)
		contains(t, lang+" none filtered", body, tr[lang].T("search_none"),
			`<a href="/`+lang+`/search?q=Homs">`+tr[lang].T("search_tip_filters")+`</a>`)
	}
}

func TestSearchDraftsHidden(t *testing.T) {
	s := newSearchSite(t)
	queries := []string{"Draft", "Hidden", "Secret", "مسودة", "سري", `"Draft Document Hidden"`, "Draft OR Hidden OR Secret"}
	for code, title := range drafts {
		queries = append(queries, title, code)
	}
	for _, q := range queries {
		for _, lang := range locale.Langs {
			status, body, _ := s.get(t, "/"+lang+"/search?q="+url.QueryEscape(q))
			if status != 200 {
				t.Errorf("%s %q: status %d", lang, q, status)
			}
			// The query is in the box and the title: look at the results.
			body = body[strings.Index(body, `<div class="search-summary">`):]
			for code, title := range drafts {
				lacks(t, lang+" search "+q, body, title, "records/"+code)
			}
			lacks(t, lang+" search "+q, body, "وثيقة مسودة", "شخص مسودة", "حدث مسودة", "موقع مسودة سري")
		}
		_, body, _ := s.get(t, "/api/v1/search?q="+url.QueryEscape(q))
		for code, title := range drafts {
			lacks(t, "api search "+q, body, title, code)
		}
	}
	// A draft place is not offered as a facet either.
	lacks(t, "place facet", s.page(t, "/en/search?q=Homs", 200), "PLC-secret-site")
}

func TestSearchCodeLookup(t *testing.T) {
	s := newSearchSite(t)
	for _, c := range []struct{ path, want string }{
		{"/en/search?q=DOC-000001", "/en/records/DOC-000001"},
		{"/ar/search?q=DOC-000001", "/ar/records/DOC-000001"},
		{"/ar/search?q=+SY04+", "/ar/records/SY04"},
		{"/en/search?q=doc-000002", "/en/records/DOC-000002"},
		{"/en/search?q=PLC-homs-central-prison&kind=video", "/en/records/PLC-homs-central-prison"},
	} {
		status, _, resp := s.get(t, c.path)
		if status != http.StatusSeeOther || resp.Header.Get("Location") != c.want {
			t.Errorf("%s: %d %q, want 303 %q", c.path, status, resp.Header.Get("Location"), c.want)
		}
	}
	// A draft's code, a code nobody has, and a word are searched, not looked up.
	for _, p := range []string{"/en/search?q=DOC-000005", "/ar/search?q=PER-000003", "/en/search?q=DOC-999999", "/en/search?q=Homs"} {
		body := s.page(t, p, 200)
		lacks(t, p, body, "Draft Document Hidden", "Draft Person Hidden", "وثيقة مسودة")
		total(t, body)
	}
}

func TestSearchOddInput(t *testing.T) {
	s := newSearchSite(t)
	plain := total(t, s.page(t, "/en/search?q=Homs", 200))
	for _, q := range []string{
		"kind=bogus", "reliability=bogus", "sort=%27;drop", "from=garbage&to=2017-13-01", "place=%00", "place=" + strings.Repeat("P", 70),
		"type=" + strings.Repeat("t", 300), "type=%FF%FE", "page=abc", "from=2011/2012", "per_page=1000",
	} {
		p := "/en/search?q=Homs&" + q
		body := s.page(t, p, 200)
		if got := total(t, body); got != plain {
			t.Errorf("%s: %q, want the plain search's %q", p, got, plain)
		}
	}
	// Whatever the query, it is words, never an error.
	for _, q := range []string{`"`, `"unclosed phrase`, "-", "OR", "OR OR -", "((", "*", "\u202e", "%FF%FE%00", strings.Repeat("حمص ", 200), "a:b", "title:x^3~"} {
		for _, lang := range locale.Langs {
			status, body, _ := s.get(t, "/"+lang+"/search?q="+url.QueryEscape(q))
			if status != 200 {
				t.Errorf("%s %q: %d\n%s", lang, q, status, excerptOf(body))
			}
		}
		status, body, _ := s.get(t, "/api/v1/search?q="+url.QueryEscape(q))
		if status != 200 {
			t.Errorf("api %q: %d %s", q, status, body)
		}
	}
	// The box keeps at most 500 bytes of valid text.
	body := s.page(t, "/en/search?q="+strings.Repeat("%C3%A9", 300), 200)
	if !strings.Contains(body, `value="`+strings.Repeat("é", 250)+`"`) {
		t.Error("a long query is not cut to 500 bytes of whole characters")
	}
}

func TestSearchFailure(t *testing.T) {
	s := serveWith(t, failingSearch{})
	tr := translators(t)
	for _, lang := range locale.Langs {
		status, body, resp := s.get(t, "/"+lang+"/search?q=Homs")
		if status != http.StatusInternalServerError {
			t.Errorf("%s: status %d", lang, status)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: %s", lang, ct)
		}
		contains(t, lang+" failure", body, htmlTag[lang], tr[lang].T("search_failed"), `value="Homs"`)
		lacks(t, lang+" failure", body, "disk I/O", "/secret/path", "goroutine")
	}
	status, body, resp := s.get(t, "/api/v1/search?q=Homs")
	if status != http.StatusInternalServerError || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("api failure: %d %s", status, resp.Header.Get("Content-Type"))
	}
	var e map[string]string
	if err := json.Unmarshal([]byte(body), &e); err != nil || e["error"] == "" || strings.Contains(body, "secret") {
		t.Errorf("api failure body: %s", body)
	}
	// A code is still looked up in the store.
	if status, _, _ := s.get(t, "/en/search?q=DOC-000001"); status != http.StatusSeeOther {
		t.Errorf("code lookup without a working index: %d", status)
	}
}

func TestSearchUnavailable(t *testing.T) {
	s := newSite(t) // no search service
	body := s.page(t, "/en/search?q=Homs", 200)
	contains(t, "no search", body, "Full-text search is coming soon", `value="Homs"`)
	if status, _, resp := s.get(t, "/ar/search?q=DOC-000002"); status != http.StatusSeeOther || resp.Header.Get("Location") != "/ar/records/DOC-000002" {
		t.Errorf("code lookup without search: %d %q", status, resp.Header.Get("Location"))
	}
	status, body, resp := s.get(t, "/api/v1/search?q=Homs")
	if status != http.StatusServiceUnavailable || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("api without search: %d %s", status, resp.Header.Get("Content-Type"))
	}
	var e map[string]string
	if err := json.Unmarshal([]byte(body), &e); err != nil || e["error"] == "" {
		t.Errorf("api without search: %s", body)
	}
}

func TestSearchXSS(t *testing.T) {
	s := newSearchSite(t)
	for _, lang := range locale.Langs {
		body := s.page(t, "/"+lang+"/search?q=alert", 200)
		contains(t, lang+" xss", body, "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=<mark>alert</mark>(2)&gt;")
		lacks(t, lang+" xss", body, "<script", "<img")
	}
	// The query itself, echoed in the box, the title and the links.
	q := `"><script>alert(5)</script><mark>`
	body := s.page(t, "/en/search?q="+url.QueryEscape(q)+"&kind=document", 200)
	lacks(t, "xss query", body, "<script", "alert(5)</", "<mark>\"")
	contains(t, "xss query", body, `value="&#34;&gt;&lt;script&gt;alert(5)&lt;/script&gt;&lt;mark&gt;"`)
	// JSON: the title is a plain string.
	_, raw, _ := s.get(t, "/api/v1/search?q=alert")
	var res struct {
		Hits []struct {
			Title   struct{ AR, EN string }
			Snippet string
		}
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Title.EN != "<script>alert(1)</script>" || res.Hits[0].Title.AR != "<script>alert(1)</script>" {
		t.Errorf("api title: %+v", res.Hits)
	}
	if len(res.Hits) == 1 && res.Hits[0].Snippet != "&lt;img src=x onerror=<mark>alert</mark>(2)&gt;" {
		t.Errorf("api snippet: %q", res.Hits[0].Snippet)
	}
	if strings.Contains(raw, "<script") {
		t.Error("raw JSON has <script")
	}
}

// TestSearchSnippetChecked: a snippet with any tag but <mark> is shown as
// text, whatever the engine returns.
func TestSearchSnippetChecked(t *testing.T) {
	bad := `<img src=x onerror=alert(7)> <mark>Homs</mark> &amp; <b>bold</b>`
	s := serveWith(t, cannedSearch{dhakira.SearchResult{Total: 1, Hits: []dhakira.SearchHit{
		{Summary: dhakira.Summary{Code: "DOC-000001", Kind: dhakira.KindDocument, Title: dhakira.Text{EN: "T"}, Status: dhakira.Published}, Snippet: bad, SnippetLang: "en"},
		{Summary: dhakira.Summary{Code: "DOC-000002", Kind: dhakira.KindDocument, Title: dhakira.Text{EN: "U"}, Status: dhakira.Published}, Snippet: `fine <mark>Homs</mark> &lt;b&gt;`, SnippetLang: "xx\" onmouseover=\"alert(8)"},
		{Summary: dhakira.Summary{Code: "DOC-000005", Kind: dhakira.KindDocument, Title: dhakira.Text{EN: "Draft Document Hidden"}, Status: dhakira.Draft}},
	}}})
	body := s.page(t, "/en/search?q=Homs", 200)
	contains(t, "checked snippet", body, "&lt;img src=x onerror=alert(7)&gt; Homs &amp; &lt;b&gt;bold&lt;/b&gt;", "fine <mark>Homs</mark> &lt;b&gt;")
	lacks(t, "checked snippet", body, "<img", "<b>", "onmouseover", "Draft Document Hidden")
	_, raw, _ := s.get(t, "/api/v1/search?q=Homs")
	var res apiSearchResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Hits[0].Snippet != "&lt;img src=x onerror=alert(7)&gt; Homs &amp; &lt;b&gt;bold&lt;/b&gt;" || res.Hits[1].Snippet != "fine <mark>Homs</mark> &lt;b&gt;" {
		t.Errorf("api snippets: %+v", res.Hits)
	}
}

func TestAPISearch(t *testing.T) {
	s := newSearchSite(t)
	get := func(p string, want int) (map[string]any, *http.Response) {
		t.Helper()
		status, body, resp := s.get(t, p)
		if status != want {
			t.Fatalf("%s: %d, want %d\n%s", p, status, want, body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", p, ct)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("%s: %v\n%s", p, err, body)
		}
		return m, resp
	}
	keys := func(m map[string]any) []string {
		var k []string
		for key := range m {
			k = append(k, key)
		}
		slices.Sort(k)
		return k
	}
	check := func(p string, m map[string]any) {
		t.Helper()
		if got := keys(m); !slices.Equal(got, []string{"facets", "hits", "total"}) {
			t.Errorf("%s: keys %q", p, got)
		}
		if _, ok := m["total"].(float64); !ok {
			t.Errorf("%s: total %T", p, m["total"])
		}
		hits, ok := m["hits"].([]any)
		if !ok {
			t.Fatalf("%s: hits %T", p, m["hits"])
		}
		for _, h := range hits {
			hit := h.(map[string]any)
			if got := keys(hit); !slices.Equal(got, []string{"code", "date", "kind", "snippet", "title"}) {
				t.Errorf("%s: hit keys %q", p, got)
			}
			for _, k := range []string{"code", "date", "kind", "snippet"} {
				if _, ok := hit[k].(string); !ok {
					t.Errorf("%s: hit %s is %T", p, k, hit[k])
				}
			}
			title, ok := hit["title"].(map[string]any)
			if !ok || !slices.Equal(keys(title), []string{"ar", "en"}) {
				t.Errorf("%s: title %v", p, hit["title"])
			}
		}
		facets, ok := m["facets"].(map[string]any)
		if !ok || !slices.Equal(keys(facets), []string{"kind", "place", "reliability", "type", "year"}) {
			t.Fatalf("%s: facets %v", p, m["facets"])
		}
		for name, f := range facets {
			counts, ok := f.(map[string]any)
			if !ok {
				t.Errorf("%s: facet %s is %T", p, name, f)
				continue
			}
			for v, n := range counts {
				if _, ok := n.(float64); !ok || v == "" {
					t.Errorf("%s: facet %s value %q count %v", p, name, v, n)
				}
			}
		}
	}
	m, resp := get("/api/v1/search?q=Homs", 200)
	check("Homs", m)
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no CORS header")
	}
	if m["total"].(float64) != 11 || len(m["hits"].([]any)) != 11 {
		t.Errorf("Homs: total %v, %d hits", m["total"], len(m["hits"].([]any)))
	}
	f := m["facets"].(map[string]any)
	if f["kind"].(map[string]any)["place"].(float64) != 4 || f["place"].(map[string]any)["SY04"].(float64) != 10 || f["year"].(map[string]any)["2017"].(float64) != 3 {
		t.Errorf("Homs facets: %v", f)
	}
	// per_page and page.
	m, _ = get("/api/v1/search?q=Homs&per_page=4", 200)
	check("per_page=4", m)
	first := m["hits"].([]any)
	if len(first) != 4 || m["total"].(float64) != 11 {
		t.Errorf("per_page=4: %d hits of %v", len(first), m["total"])
	}
	m, _ = get("/api/v1/search?q=Homs&per_page=4&page=3", 200)
	if last := m["hits"].([]any); len(last) != 3 {
		t.Errorf("page 3 of 4: %d hits", len(last))
	}
	m, _ = get("/api/v1/search?q=Homs&per_page=500", 200)
	if len(m["hits"].([]any)) != 11 {
		t.Errorf("per_page=500: %d hits", len(m["hits"].([]any)))
	}
	// Filters.
	m, _ = get("/api/v1/search?q=Homs&kind=place&place=SY0400", 200)
	check("filtered", m)
	if m["total"].(float64) != 3 {
		t.Errorf("places in SY0400: %v", m["total"])
	}
	m, _ = get("/api/v1/search?kind=diary&from=2017-10-16&to=2017-10-19&sort=date", 200)
	var codes []string
	for _, h := range m["hits"].([]any) {
		codes = append(codes, h.(map[string]any)["code"].(string))
	}
	if !slices.Equal(codes, []string{"DIA-000001", "DIA-000002", "DIA-000003"}) && !slices.Equal(codes, []string{"DIA-000003", "DIA-000002", "DIA-000001"}) && len(codes) != 3 {
		t.Errorf("diaries of 16–19 October 2017: %q", codes)
	}
	// Nothing found: still every key, with empty objects and an empty array.
	_, body, _ := s.get(t, "/api/v1/search?q=zzzzqqqq")
	if strings.TrimSpace(body) != `{"total":0,"hits":[],"facets":{"kind":{},"place":{},"reliability":{},"type":{},"year":{}}}` {
		t.Errorf("empty result: %s", body)
	}
	// Bad parameters are 400 with a message; the query never is.
	for _, p := range []string{"per_page=abc", "per_page=0", "page=abc", "page=0", "page=100000", "kind=bogus", "reliability=bogus", "sort=x", "from=2017-13", "to=x", "place=%00", "lang=fr"} {
		status, body, resp := s.get(t, "/api/v1/search?q=Homs&"+p)
		var e map[string]string
		if status != 400 || json.Unmarshal([]byte(body), &e) != nil || e["error"] == "" || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s: %d %s", p, status, body)
		}
	}
	// The snippet's language follows lang.
	m, _ = get("/api/v1/search?q=regime&lang=en", 200)
	for _, h := range m["hits"].([]any) {
		if sn := h.(map[string]any)["snippet"].(string); !strings.Contains(sn, "<mark>") || !strings.Contains(strings.ToLower(sn), "regime") {
			t.Errorf("lang=en snippet %q", sn)
		}
	}
}

// TestSearchMessagesExist: every message search.go asks for exists in
// both languages.
func TestSearchMessagesExist(t *testing.T) {
	tr := translators(t)
	data, err := os.ReadFile("search.go")
	if err != nil {
		t.Fatal(err)
	}
	ids := regexp.MustCompile(`\.(?:T|N)\("([a-z0-9_-]+)"`).FindAllStringSubmatch(string(data), -1)
	if len(ids) < 20 {
		t.Fatalf("found only %d message names in search.go", len(ids))
	}
	for _, lang := range locale.Langs {
		for _, m := range ids {
			if !tr[lang].Has(m[1]) {
				if !tr[lang].HasPlural(m[1]) {
					t.Errorf("%s: no message %s", lang, m[1])
				}
			}
		}
	}
	for n, want := range map[int]string{0: "لا نتائج", 1: "نتيجة واحدة", 2: "نتيجتان", 3: "3 نتائج", 10: "10 نتائج", 11: "11 نتيجة", 100: "100 نتيجة", 103: "103 نتائج"} {
		if got := tr["ar"].N("count_result", n); got != want {
			t.Errorf("ar %d results: %q, want %q", n, got, want)
		}
	}
	if got := tr["en"].N("count_result", 1); got != "1 result" {
		t.Errorf("en 1 result: %q", got)
	}
}

// TestSearchSaysIndexIncomplete: until the index has been built, the
// search page and the API say so; once built, neither does.
func TestSearchSaysIndexIncomplete(t *testing.T) {
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	eng, err := search.New(filepath.Join(t.TempDir(), "index"), db, search.Options{TypeLabel: locale.TypeLabel})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	srv := httptest.NewServer(New(db, testSettings(), WithSearch(eng)))
	t.Cleanup(srv.Close)
	s := &site{Server: srv, store: db, client: srv.Client()}
	_, body, _ := s.get(t, "/en/search?q=Homs")
	contains(t, "page while building", body, "The search index is being built (0% done)")
	_, body, _ = s.get(t, "/api/v1/search?q=Homs")
	contains(t, "API while building", body, `"index":{"state":"building","caught_up":false}`)
	if _, err := eng.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, body, _ = s.get(t, "/en/search?q=Homs")
	if strings.Contains(body, "search index") {
		t.Errorf("the page still speaks of the index once it is built")
	}
	_, body, _ = s.get(t, "/api/v1/search?q=Homs")
	if strings.Contains(body, `"index"`) {
		t.Errorf("the API still has an index field once it is built: %s", body)
	}
}
