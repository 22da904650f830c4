package oai_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/demo"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/internal/xmlschema"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/oai"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/storetest"
)

// schema validates whole OAI-PMH responses with oai_dc metadata. The
// repository is cloned with shared/ beside it.
const schema = "oai-pmh-oai_dc.xsd"

const baseURL = "https://archive.example.org"

// archive is a real SQLite archive served by the OAI-PMH handler over a
// real HTTP server; every response it gets is kept, to be validated
// against the schema and searched for what must never show.
type archive struct {
	db  *sqlite.DB
	srv *httptest.Server
	now func() time.Time // the handler's clock; real time unless a test moves it

	mu        sync.Mutex
	responses []response
}

type response struct {
	label string
	body  []byte
}

// newArchive opens an empty archive, loads what load loads into it and
// serves it with options o (Settings and Now are filled in when unset).
func newArchive(t *testing.T, o oai.Options, load ...func(*testing.T, *sqlite.DB)) *archive {
	t.Helper()
	db := sqlitetest.Open(t)
	for _, l := range load {
		l(t, db)
	}
	a := &archive{db: db, now: time.Now}
	if o.Settings.Name.EN == "" {
		o.Settings = config.Default()
		o.Settings.BaseURL = baseURL
		o.Settings.Contact = "editors@example.org"
	}
	if o.Now == nil {
		o.Now = func() time.Time { return a.now() }
	}
	a.srv = httptest.NewServer(oai.New(db, o))
	t.Cleanup(a.srv.Close)
	return a
}

// loadGazetteer and loadDemo load the archive as "dhakira serve --demo"
// does.
func loadGazetteer(t *testing.T, db *sqlite.DB) {
	t.Helper()
	if _, err := ingest.Import(context.Background(), db, []ingest.Input{jsonl.Bytes(gazetteer.SyriaFile, gazetteer.SyriaJSONL)}, ingest.Options{SkipExisting: true, Author: "gazetteer"}); err != nil {
		t.Fatal(err)
	}
}

func loadDemo(t *testing.T, db *sqlite.DB) {
	t.Helper()
	if _, err := ingest.Import(context.Background(), db, []ingest.Input{jsonl.Bytes(demo.File, demo.JSONL)}, ingest.Options{Author: "demo"}); err != nil {
		t.Fatal(err)
	}
}

// demoRecords decodes the demo archive.
func demoRecords(t *testing.T) []*dhakira.Record {
	t.Helper()
	var out []*dhakira.Record
	sc := bufio.NewScanner(bytes.NewReader(demo.JSONL))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		r, err := dhakira.DecodeRecord(sc.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		r.Normalize()
		out = append(out, r)
	}
	return out
}

// get sends a GET request with the query and returns the parsed response.
func (a *archive) get(t *testing.T, query string) *oaiResponse {
	t.Helper()
	res, err := http.Get(a.srv.URL + "/oai?" + query)
	if err != nil {
		t.Fatal(err)
	}
	return a.read(t, "GET "+query, res)
}

// post sends the arguments form-encoded in a POST request.
func (a *archive) post(t *testing.T, form string) *oaiResponse {
	t.Helper()
	res, err := http.Post(a.srv.URL+"/oai", "application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	return a.read(t, "POST "+form, res)
}

func (a *archive) read(t *testing.T, label string, res *http.Response) *oaiResponse {
	t.Helper()
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %s", label, res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/xml; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", label, ct)
	}
	a.mu.Lock()
	a.responses = append(a.responses, response{label, body})
	a.mu.Unlock()
	var r oaiResponse
	if err := xml.Unmarshal(body, &r); err != nil {
		t.Fatalf("%s: %v\n%s", label, err, body)
	}
	r.body = body
	return &r
}

