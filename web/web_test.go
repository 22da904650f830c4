package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/locale"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/storetest"
)

var htmlTag = map[string]string{
	"ar": `<html lang="ar" dir="rtl">`,
	"en": `<html lang="en" dir="ltr">`,
}

// TestEveryPageBothLanguages checks the frame every page shares: status,
// language and direction, the link to the same page in the other language,
// the statement, the navigation, the footer.
func TestEveryPageBothLanguages(t *testing.T) {
	s := newSite(t)
	paths := []string{
		"/",
		"/search",
		"/search?q=%D8%AD%D9%85%D8%B5",
		"/about",
		"/records/DOC-000001",
		"/records/VID-000001",
		"/records/TST-000001",
		"/records/DIA-000001",
		"/records/PER-000001",
		"/records/ENT-000001",
		"/records/PLC-homs-central-prison",
		"/browse/document",
		"/browse/place?place=SY04&type=site",
		"/chronicle/2017-10-16",
	}
	for _, k := range dhakira.Kinds {
		paths = append(paths, "/browse/"+string(k))
	}
	stmt := testSettings().Statement
	for _, lang := range locale.Langs {
		other := dhakira.OtherLang(lang)
		for _, p := range paths {
			body := s.page(t, "/"+lang+p, 200)
			what := "/" + lang + p
			contains(t, what, body, htmlTag[lang],
				`href="`+strings.ReplaceAll("/"+other+p, "&", "&amp;")+`"`,
				stmt.Get(lang),
				testSettings().Name.Get(lang),
				`href="/`+lang+`/chronicle"`, `href="/`+lang+`/search"`, `href="/`+lang+`/about"`,
				`href="/`+lang+`/browse/testimony"`,
				`<footer class="site-footer">`,
				`<meta name="viewport"`,
			)
		}
	}
}

func TestRecordPageArabic(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/ar/records/DOC-000001", 200)
	contains(t, "ar record", body,
		htmlTag["ar"],
		`href="/en/records/DOC-000001"`,
		"حول محاولات النظام اقتحام سجن حمص المركزي",
		"المعلومات الأساسية", "تاريخ الصدور", "19 تشرين الأول 2017",
		"نوع الوثيقة", "بيان صحفي",
		"المنطقة الجغرافية", "كود الذاكرة", "DOC-000001",
		"كيانات متعلقة", "شخصيات مرتبطة", "يوميات مرتبطة", "وثائق مرتبطة", "فيديوهات مرتبطة", "شهادات مرتبطة",
		"درجة الموثوقية", "صحيحة", "غير صحيحة", "لم يتم التأكد من صحتها", "غير محدد",
		`href="https://example.org/press/1"`, "published on the coalition&#39;s website",
		"mailto:archive@example.org?subject=", "DOC-000001\">",
	)
	// Paragraphs, with the line break inside the first kept.
	contains(t, "ar record text", body, "<p dir=\"auto\">تواصل قوات النظام التضييق على المعتقلين.\nسطر ثانٍ في الفقرة نفسها.</p>", "<p dir=\"auto\">فقرة ثانية.</p>")
	// The place path, each element a link, widest first.
	region := section(t, body, "basic-info-h")
	order := []string{`href="/ar/records/SY04"`, "محافظة حمص", `href="/ar/records/SY0400"`, "منطقة حمص", `href="/ar/records/SY040000"`, `href="/ar/records/PLC-homs-central-prison"`, "سجن حمص المركزي"}
	last := -1
	for _, w := range order {
		i := strings.Index(region, w)
		if i <= last {
			t.Fatalf("place path: %q missing or out of order in\n%s", w, region)
		}
		last = i
	}
	// Sections in the reference page's order, then the grade, then corrections.
	last = -1
	for _, w := range []string{"المعلومات الأساسية", "كيانات متعلقة", "شخصيات مرتبطة", "يوميات مرتبطة", "درجة الموثوقية", "تعليقات وتصحيحات"} {
		i := strings.Index(body, w)
		if i <= last {
			t.Errorf("%q missing or out of order", w)
		}
		last = i
	}
	// Related: labels and notes.
	ents := section(t, body, "related-entity")
	contains(t, "related entities", ents, "الائتلاف الوطني السوري", "صادر عن", "منظمة العفو الدولية", "report cited")
	contains(t, "related persons (only a draft is linked)", section(t, body, "related-person"), "لا يوجد معلومات حالية")
	contains(t, "related diaries", section(t, body, "related-diary"), "محاولة اقتحام سجن حمص المركزي", `href="/ar/records/DIA-000001"`)
	// The grade: exactly one current, the record's own, marked in text too.
	grades := section(t, body, "reliability-h")
	if n := strings.Count(grades, `aria-current="true"`); n != 1 {
		t.Errorf("%d grades marked current, want 1", n)
	}
	if !regexp.MustCompile(`grade-unverified is-current" aria-current="true"><span class="check" aria-hidden="true">✓</span><span class="grade-label">لم يتم التأكد من صحتها</span> <span class="grade-this">\(درجة هذا السجل\)</span>`).MatchString(grades) {
		t.Errorf("the record's grade is not marked:\n%s", grades)
	}
	contains(t, "record footer", body, "نسخة واحدة", "آخر تحديث")
}

