package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/arabic"
	"github.com/dhakira/dhakira/locale"
)

// Engine searches an archive and keeps its index in step with the store.
// It implements dhakira.SearchService.
type Engine struct {
	ix    *Index
	store dhakira.Store
	label TypeLabel
	log   *slog.Logger

	fileText FileText

	syncMu sync.Mutex // one catch-up at a time
}

var _ dhakira.SearchService = (*Engine)(nil)

// Options configure an Engine.
type Options struct {
	// TypeLabel names types for the index; nil means the archive's own
	// labels (locale.TypeLabel). Tests set a smaller vocabulary.
	TypeLabel TypeLabel
	Log       *slog.Logger
	// FileText, when set, gives the text read from records' files, which
	// their documents then hold.
	FileText FileText
}

// New opens (or creates) the index at path for store. Call CatchUp, or Run,
// to bring it up to date.
func New(path string, store dhakira.Store, opt Options) (*Engine, error) {
	ix, _, err := Open(path)
	if err != nil {
		return nil, err
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	label := opt.TypeLabel
	if label == nil {
		label = locale.TypeLabel
	}
	return &Engine{ix: ix, store: store, label: label, log: log, fileText: opt.FileText}, nil
}

// Close closes the index.
func (e *Engine) Close() error { return e.ix.Close() }

// Index returns the engine's index.
func (e *Engine) Index() *Index { return e.ix }

// batchChanges is how many store changes one index batch takes.
const batchChanges = 1000

// maxDependents bounds the records re-indexed because a name they show
// changed (a governorate renamed re-indexes everything in it, up to this).
const maxDependents = 200000

// CatchUp indexes every store change the index does not hold yet and
// returns how many records it indexed or removed.
func (e *Engine) CatchUp(ctx context.Context) (int, error) {
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	total := 0
	for {
		seq, err := e.ix.Seq()
		if err != nil {
			return total, err
		}
		changes, err := e.store.Changes(ctx, seq, batchChanges)
		if err != nil || len(changes) == 0 {
			return total, err
		}
		codes := map[string]bool{}
		var order []string
		addCode := func(c string) {
			if !codes[c] {
				codes[c] = true
				order = append(order, c)
			}
		}
		for _, c := range changes {
			addCode(c.Code)
			if c.N > 1 { // a new record's names are shown nowhere yet
				deps, err := e.store.Dependents(ctx, c.Code, maxDependents)
				if err != nil {
					return total, err
				}
				for _, d := range deps {
					addCode(d)
				}
			}
		}
		n, err := e.index(ctx, order, changes[len(changes)-1].Seq)
		total += n
		if err != nil {
			return total, err
		}
	}
}

// index builds and writes the documents of codes, in batches; seq is
// recorded with the last batch only, so a crash part-way re-does the work.
func (e *Engine) index(ctx context.Context, codes []string, seq int64) (int, error) {
	b := newBuilder(e.store, e.label, e.fileText)
	const chunk = 500
	done := 0
	for i := 0; i < len(codes); i += chunk {
		part := codes[i:min(i+chunk, len(codes))]
		docs := make(map[string]map[string]any, len(part))
		var deletes []string
		for _, code := range part {
			d, err := b.build(ctx, code)
			if err != nil {
				return done, fmt.Errorf("search document of %s: %w", code, err)
			}
			if d == nil {
				deletes = append(deletes, code)
			} else {
				docs[code] = d
			}
		}
		s := int64(0)
		if i+chunk >= len(codes) {
			s = seq
		}
		if err := e.ix.apply(docs, deletes, s); err != nil {
			return done, err
		}
		done += len(part)
	}
	return done, nil
}

// Rebuild empties the index and indexes every published record from the
// store, reporting progress now and then.
func (e *Engine) Rebuild(ctx context.Context, progress func(done int)) (int, error) {
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	seq, err := e.store.LastChange(ctx)
	if err != nil {
		return 0, err
	}
	if err := e.ix.Reset(); err != nil {
		return 0, err
	}
	// Documents are built (store reads, names, dates) while the previous
	// batch is analyzed and written: the two halves take turns on the
	// cores instead of waiting for each other.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan map[string]map[string]any, 1)
	built := make(chan error, 1)
	go func() {
		defer close(batches)
		b := newBuilder(e.store, e.label, e.fileText)
		docs := map[string]map[string]any{}
		send := func() error {
			select {
			case batches <- docs:
				docs = map[string]map[string]any{}
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err := e.store.Dump(ctx, "", dhakira.Public, func(line []byte) error {
			r, err := dhakira.DecodeRecord(line)
			if err != nil {
				return err
			}
			d, err := b.doc(ctx, r)
			if err != nil {
				return fmt.Errorf("search document of %s: %w", r.Code, err)
			}
			docs[r.Code] = d
			if len(docs) == rebuildBatch {
				return send()
			}
			return nil
		})
		if err == nil && len(docs) > 0 {
			err = send()
		}
		built <- err
	}()
	done := 0
	for docs := range batches {
		if err := e.ix.apply(docs, nil, 0); err != nil {
			cancel()
			for range batches { // let the builder stop
			}
			return done, err
		}
		done += len(docs)
		if progress != nil {
			progress(done)
		}
	}
	if err := <-built; err != nil {
		return done, err
	}
	// Changes made during the rebuild are after seq and caught up next.
	return done, e.ix.apply(nil, nil, max(seq, 1))
}

// rebuildBatch is how many documents one batch of a rebuild writes.
const rebuildBatch = 1000

// Run catches up at once and then every interval until ctx ends. Writes
// from other processes (dhakira import) are found by polling the store's
// change feed, which costs one indexed query per interval.
func (e *Engine) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := e.CatchUp(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("search index catch-up", "err", err)
		} else if n > 0 {
			e.log.Debug("search index caught up", "records", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// facetFields are the facets of a search: their names, their prefix in
// fFacets and how many values each lists.
var facetFields = []struct {
	name, prefix string
	size         int
}{{"kind", "k:", 7}, {"place", "p:", 30}, {"type", "t:", 30}, {"reliability", "r:", 4}, {"year", "y:", 100}}

// maxFacetTerms bounds the values counted in fFacets: all of the kinds,
// grades, types and years, and the places, of which the most used are kept.
const maxFacetTerms = 100000

// filters returns the filter queries of r.
func filters(r dhakira.SearchRequest) []query.Query {
	var fs []query.Query
	term := func(field, value string) {
		if value != "" {
			t := bleve.NewTermQuery(value)
			t.SetField(field)
			fs = append(fs, t)
		}
	}
	term(fKind, string(r.Kind))
	term(fPlaces, r.Place)
	term(fType, r.Type)
	term(fReliability, string(r.Reliability))
	if d, err := dhakira.ParseDate(r.From); err == nil && !d.IsZero() {
		min := float64(d.First())
		q := bleve.NewNumericRangeQuery(&min, nil)
		q.SetField(fDateLast)
		fs = append(fs, q)
	}
	if d, err := dhakira.ParseDate(r.To); err == nil && !d.IsZero() {
		max := float64(d.Last())
		incl := true
		q := bleve.NewNumericRangeInclusiveQuery(nil, &max, nil, &incl)
		q.SetField(fDateFirst)
		fs = append(fs, q)
	}
	return fs
}

// Search runs r. Hits are checked against the store as they are shown, so a
// record unpublished a moment ago is never returned even before the index
// has caught up.
func (e *Engine) Search(ctx context.Context, r dhakira.SearchRequest) (*dhakira.SearchResult, error) {
	start := time.Now()
	limit := r.Limit
	switch {
	case limit <= 0:
		limit = 20
	case limit > 100:
		limit = 100
	}
	offset := min(max(r.Offset, 0), dhakira.MaxSearchOffset)
	parsed := Parse(r.Q)
	if strings.TrimSpace(r.Q) != "" && parsed.Empty() && len(parsed.Exclude) == 0 {
		// Only punctuation or syntax: nothing to look for, so nothing found
		// (not the whole archive, which is what an empty query with filters lists).
		return &dhakira.SearchResult{Facets: map[string][]dhakira.Count{}, Took: time.Since(start)}, nil
	}
	req := bleve.NewSearchRequestOptions(bleveQuery(parsed, filters(r)), limit, offset, false)
	req.AddFacet(fFacets, bleve.NewFacetRequest(fFacets, maxFacetTerms))
	switch r.Sort {
	case "date":
		req.SortByCustom(bsearch.SortOrder{
			&bsearch.SortField{Field: fDateFirst, Desc: true, Type: bsearch.SortFieldAsNumber, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{},
		})
	case "date-asc":
		req.SortByCustom(bsearch.SortOrder{
			&bsearch.SortField{Field: fDateFirst, Type: bsearch.SortFieldAsNumber, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{},
		})
	}
	e.ix.mu.RLock()
	res, err := e.ix.idx.SearchInContext(ctx, req)
	mapping := e.ix.idx.Mapping()
	e.ix.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	out := &dhakira.SearchResult{Total: int(res.Total), Facets: map[string][]dhakira.Count{}}
	if fr := res.Facets[fFacets]; fr != nil {
		for _, t := range fr.Terms.Terms() { // most frequent first
			for _, f := range facetFields {
				if v, ok := strings.CutPrefix(t.Term, f.prefix); ok && len(out.Facets[f.name]) < f.size {
					out.Facets[f.name] = append(out.Facets[f.name], dhakira.Count{Value: v, N: t.Count})
				}
			}
		}
	}
	hits, err := e.show(ctx, res.Hits, newMarker(mapping, parsed), r.Lang)
	if err != nil {
		return nil, err
	}
	for _, h := range hits {
		if h == nil { // unpublished since it was indexed
			out.Total--
			continue
		}
		out.Hits = append(out.Hits, *h)
	}
	out.Took = time.Since(start)
	return out, nil
}

// show reads the records of a page of hits from the store and cuts their
// snippets, on every core: it is most of the time of a search with few
// hits. A record the public may no longer see is left nil.
func (e *Engine) show(ctx context.Context, matches bsearch.DocumentMatchCollection, mk *marker, lang string) ([]*dhakira.SearchHit, error) {
	hits := make([]*dhakira.SearchHit, len(matches))
	errs := make([]error, len(matches))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(matches), 4) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(matches); i = int(next.Add(1) - 1) {
				rec, info, err := e.store.Record(ctx, matches[i].ID, dhakira.Public)
				if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
					continue
				}
				if err != nil {
					errs[i] = err
					continue
				}
				hit := &dhakira.SearchHit{Summary: summaryOf(rec, info)}
				hit.Snippet, hit.SnippetLang, hit.Anchor = mk.snippet(rec, lang)
				if !strings.Contains(hit.Snippet, "<mark>") {
					if snip, err := e.fileSnippet(ctx, mk, rec); err != nil {
						errs[i] = err
					} else if snip != "" {
						hit.Snippet, hit.SnippetLang = snip, ""
					}
				}
				hits[i] = hit
			}
		})
	}
	wg.Wait()
	return hits, errors.Join(errs...)
}

func summaryOf(r *dhakira.Record, info *dhakira.RecordInfo) dhakira.Summary {
	s := dhakira.Summary{Code: r.Code, Kind: r.Kind, Title: r.Title, Type: r.Type, Date: r.Date,
		Reliability: r.Reliability, Status: r.Status, Parent: r.Parent()}
	if info != nil {
		s.Created, s.Updated = info.Created, info.Updated
	}
	return s
}

// marker finds the query's words in a text the way the index does: a token
// of the text matches when its exact or its stemmed form is one of the
// query's.
type marker struct {
	exact, stem analysis.Analyzer
	terms       map[string]bool // "x:" + exact form, "s:" + stemmed form
	needles     []string        // one of them is in the folded text of any text that matches
}

func newMarker(m interface {
	AnalyzerNamed(string) analysis.Analyzer
}, q Query) *marker {
	mk := &marker{exact: m.AnalyzerNamed(analyzerExact), stem: m.AnalyzerNamed(analyzerStem), terms: map[string]bool{}}
	for _, g := range q.Groups {
		for _, t := range g {
			for _, tok := range mk.exact.Analyze([]byte(t.Text)) {
				mk.terms["x:"+string(tok.Term)] = true
				mk.needles = append(mk.needles, string(tok.Term))
			}
			if !t.Phrase {
				for _, tok := range mk.stem.Analyze([]byte(t.Text)) {
					mk.terms["s:"+string(tok.Term)] = true
					mk.needles = append(mk.needles, stemNeedle(string(tok.Term)))
				}
			}
		}
	}
	return mk
}

// stemNeedle returns what the folded text of any word with that stem
// contains: the Arabic light stemmer only removes prefixes and suffixes, so
// the whole stem; the English stemmer may also rewrite the last letters of
// what it keeps ("capability" → "capabl"), so the stem without them, and
// of its short exceptions ("dying" → "die") only the first letter.
func stemNeedle(stem string) string {
	if arabic.HasArabic(stem) {
		return stem
	}
	r := []rune(stem)
	if len(r) <= 3 {
		return string(r[:min(len(r), 1)])
	}
	return string(r[:len(r)-2])
}

// matchChunk is how much text after its first match matches analyzes: at
// least snippetRunes characters of 4 bytes, all an excerpt can show.
const matchChunk = 1024

// matches returns the byte spans of text that match, from its first match
// to matchChunk bytes after it. Words are tried one by one, and only those
// whose folded form holds one of the needles are analyzed: the long text of
// a record found by its title costs a fold per word, not an analysis.
func (mk *marker) matches(text string) [][2]int {
	if len(mk.terms) == 0 {
		return nil
	}
	for i := 0; i < len(text); {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		if mk.mayMatch(text[i:j]) {
			if spans := mk.spansIn(text[i:j], i); len(spans) > 0 {
				return append(spans, mk.spansIn(text[j:chunkEnd(text, j)], j)...)
			}
		}
		i = j
	}
	return nil
}

// mayMatch reports whether word holds one of the needles once folded.
func (mk *marker) mayMatch(word string) bool {
	folded := arabic.Fold(word)
	for _, n := range mk.needles {
		if strings.Contains(folded, n) {
			return true
		}
	}
	return false
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// chunkEnd returns where the chunk of text from start ends: about
// matchChunk bytes on, at a space, so that no word is cut.
func chunkEnd(text string, start int) int {
	end := start + matchChunk
	if end >= len(text) {
		return len(text)
	}
	if i := strings.IndexAny(text[end:], " \n\t"); i >= 0 {
		return end + i
	}
	return len(text)
}

// spansIn returns the matching spans of part, offset by off.
func (mk *marker) spansIn(part string, off int) [][2]int {
	exact := mk.exact.Analyze([]byte(part))
	stem := mk.stem.Analyze([]byte(part))
	var spans [][2]int
	for i, tok := range exact {
		hit := mk.terms["x:"+string(tok.Term)]
		if !hit && i < len(stem) && stem[i].Start == tok.Start {
			hit = mk.terms["s:"+string(stem[i].Term)]
		}
		if hit {
			spans = append(spans, [2]int{off + tok.Start, off + tok.End})
		}
	}
	return spans
}

const snippetRunes = 240

// snippet returns an HTML excerpt of the record's text around its first
// match: from the text in the reader's language when it matches there,
// else from the language that matches, else the opening of the text.
func (mk *marker) snippet(r *dhakira.Record, lang string) (snippet, snippetLang, anchor string) {
	type cand struct{ text, lang, anchor string }
	other := dhakira.OtherLang(lang)
	cands := []cand{{r.Text.Get(lang), lang, ""}, {r.Text.Get(other), other, ""}}
	for _, s := range r.Attrs.Segments {
		at := ""
		if secs := timecodeSeconds(s.Start); secs >= 0 {
			at = "t=" + strconv.Itoa(secs)
		}
		cands = append(cands, cand{s.Text.Get(lang), lang, at}, cand{s.Text.Get(other), other, at})
	}
	for _, c := range cands {
		if spans := mk.matches(c.text); len(spans) > 0 {
			return excerpt(c.text, spans), c.lang, c.anchor
		}
	}
	for _, c := range cands[:2] {
		if strings.TrimSpace(c.text) != "" {
			return excerpt(c.text, nil), c.lang, ""
		}
	}
	return "", "", ""
}

// timecodeSeconds reads a segment's H:MM:SS[.fff] start as whole seconds;
// -1 when it is not one.
func timecodeSeconds(tc string) int {
	parts := strings.Split(tc, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return -1
	}
	total := 0
	for i, p := range parts {
		if i == len(parts)-1 {
			p, _, _ = strings.Cut(p, ".")
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return -1
		}
		total = total*60 + n
	}
	return total
}

// excerpt cuts about snippetRunes characters of text starting a little
// before the first span, escapes it and marks the spans inside it.
func excerpt(text string, spans [][2]int) string {
	start := 0
	if len(spans) > 0 {
		start = spans[0][0]
		for back := 0; start > 0 && back < 60; back++ { // some words of context before
			start--
			for start > 0 && !isBoundary(text[start]) {
				start--
			}
		}
		if start > 0 {
			for start < len(text) && text[start] != ' ' {
				start++
			}
		}
	}
	end := start
	for n := 0; end < len(text) && n < snippetRunes; n++ {
		end++
		for end < len(text) && !isBoundary(text[end]) {
			end++
		}
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	pos := start
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	for _, s := range spans {
		if s[0] < pos || s[1] > end {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:s[0]]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s[0]:s[1]]))
		b.WriteString("</mark>")
		pos = s[1]
	}
	b.WriteString(html.EscapeString(text[pos:end]))
	if end < len(text) {
		b.WriteString(" …")
	}
	return strings.TrimSpace(b.String())
}

// isBoundary reports whether b starts a UTF-8 character.
func isBoundary(b byte) bool { return b&0xC0 != 0x80 }

// Refresh indexes codes again now, whatever the change feed says: what a
// record's search document holds of its files' text changes without a
// revision, when the text has been read from them.
func (e *Engine) Refresh(ctx context.Context, codes []string) (int, error) {
	if len(codes) == 0 {
		return 0, nil
	}
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	return e.index(ctx, codes, 0)
}

// fileSnippet is the excerpt of the first page of a record's files whose
// text matches, led by the file's name and the page's number; "" when
// none does.
func (e *Engine) fileSnippet(ctx context.Context, mk *marker, r *dhakira.Record) (string, error) {
	if e.fileText == nil {
		return "", nil
	}
	for _, f := range r.Files {
		pages, err := e.fileText(ctx, f.SHA256)
		if err != nil {
			return "", err
		}
		for i, p := range pages {
			if spans := mk.matches(p); len(spans) > 0 {
				return html.EscapeString(fmt.Sprintf("[%s p. %d] ", f.Name, i+1)) + excerpt(p, spans), nil
			}
		}
	}
	return "", nil
}
