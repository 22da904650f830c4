package search

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
)

// A common word is searched through several lists: its own, the other
// words of its stem, its plurals and its Latin-script key. Each long list
// has a head (heads.go), but a page ranked by several lists cannot be
// found from one of them. So a segment also keeps, for each word whose
// lists together hold at least groupMinDF documents, its group: the
// lists it reads (their dictionary numbers), a merged head — the
// groupSize documents of their union with the best static score, each
// with its impact in every list of the group — and the group's facet
// counts (shared by the words whose groups have the same lists).
//
// The static score weights each list as a search does (the word as typed
// above the other words of its stem, …) with the segment's own idf, which
// is close to the whole index's but not the same: a search computes the
// exact score of each head document, and an upper bound of any other's,
// from two bounds kept with the head — the best impact outside the head
// of each list, and the best static score outside it. When the page's
// last hit scores above that bound, the rest of the union cannot change
// the page.
//
// The facet counts are those of the whole union: a search of the word
// alone (no filter, no exclusion) subtracts the union's deleted documents
// and has its facets without intersecting its hits with any value.
//
// Layout of the groups section: the number of groups; for each, in
// order of its key (its word's term number, or stemGroupKey and its
// stem's first term number), the key and the offset of its group from
// the section's start. A group: L (a byte); L term numbers
// (4 bytes each, increasing); the offset of its facet block; L static
// weights (float32); the best static score outside the head (float32); L
// best impacts outside the head; the head's length n; n ordinals (4 bytes
// each); n×L impacts (a document's L in a row, 0 when not in that list).
// A facet block: the union's cardinality, the number of facet values
// counted and the length of what follows (4 bytes each); then for each
// value, in order, its index in the segment's facet keys (the difference
// from the previous one) and its count (uvarints).
//
// A word that is not in a segment (an English word found only through
// its stem: "arresting" finds arrest, arrested, arrests) reads its stem's
// lists, all with one weight: no word's group fits it, its head being
// chosen by the word's own weights. So a segment also keeps the group of
// each stem whose lists hold stemGroupMinDF documents or more, keyed by
// stemGroupKey and the stem's first term, the words' groups first: its
// head (only when the union holds groupMinDF documents or more: a shorter
// union is walked) gives such a word its page, and its facet counts the
// word's facets.
var (
	groupMinDF     = 2048
	groupSize      = 256
	stemGroupMinDF = 512
	// groupSkew chooses heads by static weights unlike a search's (the
	// tests: the bounds must then keep the pages exact).
	groupSkew = false
)

// stemGroupKey marks the key of a stem's group in the groups section.
const stemGroupKey = 1 << 31

// groupWeight returns the weight a query word's search gives each term of
// lists (the word itself is word): the sum of its roles, as exec.match
// gives them.
func groupWeights(word string, keys []string, lists []uint32) []float64 {
	out := make([]float64, len(lists))
	plurals := pluralForms(word)
	key := ""
	if k := latinKey(word); k != "" {
		key = keyPrefix + k
	}
	stem := stemOf(word)
	for i, l := range lists {
		t := keys[l]
		if t == word {
			out[i] += weightExact
		} else if t[0] != keyPrefix[0] && t[0] != codePrefix[0] && stemOf(t) == stem {
			out[i] += weightStem
		}
		for _, p := range plurals {
			if p == t {
				out[i] += weightPlural
			}
		}
		if t == key {
			out[i] += weightVariant
		}
	}
	return out
}

