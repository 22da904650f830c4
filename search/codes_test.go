package search

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestCodeTable checks the table of codes against a map, through sets,
// replacements and removals that shift entries back over their holes.
func TestCodeTable(t *testing.T) {
	for _, codes := range []int{700, 760, 3000} {
		for seed := range uint64(4) {
			t.Run(fmt.Sprint(codes, "/", seed), func(t *testing.T) { testCodeTable(t, codes, seed) })
		}
	}
}

func testCodeTable(t *testing.T, codes int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 2))
	var docCode []string // document → its code
	codeOf := func(doc uint32) []byte { return []byte(docCode[doc]) }
	var tab codeTable
	want := map[string]uint32{}
	for step := range 20000 {
		c := fmt.Sprintf("DOC-%d", rng.IntN(codes))
		switch rng.IntN(4) {
		case 0, 1:
			doc := uint32(len(docCode))
			docCode = append(docCode, c)
			tab.set([]byte(c), doc, codeOf)
			want[c] = doc
		case 2:
			tab.remove([]byte(c), -1, codeOf)
			delete(want, c)
		case 3:
			// Only when it is still this document's.
			if doc, ok := want[c]; ok && rng.IntN(2) == 0 {
				tab.remove([]byte(c), int64(doc)+1, codeOf) // another document: kept
				if _, ok := tab.get([]byte(c), codeOf); !ok {
					t.Fatalf("step %d: %s removed for another document", step, c)
				}
				tab.remove([]byte(c), int64(doc), codeOf)
				delete(want, c)
			}
		}
		if tab.len() != len(want) {
			t.Fatalf("step %d: %d codes, want %d", step, tab.len(), len(want))
		}
		if step%500 == 0 {
			for i := range codes {
				c := fmt.Sprintf("DOC-%d", i)
				doc, ok := tab.get([]byte(c), codeOf)
				w, wok := want[c]
				if ok != wok || doc != w {
					t.Fatalf("step %d: %s → %d %v, want %d %v", step, c, doc, ok, w, wok)
				}
			}
		}
	}
}
