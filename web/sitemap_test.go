package web

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/locale"
	"github.com/dhakira/dhakira/storetest"
)

const smNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type smURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []smURL  `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

type smURL struct {
	Loc     string   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
	Lastmod string   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	Links   []smLink `xml:"http://www.w3.org/1999/xhtml link"`
}

type smLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type smIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

// w3cDatetime is the W3C Datetime profile the protocol requires of
// <lastmod>: a date, or a date and time with a time zone.
var w3cDatetime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$`)

// smElements checks the element structure the protocol allows: urlset of
// url, each with one loc first, at most one lastmod, changefreq and
// priority, and xhtml:link alternates; nothing else.
func smElements(t *testing.T, what string, body []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(body))
	var stack []xml.Name
	var seen map[string]int
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("%s: not well-formed XML: %v", what, err)
			}
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch len(stack) {
			case 0:
				if el.Name != (xml.Name{Space: smNS, Local: "urlset"}) {
					t.Fatalf("%s: root %v", what, el.Name)
				}
			case 1:
				if el.Name != (xml.Name{Space: smNS, Local: "url"}) {
					t.Errorf("%s: %v inside urlset", what, el.Name)
				}
				seen = map[string]int{}
			case 2:
				n := el.Name.Space + " " + el.Name.Local
				switch n {
				case smNS + " loc":
					if len(seen) != 0 {
						t.Errorf("%s: loc is not the first element of a url", what)
					}
				case smNS + " lastmod", smNS + " changefreq", smNS + " priority":
					if seen[n] > 0 {
						t.Errorf("%s: two %s in a url", what, el.Name.Local)
					}
				case "http://www.w3.org/1999/xhtml link":
				default:
					t.Errorf("%s: %v inside url", what, el.Name)
				}
				seen[n]++
			default:
				t.Errorf("%s: %v nested too deep", what, el.Name)
			}
			stack = append(stack, el.Name)
		case xml.EndElement:
			if len(stack) == 2 && seen[smNS+" loc"] != 1 {
				t.Errorf("%s: a url with %d loc", what, seen[smNS+" loc"])
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// checkSitemap fetches a sitemap file and checks it against the protocol:
// its size and number of URLs (a file of records also within the limits
// tests lower), and for each URL an absolute loc under the
// sitemap's own folder, at most 2048 characters, a W3C datetime lastmod
// when there is one, and alternates in both languages and x-default, the
// page itself among them.
func checkSitemap(t *testing.T, s *site, loc string) []smURL {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil || !u.IsAbs() {
		t.Fatalf("sitemap address %q is not absolute", loc)
	}
	status, body, resp := s.get(t, u.RequestURI())
	if status != 200 {
		t.Fatalf("GET %s: %d", loc, status)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		t.Errorf("%s: Content-Type %q", loc, ct)
	}
	if len(body) > 50*1024*1024 {
		t.Errorf("%s: %d bytes", loc, len(body))
	}
	if strings.Contains(loc, "/sitemap-records.xml") && len(body) > sitemapMaxBytes {
		t.Errorf("%s: %d bytes, limit %d", loc, len(body), sitemapMaxBytes)
	}
	if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("%s: no XML declaration", loc)
	}
	if !strings.Contains(body, `xmlns:xhtml="http://www.w3.org/1999/xhtml"`) {
		t.Errorf("%s: no xhtml namespace", loc)
	}
	smElements(t, loc, []byte(body))
	var set smURLSet
	if err := xml.Unmarshal([]byte(body), &set); err != nil {
		t.Fatalf("%s: %v", loc, err)
	}
	if len(set.URLs) > 50000 {
		t.Errorf("%s: %d URLs", loc, len(set.URLs))
	}
	if strings.Contains(loc, "/sitemap-records.xml") && len(set.URLs) > sitemapMaxURLs {
		t.Errorf("%s: %d URLs, limit %d", loc, len(set.URLs), sitemapMaxURLs)
	}
	dir := loc[:strings.LastIndex(strings.Split(loc, "?")[0], "/")+1]
	for _, e := range set.URLs {
		lu, err := url.Parse(e.Loc)
		if err != nil || !lu.IsAbs() || lu.Host == "" {
			t.Errorf("%s: loc %q is not an absolute URL", loc, e.Loc)
		}
		if !strings.HasPrefix(e.Loc, dir) {
			t.Errorf("%s: loc %q is not under the sitemap's folder %s", loc, e.Loc, dir)
		}
		if len(e.Loc) > 2048 {
			t.Errorf("%s: loc of %d characters", loc, len(e.Loc))
		}
		if e.Lastmod != "" && !w3cDatetime.MatchString(e.Lastmod) {
			t.Errorf("%s: lastmod %q is not a W3C datetime", e.Loc, e.Lastmod)
		}
		langs := map[string]string{}
		for _, l := range e.Links {
			if l.Rel != "alternate" {
				t.Errorf("%s: link rel %q", e.Loc, l.Rel)
			}
			if _, dup := langs[l.Hreflang]; dup {
				t.Errorf("%s: two alternates for %s", e.Loc, l.Hreflang)
			}
			langs[l.Hreflang] = l.Href
			if hu, err := url.Parse(l.Href); err != nil || !hu.IsAbs() {
				t.Errorf("%s: alternate %q is not absolute", e.Loc, l.Href)
			}
		}
		if len(langs) != 3 || langs["ar"] == "" || langs["en"] == "" || langs["x-default"] == "" {
			t.Errorf("%s: alternates %v, want ar, en and x-default", e.Loc, langs)
		}
		if e.Loc != langs["ar"] && e.Loc != langs["en"] {
			t.Errorf("%s is not among its own alternates %v", e.Loc, langs)
		}
		if strings.Replace(langs["ar"], "/ar/", "/en/", 1) != langs["en"] {
			t.Errorf("%s: the alternates are not the same page: %v", e.Loc, langs)
		}
	}
	return set.URLs
}

