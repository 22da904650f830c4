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

// countFacets returns the facet counts of hits, whose parts by segment
// are segHits (and their cardinalities hc).
func (v *view) countFacets(hits *roaring.Bitmap, total uint64, segs []*segment, segHits []*roaring.Bitmap) map[string][]dhakira.Count {
	t := v.facetTable()
	out := map[string][]dhakira.Count{}
	var lists [][]dhakira.Count
	if total*8 < v.live.GetCardinality() {
		// Few hits: each hit's values, from the column of its segment.
		counts := make([][]int32, len(facetFields))
		for f := range counts {
			counts[f] = make([]int32, len(t.fields[f]))
		}
		var scratch []int32
		for i, s := range segs {
			if segHits[i] == nil || segHits[i].IsEmpty() {
				continue
			}
			ids := t.segIDs[s]
			if cap(scratch) < len(s.fkeys) {
				scratch = make([]int32, len(s.fkeys))
			}
			scratch = scratch[:len(s.fkeys)]
			clear(scratch)
			s.countFacets(segHits[i], scratch)
			for j, c := range scratch {
				if c > 0 && ids[j] >= 0 {
					counts[ids[j]>>16][ids[j]&0xffff] += c
				}
			}
		}
		for f := range facetFields {
			var l []dhakira.Count
			for i, c := range counts[f] {
				if c > 0 {
					l = append(l, dhakira.Count{Value: t.fields[f][i].value, N: int(c)})
				}
			}
			lists = append(lists, l)
		}
	} else {
		for f, ff := range facetFields {
			lists = append(lists, bestValues(hits, t.fields[f], ff.size))
		}
	}
	for f, ff := range facetFields {
		l := lists[f]
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
