package search

import (
	"encoding/binary"
	"slices"
	"sort"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
)

// A long posting list has a head: its best documents, by impact (then by
// document number), and the impact of the best document left out. A word's
// best page is then found from the heads of its lists without walking
// them: a document in no head scores at most the sum of what each list's
// bound allows, and when the page's last hit scores more than that, the
// rest of the lists cannot change the page. Otherwise (few heads' documents
// among the hits, a filter that leaves few of them) the lists are walked.
//
// Layout of the heads section: the number of heads; for each, in
// dictionary order, the term's number and the offset of its head from the
// section's start; each head: its length n, the bound (a byte), n
// documents (ordinals in the segment, 4 bytes each), n impacts.

// Lists of at least headMinDF documents get a head of headSize, whose
// first headUse are read by a search (variables: the tests shrink them).
var (
	headMinDF = 2048
	headSize  = 256
	headUse   = 256
)

// writeHeads writes the heads section of a segment whose terms, in
// dictionary order, are keys.
func writeHeads(w *countingWriter, keys []string, terms map[string]*posting, base uint32) {
	type entry struct{ term, off uint32 }
	var table []entry
	var blob []byte
	for i, t := range keys {
		p := terms[t]
		if len(p.docs) < headMinDF {
			continue
		}
		table = append(table, entry{uint32(i), uint32(len(blob))})
		order, bound := headOf(p.impacts, headSize)
		blob = binary.LittleEndian.AppendUint32(blob, uint32(len(order)))
		blob = append(blob, bound)
		for _, o := range order {
			blob = binary.LittleEndian.AppendUint32(blob, p.docs[o]-base)
		}
		for _, o := range order {
			blob = append(blob, p.impacts[o])
		}
	}
	w.u32(uint32(len(table)))
	at := uint32(4 + 8*len(table))
	for _, e := range table {
		w.u32(e.term)
		w.u32(at + e.off)
	}
	w.Write(blob)
}

// headOf returns the ordinals of the best n impacts (the highest first,
// then in list order) and the best impact of the rest (0 when none).
func headOf(impacts []byte, n int) ([]int, byte) {
	var count [256]int
	for _, v := range impacts {
		count[v]++
	}
	// The lowest impact the head takes, and how many of it.
	took, low := 0, 255
	for ; low > 0; low-- {
		if took+count[low] >= n {
			break
		}
		took += count[low]
	}
	lowTake := min(n-took, count[low])
	order := make([]int, 0, took+lowTake)
	for o, v := range impacts {
		if int(v) > low {
			order = append(order, o)
		} else if int(v) == low && lowTake > 0 {
			order = append(order, o)
			lowTake--
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return impacts[order[a]] > impacts[order[b]] })
	bound := byte(0)
	if lowTake := min(n-took, count[low]); lowTake < count[low] {
		bound = byte(low)
	} else {
		for v := low - 1; v > 0; v-- {
			if count[v] > 0 {
				bound = byte(v)
				break
			}
		}
	}
	return order, bound
}

// head is a list's head as a segment holds it.
type head struct {
	docs  []byte // ordinals in the segment, 4 bytes each
	imps  []byte
	bound byte
}

func (h head) len() int          { return len(h.imps) }
func (h head) doc(i int) uint32  { return binary.LittleEndian.Uint32(h.docs[4*i:]) }
func (h head) impact(i int) byte { return h.imps[i] }

// head returns the head of l, and false when its list has none.
func (l *termList) head() (head, bool) {
	s := l.seg
	if s.ft.heads == 0 {
		return head{}, false
	}
	at := s.ft.heads
	m := int(s.u32(at))
	i := sort.Search(m, func(i int) bool { return int(s.u32(at+4+8*uint64(i))) >= l.idx })
	if i == m || int(s.u32(at+4+8*uint64(i))) != l.idx {
		return head{}, false
	}
	off := at + uint64(s.u32(at+8+8*uint64(i)))
	n := uint64(s.u32(off))
	h := head{bound: s.data[off+4], docs: s.data[off+5 : off+5+4*n], imps: s.data[off+5+4*n : off+5+5*n]}
	if use := uint64(headUse); use < n {
		// A shorter head: the bound is the first impact it leaves out.
		h.bound = h.imps[use]
		h.docs, h.imps = h.docs[:4*use], h.imps[:use]
	}
	return h, true
}

