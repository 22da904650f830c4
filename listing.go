package dhakira

import (
	"context"
	"time"
)

// ListingService walks what the public may see of the archive in pieces,
// for sitemaps and feeds: by key, never by OFFSET, so that the millionth
// record costs what the first does.
type ListingService interface {
	// PublishedAfter lists up to limit records the public may see whose
	// codes come after after ("" for the start), ordered by code byte by
	// byte.
	PublishedAfter(ctx context.Context, after string, limit int) ([]Summary, error)
	// PublishedMarks returns the code of every n-th record the public may
	// see in code order (the n-th, the 2n-th, ...): the last codes of
	// consecutive pieces of n records.
	PublishedMarks(ctx context.Context, n int) ([]string, error)
	// RecentlyPublished lists up to limit records the public may see, of
	// kind k ("" for every kind), most recently published first.
	RecentlyPublished(ctx context.Context, k Kind, limit int) ([]Publication, error)
}

// Publication is a record the public may see, with the time it became
// public: that of the revision that last changed its status (its first
// revision, for a record created published). Edits that leave the status
// as it was do not change it; a record withdrawn and published again is
// published anew.
type Publication struct {
	Summary
	Published time.Time
}