func TestRecordPageEnglish(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/en/records/DOC-000001", 200)
	contains(t, "en record", body,
		htmlTag["en"], `href="/ar/records/DOC-000001"`,
		"On Regime&#39;s Attempts to Storm Homs Central Prison",
		"Basic information", "Release date", "October 19, 2017", "Document type", "Press release",
		"Geographic region", "Memory code",
		"Related entities", "Related persons", "Related diaries", "Related documents", "Related videos", "Related testimonies",
		"No information at present",
		"Reliability grade", "Correct", "Incorrect", "Unverified", "Unspecified", "this record&#39;s grade",
		"Send a comment or correction on this record",
		"mailto:archive@example.org?subject=Comment%20or%20correction%20on%20record%20DOC-000001",
		"issued by", "report cited",
		"1 revision",
	)
	lacks(t, "en record", body, "(in Arabic)", "(in English)")
}

func TestRecordKinds(t *testing.T) {
	s := newSite(t)
	cases := []struct {
		path  string
		wants []string
	}{
		{"/en/records/VID-000001", []string{"Original video", `href="https://video.example.org/watch?v=1"`, "Duration", "3:25", "Video type", "Demonstration", "April 18, 2011"}},
		{"/en/records/TST-000001", []string{"Testimony segments", "00:00:00 – 00:05:10", "The arrest", "I was arrested in spring 2012.", "00:05:10", "Life in the prison."}},
		{"/ar/records/TST-000001", []string{"مقاطع الشهادة", "الاعتقال", "اعتُقلت في ربيع 2012.", "Life in the prison.", "(بالإنجليزية)"}},
		{"/en/records/PER-000001", []string{"Born", "May 1980", "Died", "2013", "Also known as", "أبو محمد", "Correct"}},
		{"/ar/records/PER-000001", []string{"تاريخ الولادة", "أيار 1980", "تاريخ الوفاة", "أسماء أخرى"}},
		{"/en/records/ENT-000003", []string{"Part of", `href="/en/records/ENT-000001"`, "Syrian Coalition", "Media"}},
		{"/en/records/PLC-homs-central-prison", []string{"Level", "Site", "Within", "Homs Governorate", "Homs Center", "Coordinates", "34.7324, 36.7137", "Also known as", "Central Prison", "Records in this place", `href="/en/browse/document?place=PLC-homs-central-prison"`, "1 document", "Related testimonies", "mentioned in"}},
		{"/en/records/SY04", []string{"Governorate", "Places within", `href="/en/records/SY0400"`, "P-code", "SY04", `href="/en/browse/diary?place=SY04"`, "2 events"}},
		{"/ar/records/SY04", []string{"أماكن ضمنه", "منطقة حمص", "سجلات في هذا المكان", "حدثان", "وثيقتان"}},
		{"/en/records/DOC-000002", []string{"October 2017", "Statement on Damascus", "Damascus Governorate"}},
		{"/ar/records/DOC-000002", []string{"تشرين الأول 2017"}},
		{"/en/records/DOC-000004", []string{"March 15, 2011 – April 2011"}},
		{"/ar/records/DOC-000003", []string{"2012", "bulletin", "غير صحيحة"}},
	}
	for _, c := range cases {
		body := s.page(t, c.path, 200)
		contains(t, c.path, body, c.wants...)
	}
	// Child places are the direct children only.
	sy04 := s.page(t, "/en/records/SY04", 200)
	children := section(t, sy04, "children-h")
	lacks(t, "SY04 children", children, "SY040000", "Homs Central Prison", "Secret draft site")
}

// TestInverseLabels: a link shows on both ends, with the inverse label on
// the target's page.
func TestInverseLabels(t *testing.T) {
	s := newSite(t)
	cases := []struct {
		path, section, item, label string
	}{
		{"/en/records/ENT-000001", "related-document", "DOC-000001", "issued"},
		{"/ar/records/ENT-000001", "related-document", "DOC-000001", "من إصداراته"},
		{"/en/records/ENT-000001", "related-person", "PER-000001", "member"},
		{"/ar/records/ENT-000001", "related-person", "PER-000001", "عضو"},
		{"/en/records/PER-000001", "related-entity", "ENT-000001", "member of"},
		{"/en/records/ENT-000001", "related-entity", "ENT-000003", "includes"},
		{"/en/records/ENT-000003", "related-entity", "ENT-000001", "part of"},
		{"/en/records/PER-000001", "related-video", "VID-000001", "mentioned in"},
		{"/ar/records/PER-000001", "related-video", "VID-000001", "مذكور في"},
		{"/en/records/VID-000001", "related-person", "PER-000001", "mentions"},
		{"/en/records/PER-000001", "related-testimony", "TST-000001", "testimony"},
		{"/en/records/TST-000001", "related-person", "PER-000001", "witness"},
		{"/en/records/DIA-000001", "related-document", "DOC-000001", "related"},
		{"/en/records/ENT-000002", "related-document", "DOC-000001", "related"},
		{"/en/records/PLC-homs-central-prison", "related-testimony", "TST-000001", "mentioned in"},
		{"/en/records/TST-000001", "related-place", "PLC-homs-central-prison", "mentions"},
	}
	for _, c := range cases {
		body := s.page(t, c.path, 200)
		sec := section(t, body, c.section)
		re := regexp.MustCompile(`href="/(ar|en)/records/` + regexp.QuoteMeta(c.item) + `"[^<]*</a>\s*(<span class="fallback-mark">[^<]*</span>)?\s*<p class="item-meta"><span class="rel">` + regexp.QuoteMeta(c.label) + `</span>`)
		if !re.MatchString(sec) {
			t.Errorf("%s: %s not labelled %q in\n%s", c.path, c.item, c.label, sec)
		}
	}
	// The note of a link shows on the target's page too.
	contains(t, "ENT-000002", s.page(t, "/en/records/ENT-000002", 200), "report cited")
	contains(t, "ENT-000001", s.page(t, "/en/records/ENT-000001", 200), "since 2012")
}

