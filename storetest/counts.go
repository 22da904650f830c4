package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dhakira/dhakira"
)

// testKeptCounts: the counts the store keeps with the data (by kind, type,
// grade and status; by place with every place inside it) agree with a
// recount of the records after random imports, edits, status changes
// (withdrawing and restoring), places moved under other places, places
// named before they exist, and a cycle of places cut.
func testKeptCounts(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	seed := uint64(rand.Int64())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	statuses := []string{"published", "published", "draft", "review", "withdrawn"}
	kinds := []dhakira.Kind{dhakira.KindDocument, dhakira.KindPerson, dhakira.KindEntity, dhakira.KindPlace}
	types := []string{"", "report", "letter", "list"}
	// Places have levels: a place's parent is one level up, or a code not
	// in the archive (yet), so the random tree has no cycle.
	placeCode := func() string { return fmt.Sprintf("P%d-%02d", rng.IntN(4), rng.IntN(12)) }
	level := func(code string) int { return int(code[1] - '0') }
	parentOf := func(code string) string {
		if l := level(code); l > 0 && rng.IntN(8) > 0 {
			return fmt.Sprintf("P%d-%02d", l-1, rng.IntN(12))
		}
		return ""
	}
	record := func(code string, k dhakira.Kind) *dhakira.Record {
		m := map[string]any{
			"kind": k, "code": code, "title": map[string]string{"en": code},
			"status":      statuses[rng.IntN(len(statuses))],
			"reliability": dhakira.Grades[rng.IntN(len(dhakira.Grades))],
		}
		if typ := types[rng.IntN(len(types))]; typ != "" && k != dhakira.KindPlace {
			m["type"] = typ
		} else if k == dhakira.KindPlace && rng.IntN(2) == 0 {
			m["type"] = "site"
		}
		var places []string
		for range rng.IntN(4) {
			places = append(places, placeCode())
		}
		if len(places) > 0 {
			m["places"] = places
		}
		if k == dhakira.KindPlace {
			if p := parentOf(code); p != "" {
				m["attrs"] = map[string]string{"parent": p}
			}
		}
		js, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return Rec(t, string(js))
	}
	newCode := func(k dhakira.Kind) string {
		if k == dhakira.KindPlace {
			return placeCode()
		}
		return fmt.Sprintf("%s-%d", k, rng.IntN(200))
	}
	existing := func() []string {
		var codes []string
		if err := s.Dump(ctx, "", dhakira.Staff, func(line []byte) error {
			var r struct{ Code string }
			if err := json.Unmarshal(line, &r); err != nil {
				return err
			}
			codes = append(codes, r.Code)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return codes
	}

	for round := range 4 {
		// An import of new records and of records replaced.
		var batch []*dhakira.Record
		seen := map[string]bool{}
		for range 40 + rng.IntN(40) {
			k := kinds[rng.IntN(len(kinds))]
			c := newCode(k)
			if seen[c] {
				continue
			}
			seen[c] = true
			if cur, _, err := s.Record(ctx, c, dhakira.Staff); err == nil {
				k = cur.Kind
			}
			batch = append(batch, record(c, k))
		}
		Put(t, s, true, batch...)
		checkKeptCounts(t, s, fmt.Sprintf("after import %d", round))

		// Edits, status changes and places moved, one record at a time.
		codes := existing()
		for range 30 {
			c := codes[rng.IntN(len(codes))]
			cur, info, err := s.Record(ctx, c, dhakira.Staff)
			if err != nil {
				t.Fatal(err)
			}
			next := record(c, cur.Kind)
			switch rng.IntN(3) {
			case 0: // only the status: withdrawn, restored, drafted
				next = cur
				next.Status = dhakira.Status(statuses[rng.IntN(len(statuses))])
			case 1: // the same record, its places or parent moved
				next.Status, next.Type, next.Reliability = cur.Status, cur.Type, cur.Reliability
			}
			save(t, s, next, info.Revision, "test", "")
		}
		checkKeptCounts(t, s, fmt.Sprintf("after edits %d", round))
	}

	// A cycle of places, then cut: the counts still agree.
	cyc := func(code, parent string) *dhakira.Record {
		return Rec(t, `{"kind":"place","code":"`+code+`","title":{"en":"c"},"attrs":{"parent":"`+parent+`"}}`)
	}
	Put(t, s, true, cyc("CYC-A", "CYC-B"), cyc("CYC-B", "CYC-A"), cyc("CYC-C", "CYC-B"),
		Rec(t, `{"kind":"document","code":"CYC-D","title":{"en":"d"},"places":["CYC-C"]}`))
	checkKeptCounts(t, s, "with a cycle of places")
	_, info, err := s.Record(ctx, "CYC-A", dhakira.Staff)
	if err != nil {
		t.Fatal(err)
	}
	save(t, s, cyc("CYC-A", "P0-01"), info.Revision, "test", "")
	checkKeptCounts(t, s, "with a cycle of places cut")
}

// checkKeptCounts compares the store's counts with a recount of its
// records by the rules of the filters: a place holds the records placed in
// it or in any place inside it (following parents of places), and the
// places inside it.
func checkKeptCounts(t *testing.T, s dhakira.Store, when string) {
	t.Helper()
	ctx := context.Background()
	type rec struct {
		code, parent, typ string
		kind              dhakira.Kind
		status            dhakira.Status
		grade             dhakira.Reliability
		places            []string
	}
	var recs []rec
	if err := s.Dump(ctx, "", dhakira.Staff, func(line []byte) error {
		r, err := dhakira.DecodeRecord(line)
		if err != nil {
			return err
		}
		recs = append(recs, rec{r.Code, r.Parent(), r.Type, r.Kind, r.Status, r.Reliability, r.Places})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	children := map[string][]string{}
	placeCodes := map[string]bool{}
	for _, r := range recs {
		if r.kind == dhakira.KindPlace {
			placeCodes[r.code] = true
			if r.parent != "" {
				children[r.parent] = append(children[r.parent], r.code)
			}
		}
	}
	subtree := func(p string) map[string]bool {
		in := map[string]bool{p: true}
		for todo := []string{p}; len(todo) > 0; {
			c := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			for _, ch := range children[c] {
				if !in[ch] {
					in[ch] = true
					todo = append(todo, ch)
				}
			}
		}
		return in
	}
	audiences := []dhakira.RecordFilter{
		{Audience: dhakira.Public},
		{Audience: dhakira.Staff},
		{Audience: dhakira.Staff, Status: dhakira.Draft},
		{Audience: dhakira.Staff, Status: dhakira.Withdrawn},
	}
	matches := func(f dhakira.RecordFilter, r rec, sub map[string]bool) bool {
		if !f.Audience.Sees(r.status) || f.Status != "" && r.status != f.Status ||
			f.Kind != "" && r.kind != f.Kind || f.Type != "" && r.typ != f.Type || f.Reliability != "" && r.grade != f.Reliability {
			return false
		}
		if sub == nil || sub[r.code] {
			return true
		}
		return slices.ContainsFunc(r.places, func(p string) bool { return sub[p] })
	}
	var filters []dhakira.RecordFilter
	for _, a := range audiences {
		for _, k := range append([]dhakira.Kind{""}, dhakira.Kinds...) {
			f := a
			f.Kind = k
			filters = append(filters, f)
			for _, typ := range []string{"report", "list", "site"} {
				f := f
				f.Type = typ
				filters = append(filters, f)
			}
			g := f
			g.Reliability = dhakira.Correct
			filters = append(filters, g)
			for p := range placeCodes {
				f := f
				f.Place = p
				filters = append(filters, f)
			}
			f.Place = "P1-99" // not in the archive
			filters = append(filters, f)
		}
	}
	bad := 0
	for i, f := range filters {
		var sub map[string]bool
		if f.Place != "" {
			sub = subtree(f.Place)
		}
		want := 0
		var wantCodes []string
		for _, r := range recs {
			if matches(f, r, sub) {
				want++
				wantCodes = append(wantCodes, r.code)
			}
		}
		f.Limit = 1
		_, got, err := s.Records(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if got != want && bad < 10 {
			bad++
			t.Errorf("%s: %+v counts %d, a recount %d", when, f, got, want)
		}
		if f.Place == "" || f.Kind == "" {
			continue
		}
		// The list itself, in each order.
		for _, so := range []dhakira.Sort{[]dhakira.Sort{dhakira.SortCode, dhakira.SortNewest, dhakira.SortLatest}[i%3]} {
			f.Limit, f.Sort = 1000, so
			l, _, err := s.Records(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			codes := codesOf(l)
			slices.Sort(codes)
			slices.Sort(wantCodes)
			if !slices.Equal(codes, wantCodes) && bad < 10 {
				bad++
				t.Errorf("%s: %+v lists %v, want %v", when, f, codes, wantCodes)
			}
		}
	}
	// Each place's children, as its page lists them.
	for p := range placeCodes {
		for _, a := range []dhakira.Audience{dhakira.Public, dhakira.Staff} {
			var want []string
			for _, r := range recs {
				if r.kind == dhakira.KindPlace && r.parent == p && a.Sees(r.status) {
					want = append(want, r.code)
				}
			}
			slices.Sort(want)
			got, err := s.Children(ctx, p, dhakira.KindPlace, a, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(codesOf(got), want) && bad < 10 {
				bad++
				t.Errorf("%s: children of %s (staff %v) %v, want %v", when, p, a == dhakira.Staff, codesOf(got), want)
			}
		}
	}
	for _, a := range []dhakira.Audience{dhakira.Public, dhakira.Staff} {
		kinds, err := s.CountKinds(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		want := map[dhakira.Kind]int{}
		types := map[dhakira.Kind]map[string]int{}
		for _, r := range recs {
			if a.Sees(r.status) {
				want[r.kind]++
				if r.typ != "" {
					if types[r.kind] == nil {
						types[r.kind] = map[string]int{}
					}
					types[r.kind][r.typ]++
				}
			}
		}
		if fmt.Sprint(kinds) != fmt.Sprint(want) {
			t.Errorf("%s: kinds %v, a recount %v", when, kinds, want)
		}
		for _, k := range dhakira.Kinds {
			got, err := s.CountTypes(ctx, k, a)
			if err != nil {
				t.Fatal(err)
			}
			var wantTypes []dhakira.Count
			for v, n := range types[k] {
				wantTypes = append(wantTypes, dhakira.Count{Value: v, N: n})
			}
			slices.SortFunc(wantTypes, func(x, y dhakira.Count) int {
				if x.N != y.N {
					return y.N - x.N
				}
				if x.Value < y.Value {
					return -1
				}
				return 1
			})
			if !slices.Equal(got, wantTypes) {
				t.Errorf("%s: types of %s %v, a recount %v", when, k, got, wantTypes)
			}
		}
	}
}