// oaiResponse is what the tests read of a response.
type oaiResponse struct {
	body         []byte
	ResponseDate string `xml:"responseDate"`
	Request      struct {
		Attrs []xml.Attr `xml:",any,attr"`
		URL   string     `xml:",chardata"`
	} `xml:"request"`
	Errors []struct {
		Code string `xml:"code,attr"`
		Msg  string `xml:",chardata"`
	} `xml:"error"`
	Identify *struct {
		RepositoryName    string `xml:"repositoryName"`
		BaseURL           string `xml:"baseURL"`
		ProtocolVersion   string `xml:"protocolVersion"`
		AdminEmail        string `xml:"adminEmail"`
		EarliestDatestamp string `xml:"earliestDatestamp"`
		DeletedRecord     string `xml:"deletedRecord"`
		Granularity       string `xml:"granularity"`
	} `xml:"Identify"`
	Formats []struct {
		Prefix    string `xml:"metadataPrefix"`
		Schema    string `xml:"schema"`
		Namespace string `xml:"metadataNamespace"`
	} `xml:"ListMetadataFormats>metadataFormat"`
	Sets []struct {
		Spec string `xml:"setSpec"`
		Name string `xml:"setName"`
	} `xml:"ListSets>set"`
	ListIdentifiers *oaiList `xml:"ListIdentifiers"`
	ListRecords     *oaiList `xml:"ListRecords"`
	GetRecord       *oaiList `xml:"GetRecord"`
}

type oaiList struct {
	Headers []oaiHeader `xml:"header"`
	Records []oaiRecord `xml:"record"`
	Token   *struct {
		Value   string `xml:",chardata"`
		Cursor  string `xml:"cursor,attr"`
		Expires string `xml:"expirationDate,attr"`
	} `xml:"resumptionToken"`
}

type oaiHeader struct {
	Status     string   `xml:"status,attr"`
	Identifier string   `xml:"identifier"`
	Datestamp  string   `xml:"datestamp"`
	Sets       []string `xml:"setSpec"`
}

type oaiRecord struct {
	Header oaiHeader `xml:"header"`
	DC     *dcFields `xml:"metadata>dc"`
}

type dcFields struct {
	Fields []struct {
		XMLName xml.Name
		Lang    string `xml:"lang,attr"`
		Value   string `xml:",chardata"`
	} `xml:",any"`
}

// get returns the values of the element name in the language lang ("" for
// any).
func (d *dcFields) get(name, lang string) []string {
	var out []string
	for _, f := range d.Fields {
		if f.XMLName.Local == name && f.XMLName.Space == "http://purl.org/dc/elements/1.1/" && (lang == "" || f.Lang == lang) {
			out = append(out, f.Value)
		}
	}
	return out
}

func (r *oaiResponse) errorCode() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Code
}

func (r *oaiResponse) list() *oaiList {
	switch {
	case r.ListIdentifiers != nil:
		return r.ListIdentifiers
	case r.ListRecords != nil:
		return r.ListRecords
	}
	return nil
}

// page is one response of a list harvest.
type page struct {
	headers []oaiHeader
	records []oaiRecord
	token   string
	cursor  string
	resp    *oaiResponse
}

// harvest runs a whole list harvest (ListIdentifiers or ListRecords) from
// the query, calling between (when not nil) after each page that has a
// resumption token, and returns the pages.
func (a *archive) harvest(t *testing.T, query string, between func(n int)) []page {
	t.Helper()
	var pages []page
	q := query
	for n := 0; ; n++ {
		if n > 500 {
			t.Fatalf("%s: a harvest that never ends", query)
		}
		r := a.get(t, q)
		if r.errorCode() != "" {
			if n == 0 && r.errorCode() == "noRecordsMatch" {
				return nil
			}
			t.Fatalf("%s: page %d: %s %s", query, n, r.errorCode(), r.Errors[0].Msg)
		}
		l := r.list()
		if l == nil {
			t.Fatalf("%s: no list in\n%s", q, r.body)
		}
		p := page{headers: l.Headers, records: l.Records, resp: r}
		for _, rec := range l.Records {
			p.headers = append(p.headers, rec.Header)
		}
		if l.Token != nil {
			p.token, p.cursor = l.Token.Value, l.Token.Cursor
		}
		pages = append(pages, p)
		if p.token == "" {
			return pages
		}
		if between != nil {
			between(n)
		}
		verb, _, _ := strings.Cut(query, "&")
		q = verb + "&resumptionToken=" + url.QueryEscape(p.token)
	}
}

// headersOf lists the headers of every page.
func headersOf(pages []page) []oaiHeader {
	var out []oaiHeader
	for _, p := range pages {
		out = append(out, p.headers...)
	}
	return out
}