// TestFallbackMarked: content shown in the other language than the page's
// says so and carries its language.
func TestFallbackMarked(t *testing.T) {
	s := newSite(t)
	ar := s.page(t, "/ar/records/DOC-000003", 200)
	contains(t, "ar page of an English-only record", ar,
		`<h1 class="record-title" dir="auto" lang="en">English Only Bulletin</h1>`,
		`<span class="fallback-mark">(بالإنجليزية)</span>`,
		`<div class="text-body" dir="auto" lang="en">`, "Only in English.",
	)
	en := s.page(t, "/en/records/DOC-000003", 200)
	lacks(t, "en page of an English-only record", en, "fallback-mark")
	// In lists too: the English-only person on the Arabic list.
	list := s.page(t, "/ar/browse/person", 200)
	contains(t, "ar person list", list, `lang="en">Jane Reporter</a> <span class="fallback-mark">(بالإنجليزية)</span>`)
	// And Arabic-only content on an English page.
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, []string{`{"kind":"document","code":"DOC-000009","title":{"ar":"وثيقة بالعربية فقط"},"text":{"ar":"نص عربي."}}`}, true))
	s2 := serve(t, db, testSettings())
	en2 := s2.page(t, "/en/records/DOC-000009", 200)
	contains(t, "en page of an Arabic-only record", en2, `lang="ar">وثيقة بالعربية فقط</h1>`, "(in Arabic)", `lang="ar">`)
}

func TestHome(t *testing.T) {
	s := newSite(t)
	ar := s.page(t, "/ar/", 200)
	contains(t, "ar home", ar,
		"الذاكرة السورية", testSettings().Statement.AR,
		`href="/ar/browse/document"`, "4 وثائق",
		`href="/ar/browse/diary"`, "5 أحداث",
		`href="/ar/browse/person"`, "شخصيتان",
		`href="/ar/browse/video"`, "مقطعا فيديو",
		`href="/ar/browse/testimony"`, "شهادة واحدة",
		`href="/ar/browse/place"`, "6 أماكن",
		`action="/ar/search"`, `name="q"`,
		"أحدث الإضافات", `href="/ar/records/VID-000002"`,
	)
	en := s.page(t, "/en/", 200)
	contains(t, "en home", en, "Syrian Memory", "4 documents", "5 events", "2 persons", "1 testimony", "Latest additions", `action="/en/search"`)
}

func TestSearchComingSoon(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/ar/search?q="+url.QueryEscape(`حمص "<b>`), 200)
	contains(t, "search", body, `value="حمص &#34;&lt;b&gt;"`, "البحث في نصوص الأرشيف سيُتاح قريبًا", `href="/ar/browse/document"`)
	lacks(t, "search", body, `"<b>`)
	en := s.page(t, "/en/search", 200)
	contains(t, "search", en, "Full-text search is coming soon", `href="/en/browse/entity"`)
}

func TestAbout(t *testing.T) {
	s := newSite(t)
	ar := s.page(t, "/ar/about", 200)
	contains(t, "ar about", ar, "عن الأرشيف", "الذاكرة السورية", testSettings().Statement.AR, "mailto:archive@example.org", "OpenSyria", "CC BY 4.0")
	en := s.page(t, "/en/about", 200)
	contains(t, "en about", en, "About the archive", "Syrian Memory", "mailto:archive@example.org", "OpenSyria", "CC BY 4.0", "Wikidata")
}

func TestNoContact(t *testing.T) {
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture[:1], true))
	settings := testSettings()
	settings.Contact = "not an address"
	s := serve(t, db, settings)
	ar := s.page(t, "/ar/records/SY04", 200)
	contains(t, "record without contact", ar, "سيُتاح قريبًا نموذج لإرسال التعليقات والتصحيحات")
	lacks(t, "record without contact", ar, "mailto:")
	en := s.page(t, "/en/about", 200)
	contains(t, "about without contact", en, "A way to send comments and corrections opens soon.")
}

