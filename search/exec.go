package search

import (
	"container/heap"
	"encoding/binary"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/dhakira/dhakira"
)

// Weights of a query word's matches: the word as typed (folded) ranks
// above another word of its stem; a memory code typed as a word above all.
const (
	weightExact = 3.0
	weightStem  = 1.0
	weightCode  = 20.0
)

// facetFields are the facets of a search: their names, their prefix in
// the facet keys and how many values each lists.
var facetFields = []struct {
	name, prefix string
	size         int
}{{"kind", "k:", 7}, {"place", "p:", 30}, {"type", "t:", 30}, {"reliability", "r:", 4}, {"year", "y:", 100}}

// qterm is a term of a query, analyzed.
type qterm struct {
	Term
	tokens []string // exact forms
	stems  []string // the stem of each token
}

func analyzeTerm(t Term) qterm {
	q := qterm{Term: t, tokens: analyzeQuery(t.Text)}
	for _, tok := range q.tokens {
		q.stems = append(q.stems, stemOf(tok))
	}
	return q
}

// scored is a posting list with the weight of its matches.
type scored struct {
	list   *termList
	weight float64
	key    string
	wt     float32 // weight × idf, once known
}

// exec is one search over one view of the index.
type exec struct {
	v       *view
	groups  [][]qterm
	exclude []qterm
	df      map[string]int
	n       float64
	typos   map[string][]string
	vars    map[string][]variant
	matched map[string]bool // typo terms found, for the snippets to mark
}

func variantTerms(vs []variant) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.term)
	}
	return out
}

// variant is another term a query word finds, ranked lower.
type variant struct {
	term   string
	weight float64
}

// variants returns the other terms a query word finds: its plural or
// singular, its Latin-script key, and, when it and those find little, the
// words one typo away.
func (e *exec) variants(tok string) []variant {
	if v, ok := e.vars[tok]; ok {
		return v
	}
	var out []variant
	for _, f := range pluralForms(tok) {
		out = append(out, variant{f, weightPlural})
	}
	if k := latinKey(tok); k != "" {
		out = append(out, variant{keyPrefix + k, weightVariant})
	}
	if utf8.RuneCountInString(tok) >= 5 && latinWord(tok) {
		// Count the live documents the word finds without typos, up to
		// typoBelow: a few steps through its lists.
		seen := map[uint32]bool{}
		count := func(l *termList) {
			it := l.docs.Iterator()
			for len(seen) < typoBelow && it.HasNext() {
				if d := it.Next(); e.v.live.Contains(d) {
					seen[d] = true
				}
			}
		}
		for _, s := range e.v.segs {
			if len(seen) >= typoBelow {
				break
			}
			for _, t := range append([]string{tok}, variantTerms(out)...) {
				if l := s.term(t); l != nil {
					count(l)
				}
			}
			for _, ti := range s.stemTerms(stemOf(tok)) {
				count(s.termAt(ti))
			}
		}
		found := len(seen)
		if found < typoBelow {
			for _, t := range e.typoCandidates(tok) {
				out = append(out, variant{t, weightTypo})
				e.matched[t] = true
			}
		}
	}
	e.vars[tok] = out
	return out
}

// plan is what a search asks of the index.
type plan struct {
	q     Query
	kind  string
	place string
	typ   string
	rel   string
	from  int32 // a record's last day must be on or after it (0: none)
	to    int32 // its first day on or before it (0: none)
	sort  string
	k     int // offset + limit
}

// result is what the index found: the hits of one page, in order, and the
// counts of all of them.
type result struct {
	total  int
	docs   []uint32
	facets map[string][]dhakira.Count
	typos  []string // words one typo from the query's that it found
}

