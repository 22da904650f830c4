// Package storetest is the behaviour every dhakira.Store must have, written
// once and run against each engine (SQLite now, PostgreSQL later).
package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
)

// Run runs the suite; open returns a new, empty store for each subtest.
func Run(t *testing.T, open func(t *testing.T) dhakira.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, dhakira.Store)
	}{
		{"Codes", testCodes},
		{"CodesNeverReused", testCodesNeverReused},
		{"Revisions", testRevisions},
		{"Conflict", testConflict},
		{"Rollback", testRollback},
		{"PlaceSubtree", testPlaceSubtree},
		{"Related", testRelated},
		{"Drafts", testDrafts},
		{"Dates", testDates},
		{"Counts", testCounts},
		{"Changes", testChanges},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

// Rec builds a valid, normalized record from its JSON, failing the test
// when it is not.
func Rec(t testing.TB, js string) *dhakira.Record {
	t.Helper()
	r, err := dhakira.DecodeRecord([]byte(js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return r
}

// Put writes records in one import and returns their codes.
func Put(t testing.TB, s dhakira.Store, replace bool, recs ...*dhakira.Record) []string {
	t.Helper()
	ctx := context.Background()
	tx, err := s.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range recs {
		c, err := tx.Put(ctx, r, replace)
		if err != nil {
			tx.Rollback()
			t.Fatalf("put %s: %v", r.Code, err)
		}
		codes = append(codes, c)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return codes
}

func codesOf(list []dhakira.Summary) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Code)
	}
	return out
}

func list(t *testing.T, s dhakira.Store, f dhakira.RecordFilter) ([]string, int) {
	t.Helper()
	l, n, err := s.Records(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return codesOf(l), n
}

func testCodes(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	Put(t, s, false, Rec(t, `{"kind":"document","code":"DOC-000002","title":{"en":"taken"}}`))
	tx, err := s.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	tx.Reserve([]string{"DOC-000003"})
	var got []string
	for range 3 {
		c, err := tx.Put(ctx, Rec(t, `{"kind":"document","title":{"ar":"وثيقة"}}`), false)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c)
	}
	c, err := tx.Put(ctx, Rec(t, `{"kind":"person","title":{"en":"P"}}`), false)
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, c)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	want := []string{"DOC-000001", "DOC-000004", "DOC-000005", "PER-000001"}
	if !slices.Equal(got, want) {
		t.Errorf("assigned %v, want %v (skipping taken DOC-000002 and reserved DOC-000003)", got, want)
	}
}

func testCodesNeverReused(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	Put(t, s, false, Rec(t, `{"kind":"video","title":{"en":"a"}}`))
	// An import that assigns a code and then fails must not commit the counter
	// either; what matters is that a committed code is never handed out again.
	tx, _ := s.BeginImport(ctx, "test")
	tx.Put(ctx, Rec(t, `{"kind":"video","title":{"en":"b"}}`), false)
	tx.Rollback()
	got := Put(t, s, false, Rec(t, `{"kind":"video","title":{"en":"c"}}`))
	if got[0] != "VID-000002" {
		t.Errorf("after a rolled-back import, next code %s, want VID-000002", got[0])
	}
	got = Put(t, s, false, Rec(t, `{"kind":"video","title":{"en":"d"}}`))
	if got[0] != "VID-000003" {
		t.Errorf("next code %s, want VID-000003", got[0])
	}
}

func testRevisions(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	Put(t, s, false, Rec(t, `{"kind":"document","code":"D1","title":{"en":"First"},"type":"report"}`))
	Put(t, s, true, Rec(t, `{"kind":"document","code":"D1","title":{"en":"Second"},"type":"report","date":"2017-10"}`))
	Put(t, s, true, Rec(t, `{"kind":"document","code":"D1","title":{"en":"Second"},"type":"report","date":"2017-10"}`)) // no change
	revs, err := s.Revisions(ctx, "D1")
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 {
		t.Fatalf("%d revisions, want 2 (an unchanged replace makes none)", len(revs))
	}
	if revs[0].Record.Title.EN != "First" || revs[1].Record.Title.EN != "Second" {
		t.Errorf("revision titles %q, %q", revs[0].Record.Title.EN, revs[1].Record.Title.EN)
	}
	if revs[1].N != 2 || revs[1].Author != "test" || revs[1].At.IsZero() {
		t.Errorf("revision 2 = n %d author %q at %v", revs[1].N, revs[1].Author, revs[1].At)
	}
	if !slices.Equal(revs[1].Changed, []string{"title", "date"}) {
		t.Errorf("changed %v, want [title date]", revs[1].Changed)
	}
	rec, info, err := s.Record(ctx, "D1", dhakira.Public)
	if err != nil || rec.Title.EN != "Second" || info.Revision != 2 {
		t.Errorf("current = %+v %+v %v", rec, info, err)
	}
	if _, _, err := s.Record(ctx, "nope", dhakira.Staff); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("missing record: %v, want not found", err)
	}
}

