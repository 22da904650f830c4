package search

import (
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/dhakira/dhakira"
)

// Facet counts are exact for every value a search lists. Where the hits
// are few they are counted from each hit's values (a column per segment);
// where they are many, as AND-cardinalities of the hits with one bitmap
// per value over the whole index. A field lists its best values only
// (thirty places of several hundred), and a value cannot count more hits
// than it has records: its values are tried from the most common down,
// and the rest are skipped once the least of the best so far counts more
// than the next value has records.

// facetValue is one value of a facet field over the whole index.
type facetValue struct {
	value string
	bm    *roaring.Bitmap
	card  uint64
}

// facetTable is a view's facet values by field, the most common first, and
// for each segment where its values are in that table.
type facetTable struct {
	fields [][]facetValue // by facetFields
	segIDs map[*segment][]int32
	ids    map[string]int32 // key → field<<16 | index
}

// facetTable builds v's table once, the first time a search asks.
func (v *view) facetTable() *facetTable {
	v.facetOnce.Do(func() {
		t := &facetTable{fields: make([][]facetValue, len(facetFields)), segIDs: map[*segment][]int32{}, ids: map[string]int32{}}
		for key, bm := range v.facets {
			for f, ff := range facetFields {
				if strings.HasPrefix(key, ff.prefix) {
					t.fields[f] = append(t.fields[f], facetValue{value: key[len(ff.prefix):], bm: bm, card: bm.GetCardinality()})
				}
			}
		}
		for f, vals := range t.fields {
			slices.SortFunc(vals, func(a, b facetValue) int {
				if a.card != b.card {
					if a.card > b.card {
						return -1
					}
					return 1
				}
				return strings.Compare(a.value, b.value)
			})
			for i, fv := range vals {
				t.ids[facetFields[f].prefix+fv.value] = int32(f<<16 | i)
			}
		}
		for _, s := range v.segs {
			ids := make([]int32, len(s.fkeys))
			for i, k := range s.fkeys {
				id, ok := t.ids[k]
				if !ok {
					id = -1
				}
				ids[i] = id
			}
			t.segIDs[s] = ids
		}
		v.ftab = t
	})
	return v.ftab
}

// countFacets returns the facet counts of the hits, total of them, whose
// parts by segment are segHits. When the hits are those of one word alone, lists are the
// lists of each segment they are the union of (nil otherwise): a segment
// that keeps that union's facet counts gives them without visiting hits.
func (v *view) countFacets(total uint64, segs []*segment, segHits []*roaring.Bitmap, lists [][]scored) map[string][]dhakira.Count {
	t := v.facetTable()
	var lists2 [][]dhakira.Count
	if lists != nil && useHeads {
		lists2 = v.groupFacets(t, segs, segHits, lists)
	}
	if lists2 != nil {
		// counted from the groups
	} else if total*8 < v.live.GetCardinality() {
		// Few hits: each hit's values, from the column of its segment.
		lists2 = v.columnFacets(t, segs, segHits, func(i int, s *segment, counts []int32, _ func(uint32, int32)) bool {
			s.countFacets(segHits[i], counts)
			return true
		})
	} else {
		hits := roaring.New()
		for _, h := range segHits {
			hits.Or(h)
		}
		for f, ff := range facetFields {
			lists2 = append(lists2, bestValues(hits, t.fields[f], ff.size))
		}
	}
	out := map[string][]dhakira.Count{}
	for f, ff := range facetFields {
		l := lists2[f]
		sortCounts(l)
		if len(l) > ff.size {
			l = l[:ff.size]
		}
		if len(l) > 0 {
			out[ff.name] = l
		}
	}
	return out
}

// groupFacets counts the facets of a word's hits from the groups of the
// segments that keep them, and from the column elsewhere when the hits
// there are few; nil when neither.
func (v *view) groupFacets(t *facetTable, segs []*segment, segHits []*roaring.Bitmap, lists [][]scored) [][]dhakira.Count {
	for i, s := range segs {
		if segHits[i] != nil && !segHits[i].IsEmpty() && s.ft.groups == 0 {
			return nil
		}
	}
	return v.columnFacets(t, segs, segHits, func(i int, s *segment, counts []int32, add func(uint32, int32)) bool {
		if s.groupFacets(lists[i], v.deleted, add) {
			return true
		}
		if segHits[i].GetCardinality() > uint64(groupMinDF) {
			return false
		}
		s.countFacets(segHits[i], counts)
		return true
	})
}

