package search_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/search"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/storetest"
)

// corpus is a small archive whose answers are known.
const corpus = `{"kind":"place","code":"SY08","type":"governorate","title":{"ar":"محافظة الحسكة","en":"Al-Hasakah Governorate"},"attrs":{"aliases":[{"value":"Hasaka","lang":"en"},{"value":"الحسكة","lang":"ar"}]}}
{"kind":"place","code":"SY02","type":"governorate","title":{"ar":"محافظة حلب","en":"Aleppo Governorate"}}
{"kind":"place","code":"SY0200","type":"district","title":{"ar":"جبل سمعان","en":"Jebel Saman"},"attrs":{"parent":"SY02"}}
{"kind":"place","code":"SY020003","type":"subdistrict","title":{"ar":"الأتارب","en":"Al-Atarib"},"attrs":{"parent":"SY0200"}}
{"kind":"place","code":"SY03","type":"governorate","title":{"ar":"محافظة ريف دمشق","en":"Rural Damascus Governorate"}}
{"kind":"place","code":"PLC-sednaya","type":"site","title":{"ar":"سجن صيدنايا","en":"Sednaya Prison"},"attrs":{"parent":"SY03"}}
{"kind":"entity","code":"ENT-1","type":"political","title":{"ar":"الائتلاف الوطني","en":"National Coalition"}}
{"kind":"document","code":"DOC-1","type":"report","date":"2017-02","title":{"ar":"الوثيقة الأولى","en":"First paper"},"text":{"ar":"تتحدث الوثيقة عن المعتقلين في السجن.","en":"The paper speaks of the detainees held in the prison."},"places":["SY020003"],"reliability":"correct"}
{"kind":"document","code":"DOC-2","type":"statement","date":"2013-08-21","title":{"ar":"بيان حول القصف","en":"Statement on the shelling"},"text":{"ar":"وقد وردت والوثيقة المرفقة بالوثيقة الثانية.","en":"A hunger strike began; the strike was about hunger."},"places":["SY08"],"reliability":"unverified"}
{"kind":"document","code":"DOC-3","type":"press-release","date":"2017-10-19","title":{"en":"On the prison hunger strike"},"text":{"en":"Detainees went on hunger strike. The report Amnesty issued on the prison is recalled."},"links":[{"rel":"mentions","to":"PLC-sednaya"},{"rel":"issued-by","to":"ENT-1"}],"reliability":"unverified"}
{"kind":"document","code":"DOC-4","type":"report","date":"2012","title":{"ar":"تقرير عن مُعْتَقَلِين في ســوريا"},"text":{"ar":"نص التقرير"},"places":["SY02"],"reliability":"unspecified"}
{"kind":"document","code":"DOC-5","title":{"en":"Secret draft about Sednaya"},"text":{"en":"hunger strike draft"},"status":"draft"}
{"kind":"diary","code":"DIA-1","type":"civil","date":"2011-03-18","title":{"ar":"مظاهرة في درعا","en":"Protest in Daraa"},"reliability":"correct"}
{"kind":"diary","code":"DIA-2","type":"military","date":"2012-02-03/2012-02-28","title":{"ar":"حصار حمص","en":"Siege of Homs"},"reliability":"correct"}
`

type env struct {
	store  *sqlite.DB
	engine *search.Engine
	dir    string
}

func setup(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var recs []*dhakira.Record
	for _, l := range strings.Split(strings.TrimSpace(corpus), "\n") {
		recs = append(recs, storetest.Rec(t, l))
	}
	storetest.Put(t, db, false, recs...)
	e := &env{store: db, dir: dir}
	e.engine = e.open(t)
	return e
}

