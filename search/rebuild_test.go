package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/storetest"
)

// TestRebuildDocuments: a rebuild makes each record's document from the
// store's DumpLinked (the line scanned, the linked records' names given
// with it) exactly as a catch-up makes it from the record and Related.
func TestRebuildDocuments(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"سجن", "الوثيقة", "Homs", "prison", "\"quoted\"", "مجزرة", "strike"}
	text := func(n int) string {
		var w []string
		for range n {
			w = append(w, words[rng.IntN(len(words))])
		}
		return strings.Join(w, " ")
	}
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	var recs []*dhakira.Record
	recs = append(recs,
		storetest.Rec(t, `{"kind":"place","code":"SY02","type":"governorate","title":{"ar":"محافظة حلب","en":"Aleppo Governorate"},"attrs":{"aliases":[{"value":"Halab","lang":"en"}]}}`),
		storetest.Rec(t, `{"kind":"place","code":"SY0200","type":"district","title":{"en":"Jebel Saman"},"attrs":{"parent":"SY02"}}`),
		storetest.Rec(t, `{"kind":"place","code":"SY020003","type":"subdistrict","title":{"ar":"الأتارب"},"status":"draft","attrs":{"parent":"SY0200"}}`),
		storetest.Rec(t, `{"kind":"place","code":"SY020004","type":"subdistrict","title":{"en":"Under a draft"},"attrs":{"parent":"SY020003"}}`),
	)
	const n = 300
	for i := range n {
		status := "published"
		if rng.IntN(8) == 0 {
			status = "draft"
		}
		var links []string
		for range rng.IntN(4) {
			if to := rng.IntN(n); to != i {
				links = append(links, fmt.Sprintf(`{"to":"R%03d"}`, to))
			}
		}
		places := []string{"SY02", "SY0200", "SY020003", "SY020004"}
		kind := []string{"document", "person", "entity", "testimony"}[rng.IntN(4)]
		extra := ""
		switch kind {
		case "person", "entity":
			extra = `,"attrs":{"aliases":[{"value":` + q(text(2)) + `},{"value":"Abu X","lang":"en"}]}`
		case "testimony":
			extra = `,"attrs":{"segments":[{"start":"0:00:00","title":{"en":` + q(text(2)) + `},"text":{"ar":` + q(text(5)) + `}}]}`
		}
		recs = append(recs, storetest.Rec(t, fmt.Sprintf(`{"kind":%q,"code":"R%03d","title":{"ar":%s,"en":%s},"text":{"en":%s},"date":"2013-0%d",
			"places":[%q],"links":[%s],"status":%q,"source":{"name":"src"}%s}`,
			kind, i, q(text(2)), q(text(1)), q(text(10)+"\n"+text(3)), 1+rng.IntN(9), places[rng.IntN(len(places))], strings.Join(links, ","), status, extra)))
	}
	storetest.Put(t, db, false, recs...)

	catchUp := newBuilder(db, nil, nil)
	rebuild := newBuilder(db, nil, nil)
	// A rebuild's places come from the list of places, but for a path
	// through a draft (SY020004's), which PlacePath walks.
	if err := rebuild.places.preload(ctx, db); err != nil {
		t.Fatal(err)
	}
	if len(rebuild.places.paths) != 2 {
		t.Errorf("preloaded the paths of %d places, want SY02's and SY0200's", len(rebuild.places.paths))
	}
	count, linking := 0, 0
	err = db.DumpLinked(ctx, dhakira.Public, func(line []byte, linked []dhakira.LinkedName) error {
		r, err := scanRecord(line)
		if err != nil {
			return err
		}
		got, err := rebuild.doc(ctx, r, linkedNames(r, linked))
		if err != nil {
			return err
		}
		want, err := catchUp.build(ctx, r.Code)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rebuilt %+v\ncaught up %+v", r.Code, got, want)
		}
		count++
		if len(linked) > 0 {
			linking++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	published, _ := db.CountKinds(ctx, dhakira.Public)
	total := 0
	for _, c := range published {
		total += c
	}
	if count != total || count < n/2 || linking < n/4 {
		t.Errorf("%d documents (%d linking), %d published records", count, linking, total)
	}
}

// TestRebuildManySegments: a rebuild whose segments fill, each then
// written by a goroutine of its own while its worker goes on, finds what
// a rebuild into one segment a worker finds, into an empty index and into
// one it replaces.
func TestRebuildManySegments(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(7, 8))
	text := func(n int) string {
		var w []string
		for range n {
			w = append(w, propWords[rng.IntN(len(propWords))])
		}
		return fmt.Sprintf("%q", strings.Join(w, " "))
	}
	var recs []*dhakira.Record
	for i := range 300 {
		recs = append(recs, storetest.Rec(t, fmt.Sprintf(`{"kind":%q,"code":"R%03d","title":{"en":%s},"text":{"ar":%s},"date":"201%d"}`,
			[]string{"document", "diary", "person"}[rng.IntN(3)], i, text(2), text(8), 1+rng.IntN(4))))
	}
	storetest.Put(t, db, false, recs...)

	build := func(size int) *Engine {
		was := rebuildFill
		rebuildFill = size
		defer func() { rebuildFill = was }()
		e, err := New(filepath.Join(t.TempDir(), "index"), db, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		for range 2 { // into an empty index, then over it
			if n, err := e.Rebuild(ctx, nil); err != nil || n != len(recs) {
				t.Fatalf("rebuild in segments of %d: %d records, %v", size, n, err)
			}
		}
		return e
	}
	small, one := build(7), build(1000)
	if n := len(small.ix.v.segs); n < 300/7 {
		t.Errorf("%d segments of at most 7 records", n)
	}
	for _, q := range append(slices.Clone(propWords), "", "prison -detainee", `"hunger strike"`) {
		a, err1 := small.Search(ctx, dhakira.SearchRequest{Q: q, Limit: 100})
		b, err2 := one.Search(ctx, dhakira.SearchRequest{Q: q, Limit: 100})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if a.Total != b.Total || fmt.Sprint(a.Facets) != fmt.Sprint(b.Facets) {
			t.Errorf("%q: in small segments %d %v, in one %d %v", q, a.Total, a.Facets, b.Total, b.Facets)
		}
	}
}
