package web

import (
	"encoding/json"
	"html"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
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

func mustDate(t *testing.T, s string) dhakira.Date {
	t.Helper()
	d, err := dhakira.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// trickyCitation has a title with every character TeX gives a meaning
// to, quotes, and Arabic.
func trickyCitation(t *testing.T) *citation {
	return &citation{
		Code:     "DOC-000009",
		Kind:     dhakira.KindDocument,
		Type:     "press-release",
		Title:    dhakira.Text{EN: `On {Braces}, 100% "Quotes" & $5 #1 a_b ^ ~ \ end`, AR: "بيان «حول» 50% {اختبار}"},
		Date:     mustDate(t, "2017-10-19"),
		Issuers:  []dhakira.Text{{AR: "الائتلاف & شركاؤه", EN: "Coalition & Partners"}},
		URL:      "https://archive.example.org/records/DOC-000009",
		Archive:  dhakira.Text{AR: "الذاكرة السورية", EN: "Syrian Memory"},
		Accessed: dhakira.Day{Year: 2026, Month: 5, Day: 3},
	}
}

// bracesBalanced reports whether every unescaped brace of a BibTeX entry
// is closed, never going below zero.
func bracesBalanced(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // an escaped character
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

func TestCiteBibTeX(t *testing.T) {
	tr := translators(t)
	c := trickyCitation(t)
	want := map[string]string{
		"en": `@misc{DOC-000009,
  title = {{On \{Braces\}, 100\% "Quotes" \& \$5 \#1 a\_b \textasciicircum{} \textasciitilde{} \textbackslash{} end}},
  organization = {Coalition \& Partners},
  date = {2017-10-19},
  year = {2017},
  month = oct,
  howpublished = {Syrian Memory},
  note = {Memory code DOC-000009},
  url = {https://archive.example.org/records/DOC-000009},
  urldate = {2026-05-03},
  langid = {english},
}
`,
		"ar": `@misc{DOC-000009,
  title = {{بيان «حول» 50\% \{اختبار\}}},
  organization = {الائتلاف \& شركاؤه},
  date = {2017-10-19},
  year = {2017},
  month = oct,
  howpublished = {الذاكرة السورية},
  note = {كود الذاكرة DOC-000009},
  url = {https://archive.example.org/records/DOC-000009},
  urldate = {2026-05-03},
  langid = {arabic},
}
`,
	}
	for _, lang := range locale.Langs {
		got := string(c.bibtex(tr[lang]))
		if got != want[lang] {
			t.Errorf("%s BibTeX:\n%s\nwant\n%s", lang, got, want[lang])
		}
		if !bracesBalanced(got) {
			t.Errorf("%s BibTeX: unbalanced braces", lang)
		}
	}

	// An interval, a year, no issuer, an English-only title on the Arabic side.
	c = &citation{Code: "DIA-000001", Kind: dhakira.KindDiary, Title: dhakira.Text{EN: "Sit-in"},
		Date: mustDate(t, "2011-03-15/2012-04"), URL: "https://a.example/records/DIA-000001",
		Archive: dhakira.Text{AR: "أرشيف", EN: "Archive"}, Accessed: dhakira.Day{Year: 2026, Month: 1, Day: 9}}
	got := string(c.bibtex(tr["ar"]))
	wantAR := `@misc{DIA-000001,
  title = {{Sit-in}},
  date = {2011-03-15/2012-04},
  year = {2011--2012},
  howpublished = {أرشيف},
  note = {كود الذاكرة DIA-000001},
  url = {https://a.example/records/DIA-000001},
  urldate = {2026-01-09},
  langid = {english},
}
`
	if got != wantAR {
		t.Errorf("interval BibTeX:\n%s\nwant\n%s", got, wantAR)
	}
	if got := bibEscape(`\{}`); got != `\textbackslash{}\{\}` {
		t.Errorf("bibEscape: %s", got)
	}
	if got := bibURL("https://x.example/a{b}"); got != "https://x.example/a%7Bb%7D" {
		t.Errorf("bibURL: %s", got)
	}
}

func TestCiteRIS(t *testing.T) {
	tr := translators(t)
	c := trickyCitation(t)
	want := map[string]string{
		"en": "TY  - GEN\r\n" +
			"TI  - On {Braces}, 100% \"Quotes\" & $5 #1 a_b ^ ~ \\ end\r\n" +
			"T2  - Syrian Memory\r\n" +
			"PB  - Coalition & Partners\r\n" +
			"PY  - 2017\r\n" +
			"DA  - 2017/10/19/\r\n" +
			"AN  - DOC-000009\r\n" +
			"UR  - https://archive.example.org/records/DOC-000009\r\n" +
			"Y2  - 2026/05/03/\r\n" +
			"LA  - en\r\n" +
			"ER  - \r\n",
		"ar": "TY  - GEN\r\n" +
			"TI  - بيان «حول» 50% {اختبار}\r\n" +
			"T2  - الذاكرة السورية\r\n" +
			"PB  - الائتلاف & شركاؤه\r\n" +
			"PY  - 2017\r\n" +
			"DA  - 2017/10/19/\r\n" +
			"AN  - DOC-000009\r\n" +
			"UR  - https://archive.example.org/records/DOC-000009\r\n" +
			"Y2  - 2026/05/03/\r\n" +
			"LA  - ar\r\n" +
			"ER  - \r\n",
	}
	for _, lang := range locale.Langs {
		if got := string(c.ris(tr[lang])); got != want[lang] {
			t.Errorf("%s RIS:\n%q\nwant\n%q", lang, got, want[lang])
		}
	}
	// A month, a title on two lines, an entry of the archive's own.
	c = &citation{Code: "PER-000001", Kind: dhakira.KindPerson, Title: dhakira.Text{EN: "Ahmad\nal-Shahed"},
		Date: mustDate(t, "1980-05"), URL: "https://a.example/records/PER-000001",
		Archive: dhakira.Text{EN: "Archive"}, Accessed: dhakira.Day{Year: 2026, Month: 1, Day: 9}}
	got := string(c.ris(tr["en"]))
	wantEN := "TY  - ENCYC\r\nTI  - Ahmad al-Shahed\r\nT2  - Archive\r\nPB  - Archive\r\nPY  - 1980\r\nDA  - 1980/05//\r\nAN  - PER-000001\r\nUR  - https://a.example/records/PER-000001\r\nY2  - 2026/01/09/\r\nLA  - en\r\nER  - \r\n"
	if got != wantEN {
		t.Errorf("RIS:\n%q\nwant\n%q", got, wantEN)
	}
	if strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		t.Error("RIS: a line does not end CRLF")
	}
}

func TestCiteCSL(t *testing.T) {
	tr := translators(t)
	c := trickyCitation(t)
	want := map[string]any{
		"id":               "DOC-000009",
		"type":             "document",
		"title":            `On {Braces}, 100% "Quotes" & $5 #1 a_b ^ ~ \ end`,
		"genre":            "Press release",
		"publisher":        "Coalition & Partners",
		"issued":           map[string]any{"date-parts": []any{[]any{2017.0, 10.0, 19.0}}},
		"accessed":         map[string]any{"date-parts": []any{[]any{2026.0, 5.0, 3.0}}},
		"archive":          "Syrian Memory",
		"archive_location": "DOC-000009",
		"URL":              "https://archive.example.org/records/DOC-000009",
		"language":         "en",
	}
	data := c.cslJSON(tr["en"])
	var items []map[string]any
	if err := json.Unmarshal(data, &items); err != nil || len(items) != 1 {
		t.Fatalf("CSL-JSON: %v, %d items\n%s", err, len(items), data)
	}
	if !reflect.DeepEqual(items[0], want) {
		t.Errorf("CSL-JSON:\n%v\nwant\n%v", items[0], want)
	}
	if !strings.Contains(string(data), `"title": "On {Braces}, 100% \"Quotes\" & $5 #1 a_b ^ ~ \\ end"`) {
		t.Errorf("CSL-JSON title not written as plain JSON:\n%s", data)
	}

	items = nil
	json.Unmarshal(c.cslJSON(tr["ar"]), &items)
	if got := items[0]; got["title"] != "بيان «حول» 50% {اختبار}" || got["archive"] != "الذاكرة السورية" || got["language"] != "ar" || got["genre"] != "بيان صحفي" {
		t.Errorf("Arabic CSL-JSON: %v", got)
	}

	// An interval; a testimony; no date, no issuer.
	c = &citation{Code: "TST-000001", Kind: dhakira.KindTestimony, Title: dhakira.Text{AR: "شهادة"},
		Date: mustDate(t, "2011-03-15/2011-04"), URL: "u", Archive: dhakira.Text{EN: "Archive"}, Accessed: dhakira.Day{Year: 2026, Month: 1, Day: 9}}
	items = nil
	json.Unmarshal(c.cslJSON(tr["en"]), &items)
	issued := map[string]any{"date-parts": []any{[]any{2011.0, 3.0, 15.0}, []any{2011.0, 4.0}}}
	if got := items[0]; got["type"] != "interview" || !reflect.DeepEqual(got["issued"], issued) || got["language"] != "ar" || got["publisher"] != nil {
		t.Errorf("interval CSL-JSON: %v", got)
	}
	c.Date = dhakira.Date{}
	items = nil
	json.Unmarshal(c.cslJSON(tr["en"]), &items)
	if _, ok := items[0]["issued"]; ok {
		t.Errorf("undated CSL-JSON has issued: %v", items[0])
	}
}

func TestCiteText(t *testing.T) {
	tr := translators(t)
	c := trickyCitation(t)
	want := map[string]string{
		"en": `Coalition & Partners. “On {Braces}, 100% "Quotes" & $5 #1 a_b ^ ~ \ end.” October 19, 2017. Syrian Memory, memory code DOC-000009. https://archive.example.org/records/DOC-000009 (accessed May 3, 2026).`,
		"ar": `الائتلاف & شركاؤه، «بيان «حول» 50% {اختبار}»، 19 تشرين الأول 2017، الذاكرة السورية، كود الذاكرة DOC-000009، https://archive.example.org/records/DOC-000009 (تاريخ الاطلاع: 3 أيار 2026).`,
	}
	for _, lang := range locale.Langs {
		parts := c.text(tr[lang])
		if got := citePlain(parts); got != want[lang] {
			t.Errorf("%s citation:\n%s\nwant\n%s", lang, got, want[lang])
		}
		// The address and the code are isolated left to right.
		isolated := map[string]string{}
		for _, p := range parts {
			if p.Dir != "" {
				isolated[p.Text] = p.Dir
			}
		}
		if isolated[c.URL] != "ltr" || isolated[c.Code] != "ltr" {
			t.Errorf("%s citation: address and code not isolated: %v", lang, isolated)
		}
	}

	// No issuer, no date, a title with its own question mark, in the
	// other language.
	c = &citation{Code: "DOC-000003", Kind: dhakira.KindDocument, Title: dhakira.Text{EN: "Who Storms the Prison?"},
		URL: "https://a.example/records/DOC-000003", Archive: dhakira.Text{AR: "أرشيف", EN: "Archive"}, Accessed: dhakira.Day{Year: 2026, Month: 1, Day: 9}}
	if got, want := citePlain(c.text(tr["en"])), `“Who Storms the Prison?” Archive, memory code DOC-000003. https://a.example/records/DOC-000003 (accessed January 9, 2026).`; got != want {
		t.Errorf("citation:\n%s\nwant\n%s", got, want)
	}
	parts := c.text(tr["ar"])
	if got, want := citePlain(parts), `«Who Storms the Prison?»، أرشيف، كود الذاكرة DOC-000003، https://a.example/records/DOC-000003 (تاريخ الاطلاع: 9 كانون الثاني 2026).`; got != want {
		t.Errorf("citation:\n%s\nwant\n%s", got, want)
	}
	for _, p := range parts {
		if p.Text == "Who Storms the Prison?" && (p.Dir != "ltr" || p.Lang != "en") {
			t.Errorf("an English title in the Arabic citation: dir %q, lang %q", p.Dir, p.Lang)
		}
	}
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
			for _, f := range citeFormats {
				path := "/" + lang + "/records/" + code + "/cite." + f.ext
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
