// Package search is the archive's full-text search: a bleve index derived
// from the store, owned by the server, that follows the store's change feed
// and can always be rebuilt from it. Arabic is searched the way readers type
// it — with or without hamza, diacritics, tatweel, the article or a joined
// preposition — and records are found through the names of their places and
// of the records they link to, in either language.
package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names of a search document.
const (
	fKind        = "kind"
	fCode        = "code"
	fType        = "type"
	fReliability = "reliability"
	fPlaces      = "places"
	fYears       = "years"
	fDateFirst   = "date_first"
	fDateLast    = "date_last"
	fTitle       = "title"
	fTitleX      = "title_x"
	fText        = "text"
	fTextX       = "text_x"
	fNames       = "names"
	fNamesX      = "names_x"
	fFacets      = "facets" // every facet value of a record, prefixed by its facet
)

// mappingVersion changes whenever the mapping or what documents hold does:
// an index built by another version is rebuilt from the store on open.
const mappingVersion = "2"

var versionKey = []byte("dhakira.mapping")

// seqKey is where the index keeps the last store change it holds, written in
// the same batch as the documents: after a crash the index knows exactly
// where to resume.
var seqKey = []byte("dhakira.seq")

func newMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.DocValues = true
		f.IncludeInAll = false
		return f
	}
	for _, name := range []string{fKind, fCode, fType, fReliability, fPlaces, fYears} {
		f := kw()
		f.DocValues = false // filters only: facets read fFacets
		doc.AddFieldMappingsAt(name, f)
	}
	// One field holds every facet value of a record ("k:document",
	// "p:SY04", "y:2017", ...): counting facets then reads one column of
	// doc values per hit instead of five, the main cost of a search with
	// many hits.
	doc.AddFieldMappingsAt(fFacets, kw())
	for _, name := range []string{fDateFirst, fDateLast} {
		f := bleve.NewNumericFieldMapping()
		f.Store = false
		f.DocValues = true
		f.IncludeInAll = false
		doc.AddFieldMappingsAt(name, f)
	}
	text := func(analyzer string, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = vectors // phrases need positions: without them they silently match nothing
		f.DocValues = false
		return f
	}
	doc.AddFieldMappingsAt(fTitle, text(analyzerStem, false))
	doc.AddFieldMappingsAt(fText, text(analyzerStem, false))
	doc.AddFieldMappingsAt(fNames, text(analyzerStem, false))
	doc.AddFieldMappingsAt(fTitleX, text(analyzerExact, true))
	doc.AddFieldMappingsAt(fTextX, text(analyzerExact, true))
	doc.AddFieldMappingsAt(fNamesX, text(analyzerExact, true))
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerExact
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}

// Index is the bleve index of one archive. Only one process may open it.
type Index struct {
	idx    bleve.Index
	path   string
	mu     sync.RWMutex // held for reading by searches, for writing by Reset and Close
	closed bool
}

// ErrLocked is returned when another process holds the index.
var ErrLocked = errors.New("the search index is in use by another process (a running dhakira serve owns it)")

// Open opens the index at path, creating it when it does not exist. An index
// that cannot be opened (damaged by a crash, or from an older mapping) is
// removed and created anew; it is derived data, and the caller catches it
// up from the store.
func Open(path string) (*Index, bool, error) {
	idx, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": "2s"})
	if err == nil {
		v, verr := idx.GetInternal(versionKey)
		if verr == nil && string(v) == mappingVersion {
			return &Index{idx: idx, path: path}, false, nil
		}
		idx.Close()
		err = errors.New("built by another version")
	}
	switch {
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
	case isTimeout(err):
		return nil, false, ErrLocked
	default:
		if err := os.RemoveAll(path); err != nil {
			return nil, false, err
		}
	}
	idx, err = create(path)
	if err != nil {
		return nil, false, err
	}
	return &Index{idx: idx, path: path}, true, nil
}

func create(path string) (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, map[string]any{"bolt_timeout": "2s"})
	if err != nil {
		return nil, err
	}
	if err := idx.SetInternal(versionKey, []byte(mappingVersion)); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

func isTimeout(err error) bool {
	return err != nil && (errors.Is(err, context.DeadlineExceeded) || err.Error() == "timeout")
}

// Close closes the index; closing it again does nothing.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	return ix.idx.Close()
}

// Seq is the last store change the index holds.
func (ix *Index) Seq() (int64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	v, err := ix.idx.GetInternal(seqKey)
	if err != nil || v == nil {
		return 0, err
	}
	return strconv.ParseInt(string(v), 10, 64)
}

// DocCount is the number of records in the index.
func (ix *Index) DocCount() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.idx.DocCount()
}

// apply writes documents and deletions, and records seq when it is not 0,
// in one batch.
func (ix *Index) apply(docs map[string]map[string]any, deletes []string, seq int64) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	b := ix.idx.NewBatch()
	for id, d := range docs {
		if err := b.Index(id, d); err != nil {
			return fmt.Errorf("index %s: %w", id, err)
		}
	}
	for _, id := range deletes {
		b.Delete(id)
	}
	if seq > 0 {
		b.SetInternal(seqKey, []byte(strconv.FormatInt(seq, 10)))
	}
	return ix.idx.Batch(b)
}

// Reset empties the index, for a rebuild from the store.
func (ix *Index) Reset() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.idx.Close(); err != nil {
		return err
	}
	if err := os.RemoveAll(ix.path); err != nil {
		return err
	}
	idx, err := create(ix.path)
	if err != nil {
		return err
	}
	ix.idx = idx
	return nil
}
