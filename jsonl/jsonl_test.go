package jsonl_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/sqlite"
)

func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func export(t testing.TB, db *sqlite.DB, k dhakira.Kind) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := jsonl.Export(context.Background(), db, &buf, k); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTripIsByteIdentical(t *testing.T) {
	ctx := context.Background()
	var src bytes.Buffer
	if err := corpus.Write(&src, corpus.Options{N: 3000, Seed: 7, NoCodes: 100, Drafts: 50}); err != nil {
		t.Fatal(err)
	}
	a := sqlitetest.Open(t)
	sum, err := jsonl.Import(ctx, a, []jsonl.Input{jsonl.Bytes("corpus.jsonl", src.Bytes())}, jsonl.Options{Author: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != 3000 {
		t.Fatalf("created %d, want 3000", sum.Created)
	}
	first := export(t, a, "")
	if n := bytes.Count(first, []byte("\n")); n != 3000 {
		t.Fatalf("export has %d lines, want 3000", n)
	}
	if bytes.Contains(first, []byte(`"code":""`)) || !bytes.Contains(first, []byte(`"status":"draft"`)) {
		t.Fatal("export lost assigned codes or drafts")
	}
	b := sqlitetest.Open(t)
	if _, err := jsonl.Import(ctx, b, []jsonl.Input{jsonl.File(writeFile(t, "export.jsonl", string(first)))}, jsonl.Options{Author: "test"}); err != nil {
		t.Fatal(err)
	}
	second := export(t, b, "")
	if !bytes.Equal(first, second) {
		t.Fatal("import(export) then export differs from the first export")
	}
	// Ordered by code, and --kind keeps one kind.
	lines := strings.Split(strings.TrimSpace(string(first)), "\n")
	for i := 1; i < len(lines); i++ {
		if code(t, lines[i-1]) >= code(t, lines[i]) {
			t.Fatalf("export not ordered by code at line %d", i+1)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(string(export(t, b, dhakira.KindPerson))), "\n") {
		if !strings.HasPrefix(l, `{"kind":"person"`) {
			t.Fatalf("--kind person exported %s", l[:40])
		}
	}
}

func code(t *testing.T, line string) string {
	r, err := dhakira.DecodeRecord([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	return r.Code
}

func TestBadLinesAreAllReportedAndNothingIsWritten(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	path := writeFile(t, "records.jsonl", `{"kind":"entity","code":"ENT-000001","title":{"en":"Coalition"}}
{"kind":"document","code":"DOC-000001","title":{"ar":"بيان"},"links":[{"rel":"issued-by","to":"ENT-000001"}]}
{"kind":"document","code":"DOC-000002","title":{"en":"Bad date"},"date":"2017-13-01"}
{"kind":"document","code":"DOC-000003","title":{"en":"Dangling"},"links":[{"rel":"related","to":"ENT-000999"}]}
`)
	_, err := jsonl.Import(ctx, db, []jsonl.Input{jsonl.File(path)}, jsonl.Options{})
	var ie *jsonl.Error
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *jsonl.Error", err)
	}
	want := []string{
		path + `:3: date: "2017-13-01": month 13`,
		path + `:4: links[0].to: no record "ENT-000999" in this import or the archive`,
	}
	if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", err, strings.Join(want, "\n"))
	}
	if n, _ := db.CountKinds(ctx, dhakira.Staff); len(n) != 0 {
		t.Errorf("a failed import wrote %v", n)
	}
}

func TestProblemsNameFileLineAndField(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	if _, err := jsonl.Import(ctx, db, []jsonl.Input{jsonl.Bytes("base.jsonl", []byte(`{"kind":"place","code":"SY04","title":{"en":"Homs"}}
{"kind":"person","code":"PER-000001","title":{"en":"P"}}`))}, jsonl.Options{}); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ line, want string }{
		{`{"kind":"document","title":{"en":"x"},"colour":"red"}`, `unknown field "colour"`},
		{`{"kind":"document","title":{"en":1}}`, `title.en: expected a string, got number`},
		{`{"kind":"document","title":{"en":"x"},"places":"SY04"}`, `places: expected a list, got string`},
		{`{"kind":"book","title":{"en":"x"}}`, `kind: unknown kind "book"`},
		{`{"kind":"document","title":{"ar":" "}}`, `title: required in Arabic or English`},
		{`{"kind":"document","title":{"en":"x"},"reliability":"maybe"}`, `reliability: unknown grade "maybe"`},
		{`{"kind":"document","title":{"en":"x"},"places":["PER-000001"]}`, `places[0]: "PER-000001" is a person, not a place`},
		{`{"kind":"document","code":"bad code!","title":{"en":"x"}}`, `code: code "bad code!" may hold only`},
		{`{"kind":"document","title":{"en":"x"},"date":"2017-02-30"}`, `date: "2017-02-30": day 30 of 2017-02`},
		{`{"kind":"document","title":{"en":"x"},"source":{"url":"javascript:alert(1)"}}`, `source.url: "javascript:alert(1)": only http and https`},
		{`{"kind":"document","title":{"en":"x"},"attrs":{"segments":[{"start":"00:00:01"}]}}`, `attrs.segments: not an attribute of a document`},
		{`{"kind":"document","title":{"en":"x"}} {}`, `unexpected data after`},
		{`{"kind":"document","title":{"en":"x"`, `incomplete JSON object`},
		{`{"kind":"place","code":"SY04","title":{"en":"again"}}`, `code "SY04" already exists in the archive`},
		{`{"kind":"person","code":"P2","title":{"en":"x"},"attrs":{"born":"1970-00"}}`, `attrs.born: "1970-00": month 0`},
	}
	for _, c := range cases {
		_, err := jsonl.Import(ctx, db, []jsonl.Input{jsonl.Bytes("in.jsonl", []byte("\n"+c.line+"\n"))}, jsonl.Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "in.jsonl:2: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s\n got: %v\nwant: in.jsonl:2: …%s…", c.line, err, c.want)
		}
	}
}

func TestDuplicateCodesAndForwardLinks(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	_, err := jsonl.Import(ctx, db, []jsonl.Input{
		jsonl.Bytes("a.jsonl", []byte(`{"kind":"document","code":"D1","title":{"en":"x"},"links":[{"to":"E1"}],"places":["S1"]}`)),
		jsonl.Bytes("b.jsonl", []byte(`{"kind":"entity","code":"E1","title":{"en":"later in the import"}}
{"kind":"place","code":"S1","title":{"en":"site"},"attrs":{"level":"site"}}
{"kind":"entity","code":"D1","title":{"en":"dup"}}`)),
	}, jsonl.Options{})
	if err == nil || err.Error() != `b.jsonl:3: code "D1" is already used at a.jsonl:1` {
		t.Fatalf("err = %v", err)
	}
	sum, err := jsonl.Import(ctx, db, []jsonl.Input{
		jsonl.Bytes("a.jsonl", []byte(`{"kind":"document","code":"D1","title":{"en":"x"},"links":[{"to":"E1"}],"places":["S1"]}`)),
		jsonl.Bytes("b.jsonl", []byte(`{"kind":"entity","code":"E1","title":{"en":"later in the import"}}
{"kind":"place","code":"S1","title":{"en":"site"},"attrs":{"level":"site"}}`)),
	}, jsonl.Options{})
	if err != nil || sum.ByKind[dhakira.KindDocument] != 1 || sum.ByKind[dhakira.KindEntity] != 1 || sum.ByKind[dhakira.KindPlace] != 1 {
		t.Fatalf("forward links: %+v %v", sum, err)
	}
}

func TestUpdateMakesRevisions(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	in := func(title string) []jsonl.Input {
		return []jsonl.Input{jsonl.Bytes("u.jsonl", []byte(`{"kind":"document","code":"D1","title":{"en":"`+title+`"}}`))}
	}
	if _, err := jsonl.Import(ctx, db, in("one"), jsonl.Options{Author: "a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := jsonl.Import(ctx, db, in("two"), jsonl.Options{}); err == nil || !strings.Contains(err.Error(), "--update") {
		t.Fatalf("existing code without --update: %v", err)
	}
	sum, err := jsonl.Import(ctx, db, in("two"), jsonl.Options{Update: true, Author: "b"})
	if err != nil || sum.Updated != 1 || sum.Created != 0 {
		t.Fatalf("update: %+v %v", sum, err)
	}
	revs, _ := db.Revisions(ctx, "D1")
	if len(revs) != 2 || revs[0].Record.Title.EN != "one" || revs[1].Record.Title.EN != "two" || revs[1].Author != "b" {
		t.Fatalf("revisions %+v", revs)
	}
	sum, err = jsonl.Import(ctx, db, in("three"), jsonl.Options{SkipExisting: true})
	if err != nil || sum.Skipped != 1 {
		t.Fatalf("skip existing: %+v %v", sum, err)
	}
	if r, _, _ := db.Record(ctx, "D1", dhakira.Public); r.Title.EN != "two" {
		t.Fatalf("skip-existing changed the record: %q", r.Title.EN)
	}
}

func BenchmarkImport(b *testing.B) {
	const n = 20000
	var src bytes.Buffer
	if err := corpus.Write(&src, corpus.Options{N: n, Seed: 1, MaxWords: 200}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(src.Len()))
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		db := sqlitetest.Open(b)
		b.StartTimer()
		if _, err := jsonl.Import(context.Background(), db, []jsonl.Input{jsonl.Bytes("bench.jsonl", src.Bytes())}, jsonl.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}
