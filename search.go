package dhakira

import (
	"context"
	"time"
)

// SearchRequest is one search of the public archive.
type SearchRequest struct {
	Q           string      // the reader's query: words, "phrases", -excluded, OR
	Kind        Kind        // filters; empty ones do not filter
	Place       string      // a place code: the place and everything in it
	Type        string      // a type slug
	Reliability Reliability //
	From, To    string      // dates (YYYY, YYYY-MM or YYYY-MM-DD) bounding the record's date
	Sort        string      // "" (relevance), "date" (newest first) or "date-asc"
	Offset      int         //
	Limit       int         // default 20, at most 100
	Lang        string      // the reader's language, for the snippets
}

// SearchHit is one record found, with an excerpt of its text.
type SearchHit struct {
	Summary
	Snippet     string // HTML: escaped text with <mark> around the words that matched
	SnippetLang string // the language of the snippet
	// Anchor, when the snippet comes from a testimony's segment, is where
	// the segment starts in its recording: "t=SECONDS", for the record
	// page's address.
	Anchor string
}

// SearchResult is what a search found. Facets count, for each of kind,
// place, type, reliability and year, how many of all the hits (not only
// this page's) have each value; the counts are exact.
type SearchResult struct {
	Total  int
	Hits   []SearchHit
	Facets map[string][]Count
	Took   time.Duration
	Index  *IndexState // how complete the index answering is; nil when the engine does not say
}

// MaxSearchOffset is the deepest result a search pages to: past it, a
// reader should narrow the search.
const MaxSearchOffset = 10000

// SearchService searches what the public may see.
type SearchService interface {
	Search(ctx context.Context, r SearchRequest) (*SearchResult, error)
}

// IndexState says how far a node's search index is from the store: while
// it is being built (on the first start of an archive) or rebuilt (after
// damage), or while it catches up with many changes, a search answers
// from part of the archive, and says so.
type IndexState struct {
	State    string  `json:"state"`          // "ready", "building" or "rebuilding"
	Done     float64 `json:"done,omitempty"` // the fraction of a build done, 0 to 1
	CaughtUp bool    `json:"caught_up"`      // whether it holds every change of the store it has seen
}

// Ready reports whether the index answers for the whole archive.
func (s IndexState) Ready() bool { return s.State == "ready" && s.CaughtUp }