// groupLists returns the dictionary numbers of the lists a search of the
// word keys[i] reads in a segment whose sorted terms are keys, increasing.
func groupLists(i int, keys []string, stemTerms []uint32) []uint32 {
	word := keys[i]
	out := []uint32{uint32(i)}
	out = append(out, stemTerms...)
	find := func(t string) {
		if j, ok := slices.BinarySearch(keys, t); ok {
			out = append(out, uint32(j))
		}
	}
	for _, p := range pluralForms(word) {
		find(p)
	}
	if k := latinKey(word); k != "" {
		find(keyPrefix + k)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// writeGroups writes the groups section of a segment of n documents from
// base whose terms, in dictionary order, are keys; stems are the terms of
// each stem and vals each document's facet values.
func writeGroups(w *countingWriter, keys []string, terms map[string]*posting, stems map[string][]uint32, vals *facetCol, base, n uint32) {
	type entry struct{ term, off uint32 }
	var table []entry
	var blob []byte
	facetBlocks := map[string]uint32{} // lists → the offset of their block
	var fblob []byte
	score := make([]float64, n)
	stamp := make([]int32, n)
	for i := range stamp {
		stamp[i] = -1
	}
	row := make([]int32, n)
	var touched []uint32
	var scratch []float64
	nvals := 0
	for _, id := range vals.ids {
		nvals = max(nvals, int(id)+1)
	}
	counts := make([]uint32, nvals)
	// The words of the stems whose lists hold groupMinDF postings or more
	// (a word's plurals and key are left out of this count: a word without
	// a group is searched by walking its lists).
	var words []uint32
	for _, ts := range stems {
		sum := 0
		for _, i := range ts {
			sum += len(terms[keys[i]].docs)
		}
		if sum >= groupMinDF {
			words = append(words, ts...)
		}
	}
	slices.Sort(words)
	gid := int32(0) // a group's number, marking its documents in stamp
	// addGroup writes the group of key, reading lists with the static
	// weights wts, when their union holds at least min documents.
	addGroup := func(key uint32, lists []uint32, wts []float64, min int) {
		// The static score of each document of the union.
		c := make([]float32, len(lists))
		touched = touched[:0]
		g := gid
		gid++
		for j, l := range lists {
			p := terms[keys[l]]
			df := float64(len(p.docs))
			c[j] = float32(wts[j] * math.Log(1+(float64(n)-df+0.5)/(df+0.5)))
			if groupSkew {
				c[j] = float32(1 + (j+int(key))%3)
			}
			for o, doc := range p.docs {
				ord := doc - base
				if stamp[ord] != g {
					stamp[ord] = g
					score[ord] = 0
					touched = append(touched, ord)
				}
				score[ord] += float64(c[j]) * float64(p.impacts[o])
			}
		}
		if len(touched) < min {
			return
		}
		// The head: the best by static score, then by document. A union
		// under groupMinDF (a stem's group kept for its facets) has none:
		// its lists are short enough to walk.
		size := groupSize
		if len(touched) < groupMinDF {
			size = 0
		}
		head := bestOf(touched, size, score, &scratch)
		for k, ord := range head {
			row[ord] = int32(k)
			stamp[ord] = -2 - g // in the head
		}
		// The bounds of the rest, and the head's impacts.
		L := len(lists)
		imps := make([]byte, len(head)*L)
		bl := make([]byte, L)
		for j, l := range lists {
			p := terms[keys[l]]
			for o, doc := range p.docs {
				ord := doc - base
				if stamp[ord] == -2-g {
					imps[int(row[ord])*L+j] = p.impacts[o]
				} else {
					bl[j] = max(bl[j], p.impacts[o])
				}
			}
		}
		bs := 0.0 // once a document, not once a list it is in
		for _, ord := range touched {
			if stamp[ord] != -2-g {
				bs = max(bs, score[ord])
			}
		}
		// The facet counts of the union, once for each set of lists.
		var sk strings.Builder
		for _, l := range lists {
			sk.WriteString(string(binary.LittleEndian.AppendUint32(nil, l)))
		}
		foff, ok := facetBlocks[sk.String()]
		if !ok {
			clear(counts)
			for _, ord := range touched {
				for _, v := range vals.of(ord) {
					counts[v]++
				}
			}
			var block []byte
			nz, prev := 0, 0
			for v, c := range counts {
				if c > 0 {
					block = binary.AppendUvarint(block, uint64(v-prev))
					block = binary.AppendUvarint(block, uint64(c))
					prev = v
					nz++
				}
			}
			foff = uint32(len(fblob))
			facetBlocks[sk.String()] = foff
			fblob = binary.LittleEndian.AppendUint32(fblob, uint32(len(touched)))
			fblob = binary.LittleEndian.AppendUint32(fblob, uint32(nz))
			fblob = binary.LittleEndian.AppendUint32(fblob, uint32(len(block)))
			fblob = append(fblob, block...)
		}
		table = append(table, entry{key, uint32(len(blob))})
		blob = append(blob, byte(L))
		for _, l := range lists {
			blob = binary.LittleEndian.AppendUint32(blob, l)
		}
		blob = binary.LittleEndian.AppendUint32(blob, foff) // made absolute below
		for _, x := range c {
			blob = binary.LittleEndian.AppendUint32(blob, math.Float32bits(x))
		}
		// Rounded up, so that it stays a bound.
		blob = binary.LittleEndian.AppendUint32(blob, math.Float32bits(float32(bs)*(1+1e-6)))
		blob = append(blob, bl...)
		blob = binary.LittleEndian.AppendUint32(blob, uint32(len(head)))
		for _, ord := range head {
			blob = binary.LittleEndian.AppendUint32(blob, ord)
		}
		blob = append(blob, imps...)
	}
	for _, wi := range words {
		i, t := int(wi), keys[wi]
		lists := groupLists(i, keys, stems[stemOf(t)])
		if len(lists) > 255 {
			continue
		}
		addGroup(uint32(i), lists, groupWeights(t, keys, lists), groupMinDF)
	}
	// The stems' groups, by their first term (after the words': the
	// table stays in order of its keys).
	var firsts [][]uint32
	for _, ts := range stems {
		if len(ts) <= 255 {
			firsts = append(firsts, ts)
		}
	}
	slices.SortFunc(firsts, func(a, b []uint32) int { return int(a[0]) - int(b[0]) })
	for _, ts := range firsts {
		sum := 0
		for _, i := range ts {
			sum += len(terms[keys[i]].docs)
		}
		if sum < stemGroupMinDF {
			continue
		}
		wts := make([]float64, len(ts))
		for j := range wts {
			wts[j] = weightStem
		}
		addGroup(stemGroupKey|ts[0], ts, wts, stemGroupMinDF)
	}
	at := uint32(4 + 8*len(table))
	fat := at + uint32(len(blob))
	// The facet offsets, from the section's start.
	for _, e := range table {
		p := blob[e.off:]
		L := int(p[0])
		o := 1 + 4*L
		binary.LittleEndian.PutUint32(p[o:], fat+binary.LittleEndian.Uint32(p[o:]))
	}
	w.u32(uint32(len(table)))
	for _, e := range table {
		w.u32(e.term)
		w.u32(at + e.off)
	}
	w.Write(blob)
	w.Write(fblob)
}

// bestOf returns the best size of touched, the highest score first, then
// the lowest ordinal; sc is scratch. It finds the size-th best score
// (a quickselect over the scores that a sample shows may be among the
// best) and sorts only the documents that reach it: a sorted head kept while walking a union inserted most of its
// documents, the unions' scores rising along them, for a third of the
// time of writing the groups.
func bestOf(touched []uint32, size int, score []float64, sc *[]float64) []uint32 {
	var head []uint32
	if size == 0 {
		return head
	}
	if len(touched) <= size {
		head = slices.Clone(touched)
	} else {
		// A sample of one in eight, whose size/4-th best is an estimate
		// of the size-th best a little below it, leaves about twice size
		// documents to select from (all of them when it leaves fewer).
		v := (*sc)[:0]
		if len(touched) >= 8*size {
			for i := 0; i < len(touched); i += 8 {
				v = append(v, score[touched[i]])
			}
			low := kthLargest(v, max(1, size/4))
			v = v[:0]
			for _, ord := range touched {
				if x := score[ord]; x >= low {
					v = append(v, x)
				}
			}
		}
		if len(v) < size {
			v = v[:0]
			for _, ord := range touched {
				v = append(v, score[ord])
			}
		}
		*sc = v
		// Those above the size-th best score, and of those at it (often
		// many: impacts are bytes) the first by ordinal.
		t := kthLargest(v, size)
		var ties []uint32
		for _, ord := range touched {
			if x := score[ord]; x > t {
				head = append(head, ord)
			} else if x == t {
				ties = append(ties, ord)
			}
		}
		slices.Sort(ties)
		head = append(head, ties[:size-len(head)]...)
	}
	slices.SortFunc(head, func(a, b uint32) int {
		if c := cmp.Compare(score[b], score[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return head
}

// kthLargest returns the k-th largest of v (k from 1), reordering v.
func kthLargest(v []float64, k int) float64 {
	k--
	lo, hi := 0, len(v)-1
	for lo < hi {
		a, b, c := v[lo], v[lo+(hi-lo)/2], v[hi]
		p := max(min(a, b), min(max(a, b), c)) // their median
		i, j := lo, hi
		for i <= j {
			for v[i] > p {
				i++
			}
			for v[j] < p {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		// v[lo:j+1] ≥ p ≥ v[i:hi+1], and v[j+1:i] = p.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return p
		}
	}
	return v[k]
}

// facetCol is the facet values of each document of a segment being
// written, by their index in its facet keys: those of ordinal d are
// ids[off[d]:off[d+1]], increasing. One array, not a slice a document:
// writing a segment of 50,000 made as many small slices, and counting a
// group's facets walks the values of most of them.
type facetCol struct {
	off []uint32
	ids []uint32
}

func (c *facetCol) of(d uint32) []uint32 { return c.ids[c.off[d]:c.off[d+1]] }

// group is a word's group as a segment holds it.
type group struct {
	lists []byte // L term numbers, 4 bytes each
	c     []byte // L static weights
	bs    float32
	bl    []byte
	docs  []byte // n ordinals
	imps  []byte // n×L
	facet []byte // the facet block
	stem  bool   // a stem's group
}

func (g *group) len() int          { return len(g.bl) }
func (g *group) list(j int) uint32 { return binary.LittleEndian.Uint32(g.lists[4*j:]) }
func (g *group) weight(j int) float32 {
	return math.Float32frombits(binary.LittleEndian.Uint32(g.c[4*j:]))
}

// col returns the column of term idx in g, or -1.
func (g *group) col(idx int) int {
	L := g.len()
	j := sort.Search(L, func(j int) bool { return int(g.list(j)) >= idx })
	if j < L && int(g.list(j)) == idx {
		return j
	}
	return -1
}

// group returns the group of the word of dictionary number idx, and false
// when it has none.
func (s *segment) group(idx int) (group, bool) {
	at := s.ft.groups
	if at == 0 {
		return group{}, false
	}
	m := int(s.u32(at))
	i := sort.Search(m, func(i int) bool { return int(s.u32(at+4+8*uint64(i))) >= idx })
	if i == m || int(s.u32(at+4+8*uint64(i))) != idx {
		return group{}, false
	}
	off := at + uint64(s.u32(at+8+8*uint64(i)))
	d := s.data
	L := uint64(d[off])
	p := off + 1
	g := group{lists: d[p : p+4*L], stem: idx&stemGroupKey != 0}
	p += 4 * L
	fo := at + uint64(s.u32(p))
	p += 4
	g.c = d[p : p+4*L]
	p += 4 * L
	g.bs = math.Float32frombits(s.u32(p))
	p += 4
	g.bl = d[p : p+L]
	p += L
	n := uint64(s.u32(p))
	p += 4
	g.docs = d[p : p+4*n]
	p += 4 * n
	g.imps = d[p : p+n*L]
	g.facet = d[fo : fo+12+uint64(s.u32(fo+8))]
	return g, true
}

// groupOf returns the group whose lists hold every list of lists (exactly
// those when exact), and the column of each list in it: the group of the
// word as typed, else its stem's (a word not in the segment), else, for a
// page, any list's group that holds them all.
func (s *segment) groupOf(lists []scored, exact bool) (group, []int, bool) {
	if s.ft.groups == 0 || len(lists) == 0 {
		return group{}, nil, false
	}
	fit := func(g group) ([]int, bool) {
		cols := make([]int, len(lists))
		seen := make([]bool, g.len())
		for i, m := range lists {
			if cols[i] = g.col(m.list.idx); cols[i] < 0 {
				return nil, false
			}
			seen[cols[i]] = true
		}
		if exact && slices.Contains(seen, false) {
			return nil, false
		}
		return cols, true
	}
	tried := map[int]bool{}
	try := func(key int) (group, []int, bool) {
		if tried[key] {
			return group{}, nil, false
		}
		tried[key] = true
		g, ok := s.group(key)
		if !ok {
			return group{}, nil, false
		}
		cols, ok := fit(g)
		return g, cols, ok
	}
	for _, l := range lists {
		if l.weight != weightExact {
			continue
		}
		if g, cols, ok := try(l.list.idx); ok {
			return g, cols, true
		}
	}
	// A stem's group is keyed by its first term, one of the lists the
	// word reads by its stem (or as typed).
	for _, l := range lists {
		if l.weight != weightExact && l.weight != weightStem {
			continue
		}
		if g, cols, ok := try(stemGroupKey | l.list.idx); ok {
			return g, cols, true
		}
	}
	for _, l := range lists {
		if g, cols, ok := try(l.list.idx); ok {
			return g, cols, true
		}
	}
	return group{}, nil, false
}

// bestFromGroup offers to t the hits of s among its best t.k when the
// lists they are ranked by are all in one word's group and its head holds
// them, and reports whether it could.
func (t *topK) bestFromGroup(hits *roaring.Bitmap, s *segment, lists []scored) bool {
	if !useHeads || len(lists) < 2 {
		return false
	}
	g, cols, ok := s.groupOf(lists, false)
	if !ok {
		return false
	}
	L := g.len()
	bound := outsideBound(g, groupListWeights(g, cols, lists)) * (1 + 1e-5)
	// Every head document among the hits, scored as scoreLists would.
	best := &topK{k: t.k}
	n := len(g.docs) / 4
	for r := range n {
		d := s.base + binary.LittleEndian.Uint32(g.docs[4*r:])
		if !hits.Contains(d) {
			continue
		}
		var sc float32
		row := g.imps[r*L : r*L+L]
		for i, l := range lists {
			if imp := row[cols[i]]; imp > 0 {
				sc = addImpact(sc, l.wt, imp)
			}
		}
		best.push(item{doc: d, seg: s, score: sc})
	}
	if len(best.items) < t.k || float64(best.items[0].score) <= bound {
		return false
	}
	for _, it := range best.items {
		t.push(it)
	}
	groupsServed.Add(1)
	if g.stem {
		stemGroupsServed.Add(1)
	}
	return true
}

// groupListWeights returns the weight of each list of g in a search ranked by lists,
// whose columns in g are cols.
func groupListWeights(g group, cols []int, lists []scored) []float64 {
	out := make([]float64, g.len())
	for i, l := range lists {
		out[cols[i]] += float64(l.wt)
	}
	return out
}

// outsideBound returns the best score, by weights w, that a document of
// g's lists outside its head may have. Its impact in list j is at most
// bl[j] and its static score (by the weights c) at most bs: the best of
// Σ w[j]·x[j] under 0 ≤ x[j] ≤ bl[j] and Σ c[j]·x[j] ≤ bs is found by
// filling the lists in order of w[j]/c[j], the largest first (a
// fractional knapsack). It is below both each list's bound alone and the
// best static score times the largest w[j]/c[j]; with static weights far
// from a search's (a segment where a common word is in most records, so
// that its idf there is half the index's), measured at 1M records, the
// common words' pages came from their groups in 20 segments of 20
// instead of 12 to 15.
func outsideBound(g group, w []float64) float64 {
	L := g.len()
	order := make([]int, 0, L)
	for j := range L {
		if w[j] > 0 {
			order = append(order, j)
		}
	}
	ratio := func(j int) float64 {
		if c := float64(g.weight(j)); c > 0 {
			return w[j] / c
		}
		return math.Inf(1)
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ratio(b), ratio(a)) })
	budget, bound := float64(g.bs), 0.0
	for _, j := range order {
		x, c := float64(g.bl[j]), float64(g.weight(j))
		if c > 0 && x*c > budget {
			x = budget / c
		}
		bound += w[j] * x
		if budget -= x * c; budget <= 0 {
			break
		}
	}
	return bound
}

// groupsServed and groupsCounted count the segments whose best hits, and
// whose facet counts, came from a group.
// (stemGroupsServed and stemGroupsCounted: those of a stem's group).
var groupsServed, groupsCounted, stemGroupsServed, stemGroupsCounted atomic.Int64

// groupFacets adds to counts (by the segment's facet keys) the facet
// values of hits, the documents of lists in s that are not deleted, from
// the group of lists when there is one; it reports false when there is
// none.
func (s *segment) groupFacets(lists []scored, deleted *roaring.Bitmap, add func(id uint32, n int32)) bool {
	g, _, ok := s.groupOf(lists, true)
	if !ok {
		return false
	}
	groupsCounted.Add(1)
	if g.stem {
		stemGroupsCounted.Add(1)
	}
	nf := int(binary.LittleEndian.Uint32(g.facet[4:]))
	p := g.facet[12:]
	id := uint64(0)
	for range nf {
		d, k := binary.Uvarint(p)
		c, k2 := binary.Uvarint(p[k:])
		p = p[k+k2:]
		id += d
		add(uint32(id), int32(c))
	}
	// The deleted documents of the union.
	gone := roaring.New()
	gone.AddRange(uint64(s.base), uint64(s.base)+uint64(s.n))
	gone.And(deleted)
	if gone.IsEmpty() {
		return true
	}
	var in []*roaring.Bitmap
	for _, l := range lists {
		in = append(in, l.list.docs)
	}
	gone.And(roaring.FastOr(in...))
	it := gone.Iterator()
	for it.HasNext() {
		s.eachFacet(it.Next()-s.base, func(id uint32) { add(id, -1) })
	}
	return true
}
