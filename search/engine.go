package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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

	syncMu sync.Mutex // one catch-up, rebuild or merge at a time

	stateMu  sync.Mutex
	state    string  // "ready", "building", "rebuilding"
	done     float64 // of a build
	caughtUp bool
	damaged  atomic.Bool // a read found the index damaged: rebuild it
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
	ix, created, err := Open(path)
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
	e := &Engine{ix: ix, store: store, label: label, log: log, fileText: opt.FileText, state: "ready"}
	if ix.damaged != "" {
		log.Error("search index damaged: rebuilding it from the store", "err", ix.damaged)
		e.state = "rebuilding"
	} else if created {
		e.state = "building"
	}
	return e, nil
}

// Close closes the index.
func (e *Engine) Close() error { return e.ix.Close() }

// Index returns the engine's index.
func (e *Engine) Index() *Index { return e.ix }

// State says whether the index is ready, being built or rebuilt (and how
// far), and whether it has caught up with the store: what /healthz and
// the search page report.
func (e *Engine) State() dhakira.IndexState {
	e.stateMu.Lock()
	defer e.stateMu.Unlock()
	s := dhakira.IndexState{State: e.state, CaughtUp: e.caughtUp && e.state == "ready"}
	if e.state != "ready" {
		s.Done = float64(int(e.done*100)) / 100
	}
	return s
}

func (e *Engine) setState(state string, done float64) {
	e.stateMu.Lock()
	e.state, e.done = state, done
	e.stateMu.Unlock()
}

func (e *Engine) setCaughtUp(v bool) {
	e.stateMu.Lock()
	e.caughtUp = v
	e.stateMu.Unlock()
}

// batchChanges is how many store changes one index batch takes.
const batchChanges = 1000

// maxDependents bounds the records re-indexed because a name they show
// changed (a governorate renamed re-indexes everything in it, up to this).
const maxDependents = 200000

// backlogRebuild is how many changes behind the index may be and still
// catch up change by change; further behind (an import while no server
// ran), it is rebuilt from the store, which is many times faster.
const backlogRebuild = 50000