// run evaluates p against v.
func (v *view) run(p plan) *result {
	// Documents are counted as their terms' lists count them, the deleted
	// included: a term's weight is then always above zero, as the heads
	// need (the best impacts are the best scores), however many of its
	// documents were deleted since the last merge.
	var all uint64
	for _, s := range v.segs {
		all += uint64(s.n)
	}
	e := &exec{v: v, df: map[string]int{}, n: float64(max(all, 1)),
		typos: map[string][]string{}, vars: map[string][]variant{}, matched: map[string]bool{}}
	for _, g := range p.q.Groups {
		var alts []qterm
		for _, t := range g {
			alts = append(alts, analyzeTerm(t))
		}
		e.groups = append(e.groups, alts)
	}
	for _, t := range p.q.Exclude {
		e.exclude = append(e.exclude, analyzeTerm(t))
	}
	filter := v.live // not changed: cloned when a facet narrows it
	filtered := false
	for _, f := range []struct{ prefix, value string }{{"k:", p.kind}, {"p:", p.place}, {"t:", p.typ}, {"r:", p.rel}} {
		if f.value == "" {
			continue
		}
		filtered = true
		b := v.facets[f.prefix+f.value]
		if b == nil {
			filter = roaring.New()
			break
		}
		filter = roaring.And(filter, b)
	}
	// Resolve every term's lists in every segment first: a term's weight
	// depends on how many documents of the whole index hold it.
	type segWork struct {
		s      *segment
		groups [][]*roaring.Bitmap
		lists  []scored
	}
	work := make([]segWork, len(v.segs))
	for i, s := range v.segs {
		work[i].s = s
	}
	// What a query word finds besides itself is resolved once, before the
	// segments are read (on both cores when the query is long).
	long := false
	var listed int
	for _, g := range append(slices.Clone(e.groups), e.exclude) {
		for _, t := range g {
			for _, tok := range t.tokens {
				if !t.Phrase {
					e.variants(tok)
				}
				listed += e.docFreq(tok)
				long = long || t.Phrase && len(t.tokens) > 1 && e.docFreq(tok) >= longPhrase
			}
		}
	}
	long = long || listed >= longLists
	eachSegment(len(work), long, func(_, i int) {
		w := &work[i]
		w.groups = [][]*roaring.Bitmap{{e.segmentHits(w.s, filter, filtered, p, &w.lists)}}
	})
	// Segments hold disjoint ranges of documents: the total is the sum of
	// theirs, and the hits are put together only when the facets need them.
	var total uint64
	for _, w := range work {
		total += w.groups[0][0].GetCardinality()
	}
	res := &result{total: int(total), facets: map[string][]dhakira.Count{}}
	for t := range e.matched {
		res.typos = append(res.typos, t)
	}
	if res.total == 0 {
		return res
	}
	segs := make([]*segment, len(work))
	parts := make([]*roaring.Bitmap, len(work))
	for i, w := range work {
		segs[i], parts[i] = w.s, w.groups[0][0]
	}
	// A word alone (no filter, exclusion or other word): its hits in each
	// segment are the union of its lists there, less the deleted.
	var alone [][]scored
	if len(e.groups) == 1 && len(e.groups[0]) == 1 && len(e.exclude) == 0 && !filtered && p.from == 0 && p.to == 0 {
		if t := e.groups[0][0]; !t.Phrase && len(t.tokens) == 1 {
			for _, w := range work {
				alone = append(alone, w.lists)
			}
		}
	}
	res.facets = v.countFacets(uint64(res.total), segs, parts, alone)
	if p.k <= 0 {
		return res
	}
	// The page: the best k of the hits.
	top := &topK{k: p.k, sort: p.sort, v: v}
	if p.sort == "" {
		ranked := false
		for i := range work {
			for j := range work[i].lists {
				l := &work[i].lists[j]
				l.wt = float32(l.weight * e.idf(l.key))
				ranked = true
			}
		}
		if ranked {
			tops := []*topK{top}
			for range runtime.GOMAXPROCS(0) - 1 {
				tops = append(tops, &topK{k: p.k, v: v})
			}
			scores := make([][]float32, len(tops))
			workers := eachSegment(len(work), long, func(worker, i int) {
				w := &work[i]
				if segHits := w.groups[0][0]; !segHits.IsEmpty() && !tops[worker].bestFromHeads(segHits, w.s, w.lists) &&
					!tops[worker].bestFromGroup(segHits, w.s, w.lists) {
					scores[worker] = w.s.scoreLists(w.lists, scores[worker])
					tops[worker].pushScored(segHits, w.s, scores[worker])
				}
			})
			for _, t := range tops[1:workers] {
				for _, it := range t.items {
					top.push(it)
				}
			}
			return res.page(top)
		}
	}
	for _, w := range work {
		segHits := w.groups[0][0]
		if segHits.IsEmpty() {
			continue
		}
		if p.sort == "" {
			// Nothing to rank by: the first documents, in index order.
			it := segHits.Iterator()
			for it.HasNext() && (len(top.items) < p.k) {
				top.push(item{doc: it.Next()})
			}
			continue
		}
		it := segHits.ManyIterator()
		buf := make([]uint32, 256)
		for {
			n := it.NextMany(buf)
			if n == 0 {
				break
			}
			for _, doc := range buf[:n] {
				it := item{doc: doc, seg: w.s}
				it.date, _ = w.s.date(doc - w.s.base)
				top.push(it)
			}
		}
	}
	return res.page(top)
}

