package archival

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/internal/xmlschema"
)

// nasty is an archive whose content tries everything that breaks XML made
// by hand: markup characters, quotes, "]]>" and "-->", right-to-left and
// embedding marks, characters XML 1.0 cannot hold, CR LF line ends, one
// language only, no date, dates of every precision and intervals, free
// text where a language tag should be, an address with spaces and quotes.
var nasty = []string{
	`{"kind":"place","code":"SY99","title":{"ar":"محافظة <تجريبية> & \"مقتبسة\"","en":"Test <Gov> & 'Co'"},"type":"governorate","attrs":{"lat":35.1,"lon":38.25}}`,
	//lint:ignore ST1018 Arabic test data: the right-to-left marks and embeddings are what the test is about, written as a reader would paste them
	`{"kind":"place","code":"PLC-site","title":{"ar":"‏موقع «السجن»‏"},"type":"site","attrs":{"parent":"SY99"}}`,
	//lint:ignore ST1018 Arabic test data: the right-to-left marks and embeddings are what the test is about, written as a reader would paste them
	`{"kind":"entity","code":"ENT-nasty","title":{"ar":"‏جبهة «النصرة» & <الشام>‏","en":"Front <&> \"Al-Nusra\" 'x' ]]> --> <!-- embedded"},"type":"military & <other>","date":"2012/2017-07","places":["SY99"],"text":{"ar":"فقرة أولى\r\nسطر ثانٍ\r\n\r\nفقرة ثانية فيها \u0001 محرف تحكم","en":"<p>not markup</p> & entities &amp; stay text ‫embedded‬\n\n\n  second paragraph with \ufffe a non-character"},"source":{"name":"<src> & \"x\"","url":"https://example.org/a b?q=<1>&r='2'\"","note":"note ]]> end"},"attrs":{"aliases":[{"value":"<alias> & co","lang":"Arabic (translit)"},{"value":"النصرة","lang":"ar"},{"value":"Nusra","lang":""}]}}`,
	`{"kind":"person","code":"PER-en","title":{"en":"Only English <name>"},"attrs":{"born":"1950/1952","died":"2012-03"},"links":[{"rel":"member-of","to":"ENT-nasty","note":"<since> 2012 & after"}]}`,
	`{"kind":"person","code":"PER-ar","title":{"ar":"اسم عربي فقط"}}`,
	//lint:ignore ST1018 Arabic test data: the right-to-left marks and embeddings are what the test is about, written as a reader would paste them
	`{"kind":"person","code":"PER-rlm","title":{"ar":"‏","en":"Mark only in Arabic"},"date":"2011"}`,
	//lint:ignore ST1018 Arabic test data: the right-to-left marks and embeddings are what the test is about, written as a reader would paste them
	`{"kind":"document","code":"DOC-nasty","title":{"ar":"‏بيان «هام» & <عاجل>‏","en":"<b>&amp;</b> \"quoted\" 'single' ]]>"},"text":{"ar":"نص عربي","en":"First line\r\nsecond line\r\n\r\nSecond paragraph"},"type":"press-release","date":"2017","places":["SY99","PLC-site"],"reliability":"unverified","source":{"name":"Source & <co>"},"links":[{"rel":"issued-by","to":"ENT-nasty","note":"<note>&"},{"rel":"mentions","to":"PER-en"},{"rel":"related","to":"DOC-month"}]}`,
	`{"kind":"document","code":"DOC-month","title":{"ar":"وثيقة شهرية"},"date":"2017-10","links":[{"rel":"issued-by","to":"ENT-nasty"}]}`,
	`{"kind":"document","code":"DOC-interval","title":{"en":"An interval"},"date":"2011-03-15/2011-04","links":[{"rel":"issued-by","to":"ENT-nasty"}]}`,
	`{"kind":"document","code":"DOC-undated","title":{"en":"Undated"},"links":[{"rel":"issued-by","to":"ENT-nasty"}]}`,
	`{"kind":"video","code":"VID-nasty","title":{"en":"Video & <more>"},"date":"2013-05/2013-06-02","attrs":{"url":"https://video.example.org/watch?v=1&t=2","duration":"1:02:03"}}`,
	`{"kind":"testimony","code":"TST-nasty","title":{"ar":"شهادة"},"attrs":{"segments":[{"start":"00:00:00","text":{"en":"No title, no end & <tags>"}},{"start":"00:01:00","end":"00:02:00","title":{"ar":"«عنوان»"}}]},"links":[{"rel":"witness","to":"PER-ar"}]}`,
}