// CatchUp indexes every store change the index does not hold yet and
// returns how many records it indexed or removed. An empty index (new,
// damaged, or of another version) is built from the store.
func (e *Engine) CatchUp(ctx context.Context) (int, error) {
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	seq, _ := e.ix.Seq()
	last, err := e.store.LastChange(ctx)
	if err != nil {
		return 0, err
	}
	if e.damaged.Load() {
		e.setState("rebuilding", 0)
		if err := e.ix.Reset(); err != nil {
			return 0, err
		}
		e.damaged.Store(false)
		seq = 0
	}
	if last <= seq {
		e.setCaughtUp(true)
		return 0, nil
	}
	if last-seq > batchChanges {
		// Far behind (an import while no server ran): say so until done. A
		// few changes are caught up within the second, unannounced.
		e.setCaughtUp(false)
	}
	if seq == 0 || last-seq > backlogRebuild {
		return e.rebuild(ctx, nil)
	}
	total := 0
	for {
		changes, err := e.store.Changes(ctx, seq, batchChanges)
		if err != nil {
			return total, err
		}
		if len(changes) == 0 {
			break
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
		seq = changes[len(changes)-1].Seq
		if err := e.index(ctx, order, seq); err != nil {
			return total, err
		}
		total += len(order)
	}
	e.setCaughtUp(true)
	return total, e.merge(ctx)
}

// index builds the documents of codes into one new segment and commits it
// with seq, removing the older documents of the codes.
func (e *Engine) index(ctx context.Context, codes []string, seq int64) error {
	b := newBuilder(e.store, e.label, e.fileText)
	var seg *segmentBuilder
	for _, code := range codes {
		d, err := b.build(ctx, code)
		if err != nil {
			return fmt.Errorf("search document of %s: %w", code, err)
		}
		if d != nil {
			if seg == nil {
				seg = newSegmentBuilder(e.ix.reserve(len(codes)))
			}
			seg.add(d)
		}
	}
	var add []*segment
	if seg != nil {
		s, err := e.ix.writeSegment(seg)
		if err != nil {
			return err
		}
		add = append(add, s)
	}
	return e.ix.commit(add, nil, codes, seq)
}

// Small segments, written by catch-ups, are merged once there are
// mergeAt of a size: copying their postings into one segment without the
// deleted documents, and dropping them in the same commit. Segments of a
// rebuild's size are left as they are.
const (
	smallSegment = 5000
	mergeAt      = 10
	mergeLimit   = 200000 // documents at most in a merged segment
)

// mergeTiers say when segments merge: catch-ups' segments ten at a time;
// what those merges make, twenty at a time (a pause of seconds, once in a
// hundred thousand changes).
var mergeTiers = []struct {
	below uint32 // segments of fewer documents
	at    int    // merge when there are this many
}{{smallSegment, mergeAt}, {rebuildSegment, 2 * mergeAt}}

// merge merges small segments while there are enough of a size.
func (e *Engine) merge(ctx context.Context) error {
	for ctx.Err() == nil {
		e.ix.mu.RLock()
		v := e.ix.v
		var pick []*segment
		for _, t := range mergeTiers {
			var tier []*segment
			for _, s := range v.segs {
				if s.n < t.below {
					tier = append(tier, s)
				}
			}
			if len(tier) < t.at {
				continue
			}
			sort.Slice(tier, func(i, j int) bool { return tier[i].n < tier[j].n })
			total := uint32(0)
			for _, s := range tier {
				if total+s.n > mergeLimit && len(pick) >= 2 {
					break
				}
				pick = append(pick, s)
				total += s.n
			}
			break
		}
		if len(pick) == 0 {
			e.ix.mu.RUnlock()
			return nil
		}
		sort.Slice(pick, func(i, j int) bool { return pick[i].base < pick[j].base })
		var live uint32
		for _, s := range pick {
			live += s.n
		}
		e.ix.mu.RUnlock()
		// Only this goroutine writes (syncMu): the view stays v meanwhile.
		base := e.ix.reserve(int(live))
		e.ix.mu.RLock()
		b := mergeSegments(pick, v.deleted, base)
		e.ix.mu.RUnlock()
		var add []*segment
		if b.n > 0 {
			s, err := e.ix.writeSegment(b)
			if err != nil {
				return err
			}
			add = append(add, s)
		}
		if err := e.ix.commit(add, pick, nil, 0); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Rebuild indexes every published record from the store anew, reporting
// progress now and then, and replaces the index with what it built.
func (e *Engine) Rebuild(ctx context.Context, progress func(done int)) (int, error) {
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	return e.rebuild(ctx, progress)
}

// rebuildSegment is how many records one segment of a rebuild holds.
const rebuildSegment = 50000

// rebuildFill is rebuildSegment but in tests, which fill many segments.
var rebuildFill = rebuildSegment

func (e *Engine) rebuild(ctx context.Context, progress func(done int)) (int, error) {
	defer relaxGC()()
	seq, err := e.store.LastChange(ctx)
	if err != nil {
		return 0, err
	}
	counts, err := e.store.CountKinds(ctx, dhakira.Public)
	if err != nil {
		return 0, err
	}
	expected := 0
	for _, n := range counts {
		expected += n
	}
	// An empty index shows each segment as soon as it is written, while
	// search says how far the build is; one that has records keeps
	// answering from them until the new one replaces it whole.
	docs, _ := e.ix.DocCount()
	progressive := docs == 0
	state := "ready"
	if progressive {
		if err := e.ix.Reset(); err != nil {
			return 0, err
		}
		e.stateMu.Lock()
		if e.state == "ready" {
			e.state = "building"
		}
		state = e.state
		e.stateMu.Unlock()
	}
	e.ix.mu.RLock()
	old := e.ix.v.segs
	e.ix.mu.RUnlock()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The store's records come in batches, to pay a channel's handoff once
	// for many.
	type item struct {
		line   []byte
		linked []dhakira.LinkedName
	}
	const batch = 64
	lines := make(chan []item, 16)
	var done atomic.Int64
	var mu sync.Mutex
	var built []*segment
	var errs []error
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
		cancel()
	}
	report := func(n int) {
		d := done.Add(int64(n))
		if progressive {
			e.setState(state, min(float64(d)/float64(max(expected, 1)), 0.99))
		}
		if progress != nil {
			mu.Lock()
			progress(int(d))
			mu.Unlock()
		}
	}
	flush := func(seg *segmentBuilder) error {
		s, err := e.ix.writeSegment(seg)
		if err != nil {
			return err
		}
		if progressive {
			return e.ix.commit([]*segment{s}, nil, nil, 0)
		}
		mu.Lock()
		built = append(built, s)
		mu.Unlock()
		return nil
	}
	places := &placeCache{}
	if err := places.preload(ctx, e.store); err != nil {
		return 0, err
	}
	// A full segment is written by a goroutine of its own while its
	// worker goes on adding documents to the next: a worker writing is
	// otherwise a core adding nothing. A worker has one segment being
	// written at most, which bounds the builders in memory.
	var wg, writers sync.WaitGroup
	for range max(runtime.GOMAXPROCS(0), 1) {
		wg.Go(func() {
			b := newBuilder(e.store, e.label, e.fileText)
			b.places = places
			var seg *segmentBuilder
			var writing chan struct{} // closed when the worker's last write ends
			handoff := func(seg *segmentBuilder) {
				if writing != nil {
					<-writing
				}
				done := make(chan struct{})
				writing = done
				writers.Go(func() {
					defer close(done)
					if err := flush(seg); err != nil {
						fail(err)
					}
				})
			}
			pending := 0
			for items := range lines {
				for _, it := range items {
					if ctx.Err() != nil {
						break
					}
					r, err := scanRecord(it.line)
					if err != nil {
						if r, err = dhakira.DecodeRecord(it.line); err != nil {
							fail(err)
							continue
						}
					}
					d, err := b.doc(ctx, r, linkedNames(r, it.linked))
					if err != nil {
						fail(fmt.Errorf("search document of %s: %w", r.Code, err))
						continue
					}
					if seg == nil {
						seg = newSegmentBuilder(e.ix.reserve(rebuildFill))
					}
					seg.add(d)
					if pending++; pending == 1000 {
						report(pending)
						pending = 0
					}
					if seg.n == uint32(rebuildFill) {
						handoff(seg)
						seg = nil
					}
				}
			}
			if seg != nil && ctx.Err() == nil {
				if err := flush(seg); err != nil {
					fail(err)
				}
			}
			if pending > 0 {
				report(pending)
			}
		})
	}
	var items []item
	send := func() error {
		select {
		case lines <- items:
			items = make([]item, 0, batch)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	err = e.store.DumpLinked(ctx, dhakira.Public, func(line []byte, linked []dhakira.LinkedName) error {
		items = append(items, item{line, linked})
		if len(items) == batch {
			return send()
		}
		return nil
	})
	if err == nil && len(items) > 0 {
		err = send()
	}
	close(lines)
	wg.Wait()
	writers.Wait()
	if len(errs) > 0 {
		err = errors.Join(errs...)
	}
	if err != nil {
		for _, s := range built {
			s.close()
		}
		return int(done.Load()), err
	}
	// Changes made during the rebuild are after seq and caught up next.
	if progressive {
		err = e.ix.commit(nil, nil, nil, max(seq, 1))
	} else {
		err = e.ix.commit(built, old, nil, max(seq, 1)) // the old segments go whole
	}
	if err == nil {
		e.setState("ready", 1)
		e.setCaughtUp(true)
	}
	return int(done.Load()), err
}

// rebuildGCPercent is the collector's GOGC while a rebuild runs, unless
// GOGC is set. The builders of segments are most of the heap, and a
// build of a million records collected 60 times at the default of 100,
// for 8% of its CPU. At 200 (34 collections) its peak RSS was 1.66–1.73
// GB, and 2.00–2.15 GB once full segments were written beside the next
// ones being built; at 150, 1.83 GB (bench, 1M records, session 7).
const rebuildGCPercent = 150

var (
	gcMu    sync.Mutex
	gcUsers int // rebuilds running
	gcWas   int // the percentage before the first of them
)

// relaxGC sets the collector's percentage for a rebuild and returns the
// function that sets it back when the last rebuild running ends.
func relaxGC() func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	gcMu.Lock()
	if gcUsers++; gcUsers == 1 {
		gcWas = debug.SetGCPercent(rebuildGCPercent)
	}
	gcMu.Unlock()
	return func() {
		gcMu.Lock()
		if gcUsers--; gcUsers == 0 {
			debug.SetGCPercent(gcWas)
		}
		gcMu.Unlock()
	}
}

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
	state := e.State()
	parsed := Parse(r.Q)
	if strings.TrimSpace(r.Q) != "" && parsed.Empty() && len(parsed.Exclude) == 0 {
		// Only punctuation or syntax: nothing to look for, so nothing found
		// (not the whole archive, which is what an empty query with filters lists).
		return &dhakira.SearchResult{Facets: map[string][]dhakira.Count{}, Took: time.Since(start), Index: &state}, nil
	}
	p := plan{q: parsed, kind: string(r.Kind), place: r.Place, typ: r.Type, rel: string(r.Reliability), sort: r.Sort, k: offset + limit}
	if d, err := dhakira.ParseDate(r.From); err == nil && !d.IsZero() {
		p.from = int32(d.First())
	}
	if d, err := dhakira.ParseDate(r.To); err == nil && !d.IsZero() {
		p.to = int32(d.Last())
	}
	res, codes, err := e.run(p, offset)
	if err != nil {
		return nil, err
	}
	out := &dhakira.SearchResult{Total: res.total, Facets: res.facets, Index: &state}
	hits, err := e.show(ctx, codes, newMarker(parsed, res.typos), r.Lang)
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

// run evaluates p on the current view and returns the codes of the page
// from offset. A read that finds the index damaged (a segment changed
// under it) is an error, and the index is rebuilt from the store.
func (e *Engine) run(p plan, offset int) (res *result, codes []string, err error) {
	e.ix.mu.RLock()
	defer e.ix.mu.RUnlock()
	// A segment cut or changed under the memory map faults: a panic here,
	// not the end of the process.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrDamaged, r)
			if !e.damaged.Swap(true) {
				e.log.Error("search index damaged: rebuilding it from the store", "err", err)
				e.setState("rebuilding", 0)
			}
		}
	}()
	if e.ix.closed {
		return nil, nil, errors.New("search index closed")
	}
	v := e.ix.v
	res = v.run(p)
	for i := offset; i < len(res.docs); i++ {
		s := v.segmentOf(res.docs[i])
		codes = append(codes, s.code(res.docs[i]-s.base))
	}
	return res, codes, nil
}

// show reads the records of a page of hits from the store and cuts their
// snippets, on every core: it is most of the time of a search with few
// hits. A record the public may no longer see is left nil.
func (e *Engine) show(ctx context.Context, matches []string, mk *marker, lang string) ([]*dhakira.SearchHit, error) {
	hits := make([]*dhakira.SearchHit, len(matches))
	errs := make([]error, len(matches))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(matches), 4) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(matches); i = int(next.Add(1) - 1) {
				rec, info, err := e.store.Record(ctx, matches[i], dhakira.Public)
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
// of the text matches when its exact form, or its stem, is one of the
// query's.
type marker struct {
	exact   *analyzer
	terms   map[string]bool // "x:" + exact form, "s:" + stem, "k:" + Latin-script key
	needles []string        // one of them is in the folded text of any text that matches
	keys    bool            // whether a word may match by its key
}

// newMarker returns the marker of q; typos are the words one typo from
// its own that the search found.
func newMarker(q Query, typos []string) *marker {
	mk := &marker{exact: &analyzer{}, terms: map[string]bool{}}
	exact := func(w string) {
		mk.terms["x:"+w] = true
		mk.needles = append(mk.needles, w)
	}
	for _, g := range q.Groups {
		for _, t := range g {
			for _, tok := range analyzeQuery(t.Text) {
				exact(tok)
				if t.Phrase {
					continue
				}
				s := stemOf(tok)
				mk.terms["s:"+s] = true
				mk.needles = append(mk.needles, stemNeedle(s))
				for _, f := range pluralForms(tok) {
					exact(f)
				}
				if k := latinKey(tok); k != "" {
					mk.terms["k:"+k] = true
					mk.keys = true
				}
			}
		}
	}
	for _, t := range typos {
		exact(t)
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
				// An excerpt shows snippetRunes from before its first
				// match: no match further on is shown.
				end := i
				for n := 0; end < len(text) && n < snippetRunes; n++ {
					end++
					for end < len(text) && !isBoundary(text[end]) {
						end++
					}
				}
				for end < len(text) && !isSpace(text[end]) { // whole words
					end++
				}
				return mk.moreSpans(spans, text, j, min(max(end, j), chunkEnd(text, j)))
			}
		}
		i = j
	}
	return nil
}