func TestBrowse(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/en/browse/document", 200)
	contains(t, "documents", body, "Documents", "4 documents", "DOC-000001", "DOC-000002", "DOC-000003", "DOC-000004", "VID-000002"[:0])
	lacks(t, "documents", body, "DOC-000005", "Draft Document Hidden", "VID-000001")
	// The type select is built from the counts.
	contains(t, "type select", body, `<option value="press-release">Press release (1)</option>`, `<option value="bulletin">bulletin (1)</option>`)

	cases := []struct {
		query string
		in    []string
		out   []string
		wants []string
	}{
		{"place=SY04", []string{"DOC-000001", "DOC-000003"}, []string{"DOC-000002", "DOC-000004"}, []string{"In <a href=\"/en/records/SY04\"", "Homs Governorate</a> and every place within it", `<input type="hidden" name="place" value="SY04">`}},
		{"place=SY040000", []string{"DOC-000001"}, []string{"DOC-000003", "DOC-000002"}, []string{"Homs Center"}},
		{"place=SY01", []string{"DOC-000002"}, []string{"DOC-000001"}, nil},
		{"type=statement", []string{"DOC-000002"}, []string{"DOC-000001", "DOC-000003"}, []string{`<option value="statement" selected>`}},
		{"reliability=incorrect", []string{"DOC-000003"}, []string{"DOC-000001", "DOC-000002"}, []string{`<option value="incorrect" selected>`}},
		{"year=2017", []string{"DOC-000001", "DOC-000002"}, []string{"DOC-000003", "DOC-000004"}, []string{`value="2017"`}},
		{"year=2011", []string{"DOC-000004"}, []string{"DOC-000001"}, nil},
		{"year=1999", nil, []string{"DOC-000001"}, []string{"No records match."}},
		{"place=SY04&reliability=unverified&year=2017&type=press-release", []string{"DOC-000001"}, []string{"DOC-000003"}, nil},
		// Bad parameters are taken as absent.
		{"year=abc&page=xyz&reliability=bogus", []string{"DOC-000001", "DOC-000004"}, nil, nil},
		{"page=-4&year=99999", []string{"DOC-000001"}, nil, nil},
		{"place=%3Cscript%3E", []string{"DOC-000001"}, nil, nil},
		{"place=NO-SUCH-PLACE", nil, []string{"DOC-000001"}, []string{"No records match.", "place NO-SUCH-PLACE"}},
		{"place=PLC-secret-site", nil, []string{"Secret draft site"}, []string{"place PLC-secret-site"}},
	}
	for _, c := range cases {
		b := s.page(t, "/en/browse/document?"+c.query, 200)
		list := b[strings.Index(b, "</form>"):]
		for _, code := range c.in {
			if !strings.Contains(list, `/en/records/`+code+`"`) {
				t.Errorf("?%s: %s missing", c.query, code)
			}
		}
		for _, code := range c.out {
			if strings.Contains(list, code) {
				t.Errorf("?%s: %s should not be listed", c.query, code)
			}
		}
		contains(t, "?"+c.query, b, c.wants...)
	}
	// Arabic: the active place filter in Arabic.
	ar := s.page(t, "/ar/browse/diary?place=SY04", 200)
	contains(t, "ar diaries in Homs", ar, "في <a href=\"/ar/records/SY04\"", "محافظة حمص</a> وكل ما يقع ضمنه", "حدثان")
	// Unknown kinds are 404 pages in the page's language.
	status, nf, _ := s.get(t, "/ar/browse/letters")
	if status != 404 || !strings.Contains(nf, htmlTag["ar"]) || !strings.Contains(nf, "الصفحة غير موجودة") {
		t.Errorf("/ar/browse/letters: %d", status)
	}
}

func TestBrowsePaging(t *testing.T) {
	db := sqlitetest.Open(t)
	var lines []string
	lines = append(lines, fixture[0]) // SY04
	for i := 1; i <= 120; i++ {
		place := ""
		if i%2 == 0 {
			place = `,"places":["SY04"]`
		}
		lines = append(lines, fmt.Sprintf(`{"kind":"diary","code":"DIA-%06d","title":{"ar":"حدث %d","en":"Event %d"},"type":"civil","date":"2015-01-%02d"%s}`, i, i, i, i%28+1, place))
	}
	putRecords(t, db, decodeFixture(t, lines, true))
	s := serve(t, db, testSettings())

	first := s.page(t, "/en/browse/diary?sort=code", 200)
	contains(t, "page 1", first, "120 events", "Page 1 of 3", `href="/en/browse/diary?page=2&amp;sort=code"`, "DIA-000001", "DIA-000050")
	lacks(t, "page 1", first, "DIA-000051", `rel="prev"`)
	if n := strings.Count(first, `class="item item-diary"`); n != PageSize {
		t.Errorf("page 1 lists %d, want %d", n, PageSize)
	}
	second := s.page(t, "/en/browse/diary?sort=code&page=2", 200)
	contains(t, "page 2", second, "Page 2 of 3", "DIA-000051", "DIA-000100", `rel="prev" href="/en/browse/diary?sort=code"`, `rel="next" href="/en/browse/diary?page=3&amp;sort=code"`)
	lacks(t, "page 2", second, "DIA-000050\"", "DIA-000101")
	third := s.page(t, "/en/browse/diary?sort=code&page=3", 200)
	if n := strings.Count(third, `class="item item-diary"`); n != 20 {
		t.Errorf("page 3 lists %d, want 20", n)
	}
	lacks(t, "page 3", third, `rel="next"`)
	// Filters stay in the paging links.
	filtered := s.page(t, "/ar/browse/diary?place=SY04&year=2015&type=civil&reliability=unspecified&sort=code", 200)
	contains(t, "filtered page 1", filtered, "60 حدثًا", "الصفحة 1 من 2",
		`href="/ar/browse/diary?page=2&amp;place=SY04&amp;reliability=unspecified&amp;sort=code&amp;type=civil&amp;year=2015"`)
	// Past the end: an empty page, not an error, with a way back.
	past := s.page(t, "/en/browse/diary?page=99", 200)
	contains(t, "past the end", past, "No records match.", `rel="prev" href="/en/browse/diary?page=3"`)
}