// columnFacets counts facets segment by segment: count adds the counts of
// segment i by its facet keys, to scratch or through add (a few values),
// or reports false to give up (then nil).
func (v *view) columnFacets(t *facetTable, segs []*segment, segHits []*roaring.Bitmap, count func(i int, s *segment, scratch []int32, add func(j uint32, n int32)) bool) [][]dhakira.Count {
	counts := make([][]int32, len(facetFields))
	for f := range counts {
		counts[f] = make([]int32, len(t.fields[f]))
	}
	var scratch []int32
	var ids []int32
	add := func(j uint32, n int32) {
		if id := ids[j]; id >= 0 {
			counts[id>>16][id&0xffff] += n
		}
	}
	for i, s := range segs {
		if segHits[i] == nil || segHits[i].IsEmpty() {
			continue
		}
		ids = t.segIDs[s]
		if cap(scratch) < len(s.fkeys) {
			scratch = make([]int32, len(s.fkeys))
		}
		scratch = scratch[:len(s.fkeys)]
		if !count(i, s, scratch, add) {
			return nil
		}
		// What count left in scratch, which is left clear.
		for j, c := range scratch {
			if c != 0 {
				add(uint32(j), c)
				scratch[j] = 0
			}
		}
	}
	var lists [][]dhakira.Count
	for f, ff := range facetFields {
		lists = append(lists, topCounts(counts[f], t.fields[f], ff.size))
	}
	return lists
}

// topCounts returns the best size of counts (by vals, the most common
// first): the most hits, then values in order. A value cannot count more
// hits than it has records, so the rest are skipped once the least of the
// best counts more than the next value has.
func topCounts(counts []int32, vals []facetValue, size int) []dhakira.Count {
	// A heap of the best so far, the least on top.
	var h []dhakira.Count
	less := func(a, b dhakira.Count) bool { // a ranks below b
		if a.N != b.N {
			return a.N < b.N
		}
		return a.Value > b.Value
	}
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && less(h[r], h[l]) {
				l = r
			}
			if !less(h[l], h[i]) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i, c := range counts {
		if len(h) == size && vals[i].card < uint64(h[0].N) {
			break
		}
		if c == 0 || len(h) == size && int(c) < h[0].N {
			continue
		}
		x := dhakira.Count{Value: vals[i].value, N: int(c)}
		if len(h) < size {
			h = append(h, x)
			for j := len(h) - 1; j > 0 && less(h[j], h[(j-1)/2]); j = (j - 1) / 2 {
				h[j], h[(j-1)/2] = h[(j-1)/2], h[j]
			}
			continue
		}
		if less(h[0], x) {
			h[0] = x
			down(0)
		}
	}
	return h
}

// bestValues counts hits in each value of vals (the most common first)
// until no value left can be among the best size.
func bestValues(hits *roaring.Bitmap, vals []facetValue, size int) []dhakira.Count {
	var l []dhakira.Count
	var least []int // the best counts so far, at most size, ascending
	for _, fv := range vals {
		if len(least) == size && fv.card < uint64(least[0]) {
			break
		}
		c := int(hits.AndCardinality(fv.bm))
		if c == 0 {
			continue
		}
		l = append(l, dhakira.Count{Value: fv.value, N: c})
		switch {
		case len(least) < size:
			i, _ := slices.BinarySearch(least, c)
			least = slices.Insert(least, i, c)
		case c > least[0]:
			least = least[1:]
			i, _ := slices.BinarySearch(least, c)
			least = slices.Insert(least, i, c)
		}
	}
	return l
}

// sortCounts puts the most hits first, then values in order.
func sortCounts(counts []dhakira.Count) {
	slices.SortFunc(counts, func(a, b dhakira.Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Value, b.Value)
	})
}