// validate checks every response the archive gave against the OAI-PMH
// and oai_dc schemas with xmllint, in one run. Without xmllint the test
// skips this, except with CI=true, where it fails.
func (a *archive) validate(t *testing.T) {
	t.Helper()
	a.mu.Lock()
	responses := slices.Clone(a.responses)
	a.mu.Unlock()
	if len(responses) == 0 {
		t.Fatal("no responses to validate")
	}
	var docs []xmlschema.Doc
	for _, r := range responses {
		docs = append(docs, xmlschema.Doc{Label: r.label, Data: r.body})
	}
	xmlschema.ValidateDocs(t, schema, docs...)
}

// neverShows fails the test when any response mentions one of the words.
func (a *archive) neverShows(t *testing.T, words ...string) {
	t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range a.responses {
		for _, w := range words {
			if bytes.Contains(r.body, []byte(w)) {
				t.Errorf("%s: the response shows %q, which the public must never see", r.label, w)
			}
		}
	}
}

// published counts the published records of the demo archive and the
// gazetteer, by kind, and lists the others' codes and titles.
func published(t *testing.T) (map[dhakira.Kind]int, []string) {
	t.Helper()
	counts := map[dhakira.Kind]int{dhakira.KindPlace: 348}
	var hidden []string
	for _, r := range demoRecords(t) {
		if r.Status == dhakira.Published {
			counts[r.Kind]++
			continue
		}
		hidden = append(hidden, "oai:archive.example.org:"+r.Code+"<", r.Title.EN, r.Title.AR)
	}
	return counts, hidden
}

func id(code string) string { return "oai:archive.example.org:" + code }

