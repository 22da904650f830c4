package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/sqlite"
)

// fixture is a small bilingual archive: a place hierarchy governorate ›
// district › subdistrict › site, documents, a video, a testimony, diary
// events over a few days, persons and entities linked both ways, drafts
// that must never show, a record with English only, and a record whose
// title is an attack.
var fixture = []string{
	// Places
	`{"kind":"place","code":"SY04","title":{"ar":"محافظة حمص","en":"Homs Governorate"},"type":"governorate","attrs":{"pcode":"SY04","lat":34.73,"lon":36.71}}`,
	`{"kind":"place","code":"SY0400","title":{"ar":"منطقة حمص","en":"Homs"},"type":"district","attrs":{"parent":"SY04","pcode":"SY0400"}}`,
	`{"kind":"place","code":"SY040000","title":{"ar":"ناحية مركز حمص","en":"Homs Center"},"type":"subdistrict","attrs":{"parent":"SY0400","pcode":"SY040000"}}`,
	`{"kind":"place","code":"PLC-homs-central-prison","title":{"ar":"سجن حمص المركزي","en":"Homs Central Prison"},"type":"site","attrs":{"parent":"SY040000","lat":34.7324,"lon":36.7137,"aliases":[{"value":"السجن المركزي","lang":"ar"},{"value":"Central Prison","lang":"en"}]}}`,
	`{"kind":"place","code":"SY01","title":{"ar":"محافظة دمشق","en":"Damascus Governorate"},"type":"governorate","attrs":{"pcode":"SY01"}}`,
	`{"kind":"place","code":"SY02","title":{"ar":"محافظة حلب","en":"Aleppo Governorate"},"type":"governorate","attrs":{"pcode":"SY02"}}`,
	`{"kind":"place","code":"PLC-secret-site","status":"draft","title":{"ar":"موقع مسودة سري","en":"Secret draft site"},"type":"site","attrs":{"parent":"SY04"}}`,

	// Entities
	`{"kind":"entity","code":"ENT-000001","title":{"ar":"الائتلاف الوطني السوري","en":"Syrian Coalition"},"type":"political","text":{"ar":"ائتلاف سياسي معارض.","en":"An opposition political coalition."},"attrs":{"aliases":[{"value":"الائتلاف","lang":"ar"}]}}`,
	`{"kind":"entity","code":"ENT-000002","title":{"ar":"منظمة العفو الدولية","en":"Amnesty International"},"type":"international"}`,
	`{"kind":"entity","code":"ENT-000003","title":{"ar":"الدائرة الإعلامية","en":"Media Department"},"type":"media","attrs":{"parent":"ENT-000001"},"links":[{"rel":"part-of","to":"ENT-000001"}]}`,

	// Persons
	`{"kind":"person","code":"PER-000001","title":{"ar":"أحمد الشاهد","en":"Ahmad al-Shahed"},"type":"activist","text":{"ar":"ناشط من حمص.","en":"An activist from Homs."},"reliability":"correct","attrs":{"born":"1980-05","died":"2013","aliases":[{"value":"أبو محمد","lang":"ar"}]},"links":[{"rel":"member-of","to":"ENT-000001","note":"since 2012"}]}`,
	`{"kind":"person","code":"PER-000002","title":{"en":"Jane Reporter"},"type":"journalist","text":{"en":"A foreign journalist."}}`,
	`{"kind":"person","code":"PER-000003","status":"review","title":{"ar":"شخص مسودة","en":"Draft Person Hidden"}}`,

	// Documents
	`{"kind":"document","code":"DOC-000001","title":{"ar":"حول محاولات النظام اقتحام سجن حمص المركزي","en":"On Regime's Attempts to Storm Homs Central Prison"},"text":{"ar":"تواصل قوات النظام التضييق على المعتقلين.\nسطر ثانٍ في الفقرة نفسها.\n\nفقرة ثانية.","en":"The Assad regime forces continue to crack down on detainees.\nA second line of the same paragraph.\n\nA second paragraph."},"type":"press-release","date":"2017-10-19","places":["PLC-homs-central-prison"],"reliability":"unverified","source":{"name":"Syrian Coalition, Media Department","url":"https://example.org/press/1","note":"published on the coalition's website"},"links":[{"rel":"issued-by","to":"ENT-000001"},{"rel":"related","to":"ENT-000002","note":"report cited"},{"rel":"related","to":"DIA-000001"},{"rel":"mentions","to":"PER-000003"},{"rel":"mentions","to":"DOC-000005"}]}`,
	`{"kind":"document","code":"DOC-000002","title":{"ar":"بيان حول دمشق","en":"Statement on Damascus"},"type":"statement","date":"2017-10","places":["SY01"],"reliability":"correct","links":[{"rel":"issued-by","to":"ENT-000003"}]}`,
	`{"kind":"document","code":"DOC-000003","title":{"en":"English Only Bulletin"},"text":{"en":"Only in English."},"type":"bulletin","date":"2012","reliability":"incorrect","places":["SY0400"]}`,
	`{"kind":"document","code":"DOC-000004","title":{"ar":"<script>alert(1)</script>","en":"<script>alert(1)</script>"},"text":{"en":"<img src=x onerror=alert(2)>"},"type":"report","date":"2011-03-15/2011-04","reliability":"unspecified"}`,
	`{"kind":"document","code":"DOC-000005","status":"draft","title":{"ar":"وثيقة مسودة","en":"Draft Document Hidden"},"type":"statement","date":"2017-10-19","places":["SY04"],"links":[{"rel":"issued-by","to":"ENT-000001"}]}`,

	// Video and testimony
	`{"kind":"video","code":"VID-000001","title":{"ar":"مظاهرة في حمص","en":"Demonstration in Homs"},"type":"demonstration","date":"2011-04-18","places":["SY040000"],"attrs":{"url":"https://video.example.org/watch?v=1","duration":"3:25"},"links":[{"rel":"mentions","to":"PER-000001"}]}`,
	`{"kind":"testimony","code":"TST-000001","title":{"ar":"شهادة معتقل سابق","en":"Testimony of a former detainee"},"type":"audio","date":"2018-02-01","places":["PLC-homs-central-prison"],"attrs":{"segments":[{"start":"00:00:00","end":"00:05:10","title":{"ar":"الاعتقال","en":"The arrest"},"text":{"ar":"اعتُقلت في ربيع 2012.","en":"I was arrested in spring 2012."}},{"start":"00:05:10","title":{"en":"Prison"},"text":{"en":"Life in the prison."}}]},"links":[{"rel":"witness","to":"PER-000001"},{"rel":"mentions","to":"PLC-homs-central-prison"}]}`,

	// Diary events
	`{"kind":"diary","code":"DIA-000001","title":{"ar":"محاولة اقتحام سجن حمص المركزي","en":"Attempt to storm Homs Central Prison"},"text":{"ar":"حاولت قوات النظام اقتحام السجن.","en":"Regime forces tried to storm the prison."},"type":"military","date":"2017-10-16","places":["PLC-homs-central-prison"]}`,
	`{"kind":"diary","code":"DIA-000002","title":{"ar":"اعتصام في دمشق","en":"Sit-in in Damascus"},"type":"civil","date":"2017-10-16","places":["SY01"]}`,
	`{"kind":"diary","code":"DIA-000003","title":{"ar":"بيان سياسي بلا مكان","en":"Political statement without place"},"type":"political","date":"2017-10-16"}`,
	`{"kind":"diary","code":"DIA-000004","title":{"ar":"حدث لاحق","en":"Later event"},"type":"civil","date":"2017-10-20","places":["SY02"]}`,
	`{"kind":"diary","code":"DIA-000005","title":{"ar":"حدث سابق","en":"Earlier event"},"type":"civil","date":"2017-10-10","places":["SY0400"]}`,
	`{"kind":"diary","code":"DIA-000006","status":"withdrawn","title":{"ar":"حدث مسودة","en":"Draft Event Hidden"},"type":"civil","date":"2017-10-16","places":["SY04"]}`,
}