// moreSpans adds to spans those of text[from:end], analyzing only the
// words that may match, as matches does.
func (mk *marker) moreSpans(spans [][2]int, text string, from, end int) [][2]int {
	for i := from; i < end; {
		for i < end && isSpace(text[i]) {
			i++
		}
		j := i
		for j < end && !isSpace(text[j]) {
			j++
		}
		if j > i && mk.mayMatch(text[i:j]) {
			spans = append(spans, mk.spansIn(text[i:j], i)...)
		}
		i = j
	}
	return spans
}

// mayMatch reports whether word holds one of the needles once folded.
func (mk *marker) mayMatch(word string) bool {
	folded := arabic.Fold(word)
	for _, n := range mk.needles {
		if strings.Contains(folded, n) {
			return true
		}
	}
	if mk.keys {
		for _, t := range exactTerms(nil, word) {
			if k := latinKey(t); k != "" && mk.terms["k:"+k] {
				return true
			}
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
	var spans [][2]int
	for _, tok := range mk.exact.Analyze([]byte(part)) {
		term := string(tok.Term)
		if mk.terms["x:"+term] || mk.terms["s:"+stemOf(term)] || mk.keys && mk.terms["k:"+latinKey(term)] {
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
	return len(codes), e.index(ctx, codes, 0)
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
