package search

import (
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
func (s *segment) scoreLists(lists []scored, e *exec, scores []float32) []float32 {
	if cap(scores) < int(s.n) {
		scores = make([]float32, s.n)
	}
	scores = scores[:s.n]
	clear(scores)
	var buf [256]uint32
	for _, l := range lists {
		wt := float32(l.weight * e.idf(l.key))
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