// Codes of the fixture's drafts and the words of their titles.
// drafts are the records the public must never see: a draft, one in review, one withdrawn.
var drafts = map[string]string{
	"PLC-secret-site": "Secret draft site",
	"PER-000003":      "Draft Person Hidden",
	"DOC-000005":      "Draft Document Hidden",
	"DIA-000006":      "Draft Event Hidden",
}

// unsafeRecord has addresses that validation would refuse. It is written
// without validation, as data from an older version or a careless script
// might be: the site must still never make them links.
const unsafeRecord = `{"kind":"video","code":"VID-000002","title":{"en":"Unsafe links"},"source":{"name":"Bad source","url":"javascript:alert(3)"},"attrs":{"url":"javascript:alert(4)"}}`

func decodeFixture(t testing.TB, lines []string, validate bool) []*dhakira.Record {
	t.Helper()
	var recs []*dhakira.Record
	for i, line := range lines {
		r, err := dhakira.DecodeRecord([]byte(line))
		if err != nil {
			t.Fatalf("fixture line %d: %v", i+1, err)
		}
		r.Normalize()
		if validate {
			if err := r.Validate(); err != nil {
				t.Fatalf("fixture line %d (%s): %v", i+1, r.Code, err)
			}
		}
		recs = append(recs, r)
	}
	return recs
}

