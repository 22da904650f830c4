package storetest

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/dhakira/dhakira"
)

// testChildren: a record's children are the records of the kind asked
// whose parent it is, in code order, those the audience may see (never a
// draft for the public), not their own children; they follow a place
// moved elsewhere. A list asked for past its end gives the total alone.
func testChildren(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	gazetteer(t, s)
	Put(t, s, false,
		Rec(t, `{"kind":"place","code":"SY040001","type":"subdistrict","title":{"en":"Second"},"attrs":{"parent":"SY0400"}}`),
		Rec(t, `{"kind":"place","code":"PLC-draft","type":"site","title":{"en":"draft site"},"status":"draft","attrs":{"parent":"SY0400"}}`),
		Rec(t, `{"kind":"place","code":"PLC-gone","type":"site","title":{"en":"withdrawn site"},"status":"withdrawn","attrs":{"parent":"SY0400"}}`),
		Rec(t, `{"kind":"document","code":"D-homs","title":{"en":"in Homs"},"places":["SY0400"]}`),
		Rec(t, `{"kind":"entity","code":"ENT-1","title":{"en":"ministry"}}`),
		Rec(t, `{"kind":"entity","code":"ENT-2","title":{"en":"branch"},"attrs":{"parent":"ENT-1"}}`),
	)
	children := func(code string, k dhakira.Kind, a dhakira.Audience, limit int) []string {
		t.Helper()
		l, err := s.Children(ctx, code, k, a, limit)
		if err != nil {
			t.Fatal(err)
		}
		return codesOf(l)
	}
	for _, c := range []struct {
		code  string
		kind  dhakira.Kind
		a     dhakira.Audience
		limit int
		want  []string
	}{
		{"SY0400", dhakira.KindPlace, dhakira.Public, 0, []string{"SY040000", "SY040001"}},
		{"SY0400", dhakira.KindPlace, dhakira.Staff, 0, []string{"PLC-draft", "PLC-gone", "SY040000", "SY040001"}},
		{"SY0400", dhakira.KindPlace, dhakira.Staff, 2, []string{"PLC-draft", "PLC-gone"}},
		{"SY04", dhakira.KindPlace, dhakira.Public, 0, []string{"SY0400"}},
		{"SY040000", dhakira.KindPlace, dhakira.Public, 0, []string{"PLC-prison"}},
		{"PLC-prison", dhakira.KindPlace, dhakira.Public, 0, nil},
		{"SY0400", dhakira.KindEntity, dhakira.Staff, 0, nil},
		{"ENT-1", dhakira.KindEntity, dhakira.Public, 0, []string{"ENT-2"}},
		{"ENT-1", dhakira.KindPlace, dhakira.Public, 0, nil},
		{"", dhakira.KindPlace, dhakira.Staff, 0, nil},
		{"P1-99", dhakira.KindPlace, dhakira.Staff, 0, nil},
	} {
		if got := children(c.code, c.kind, c.a, c.limit); !slices.Equal(got, c.want) {
			t.Errorf("%s's children of kind %s, staff %v (limit %d): %v, want %v", c.code, c.kind, c.a == dhakira.Staff, c.limit, got, c.want)
		}
	}

	// SY040000 moves to Aleppo; the draft site is published.
	Put(t, s, true,
		Rec(t, `{"kind":"place","code":"SY040000","type":"subdistrict","title":{"en":"Homs"},"attrs":{"parent":"SY02"}}`),
		Rec(t, `{"kind":"place","code":"PLC-draft","type":"site","title":{"en":"draft site"},"attrs":{"parent":"SY0400"}}`),
	)
	if got := children("SY0400", dhakira.KindPlace, dhakira.Public, 0); !slices.Equal(got, []string{"PLC-draft", "SY040001"}) {
		t.Errorf("SY0400's children after the move: %v", got)
	}
	if got := children("SY02", dhakira.KindPlace, dhakira.Public, 0); !slices.Equal(got, []string{"SY040000"}) {
		t.Errorf("SY02's children after the move: %v", got)
	}

	// The total alone: no record, the same count as a page of the list.
	for _, f := range []dhakira.RecordFilter{
		{Kind: dhakira.KindPlace, Place: "SY04"},
		{Kind: dhakira.KindDocument, Place: "SY04"},
		{Kind: dhakira.KindPlace, Place: "SY0400", Audience: dhakira.Staff},
		{Kind: dhakira.KindEntity},
	} {
		_, want := list(t, s, f)
		f.Offset = math.MaxInt32
		if got, n := list(t, s, f); len(got) != 0 || n != want || want == 0 {
			t.Errorf("%+v: %v and %d, want no record and %d (not 0)", f, got, n, want)
		}
	}
}