func TestNastyContent(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	load(t, db, ingest.Options{}, lines("nasty.jsonl", nasty...))
	settings := testSettings()
	settings.Name = config.Bilingual{AR: "ذاكرة «اختبار» & <شركاه>", EN: "Memory <Test> & \"Co\""}

	var buf bytes.Buffer
	if err := FindingAid(ctx, &buf, db, settings); err != nil {
		t.Fatal(err)
	}
	xmlschema.ValidateBytes(t, "ead3.xsd", "nasty.ead3.xml", buf.Bytes())
	root := parseXML(t, buf.Bytes())
	if got := byLang(root.kid("control").kid("filedesc").kid("titlestmt").kids("titleproper")); got["en"] != `Memory <Test> & "Co"` {
		t.Errorf("titleproper %q", got["en"])
	}
	got := items(root)
	doc := got["DOC-nasty"]
	if doc == nil {
		t.Fatal("DOC-nasty missing")
	}
	titles := byLang(doc.kid("did").kids("unittitle"))
	//lint:ignore ST1018 Arabic test data: the right-to-left marks and embeddings are what the test is about, written as a reader would paste them
	if titles["ar"] != "‏بيان «هام» & <عاجل>‏" || titles["en"] != `<b>&amp;</b> "quoted" 'single' ]]>` {
		t.Errorf("titles came back as %q", titles)
	}
	var paras []string
	for _, sc := range doc.kids("scopecontent") {
		if sc.Attr["lang"] == "en" {
			for _, p := range sc.kids("p") {
				paras = append(paras, p.Text)
			}
		}
	}
	if strings.Join(paras, "|") != "First line\nsecond line|Second paragraph" {
		t.Errorf("English paragraphs %q", paras)
	}
	if d := doc.kid("did").kid("unitdate"); d.Attr["normal"] != "2017" {
		t.Errorf("unitdate %v", d.Attr)
	}
	if d := got["DOC-interval"].kid("did").kid("unitdate"); d.Attr["normal"] != "2011-03-15/2011-04" {
		t.Errorf("interval unitdate %v", d.Attr)
	}
	if d := got["DOC-month"].kid("did").kid("unitdate"); d.Attr["normal"] != "2017-10" {
		t.Errorf("month unitdate %v", d.Attr)
	}
	if got["DOC-undated"].kid("did").kid("unitdate") != nil {
		t.Error("an undated document has a unitdate")
	}
	// In its issuer's group, dated items come first in date order.
	var order []string
	for _, c := range root.all("c") {
		if c.Attr["id"] == "issuer-ENT-nasty" {
			for _, it := range c.kids("c") {
				order = append(order, it.kid("did").kid("unitid").Text)
			}
		}
	}
	if strings.Join(order, " ") != "DOC-interval DOC-nasty DOC-month DOC-undated" {
		t.Errorf("order in the issuer's group: %v", order)
	}
	// The place in a site of the test governorate has its whole path.
	var site []string
	for _, g := range doc.all("geogname") {
		if g.Attr["identifier"] == "PLC-site" && g.Attr["lang"] == "ar" {
			for _, p := range g.kids("part") {
				site = append(site, p.Text)
			}
		}
	}
	//lint:ignore ST1018 Arabic test data: the right-to-left marks and embeddings are what the test is about, written as a reader would paste them
	if strings.Join(site, " › ") != "محافظة <تجريبية> & \"مقتبسة\" › ‏موقع «السجن»‏" {
		t.Errorf("site path %q", site)
	}
	if u := got["VID-nasty"].kid("did").kids("dao"); len(u) != 2 || u[1].Attr["href"] != "https://video.example.org/watch?v=1&t=2" {
		t.Errorf("video daos %v", u)
	}
	segs := got["TST-nasty"].kids("c")
	if len(segs) != 2 || segs[0].kid("did").kid("unitid").Text != "00:00:00" || segs[1].kid("did").kid("unitid").Text != "00:01:00–00:02:00" {
		t.Errorf("testimony segments %d", len(segs))
	}

	// One document alone, and every person and entity.
	for _, code := range []string{"DOC-nasty", "DOC-month", "DOC-interval", "DOC-undated"} {
		var one bytes.Buffer
		if err := DocumentFindingAid(ctx, &one, db, settings, code); err != nil {
			t.Fatal(err)
		}
		xmlschema.ValidateBytes(t, "ead3.xsd", code+".xml", one.Bytes())
	}
	codes, err := AuthorityCodes(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	eac := map[string]*elem{}
	for _, code := range codes {
		var one bytes.Buffer
		if err := AuthorityRecord(ctx, &one, db, settings, code); err != nil {
			t.Fatal(err)
		}
		xmlschema.ValidateBytes(t, "eac-cpf-2.0.xsd", code+".xml", one.Bytes())
		eac[code] = parseXML(t, one.Bytes())
	}
	if len(eac) != 4 {
		t.Fatalf("%d authority records, want 4", len(eac))
	}
	ent := eac["ENT-nasty"]
	var bio []string
	for _, b := range ent.all("biogHist") {
		for _, p := range b.kids("p") {
			bio = append(bio, p.Text)
		}
	}
	// A control character and a bidirectional embedding are left out
	// (dhakira.Printable), a non-character cannot be in XML and becomes
	// U+FFFD; everything else comes back as it was.
	want := []string{"فقرة أولى\nسطر ثانٍ", "فقرة ثانية فيها  محرف تحكم", "<p>not markup</p> & entities &amp; stay text embedded", "second paragraph with \ufffd a non-character"}
	if strings.Join(bio, "|") != strings.Join(want, "|") {
		t.Errorf("biogHist %q\nwant %q", bio, want)
	}
	for _, n := range ent.all("nameEntry") {
		if n.kid("part").Text == "<alias> & co" && n.Attr["languageOfElement"] != "" {
			t.Errorf("a free-text language became languageOfElement %q", n.Attr["languageOfElement"])
		}
	}
	if src := ent.kid("control").kid("sources").kid("source"); src.Attr["href"] != "https://example.org/a%20b?q=%3C1%3E&r='2'%22" || src.kid("reference").Text != `<src> & "x"` {
		t.Errorf("source %v %q", src.Attr, src.kid("reference").Text)
	}
	if ex := ent.all("existDates"); len(ex) != 1 || ex[0].kid("dateRange").kid("fromDate").Attr["standardDate"] != "2012" || ex[0].kid("dateRange").kid("toDate").Attr["standardDate"] != "2017-07" {
		t.Errorf("entity existDates")
	}
	per := eac["PER-en"]
	r := per.all("dateRange")
	if len(r) != 1 {
		t.Fatal("PER-en: no lifespan")
	}
	from, to := r[0].kid("fromDate"), r[0].kid("toDate")
	if from.Attr["notBefore"] != "1950" || from.Attr["notAfter"] != "1952" || from.Attr["standardDate"] != "" || to.Attr["standardDate"] != "2012-03" {
		t.Errorf("lifespan from %v to %v", from.Attr, to.Attr)
	}
	if names := per.all("nameEntry"); len(names) != 1 || names[0].Attr["languageOfElement"] != "en" {
		t.Errorf("an English-only name: %d name entries", len(names))
	}
	if ex := eac["PER-ar"].all("existDates"); len(ex) != 0 {
		t.Error("a person without dates has existDates")
	}
	if d := eac["PER-rlm"].all("existDates"); len(d) != 1 || d[0].kid("date").Attr["standardDate"] != "2011" {
		t.Error("a person's record date is not its existDates")
	}
	// The issuer sees the documents it issued.
	issued := 0
	for _, rel := range ent.all("relationType") {
		if rel.Attr["localType"] == "issued-by-inverse" && rel.Attr["languageOfElement"] == "en" {
			issued++
		}
	}
	if issued != 4 {
		t.Errorf("ENT-nasty issued %d documents, want 4", issued)
	}
}

// TestUnpublishedNeverShown: drafts, records in review and withdrawn ones
// are not in any export, not even as the issuer of a published document,
// the target of a link, or a place.
func TestUnpublishedNeverShown(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	load(t, db, ingest.Options{}, lines("statuses.jsonl",
		`{"kind":"place","code":"PLC-pub","title":{"en":"Public place"}}`,
		`{"kind":"place","code":"PLC-draft","status":"draft","title":{"en":"Hidden place Zq1"},"attrs":{"parent":"PLC-pub"}}`,
		`{"kind":"entity","code":"ENT-pub","title":{"en":"Public entity"}}`,
		`{"kind":"entity","code":"ENT-draft","status":"draft","title":{"en":"Hidden entity Zq2"}}`,
		`{"kind":"entity","code":"ENT-withdrawn","status":"withdrawn","title":{"en":"Hidden entity Zq3"}}`,
		`{"kind":"person","code":"PER-review","status":"review","title":{"en":"Hidden person Zq4"},"links":[{"rel":"member-of","to":"ENT-pub"}]}`,
		`{"kind":"person","code":"PER-pub","title":{"en":"Public person"},"places":["PLC-draft"],"links":[{"rel":"member-of","to":"ENT-draft"},{"rel":"related","to":"DOC-withdrawn"}]}`,
		`{"kind":"document","code":"DOC-pub","title":{"en":"Public document"},"places":["PLC-draft","PLC-pub"],"links":[{"rel":"issued-by","to":"ENT-draft"},{"rel":"mentions","to":"PER-review"},{"rel":"related","to":"DOC-draft"}]}`,
		`{"kind":"document","code":"DOC-pub2","title":{"en":"Public document 2"},"links":[{"rel":"issued-by","to":"ENT-withdrawn"},{"rel":"issued-by","to":"ENT-pub"}]}`,
		`{"kind":"document","code":"DOC-draft","status":"draft","title":{"en":"Hidden document Zq5"},"links":[{"rel":"issued-by","to":"ENT-pub"}]}`,
		`{"kind":"document","code":"DOC-review","status":"review","title":{"en":"Hidden document Zq6"},"links":[{"rel":"mentions","to":"PER-pub"}]}`,
		`{"kind":"document","code":"DOC-withdrawn","status":"withdrawn","title":{"en":"Hidden document Zq7"}}`,
		`{"kind":"video","code":"VID-draft","status":"draft","title":{"en":"Hidden video Zq8"}}`,
	))
	hidden := []string{"PLC-draft", "ENT-draft", "ENT-withdrawn", "PER-review", "DOC-draft", "DOC-review", "DOC-withdrawn", "VID-draft"}
	settings := testSettings()
	var outputs []string

	var buf bytes.Buffer
	if err := FindingAid(ctx, &buf, db, settings); err != nil {
		t.Fatal(err)
	}
	xmlschema.ValidateBytes(t, "ead3.xsd", "statuses.ead3.xml", buf.Bytes())
	outputs = append(outputs, buf.String())
	root := parseXML(t, buf.Bytes())
	if got := items(root); len(got) != 2 || got["DOC-pub"] == nil || got["DOC-pub2"] == nil {
		t.Errorf("items %v, want DOC-pub and DOC-pub2", got)
	}
	groups := map[string]bool{}
	for _, c := range root.all("c") {
		if c.Attr["level"] == "subseries" {
			groups[c.Attr["id"]] = true
		}
	}
	// DOC-pub's only issuer is a draft: it has no known issuer. DOC-pub2's
	// first issuer is withdrawn, its second is public.
	if len(groups) != 2 || !groups["issuer-none"] || !groups["issuer-ENT-pub"] {
		t.Errorf("issuer groups %v", groups)
	}
	for _, code := range []string{"DOC-pub", "DOC-pub2"} {
		var one bytes.Buffer
		if err := DocumentFindingAid(ctx, &one, db, settings, code); err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, one.String())
	}
	for _, code := range []string{"ENT-pub", "PER-pub"} {
		var one bytes.Buffer
		if err := AuthorityRecord(ctx, &one, db, settings, code); err != nil {
			t.Fatal(err)
		}
		xmlschema.ValidateBytes(t, "eac-cpf-2.0.xsd", code+".xml", one.Bytes())
		outputs = append(outputs, one.String())
	}
	codes, err := AuthorityCodes(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(codes, " ") != "ENT-pub PER-pub" {
		t.Errorf("AuthorityCodes %v", codes)
	}
	for _, out := range outputs {
		for _, h := range hidden {
			if strings.Contains(out, h) {
				t.Errorf("an export names %s:\n%s", h, excerpt(out))
			}
		}
		if strings.Contains(out, "Zq") {
			t.Errorf("an export has the title of an unpublished record")
		}
	}
	for _, code := range hidden {
		if err := DocumentFindingAid(ctx, &bytes.Buffer{}, db, settings, code); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			t.Errorf("EAD3 of %s: %v, want ENOTFOUND", code, err)
		}
		if err := AuthorityRecord(ctx, &bytes.Buffer{}, db, settings, code); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			t.Errorf("EAC-CPF of %s: %v, want ENOTFOUND", code, err)
		}
	}
}
