package web

import (
	"encoding/json"
	"html"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/cite"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/locale"
)

// citeNow is "today" on the cite tests' site.
var citeNow = time.Date(2026, 5, 3, 10, 0, 0, 0, time.UTC)

// newCiteSite serves the fixture archive on a day fixed to citeNow.
func newCiteSite(t *testing.T) *site {
	t.Helper()
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	h := New(db, testSettings())
	h.now = func() time.Time { return citeNow }
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &site{Server: srv, store: db, client: srv.Client()}
}

var htmlTags = regexp.MustCompile(`<[^>]*>`)

// TestCitePage: every record page has "Cite this record" with the
// citation in both languages, the page's first, and working downloads.
func TestCitePage(t *testing.T) {
	s := newCiteSite(t)
	url := func(code string) string { return s.URL + "/records/" + code }
	citations := map[string]string{
		"ar": "الائتلاف الوطني السوري، «حول محاولات النظام اقتحام سجن حمص المركزي»، 19 تشرين الأول 2017، الذاكرة السورية، كود الذاكرة DOC-000001، " + url("DOC-000001") + " (تاريخ الاطلاع: 3 أيار 2026).",
		"en": "Syrian Coalition. “On Regime's Attempts to Storm Homs Central Prison.” October 19, 2017. Syrian Memory, memory code DOC-000001. " + url("DOC-000001") + " (accessed May 3, 2026).",
	}
	heading := map[string]string{"ar": "الاستشهاد بهذا السجل", "en": "Cite this record"}
	for _, lang := range locale.Langs {
		body := s.page(t, "/"+lang+"/records/DOC-000001", 200)
		sec := section(t, body, "cite")
		text := html.UnescapeString(htmlTags.ReplaceAllString(sec, ""))
		contains(t, lang+" cite", text, heading[lang], citations["ar"], citations["en"])
		if strings.Index(text, citations[lang]) > strings.Index(text, citations[dhakira.OtherLang(lang)]) {
			t.Errorf("%s: the page's language's citation is not first", lang)
		}
		contains(t, lang+" cite", sec,
			`<summary><h2 id="cite-h">`,
			`<div class="citation" lang="ar" dir="rtl">`, `<div class="citation" lang="en" dir="ltr">`,
			`<bdi dir="ltr" class="cite-id">`+url("DOC-000001")+`</bdi>`,
			`href="/`+lang+`/records/DOC-000001/cite.bib"`, `href="/`+lang+`/records/DOC-000001/cite.ris"`, `href="/`+lang+`/records/DOC-000001/cite.json"`,
		)
		// Sections in order: the grade, then the citation, then corrections.
		if !(strings.Index(body, `id="reliability-h"`) < strings.Index(body, `id="cite"`) && strings.Index(body, `id="cite"`) < strings.Index(body, `id="correction"`)) {
			t.Errorf("%s: the citation is not between the grade and the corrections", lang)
		}
	}
	// Every kind's page has one.
	for _, code := range []string{"VID-000001", "TST-000001", "DIA-000001", "PER-000002", "ENT-000003", "SY04", "DOC-000004"} {
		body := s.page(t, "/en/records/"+code, 200)
		sec := section(t, body, "cite")
		contains(t, code, html.UnescapeString(htmlTags.ReplaceAllString(sec, "")), "memory code "+code+". "+url(code))
		contains(t, code, sec, "/records/"+code+"/cite.ris")
	}
	// A title that is markup stays text.
	body := s.page(t, "/ar/records/DOC-000004", 200)
	lacks(t, "cite of DOC-000004", section(t, body, "cite"), "<script>")
}

// TestCiteDownloads: the three formats, with their types and file names;
// drafts and unknown codes are 404 pages.
func TestCiteDownloads(t *testing.T) {
	s := newCiteSite(t)
	perm := s.URL + "/records/DOC-000001"
	for _, c := range []struct {
		path, ctype, file string
		wants             []string
	}{
		{"/en/records/DOC-000001/cite.bib", "application/x-bibtex; charset=utf-8", "DOC-000001.bib", []string{
			"@misc{DOC-000001,\n", "  title = {{On Regime's Attempts to Storm Homs Central Prison}},\n", "  organization = {Syrian Coalition},\n",
			"  url = {" + perm + "},\n", "  urldate = {2026-05-03},\n", "  month = oct,\n"}},
		{"/ar/records/DOC-000001/cite.bib", "application/x-bibtex; charset=utf-8", "DOC-000001.bib", []string{
			"  title = {{حول محاولات النظام اقتحام سجن حمص المركزي}},\n", "  organization = {الائتلاف الوطني السوري},\n", "  langid = {arabic},\n"}},
		{"/en/records/DOC-000001/cite.ris", "application/x-research-info-systems; charset=utf-8", "DOC-000001.ris", []string{
			"TY  - GEN\r\nTI  - On Regime's Attempts to Storm Homs Central Prison\r\nT2  - Syrian Memory\r\nPB  - Syrian Coalition\r\nPY  - 2017\r\nDA  - 2017/10/19/\r\nAN  - DOC-000001\r\nUR  - " + perm + "\r\nY2  - 2026/05/03/\r\nLA  - en\r\nER  - \r\n"}},
		{"/ar/records/PER-000002/cite.ris", "application/x-research-info-systems; charset=utf-8", "PER-000002.ris", []string{
			"TY  - ENCYC\r\nTI  - Jane Reporter\r\nT2  - الذاكرة السورية\r\nPB  - الذاكرة السورية\r\nAN  - PER-000002\r\n"}},
		{"/en/records/DOC-000001/cite.json", "application/vnd.citationstyles.csl+json; charset=utf-8", "DOC-000001.json", []string{
			`"id": "DOC-000001"`, `"type": "document"`, `"archive_location": "DOC-000001"`, `"publisher": "Syrian Coalition"`, `"URL": "` + perm + `"`}},
	} {
		status, body, resp := s.get(t, c.path)
		if status != 200 {
			t.Errorf("%s: status %d", c.path, status)
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != c.ctype {
			t.Errorf("%s: Content-Type %q", c.path, got)
		}
		if got := resp.Header.Get("Content-Disposition"); got != "attachment; filename="+c.file {
			t.Errorf("%s: Content-Disposition %q", c.path, got)
		}
		contains(t, c.path, body, c.wants...)
		if strings.HasSuffix(c.path, ".json") {
			var items []map[string]any
			if err := json.Unmarshal([]byte(body), &items); err != nil || len(items) != 1 {
				t.Errorf("%s: not an array of one CSL item: %v", c.path, err)
			}
		}
	}
	for code, title := range drafts {
		for _, lang := range locale.Langs {
			for _, f := range cite.Formats {
				path := "/" + lang + "/records/" + code + "/cite." + f.Ext
				status, body, resp := s.get(t, path)
				if status != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, htmlTag[lang]) {
					t.Errorf("%s: status %d, %q", path, status, resp.Header.Get("Content-Type"))
				}
				lacks(t, path, body, title)
			}
		}
	}
	for _, path := range []string{"/en/records/DOC-999999/cite.bib", "/ar/records/bad%20code/cite.ris", "/en/records/DOC-000001/cite.txt"} {
		if status, _, _ := s.get(t, path); status != 404 {
			t.Errorf("%s: status %d", path, status)
		}
	}
}
