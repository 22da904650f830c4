package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
)

// harvestAll pages through a whole harvest, limit records a page, and
// returns every item, failing the test on an error or a runaway cursor.
func harvestAll(t *testing.T, s dhakira.Store, q dhakira.HarvestQuery) []dhakira.HarvestItem {
	t.Helper()
	var all []dhakira.HarvestItem
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("a harvest that never ends")
		}
		items, next, err := s.Harvest(context.Background(), q)
		if err != nil {
			t.Fatalf("harvest %+v: %v", q, err)
		}
		if q.Limit > 0 && len(items) > q.Limit {
			t.Fatalf("a page of %d items, limit %d", len(items), q.Limit)
		}
		if next != "" && len(items) == 0 {
			t.Fatalf("an empty page with a next cursor %q", next)
		}
		all = append(all, items...)
		if next == "" {
			return all
		}
		q.After = next
	}
}

// itemCodes lists the codes of items, a deleted one marked with a "-".
func itemCodes(items []dhakira.HarvestItem) string {
	var out []string
	for _, it := range items {
		c := it.Code
		if it.Deleted {
			c = "-" + c
		}
		out = append(out, c)
	}
	return strings.Join(out, " ")
}

func itemByCode(items []dhakira.HarvestItem, code string) *dhakira.HarvestItem {
	for i := range items {
		if items[i].Code == code {
			return &items[i]
		}
	}
	return nil
}

// testHarvestSnapshot: a harvest lists the archive as it stood at its
// snapshot however it changes meanwhile; drafts never show, records
// published once and not any more are listed as deleted.
func testHarvestSnapshot(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	gazetteer(t, s)
	Put(t, s, false,
		Rec(t, `{"kind":"entity","code":"E1","title":{"en":"Coalition"}}`),
		Rec(t, `{"kind":"document","code":"D1","title":{"en":"public"},"places":["PLC-prison"],"links":[{"rel":"issued-by","to":"E1"}]}`),
		Rec(t, `{"kind":"document","code":"D2","title":{"en":"draft, published later"},"status":"draft"}`),
		Rec(t, `{"kind":"document","code":"D3","title":{"en":"withdrawn before it was ever public"},"status":"withdrawn"}`),
		Rec(t, `{"kind":"document","code":"D4","title":{"en":"published, then withdrawn"}}`),
		Rec(t, `{"kind":"document","code":"D5","title":{"en":"first version"}}`),
		Rec(t, `{"kind":"document","code":"D6","title":{"en":"withdrawn during the harvest"}}`),
		Rec(t, `{"kind":"document","code":"D8","title":{"en":"in review"},"status":"review"}`),
	)
	Put(t, s, true, Rec(t, `{"kind":"document","code":"D4","title":{"en":"published, then withdrawn"},"status":"withdrawn"}`))
	Put(t, s, true, Rec(t, `{"kind":"document","code":"D8","title":{"en":"in review, then a draft"},"status":"draft"}`))
	snap, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := "D1 -D4 D5 -D6 E1 PLC-prison SY02 SY04 SY0400 SY040000"
	first, next, err := s.Harvest(ctx, dhakira.HarvestQuery{Snapshot: snap, Limit: 3, Records: true})
	if err != nil || len(first) != 3 || next == "" {
		t.Fatalf("first page: %v, next %q, %v", itemCodes(first), next, err)
	}

	// The archive changes between the pages.
	Put(t, s, true, Rec(t, `{"kind":"document","code":"D5","title":{"en":"second version"}}`))
	Put(t, s, true, Rec(t, `{"kind":"document","code":"D6","title":{"en":"withdrawn during the harvest"},"status":"withdrawn"}`))
	Put(t, s, true, Rec(t, `{"kind":"document","code":"D2","title":{"en":"draft, published later"}}`))
	Put(t, s, false, Rec(t, `{"kind":"document","code":"D7","title":{"en":"new"}}`), Rec(t, `{"kind":"document","code":"D0","title":{"en":"new, before the cursor"}}`))

	rest := harvestAll(t, s, dhakira.HarvestQuery{Snapshot: snap, Limit: 3, After: next, Records: true})
	all := append(slices.Clone(first), rest...)
	if got := itemCodes(all); got != want {
		t.Errorf("harvest at the snapshot:\n got %s\nwant %s", got, want)
	}
	if d5 := itemByCode(all, "D5"); d5 == nil || d5.N != 1 || d5.Record == nil || d5.Record.Title.EN != "first version" {
		t.Errorf("D5, edited after the snapshot: %+v, want revision 1 as it was", d5)
	}
	// D6 was public at the snapshot but is withdrawn now: its content is
	// given to nobody any more.
	if d6 := itemByCode(all, "D6"); d6 == nil || !d6.Deleted || d6.Record != nil || d6.Places != nil {
		t.Errorf("D6, withdrawn after the snapshot: %+v, want deleted without content", d6)
	}
	if d1 := itemByCode(all, "D1"); d1 == nil || d1.Record == nil || !slices.Equal(d1.Places, []string{"PLC-prison"}) || d1.At.IsZero() || d1.Seq == 0 || d1.Seq > snap {
		t.Errorf("D1: %+v", d1)
	}
	if d4 := itemByCode(all, "D4"); d4 == nil || d4.N != 2 || d4.Record != nil {
		t.Errorf("D4: %+v, want its withdrawing revision 2 without content", d4)
	}

	// The next harvest sees the changes.
	now, _ := s.LastChange(ctx)
	all = harvestAll(t, s, dhakira.HarvestQuery{Snapshot: now, Limit: 4})
	if got := itemCodes(all); got != "D0 D1 D2 -D4 D5 -D6 D7 E1 PLC-prison SY02 SY04 SY0400 SY040000" {
		t.Errorf("harvest now: %s", got)
	}
	for _, it := range all {
		if it.Record != nil {
			t.Errorf("%s: record given without Records", it.Code)
		}
	}

	// One record.
	for _, c := range []struct {
		code string
		snap int64
		want string // "" not found, "deleted", or the English title
	}{
		{"D1", snap, "public"}, {"D2", snap, ""}, {"D2", now, "draft, published later"},
		{"D3", now, ""}, {"D8", now, ""}, {"D4", now, "deleted"}, {"D6", snap, "deleted"},
		{"D5", snap, "first version"}, {"D5", now, "second version"}, {"D7", snap, ""}, {"nope", now, ""},
	} {
		it, err := s.HarvestRecord(ctx, c.code, c.snap)
		got := ""
		switch {
		case dhakira.ErrorCode(err) == dhakira.ENOTFOUND:
		case err != nil:
			t.Fatal(err)
		case it.Deleted:
			got = "deleted"
			if it.Record != nil {
				t.Errorf("%s: deleted with its content", c.code)
			}
		case it.Record == nil:
			t.Errorf("%s: no content", c.code)
		default:
			got = it.Record.Title.EN
		}
		if got != c.want {
			t.Errorf("HarvestRecord(%s, %d) = %q, want %q", c.code, c.snap, got, c.want)
		}
	}
	if _, _, err := s.Harvest(ctx, dhakira.HarvestQuery{Snapshot: now, After: "garbage"}); dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("a cursor the store did not make: %v, want invalid", err)
	}
}

