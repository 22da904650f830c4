package search

import (
	"encoding/binary"
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

// bestFromHeads offers to t the hits of s that are among its best t.k,
// found from the head of the one list they are ranked by, and reports
// whether it could: false when the head holds too few of the hits, and
// the caller must walk the list.
//
// A search ranked by several lists (a word and the other words of its
// stem, two words) walks them: finding each head's documents among the
// hits and the other lists' impacts of each cost more, measured on the
// bench's segments of 50,000 records, than walking lists of some tens of
// thousands of postings.
func (t *topK) bestFromHeads(hits *roaring.Bitmap, s *segment, lists []scored) bool {
	if !useHeads || len(lists) != 1 {
		return false
	}
	l := lists[0]
	h, ok := l.list.head()
	if !ok {
		return false
	}
	// The head is in ranking order: its first k hits are the best of it.
	var found []item
	last := byte(0) // the impact of the last found
	for j := 0; j < h.len() && len(found) < t.k; j++ {
		if d := s.base + h.doc(j); hits.Contains(d) {
			last = h.impact(j)
			found = append(found, item{doc: d, seg: s, score: addImpact(0, l.wt, last)})
		}
	}
	// A document beyond the head has an impact of at most the bound, and
	// of the bound only after every document of the head with it.
	if h.bound > 0 && (len(found) < t.k || last < h.bound) {
		return false
	}
	for _, it := range found {
		t.push(it)
	}
	headsServed.Add(1)
	return true
}

// headsServed counts the segments whose best hits came from the heads.
var headsServed atomic.Int64