func (e *env) open(t *testing.T) *search.Engine {
	t.Helper()
	eng, err := search.New(filepath.Join(e.dir, "index"), e.store, search.Options{TypeLabel: func(k dhakira.Kind, slug, lang string) string {
		if slug == "press-release" && lang == "ar" {
			return "بيان صحفي"
		}
		return ""
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if _, err := eng.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	return eng
}

func (e *env) find(t *testing.T, r dhakira.SearchRequest) (*dhakira.SearchResult, []string) {
	t.Helper()
	if r.Limit == 0 {
		r.Limit = 100
	}
	res, err := e.engine.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	var codes []string
	for _, h := range res.Hits {
		codes = append(codes, h.Code)
	}
	return res, codes
}

func (e *env) codes(t *testing.T, q string) []string {
	t.Helper()
	_, c := e.find(t, dhakira.SearchRequest{Q: q})
	slices.Sort(c)
	return c
}

func TestArabicVariants(t *testing.T) {
	e := setup(t)
	cases := []struct {
		q    string
		want []string
	}{
		{"وثيقة", []string{"DOC-1", "DOC-2"}},         // الوثيقة, والوثيقة, بالوثيقة
		{"الوثيقة", []string{"DOC-1", "DOC-2"}},       // the article on the query side too
		{"والوثيقة", []string{"DOC-1", "DOC-2"}},      // and a joined و
		{"اتارب", []string{"DOC-1", "SY020003"}},      // الأتارب: hamza and the article; DOC-1 is placed there
		{"معتقلين", []string{"DOC-1", "DOC-4"}},       // diacritics in DOC-4's title
		{"مُعتقلين", []string{"DOC-1", "DOC-4"}},      // diacritics in the query
		{"سوريا", []string{"DOC-4"}},                  // tatweel
		{"المعتقل", []string{"DOC-1", "DOC-4"}},       // stem
		{"صيدنايا", []string{"DOC-3", "PLC-sednaya"}}, // English-only DOC-3 mentions Sednaya Prison
		{"Hasaka", []string{"DOC-2", "SY08"}},         // alias of the governorate DOC-2 is placed in
		{"حلب", []string{"DOC-1", "DOC-4", "SY0200", "SY02", "SY020003"}},
		{"الائتلاف", []string{"DOC-3", "ENT-1"}},      // the issuing entity's Arabic name on an English-only record
		{"بيان صحفي", []string{"DOC-3"}},              // type label
		{"detainee", []string{"DOC-1", "DOC-3"}},      // English stem
		{"DOC-4", []string{"DOC-4"}},                  // memory code
		{"٢٠١٧", nil},                                 // digits fold, and dates are not words
		{"Sednaya", []string{"DOC-3", "PLC-sednaya"}}, // never the draft
	}
	for _, c := range cases {
		got := e.codes(t, c.q)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q found %v, want %v", c.q, got, want)
		}
	}
}

func TestQueryLanguage(t *testing.T) {
	e := setup(t)
	cases := []struct {
		q    string
		want []string
	}{
		{`"hunger strike"`, []string{"DOC-2", "DOC-3"}},
		{`"strike hunger"`, nil},
		{`"detainees went on hunger strike"`, []string{"DOC-3"}},
		{`"الوثيقة الأولى"`, []string{"DOC-1"}},
		{`prison -Amnesty`, []string{"DOC-1", "PLC-sednaya"}},
		{`prison -"hunger strike"`, []string{"DOC-1", "PLC-sednaya"}},
		{`Daraa OR Homs`, []string{"DIA-1", "DIA-2"}},
		{`Daraa أو Homs`, []string{"DIA-1", "DIA-2"}},
		{`Daraa Homs`, nil},
		{`protest OR siege daraa`, []string{"DIA-1"}},
		{`"unclosed phrase`, nil},
		{`hunger "`, []string{"DOC-2", "DOC-3"}},
		{`prison -Amnesty -Sednaya`, []string{"DOC-1"}},
	}
	for _, c := range cases {
		if got := e.codes(t, c.q); !slices.Equal(got, c.want) {
			t.Errorf("%s found %v, want %v", c.q, got, c.want)
		}
	}
	// A query of syntax only finds nothing; one of exclusions only lists the rest.
	if got := e.codes(t, `- OR " OR !!!`); len(got) != 0 {
		t.Errorf("a query of syntax only found %v", got)
	}
	if got := e.codes(t, `-prison -Sednaya -Hasaka -حلب`); !slices.Equal(got, []string{"DIA-1", "DIA-2", "ENT-1", "SY03"}) {
		t.Errorf("exclusions only: %v", got)
	}
}

func TestExactFormRanksFirst(t *testing.T) {
	e := setup(t)
	// DOC-3 has the exact words in its title; DOC-2 only in its text.
	_, got := e.find(t, dhakira.SearchRequest{Q: "hunger strike"})
	if len(got) < 2 || got[0] != "DOC-3" {
		t.Errorf("hunger strike ranked %v, want DOC-3 first", got)
	}
	_, got = e.find(t, dhakira.SearchRequest{Q: "Sednaya"})
	if len(got) == 0 || got[0] != "PLC-sednaya" {
		t.Errorf("Sednaya ranked %v, want the place itself first", got)
	}
}

func TestFiltersAndFacets(t *testing.T) {
	e := setup(t)
	res, got := e.find(t, dhakira.SearchRequest{})
	if res.Total != 13 || len(got) != 13 {
		t.Fatalf("everything: %d hits (%v), want 13 published records", res.Total, got)
	}
	facet := func(res *dhakira.SearchResult, name string) map[string]int {
		m := map[string]int{}
		for _, c := range res.Facets[name] {
			m[c.Value] = c.N
		}
		return m
	}
	kinds := facet(res, "kind")
	if kinds["document"] != 4 || kinds["place"] != 6 || kinds["diary"] != 2 || kinds["entity"] != 1 || len(kinds) != 4 {
		t.Errorf("kind facet %v", kinds)
	}
	res, _ = e.find(t, dhakira.SearchRequest{Kind: dhakira.KindDocument})
	places := facet(res, "place")
	if places["SY02"] != 2 || places["SY0200"] != 1 || places["SY020003"] != 1 || places["SY08"] != 1 {
		t.Errorf("place facet of documents %v", places)
	}
	rel := facet(res, "reliability")
	if rel["unverified"] != 2 || rel["correct"] != 1 || rel["unspecified"] != 1 {
		t.Errorf("reliability facet %v", rel)
	}
	if types := facet(res, "type"); types["report"] != 2 || types["statement"] != 1 || types["press-release"] != 1 {
		t.Errorf("type facet %v", types)
	}
	if years := facet(res, "year"); years["2017"] != 2 || years["2013"] != 1 || years["2012"] != 1 {
		t.Errorf("year facet %v", years)
	}
	// Following a facet narrows to its count.
	for place, n := range places {
		r, _ := e.find(t, dhakira.SearchRequest{Kind: dhakira.KindDocument, Place: place})
		if r.Total != n {
			t.Errorf("place %s: %d hits, facet said %d", place, r.Total, n)
		}
	}
	_, got = e.find(t, dhakira.SearchRequest{Place: "SY02", Kind: dhakira.KindPlace})
	slices.Sort(got)
	if !slices.Equal(got, []string{"SY02", "SY0200", "SY020003"}) {
		t.Errorf("places in SY02: %v", got)
	}
	_, got = e.find(t, dhakira.SearchRequest{Type: "report", Reliability: dhakira.Correct})
	if !slices.Equal(got, []string{"DOC-1"}) {
		t.Errorf("report+correct: %v", got)
	}
	_, got = e.find(t, dhakira.SearchRequest{From: "2012-02-15", To: "2013", Sort: "date-asc"})
	if !slices.Equal(got, []string{"DOC-4", "DIA-2", "DOC-2"}) {
		t.Errorf("from 2012-02-15 to 2013, oldest first: %v", got)
	}
	_, got = e.find(t, dhakira.SearchRequest{Kind: dhakira.KindDocument, Sort: "date"})
	if !slices.Equal(got, []string{"DOC-3", "DOC-1", "DOC-2", "DOC-4"}) {
		t.Errorf("documents newest first: %v", got)
	}
	res, got = e.find(t, dhakira.SearchRequest{Kind: dhakira.KindDocument, Sort: "date", Offset: 2, Limit: 1})
	if res.Total != 4 || !slices.Equal(got, []string{"DOC-2"}) {
		t.Errorf("paging: %d %v", res.Total, got)
	}
}

func TestSnippets(t *testing.T) {
	e := setup(t)
	res, _ := e.find(t, dhakira.SearchRequest{Q: "وثيقة", Lang: "en"})
	var doc2 *dhakira.SearchHit
	for i := range res.Hits {
		if res.Hits[i].Code == "DOC-2" {
			doc2 = &res.Hits[i]
		}
	}
	if doc2 == nil || doc2.SnippetLang != "ar" || !strings.Contains(doc2.Snippet, "<mark>والوثيقة</mark>") || !strings.Contains(doc2.Snippet, "<mark>بالوثيقة</mark>") {
		t.Errorf("Arabic match, English reader: snippet %+v", doc2)
	}
	res, _ = e.find(t, dhakira.SearchRequest{Q: "detainees", Lang: "ar"})
	for _, h := range res.Hits {
		if h.Code == "DOC-1" && (h.SnippetLang != "en" || !strings.Contains(h.Snippet, "<mark>detainees</mark>")) {
			t.Errorf("snippet from the language that matched: %+v", h)
		}
	}
}

func TestFollowsTheStore(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	// Unpublishing removes a record; a rename reaches the records that show the name.
	storetest.Put(t, e.store, true,
		storetest.Rec(t, `{"kind":"document","code":"DOC-1","type":"report","date":"2017-02","title":{"ar":"الوثيقة الأولى","en":"First paper"},"status":"withdrawn"}`),
		storetest.Rec(t, `{"kind":"entity","code":"ENT-1","type":"political","title":{"ar":"الائتلاف الوطني","en":"Coalition of Forces"}}`),
		storetest.Rec(t, `{"kind":"document","code":"DOC-6","title":{"en":"A new paper"}}`),
	)
	if n, err := e.engine.CatchUp(ctx); err != nil || n < 4 {
		t.Fatalf("catch-up indexed %d (%v), want the 3 records and DOC-3", n, err)
	}
	if got := e.codes(t, "الوثيقة الأولى"); len(got) != 0 {
		t.Errorf("withdrawn record still found: %v", got)
	}
	if got := e.codes(t, "Forces"); !slices.Equal(got, []string{"DOC-3", "ENT-1"}) {
		t.Errorf("renamed entity: %v", got)
	}
	if got := e.codes(t, "new paper"); !slices.Equal(got, []string{"DOC-6"}) {
		t.Errorf("new record: %v", got)
	}
	if n, _ := e.engine.CatchUp(ctx); n != 0 {
		t.Errorf("second catch-up did %d", n)
	}
}

func TestCrashRecovery(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	before := e.codes(t, "prison")
	if len(before) == 0 {
		t.Fatal("nothing found before")
	}
	e.engine.Close()
	// Changes while the server is down, then the index deleted: rebuilt and caught up.
	storetest.Put(t, e.store, false, storetest.Rec(t, `{"kind":"document","code":"DOC-7","title":{"en":"Another prison"}}`))
	os.RemoveAll(filepath.Join(e.dir, "index"))
	e.engine = e.open(t)
	if got := e.codes(t, "prison"); !slices.Contains(got, "DOC-7") || len(got) != len(before)+1 {
		t.Errorf("after deleting the index: %v", got)
	}
	// A damaged index is replaced.
	e.engine.Close()
	os.WriteFile(filepath.Join(e.dir, "index", "index_meta.json"), []byte("{broken"), 0o644)
	e.engine = e.open(t)
	if got := e.codes(t, "prison"); len(got) != len(before)+1 {
		t.Errorf("after damaging the index: %v", got)
	}
	// An index built by another version of the program is rebuilt: what
	// only the old index held is gone.
	e.engine.Close()
	old, err := bleve.Open(filepath.Join(e.dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Index(before[0], map[string]any{"title_x": "zebra", "kind": "document"}); err != nil { // a published record, as an old index might hold it
		t.Fatal(err)
	}
	if err := old.SetInternal([]byte("dhakira.mapping"), []byte("0")); err != nil {
		t.Fatal(err)
	}
	old.Close()
	e.engine = e.open(t)
	if got := e.codes(t, "zebra"); len(got) != 0 {
		t.Errorf("an index of another version was kept: %v", got)
	}
	if got := e.codes(t, "prison"); len(got) != len(before)+1 {
		t.Errorf("after a version change: %v", got)
	}
	// An index behind the store catches up on open.
	e.engine.Close()
	storetest.Put(t, e.store, false, storetest.Rec(t, `{"kind":"document","code":"DOC-8","title":{"en":"Third prison"}}`))
	e.engine = e.open(t)
	if got := e.codes(t, "third prison"); !slices.Equal(got, []string{"DOC-8"}) {
		t.Errorf("behind index: %v", got)
	}
	// A rebuild gives the same answers.
	if n, err := e.engine.Rebuild(ctx, nil); err != nil || n != 15 {
		t.Errorf("rebuild indexed %d (%v), want 15 published records", n, err)
	}
	if got := e.codes(t, "prison"); len(got) != len(before)+2 {
		t.Errorf("after rebuild: %v", got)
	}
	if n, _ := e.engine.CatchUp(ctx); n != 0 {
		t.Errorf("catch-up after a rebuild did %d", n)
	}
}

func TestLocked(t *testing.T) {
	e := setup(t)
	if _, err := search.New(filepath.Join(e.dir, "index"), e.store, search.Options{}); err != search.ErrLocked {
		t.Errorf("second open: %v, want ErrLocked", err)
	}
}

// TestSnippetDeepInALongText checks that a match far into a long text, past
// the first chunks the marker analyzes, still gives an excerpt around it
// with every match inside the excerpt marked.
func TestSnippetDeepInALongText(t *testing.T) {
	e := setup(t)
	filler := strings.Repeat("lorem ipsum dolor sit amet ", 800) // about 21 KB
	storetest.Put(t, e.store, false, storetest.Rec(t, `{"kind":"testimony","code":"TST-9","title":{"en":"A long account"},"text":{"en":"`+
		filler+`the quartermaster spoke; the quartermaster left. `+filler+`"}}`))
	if _, err := e.engine.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	res, got := e.find(t, dhakira.SearchRequest{Q: "quartermaster", Lang: "en"})
	if !slices.Equal(got, []string{"TST-9"}) {
		t.Fatalf("found %v", got)
	}
	sn := res.Hits[0].Snippet
	if strings.Count(sn, "<mark>quartermaster</mark>") != 2 || !strings.HasPrefix(sn, "… ") || !strings.HasSuffix(sn, " …") {
		t.Errorf("snippet %q", sn)
	}
}
