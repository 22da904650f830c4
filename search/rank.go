package search

import (
	"encoding/binary"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
)

// addImpact is how every path adds a list's part to a document's score:
// the same float32 operations in the same order give the same score, so
// that the ways of finding the best hits agree to the last bit.
func addImpact(score, wt float32, imp byte) float32 {
	return score + float32(wt*float32(imp))
}

// scoreLists returns the score of each document of s by the lists, in a
// buffer of s.n reused from scores.
func (s *segment) scoreLists(lists []scored, scores []float32) []float32 {
	if cap(scores) < int(s.n) {
		scores = make([]float32, s.n)
	}
	scores = scores[:s.n]
	clear(scores)
	var buf [256]uint32
	for _, l := range lists {
		wt := l.wt
		it := l.list.docs.ManyIterator()
		imps := l.list.impacts
		ord := 0
		for {
			n := it.NextMany(buf[:])
			if n == 0 {
				break
			}
			for _, doc := range buf[:n] {
				d := doc - s.base
				scores[d] = addImpact(scores[d], wt, imps[ord])
				ord++
			}
		}
	}
	return scores
}

// pushScored offers the hits of s to the best k by their scores. Hits come
// in document order, and segments in theirs, so once k are kept a hit that
// scores no more than the least of them cannot rank above it.
func (t *topK) pushScored(hits *roaring.Bitmap, s *segment, scores []float32) {
	var buf [256]uint32
	it := hits.ManyIterator()
	for {
		n := it.NextMany(buf[:])
		if n == 0 {
			return
		}
		for _, doc := range buf[:n] {
			sc := scores[doc-s.base]
			if len(t.items) == t.k && sc <= t.items[0].score {
				continue
			}
			t.push(item{doc: doc, seg: s, score: sc})
		}
	}
}

// posCursor reads a term's positions for documents in increasing order:
// it walks the list's documents beside them to know each one's ordinal,
// and its positions forward from the last read, jumping by the block
// table only when the next document is in a later block.
type posCursor struct {
	l    *termList
	it   roaring.ManyIntIterable
	buf  [256]uint32
	bi   int // next in buf
	bn   int // how many in buf
	ord  int // ordinal of buf[bi-1]
	at   int // offset in l.pos of the entry of document ordinal atOrd
	atOr int
}

func newPosCursor(l *termList) *posCursor {
	return &posCursor{l: l, it: l.docs.ManyIterator(), ord: -1}
}

// seek returns the ordinal of doc in the list, which must hold it and
// come after the document sought before.
func (c *posCursor) seek(doc uint32) int {
	for {
		if c.bi == c.bn {
			c.bn = c.it.NextMany(c.buf[:])
			c.bi = 0
			if c.bn == 0 {
				panic("phrase: document not in list")
			}
		}
		d := c.buf[c.bi]
		c.bi++
		c.ord++
		if d == doc {
			return c.ord
		}
	}
}

// stream returns the positions of the ord-th document as a stream, ord
// not before the last asked for.
func (c *posCursor) stream(ord int) posStream {
	p := c.l.pos
	if blk := ord / blockDocs; blk > c.atOr/blockDocs || c.atOr > ord {
		c.at = int(binary.LittleEndian.Uint32(c.l.blocks[4*blk:]))
		c.atOr = blk * blockDocs
	}
	for c.atOr < ord {
		n, k := binary.Uvarint(p[c.at:])
		c.at += k
		for range n { // skip n varints: a byte without its high bit ends one
			for p[c.at] >= 0x80 {
				c.at++
			}
			c.at++
		}
		c.atOr++
	}
	n, k := binary.Uvarint(p[c.at:])
	return posStream{p: p[c.at+k:], left: int(n)}
}

// posStream decodes a document's positions one at a time.
type posStream struct {
	p    []byte
	left int
	cur  uint32
}

func (s *posStream) next() bool {
	if s.left == 0 {
		return false
	}
	d, k := binary.Uvarint(s.p)
	s.p = s.p[k:]
	s.cur += uint32(d)
	s.left--
	return true
}

// phraseFilter keeps the candidates in which the terms follow each other.
// Positions are decoded only as far as the first place the phrase is.
func phraseFilter(cand *roaring.Bitmap, tls []*termList) *roaring.Bitmap {
	out := roaring.New()
	if cand.IsEmpty() {
		return out
	}
	curs := make([]*posCursor, len(tls))
	for i, l := range tls {
		curs[i] = newPosCursor(l)
	}
	streams := make([]posStream, len(tls))
	var buf [256]uint32
	keep := make([]uint32, 0, cand.GetCardinality()) // grown, it cost a quarter of a common phrase's time
	it := cand.ManyIterator()
	for {
		n := it.NextMany(buf[:])
		if n == 0 {
			break
		}
		for _, doc := range buf[:n] {
			for i, c := range curs {
				streams[i] = c.stream(c.seek(doc))
			}
			if followEachOther(streams) {
				keep = append(keep, doc)
			}
		}
	}
	out.AddMany(keep)
	return out
}

// followEachOther reports whether some position p of the first stream has
// p+i in the i-th.
func followEachOther(s []posStream) bool {
	for i := 1; i < len(s); i++ {
		if !s[i].next() {
			return false
		}
	}
	for s[0].next() {
		p := s[0].cur
		all := true
		for i := 1; i < len(s); i++ {
			want := p + uint32(i)
			for s[i].cur < want {
				if !s[i].next() {
					return false
				}
			}
			if s[i].cur != want {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// A query is long when its phrase has a word in this many documents, or
// its words' lists hold this many postings: its segments are then read on
// every core. (Variables: the tests make every query long.)
var (
	longPhrase = 20000
	longLists  = 200000
)

// eachSegment calls fn(worker, i) for i in [0, n) in order, on every core
// when long; a worker's calls are in increasing i. A panic (a segment
// that faults) is raised again in the caller, where it is recovered.
func eachSegment(n int, long bool, fn func(worker, i int)) int {
	workers := 1
	if long {
		workers = min(runtime.GOMAXPROCS(0), n)
	}
	if workers <= 1 {
		for i := range n {
			fn(0, i)
		}
		return 1
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed any
	for w := range workers {
		wg.Go(func() {
			debug.SetPanicOnFault(true)
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					failed = r
					mu.Unlock()
				}
			}()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(w, i)
			}
		})
	}
	wg.Wait()
	if failed != nil {
		panic(failed)
	}
	return workers
}