// page sets the hits of res to the best of top, in order.
func (res *result) page(top *topK) *result {
	items := top.sorted()
	for _, it := range items {
		res.docs = append(res.docs, it.doc)
	}
	return res
}

// segmentHits returns the hits of p in segment s among filter, adding to
// lists the posting lists its matches rank by. It only reads e.
func (e *exec) segmentHits(s *segment, filter *roaring.Bitmap, narrowed bool, p plan, lists *[]scored) *roaring.Bitmap {
	// Narrowed by a facet, the filter comes first (a search may then read
	// no list); otherwise the words do, and the filter of live documents
	// applies only where some are deleted.
	var segHits *roaring.Bitmap
	if narrowed || len(e.groups) == 0 {
		segHits = roaring.New()
		segHits.AddRange(uint64(s.base), uint64(s.base)+uint64(s.n))
		segHits.And(filter)
	}
	for _, g := range e.groups {
		if segHits != nil && segHits.IsEmpty() {
			break
		}
		var alts []*roaring.Bitmap
		for _, t := range g {
			b, l := e.match(s, t, true) // b is the caller's
			alts = append(alts, b)
			*lists = append(*lists, l...)
		}
		b := alts[0]
		if len(alts) > 1 {
			b = roaring.FastOr(alts...)
		}
		if segHits == nil {
			segHits = b
		} else {
			segHits.And(b)
		}
	}
	if !narrowed && len(e.groups) > 0 && e.v.deleted.IntersectsWithInterval(uint64(s.base), uint64(s.base)+uint64(s.n)) {
		segHits.And(filter)
	}
	for _, t := range e.exclude {
		if segHits.IsEmpty() {
			break
		}
		b, _ := e.match(s, t, false)
		segHits.AndNot(b)
	}
	if (p.from != 0 || p.to != 0) && !segHits.IsEmpty() {
		kept := roaring.New()
		it := segHits.Iterator()
		for it.HasNext() {
			doc := it.Next()
			first, last := s.date(doc - s.base)
			if first == 0 || p.from != 0 && last < p.from || p.to != 0 && first > p.to {
				continue
			}
			kept.Add(doc)
		}
		segHits = kept
	}
	return segHits
}

// idf is BM25's inverse document frequency of a term over the whole index.
func (e *exec) idf(key string) float64 {
	df := e.docFreq(key)
	return math.Log(1 + (e.n-float64(df)+0.5)/(float64(df)+0.5))
}

// docFreq is how many documents of the whole index hold a term, deleted
// ones included.
func (e *exec) docFreq(key string) int {
	df, ok := e.df[key]
	if !ok {
		for _, s := range e.v.segs {
			df += s.termDF(key)
		}
		e.df[key] = df
	}
	return df
}

// termDF returns how many documents of s a term's list holds (0 when it
// has none): term's lookup without opening the list.
func (s *segment) termDF(t string) int {
	n := int(s.ft.nterms)
	i := sort.Search(n, func(i int) bool {
		k, _ := s.dictKey(s.ft.termIdx, i)
		return string(k) >= t
	})
	if i == n {
		return 0
	}
	k, p := s.dictKey(s.ft.termIdx, i)
	if string(k) != t {
		return 0
	}
	df, _ := binary.Uvarint(p)
	return int(df)
}