func testConflict(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	Put(t, s, false, Rec(t, `{"kind":"entity","code":"E1","title":{"en":"E"}}`))
	tx, _ := s.BeginImport(ctx, "test")
	defer tx.Rollback()
	if _, err := tx.Put(ctx, Rec(t, `{"kind":"entity","code":"E1","title":{"en":"again"}}`), false); dhakira.ErrorCode(err) != dhakira.ECONFLICT {
		t.Errorf("existing code without replace: %v, want conflict", err)
	}
	if _, err := tx.Put(ctx, Rec(t, `{"kind":"person","code":"E1","title":{"en":"P"}}`), true); err == nil {
		t.Error("a replace may not change the kind")
	}
}

func testRollback(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	tx, _ := s.BeginImport(ctx, "test")
	tx.Put(ctx, Rec(t, `{"kind":"diary","code":"X1","title":{"en":"x"}}`), false)
	tx.Rollback()
	if _, _, err := s.Record(ctx, "X1", dhakira.Staff); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("rolled-back record visible: %v", err)
	}
	if n, _ := s.CountKinds(ctx, dhakira.Staff); len(n) != 0 {
		t.Errorf("counts after rollback: %v", n)
	}
}

func gazetteer(t *testing.T, s dhakira.Store) {
	Put(t, s, false,
		Rec(t, `{"kind":"place","code":"SY04","type":"governorate","title":{"ar":"محافظة حمص","en":"Homs Governorate"}}`),
		Rec(t, `{"kind":"place","code":"SY0400","type":"district","title":{"en":"Homs"},"attrs":{"parent":"SY04"}}`),
		Rec(t, `{"kind":"place","code":"SY040000","type":"subdistrict","title":{"en":"Homs"},"attrs":{"parent":"SY0400"}}`),
		Rec(t, `{"kind":"place","code":"PLC-prison","type":"site","title":{"en":"Homs Central Prison"},"attrs":{"parent":"SY040000"}}`),
		Rec(t, `{"kind":"place","code":"SY02","type":"governorate","title":{"en":"Aleppo Governorate"}}`),
	)
}

func testPlaceSubtree(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	gazetteer(t, s)
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"D-prison","title":{"en":"in the prison"},"places":["PLC-prison"]}`),
		Rec(t, `{"kind":"document","code":"D-homs","title":{"en":"in Homs"},"places":["SY04"]}`),
		Rec(t, `{"kind":"document","code":"D-aleppo","title":{"en":"in Aleppo"},"places":["SY02","SY02"]}`),
	)
	got, n := list(t, s, dhakira.RecordFilter{Kind: dhakira.KindDocument, Place: "SY04"})
	if n != 2 || !slices.Equal(got, []string{"D-homs", "D-prison"}) {
		t.Errorf("documents in SY04: %v (%d), want D-homs, D-prison", got, n)
	}
	got, _ = list(t, s, dhakira.RecordFilter{Kind: dhakira.KindDocument, Place: "SY040000"})
	if !slices.Equal(got, []string{"D-prison"}) {
		t.Errorf("documents in SY040000: %v", got)
	}
	got, _ = list(t, s, dhakira.RecordFilter{Kind: dhakira.KindPlace, Place: "SY0400"})
	if !slices.Equal(got, []string{"PLC-prison", "SY0400", "SY040000"}) {
		t.Errorf("places in SY0400: %v", got)
	}
	path, err := s.PlacePath(ctx, "PLC-prison", dhakira.Public)
	if err != nil {
		t.Fatal(err)
	}
	if p := codesOf(path); !slices.Equal(p, []string{"SY04", "SY0400", "SY040000", "PLC-prison"}) {
		t.Errorf("place path %v", p)
	}
}

func testRelated(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"D1","title":{"en":"press release"},"links":[{"rel":"issued-by","to":"E1"},{"to":"P1","note":"quoted"},{"to":"P2"}]}`),
		Rec(t, `{"kind":"entity","code":"E1","title":{"en":"coalition"}}`),
		Rec(t, `{"kind":"person","code":"P1","title":{"en":"someone"}}`),
		Rec(t, `{"kind":"person","code":"P2","title":{"en":"draft person"},"status":"draft"}`),
	)
	rel, err := s.Related(ctx, "D1", dhakira.Public)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel) != 2 || rel[0].Code != "E1" || rel[0].Rel != dhakira.RelIssuedBy || rel[0].Inverse ||
		rel[1].Code != "P1" || rel[1].Note != "quoted" || rel[1].Rel != dhakira.RelRelated {
		t.Errorf("related of D1: %+v", rel)
	}
	rel, _ = s.Related(ctx, "D1", dhakira.Staff)
	if len(rel) != 3 {
		t.Errorf("staff sees %d related, want 3 with the draft", len(rel))
	}
	rel, _ = s.Related(ctx, "E1", dhakira.Public)
	if len(rel) != 1 || rel[0].Code != "D1" || !rel[0].Inverse || rel[0].Rel != dhakira.RelIssuedBy {
		t.Errorf("related of E1: %+v, want D1 issued-by inverse", rel)
	}
}

