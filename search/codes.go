package search

import (
	"bytes"
	"hash/maphash"
)

// codeTable is the index's map from a memory code to its live document,
// kept without the codes themselves: an open-addressing table of (hash,
// document) pairs, with no pointers for the collector to follow, whose
// codes are read from the segments when two hashes agree. At a million
// records it takes 16 MB, where a map of strings took about 65 MB and a
// million objects the collector visited on each cycle.
type codeTable struct {
	slots []codeSlot // a power of two of them; empty when doc is 0
	n     int
}

type codeSlot struct {
	hash uint32
	doc  uint32 // the document + 1
}

// codeSeed makes the table's hashes; any seed does, the table is never
// written out.
var codeSeed = maphash.MakeSeed()

func codeHash(code []byte) uint32 {
	h := maphash.Bytes(codeSeed, code)
	return uint32(h ^ h>>32)
}

// find returns the slot holding code (true), or the empty slot where it
// would go (false). codeOf gives the code of a document in the table.
func (t *codeTable) find(code []byte, h uint32, codeOf func(uint32) []byte) (int, bool) {
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.doc == 0 {
			return int(i), false
		}
		if s.hash == h && bytes.Equal(codeOf(s.doc-1), code) {
			return int(i), true
		}
	}
}

// get returns code's document.
func (t *codeTable) get(code []byte, codeOf func(uint32) []byte) (uint32, bool) {
	if t.n == 0 {
		return 0, false
	}
	i, ok := t.find(code, codeHash(code), codeOf)
	if !ok {
		return 0, false
	}
	return t.slots[i].doc - 1, true
}

// set makes doc code's document.
func (t *codeTable) set(code []byte, doc uint32, codeOf func(uint32) []byte) {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	h := codeHash(code)
	i, ok := t.find(code, h, codeOf)
	if !ok {
		t.n++
	}
	t.slots[i] = codeSlot{hash: h, doc: doc + 1}
}

// remove removes code when its document is doc, or whatever its document
// when doc is -1.
func (t *codeTable) remove(code []byte, doc int64, codeOf func(uint32) []byte) {
	if t.n == 0 {
		return
	}
	i, ok := t.find(code, codeHash(code), codeOf)
	if !ok || (doc >= 0 && t.slots[i].doc-1 != uint32(doc)) {
		return
	}
	// Backward shift: move up the entries after i that would no longer
	// be found past the hole.
	mask := len(t.slots) - 1
	for j := (i + 1) & mask; t.slots[j].doc != 0; j = (j + 1) & mask {
		k := int(t.slots[j].hash) & mask // where it wants to be
		if (j > i && (k <= i || k > j)) || (j < i && k <= i && k > j) {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = codeSlot{}
	t.n--
}

// grow doubles the table (it starts at 1,024 slots).
func (t *codeTable) grow() { t.resize(max(1024, 2*len(t.slots))) }

// reserve makes room for n codes in all.
func (t *codeTable) reserve(n int) {
	size := max(1024, len(t.slots))
	for 3*size < 4*n {
		size *= 2
	}
	if size > len(t.slots) {
		t.resize(size)
	}
}

func (t *codeTable) resize(size int) {
	old := t.slots
	t.slots = make([]codeSlot, size)
	mask := uint32(len(t.slots) - 1)
	for _, s := range old {
		if s.doc == 0 {
			continue
		}
		i := s.hash & mask
		for t.slots[i].doc != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// len is the number of codes in the table.
func (t *codeTable) len() int { return t.n }

// codesIn returns the code of a document of segs (each list by base), for
// the table's lookups.
func codesIn(lists ...[]*segment) func(uint32) []byte {
	return func(doc uint32) []byte {
		for _, segs := range lists {
			for _, s := range segs {
				if s.base <= doc && doc < s.base+s.n {
					return s.codeBytes(doc - s.base)
				}
			}
		}
		return nil
	}
}