// testHarvestSets: a harvest of one kind, or of what is in a place, by the
// places records had at the snapshot.
func testHarvestSets(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	gazetteer(t, s)
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"A","title":{"en":"a"},"places":["PLC-prison"]}`),
		Rec(t, `{"kind":"document","code":"B","title":{"en":"b"},"places":["SY02"]}`),
		Rec(t, `{"kind":"diary","code":"C","title":{"en":"c"},"places":["SY0400","SY02"]}`),
		Rec(t, `{"kind":"document","code":"M","title":{"en":"moves out of Homs"},"places":["SY04"]}`),
		Rec(t, `{"kind":"document","code":"N","title":{"en":"moves into Homs"},"places":["SY02"]}`),
		Rec(t, `{"kind":"document","code":"DR","title":{"en":"draft"},"places":["SY04"],"status":"draft"}`),
	)
	snap, _ := s.LastChange(ctx)
	Put(t, s, true,
		Rec(t, `{"kind":"document","code":"M","title":{"en":"moves out of Homs"},"places":["SY02"]}`),
		Rec(t, `{"kind":"document","code":"N","title":{"en":"moves into Homs"},"places":["SY04"]}`),
	)
	now, _ := s.LastChange(ctx)
	for _, c := range []struct {
		q    dhakira.HarvestQuery
		want string
	}{
		{dhakira.HarvestQuery{Snapshot: snap, Place: "SY04"}, "A C M PLC-prison SY04 SY0400 SY040000"},
		{dhakira.HarvestQuery{Snapshot: now, Place: "SY04"}, "A C N PLC-prison SY04 SY0400 SY040000"},
		{dhakira.HarvestQuery{Snapshot: snap, Place: "SY02"}, "B C N SY02"},
		{dhakira.HarvestQuery{Snapshot: snap, Kind: dhakira.KindDocument}, "A B M N"},
		{dhakira.HarvestQuery{Snapshot: snap, Kind: dhakira.KindDocument, Place: "SY04"}, "A M"},
		{dhakira.HarvestQuery{Snapshot: snap, Kind: dhakira.KindPlace, Place: "SY0400"}, "PLC-prison SY0400 SY040000"},
		{dhakira.HarvestQuery{Snapshot: snap, Place: "nowhere"}, ""},
		{dhakira.HarvestQuery{Snapshot: snap, Kind: dhakira.KindVideo}, ""},
	} {
		for _, limit := range []int{1, 2, 100} {
			c.q.Limit = limit
			if got := itemCodes(harvestAll(t, s, c.q)); got != c.want {
				t.Errorf("kind %q place %q at %d, %d a page: %s, want %s", c.q.Kind, c.q.Place, c.q.Snapshot, limit, got, c.want)
			}
			// The same by time (a harvest with from=), in another order.
			byTime := c.q
			byTime.From = time.Unix(1, 0)
			codes := strings.Fields(itemCodes(harvestAll(t, s, byTime)))
			slices.Sort(codes)
			if got := strings.Join(codes, " "); got != c.want {
				t.Errorf("kind %q place %q at %d by time, %d a page: %s, want %s", c.q.Kind, c.q.Place, c.q.Snapshot, limit, got, c.want)
			}
		}
	}
	items := harvestAll(t, s, dhakira.HarvestQuery{Snapshot: snap})
	for code, want := range map[string]string{"A": "PLC-prison", "C": "SY02 SY0400", "M": "SY04", "SY04": ""} {
		it := itemByCode(items, code)
		got := strings.Join(it.Places, " ")
		if code == "C" {
			p := slices.Clone(it.Places)
			slices.Sort(p)
			got = strings.Join(p, " ")
		}
		if got != want {
			t.Errorf("places of %s at the snapshot: %q, want %q", code, got, want)
		}
	}
}

// testHarvestTimes: From and Before bound the time of each record's
// revision at the snapshot, and a harvest by time pages through records
// saved at the same instant without losing or repeating one.
func testHarvestTimes(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	if at, err := s.FirstChangeAt(ctx); err != nil || !at.IsZero() {
		t.Fatalf("first change of an empty archive: %v %v", at, err)
	}
	pause := func() { time.Sleep(3 * time.Millisecond) } // the store keeps microseconds
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"X1","title":{"en":"x1"}}`),
		Rec(t, `{"kind":"document","code":"X2","title":{"en":"x2"}}`),
		Rec(t, `{"kind":"document","code":"X3","title":{"en":"x3"}}`),
		Rec(t, `{"kind":"document","code":"X4","title":{"en":"x4"}}`),
		Rec(t, `{"kind":"document","code":"X5","title":{"en":"x5"},"status":"draft"}`),
	)
	pause()
	Put(t, s, false, Rec(t, `{"kind":"document","code":"Y1","title":{"en":"y1"}}`))
	pause()
	Put(t, s, true, Rec(t, `{"kind":"document","code":"X1","title":{"en":"x1, edited"}}`))
	pause()
	Put(t, s, true, Rec(t, `{"kind":"document","code":"X2","title":{"en":"x2"},"status":"withdrawn"}`))
	snap, _ := s.LastChange(ctx)
	pause()
	Put(t, s, true, Rec(t, `{"kind":"document","code":"X3","title":{"en":"x3, after the snapshot"}}`))

	all := harvestAll(t, s, dhakira.HarvestQuery{Snapshot: snap})
	at := map[string]time.Time{}
	for _, it := range all {
		at[it.Code] = it.At
	}
	t1, t2, t3, t4 := at["X4"], at["Y1"], at["X1"], at["X2"]
	if !(t1.Before(t2) && t2.Before(t3) && t3.Before(t4)) || !at["X3"].Equal(t1) {
		t.Fatalf("revision times %v", at)
	}
	if first, err := s.FirstChangeAt(ctx); err != nil || !first.Equal(t1) {
		t.Errorf("first change at %v %v, want %v", first, err, t1)
	}
	if next, err := s.NextChangeAt(ctx, snap); err != nil || next.Before(t4) {
		t.Errorf("next change after the snapshot at %v %v, want after %v", next, err, t4)
	}
	if next, err := s.NextChangeAt(ctx, snap+1); err != nil || !next.IsZero() {
		t.Errorf("next change after the last: %v %v, want none", next, err)
	}
	for _, c := range []struct {
		from, before time.Time
		want         string
	}{
		{t1, time.Time{}, "X3 X4 Y1 X1 -X2"}, // by time, then by change
		{t2, time.Time{}, "Y1 X1 -X2"},
		{time.Time{}, t2, "X3 X4"},
		{t2, t3, "Y1"},
		{t2, t2, ""},
		{t4.Add(time.Microsecond), time.Time{}, ""},
	} {
		for _, limit := range []int{1, 2, 10} {
			got := itemCodes(harvestAll(t, s, dhakira.HarvestQuery{Snapshot: snap, From: c.from, Before: c.before, Limit: limit}))
			if got != c.want {
				t.Errorf("from %v before %v, %d a page: %s, want %s", c.from, c.before, limit, got, c.want)
			}
		}
	}
	_, next, err := s.Harvest(ctx, dhakira.HarvestQuery{Snapshot: snap, Limit: 1})
	if err != nil || next == "" {
		t.Fatal(next, err)
	}
	if _, _, err := s.Harvest(ctx, dhakira.HarvestQuery{Snapshot: snap, From: t1, After: next}); dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("a cursor by code in a harvest by time: %v, want invalid", err)
	}
}
