package sqlite

import (
	"context"
	"fmt"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlstore"
)

// Figures are computed once per change of the archive, and again as soon
// as it changes, whoever changes it; counts kept with the data follow every
// row.
func TestFiguresFollowTheChangeSequence(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	if st := db.db.Stats(); st.Idle < poolSize {
		t.Errorf("%d idle connections after Open, want %d kept warm", st.Idle, poolSize)
	}
	db.SaveRecord(ctx, doc("D1", "one"), 0, "ed", "")
	counts, _ := db.CountKinds(ctx, dhakira.Public)
	_, total, _ := db.Records(ctx, dhakira.RecordFilter{Kind: dhakira.KindDocument})
	if counts[dhakira.KindDocument] != 1 || total != 1 {
		t.Fatalf("counts %v, total %d", counts, total)
	}
	year := dhakira.RecordFilter{Kind: dhakira.KindDocument, Year: 2020}
	if _, n, _ := db.Records(ctx, year); n != 0 {
		t.Fatalf("%d documents of 2020", n)
	}
	// A row slipped in behind the store's back (no revision, so no change)
	// is not counted by the figures (a year's documents): they were not
	// computed again. The counts kept with the data (by kind, by type)
	// count it at once.
	if _, err := db.db.Exec(`INSERT INTO records (code, kind, status, reliability, date_first, date_last, revision, created_at, updated_at) VALUES ('D9', 'document', 'published', 'unspecified', 20200101, 20201231, 1, '', '')`); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := db.Records(ctx, year); n != 0 {
		t.Errorf("counted again without a change: %d documents of 2020", n)
	}
	counts, _ = db.CountKinds(ctx, dhakira.Public)
	_, total, _ = db.Records(ctx, dhakira.RecordFilter{Kind: dhakira.KindDocument})
	if counts[dhakira.KindDocument] != 2 || total != 2 {
		t.Errorf("the kept counts missed a row: %v, total %d", counts, total)
	}
	// A save moves the sequence: everything is counted afresh.
	db.SaveRecord(ctx, doc("D2", "two"), 0, "ed", "")
	counts, _ = db.CountKinds(ctx, dhakira.Public)
	_, total, _ = db.Records(ctx, dhakira.RecordFilter{Kind: dhakira.KindDocument})
	types, _ := db.CountTypes(ctx, dhakira.KindDocument, dhakira.Public)
	if counts[dhakira.KindDocument] != 3 || total != 3 || len(types) != 0 {
		t.Errorf("after a save: %v, total %d, types %v", counts, total, types)
	}
	if _, n, _ := db.Records(ctx, year); n != 1 {
		t.Errorf("after a save: %d documents of 2020, want 1", n)
	}
	// So does an import's commit, and a change of status.
	tx, _ := db.BeginImport(ctx, "imp")
	r := doc("D3", "three")
	r.Type = "report"
	tx.Put(ctx, r, false)
	tx.Commit()
	types, _ = db.CountTypes(ctx, dhakira.KindDocument, dhakira.Public)
	if counts, _ := db.CountKinds(ctx, dhakira.Public); counts[dhakira.KindDocument] != 4 || len(types) != 1 || types[0].N != 1 {
		t.Errorf("after an import: %v %v", counts, types)
	}
	d := doc("D2", "two")
	d.Status = dhakira.Draft
	if _, _, err := db.SaveRecord(ctx, d, 1, "ed", ""); err != nil {
		t.Fatal(err)
	}
	if counts, _ := db.CountKinds(ctx, dhakira.Public); counts[dhakira.KindDocument] != 3 {
		t.Errorf("after unpublishing: %v", counts)
	}
	// What a caller does with a count it got does not change the next.
	counts, _ = db.CountKinds(ctx, dhakira.Public)
	counts[dhakira.KindDocument] = 99
	if again, _ := db.CountKinds(ctx, dhakira.Public); again[dhakira.KindDocument] != 3 {
		t.Errorf("the cached counts were changed through a caller's map: %v", again)
	}
}

// The public list of a record linked to by many is read once per change
// of the archive, and read again as soon as it changes.
func TestRelatedOfTheManyLinked(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	ent := &dhakira.Record{Kind: dhakira.KindEntity, Code: "ENT-1", Title: dhakira.Text{EN: "Issuer"}}
	ent.Normalize()
	db.SaveRecord(ctx, ent, 0, "ed", "")
	tx, _ := db.BeginImport(ctx, "imp")
	for i := range sqlstore.ManyLinks + 10 {
		r := doc(fmt.Sprintf("D%d", i), "issued")
		r.Links = []dhakira.Link{{Rel: dhakira.RelIssuedBy, To: "ENT-1"}}
		tx.Put(ctx, r, false)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	list, err := db.Related(ctx, "ENT-1", dhakira.Public)
	if err != nil || len(list) != sqlstore.ManyLinks+10 {
		t.Fatalf("%d related, %v", len(list), err)
	}
	// Behind the store's back (no change): the list kept is the one shown.
	db.db.Exec(`DELETE FROM links WHERE code = 'D0'`)
	if list, _ := db.Related(ctx, "ENT-1", dhakira.Public); len(list) != sqlstore.ManyLinks+10 {
		t.Errorf("read again without a change: %d", len(list))
	}
	if list, _ := db.Related(ctx, "ENT-1", dhakira.Staff); len(list) != sqlstore.ManyLinks+9 {
		t.Errorf("the team's list is always read: %d", len(list))
	}
	// Unpublishing one of them is a change: it is gone at once.
	d := doc("D1", "issued")
	d.Links = []dhakira.Link{{Rel: dhakira.RelIssuedBy, To: "ENT-1"}}
	d.Status = dhakira.Draft
	if _, _, err := db.SaveRecord(ctx, d, 1, "ed", ""); err != nil {
		t.Fatal(err)
	}
	if list, _ := db.Related(ctx, "ENT-1", dhakira.Public); len(list) != sqlstore.ManyLinks+8 {
		t.Errorf("after unpublishing one: %d, want %d", len(list), sqlstore.ManyLinks+8)
	}
}
