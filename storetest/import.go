package storetest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
)

// ImportInvisible checks that an import written but not committed is seen
// by no door of the store: records by code for the public and the staff,
// lists and their totals (by kind, by place, newest), counts by kind and
// type, place paths, the dumps (exports, search's DumpLinked), the change
// feed and the records depending on a code (the page cache's), harvests
// (by snapshot, from/until, by place, the first and next change's time),
// links, revisions (a record's, the recent ones), the lists of the
// published (sitemaps, feeds), the chronicle's neighbours, KindsOf. The import brings new records (one a draft, one a place inside
// another, with links to records of the archive) and replaces one of the
// archive's (--update). Once committed, all of it is seen at once, its
// changes after every change seen before.
//
// atCommit, when not nil, has the store call the function it is given
// while the import's commit runs (an engine whose commit has steps a
// reader can be between): the doors must still show none of it then.
func ImportInvisible(t *testing.T, s dhakira.BackOfficeStore, atCommit func(check func())) {
	ctx := context.Background()
	gazetteer(t, s)
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"E1","title":{"en":"old"},"places":["SY0400"],"links":[{"to":"SY02"}]}`),
		Rec(t, `{"kind":"person","code":"E2","title":{"en":"person"}}`))
	start := time.Now().Add(-time.Hour)
	codes := []string{"E1", "E2", "PLC-new", "SY02", "SY04"}
	var recs []*dhakira.Record
	for i := range 40 {
		status := "published"
		if i == 7 {
			status = "draft"
		}
		code := fmt.Sprintf("N%03d", i)
		codes = append(codes, code)
		recs = append(recs, Rec(t, fmt.Sprintf(`{"kind":"document","code":"%s","status":"%s","type":"report","date":"2015-03-%02d","title":{"en":"new %d"},"places":["SY040000"],"links":[{"to":"E1"},{"rel":"mentions","to":"E2"}]}`, code, status, 1+i%28, i)))
	}
	recs = append(recs, Rec(t, `{"kind":"place","code":"PLC-new","type":"site","title":{"en":"new site"},"attrs":{"parent":"SY04"}}`))
	before := doors(t, s, codes, start)
	seen, _ := s.LastChange(ctx)

	tx, err := s.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, r := range recs {
		if _, err := tx.Put(ctx, r, false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Put(ctx, Rec(t, `{"kind":"document","code":"E1","date":"2016","title":{"en":"replaced"},"places":["SY02"],"links":[{"to":"N001"}]}`), true); err != nil {
		t.Fatal(err)
	}
	if d := diff(before, doors(t, s, codes, start)); d != "" {
		t.Errorf("an import written, not committed, is seen:\n%s", d)
	}
	checked := false
	if atCommit != nil {
		atCommit(func() {
			checked = true
			if d := diff(before, doors(t, s, codes, start)); d != "" {
				t.Errorf("an import being committed is seen:\n%s", d)
			}
		})
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if atCommit != nil && !checked {
		t.Error("the doors were not checked during the commit")
	}

	// Every door shows it once committed: the doors compared above do
	// show an import.
	changed := diff(before, doors(t, s, codes, start))
	for _, door := range []string{"record N001 0", "record E1 1", "related E2 0", "place path PLC-new 0", "list {Audience:0 Kind:document", "list {Audience:1 Kind:place",
		"kinds 0", "types 1", "dump 0", "dump linked 1", "last change", "changes", "revisions of E1", "recent revisions", "dependents of SY04",
		"published after", "recently published", "kinds of", "harvest {Snapshot"} {
		if !strings.Contains(changed, "was "+door) {
			t.Errorf("the door %q shows nothing of the committed import", door)
		}
	}
	// All of it at once, after what was seen.
	changes, err := s.Changes(ctx, seen, 1000)
	if err != nil || len(changes) != len(recs)+1 {
		t.Fatalf("%d changes after the commit (%v), want %d", len(changes), err, len(recs)+1)
	}
	if r, _, err := s.Record(ctx, "E1", dhakira.Public); err != nil || r.Title.EN != "replaced" {
		t.Errorf("E1 after the commit: %v %v", r, err)
	}
	if _, _, err := s.Record(ctx, "N007", dhakira.Public); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("the import's draft is public: %v", err)
	}
	if _, total := list(t, s, dhakira.RecordFilter{Kind: dhakira.KindDocument, Place: "SY04"}); total != 39 {
		t.Errorf("%d published documents in SY04 after the commit, want the import's 39", total)
	}
	if n, err := s.CountKinds(ctx, dhakira.Public); err != nil || n[dhakira.KindDocument] != 40 {
		t.Errorf("%d published documents counted after the commit (%v), want 40", n[dhakira.KindDocument], err)
	}
	if path, err := s.PlacePath(ctx, "PLC-new", dhakira.Public); err != nil || len(path) != 2 || path[0].Code != "SY04" {
		t.Errorf("the path of the imported place: %v %v", codesOf(path), err)
	}
	items := harvestAll(t, s, dhakira.HarvestQuery{Snapshot: changes[len(changes)-1].Seq, From: start})
	n := 0
	for _, it := range items {
		if it.Seq > seen && !it.Deleted {
			n++
		}
	}
	if n != len(recs) { // the draft is not harvested, E1 is
		t.Errorf("%d of the import's records harvested after the commit, want %d", n, len(recs))
	}
}

// doors describes what every door of s shows of the records codes and of
// the archive, one line each.
func doors(t *testing.T, s dhakira.BackOfficeStore, codes []string, from time.Time) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	line := func(door string, v ...any) { fmt.Fprintf(&b, "%s: %v\n", door, fmt.Sprint(v...)) }
	for _, a := range []dhakira.Audience{dhakira.Public, dhakira.Staff} {
		for _, code := range codes {
			if r, info, err := s.Record(ctx, code, a); err != nil {
				line(fmt.Sprintf("record %s %d", code, a), dhakira.ErrorCode(err))
			} else {
				line(fmt.Sprintf("record %s %d", code, a), r.Title.EN, " ", r.Places, " ", r.Links, " ", info.Revision)
			}
			rel, err := s.Related(ctx, code, a)
			var got []string
			for _, x := range rel {
				got = append(got, fmt.Sprint(x.Code, x.Inverse))
			}
			line(fmt.Sprintf("related %s %d", code, a), got, err)
			path, err := s.PlacePath(ctx, code, a)
			line(fmt.Sprintf("place path %s %d", code, a), codesOf(path), err)
		}
		for _, f := range []dhakira.RecordFilter{
			{Kind: dhakira.KindDocument}, {Kind: dhakira.KindDocument, Place: "SY04"}, {Kind: dhakira.KindDocument, Place: "SY02"},
			{Kind: dhakira.KindDocument, Sort: dhakira.SortLatest}, {Kind: dhakira.KindDocument, Sort: dhakira.SortNewest},
			{Kind: dhakira.KindPlace}, {Kind: dhakira.KindPlace, Place: "SY04"}, {Kind: dhakira.KindPerson},
		} {
			f.Audience = a
			l, n, err := s.Records(ctx, f)
			line(fmt.Sprintf("list %+v", f), codesOf(l), " ", n, " ", err)
		}
		kinds, err := s.CountKinds(ctx, a)
		line(fmt.Sprintf("kinds %d", a), kinds, err)
		types, err := s.CountTypes(ctx, dhakira.KindDocument, a)
		line(fmt.Sprintf("types %d", a), types, err)
		sum, lines := sha256.New(), 0
		err = s.Dump(ctx, "", a, func(l []byte) error { sum.Write(l); lines++; return nil })
		line(fmt.Sprintf("dump %d", a), lines, " ", fmt.Sprintf("%x", sum.Sum(nil)), " ", err)
		sum, lines = sha256.New(), 0
		err = s.DumpLinked(ctx, a, func(l []byte, linked []dhakira.LinkedName) error {
			sum.Write(l)
			fmt.Fprint(sum, linked)
			lines++
			return nil
		})
		line(fmt.Sprintf("dump linked %d", a), lines, " ", fmt.Sprintf("%x", sum.Sum(nil)), " ", err)
	}
	last, err := s.LastChange(ctx)
	line("last change", last, err)
	changes, err := s.Changes(ctx, 0, 10000)
	line("changes", changes, err)
	revs, err := s.Revisions(ctx, "E1")
	line("revisions of E1", len(revs), err)
	recent, err := s.RecentRevisions(ctx, 1000)
	var got []string
	for _, r := range recent {
		got = append(got, fmt.Sprint(r.Code, r.N))
	}
	line("recent revisions", got, err)
	for _, code := range []string{"E1", "E2", "SY04"} {
		deps, err := s.Dependents(ctx, code, 1000)
		line("dependents of "+code, deps, err)
	}
	after, err := s.PublishedAfter(ctx, "", 1000)
	line("published after", codesOf(after), err)
	marks, err := s.PublishedMarks(ctx, 5)
	line("published marks", marks, err)
	pubs, err := s.RecentlyPublished(ctx, dhakira.KindDocument, 100)
	line("recently published", len(pubs), err)
	prev, next, err := s.ChronicleNeighbours(ctx, 20150315, dhakira.Public)
	line("chronicle neighbours", prev, next, err)
	first, err := s.FirstChangeAt(ctx)
	line("first change at", first.UnixMicro(), err)
	nextAt, err := s.NextChangeAt(ctx, last)
	line("next change after the last", nextAt.UnixMicro(), err)
	kinds, err := s.KindsOf(ctx, codes)
	line("kinds of", kinds, err)
	for _, q := range []dhakira.HarvestQuery{
		{Snapshot: last}, {Snapshot: last, From: from}, {Snapshot: last, From: from, Before: from.Add(3 * time.Hour)},
		{Snapshot: last, Place: "SY04"}, {Snapshot: last, Kind: dhakira.KindDocument},
	} {
		var got []string
		for _, it := range harvestAll(t, s, q) {
			got = append(got, fmt.Sprint(it.Code, it.Seq, it.Deleted, it.At.UnixMicro()))
		}
		line(fmt.Sprintf("harvest %+v", q), got)
	}
	return b.String()
}

// diff lists the lines of got that are not those of want.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, "  was "+a+"\n  now "+b)
		}
	}
	return strings.Join(out, "\n")
}