func TestChronicle(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/en/chronicle/2017-10-16", 200)
	contains(t, "chronicle", body, "October 16, 2017", "3 events",
		`rel="prev" href="/en/chronicle/2017-10-15"`, `rel="next" href="/en/chronicle/2017-10-17"`,
		`href="/en/chronicle/2017-10-10"`, "Earlier day with events: October 10, 2017",
		`href="/en/chronicle/2017-10-20"`, "Later day with events: October 20, 2017",
		"Regime forces tried to storm the prison.",
	)
	lacks(t, "chronicle", body, "DIA-000006", "Draft Event Hidden", "DIA-000004", "DIA-000005")
	// Groups by governorate, events without places last.
	groups := regexp.MustCompile(`(?s)<section class="day-group">\s*<h2>(.*?)</h2>(.*?)</section>`).FindAllStringSubmatch(body, -1)
	var got []string
	for _, g := range groups {
		title := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(g[1], "")
		codes := regexp.MustCompile(`records/(DIA-\d+)"`).FindAllStringSubmatch(g[2], -1)
		var cs []string
		for _, c := range codes {
			cs = append(cs, c[1])
		}
		got = append(got, title+": "+strings.Join(cs, ","))
	}
	want := []string{"Damascus Governorate: DIA-000002", "Homs Governorate: DIA-000001", "Place not specified: DIA-000003"}
	if !slices.Equal(got, want) {
		t.Errorf("groups %q, want %q", got, want)
	}
	ar := s.page(t, "/ar/chronicle/2017-10-16", 200)
	contains(t, "ar chronicle", ar, "16 تشرين الأول 2017", "3 أحداث", "محافظة حمص", "محافظة دمشق", "مكان غير محدد", "اليوم السابق", "اليوم التالي")
	// A day without events.
	empty := s.page(t, "/en/chronicle/2017-10-17", 200)
	contains(t, "empty day", empty, "No events are recorded for this day.", `href="/en/chronicle/2017-10-16"`, `href="/en/chronicle/2017-10-20"`)
	// Malformed dates are 404 pages.
	for _, d := range []string{"2017-13-01", "2017-02-30", "2017-10", "17-10-16", "2017-1-16", "today", "2017-10-16x"} {
		status, b, _ := s.get(t, "/ar/chronicle/"+d)
		if status != 404 || !strings.Contains(b, htmlTag["ar"]) {
			t.Errorf("/ar/chronicle/%s: status %d, want a 404 page", d, status)
		}
	}
	// The chronicle's root goes to the latest day with events.
	status, _, resp := s.get(t, "/en/chronicle")
	if status != 302 || resp.Header.Get("Location") != "/en/chronicle/2017-10-20" {
		t.Errorf("/en/chronicle: %d → %q", status, resp.Header.Get("Location"))
	}
	status, _, resp = s.get(t, "/ar/chronicle?date=2017-10-10")
	if status != 302 || resp.Header.Get("Location") != "/ar/chronicle/2017-10-10" {
		t.Errorf("/ar/chronicle?date=: %d → %q", status, resp.Header.Get("Location"))
	}
}

func TestNotFound(t *testing.T) {
	s := newSite(t)
	for _, c := range []struct{ path, lang, text string }{
		{"/ar/nothing-here", "ar", "الصفحة غير موجودة"},
		{"/en/nothing/here", "en", "Page not found"},
		{"/ar/records/DOC-999999", "ar", "الصفحة غير موجودة"},
		{"/en/records/DOC-999999", "en", "Page not found"},
		{"/en/records/bad%20code", "en", "Page not found"},
		{"/ar/browse/", "ar", "الصفحة غير موجودة"},
		{"/fr/", "ar", "الصفحة غير موجودة"},
		{"/fr/records/DOC-000001", "ar", "الصفحة غير موجودة"},
		{"/AR/", "ar", "الصفحة غير موجودة"},
	} {
		status, body, resp := s.get(t, c.path)
		if status != 404 {
			t.Errorf("%s: status %d, want 404", c.path, status)
			continue
		}
		contains(t, c.path, body, htmlTag[c.lang], c.text)
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", c.path, ct)
		}
	}
	// The 404 of an English reader on an unknown language is in English.
	status, body, _ := s.get(t, "/de/", "Accept-Language", "en-GB,en;q=0.9")
	if status != 404 || !strings.Contains(body, htmlTag["en"]) {
		t.Errorf("/de/ for an English reader: %d", status)
	}
	// The other-language link of a 404 page leads to the same path.
	contains(t, "404 other language", s.page(t, "/ar/nothing-here", 404), `href="/en/nothing-here"`)
}

func TestRootRedirect(t *testing.T) {
	s := newSite(t)
	for _, c := range []struct{ accept, want string }{
		{"", "/ar/"},
		{"ar-SY,ar;q=0.9,en;q=0.8", "/ar/"},
		{"en-US,en;q=0.9", "/en/"},
		{"en-US,en;q=0.9,ar;q=0.8", "/en/"},
		{"fr-FR,fr;q=0.9,en;q=0.5,ar;q=0.4", "/en/"},
		{"fr-FR,fr;q=0.9,ar;q=0.5,en;q=0.4", "/ar/"},
		{"de-DE", "/ar/"},
		{"garbage;;;q=x", "/ar/"},
	} {
		status, _, resp := s.get(t, "/", "Accept-Language", c.accept)
		if (status != 302 && status != 303) || resp.Header.Get("Location") != c.want {
			t.Errorf("Accept-Language %q: %d → %q, want %s", c.accept, status, resp.Header.Get("Location"), c.want)
		}
	}
	status, _, resp := s.get(t, "/en")
	if status != 301 || resp.Header.Get("Location") != "/en/" {
		t.Errorf("/en: %d → %q", status, resp.Header.Get("Location"))
	}
}

