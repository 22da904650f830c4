package cite

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

func translators(t testing.TB) map[string]*locale.Translator {
	t.Helper()
	tr, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	return tr
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
func trickyCitation(t *testing.T) *Citation {
	return &Citation{
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
		got := string(c.BibTeX(tr[lang]))
		if got != want[lang] {
			t.Errorf("%s BibTeX:\n%s\nwant\n%s", lang, got, want[lang])
		}
		if !bracesBalanced(got) {
			t.Errorf("%s BibTeX: unbalanced braces", lang)
		}
	}

	// An interval, a year, no issuer, an English-only title on the Arabic side.
	c = &Citation{Code: "DIA-000001", Kind: dhakira.KindDiary, Title: dhakira.Text{EN: "Sit-in"},
		Date: mustDate(t, "2011-03-15/2012-04"), URL: "https://a.example/records/DIA-000001",
		Archive: dhakira.Text{AR: "أرشيف", EN: "Archive"}, Accessed: dhakira.Day{Year: 2026, Month: 1, Day: 9}}
	got := string(c.BibTeX(tr["ar"]))
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
		if got := string(c.RIS(tr[lang])); got != want[lang] {
			t.Errorf("%s RIS:\n%q\nwant\n%q", lang, got, want[lang])
		}
	}
	// A month, a title on two lines, an entry of the archive's own.
	c = &Citation{Code: "PER-000001", Kind: dhakira.KindPerson, Title: dhakira.Text{EN: "Ahmad\nal-Shahed"},
		Date: mustDate(t, "1980-05"), URL: "https://a.example/records/PER-000001",
		Archive: dhakira.Text{EN: "Archive"}, Accessed: dhakira.Day{Year: 2026, Month: 1, Day: 9}}
	got := string(c.RIS(tr["en"]))
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
	data := c.CSLJSON(tr["en"])
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
	json.Unmarshal(c.CSLJSON(tr["ar"]), &items)
	if got := items[0]; got["title"] != "بيان «حول» 50% {اختبار}" || got["archive"] != "الذاكرة السورية" || got["language"] != "ar" || got["genre"] != "بيان صحفي" {
		t.Errorf("Arabic CSL-JSON: %v", got)
	}

	// An interval; a testimony; no date, no issuer.
	c = &Citation{Code: "TST-000001", Kind: dhakira.KindTestimony, Title: dhakira.Text{AR: "شهادة"},
		Date: mustDate(t, "2011-03-15/2011-04"), URL: "u", Archive: dhakira.Text{EN: "Archive"}, Accessed: dhakira.Day{Year: 2026, Month: 1, Day: 9}}
	items = nil
	json.Unmarshal(c.CSLJSON(tr["en"]), &items)
	issued := map[string]any{"date-parts": []any{[]any{2011.0, 3.0, 15.0}, []any{2011.0, 4.0}}}
	if got := items[0]; got["type"] != "interview" || !reflect.DeepEqual(got["issued"], issued) || got["language"] != "ar" || got["publisher"] != nil {
		t.Errorf("interval CSL-JSON: %v", got)
	}
	c.Date = dhakira.Date{}
	items = nil
	json.Unmarshal(c.CSLJSON(tr["en"]), &items)
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
		parts := c.Text(tr[lang])
		if got := Plain(parts); got != want[lang] {
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
	c = &Citation{Code: "DOC-000003", Kind: dhakira.KindDocument, Title: dhakira.Text{EN: "Who Storms the Prison?"},
		URL: "https://a.example/records/DOC-000003", Archive: dhakira.Text{AR: "أرشيف", EN: "Archive"}, Accessed: dhakira.Day{Year: 2026, Month: 1, Day: 9}}
	if got, want := Plain(c.Text(tr["en"])), `“Who Storms the Prison?” Archive, memory code DOC-000003. https://a.example/records/DOC-000003 (accessed January 9, 2026).`; got != want {
		t.Errorf("citation:\n%s\nwant\n%s", got, want)
	}
	parts := c.Text(tr["ar"])
	if got, want := Plain(parts), `«Who Storms the Prison?»، أرشيف، كود الذاكرة DOC-000003، https://a.example/records/DOC-000003 (تاريخ الاطلاع: 9 كانون الثاني 2026).`; got != want {
		t.Errorf("citation:\n%s\nwant\n%s", got, want)
	}
	for _, p := range parts {
		if p.Text == "Who Storms the Prison?" && (p.Dir != "ltr" || p.Lang != "en") {
			t.Errorf("an English title in the Arabic citation: dir %q, lang %q", p.Dir, p.Lang)
		}
	}
}
