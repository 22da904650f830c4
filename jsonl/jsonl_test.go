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
	"github.com/dhakira/dhakira/ingest"
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
	sum, err := ingest.Import(ctx, a, []ingest.Input{jsonl.Bytes("corpus.jsonl", src.Bytes())}, ingest.Options{Author: "test"})
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
	if _, err := ingest.Import(ctx, b, []ingest.Input{jsonl.File(writeFile(t, "export.jsonl", string(first)))}, ingest.Options{Author: "test"}); err != nil {
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
	_, err := ingest.Import(ctx, db, []ingest.Input{jsonl.File(path)}, ingest.Options{})
	var ie *ingest.Error
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *ingest.Error", err)
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
	if _, err := ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes("base.jsonl", []byte(`{"kind":"place","code":"SY04","title":{"en":"Homs"}}
{"kind":"person","code":"PER-000001","title":{"en":"P"}}`))}, ingest.Options{}); err != nil {
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
		_, err := ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes("in.jsonl", []byte("\n"+c.line+"\n"))}, ingest.Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "in.jsonl:2: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s\n got: %v\nwant: in.jsonl:2: …%s…", c.line, err, c.want)
		}
	}
}