// match returns the documents of segment s that t matches and, when
// scoring, the lists its matches are ranked by.
func (e *exec) match(s *segment, t qterm, scoring bool) (*roaring.Bitmap, []scored) {
	var lists []scored
	if t.Phrase {
		var bms []*roaring.Bitmap
		var tls []*termList
		for _, tok := range t.tokens {
			l := s.term(tok)
			if l == nil {
				return roaring.New(), nil
			}
			bms = append(bms, l.docs)
			tls = append(tls, l)
			lists = append(lists, scored{list: l, weight: weightExact, key: tok})
		}
		if len(bms) == 0 {
			return roaring.New(), nil
		}
		cand := roaring.FastAnd(bms...)
		if len(tls) > 1 {
			cand = phraseFilter(cand, tls)
		}
		return cand, lists
	}
	var words []*roaring.Bitmap
	for i, tok := range t.tokens {
		var alts []*roaring.Bitmap
		if l := s.term(tok); l != nil {
			alts = append(alts, l.docs)
			lists = append(lists, scored{list: l, weight: weightExact, key: tok})
		}
		for _, ti := range s.stemTerms(t.stems[i]) {
			key := s.termKey(ti)
			if key == tok {
				continue
			}
			l := s.termAt(ti)
			alts = append(alts, l.docs)
			lists = append(lists, scored{list: l, weight: weightStem, key: key})
		}
		for _, other := range e.variants(tok) {
			if l := s.term(other.term); l != nil {
				alts = append(alts, l.docs)
				lists = append(lists, scored{list: l, weight: other.weight, key: other.term})
			}
		}
		if len(alts) == 0 {
			words = nil
			break
		}
		words = append(words, roaring.FastOr(alts...))
	}
	var docs *roaring.Bitmap
	if len(words) == 1 {
		docs = words[0] // made by FastOr: ours
	} else if len(words) > 0 {
		docs = roaring.FastAnd(words...)
	} else {
		docs = roaring.New()
		lists = nil
	}
	if code := strings.TrimSpace(t.Text); code != "" {
		if l := s.term(codePrefix + code); l != nil {
			docs.Or(l.docs)
			lists = append(lists, scored{list: l, weight: weightCode, key: codePrefix + code})
		}
	}
	return docs, lists
}

// item is a hit ranked for the page.
type item struct {
	doc   uint32
	seg   *segment
	score float32
	date  int32
	code  string
}

// topK keeps the best k items: by score, or by date with the code after.
type topK struct {
	k     int
	sort  string
	v     *view
	items []item
}

func (t *topK) codeOf(it *item) string {
	if it.code == "" && it.seg != nil {
		it.code = it.seg.code(it.doc - it.seg.base)
	}
	return it.code
}

// better reports whether a ranks above b.
func (t *topK) better(a, b *item) bool {
	switch t.sort {
	case "date", "date-asc":
		if (a.date == 0) != (b.date == 0) {
			return a.date != 0 // undated last
		}
		if a.date != b.date {
			if t.sort == "date" {
				return a.date > b.date
			}
			return a.date < b.date
		}
		return t.codeOf(a) < t.codeOf(b)
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.doc < b.doc
}

// The heap holds the worst item on top.
func (t *topK) Len() int           { return len(t.items) }
func (t *topK) Less(i, j int) bool { return t.better(&t.items[j], &t.items[i]) }
func (t *topK) Swap(i, j int)      { t.items[i], t.items[j] = t.items[j], t.items[i] }
func (t *topK) Push(x any)         { t.items = append(t.items, x.(item)) }
func (t *topK) Pop() any {
	it := t.items[len(t.items)-1]
	t.items = t.items[:len(t.items)-1]
	return it
}

func (t *topK) push(it item) {
	if len(t.items) < t.k {
		heap.Push(t, it)
		return
	}
	if t.better(&it, &t.items[0]) {
		t.items[0] = it
		heap.Fix(t, 0)
	}
}

func (t *topK) sorted() []item {
	out := slices.Clone(t.items)
	slices.SortFunc(out, func(a, b item) int {
		if t.better(&a, &b) {
			return -1
		}
		if t.better(&b, &a) {
			return 1
		}
		return 0
	})
	return out
}