func TestHealthz(t *testing.T) {
	db := sqlitetest.Open(t)
	s := serve(t, db, testSettings())
	status, body, _ := s.get(t, "/healthz")
	if status != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz: %d %q", status, body)
	}
	db.Close()
	status, _, _ = s.get(t, "/healthz")
	if status != 503 {
		t.Errorf("/healthz on a closed store: %d, want 503", status)
	}
}

func TestAPIRecord(t *testing.T) {
	s := newSite(t)
	status, body, resp := s.get(t, "/api/v1/records/DOC-000001")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var got struct {
		dhakira.Record
		Links []struct {
			Rel   dhakira.Rel   `json:"rel"`
			To    string        `json:"to"`
			Note  string        `json:"note"`
			Kind  dhakira.Kind  `json:"kind"`
			Title *dhakira.Text `json:"title"`
		} `json:"links"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Kind != dhakira.KindDocument || got.Code != "DOC-000001" || got.Type != "press-release" || got.Date != "2017-10-19" ||
		got.Reliability != dhakira.Unverified || got.Status != dhakira.Published || got.Source == nil || got.Source.URL != "https://example.org/press/1" ||
		!slices.Equal(got.Places, []string{"PLC-homs-central-prison"}) || !strings.HasPrefix(got.Text.EN, "The Assad regime") {
		t.Errorf("record fields: %+v", got.Record)
	}
	if len(got.Links) != 3 {
		t.Fatalf("%d links, want 3 (the two to unpublished records left out): %s", len(got.Links), body)
	}
	l := got.Links[0]
	if l.Rel != dhakira.RelIssuedBy || l.To != "ENT-000001" || l.Kind != dhakira.KindEntity || l.Title == nil || l.Title.EN != "Syrian Coalition" || l.Title.AR != "الائتلاف الوطني السوري" {
		t.Errorf("link 0: %+v", l)
	}
	if l := got.Links[1]; l.Note != "report cited" || l.Kind != dhakira.KindEntity || l.Title == nil || l.Title.EN != "Amnesty International" {
		t.Errorf("link 1: %+v", l)
	}
	if l := got.Links[2]; l.Kind != dhakira.KindDiary || l.Title == nil {
		t.Errorf("link 2: %+v", l)
	}
	// Links to drafts are not listed: neither their codes nor their notes
	// are public.
	lacks(t, "API", body, "Draft Person Hidden", "Draft Document Hidden", "PER-000003", "DOC-000005")
	// The record's own fields are the record JSON: decoding it strictly,
	// without the added link fields, gives the record back.
	var raw map[string]json.RawMessage
	json.Unmarshal([]byte(body), &raw)
	for _, k := range []string{"kind", "code", "title", "text", "type", "date", "places", "reliability", "status", "source", "links"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("API JSON lacks %q", k)
		}
	}

	for _, code := range []string{"DOC-999999", "DOC-000005", "PER-000003", "bad%20code"} {
		status, body, resp := s.get(t, "/api/v1/records/"+code)
		var e map[string]string
		if status != 404 || json.Unmarshal([]byte(body), &e) != nil || e["error"] == "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("/api/v1/records/%s: %d %s", code, status, body)
		}
	}
	status, body, _ = s.get(t, "/api/v2/whatever")
	if status != 404 || !strings.Contains(body, `"error"`) {
		t.Errorf("/api/v2/whatever: %d %s", status, body)
	}
}

// TestDraftsNeverShown: a draft is not on any public URL: not its page, not
// the API, not a list, a count, the chronicle or a related section.
func TestDraftsNeverShown(t *testing.T) {
	s := newSite(t)
	for code := range drafts {
		for _, p := range []string{"/ar/records/" + code, "/en/records/" + code} {
			status, body, _ := s.get(t, p)
			if status != 404 {
				t.Errorf("%s: status %d, want 404", p, status)
			}
			lacks(t, p, body, drafts[code])
		}
		if status, _, _ := s.get(t, "/api/v1/records/"+code); status != 404 {
			t.Errorf("API %s: %d", code, status)
		}
	}
	var pages []string
	for _, lang := range locale.Langs {
		pages = append(pages, "/"+lang+"/", "/"+lang+"/search", "/"+lang+"/chronicle/2017-10-16", "/"+lang+"/chronicle/2017-10-19",
			"/"+lang+"/browse/place?place=SY04", "/"+lang+"/browse/document?place=SY04", "/"+lang+"/browse/document?year=2017",
			"/"+lang+"/browse/document?type=statement", "/"+lang+"/browse/diary?place=SY04")
		for _, k := range dhakira.Kinds {
			pages = append(pages, "/"+lang+"/browse/"+string(k))
		}
		for _, code := range []string{"DOC-000001", "ENT-000001", "SY04", "PLC-homs-central-prison", "PER-000001", "SY040000"} {
			pages = append(pages, "/"+lang+"/records/"+code)
		}
	}
	pages = append(pages, "/api/v1/records/DOC-000001", "/api/v1/records/ENT-000001")
	for _, p := range pages {
		status, body, _ := s.get(t, p)
		if status != 200 {
			t.Errorf("%s: %d", p, status)
		}
		for code, title := range drafts {
			lacks(t, p, body, title, "records/"+code+`"`, "شخص مسودة", "وثيقة مسودة", "حدث مسودة", "موقع مسودة")
		}
	}
	// Counts leave drafts out: 4 published documents, 6 published places.
	home := s.page(t, "/en/", 200)
	contains(t, "home counts", home, "4 documents", "6 places", "2 persons", "5 events")
	// The ENT-000001 document list has DOC-000001 only (the draft also names it).
	ent := section(t, s.page(t, "/en/records/ENT-000001", 200), "related-document")
	if n := strings.Count(ent, `class="item `); n != 1 {
		t.Errorf("ENT-000001 lists %d related documents, want 1", n)
	}
	// The type select of a list counts published records only.
	contains(t, "statement count", s.page(t, "/en/browse/document", 200), `<option value="statement">Statement (1)</option>`)
}