func putRecords(t testing.TB, store dhakira.Store, recs []*dhakira.Record) {
	t.Helper()
	ctx := context.Background()
	tx, err := store.BeginImport(ctx, "web-test")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range recs {
		codes = append(codes, r.Code)
	}
	tx.Reserve(codes)
	for _, r := range recs {
		if _, err := tx.Put(ctx, r, false); err != nil {
			tx.Rollback()
			t.Fatalf("put %s: %v", r.Code, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func testSettings() config.Settings {
	s := config.Default()
	s.Name = config.Bilingual{AR: "الذاكرة السورية", EN: "Syrian Memory"}
	s.Statement = config.Bilingual{
		AR: "الذاكرة السورية هي ملك لكل السوريين. أرسلوا إلينا تعليقاتكم لإثراء المحتوى.",
		EN: "The Syrian Memory belongs to all Syrians. Send us your comments to enrich the content.",
	}
	s.Contact = "archive@example.org"
	return s
}

// site is the web server on a real SQLite archive, served over HTTP.
type site struct {
	*httptest.Server
	store  *sqlite.DB
	client *http.Client
}

// newSite serves the fixture archive.
func newSite(t testing.TB) *site {
	t.Helper()
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	putRecords(t, db, decodeFixture(t, []string{unsafeRecord}, false))
	return serve(t, db, testSettings())
}

func serve(t testing.TB, db *sqlite.DB, settings config.Settings) *site {
	t.Helper()
	srv := httptest.NewServer(New(db, settings))
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &site{Server: srv, store: db, client: client}
}

// get fetches path with optional header pairs and returns the status,
// the body and the response.
func (s *site) get(t testing.TB, path string, header ...string) (int, string, *http.Response) {
	t.Helper()
	req, err := http.NewRequest("GET", s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp
}

// page fetches path and fails unless it answers want.
func (s *site) page(t testing.TB, path string, want int) string {
	t.Helper()
	status, body, _ := s.get(t, path)
	if status != want {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, status, want, excerptOf(body))
	}
	return body
}

func excerptOf(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// contains fails for each of wants that body lacks.
func contains(t testing.TB, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// lacks fails for each of unwanted that body has.
func lacks(t testing.TB, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s has %q", what, w)
		}
	}
}

// section returns the HTML of the element with id, up to the next </section>.
func section(t testing.TB, body, id string) string {
	t.Helper()
	i := strings.Index(body, fmt.Sprintf(`id="%s"`, id))
	if i < 0 {
		t.Fatalf("no element with id %q", id)
	}
	j := strings.Index(body[i:], "</section>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
