package web

import (
	"context"

	"github.com/dhakira/dhakira"
)

// A kept page says what it depends on, so that a change drops only the
// pages it may have changed (pagecache.go: advance). A page is "wide"
// unless its handler says otherwise: it depends on every record (a list,
// a count, the home page), and any change drops it. A record's page (and
// its JSON) is "narrow": it has a subject, the record it is about, and
// names the records it read through the store while it was rendered —
// the record itself, the records it links to whatever their status (a
// draft published later would appear), the records linked with it that
// the public sees, the places of its paths, an entity's parent. A page
// that asked the store for a list or a count while being rendered (a
// place's page counts the records placed in it) is wide after all.
//
// What a narrow page cannot name is a record that will start linking to
// it: a change to a record drops, besides the pages naming it, the pages
// of the records it now links to.

// pageDeps is what a rendering read, in its pageNote.
type pageDeps struct {
	narrow  bool     // the handler said the page is about subject only
	subject string   // the record the page is about
	named   []string // the records read
	wide    bool     // a list or count was read: the page depends on every record
}

func notedDeps(ctx context.Context) *pageDeps {
	if n, ok := ctx.Value(pageNoteKey{}).(*pageNote); ok {
		return &n.deps
	}
	return nil
}

// aboutRecord says the page being rendered is code's: it depends on what
// it reads, not on every record.
func aboutRecord(ctx context.Context, code string) {
	if d := notedDeps(ctx); d != nil {
		d.narrow, d.subject = true, code
		d.named = append(d.named, code)
	}
}

func noteRecords(ctx context.Context, codes ...string) {
	if d := notedDeps(ctx); d != nil {
		d.named = append(d.named, codes...)
	}
}

func noteWide(ctx context.Context) {
	if d := notedDeps(ctx); d != nil {
		d.wide = true
	}
}

// noteRecord names rec and what its page shows of other records whatever
// their status now.
func noteRecord(ctx context.Context, rec *dhakira.Record) {
	d := notedDeps(ctx)
	if d == nil || rec == nil {
		return
	}
	d.named = append(d.named, rec.Code)
	for _, l := range rec.Links {
		d.named = append(d.named, l.To)
	}
	d.named = append(d.named, rec.Places...)
	if rec.Attrs.Parent != "" {
		d.named = append(d.named, rec.Attrs.Parent)
	}
}

// notingStore is the store as the site's handlers read it: each read
// notes, in the rendering's pageNote (when the page cache renders), what
// the page now depends on: reads of one record (its revision, links,
// place path) name the records read; reads of lists and counts make the
// page wide. What it does not override depends on no record's revision
// (a file's jobs, which dontKeep covers; the change feed; accounts).
type notingStore struct {
	dhakira.Store
}

func (s notingStore) Record(ctx context.Context, code string, a dhakira.Audience) (*dhakira.Record, *dhakira.RecordInfo, error) {
	noteRecords(ctx, code)
	rec, info, err := s.Store.Record(ctx, code, a)
	if err == nil {
		noteRecord(ctx, rec)
	}
	return rec, info, err
}

func (s notingStore) Related(ctx context.Context, code string, a dhakira.Audience) ([]dhakira.Related, error) {
	noteRecords(ctx, code)
	list, err := s.Store.Related(ctx, code, a)
	if d := notedDeps(ctx); d != nil {
		for _, rl := range list {
			d.named = append(d.named, rl.Code)
		}
	}
	return list, err
}

func (s notingStore) PlacePath(ctx context.Context, code string, a dhakira.Audience) ([]dhakira.Summary, error) {
	noteRecords(ctx, code)
	path, err := s.Store.PlacePath(ctx, code, a)
	if d := notedDeps(ctx); d != nil {
		for _, p := range path {
			d.named = append(d.named, p.Code, p.Parent)
		}
	}
	return path, err
}

// Children is a list: a place made inside this one changes the page.
func (s notingStore) Children(ctx context.Context, code string, k dhakira.Kind, a dhakira.Audience, limit int) ([]dhakira.Summary, error) {
	noteWide(ctx)
	return s.Store.Children(ctx, code, k, a, limit)
}

func (s notingStore) Revisions(ctx context.Context, code string) ([]dhakira.Revision, error) {
	noteRecords(ctx, code)
	return s.Store.Revisions(ctx, code)
}

func (s notingStore) Records(ctx context.Context, f dhakira.RecordFilter) ([]dhakira.Summary, int, error) {
	noteWide(ctx)
	return s.Store.Records(ctx, f)
}

func (s notingStore) CountKinds(ctx context.Context, a dhakira.Audience) (map[dhakira.Kind]int, error) {
	noteWide(ctx)
	return s.Store.CountKinds(ctx, a)
}

func (s notingStore) CountTypes(ctx context.Context, k dhakira.Kind, a dhakira.Audience) ([]dhakira.Count, error) {
	noteWide(ctx)
	return s.Store.CountTypes(ctx, k, a)
}

func (s notingStore) ChronicleNeighbours(ctx context.Context, day int, a dhakira.Audience) (int, int, error) {
	noteWide(ctx)
	return s.Store.ChronicleNeighbours(ctx, day, a)
}

func (s notingStore) KindsOf(ctx context.Context, codes []string) (map[string]dhakira.Kind, error) {
	noteWide(ctx)
	return s.Store.KindsOf(ctx, codes)
}

func (s notingStore) PublishedAfter(ctx context.Context, after string, limit int) ([]dhakira.Summary, error) {
	noteWide(ctx)
	return s.Store.PublishedAfter(ctx, after, limit)
}

func (s notingStore) PublishedMarks(ctx context.Context, n int) ([]string, error) {
	noteWide(ctx)
	return s.Store.PublishedMarks(ctx, n)
}

func (s notingStore) RecentlyPublished(ctx context.Context, k dhakira.Kind, limit int) ([]dhakira.Publication, error) {
	noteWide(ctx)
	return s.Store.RecentlyPublished(ctx, k, limit)
}

func (s notingStore) Dump(ctx context.Context, k dhakira.Kind, a dhakira.Audience, fn func([]byte) error) error {
	noteWide(ctx)
	return s.Store.Dump(ctx, k, a, fn)
}
