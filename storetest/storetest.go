// Package storetest is the behaviour every dhakira.BackOfficeStore must
// have, written once and run against each engine (SQLite now, PostgreSQL
// later).
package storetest

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
)

// Run runs the suite; open returns a new, empty store for each subtest.
func Run(t *testing.T, open func(t *testing.T) dhakira.BackOfficeStore) {
	tests := []struct {
		name string
		fn   func(*testing.T, dhakira.BackOfficeStore)
	}{
		{"Codes", testCodes},
		{"CodesNeverReused", testCodesNeverReused},
		{"Revisions", testRevisions},
		{"Conflict", testConflict},
		{"Rollback", testRollback},
		{"ImportWaits", testImportWaits},
		{"PlaceSubtree", testPlaceSubtree},
		{"Children", testChildren},
		{"Related", testRelated},
		{"RelatedNewestFirst", testRelatedNewestFirst},
		{"DumpLinked", testDumpLinked},
		{"Drafts", testDrafts},
		{"Dates", testDates},
		{"Counts", testCounts},
		{"KeptCounts", testKeptCounts},
		{"Changes", testChanges},
		{"LargeImport", testLargeImport},
		{"ImportInvisible", func(t *testing.T, s dhakira.BackOfficeStore) { ImportInvisible(t, s, nil) }},
		{"ChangesCommitOrder", testChangesCommitOrder},
		{"SaveRecord", testSaveRecord},
		{"SaveRecordRefusals", testSaveRecordRefusals},
		{"SaveRecordRace", testSaveRecordRace},
		{"Dashboard", testDashboard},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
		{"Feedback", testFeedback},
		{"Audit", testAudit},
		{"Events", testEvents},
		{"HarvestSnapshot", testHarvestSnapshot},
		{"HarvestSets", testHarvestSets},
		{"HarvestTimes", testHarvestTimes},
		{"Listing", testListing},
		{"Files", testFiles},
		{"Jobs", testJobs},
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

func testCodes(t *testing.T, s dhakira.BackOfficeStore) {
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

func testCodesNeverReused(t *testing.T, s dhakira.BackOfficeStore) {
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

func testRevisions(t *testing.T, s dhakira.BackOfficeStore) {
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

func testConflict(t *testing.T, s dhakira.BackOfficeStore) {
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

func testRollback(t *testing.T, s dhakira.BackOfficeStore) {
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

func testPlaceSubtree(t *testing.T, s dhakira.BackOfficeStore) {
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

func testRelated(t *testing.T, s dhakira.BackOfficeStore) {
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

// testRelatedNewestFirst: the records linking to one come newest first
// (undated last), whichever way a record's date or links are written: an
// import, a save, an import replacing it.
func testRelatedNewestFirst(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	inbound := func(want string) {
		t.Helper()
		rel, err := s.Related(ctx, "E1", dhakira.Public)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rel {
			got = append(got, r.Code)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("records linking to E1: %v, want %s", got, want)
		}
	}
	Put(t, s, false,
		Rec(t, `{"kind":"entity","code":"E1","title":{"en":"coalition"}}`),
		Rec(t, `{"kind":"document","code":"D1","date":"2010","title":{"en":"one"},"links":[{"rel":"issued-by","to":"E1"}]}`),
		Rec(t, `{"kind":"document","code":"D2","date":"2015-03","title":{"en":"two"},"links":[{"rel":"issued-by","to":"E1"}]}`),
		Rec(t, `{"kind":"document","code":"D3","title":{"en":"three"},"links":[{"rel":"issued-by","to":"E1"}]}`),
		Rec(t, `{"kind":"document","code":"D4","date":"2012","title":{"en":"four"}}`),
	)
	inbound("D2 D1 D3")
	Put(t, s, true, Rec(t, `{"kind":"document","code":"D1","date":"2020","title":{"en":"one"},"links":[{"rel":"issued-by","to":"E1"}]}`))
	inbound("D1 D2 D3")
	rec, info, err := s.Record(ctx, "D3", dhakira.Staff)
	if err != nil {
		t.Fatal(err)
	}
	rec.Date = "2016"
	save(t, s, rec, info.Revision, "alice@example.org", "dated")
	inbound("D1 D3 D2")
	rec, info, err = s.Record(ctx, "D4", dhakira.Staff)
	if err != nil {
		t.Fatal(err)
	}
	rec.Links = []dhakira.Link{{Rel: dhakira.RelIssuedBy, To: "E1"}}
	save(t, s, rec, info.Revision, "alice@example.org", "linked")
	inbound("D1 D3 D2 D4")
}

// testDumpLinked: DumpLinked gives every record the audience may see, in
// code order, with what Related gives of the records it links to: those
// the audience may see, in the order of its links, with their titles and
// aliases.
func testDumpLinked(t *testing.T, s dhakira.BackOfficeStore) {
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"D1","title":{"en":"press release"},"links":[{"rel":"issued-by","to":"E1"},{"to":"P1","note":"quoted"},{"to":"P2"},{"to":"A0"}]}`),
		Rec(t, `{"kind":"entity","code":"E1","title":{"en":"coalition","ar":"الائتلاف"},"attrs":{"aliases":[{"value":"SNC","lang":"en"},{"value":"الائتلاف الوطني","lang":"ar"}]},"links":[{"to":"D1"}]}`),
		Rec(t, `{"kind":"person","code":"P1","title":{"en":"someone"}}`),
		Rec(t, `{"kind":"person","code":"P2","title":{"en":"draft person"},"status":"draft","links":[{"to":"E1"}]}`),
		Rec(t, `{"kind":"person","code":"A0","title":{"ar":"أحد"},"links":[{"to":"P1"},{"to":"P1"},{"to":"P2"}]}`),
		Rec(t, `{"kind":"document","code":"Z9","title":{"en":"last"},"links":[{"to":"A0"}]}`),
	)
	checkDumpLinked(t, s, dhakira.Public, 5)
	checkDumpLinked(t, s, dhakira.Staff, 6)
}

// checkDumpLinked compares DumpLinked with Dump and Related.
func checkDumpLinked(t *testing.T, s dhakira.Store, a dhakira.Audience, want int) {
	t.Helper()
	ctx := context.Background()
	var dumped [][]byte
	if err := s.Dump(ctx, "", a, func(line []byte) error { dumped = append(dumped, line); return nil }); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := s.DumpLinked(ctx, a, func(line []byte, linked []dhakira.LinkedName) error {
		if n >= len(dumped) || string(line) != string(dumped[n]) {
			return fmt.Errorf("record %d: %s, Dump gave another", n, line)
		}
		n++
		r, err := dhakira.DecodeRecord(line)
		if err != nil {
			return err
		}
		rel, err := s.Related(ctx, r.Code, a)
		if err != nil {
			return err
		}
		var want []dhakira.LinkedName
		for _, x := range rel {
			if !x.Inverse {
				want = append(want, dhakira.LinkedName{Code: x.Code, Title: x.Title, Aliases: x.Aliases})
			}
		}
		if fmt.Sprint(linked) != fmt.Sprint(want) {
			return fmt.Errorf("%s links to %+v, Related says %+v", r.Code, linked, want)
		}
		return nil
	})
	if err != nil || n != want || n != len(dumped) {
		t.Errorf("DumpLinked: %d records (%v), want %d", n, err, want)
	}
}

func testDrafts(t *testing.T, s dhakira.BackOfficeStore) {
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

func testDates(t *testing.T, s dhakira.BackOfficeStore) {
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

func testCounts(t *testing.T, s dhakira.BackOfficeStore) {
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

func testChanges(t *testing.T, s dhakira.BackOfficeStore) {
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

// testLargeImport: an import of more records than a store's batches and
// pages hold keeps them all, in order, with their places and links, a
// replacing import of the same records included.
func testLargeImport(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	gazetteer(t, s)
	const n = 2600
	recs := func(title string) []*dhakira.Record {
		var out []*dhakira.Record
		for i := range n {
			out = append(out, Rec(t, fmt.Sprintf(`{"kind":"document","code":"D%05d","title":{"en":"%s %d"},"places":["SY0400"],"links":[{"to":"SY02"},{"rel":"mentions","to":"D%05d","note":"n"}]}`, i, title, i, (i+1)%n)))
		}
		return out
	}
	before, _ := s.LastChange(ctx)
	Put(t, s, false, recs("first")...)
	Put(t, s, true, recs("second")...)
	changes, err := s.Changes(ctx, before, 3*n)
	if err != nil || len(changes) != 2*n || changes[0].Code != "D00000" || changes[n].Code != "D00000" || changes[n].N != 2 {
		t.Fatalf("%d changes (%v) after two imports of %d records, want %d in the order put", len(changes), err, n, 2*n)
	}
	var lines int
	prev := ""
	err = s.Dump(ctx, dhakira.KindDocument, dhakira.Public, func(line []byte) error {
		r, err := dhakira.DecodeRecord(line)
		if err != nil {
			return err
		}
		if r.Code <= prev || !strings.HasPrefix(r.Title.EN, "second ") {
			return fmt.Errorf("dumped %s %q after %s", r.Code, r.Title.EN, prev)
		}
		prev = r.Code
		lines++
		return nil
	})
	if err != nil || lines != n {
		t.Errorf("dump: %d records, %v; want %d", lines, err, n)
	}
	checkDumpLinked(t, s, dhakira.Public, n+5) // and the gazetteer's places
	if _, total := list(t, s, dhakira.RecordFilter{Kind: dhakira.KindDocument, Place: "SY04"}); total != n {
		t.Errorf("%d documents in SY04, want %d", total, n)
	}
	rel, err := s.Related(ctx, "D01300", dhakira.Public)
	if err != nil || len(rel) != 3 || rel[0].Code != "SY02" || rel[1].Code != "D01301" || rel[2].Code != "D01299" || !rel[2].Inverse {
		t.Errorf("related of D01300: %+v %v", rel, err)
	}
	if revs, err := s.Revisions(ctx, "D02599"); err != nil || len(revs) != 2 {
		t.Errorf("D02599 has %d revisions (%v), want 2", len(revs), err)
	}

	// One import cannot write a record twice (the import's check refuses
	// a code given twice before anything is written): the second is a
	// conflict, and the whole import is rolled back.
	tx, err := s.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Put(ctx, Rec(t, `{"kind":"person","code":"P1","title":{"en":"one"},"places":["SY02"]}`), true); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Put(ctx, Rec(t, `{"kind":"person","code":"P1","title":{"en":"two"},"places":["SY04"]}`), true); dhakira.ErrorCode(err) != dhakira.ECONFLICT {
		t.Errorf("P1 written twice in one import: %v, want a conflict", err)
	}
	tx.Rollback()
	if _, _, err := s.Record(ctx, "P1", dhakira.Staff); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("P1 after the import was rolled back: %v", err)
	}
}

// testChangesCommitOrder: a reader of the change feed that has seen a
// change never misses one committed after it, even by a transaction that
// began before it. A long import begins; a quick write commits meanwhile
// (where the engine lets two writers run at once) and a reader sees it;
// then the import commits, and the reader, asking after what it saw, must
// find the import's record. Seqs given as rows are written, not as their
// transactions commit, would hide it.
func testChangesCommitOrder(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	long, err := s.BeginImport(ctx, "long import")
	if err != nil {
		t.Fatal(err)
	}
	defer long.Rollback()
	if _, err := long.Put(ctx, Rec(t, `{"kind":"document","code":"LONG","title":{"en":"long"}}`), false); err != nil {
		t.Fatal(err)
	}
	quick := make(chan error, 1)
	go func() {
		_, _, err := s.SaveRecord(ctx, Rec(t, `{"kind":"document","code":"QUICK","title":{"en":"quick"}}`), 0, "alice@example.org", "")
		quick <- err
	}()
	select {
	case err := <-quick: // the engine runs writers side by side
		quick <- err
	case <-time.After(300 * time.Millisecond): // one writer at a time: the quick one waits
	}
	seen, err := s.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var last int64
	got := map[string]int{}
	for _, c := range seen {
		got[c.Code]++
		last = c.Seq
	}
	if err := long.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-quick; err != nil {
		t.Fatal(err)
	}
	more, err := s.Changes(ctx, last, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range more {
		got[c.Code]++
	}
	if !maps.Equal(got, map[string]int{"LONG": 1, "QUICK": 1}) {
		t.Errorf("a reader that saw %v, then asked after Seq %d, got %v: want each change once", seen, last, more)
	}
	if end, _ := s.LastChange(ctx); len(more) > 0 && end != more[len(more)-1].Seq || len(more) == 0 && end != last {
		t.Errorf("last change %d, want the Seq of the last change listed", end)
	}
}

// save calls SaveRecord, failing the test on an error.
func save(t *testing.T, s dhakira.BackOfficeStore, r *dhakira.Record, base int, author, note string) (string, int) {
	t.Helper()
	code, rev, err := s.SaveRecord(context.Background(), r, base, author, note)
	if err != nil {
		t.Fatalf("save %q on revision %d: %v", r.Code, base, err)
	}
	return code, rev
}

func testSaveRecord(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	// The editor's new records and the import's share one counter per kind.
	code, rev := save(t, s, Rec(t, `{"kind":"document","title":{"en":"first"}}`), 0, "alice@example.org", "")
	if code != "DOC-000001" || rev != 1 {
		t.Errorf("new record saved as %s revision %d, want DOC-000001 revision 1", code, rev)
	}
	if got := Put(t, s, false, Rec(t, `{"kind":"document","title":{"en":"imported"}}`)); got[0] != "DOC-000002" {
		t.Errorf("an import after a save assigned %s, want DOC-000002", got[0])
	}
	if code, _ = save(t, s, Rec(t, `{"kind":"document","title":{"en":"third"}}`), 0, "alice@example.org", ""); code != "DOC-000003" {
		t.Errorf("a save after an import assigned %s, want DOC-000003", code)
	}

	// A new record under the code it came with, then its next revisions.
	if code, rev = save(t, s, Rec(t, `{"kind":"person","code":"PER-x","title":{"en":"Someone"}}`), 0, "alice@example.org", "from the field notes"); code != "PER-x" || rev != 1 {
		t.Errorf("new record with a code saved as %s revision %d, want PER-x revision 1", code, rev)
	}
	if _, rev = save(t, s, Rec(t, `{"kind":"person","code":"PER-x","title":{"en":"Someone else"}}`), 1, "bob@example.org", "name corrected"); rev != 2 {
		t.Errorf("second save made revision %d, want 2", rev)
	}
	third := `{"kind":"person","code":"PER-x","title":{"en":"Someone else"},"type":"writer"}`
	if _, rev = save(t, s, Rec(t, third), 2, "alice@example.org", ""); rev != 3 {
		t.Errorf("third save made revision %d, want 3", rev)
	}

	// Saving what is already there writes nothing.
	last, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if code, rev = save(t, s, Rec(t, third), 3, "carol@example.org", "nothing new"); code != "PER-x" || rev != 3 {
		t.Errorf("unchanged save gave %s revision %d, want PER-x revision 3", code, rev)
	}
	if seq, _ := s.LastChange(ctx); seq != last {
		t.Errorf("an unchanged save made a change: last change %d, was %d", seq, last)
	}

	rec, info, err := s.Record(ctx, "PER-x", dhakira.Staff)
	if err != nil || info.Revision != 3 || rec.Title.EN != "Someone else" || rec.Type != "writer" {
		t.Errorf("PER-x now: %+v %+v %v, want revision 3 with title and type saved", rec, info, err)
	}
	revs, err := s.Revisions(ctx, "PER-x")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range revs {
		got = append(got, fmt.Sprintf("%d %s %q", r.N, r.Author, r.Note))
	}
	want := []string{`1 alice@example.org "from the field notes"`, `2 bob@example.org "name corrected"`, `3 alice@example.org ""`}
	if !slices.Equal(got, want) {
		t.Errorf("revisions of PER-x: %q, want %q", got, want)
	}

	r2, err := s.Revision(ctx, "PER-x", 2)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Code != "PER-x" || r2.N != 2 || r2.Author != "bob@example.org" || r2.Note != "name corrected" || r2.At.IsZero() ||
		!slices.Equal(r2.Changed, []string{"title"}) || r2.Record == nil || r2.Record.Title.EN != "Someone else" || r2.Record.Type != "" {
		t.Errorf("revision 2 of PER-x: %+v (record %+v)", r2, r2.Record)
	}
	if r1, err := s.Revision(ctx, "PER-x", 1); err != nil || r1.Record.Title.EN != "Someone" {
		t.Errorf("revision 1 of PER-x: %+v %v, want the first title", r1, err)
	}
	for _, c := range []struct {
		code string
		n    int
	}{{"PER-x", 4}, {"PER-x", 0}, {"nope", 1}} {
		if _, err := s.Revision(ctx, c.code, c.n); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			t.Errorf("revision %d of %s: %v, want not found", c.n, c.code, err)
		}
	}

	recent, err := s.RecentRevisions(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, r := range recent {
		got = append(got, fmt.Sprintf("%s/%d %s %q", r.Code, r.N, r.Author, r.Note))
		if r.Record != nil || r.At.IsZero() {
			t.Errorf("recent revision %s/%d: record %v, at %v; want no record, a time", r.Code, r.N, r.Record, r.At)
		}
	}
	want = []string{`PER-x/3 alice@example.org ""`, `PER-x/2 bob@example.org "name corrected"`, `PER-x/1 alice@example.org "from the field notes"`}
	if !slices.Equal(got, want) {
		t.Errorf("recent revisions: %q, want %q", got, want)
	}
	if len(recent) > 0 && !slices.Equal(recent[0].Changed, []string{"type"}) {
		t.Errorf("newest revision changed %v, want [type]", recent[0].Changed)
	}
	if all, _ := s.RecentRevisions(ctx, 0); len(all) != 6 || all[5].Code != "DOC-000001" {
		t.Errorf("recent revisions with no limit: %d, want all 6 ending with DOC-000001", len(all))
	}

	// Lists show who changed each record last; an unchanged save is no change.
	sums, _, err := s.Records(ctx, dhakira.RecordFilter{Audience: dhakira.Staff, Sort: dhakira.SortCode})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]string{}
	for _, sum := range sums {
		by[sum.Code] = sum.UpdatedBy
	}
	wantBy := map[string]string{"DOC-000001": "alice@example.org", "DOC-000002": "test", "DOC-000003": "alice@example.org", "PER-x": "alice@example.org"}
	if !maps.Equal(by, wantBy) {
		t.Errorf("updated by %v, want %v", by, wantBy)
	}
}

var numbers = regexp.MustCompile(`\d+`)

func testSaveRecordRefusals(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	save(t, s, Rec(t, `{"kind":"person","code":"PER-x","title":{"en":"Someone"}}`), 0, "alice@example.org", "")
	save(t, s, Rec(t, `{"kind":"person","code":"PER-x","title":{"en":"Someone else"}}`), 1, "alice@example.org", "")
	last, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}

	_, _, err = s.SaveRecord(ctx, Rec(t, `{"kind":"person","code":"PER-x","title":{"en":"Overwritten"}}`), 1, "bob@example.org", "")
	if dhakira.ErrorCode(err) != dhakira.ESTALE {
		t.Errorf("save on revision 1 of a record at 2: %v, want stale", err)
	} else if nums := numbers.FindAllString(err.Error(), -1); !slices.Contains(nums, "1") || !slices.Contains(nums, "2") {
		t.Errorf("stale error %q does not name revisions 1 and 2", err)
	}
	for _, base := range []int{0, 3} {
		if _, _, err := s.SaveRecord(ctx, Rec(t, `{"kind":"person","code":"PER-x","title":{"en":"Overwritten"}}`), base, "bob@example.org", ""); dhakira.ErrorCode(err) != dhakira.ESTALE {
			t.Errorf("save on revision %d of a record at 2: %v, want stale", base, err)
		}
	}
	if _, _, err := s.SaveRecord(ctx, Rec(t, `{"kind":"entity","code":"PER-x","title":{"en":"Someone else"}}`), 2, "bob@example.org", ""); dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("changing the kind: %v, want invalid", err)
	}
	if _, _, err := s.SaveRecord(ctx, Rec(t, `{"kind":"person","code":"PER-gone","title":{"en":"Ghost"}}`), 3, "bob@example.org", ""); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("save on revision 3 of a record not in the archive: %v, want not found", err)
	}
	if _, _, err := s.SaveRecord(ctx, Rec(t, `{"kind":"person","title":{"en":"No code"}}`), 1, "bob@example.org", ""); dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("save on revision 1 of a record without a code: %v, want invalid", err)
	}

	// Nothing of that was written.
	if seq, _ := s.LastChange(ctx); seq != last {
		t.Errorf("refused saves made changes: last change %d, was %d", seq, last)
	}
	if revs, err := s.Revisions(ctx, "PER-x"); err != nil || len(revs) != 2 {
		t.Errorf("PER-x has %d revisions (%v), want 2", len(revs), err)
	}
	if rec, info, err := s.Record(ctx, "PER-x", dhakira.Staff); err != nil || rec.Kind != dhakira.KindPerson || rec.Title.EN != "Someone else" || info.Revision != 2 {
		t.Errorf("PER-x after refused saves: %+v %+v %v", rec, info, err)
	}
	if _, _, err := s.Record(ctx, "PER-gone", dhakira.Staff); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("refused save created PER-gone: %v", err)
	}
	if code, _ := save(t, s, Rec(t, `{"kind":"person","title":{"en":"Numbered"}}`), 0, "bob@example.org", ""); code != "PER-000001" {
		t.Errorf("first assigned person code %s, want PER-000001 (a refused save takes none)", code)
	}
}

// testSaveRecordRace: editors saving the same revision at once, as on two
// nodes, make one next revision; every other save is told it is stale.
func testSaveRecordRace(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	save(t, s, Rec(t, `{"kind":"person","code":"PER-x","title":{"en":"Someone"}}`), 0, "alice@example.org", "")
	const editors = 6
	errs := make(chan error, editors)
	for i := range editors {
		go func() {
			_, _, err := s.SaveRecord(ctx, Rec(t, fmt.Sprintf(`{"kind":"person","code":"PER-x","title":{"en":"Edit %d"}}`, i)), 1, "bob@example.org", "")
			errs <- err
		}()
	}
	saved := 0
	for range editors {
		switch err := <-errs; {
		case err == nil:
			saved++
		case dhakira.ErrorCode(err) != dhakira.ESTALE:
			t.Errorf("a losing save: %v, want stale", err)
		}
	}
	if saved != 1 {
		t.Errorf("%d of %d saves on revision 1 succeeded, want 1", saved, editors)
	}
	if revs, err := s.Revisions(ctx, "PER-x"); err != nil || len(revs) != 2 {
		t.Errorf("PER-x has %d revisions (%v), want 2", len(revs), err)
	}

	// New records saved at once get codes of their own.
	codes := make(chan string, editors)
	for range editors {
		go func() {
			code, _, err := s.SaveRecord(ctx, Rec(t, `{"kind":"document","title":{"en":"new"}}`), 0, "carol@example.org", "")
			if err != nil {
				t.Errorf("a new record saved beside others: %v", err)
			}
			codes <- code
		}()
	}
	got := map[string]bool{}
	for range editors {
		got[<-codes] = true
	}
	if len(got) != editors || got[""] {
		t.Errorf("%d new records saved at once got codes %v", editors, slices.Sorted(maps.Keys(got)))
	}
}

func testDashboard(t *testing.T, s dhakira.BackOfficeStore) {
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"D1","title":{"en":"published"}}`),
		Rec(t, `{"kind":"document","code":"D2","title":{"en":"draft"},"status":"draft"}`),
		Rec(t, `{"kind":"document","code":"D4","title":{"en":"imported draft"},"status":"draft"}`),
	)
	save(t, s, Rec(t, `{"kind":"document","code":"D2","title":{"en":"draft, edited"},"status":"draft"}`), 1, "bob@example.org", "")
	save(t, s, Rec(t, `{"kind":"document","code":"D3","title":{"en":"for review"},"status":"review"}`), 0, "alice@example.org", "")
	save(t, s, Rec(t, `{"kind":"person","code":"P1","title":{"en":"alice's person"}}`), 0, "alice@example.org", "")

	staff, public := dhakira.Staff, dhakira.Public
	for _, c := range []struct {
		f    dhakira.RecordFilter
		want []string
	}{
		{dhakira.RecordFilter{Audience: staff, Status: dhakira.Draft}, []string{"D2", "D4"}},
		{dhakira.RecordFilter{Audience: staff, Status: dhakira.Review}, []string{"D3"}},
		{dhakira.RecordFilter{Audience: staff, Status: dhakira.Published}, []string{"D1", "P1"}},
		{dhakira.RecordFilter{Audience: staff, Author: "alice@example.org"}, []string{"D3", "P1"}},
		{dhakira.RecordFilter{Audience: staff, Author: "bob@example.org"}, []string{"D2"}},
		{dhakira.RecordFilter{Audience: staff, Author: "test"}, []string{"D1", "D4"}},
		{dhakira.RecordFilter{Audience: staff, Author: "alice@example.org", Status: dhakira.Review}, []string{"D3"}},
		{dhakira.RecordFilter{Audience: staff, Author: "alice@example.org", Kind: dhakira.KindPerson}, []string{"P1"}},
		{dhakira.RecordFilter{Audience: staff, Author: "bob@example.org", Status: dhakira.Review}, nil},
		{dhakira.RecordFilter{Audience: staff, Author: "nobody"}, nil},
		{dhakira.RecordFilter{Audience: staff, Sort: dhakira.SortUpdated}, []string{"P1", "D3", "D2", "D4", "D1"}},
		// The public sees published records only, whatever it asks for.
		{dhakira.RecordFilter{Audience: public, Status: dhakira.Draft}, []string{"D1", "P1"}},
		{dhakira.RecordFilter{Audience: public, Status: dhakira.Review, Author: "alice@example.org"}, []string{"D1", "P1"}},
		{dhakira.RecordFilter{Audience: public, Author: "bob@example.org"}, []string{"D1", "P1"}},
	} {
		if got, n := list(t, s, c.f); !slices.Equal(got, c.want) || n != len(c.want) {
			t.Errorf("%+v: %v (%d), want %v", c.f, got, n, c.want)
		}
	}
}

// user creates an account, failing the test on an error.
func user(t *testing.T, s dhakira.BackOfficeStore, email string, role dhakira.Role) *dhakira.User {
	t.Helper()
	u := &dhakira.User{Email: email, Name: strings.Split(email, "@")[0], Role: role}
	if err := s.CreateUser(context.Background(), u, "hash of "+email); err != nil {
		t.Fatal(err)
	}
	return u
}

func sameUser(a, b *dhakira.User) bool {
	return a.ID == b.ID && a.Email == b.Email && a.Name == b.Name && a.Role == b.Role && a.Disabled == b.Disabled && a.Created.Equal(b.Created)
}

func testUsers(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	before := time.Now().Add(-time.Minute)
	a := &dhakira.User{Email: "alice@example.org", Name: "Alice", Role: dhakira.Researcher}
	if err := s.CreateUser(ctx, a, "hash-a"); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Created.Before(before) || a.Created.After(time.Now().Add(time.Minute)) {
		t.Errorf("created user: id %d, created %v; want an id and the time now", a.ID, a.Created)
	}
	b := user(t, s, "bob@example.org", dhakira.Reviewer)
	if b.ID == a.ID {
		t.Errorf("two users with id %d", b.ID)
	}
	if err := s.CreateUser(ctx, &dhakira.User{Email: "alice@example.org", Name: "Other", Role: dhakira.Admin}, "x"); dhakira.ErrorCode(err) != dhakira.ECONFLICT {
		t.Errorf("second account for alice@example.org: %v, want conflict", err)
	}

	got, hash, err := s.UserByEmail(ctx, "alice@example.org")
	if err != nil || hash != "hash-a" || !sameUser(got, a) {
		t.Errorf("alice by e-mail: %+v %q %v, want %+v and hash-a", got, hash, err, a)
	}
	for _, email := range []string{"Alice@example.org", "nobody@example.org", ""} {
		if _, _, err := s.UserByEmail(ctx, email); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			t.Errorf("user by e-mail %q: %v, want not found", email, err)
		}
	}
	if got, err := s.UserByID(ctx, b.ID); err != nil || !sameUser(got, b) {
		t.Errorf("bob by id: %+v %v, want %+v", got, err, b)
	}
	if _, err := s.UserByID(ctx, a.ID+b.ID+100); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("missing user by id: %v, want not found", err)
	}

	// UpdateUser saves the name, the role and the disabled flag, not the e-mail.
	a.Name, a.Role, a.Disabled, a.Email = "Alice A.", dhakira.Admin, true, "changed@example.org"
	if err := s.UpdateUser(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err = s.UserByID(ctx, a.ID)
	if err != nil || got.Name != "Alice A." || got.Role != dhakira.Admin || !got.Disabled || got.Email != "alice@example.org" {
		t.Errorf("alice after update: %+v %v", got, err)
	}
	if err := s.UpdateUser(ctx, &dhakira.User{ID: a.ID + b.ID + 100, Role: dhakira.Admin}); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("updating a missing user: %v, want not found", err)
	}

	if err := s.SetPasswordHash(ctx, a.ID, "hash-a2"); err != nil {
		t.Fatal(err)
	}
	if _, hash, _ := s.UserByEmail(ctx, "alice@example.org"); hash != "hash-a2" {
		t.Errorf("alice's hash %q after the change, want hash-a2", hash)
	}
	if _, hash, _ := s.UserByEmail(ctx, "bob@example.org"); hash != "hash of bob@example.org" {
		t.Errorf("bob's hash %q changed with alice's", hash)
	}
	if err := s.SetPasswordHash(ctx, a.ID+b.ID+100, "x"); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("password of a missing user: %v, want not found", err)
	}

	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(users, func(x, y dhakira.User) int { return strings.Compare(x.Email, y.Email) })
	if len(users) != 2 || users[0].Email != "alice@example.org" || !users[0].Disabled || users[0].Role != dhakira.Admin || !sameUser(&users[1], b) {
		t.Errorf("users: %+v", users)
	}
}

func testSessions(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	a, b := user(t, s, "alice@example.org", dhakira.Researcher), user(t, s, "bob@example.org", dhakira.Reviewer)
	now := time.Now().UTC().Truncate(time.Second)
	expires := now.Add(time.Hour)
	valid := func(hash string, at time.Time, want *dhakira.User) {
		t.Helper()
		u, err := s.SessionUser(ctx, hash, at)
		if err != nil || !sameUser(u, want) {
			t.Errorf("session %s at %v: %+v %v, want %s", hash, at, u, err, want.Email)
		}
	}
	ended := func(hash string, at time.Time) {
		t.Helper()
		if u, err := s.SessionUser(ctx, hash, at); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			t.Errorf("session %s at %v: %+v %v, want not found", hash, at, u, err)
		}
	}
	for _, sess := range []struct {
		hash string
		user int64
	}{{"a1", a.ID}, {"a2", a.ID}, {"a3", a.ID}, {"b1", b.ID}} {
		if err := s.CreateSession(ctx, sess.hash, sess.user, expires); err != nil {
			t.Fatal(err)
		}
	}
	valid("a1", now, a)
	valid("a1", expires.Add(-time.Second), a)
	ended("a1", expires)
	ended("a1", expires.Add(time.Second))
	valid("a1", now, a) // asking after it expired ends nothing
	valid("b1", now, b)
	ended("nope", now)

	if err := s.DeleteSession(ctx, "a1"); err != nil {
		t.Fatal(err)
	}
	ended("a1", now)
	valid("a2", now, a)
	if err := s.DeleteSession(ctx, "a1"); err != nil {
		t.Errorf("ending an ended session: %v", err)
	}

	if err := s.DeleteSessions(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	ended("a2", now)
	ended("a3", now)
	valid("b1", now, b)

	b.Disabled = true
	if err := s.UpdateUser(ctx, b); err != nil {
		t.Fatal(err)
	}
	ended("b1", now)
	b.Disabled = false
	if err := s.UpdateUser(ctx, b); err != nil {
		t.Fatal(err)
	}
	valid("b1", now, b)
}

func testTokens(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	a, b := user(t, s, "alice@example.org", dhakira.Researcher), user(t, s, "bob@example.org", dhakira.Reviewer)
	ta := &dhakira.Token{UserID: a.ID, Name: "ci"}
	if err := s.CreateToken(ctx, ta, "th-a"); err != nil {
		t.Fatal(err)
	}
	tb := &dhakira.Token{UserID: b.ID, Name: "script"}
	if err := s.CreateToken(ctx, tb, "th-b"); err != nil {
		t.Fatal(err)
	}
	if ta.ID == 0 || ta.ID == tb.ID || ta.Created.IsZero() || !ta.LastUsed.IsZero() {
		t.Errorf("created tokens %+v and %+v: want ids, a time, never used", ta, tb)
	}
	if err := s.CreateToken(ctx, &dhakira.Token{UserID: b.ID, Name: "copy"}, "th-a"); dhakira.ErrorCode(err) != dhakira.ECONFLICT {
		t.Errorf("a second token with the same hash: %v, want conflict", err)
	}
	tokens := func(userID int64) []dhakira.Token {
		t.Helper()
		list, err := s.Tokens(ctx, userID)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	if l := tokens(a.ID); len(l) != 1 || l[0].ID != ta.ID || l[0].Name != "ci" || l[0].UserID != a.ID || !l[0].Created.Equal(ta.Created) || !l[0].LastUsed.IsZero() {
		t.Errorf("alice's tokens: %+v, want %+v", l, ta)
	}
	if l := tokens(b.ID); len(l) != 1 || l[0].ID != tb.ID {
		t.Errorf("bob's tokens: %+v, want %+v", l, tb)
	}
	if l := tokens(0); len(l) != 2 {
		t.Errorf("every token: %+v, want 2", l)
	}

	now := time.Now().UTC().Truncate(time.Second)
	for _, at := range []time.Time{now, now.Add(time.Hour)} {
		u, tok, err := s.TokenUser(ctx, "th-a", at)
		if err != nil || !sameUser(u, a) || tok.ID != ta.ID || tok.Name != "ci" || tok.UserID != a.ID || !tok.LastUsed.Equal(at) {
			t.Errorf("token th-a at %v: %+v %+v %v, want alice's token used then", at, u, tok, err)
		}
		if l := tokens(a.ID); len(l) != 1 || !l[0].LastUsed.Equal(at) {
			t.Errorf("alice's tokens after a use at %v: %+v", at, l)
		}
	}
	if _, _, err := s.TokenUser(ctx, "nope", now); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("unknown token: %v, want not found", err)
	}

	b.Disabled = true
	if err := s.UpdateUser(ctx, b); err != nil {
		t.Fatal(err)
	}
	if u, _, err := s.TokenUser(ctx, "th-b", now); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("token of a disabled user: %+v %v, want not found", u, err)
	}
	if l := tokens(b.ID); len(l) != 1 || !l[0].LastUsed.IsZero() {
		t.Errorf("a refused token noted as used: %+v", l)
	}

	if err := s.DeleteToken(ctx, ta.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.TokenUser(ctx, "th-a", now); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("deleted token: %v, want not found", err)
	}
	if l := tokens(0); len(l) != 1 || l[0].ID != tb.ID {
		t.Errorf("tokens after deleting alice's: %+v, want bob's", l)
	}
	if err := s.DeleteToken(ctx, ta.ID); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("deleting a deleted token: %v, want not found", err)
	}
}

func testFeedback(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	counts := func() map[dhakira.FeedbackStatus]int {
		t.Helper()
		c, err := s.CountFeedback(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := counts(); len(c) != 0 {
		t.Errorf("counts with no corrections: %v", c)
	}
	f1 := &dhakira.Feedback{Code: "DOC-1", Lang: "ar", Message: "التاريخ خطأ", Name: "قارئ", Email: "reader@example.org"}
	f2 := &dhakira.Feedback{Code: "DOC-2", Lang: "en", Message: "typo in the title"}
	f3 := &dhakira.Feedback{Code: "DOC-1", Lang: "en", Message: "another source", Status: dhakira.FeedbackAccepted}
	for _, f := range []*dhakira.Feedback{f1, f2, f3} {
		if err := s.AddFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
		if f.ID == 0 || f.Status != dhakira.FeedbackNew || f.Created.IsZero() {
			t.Errorf("added correction %+v: want an id, status new, a time", f)
		}
	}
	if c, want := counts(), map[dhakira.FeedbackStatus]int{dhakira.FeedbackNew: 3}; !maps.Equal(c, want) {
		t.Errorf("counts %v, want %v", c, want)
	}
	got, err := s.FeedbackByID(ctx, f1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != f1.ID || got.Code != "DOC-1" || got.Lang != "ar" || got.Message != f1.Message || got.Name != f1.Name || got.Email != f1.Email ||
		got.Status != dhakira.FeedbackNew || got.Revision != 0 || got.Reply != "" || !got.Created.Equal(f1.Created) {
		t.Errorf("correction %d: %+v, want %+v", f1.ID, got, f1)
	}
	if _, err := s.FeedbackByID(ctx, f1.ID+f2.ID+f3.ID+100); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("missing correction: %v, want not found", err)
	}

	// Moderation saves the status, the revision and the reply, nothing else.
	f1.Status, f1.Revision, f1.Reply, f1.Message = dhakira.FeedbackAccepted, 2, "date fixed", "tampered"
	if err := s.UpdateFeedback(ctx, f1); err != nil {
		t.Fatal(err)
	}
	got, err = s.FeedbackByID(ctx, f1.ID)
	if err != nil || got.Status != dhakira.FeedbackAccepted || got.Revision != 2 || got.Reply != "date fixed" || got.Message != "التاريخ خطأ" ||
		got.Updated.Before(got.Created) || got.Updated.IsZero() {
		t.Errorf("correction after moderation: %+v %v", got, err)
	}
	f2.Status = dhakira.FeedbackDismissed
	if err := s.UpdateFeedback(ctx, f2); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateFeedback(ctx, &dhakira.Feedback{ID: f1.ID + f2.ID + f3.ID + 100, Status: dhakira.FeedbackDismissed}); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("moderating a missing correction: %v, want not found", err)
	}

	for _, c := range []struct {
		f    dhakira.FeedbackFilter
		want []int64
	}{
		{dhakira.FeedbackFilter{}, []int64{f3.ID, f2.ID, f1.ID}},
		{dhakira.FeedbackFilter{Status: dhakira.FeedbackNew}, []int64{f3.ID}},
		{dhakira.FeedbackFilter{Status: dhakira.FeedbackAccepted}, []int64{f1.ID}},
		{dhakira.FeedbackFilter{Status: dhakira.FeedbackDismissed}, []int64{f2.ID}},
		{dhakira.FeedbackFilter{Code: "DOC-1"}, []int64{f3.ID, f1.ID}},
		{dhakira.FeedbackFilter{Code: "DOC-1", Status: dhakira.FeedbackAccepted}, []int64{f1.ID}},
		{dhakira.FeedbackFilter{Code: "DOC-3"}, nil},
		{dhakira.FeedbackFilter{Limit: 2}, []int64{f3.ID, f2.ID}},
	} {
		list, err := s.FeedbackList(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, f := range list {
			ids = append(ids, f.ID)
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("corrections %+v: %v, want %v", c.f, ids, c.want)
		}
	}
	want := map[dhakira.FeedbackStatus]int{dhakira.FeedbackNew: 1, dhakira.FeedbackAccepted: 1, dhakira.FeedbackDismissed: 1}
	if c := counts(); !maps.Equal(c, want) {
		t.Errorf("counts %v, want %v", c, want)
	}
}

func testAudit(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	before := time.Now().Add(-time.Minute)
	at := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	entries := []*dhakira.AuditEntry{
		{Actor: "alice@example.org", Action: "record.save", Target: "DOC-000001", Detail: "title, date"},
		{At: at, Actor: "cli", Action: "user.add", Target: "bob@example.org"}, // older than the entry before it
		{Actor: "public", Action: "feedback.add", Target: "1", Detail: "التاريخ خطأ"},
	}
	for i, e := range entries {
		if err := s.AddAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
		if e.ID == 0 || i > 0 && e.ID <= entries[i-1].ID {
			t.Errorf("entry %d has id %d after %d", i, e.ID, entries[max(i-1, 0)].ID)
		}
	}
	if e := entries[0]; e.At.Before(before) || e.At.After(time.Now().Add(time.Minute)) {
		t.Errorf("entry without a time got %v, want now", e.At)
	}
	if e := entries[1]; !e.At.Equal(at) {
		t.Errorf("entry with a time got %v, want %v", e.At, at)
	}
	log := func(after int64, limit int) []string {
		t.Helper()
		list, err := s.AuditLog(ctx, after, limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range list {
			out = append(out, fmt.Sprintf("%d %s %s %s %s %q", e.ID, e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Target, e.Detail))
		}
		return out
	}
	var want []string
	for _, e := range entries {
		want = append(want, fmt.Sprintf("%d %s %s %s %s %q", e.ID, e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Target, e.Detail))
	}
	if got := log(0, 10); !slices.Equal(got, want) {
		t.Errorf("audit log:\n%s\nwant, in the order written:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := log(entries[0].ID, 10); !slices.Equal(got, want[1:]) {
		t.Errorf("audit log after %d: %q, want %q", entries[0].ID, got, want[1:])
	}
	if got := log(entries[0].ID, 1); !slices.Equal(got, want[1:2]) {
		t.Errorf("audit log after %d, limit 1: %q, want %q", entries[0].ID, got, want[1:2])
	}
	if got := log(entries[2].ID, 10); len(got) != 0 {
		t.Errorf("audit log after the last entry: %q", got)
	}
}

func testEvents(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	count := func(key string, since time.Time) int {
		t.Helper()
		n, err := s.CountEvents(ctx, key, since)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, e := range []struct {
		key string
		at  time.Duration
	}{{"login:a", -20 * time.Minute}, {"login:a", -10 * time.Minute}, {"login:a", -time.Minute}, {"login:a", 0}, {"login:b", -time.Minute}} {
		if err := s.AddEvent(ctx, e.key, now.Add(e.at)); err != nil {
			t.Fatal(err)
		}
	}
	if n := count("login:a", now.Add(-15*time.Minute)); n != 3 {
		t.Errorf("events of login:a in the last 15 minutes: %d, want 3", n)
	}
	if n := count("login:a", now); n != 1 {
		t.Errorf("events of login:a since now: %d, want 1 (the one at now)", n)
	}
	if n := count("login:c", now.Add(-time.Hour)); n != 0 {
		t.Errorf("events of an unknown key: %d", n)
	}
	if err := s.ClearEvents(ctx, "login:a"); err != nil {
		t.Fatal(err)
	}
	if a, b := count("login:a", now.Add(-time.Hour)), count("login:b", now.Add(-time.Hour)); a != 0 || b != 1 {
		t.Errorf("after clearing login:a: %d events of it and %d of login:b, want 0 and 1", a, b)
	}
	// Events older than the horizon are forgotten.
	later := now.Add(dhakira.EventHorizon)
	if err := s.AddEvent(ctx, "login:c", later); err != nil {
		t.Fatal(err)
	}
	if n := count("login:b", time.Time{}); n != 0 {
		t.Errorf("an event older than the horizon is still counted: %d", n)
	}
}

// testImportWaits: one import runs at a time. A second BeginImport while
// one runs waits its turn, says so through dhakira.WithWaitNotice, and
// goes on once the first has committed, or rolled back.
func testImportWaits(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	for _, end := range []string{"commit", "rollback"} {
		first, err := s.BeginImport(ctx, "first")
		if err != nil {
			t.Fatal(err)
		}
		firstCode := "DOC-first-" + end
		if _, err := first.Put(ctx, Rec(t, `{"kind":"document","code":"`+firstCode+`","title":{"en":"first"}}`), false); err != nil {
			t.Fatal(err)
		}
		secondCode := "DOC-second-" + end
		told := make(chan string, 1)
		done := make(chan error, 1)
		go func() {
			second, err := s.BeginImport(dhakira.WithWaitNotice(ctx, func(msg string) { told <- msg }), "second")
			if err == nil {
				if _, err = second.Put(ctx, Rec(t, `{"kind":"document","code":"`+secondCode+`","title":{"en":"second"}}`), false); err == nil {
					err = second.Commit()
				} else {
					second.Rollback()
				}
			}
			done <- err
		}()
		select {
		case msg := <-told:
			if !strings.Contains(msg, "import") {
				t.Errorf("%s: the waiting import is told %q", end, msg)
			}
		case err := <-done:
			first.Rollback()
			t.Fatalf("%s: a second import began while the first ran (%v)", end, err)
		case <-time.After(10 * time.Second):
			first.Rollback()
			t.Fatalf("%s: the second import was not told that it waits", end)
		}
		select {
		case err := <-done:
			first.Rollback()
			t.Fatalf("%s: a second import began while the first ran, after its notice (%v)", end, err)
		case <-time.After(300 * time.Millisecond):
		}
		if end == "commit" {
			err = first.Commit()
		} else {
			err = first.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: the second import, once the first ended: %v", end, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: the second import still waits after the first's %s", end, end)
		}
		if _, _, err := s.Record(ctx, secondCode, dhakira.Staff); err != nil {
			t.Errorf("%s: the second import's record: %v", end, err)
		}
		_, _, err = s.Record(ctx, firstCode, dhakira.Staff)
		if end == "commit" && err != nil || end == "rollback" && dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			t.Errorf("after the first import's %s, its record: %v", end, err)
		}
	}
}
