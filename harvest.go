package dhakira

import (
	"context"
	"time"
)

// HarvestQuery selects one page of a harvest: the records a metadata
// harvester (OAI-PMH) sees, as the archive stood at one change of it.
type HarvestQuery struct {
	// Snapshot is the Seq of the last change the harvest sees. Fixed by a
	// harvest's first page and kept by every later one, it makes the pages
	// one consistent list while the archive changes: nothing is lost or
	// listed twice, and what changes meanwhile is left to the next harvest.
	Snapshot int64
	Kind     Kind   // "" for every kind
	Place    string // a place code: records placed in it or inside it, and the places inside it (the tree as it is now)
	// From and Before bound, when not zero, the time of each record's
	// revision at the snapshot: From ≤ time < Before.
	From, Before time.Time
	After        string // the cursor returned with the page before, "" for the first page
	Limit        int    // 0 means 100; capped at 1000
	Records      bool   // load each record's content, not only its header
}

// HarvestItem is one record as a harvest sees it: its revision at the
// snapshot.
type HarvestItem struct {
	Code string
	Kind Kind
	Seq  int64     // the change that made the revision
	N    int       // the revision's number
	At   time.Time // when the revision was saved: the harvest's datestamp
	// Deleted: the record was published at an earlier revision but not at
	// this one, or it is no longer published now. Harvesters are told it is
	// gone; its content is never given.
	Deleted bool
	Places  []string // the revision's places; nil when Deleted
	Record  *Record  // the revision's record, when asked for and not Deleted
}

// HarvestService lists what metadata harvesters may see: every record that
// has been published, as of a snapshot (a change Seq). A record that was
// never published — a draft, a record in review — is never listed; one that
// was published and is not any more is listed as deleted, for good.
type HarvestService interface {
	// Harvest returns one page of the records matching q in the order of
	// the store's choosing, and the cursor of the next page: "" when this
	// page is the last. A cursor the store did not make is EINVALID.
	Harvest(ctx context.Context, q HarvestQuery) ([]HarvestItem, string, error)
	// HarvestRecord returns one record, with its content unless deleted,
	// as of the snapshot; ENOTFOUND when there is no such record or it had
	// never been published by then.
	HarvestRecord(ctx context.Context, code string, snapshot int64) (*HarvestItem, error)
	// FirstChangeAt is the time of the archive's oldest change: no
	// datestamp is older. Zero for an empty archive.
	FirstChangeAt(ctx context.Context) (time.Time, error)
	// NextChangeAt is the time of the first change after seq, zero when
	// there is none: how long a snapshot has been out of date.
	NextChangeAt(ctx context.Context, after int64) (time.Time, error)
}
