package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/dhakira/dhakira"
)

// testListing: the pieces of a walk in code order join up to every
// published record exactly once, byte order, never a draft; marks end
// pieces of n records; the newly published are ordered by when they became
// public, not by when they were created or last edited.
func testListing(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"DOC-2","title":{"en":"two"}}`),
		Rec(t, `{"kind":"document","code":"DOC-1","title":{"en":"one"}}`),
		Rec(t, `{"kind":"person","code":"PER-1","title":{"ar":"شخص"}}`),
		Rec(t, `{"kind":"document","code":"DOC-D","title":{"en":"draft"},"status":"draft"}`),
		Rec(t, `{"kind":"document","code":"DOC-R","title":{"en":"review"},"status":"review"}`),
		Rec(t, `{"kind":"document","code":"DOC-W","title":{"en":"withdrawn"},"status":"withdrawn"}`),
		Rec(t, `{"kind":"place","code":"SY04","type":"governorate","title":{"en":"Homs"}}`),
		Rec(t, `{"kind":"place","code":"a-lower","type":"site","title":{"en":"lower case sorts after upper case"}}`),
		Rec(t, `{"kind":"entity","code":"ENT-1","title":{"en":"e"}}`),
	)
	want := []string{"DOC-1", "DOC-2", "ENT-1", "PER-1", "SY04", "a-lower"}

	// Pieces of 2 from the start, each after the last code of the one before.
	var got []string
	for after, n := "", 0; n < 10; n++ {
		piece, err := s.PublishedAfter(ctx, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(piece) > 2 {
			t.Fatalf("piece of %d records, limit 2", len(piece))
		}
		if len(piece) == 0 {
			break
		}
		for _, sum := range piece {
			if sum.Status != dhakira.Published {
				t.Errorf("%s is %s", sum.Code, sum.Status)
			}
			if sum.Updated.IsZero() || sum.Title.Get("en") == "" && sum.Title.Get("ar") == "" {
				t.Errorf("%s: summary without its time or title: %+v", sum.Code, sum)
			}
		}
		got = append(got, codesOf(piece)...)
		after = piece[len(piece)-1].Code
	}
	if !slices.Equal(got, want) {
		t.Errorf("walk in pieces %v, want %v", got, want)
	}
	if piece, _ := s.PublishedAfter(ctx, "DOC-D", 100); !slices.Equal(codesOf(piece), want[2:]) {
		t.Errorf("after a draft's code: %v", codesOf(piece))
	}
	if piece, _ := s.PublishedAfter(ctx, "a-lower", 100); len(piece) != 0 {
		t.Errorf("after the last code: %v", codesOf(piece))
	}
	for n, marks := range map[int][]string{1: want, 2: {"DOC-2", "PER-1", "a-lower"}, 4: {"PER-1"}, 6: {"a-lower"}, 7: nil} {
		got, err := s.PublishedMarks(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, marks) {
			t.Errorf("marks every %d: %v, want %v", n, got, marks)
		}
	}

	// Newly published. The import above published six records at once
	// (newest revision first among equals); then, one by one: DOC-D is
	// published, DOC-1 is edited (still published: not newly published),
	// DOC-W is published again, DOC-2 is withdrawn.
	Put(t, s, true, Rec(t, `{"kind":"document","code":"DOC-D","title":{"en":"draft, now published"}}`))
	Put(t, s, true, Rec(t, `{"kind":"document","code":"DOC-1","title":{"en":"one, edited"}}`))
	Put(t, s, true, Rec(t, `{"kind":"document","code":"DOC-W","title":{"en":"withdrawn, published again"}}`))
	Put(t, s, true, Rec(t, `{"kind":"document","code":"DOC-2","title":{"en":"two"},"status":"withdrawn"}`))
	recent, err := s.RecentlyPublished(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, p := range recent {
		codes = append(codes, p.Code)
	}
	if want := []string{"DOC-W", "DOC-D", "ENT-1", "a-lower", "SY04", "PER-1", "DOC-1"}; !slices.Equal(codes, want) {
		t.Errorf("recently published %v, want %v", codes, want)
	}
	for _, p := range recent {
		revs, err := s.Revisions(ctx, p.Code)
		if err != nil {
			t.Fatal(err)
		}
		// The revision that published it: the last one changing the status.
		var at = revs[0].At
		for _, r := range revs {
			if slices.Contains(r.Changed, "status") {
				at = r.At
			}
		}
		if !p.Published.Equal(at) {
			t.Errorf("%s published %v, want %v (its revisions: %+v)", p.Code, p.Published, at, revs)
		}
		if p.Updated.Before(p.Published) {
			t.Errorf("%s updated %v before it was published %v", p.Code, p.Updated, p.Published)
		}
		if p.Code == "DOC-1" && p.Title.Get("en") != "one, edited" {
			t.Errorf("DOC-1 listed with its old title %q", p.Title.Get("en"))
		}
	}
	docs, _ := s.RecentlyPublished(ctx, dhakira.KindDocument, 2)
	if len(docs) != 2 || docs[0].Code != "DOC-W" || docs[1].Code != "DOC-D" {
		t.Errorf("two newly published documents: %+v", docs)
	}
	if places, _ := s.RecentlyPublished(ctx, dhakira.KindVideo, 10); len(places) != 0 {
		t.Errorf("videos: %+v", places)
	}
}