// useHeads says whether searches read the heads (the tests compare with
// walking every list).
var useHeads = true

// headSlack covers the rounding of float32 scores against the float64
// bounds they are compared with.
const headSlack = 1 + 1e-5

// bestFromHeads offers to t the hits of s that can be among its best t.k,
// found from the heads of lists, and reports whether it could: false when
// a hit in no head might score as well as the k-th, and the caller must
// walk the lists.
func (t *topK) bestFromHeads(hits *roaring.Bitmap, s *segment, lists []scored) bool {
	if !useHeads || len(lists) == 0 {
		return false
	}
	heads := make([]head, len(lists))
	has := make([]bool, len(lists))
	bound := 0.0 // the most a hit in no head can score
	any := false
	for i, l := range lists {
		if h, ok := l.list.head(); ok {
			heads[i], has[i], any = h, true, true
			bound += float64(l.wt) * float64(h.bound)
		} else if l.list.df > shortList {
			return false
		}
	}
	if !any {
		return false
	}
	// The candidates: the hits among the heads and the short lists, with
	// what each list is known to give them (-1: not known yet).
	nl := len(lists)
	idx := map[uint32]int32{}
	var cands []uint32
	var known []int16
	cand := func(d uint32) int32 {
		c, ok := idx[d]
		if !ok {
			if !hits.Contains(d) {
				return -1
			}
			c = int32(len(cands))
			idx[d] = c
			cands = append(cands, d)
			for range nl {
				known = append(known, -1)
			}
		}
		return c
	}
	for i := range lists {
		if has[i] {
			h := heads[i]
			for j := range h.len() {
				if c := cand(s.base + h.doc(j)); c >= 0 {
					known[int(c)*nl+i] = int16(h.impact(j))
				}
			}
		}
	}
	var buf [256]uint32
	for i, l := range lists {
		if has[i] {
			continue
		}
		it := l.list.docs.ManyIterator()
		for ord := 0; ; {
			n := it.NextMany(buf[:])
			if n == 0 {
				break
			}
			for _, d := range buf[:n] {
				if c := cand(d); c >= 0 {
					known[int(c)*nl+i] = int16(l.list.impacts[ord])
				}
				ord++
			}
		}
	}
	if len(cands) == 0 {
		return false
	}
	// Each candidate's most: what is known, and the bound of each list
	// that holds it beyond its head.
	up := make([]float64, len(cands))
	for c, d := range cands {
		u := 0.0
		for i, l := range lists {
			switch k := known[c*nl+i]; {
			case k >= 0:
				u += float64(l.wt) * float64(k)
			case !has[i] || !l.list.docs.Contains(d):
				known[c*nl+i] = 0
			default:
				u += float64(l.wt) * float64(heads[i].bound)
			}
		}
		up[c] = u
	}
	order := make([]int32, len(cands))
	for c := range order {
		order[c] = int32(c)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if up[a] != up[b] {
			if up[a] > up[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	local := &topK{k: t.k}
	for _, c := range order {
		if len(local.items) == local.k && up[c]*headSlack < float64(local.items[0].score) {
			break
		}
		d := cands[c]
		var sc float32
		for i, l := range lists {
			k := known[int(c)*nl+i]
			if k < 0 { // beyond the head: its impact from its ordinal
				k = int16(l.list.impacts[l.list.docs.Rank(d)-1])
			}
			if k > 0 {
				sc = addImpact(sc, l.wt, byte(k))
			}
		}
		local.push(item{doc: d, seg: s, score: sc})
	}
	if len(local.items) < local.k {
		if uint64(len(cands)) < hits.GetCardinality() {
			return false // hits in no head might fill the page
		}
	} else if bound*headSlack >= float64(local.items[0].score) {
		return false
	}
	for _, it := range local.items {
		t.push(it)
	}
	headsServed.Add(1)
	return true
}

// headsServed counts the segments whose best hits came from the heads.
var headsServed atomic.Int64

// shortList is how long a list without a head may be and still be read
// whole beside the heads.
const shortList = 4096