func TestXSS(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{"/ar/records/DOC-000004", "/en/records/DOC-000004", "/en/browse/document", "/ar/", "/en/browse/document?type=%3Cscript%3Ealert(1)%3C/script%3E", "/en/search?q=%3Cscript%3Ealert(1)%3C/script%3E"} {
		body := s.page(t, p, 200)
		lacks(t, p, body, "<script>", "<img src=x")
		if strings.Contains(p, "DOC-000004") {
			contains(t, p, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
		}
	}
	contains(t, "en DOC-000004", s.page(t, "/en/records/DOC-000004", 200), "&lt;img src=x onerror=alert(2)&gt;")
	hrefs := regexp.MustCompile(`(?i)(href|src|action)\s*=\s*"([^"]*)"`)
	for _, p := range []string{"/ar/records/VID-000002", "/en/records/VID-000002", "/en/browse/video"} {
		body := s.page(t, p, 200)
		for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
			u := strings.ToLower(strings.TrimSpace(m[2]))
			if strings.HasPrefix(u, "javascript:") || strings.Contains(u, "alert(") {
				t.Errorf("%s: %s=%q", p, m[1], m[2])
			}
		}
		if strings.Contains(p, "records") {
			// The unsafe address is shown as text, not dropped silently.
			contains(t, p, body, "javascript:alert(4)", "Bad source")
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{"/ar/", "/en/records/DOC-000001", "/ar/nothing", "/api/v1/records/DOC-000001", "/healthz"} {
		_, _, resp := s.get(t, p)
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", p, resp.Header)
		}
	}
	// No inline script or style anywhere: the CSP would refuse them.
	for _, p := range []string{"/ar/", "/en/records/DOC-000001", "/ar/browse/document", "/en/chronicle/2017-10-16"} {
		body := s.page(t, p, 200)
		// Linked data is a data block, which no CSP refuses: it runs nothing.
		body = strings.ReplaceAll(body, `<script type="application/ld+json">`, "")
		lacks(t, p, body, "<script", "<style", " style=", " onclick=")
	}
	// Oversized requests are refused, not served.
	status, _, _ := s.get(t, "/ar/search?q="+strings.Repeat("x", MaxURLBytes+10))
	if status != 414 {
		t.Errorf("long URL: %d, want 414", status)
	}
}

func TestStatic(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/en/", 200)
	m := regexp.MustCompile(`href="(/static/style\.css\?v=[0-9a-f]{12})"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no versioned stylesheet link")
	}
	status, css, resp := s.get(t, m[1])
	if status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || len(css) < 1000 {
		t.Errorf("%s: %d %v", m[1], status, resp.Header)
	}
	_, _, resp = s.get(t, "/static/style.css")
	if strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Error("an unversioned URL is cached for good")
	}
	if status, _, _ := s.get(t, "/static/nothing.css"); status != 404 {
		t.Errorf("/static/nothing.css: %d", status)
	}
}

// TestStyleLogical: right-to-left comes from logical properties only.
func TestStyleLogical(t *testing.T) {
	data, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(data), "")
	for i, line := range strings.Split(css, "\n") {
		if regexp.MustCompile(`\b(left|right)\b`).MatchString(line) {
			t.Errorf("style.css:%d uses a physical side: %s", i+1, strings.TrimSpace(line))
		}
	}
	for _, font := range []string{`"Noto Naskh Arabic"`, `"Noto Sans Arabic"`, `"Amiri"`, "Tahoma"} {
		if !strings.Contains(css, font) {
			t.Errorf("style.css: Arabic font stack lacks %s", font)
		}
	}
	if strings.Contains(css, "@import") || strings.Contains(css, "url(") {
		t.Error("style.css loads something from elsewhere")
	}
}

// TestOddInput: nothing a reader can type makes a 500.
func TestOddInput(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{
		"/ar/records/%00", "/ar/records/..%2F..%2Fetc", "/en/records/" + strings.Repeat("A", 65), "/en/records/%E2%80%AE",
		"/ar/browse/document?page=99999999999999999999&year=-1&type=" + strings.Repeat("t", 300),
		"/ar/browse/document?place=" + strings.Repeat("P", 70) + "&sort=%27;drop",
		"/ar/browse/document?type=%FF%FE", "/en/search?q=%FF%FE%00", "/ar/chronicle/0000-01-01", "/ar/chronicle/9999-12-31", "/ar/chronicle/0001-01-01",
		"/ar/chronicle?date=garbage", "/api/v1/records/%00", "/static/..%2Fweb.go", "/en/browse/document?page=0",
	} {
		status, body, _ := s.get(t, p)
		if status >= 500 {
			t.Errorf("%s: %d\n%s", p, status, excerptOf(body))
		}
	}
	// Methods other than GET and HEAD are not served.
	resp, err := s.client.Post(s.URL+"/ar/records/DOC-000001", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	// HEAD answers without a body.
	req, _ := http.NewRequest("HEAD", s.URL+"/en/records/DOC-000001", nil)
	resp, err = s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("HEAD: %d", resp.StatusCode)
	}
}

func TestNewWithDefaults(t *testing.T) {
	// A new archive: default settings, an empty store.
	s := serve(t, sqlitetest.Open(t), config.Default())
	contains(t, "empty home", s.page(t, "/ar/", 200), "أرشيف الذاكرة", "لا توجد في الأرشيف سجلات منشورة بعد", "لا وثائق")
	contains(t, "empty list", s.page(t, "/en/browse/document", 200), "No records match.", "0 documents")
	status, _, resp := s.get(t, "/ar/chronicle")
	if status != 302 || !strings.HasPrefix(resp.Header.Get("Location"), "/ar/chronicle/") {
		t.Errorf("/ar/chronicle on an empty archive: %d %q", status, resp.Header.Get("Location"))
	}
}

// TestMessagesExist: every interface string the templates and handlers ask
// for by name exists in both languages, and so does every family of names
// built from a kind.
func TestMessagesExist(t *testing.T) {
	tr, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	files, err := templateFiles()
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`\.T "([a-z0-9_-]+)"`)
	for _, f := range files {
		data, err := templateFS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(data), -1) {
			ids[m[1]] = true
		}
	}
	goLit := regexp.MustCompile(`\.(?:T|N)\("([a-z0-9_-]+)"`)
	for _, f := range []string{"pages.go", "record.go", "browse.go", "chronicle.go", "server.go", "view.go", "format.go", "../locale/format.go"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goLit.FindAllStringSubmatch(string(data), -1) {
			if !strings.HasSuffix(m[1], "_") { // a family, checked below
				ids[m[1]] = true
			}
		}
	}
	if len(ids) < 60 {
		t.Fatalf("found only %d message names: the patterns no longer match the code", len(ids))
	}
	for _, k := range dhakira.Kinds {
		for _, prefix := range []string{"kind_", "kinds_", "date_", "type_label_", "related_"} {
			ids[prefix+string(k)] = true
		}
	}
	for _, g := range dhakira.Grades {
		ids["grade_"+string(g)] = true
	}
	for m := 1; m <= 12; m++ {
		ids[fmt.Sprintf("month_%d", m)] = true
	}
	for _, l := range locale.Langs {
		ids["in_lang_"+l] = true
	}
	for _, lang := range locale.Langs {
		for id := range ids {
			if !tr[lang].Has(id) {
				if !tr[lang].HasPlural(id) {
					t.Errorf("%s: no message %s", lang, id)
				}
			}
		}
		for _, k := range dhakira.Kinds {
			if got := tr[lang].Count(k, 3); strings.HasPrefix(got, "count_") {
				t.Errorf("%s: no plural count for %s", lang, k)
			}
		}
	}
}

// TestHomeLatestLeavesPlacesOut: loading a gazetteer must not fill the
// home page's latest additions with places.
func TestHomeLatestLeavesPlacesOut(t *testing.T) {
	s := newSite(t)
	home := s.page(t, "/en/", 200)
	latest := home[strings.Index(home, `id="latest-h"`):]
	lacks(t, "latest additions", latest, "/en/records/SY04\"", "/en/records/PLC-homs-central-prison\"")
	contains(t, "latest additions", latest, `<span class="kind">Video</span>`, "/en/records/DOC-000001\"")
}

// A record linked both ways (or twice) is listed once, with both labels.
func TestRelatedListedOnce(t *testing.T) {
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.Put(t, db, false,
		storetest.Rec(t, `{"kind":"document","code":"D1","title":{"en":"Statement"},"links":[{"rel":"related","to":"DIA-1"}]}`),
		storetest.Rec(t, `{"kind":"diary","code":"DIA-1","title":{"en":"The day"},"links":[{"rel":"source","to":"D1","note":"cited"}]}`),
	)
	srv := httptest.NewServer(New(db, config.Default()))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/en/records/D1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	if n := strings.Count(page, `href="/en/records/DIA-1"`); n != 1 {
		t.Errorf("DIA-1 listed %d times on D1's page, want once", n)
	}
	if !strings.Contains(page, "related, cites it as a source") || !strings.Contains(page, "cited") {
		i := strings.Index(page, `href="/en/records/DIA-1"`)
		t.Errorf("merged item lacks one of its labels or its note: %s", page[i:min(i+400, len(page))])
	}
}

// TestPermanentAddress checks that /records/CODE, the address citations and
// exports give, sends each reader to the record in their language.
func TestPermanentAddress(t *testing.T) {
	s := newSite(t)
	for accept, want := range map[string]string{"ar": "/ar/records/DOC-000001", "en-GB,en;q=0.9": "/en/records/DOC-000001"} {
		status, _, resp := s.get(t, "/records/DOC-000001", "Accept-Language", accept)
		if status != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("Accept-Language %q: %d to %q, want 303 to %q", accept, status, resp.Header.Get("Location"), want)
		}
	}
}
