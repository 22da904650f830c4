package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// A word whose lists count more documents, the deleted included, than the
// index has live ones must still weigh above zero: otherwise the best
// impacts of a head are the worst scores, and the page found from the
// heads is not the page found by walking the lists. Found by the property
// test with many deletions between merges.
func TestHeadsAfterManyDeletions(t *testing.T) {
	t.Cleanup(func() {
		headMinDF, headSize, headUse = 2048, 256, 256
		groupMinDF, stemGroupMinDF = 2048, 512
	})
	for seed := range uint64(20) {
		headMinDF, headSize, headUse = 1, 2+int(seed%3), 1+int(seed%3)
		groupMinDF, stemGroupMinDF = 1<<30, 1<<30 // the heads of one list alone
		r := rand.New(rand.NewPCG(seed, 12))
		ix, _, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		var batch []*Document
		for i := range 40 {
			batch = append(batch, randomDoc(r, fmt.Sprintf("DOC-%d", i)))
		}
		put(t, ix, batch, nil)
		for round := range 6 {
			for range 1 + r.IntN(3) {
				var batch []*Document
				var gone []string
				for range 1 + r.IntN(8) {
					code := fmt.Sprintf("DOC-%d", r.IntN(60))
					if r.IntN(4) == 0 {
						gone = append(gone, code)
						continue
					}
					batch = append(batch, randomDoc(r, code))
				}
				put(t, ix, batch, gone)
			}
			if round%2 == 1 {
				mergeSome(t, ix, r)
			}
			for _, w := range []string{"وثيقة", "المعتقلين", "prisons", "Hasakah"} {
				for _, k := range []int{1, 2, 5} {
					p := plan{q: Parse(w), k: k}
					got := ix.v.run(p)
					useHeads = false
					want := ix.v.run(p)
					useHeads = true
					if !slices.Equal(got.docs, want.docs) {
						t.Fatalf("seed %d round %d %q, best %d: from the heads %v, walking %v", seed, round, w, k, got.docs, want.docs)
					}
				}
			}
		}
		ix.Close()
	}
}
