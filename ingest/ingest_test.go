package ingest_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/jsonl"
)

func TestDuplicateCodesAndForwardLinks(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	_, err := ingest.Import(ctx, db, []ingest.Input{
		jsonl.Bytes("a.jsonl", []byte(`{"kind":"document","code":"D1","title":{"en":"x"},"links":[{"to":"E1"}],"places":["S1"]}`)),
		jsonl.Bytes("b.jsonl", []byte(`{"kind":"entity","code":"E1","title":{"en":"later in the import"}}
{"kind":"place","code":"S1","title":{"en":"site"},"attrs":{"level":"site"}}
{"kind":"entity","code":"D1","title":{"en":"dup"}}`)),
	}, ingest.Options{})
	if err == nil || err.Error() != `b.jsonl:3: code "D1" is already used at a.jsonl:1` {
		t.Fatalf("err = %v", err)
	}
	sum, err := ingest.Import(ctx, db, []ingest.Input{
		jsonl.Bytes("a.jsonl", []byte(`{"kind":"document","code":"D1","title":{"en":"x"},"links":[{"to":"E1"}],"places":["S1"]}`)),
		jsonl.Bytes("b.jsonl", []byte(`{"kind":"entity","code":"E1","title":{"en":"later in the import"}}
{"kind":"place","code":"S1","title":{"en":"site"},"attrs":{"level":"site"}}`)),
	}, ingest.Options{})
	if err != nil || sum.ByKind[dhakira.KindDocument] != 1 || sum.ByKind[dhakira.KindEntity] != 1 || sum.ByKind[dhakira.KindPlace] != 1 {
		t.Fatalf("forward links: %+v %v", sum, err)
	}
}

func TestUpdateMakesRevisions(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	in := func(title string) []ingest.Input {
		return []ingest.Input{jsonl.Bytes("u.jsonl", []byte(`{"kind":"document","code":"D1","title":{"en":"`+title+`"}}`))}
	}
	if _, err := ingest.Import(ctx, db, in("one"), ingest.Options{Author: "a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Import(ctx, db, in("two"), ingest.Options{}); err == nil || !strings.Contains(err.Error(), "--update") {
		t.Fatalf("existing code without --update: %v", err)
	}
	sum, err := ingest.Import(ctx, db, in("two"), ingest.Options{Update: true, Author: "b"})
	if err != nil || sum.Updated != 1 || sum.Created != 0 {
		t.Fatalf("update: %+v %v", sum, err)
	}
	revs, _ := db.Revisions(ctx, "D1")
	if len(revs) != 2 || revs[0].Record.Title.EN != "one" || revs[1].Record.Title.EN != "two" || revs[1].Author != "b" {
		t.Fatalf("revisions %+v", revs)
	}
	sum, err = ingest.Import(ctx, db, in("three"), ingest.Options{SkipExisting: true})
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
		if _, err := ingest.Import(context.Background(), db, []ingest.Input{jsonl.Bytes("bench.jsonl", src.Bytes())}, ingest.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}

// A duplicated key is a problem at its line, with the field, and a title
// holding a control character or a bidi override is refused at every door.
func TestStrictInput(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	_, err := ingest.Import(ctx, db, []ingest.Input{
		jsonl.Bytes("records.jsonl", []byte(`{"kind":"document","title":{"en":"fine"}}
{"kind":"document","title":{"en":"x"},"status":"published","status":"draft"}
{"kind":"document","title":{"en":"a\u0000b"}}
{"kind":"person","title":{"ar":"\u202eاسم"}}
{"kind":"document","title":{"en":"ok"},"text":{"en":"kept\u0000 \u202e here"}}`)),
	}, ingest.Options{})
	want := `records.jsonl:2: status: duplicate key "status"
records.jsonl:3: title.en: control character U+0000 at byte 1
records.jsonl:4: title.ar: bidirectional control U+202E at byte 0 (text direction is the page's business)`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

// A record created while an import checks its input does not take a code
// the import brings: the codes read are reserved as the import goes, so
// the import does not then fail on a code taken meanwhile.
func TestCodesReservedWhileChecking(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	const n = 10000 // the import pauses at its progress report of 10,000 records
	var in bytes.Buffer
	brought := map[string]bool{}
	for i := 1; i <= n; i++ {
		code := dhakira.FormatCode(dhakira.KindDocument, int64(i))
		brought[code] = true
		fmt.Fprintf(&in, `{"kind":"document","code":%q,"title":{"en":"imported %d"}}`+"\n", code, i)
	}
	var created string
	paused := false
	sum, err := ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes("big.jsonl", in.Bytes())}, ingest.Options{
		Progress: func(phase string, done, total int) {
			if phase != "check" || done != n || paused {
				return
			}
			paused = true
			// An editor saves a new document now, in the middle of the
			// import's check pass.
			r := &dhakira.Record{Kind: dhakira.KindDocument, Title: dhakira.Text{EN: "saved during the import"}}
			r.Normalize()
			code, _, err := db.SaveRecord(ctx, r, 0, "editor", "")
			if err != nil {
				t.Errorf("saving during the import: %v", err)
				return
			}
			created = code
		},
	})
	if !paused {
		t.Fatal("the import never reported its check pass at 10,000 records")
	}
	if err != nil {
		t.Fatalf("the import, after a record was created during its check pass: %v", err)
	}
	if brought[created] {
		t.Fatalf("the record saved during the import took %s, a code the import brings", created)
	}
	if sum.Created != n {
		t.Errorf("the import created %d records, want %d", sum.Created, n)
	}
	r, _, err := db.Record(ctx, created, dhakira.Staff)
	if err != nil || r.Title.EN != "saved during the import" {
		t.Errorf("the record saved during the import, %s: %v %v", created, r, err)
	}
}