func testDrafts(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"PUB","title":{"en":"public"}}`),
		Rec(t, `{"kind":"document","code":"DRAFT","title":{"en":"secret"},"status":"draft"}`),
		Rec(t, `{"kind":"document","code":"WD","title":{"en":"withdrawn"},"status":"withdrawn"}`),
	)
	if _, _, err := s.Record(ctx, "DRAFT", dhakira.Public); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("draft visible to the public: %v", err)
	}
	if _, _, err := s.Record(ctx, "DRAFT", dhakira.Staff); err != nil {
		t.Errorf("draft hidden from staff: %v", err)
	}
	if got, n := list(t, s, dhakira.RecordFilter{}); n != 1 || got[0] != "PUB" {
		t.Errorf("public list %v", got)
	}
	if c, _ := s.CountKinds(ctx, dhakira.Public); c[dhakira.KindDocument] != 1 {
		t.Errorf("public count %v", c)
	}
	if c, _ := s.CountKinds(ctx, dhakira.Staff); c[dhakira.KindDocument] != 3 {
		t.Errorf("staff count %v", c)
	}
}

func testDates(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	Put(t, s, false,
		Rec(t, `{"kind":"diary","code":"A","title":{"en":"a"},"date":"2017-10-19"}`),
		Rec(t, `{"kind":"diary","code":"B","title":{"en":"b"},"date":"2017-10"}`),
		Rec(t, `{"kind":"diary","code":"C","title":{"en":"c"},"date":"2016"}`),
		Rec(t, `{"kind":"diary","code":"D","title":{"en":"d"},"date":"2016-12-30/2017-01-02"}`),
		Rec(t, `{"kind":"diary","code":"E","title":{"en":"e"}}`),
		Rec(t, `{"kind":"diary","code":"F","title":{"en":"f"},"date":"2017-10-21"}`),
	)
	got, _ := list(t, s, dhakira.RecordFilter{Sort: dhakira.SortDate})
	if !slices.Equal(got, []string{"C", "D", "B", "A", "F", "E"}) {
		t.Errorf("by date %v", got)
	}
	got, _ = list(t, s, dhakira.RecordFilter{Sort: dhakira.SortNewest})
	if !slices.Equal(got, []string{"F", "A", "B", "D", "C", "E"}) {
		t.Errorf("newest first %v", got)
	}
	got, _ = list(t, s, dhakira.RecordFilter{Year: 2017})
	if !slices.Equal(got, []string{"A", "B", "D", "F"}) {
		t.Errorf("year 2017 %v", got)
	}
	got, _ = list(t, s, dhakira.RecordFilter{Year: 2016})
	if !slices.Equal(got, []string{"C", "D"}) {
		t.Errorf("year 2016 %v", got)
	}
	got, _ = list(t, s, dhakira.RecordFilter{Day: 20170101})
	if !slices.Equal(got, []string{"D"}) {
		t.Errorf("day 2017-01-01 %v (a month or a year is not a day)", got)
	}
	prev, next, err := s.ChronicleNeighbours(ctx, 20171020, dhakira.Public)
	if err != nil || prev != 20171019 || next != 20171021 {
		t.Errorf("neighbours of 2017-10-20: %d %d %v", prev, next, err)
	}
	prev, next, _ = s.ChronicleNeighbours(ctx, 20171021, dhakira.Public)
	if prev != 20171019 || next != 0 {
		t.Errorf("neighbours of 2017-10-21: %d %d", prev, next)
	}
	page, n := list(t, s, dhakira.RecordFilter{Sort: dhakira.SortDate, Offset: 4, Limit: 4})
	if n != 6 || !slices.Equal(page, []string{"F", "E"}) {
		t.Errorf("second page %v of %d", page, n)
	}
}

func testCounts(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"A","title":{"en":"a"},"type":"report","reliability":"correct"}`),
		Rec(t, `{"kind":"document","code":"B","title":{"en":"b"},"type":"report"}`),
		Rec(t, `{"kind":"document","code":"C","title":{"en":"c"},"type":"letter"}`),
		Rec(t, `{"kind":"entity","code":"E","title":{"en":"e"},"type":"media"}`),
	)
	c, err := s.CountTypes(ctx, dhakira.KindDocument, dhakira.Public)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c, []dhakira.Count{{Value: "report", N: 2}, {Value: "letter", N: 1}}) {
		t.Errorf("types %v", c)
	}
	if got, _ := list(t, s, dhakira.RecordFilter{Type: "report", Reliability: dhakira.Correct}); !slices.Equal(got, []string{"A"}) {
		t.Errorf("report+correct %v", got)
	}
	kinds, err := s.KindsOf(ctx, []string{"A", "E", "missing"})
	if err != nil || len(kinds) != 2 || kinds["E"] != dhakira.KindEntity {
		t.Errorf("KindsOf %v %v", kinds, err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Error(err)
	}
}

