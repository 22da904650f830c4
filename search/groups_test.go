package search

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBestOf: a group's head is the best of its union by score, then by
// ordinal, whatever the union's order, its ties and its length beside the
// head's; as sorting the whole union finds it.
func TestBestOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var sc []float64
	for range 2000 {
		n := 1 + rng.IntN(3000)
		size := 1 + rng.IntN(300)
		distinct := 1 + rng.IntN(n) // few distinct scores: many ties
		score := make([]float64, n+rng.IntN(50))
		for i := range score {
			score[i] = float64(rng.IntN(distinct)) * 0.37
			if rng.IntN(3) == 0 {
				score[i] = float64(i) // rising along the union, as unions often do
			}
		}
		touched := make([]uint32, n)
		for i := range touched {
			touched[i] = uint32(i)
		}
		rng.Shuffle(len(touched), func(i, j int) { touched[i], touched[j] = touched[j], touched[i] })
		if rng.IntN(2) == 0 {
			slices.Sort(touched)
		}
		want := slices.Clone(touched)
		slices.SortFunc(want, func(a, b uint32) int {
			if c := cmp.Compare(score[b], score[a]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		want = want[:min(size, n)]
		kept := slices.Clone(touched)
		if got := bestOf(touched, size, score, &sc); !slices.Equal(got, want) {
			t.Fatalf("n %d, size %d, %d scores: got %v\nwant %v", n, size, distinct, got, want)
		}
		if !slices.Equal(touched, kept) {
			t.Fatalf("bestOf reordered the union")
		}
	}
	if got := bestOf([]uint32{1, 2}, 0, []float64{0, 1, 2}, &sc); len(got) != 0 {
		t.Errorf("a head of size 0: %v", got)
	}
}