// crawlSitemaps reads the index and every sitemap file it lists.
func crawlSitemaps(t *testing.T, s *site) (files []string, urls []smURL) {
	t.Helper()
	status, body, resp := s.get(t, "/sitemap.xml")
	if status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("/sitemap.xml: %d %s", status, resp.Header.Get("Content-Type"))
	}
	var idx smIndex
	if err := xml.Unmarshal([]byte(body), &idx); err != nil {
		t.Fatalf("sitemap index: %v\n%s", err, body)
	}
	if len(idx.Sitemaps) == 0 || len(idx.Sitemaps) > 50000 {
		t.Fatalf("sitemap index of %d sitemaps", len(idx.Sitemaps))
	}
	for _, sm := range idx.Sitemaps {
		if !strings.HasPrefix(sm.Loc, s.URL+"/") {
			t.Errorf("sitemap %q is not on the site", sm.Loc)
		}
		files = append(files, sm.Loc)
		urls = append(urls, checkSitemap(t, s, sm.Loc)...)
	}
	return files, urls
}

// publishedFixture lists the codes of the fixture's published records.
func publishedFixture(t *testing.T) []string {
	var out []string
	for _, r := range decodeFixture(t, append(slices.Clone(fixture), unsafeRecord), false) {
		if r.Status == dhakira.Published {
			out = append(out, r.Code)
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d published records in the fixture", len(out))
	}
	return out
}

// checkEveryRecordOnce: every published record is listed exactly once in
// each language, nothing else is a record, and no draft is there.
func checkEveryRecordOnce(t *testing.T, s *site, urls []smURL, published []string) {
	t.Helper()
	seen := map[string]int{}
	for _, e := range urls {
		path := strings.TrimPrefix(e.Loc, s.URL)
		seen[path]++
		for code := range drafts {
			if strings.Contains(path, code) {
				t.Errorf("draft %s in the sitemap: %s", code, e.Loc)
			}
		}
	}
	want := map[string]bool{}
	for _, code := range published {
		for _, lang := range locale.Langs {
			p := "/" + lang + "/records/" + code
			want[p] = true
			if seen[p] != 1 {
				t.Errorf("%s listed %d times", p, seen[p])
			}
		}
	}
	for p, n := range seen {
		if strings.Contains(p, "/records/") && !want[p] {
			t.Errorf("%s listed %d times, not a published record", p, n)
		}
	}
}

func TestSitemap(t *testing.T) {
	s := newSite(t)
	published := publishedFixture(t)
	files, urls := crawlSitemaps(t, s)
	if len(files) != 2 {
		t.Errorf("sitemap files %v, want the pages and one of records", files)
	}
	checkEveryRecordOnce(t, s, urls, published)
	byLoc := map[string]smURL{}
	for _, e := range urls {
		byLoc[e.Loc] = e
	}
	// The pages that are not records, in both languages.
	for _, lang := range locale.Langs {
		for _, p := range []string{"/", "/about", "/api", "/chronicle/2017-10-20", "/browse/document", "/browse/place", "/browse/diary"} {
			if _, ok := byLoc[s.URL+"/"+lang+p]; !ok {
				t.Errorf("%s missing from the sitemaps", "/"+lang+p)
			}
		}
	}
	// Alternates both ways, and each alternate is itself listed.
	for _, e := range urls {
		for _, l := range e.Links {
			if l.Hreflang == "x-default" {
				continue
			}
			other, ok := byLoc[l.Href]
			if !ok {
				t.Errorf("%s: alternate %s is not listed", e.Loc, l.Href)
				continue
			}
			if !slices.ContainsFunc(other.Links, func(o smLink) bool { return o.Href == e.Loc }) {
				t.Errorf("%s names %s, which does not name it back", e.Loc, l.Href)
			}
		}
	}
	// A record: its two pages, its permanent address as x-default, the
	// time of its last revision.
	e := byLoc[s.URL+"/en/records/DOC-000001"]
	_, info, err := s.store.Record(t.Context(), "DOC-000001", dhakira.Public)
	if err != nil {
		t.Fatal(err)
	}
	lastmod, err := time.Parse(time.RFC3339, e.Lastmod)
	if err != nil || !lastmod.Equal(info.Updated.Truncate(time.Second)) {
		t.Errorf("lastmod %q, want %v", e.Lastmod, info.Updated)
	}
	want := []smLink{
		{"alternate", "ar", s.URL + "/ar/records/DOC-000001"},
		{"alternate", "en", s.URL + "/en/records/DOC-000001"},
		{"alternate", "x-default", s.URL + "/records/DOC-000001"},
	}
	if !slices.Equal(e.Links, want) {
		t.Errorf("DOC-000001 alternates %+v, want %+v", e.Links, want)
	}
	// Every listed page answers 200, in the language of its address.
	for i, e := range urls {
		if i%7 != 0 && !strings.Contains(e.Loc, "/browse/") {
			continue // a sample: every seventh, and the lists
		}
		path := strings.TrimPrefix(e.Loc, s.URL)
		body := s.page(t, path, 200)
		if !strings.Contains(body, htmlTag[path[1:3]]) {
			t.Errorf("%s is not in its language", path)
		}
	}
}

// TestSitemapIndexOfSeveralFiles lowers the limit of URLs per file: the
// index then lists several files, each within the limit, none empty, that
// together list every published record exactly once, read from the store
// in several batches.
func TestSitemapIndexOfSeveralFiles(t *testing.T) {
	defer func(n, b int) { sitemapMaxURLs, sitemapBatch = n, b }(sitemapMaxURLs, sitemapBatch)
	published := publishedFixture(t)
	for _, c := range []struct{ urls, batch int }{{4, 1000}, {6, 2}, {2, 1}} {
		sitemapMaxURLs, sitemapBatch = c.urls, c.batch
		s := newSite(t)
		files, urls := crawlSitemaps(t, s)
		perFile := c.urls / 2
		if want := 1 + (len(published)+perFile-1)/perFile; len(files) != want {
			t.Errorf("%d URLs a file: %d sitemap files, want %d", c.urls, len(files), want)
		}
		for _, f := range files[1:] {
			if n := len(checkSitemap(t, s, f)); n == 0 || n > c.urls {
				t.Errorf("%s: %d URLs, limit %d", f, n, c.urls)
			}
		}
		checkEveryRecordOnce(t, s, urls, published)
	}
}

// TestSitemapBytes lowers the limit of a file's size: files get fewer
// records, each file within the limit.
func TestSitemapBytes(t *testing.T) {
	defer func(n int) { sitemapMaxBytes = n }(sitemapMaxBytes)
	sitemapMaxBytes = 8000
	s := newSite(t)
	files, urls := crawlSitemaps(t, s)
	if len(files) < 4 {
		t.Errorf("%d sitemap files of at most 8000 bytes for %d URLs", len(files), len(urls))
	}
	checkEveryRecordOnce(t, s, urls, publishedFixture(t))
}

// TestSitemapFollowsTheArchive: the index has an entity tag, answered with
// 304 while the archive is unchanged; a record published, or withdrawn,
// shows in the next sitemap.
func TestSitemapFollowsTheArchive(t *testing.T) {
	s := newSite(t)
	_, _, resp := s.get(t, "/sitemap.xml")
	tag := resp.Header.Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	if status, _, _ := s.get(t, "/sitemap.xml", "If-None-Match", tag); status != 304 {
		t.Errorf("unchanged archive: %d, want 304", status)
	}
	storetest.Put(t, s.store, true,
		storetest.Rec(t, `{"kind":"document","code":"DOC-000005","title":{"en":"Now published"},"date":"2017-10-19"}`),
		storetest.Rec(t, `{"kind":"document","code":"DOC-000002","title":{"en":"Statement on Damascus"},"status":"withdrawn"}`),
	)
	status, _, resp := s.get(t, "/sitemap.xml", "If-None-Match", tag)
	if status != 200 || resp.Header.Get("ETag") == tag {
		t.Errorf("changed archive: %d, ETag %s", status, resp.Header.Get("ETag"))
	}
	_, urls := crawlSitemaps(t, s)
	var locs []string
	for _, e := range urls {
		locs = append(locs, e.Loc)
	}
	if !slices.Contains(locs, s.URL+"/ar/records/DOC-000005") {
		t.Error("a newly published record is not in the sitemap")
	}
	if slices.Contains(locs, s.URL+"/ar/records/DOC-000002") {
		t.Error("a withdrawn record is still in the sitemap")
	}
}

// TestSitemapBaseURL: with a public address set, every address is on it,
// escaped as XML wants.
func TestSitemapBaseURL(t *testing.T) {
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	settings := testSettings()
	settings.BaseURL = "https://archive.example.org/a&b"
	s := serve(t, db, settings)
	_, body, _ := s.get(t, "/sitemap.xml")
	if !strings.Contains(body, "<loc>https://archive.example.org/a&amp;b/sitemap-pages.xml</loc>") {
		t.Errorf("index:\n%s", body)
	}
	_, body, _ = s.get(t, "/sitemap-pages.xml")
	var set smURLSet
	if err := xml.Unmarshal([]byte(body), &set); err != nil {
		t.Fatal(err)
	}
	for _, e := range set.URLs {
		if !strings.HasPrefix(e.Loc, "https://archive.example.org/a&b/") {
			t.Errorf("loc %q", e.Loc)
		}
	}
	if len(set.URLs) == 0 || !strings.Contains(body, `href="https://archive.example.org/a&amp;b/"`) {
		t.Errorf("pages:\n%s", body)
	}
	_, robots, _ := s.get(t, "/robots.txt")
	contains(t, "robots.txt", robots, "\nSitemap: https://archive.example.org/a&b/sitemap.xml\n")
}

func TestSitemapOddRanges(t *testing.T) {
	s := newSite(t)
	for _, q := range []string{"after=%3Cx%3E", "through=a%20b", "after=DOC-2&through=DOC-1", "after=DOC-1&through=DOC-1"} {
		if status, _, _ := s.get(t, "/sitemap-records.xml?"+q); status != 404 {
			t.Errorf("?%s: %d, want 404", q, status)
		}
	}
	// A range with nothing published in it is an empty list, not an error.
	urls := checkSitemap(t, s, s.URL+"/sitemap-records.xml?after=DOC-000005&through=DOC-000005z")
	if len(urls) != 0 {
		t.Errorf("%d URLs in a range holding only a draft", len(urls))
	}
	// A range: after excluded, through included.
	urls = checkSitemap(t, s, s.URL+"/sitemap-records.xml?after=DOC-000001&through=DOC-000003")
	var got []string
	for _, e := range urls {
		got = append(got, strings.TrimPrefix(e.Loc, s.URL))
	}
	if want := []string{"/ar/records/DOC-000002", "/en/records/DOC-000002", "/ar/records/DOC-000003", "/en/records/DOC-000003"}; !slices.Equal(got, want) {
		t.Errorf("range (DOC-000001, DOC-000003]: %v", got)
	}
}

// robotsAllowed applies robots.txt's rules for every user agent to a path
// as RFC 9309 says: the longest matching rule wins, allow on a tie; * is
// any characters, $ the end.
func robotsAllowed(rules [][2]string, path string) bool {
	best, allow := -1, true
	for _, r := range rules {
		pat := regexp.QuoteMeta(r[1])
		pat = strings.ReplaceAll(pat, `\*`, ".*")
		if strings.HasSuffix(pat, `\$`) {
			pat = strings.TrimSuffix(pat, `\$`) + "$"
		}
		if !regexp.MustCompile("^" + pat).MatchString(path) {
			continue
		}
		if n := len(r[1]); n > best || n == best && r[0] == "allow" {
			best, allow = n, r[0] == "allow"
		}
	}
	return allow
}

func TestRobots(t *testing.T) {
	s := newSite(t)
	status, body, resp := s.get(t, "/robots.txt")
	if status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("robots.txt: %d %s", status, resp.Header.Get("Content-Type"))
	}
	var rules [][2]string
	var sitemaps []string
	group := false
	for _, line := range strings.Split(body, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			group = v == "*"
		case "allow", "disallow":
			if !group {
				t.Errorf("rule %q outside the group for every agent", line)
			}
			rules = append(rules, [2]string{k, v})
		case "sitemap":
			sitemaps = append(sitemaps, v)
		default:
			t.Errorf("unknown line %q", line)
		}
	}
	if !slices.Equal(sitemaps, []string{s.URL + "/sitemap.xml"}) {
		t.Errorf("sitemaps %v", sitemaps)
	}
	for _, p := range []string{"/", "/ar/", "/en/records/DOC-000001", "/records/DOC-000001", "/ar/browse/document", "/ar/browse/document?page=2&type=report",
		"/en/chronicle/2017-10-16", "/en/about", "/static/style.css", "/sitemap.xml", "/sitemap-records.xml?after=DOC-1", "/ar/feed.atom", "/en/browse/video/feed.atom"} {
		if !robotsAllowed(rules, p) {
			t.Errorf("%s is disallowed", p)
		}
	}
	for _, p := range []string{"/ar/admin/", "/en/admin/records/DOC-000001", "/ar/admin", "/en/login", "/ar/login?next=/ar/admin/", "/en/search?q=homs", "/ar/search",
		"/api/v1/records/DOC-000001", "/api/v1/search?q=x", "/api/v1/records", "/en/browse/document?sort=code", "/ar/records/DOC-000001/feedback/sent"} {
		if robotsAllowed(rules, p) {
			t.Errorf("%s is allowed", p)
		}
	}
}