// TestDemoArchive harvests the demo archive with the gazetteer by every
// verb, checks what it says, that no draft shows anywhere, and that every
// response is valid OAI-PMH with valid oai_dc.
func TestDemoArchive(t *testing.T) {
	a := newArchive(t, oai.Options{PageSize: 60}, loadGazetteer, loadDemo)
	counts, hidden := published(t)
	total := 0
	for _, n := range counts {
		total += n
	}
	if len(hidden) != 9 {
		t.Fatalf("the demo archive has %d unpublished records, want 3", len(hidden)/3)
	}

	r := a.get(t, "verb=Identify")
	if i := r.Identify; i == nil || i.BaseURL != baseURL+"/oai" || i.ProtocolVersion != "2.0" || i.AdminEmail != "editors@example.org" ||
		i.DeletedRecord != "persistent" || i.Granularity != "YYYY-MM-DDThh:mm:ssZ" || !strings.Contains(i.RepositoryName, "Memory Archive") {
		t.Errorf("Identify: %+v", r.Identify)
	} else if at, err := time.Parse(time.RFC3339, i.EarliestDatestamp); err != nil || time.Since(at) > time.Hour || !strings.HasSuffix(i.EarliestDatestamp, "Z") {
		t.Errorf("earliestDatestamp %q", i.EarliestDatestamp)
	}
	if r.Request.URL != baseURL+"/oai" {
		t.Errorf("request element %q", r.Request.URL)
	}

	r = a.get(t, "verb=ListMetadataFormats")
	if len(r.Formats) != 1 || r.Formats[0].Prefix != "oai_dc" || r.Formats[0].Namespace != "http://www.openarchives.org/OAI/2.0/oai_dc/" {
		t.Errorf("ListMetadataFormats: %+v", r.Formats)
	}
	r = a.get(t, "verb=ListMetadataFormats&identifier="+url.QueryEscape(id("DOC-000001")))
	if len(r.Formats) != 1 || r.errorCode() != "" {
		t.Errorf("ListMetadataFormats of DOC-000001: %+v %v", r.Formats, r.Errors)
	}

	r = a.get(t, "verb=ListSets")
	sets := map[string]string{}
	for _, s := range r.Sets {
		sets[s.Spec] = s.Name
	}
	if len(sets) != 7+14 || sets["kind:document"] != "Documents — الوثائق" || sets["place:SY04"] != "Homs Governorate — محافظة حمص" {
		t.Errorf("ListSets: %d sets: %v", len(sets), sets)
	}

	// The whole archive, in pages.
	pages := a.harvest(t, "verb=ListRecords&metadataPrefix=oai_dc", nil)
	all := headersOf(pages)
	if len(all) != total {
		t.Errorf("ListRecords listed %d records, want the %d published", len(all), total)
	}
	seen := map[string]bool{}
	for i, h := range all {
		if seen[h.Identifier] {
			t.Errorf("%s listed twice", h.Identifier)
		}
		seen[h.Identifier] = true
		if i > 0 && h.Identifier <= all[i-1].Identifier {
			t.Errorf("%s listed after %s", h.Identifier, all[i-1].Identifier)
		}
		if h.Status != "" {
			t.Errorf("%s: status %q", h.Identifier, h.Status)
		}
	}
	for i, p := range pages {
		if p.cursor != "" && p.cursor != fmt.Sprint(60*i) {
			t.Errorf("page %d: cursor %s, want %d", i, p.cursor, 60*i)
		}
		if want := min(60, total-60*i); len(p.headers) != want {
			t.Errorf("page %d: %d records, want %d", i, len(p.headers), want)
		}
		for _, rec := range p.records {
			if rec.DC == nil || len(rec.DC.get("title", "")) == 0 || !slices.Contains(rec.DC.get("identifier", ""), strings.TrimPrefix(rec.Header.Identifier, "oai:archive.example.org:")) {
				t.Errorf("%s: metadata %+v", rec.Header.Identifier, rec.DC)
			}
		}
	}
	if n := len(pages); n != (total+59)/60 || pages[n-1].token != "" || pages[n-1].cursor != fmt.Sprint(60*(n-1)) {
		t.Errorf("%d pages, the last with token %q cursor %q", n, pages[n-1].token, pages[n-1].cursor)
	}
	ids := headersOf(a.harvest(t, "verb=ListIdentifiers&metadataPrefix=oai_dc", nil))
	if len(ids) != len(all) {
		t.Errorf("ListIdentifiers listed %d, ListRecords %d", len(ids), len(all))
	}
	for i := range min(len(ids), len(all)) {
		if ids[i].Identifier != all[i].Identifier || ids[i].Datestamp != all[i].Datestamp || !slices.Equal(ids[i].Sets, all[i].Sets) {
			t.Errorf("ListIdentifiers %+v, ListRecords %+v", ids[i], all[i])
			break
		}
	}

	// Sets by kind and by governorate.
	for _, k := range dhakira.Kinds {
		hs := headersOf(a.harvest(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:"+string(k), nil))
		if len(hs) != counts[k] {
			t.Errorf("set kind:%s: %d records, want %d", k, len(hs), counts[k])
		}
		for _, h := range hs {
			if !slices.Contains(h.Sets, "kind:"+string(k)) {
				t.Errorf("%s in set kind:%s has sets %v", h.Identifier, k, h.Sets)
			}
		}
	}
	homs := headersOf(a.harvest(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=place:SY04", nil))
	var homsIDs []string
	for _, h := range homs {
		homsIDs = append(homsIDs, h.Identifier)
		if !slices.Contains(h.Sets, "place:SY04") {
			t.Errorf("%s in set place:SY04 has sets %v", h.Identifier, h.Sets)
		}
	}
	for _, c := range []string{"SY04", "SY0401", "PLC-000001", "DOC-000001"} {
		if !slices.Contains(homsIDs, id(c)) {
			t.Errorf("set place:SY04 (%d records) lacks %s", len(homs), c)
		}
	}
	if slices.Contains(homsIDs, id("SY01")) || slices.Contains(homsIDs, id("DIA-000001")) {
		t.Errorf("set place:SY04 has records of Damascus")
	}
	inHoms := 0
	for _, h := range all {
		if slices.Contains(h.Sets, "place:SY04") {
			inHoms++
		}
	}
	if inHoms != len(homs) {
		t.Errorf("%d records say they are in place:SY04, the set lists %d", inHoms, len(homs))
	}

	// Selective harvesting by date.
	day := time.Now().UTC().Format("2006-01-02")
	if hs := headersOf(a.harvest(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&from="+day+"&until="+day, nil)); len(hs) != total {
		t.Errorf("from and until today: %d records, want %d", len(hs), total)
	}
	stamp := all[0].Datestamp
	if hs := headersOf(a.harvest(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&until="+stamp, nil)); len(hs) == 0 {
		t.Errorf("until the first datestamp %s: nothing", stamp)
	}

	// One record in detail.
	r = a.get(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(id("DOC-000001")))
	if r.GetRecord == nil || len(r.GetRecord.Records) != 1 || r.GetRecord.Records[0].DC == nil {
		t.Fatalf("GetRecord DOC-000001:\n%s", r.body)
	}
	rec := r.GetRecord.Records[0]
	dc := rec.DC
	for _, c := range []struct {
		name, lang string
		want       []string
	}{
		{"title", "en", []string{"On Regime’s Attempts to Storm Homs Central Prison as Inmates Go on Huger Strike"}},
		{"title", "ar", []string{"حول محاولات النظام اقتحام سجن حمص المركزي وإضراب المعتقلين عن الطعام"}},
		{"publisher", "en", []string{"Syrian Coalition Media Department"}},
		{"publisher", "ar", []string{"الدائرة الإعلامية في الائتلاف الوطني السوري"}},
		{"creator", "", nil},
		{"coverage", "en", []string{"Homs Central Prison"}},
		{"coverage", "ar", []string{"سجن حمص المركزي"}},
		{"identifier", "", []string{baseURL + "/records/DOC-000001", "DOC-000001"}},
		{"date", "", []string{"2017-10-19"}},
		{"type", "", []string{"Text", "document", "press-release"}},
		{"language", "", []string{"ar", "en"}},
		{"source", "", []string{"Syrian Coalition, Media Department"}},
	} {
		if got := dc.get(c.name, c.lang); !slices.Equal(got, c.want) {
			t.Errorf("DOC-000001 dc:%s[%s] = %q, want %q", c.name, c.lang, got, c.want)
		}
	}
	if d := dc.get("description", "en"); len(d) != 1 || !strings.HasPrefix(d[0], "The Assad regime") || len([]rune(d[0])) > 1502 {
		t.Errorf("DOC-000001 dc:description[en] = %q", d)
	}
	if !slices.Equal(rec.Header.Sets, []string{"kind:document", "place:SY04"}) || rec.Header.Datestamp != all[slices.IndexFunc(all, func(h oaiHeader) bool { return h.Identifier == id("DOC-000001") })].Datestamp {
		t.Errorf("DOC-000001 header %+v", rec.Header)
	}
	r = a.get(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(id("DOC-000008")))
	if got := r.GetRecord.Records[0].DC.get("creator", "en"); !slices.Equal(got, []string{"Kofi Annan"}) {
		t.Errorf("DOC-000008 dc:creator %q, want Kofi Annan (issued by a person)", got)
	}
	r = a.get(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(id("VID-000001")))
	if dc := r.GetRecord.Records[0].DC; !slices.Contains(dc.get("relation", ""), "https://video.example.org/2011/07/29/fsa-announcement") || dc.get("type", "")[0] != "MovingImage" {
		t.Errorf("VID-000001: %+v", dc)
	}
	// A record of every kind, through the permanent identifier.
	for _, c := range []string{"TST-000006", "DIA-000001", "PER-000001", "ENT-000001", "PLC-000001", "SY04", "SY040100"} {
		r := a.get(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(id(c)))
		if r.GetRecord == nil || r.GetRecord.Records[0].Header.Identifier != id(c) || r.GetRecord.Records[0].DC == nil {
			t.Errorf("GetRecord %s: %s", c, r.body)
		}
	}

	// The drafts: in no list (above), by no identifier, in no response.
	for _, r := range demoRecords(t) {
		if r.Status == dhakira.Published {
			continue
		}
		if got := a.get(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(id(r.Code))).errorCode(); got != "idDoesNotExist" {
			t.Errorf("GetRecord of the %s %s: %q, want idDoesNotExist", r.Status, r.Code, got)
		}
		if got := a.get(t, "verb=ListMetadataFormats&identifier="+url.QueryEscape(id(r.Code))).errorCode(); got != "idDoesNotExist" {
			t.Errorf("ListMetadataFormats of the %s %s: %q, want idDoesNotExist", r.Status, r.Code, got)
		}
	}
	a.neverShows(t, hidden...)
	a.validate(t)
}

// TestGazetteer harvests an archive of the 348 places of the Syrian
// gazetteer alone: each in the set of its governorate.
func TestGazetteer(t *testing.T) {
	a := newArchive(t, oai.Options{PageSize: 100}, loadGazetteer)
	pages := a.harvest(t, "verb=ListRecords&metadataPrefix=oai_dc", nil)
	all := headersOf(pages)
	if len(all) != 348 || len(pages) != 4 {
		t.Errorf("%d places in %d pages, want 348 in 4", len(all), len(pages))
	}
	for _, h := range all {
		code := strings.TrimPrefix(h.Identifier, "oai:archive.example.org:")
		if want := []string{"kind:place", "place:" + code[:4]}; !slices.Equal(h.Sets, want) {
			t.Errorf("%s: sets %v, want %v", code, h.Sets, want)
		}
	}
	for _, p := range pages {
		for _, rec := range p.records {
			if rec.DC == nil || len(rec.DC.get("title", "ar")) != 1 || len(rec.DC.get("title", "en")) != 1 ||
				!slices.Equal(rec.DC.get("type", ""), []string{"place", rec.DC.get("type", "")[1]}) {
				t.Errorf("%s: %+v", rec.Header.Identifier, rec.DC)
			}
		}
	}
	if r := a.get(t, "verb=ListSets"); len(r.Sets) != 7+14 {
		t.Errorf("%d sets, want the 7 kinds and the 14 governorates", len(r.Sets))
	}
	if hs := headersOf(a.harvest(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=place:SY02", nil)); len(hs) == 0 || len(hs) >= 348 {
		t.Errorf("Aleppo's places: %d", len(hs))
	}
	a.validate(t)
}

// TestPost: the same requests by POST, form-encoded, give the same
// answers; other requests are refused.
func TestPost(t *testing.T) {
	a := newArchive(t, oai.Options{PageSize: 50}, loadGazetteer, loadDemo)
	// One instant for both: a resumption token carries its expiry, so a GET
	// and a POST a second apart would differ by it.
	at := time.Now()
	a.now = func() time.Time { return at }
	strip := func(b []byte) string {
		s := string(b)
		i, j := strings.Index(s, "<responseDate>"), strings.Index(s, "</responseDate>")
		return s[:i] + s[j:]
	}
	for _, q := range []string{
		"verb=Identify",
		"verb=ListSets",
		"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + url.QueryEscape(id("DOC-000001")),
		"verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind%3Adocument",
		"verb=ListRecords&metadataPrefix=oai_dc&set=place:SY04&from=2000-01-01",
		"verb=GetRecord&metadataPrefix=oai_dc",
		"verb=Nope",
	} {
		g, p := a.get(t, q), a.post(t, q)
		if strip(g.body) != strip(p.body) {
			t.Errorf("%s: POST answered\n%s\nGET answered\n%s", q, p.body, g.body)
		}
	}
	// A harvest by POST, resumption tokens and all.
	r := a.post(t, "verb=ListIdentifiers&metadataPrefix=oai_dc")
	n := len(r.ListIdentifiers.Headers)
	for r.ListIdentifiers.Token != nil && r.ListIdentifiers.Token.Value != "" {
		r = a.post(t, "verb=ListIdentifiers&resumptionToken="+url.QueryEscape(r.ListIdentifiers.Token.Value))
		n += len(r.ListIdentifiers.Headers)
	}
	counts, _ := published(t)
	total := 0
	for _, c := range counts {
		total += c
	}
	if n != total {
		t.Errorf("POST harvest: %d records, want %d", n, total)
	}
	for _, c := range []struct {
		method, ctype string
		want          int
	}{
		{http.MethodPost, "application/json", http.StatusUnsupportedMediaType},
		{http.MethodPost, "", http.StatusUnsupportedMediaType},
		{http.MethodPut, "application/x-www-form-urlencoded", http.StatusMethodNotAllowed},
		{http.MethodDelete, "", http.StatusMethodNotAllowed},
	} {
		req, _ := http.NewRequest(c.method, a.srv.URL+"/oai", strings.NewReader("verb=Identify"))
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, c.ctype, res.StatusCode, c.want)
		}
	}
	res, err := http.Post(a.srv.URL+"/oai", "application/x-www-form-urlencoded", strings.NewReader("verb=Identify&x="+strings.Repeat("a", oai.MaxBodyBytes)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a huge POST: %d", res.StatusCode)
	}
	a.validate(t)
}

// jsonLine is one record as JSON, for tests that write records.
func jsonLine(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAwkwardText: markup, control characters and line breaks in a record
// make valid XML that reads back as the text.
func TestAwkwardText(t *testing.T) {
	a := newArchive(t, oai.Options{}, loadGazetteer)
	rec := storetest.Rec(t, jsonLine(t, map[string]any{
		"kind": "document",
		"code": "DOC-x",
		//lint:ignore ST1018 Arabic test data: the right-to-left marks and embeddings are what the test is about, written as a reader would paste them
		"title":  map[string]string{"en": "<script>alert(\"x\")</script> & ]]> end", "ar": "عنوان ‏«مقتبس»"},
		"text":   map[string]string{"en": "line one\r\nline two\n\ttabbed \x01\x0b\u202e end"},
		"source": map[string]string{"name": "A & B <press>", "url": "https://example.org/?a=1&b=2"},
	}))
	storetest.Put(t, a.db, false, rec)
	r := a.get(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(id("DOC-x")))
	dc := r.GetRecord.Records[0].DC
	if got := dc.get("title", "en"); !slices.Equal(got, []string{"<script>alert(\"x\")</script> & ]]> end"}) {
		t.Errorf("title %q", got)
	}
	if got := dc.get("description", "en"); !slices.Equal(got, []string{"line one\r\nline two\n\ttabbed \uFFFD\uFFFD end"}) {
		t.Errorf("description %q", got)
	}
	if got := dc.get("source", ""); !slices.Equal(got, []string{"A & B <press>", "https://example.org/?a=1&b=2"}) {
		t.Errorf("source %q", got)
	}
	if bytes.Contains(r.body, []byte("<script>")) {
		t.Error("markup of a record is written as markup")
	}
	a.harvest(t, "verb=ListRecords&metadataPrefix=oai_dc&set=kind:document", nil)
	a.validate(t)
}

// TestDraftPlaces: a governorate or a place that is not published names no
// set and covers nothing, while what is placed in it stays harvestable.
func TestDraftPlaces(t *testing.T) {
	a := newArchive(t, oai.Options{}, loadGazetteer)
	storetest.Put(t, a.db, false,
		storetest.Rec(t, `{"kind":"place","code":"SY99","type":"governorate","title":{"en":"Secret Governorate"},"status":"draft"}`),
		storetest.Rec(t, `{"kind":"place","code":"PLC-hidden","type":"site","title":{"en":"Hidden Site"},"status":"review","attrs":{"parent":"SY0401"}}`),
		storetest.Rec(t, `{"kind":"person","code":"PER-hidden","title":{"en":"Hidden Person"},"status":"draft"}`),
		storetest.Rec(t, `{"kind":"document","code":"DOC-1","title":{"en":"placed in a hidden site"},"places":["PLC-hidden","SY99"],"links":[{"rel":"issued-by","to":"PER-hidden"}]}`),
	)
	if r := a.get(t, "verb=ListSets"); len(r.Sets) != 7+14 {
		t.Errorf("%d sets, want 21: a draft governorate is no set", len(r.Sets))
	}
	if got := a.get(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=place:SY99").errorCode(); got != "noRecordsMatch" {
		t.Errorf("set of a draft governorate: %q", got)
	}
	r := a.get(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(id("DOC-1")))
	rec := r.GetRecord.Records[0]
	if !slices.Equal(rec.Header.Sets, []string{"kind:document", "place:SY04"}) || len(rec.DC.get("coverage", "")) != 0 || len(rec.DC.get("creator", "")) != 0 {
		t.Errorf("DOC-1: %+v %+v", rec.Header, rec.DC)
	}
	if hs := headersOf(a.harvest(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=place:SY04", nil)); !slices.ContainsFunc(hs, func(h oaiHeader) bool { return h.Identifier == id("DOC-1") }) {
		t.Errorf("DOC-1, placed in a hidden site inside SY04, is not in place:SY04")
	}
	a.harvest(t, "verb=ListRecords&metadataPrefix=oai_dc", nil)
	a.neverShows(t, "Secret Governorate", "Hidden Site", "Hidden Person", "PLC-hidden<", "SY99<")
	a.validate(t)
}