func testChanges(t *testing.T, s dhakira.Store) {
	ctx := context.Background()
	if seq, err := s.LastChange(ctx); err != nil || seq != 0 {
		t.Fatalf("empty archive: last change %d %v", seq, err)
	}
	gazetteer(t, s)
	first, _ := s.LastChange(ctx)
	Put(t, s, false,
		Rec(t, `{"kind":"entity","code":"E1","title":{"en":"Coalition"},"attrs":{"aliases":[{"value":"SNC","lang":"en"},{"value":"الائتلاف","lang":"ar"}]}}`),
		Rec(t, `{"kind":"document","code":"D1","title":{"en":"d"},"links":[{"rel":"issued-by","to":"E1"}]}`),
		Rec(t, `{"kind":"document","code":"D2","title":{"en":"d"},"places":["PLC-prison"]}`),
		Rec(t, `{"kind":"document","code":"D3","title":{"en":"unrelated"},"places":["SY02"]}`),
	)
	Put(t, s, true, Rec(t, `{"kind":"entity","code":"E1","title":{"en":"Syrian Coalition"}}`))
	changes, err := s.Changes(ctx, first, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, c := range changes {
		got = append(got, fmt.Sprintf("%s/%d", c.Code, c.N))
		if i > 0 && c.Seq <= changes[i-1].Seq {
			t.Errorf("changes out of order: %+v", changes)
		}
	}
	if strings.Join(got, " ") != "E1/1 D1/1 D2/1 D3/1 E1/2" {
		t.Errorf("changes after %d: %v", first, got)
	}
	if last, _ := s.LastChange(ctx); last != changes[len(changes)-1].Seq {
		t.Errorf("last change %d, want %d", last, changes[len(changes)-1].Seq)
	}
	if more, _ := s.Changes(ctx, first, 2); len(more) != 2 {
		t.Errorf("limit 2 gave %d", len(more))
	}
	dep, err := s.Dependents(ctx, "E1", 100)
	if err != nil || strings.Join(dep, " ") != "D1" {
		t.Errorf("dependents of E1: %v %v", dep, err)
	}
	dep, _ = s.Dependents(ctx, "SY04", 100)
	if strings.Join(dep, " ") != "D2 PLC-prison SY0400 SY040000" {
		t.Errorf("dependents of SY04: %v", dep)
	}
	Put(t, s, true, Rec(t, `{"kind":"entity","code":"E1","title":{"en":"Coalition"},"attrs":{"aliases":[{"value":"SNC","lang":"en"},{"value":"الائتلاف","lang":"ar"}]}}`))
	rel, _ := s.Related(ctx, "D1", dhakira.Public)
	if len(rel) != 1 || strings.Join(rel[0].Aliases, "|") != "SNC|الائتلاف" {
		t.Errorf("aliases of a related record: %+v", rel)
	}
}
