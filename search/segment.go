package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/bits"
	"os"
	"slices"
	"sort"
	"strings"
	"syscall"

	"github.com/RoaringBitmap/roaring/v2"
)

// A segment is an immutable file of the index: the documents of a range
// of document numbers, their terms' posting lists and their facet values.
// It is written once, read through a memory map, and checked against the
// checksum in its footer when opened.
//
// Layout: the header, then sections, then a fixed footer that locates
// them. A term's posting data is: the Roaring bitmap of its documents, one
// impact byte per document (its BM25 term-frequency part, titles weighted
// above names above texts), and its positions — per document a count and
// deltas, with the offset of every blockDocs-th document's entry so that a
// phrase check jumps to the document it needs. Long lists also have an
// impact-ordered head, in a section of their own (heads.go).
const (
	segMagic  = "DHKSEG04"
	segEnd    = "DHKEND01"
	blockDocs = 8
	// codePrefix marks the term that holds a record's memory code as typed.
	codePrefix = "\x01"
	// valueGap separates the values of a document in positions, so that a
	// phrase never runs from one title or text into the next.
	valueGap = 16
)

// Field weights and the BM25 constants of the impacts.
var fieldWeights = [3]float64{3, 2, 1} // title, names, text
var fieldAvgLen = [3]float64{8, 24, 300}

const (
	bm25K1 = 1.2
	bm25B  = 0.6
)

// posting accumulates one term's list while a segment is built.
type posting struct {
	docs    []uint32 // document numbers
	impacts []byte
	blocks  []uint32 // offsets in pos of every blockDocs-th document
	pos     []byte
}

// termLog is one term's postings while documents are added, in one run
// of bytes: per document the difference of its number from the last one
// (a uvarint), its impact, and its positions as the segment holds them. One
// growing slice a term instead of four: a posting touches one end of it,
// and takes a fifth of the memory of the lists it becomes. The lists are
// made from it, each in one piece of a shared array, when the segment is
// written (spread).
type termLog struct {
	buf  []byte
	last uint32 // the last document
	n    uint32 // documents
}

// segmentBuilder builds one segment in memory.
type segmentBuilder struct {
	base   uint32
	n      uint32
	codes  []string
	dates  []int32 // first, last per document
	facets map[string]*roaring.Bitmap
	fkey   []byte // a facet key being made

	// Terms by number: their names and posting lists (empty for a term
	// no document has yet).
	ids      map[string]int32
	names    []string
	postings []posting
	logs     []termLog // the postings of added documents, by term
	// The documents added whose memory code has its term (codePrefix):
	// made when the segment is written, a term each.
	codeDocs []uint32

	// per document scratch
	scratch  []docTerm          // by term number
	docTerms []int32            // the terms of the document being added
	cache    map[string][]int32 // word → its terms and their keys, in pairs (noKey: none)
	hot      *[hotWords]hotWord // words lately met, by their hash
}

type docTerm struct {
	tf   [3]uint32 // occurrences in the title, names and text
	pos  []uint32
	seen bool
}

func newSegmentBuilder(base uint32) *segmentBuilder {
	return &segmentBuilder{base: base, facets: map[string]*roaring.Bitmap{},
		ids: map[string]int32{}, cache: map[string][]int32{}}
}

// terms returns the terms of the segment with their postings.
func (b *segmentBuilder) terms() map[string]*posting {
	b.spread()
	m := make(map[string]*posting, len(b.names)+len(b.codeDocs))
	for id := range b.postings {
		if p := &b.postings[id]; len(p.docs) > 0 {
			m[b.names[id]] = p
		}
	}
	// The memory code as typed, ranked above any word; a code added twice
	// is the later document's.
	if len(b.codeDocs) > 0 {
		docs := make([]uint32, len(b.codeDocs))
		ps := make([]posting, len(b.codeDocs))
		for i, doc := range b.codeDocs {
			docs[i] = doc
			ps[i] = posting{docs: docs[i : i+1 : i+1], impacts: codeImpact[:], blocks: codeBlocks[:], pos: codePos[:]}
			m[codePrefix+b.codes[doc-b.base]] = &ps[i]
		}
	}
	return m
}

// The posting of a memory code's term, the same for every document.
var (
	codeImpact = [1]byte{255}
	codeBlocks = [1]uint32{0}
	codePos    = [1]byte{0}
)

// spread makes the posting lists of the terms from their logs: one array
// for the documents of all terms, one for impacts and one for the offsets
// of blocks, each term's lists a piece of them; a term's positions are
// its log, compacted in place.
func (b *segmentBuilder) spread() {
	var ndocs, nblocks int
	for i := range b.logs {
		l := &b.logs[i]
		ndocs += int(l.n)
		nblocks += (int(l.n) + blockDocs - 1) / blockDocs
	}
	if ndocs == 0 {
		b.logs = nil
		return
	}
	b.posting(int32(len(b.names) - 1))
	docs := make([]uint32, 0, ndocs)
	imps := make([]byte, 0, ndocs)
	blocks := make([]uint32, 0, nblocks)
	for id := range b.logs {
		l := &b.logs[id]
		if l.n == 0 {
			continue
		}
		d0, i0, b0 := len(docs), len(imps), len(blocks)
		// The positions are moved to the front of the log, over the
		// numbers and impacts read: they are the term's positions then,
		// without a copy of every log in a new array.
		buf := l.buf
		r, w := 0, 0 // where buf is read, and written
		doc := uint32(0)
		for k := 0; r < len(buf); k++ {
			delta, m := binary.Uvarint(buf[r:])
			doc += uint32(delta)
			docs = append(docs, doc)
			imps = append(imps, buf[r+m])
			r += m + 1
			if k%blockDocs == 0 {
				blocks = append(blocks, uint32(w))
			}
			// The positions: a count, then that many uvarints.
			c, m := binary.Uvarint(buf[r:])
			end := r + m
			for range c {
				for buf[end] >= 0x80 {
					end++
				}
				end++
			}
			w += copy(buf[w:], buf[r:end])
			r = end
		}
		b.postings[id] = posting{docs: docs[d0:len(docs):len(docs)], impacts: imps[i0:len(imps):len(imps)],
			blocks: blocks[b0:len(blocks):len(blocks)], pos: buf[:w:w]}
	}
	b.logs = nil
}

func (b *segmentBuilder) facet(key string, doc uint32) {
	bm := b.facets[key]
	if bm == nil {
		bm = roaring.New()
		b.facets[key] = bm
	}
	bm.Add(doc)
}

// facetOf adds doc to the facet value prefix+value, without making the
// key's string unless the value is new.
func (b *segmentBuilder) facetOf(prefix, value string, doc uint32) {
	b.fkey = append(append(b.fkey[:0], prefix...), value...)
	bm := b.facets[string(b.fkey)]
	if bm == nil {
		bm = roaring.New()
		b.facets[string(b.fkey)] = bm
	}
	bm.Add(doc)
}

// add analyzes d and adds it as the next document.
func (b *segmentBuilder) add(d *Document) {
	doc := b.base + b.n
	b.n++
	b.codes = append(b.codes, d.Code)
	b.dates = append(b.dates, d.DateFirst, d.DateLast)
	b.facetOf("k:", d.Kind, doc)
	b.facetOf("r:", d.Reliability, doc)
	if d.Type != "" {
		b.facetOf("t:", d.Type, doc)
	}
	for _, p := range d.Places {
		b.facetOf("p:", p, doc)
	}
	for _, y := range d.Years {
		b.facetOf("y:", y, doc)
	}
	b.docTerms = b.docTerms[:0]
	pos := uint32(0)
	var lens [3]int
	// Titles and names also give the Latin-script keys their spellings
	// share; texts do not.
	for field, values := range [3][]string{d.Title, append(d.Names, d.Code), d.Text} {
		for _, v := range values {
			words(v, func(w string, _, _ int) {
				ids := b.wordTerms(w)
				for i := 0; i < len(ids); i += 2 {
					dt := b.touch(ids[i])
					dt.tf[field]++
					dt.pos = append(dt.pos, pos)
					pos++
					lens[field]++
					if field < 2 && ids[i+1] != noKey {
						b.touch(ids[i+1]).tf[field]++
					}
				}
			})
			pos += valueGap
		}
	}
	var norm [3]float64
	for f := range norm {
		norm[f] = fieldWeights[f] / (1 - bm25B + bm25B*float64(lens[f])/fieldAvgLen[f])
	}
	// Most terms occur a few times in one field: their impacts are
	// computed once a document.
	var small [3][smallTF]byte
	for _, id := range b.docTerms {
		dt := &b.scratch[id]
		var imp byte
		switch tf := dt.tf; {
		case tf[0] == 0 && tf[1] == 0 && tf[2] < smallTF:
			if imp = small[2][tf[2]]; imp == 0 {
				imp = impact(float64(tf[0])*norm[0] + float64(tf[1])*norm[1] + float64(tf[2])*norm[2])
				small[2][tf[2]] = imp
			}
		case tf[1] == 0 && tf[2] == 0 && tf[0] < smallTF:
			if imp = small[0][tf[0]]; imp == 0 {
				imp = impact(float64(tf[0])*norm[0] + float64(tf[1])*norm[1] + float64(tf[2])*norm[2])
				small[0][tf[0]] = imp
			}
		default:
			imp = impact(float64(tf[0])*norm[0] + float64(tf[1])*norm[1] + float64(tf[2])*norm[2])
		}
		l := &b.logs[id]
		buf := binary.AppendUvarint(l.buf, uint64(doc-l.last))
		buf = append(buf, imp)
		buf = binary.AppendUvarint(buf, uint64(len(dt.pos)))
		prev := uint32(0)
		for _, q := range dt.pos {
			buf = binary.AppendUvarint(buf, uint64(q-prev))
			prev = q
		}
		l.buf, l.last = buf, doc
		l.n++
		dt.tf = [3]uint32{}
		dt.pos = dt.pos[:0]
		dt.seen = false
	}
	b.codeDocs = append(b.codeDocs, doc)
}

// smallTF bounds the occurrences in one field whose impact add keeps for
// the document.
const smallTF = 8

// wordTerms returns the terms of word w and their Latin-script keys, in
// pairs (noKey for a term without one). A word is analyzed once per
// segment: the common words are found in a small table that stays in the
// processor's cache, each entry on one cache line with the word and its
// terms in it, the others in a map (whose lookups were a quarter of a
// rebuild's time).
func (b *segmentBuilder) wordTerms(w string) []int32 {
	if b.hot == nil { // not for a merge, which analyzes nothing
		b.hot = new([hotWords]hotWord)
	}
	e := &b.hot[wordHash(w)&(hotWords-1)]
	if int(e.n) == len(w) && string(e.word[:e.n]) == w {
		return e.ids[:e.k]
	}
	ids, ok := b.cache[w]
	if !ok {
		if len(b.cache) > 1<<20 {
			clear(b.cache)
		}
		ids = []int32{}
		for _, t := range exactTerms(nil, w) {
			key := noKey
			if k := latinKey(t); k != "" {
				key = b.termID(keyPrefix + k)
			}
			ids = append(ids, b.termID(t), key)
		}
		b.cache[strings.Clone(w)] = ids
	}
	if len(w) <= len(e.word) && len(ids) <= len(e.ids) {
		e.n, e.k = uint8(len(w)), uint8(len(ids))
		copy(e.word[:], w)
		copy(e.ids[:], ids)
	}
	return ids
}

// noKey stands for the key of a term that has none.
const noKey int32 = -1

// hotWord is an entry of the table of common words: a word (0 bytes: the
// entry is empty) and its terms, as wordTerms returns them, in 48 bytes.
type hotWord struct {
	n, k uint8 // the lengths of word and ids
	word [30]byte
	ids  [4]int32
}

// hotWords is the size of the table of common words, 1.5 MB: at 50,000
// records of the bench's corpus, one word in 55 is not found in it (one in
// 17 with 8,192 entries).
const hotWords = 1 << 15

// wordHash is the hash of a word that places it in the table of common
// words: a word's bytes read eight at a time and mixed by a multiplication
// (wyhash's), inline, where hash/maphash's call was a tenth of adding a
// document. It need not resist chosen collisions: the table is a cache,
// and words that collide only miss it.
func wordHash(w string) uint64 {
	const k0, k1 = 0xa0761d6478bd642f, 0xe7037ed1a0b428db
	h := uint64(len(w))
	for ; len(w) > 8; w = w[8:] {
		h = mix64(h^le64(w), k1)
	}
	var t uint64
	switch n := len(w); {
	case n == 8:
		t = le64(w)
	case n >= 4:
		t = uint64(le32(w))<<32 | uint64(le32(w[n-4:]))
	case n > 0:
		t = uint64(w[0])<<16 | uint64(w[n>>1])<<8 | uint64(w[n-1])
	}
	return mix64(h^k0, t^k1)
}

func mix64(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// posting returns the posting list of term id, made from the logs of
// added documents when the segment is written (spread), or by a merge.
func (b *segmentBuilder) posting(id int32) *posting {
	if int(id) >= len(b.postings) {
		b.postings = slices.Grow(b.postings, int(id)+1-len(b.postings))[:len(b.names)]
	}
	return &b.postings[id]
}

// termID returns the number of term t in this segment, giving it one.
func (b *segmentBuilder) termID(t string) int32 {
	id, ok := b.ids[t]
	if !ok {
		t = strings.Clone(t) // not the text it was cut from, kept whole
		id = int32(len(b.names))
		b.ids[t] = id
		b.names = append(b.names, t)
		b.logs = append(b.logs, termLog{})
		b.scratch = append(b.scratch, docTerm{})
	}
	return id
}

// touch returns the document's entry of term id.
func (b *segmentBuilder) touch(id int32) *docTerm {
	dt := &b.scratch[id]
	if !dt.seen {
		dt.seen = true
		b.docTerms = append(b.docTerms, id)
	}
	return dt
}

// impact quantizes a weighted term frequency to a byte: BM25's saturation.
func impact(wtf float64) byte {
	v := math.Round(255 * wtf / (wtf + bm25K1))
	return byte(max(1, min(255, v)))
}

// countingWriter writes through a buffer of its own, checksums and counts
// bytes. The checksum is taken of the buffer when it is written, not of
// each small Write: a segment is written in millions of pieces of a few
// bytes, whose checksums one at a time cost more than the rest of
// writing them.
type countingWriter struct {
	f   io.Writer
	buf []byte
	crc uint32
	n   int64
	err error
}

func newCountingWriter(f io.Writer) *countingWriter {
	return &countingWriter{f: f, buf: make([]byte, 0, 1<<20)}
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if len(c.buf)+len(p) > cap(c.buf) {
		if c.flush(); c.err != nil {
			return 0, c.err
		}
		if len(p) > cap(c.buf) {
			c.crc = crc32.Update(c.crc, castagnoli, p)
			n, err := c.f.Write(p)
			c.n += int64(n)
			c.err = err
			return n, err
		}
	}
	c.buf = append(c.buf, p...)
	c.n += int64(len(p))
	return len(p), nil
}

func (c *countingWriter) u32(v uint32) {
	if c.err == nil && len(c.buf)+4 <= cap(c.buf) {
		c.buf = binary.LittleEndian.AppendUint32(c.buf, v)
		c.n += 4
		return
	}
	c.Write(binary.LittleEndian.AppendUint32(nil, v))
}

func (c *countingWriter) u64(v uint64) { c.Write(binary.LittleEndian.AppendUint64(nil, v)) }

// flush writes the buffer, taking its checksum.
func (c *countingWriter) flush() {
	if c.err != nil || len(c.buf) == 0 {
		return
	}
	c.crc = crc32.Update(c.crc, castagnoli, c.buf)
	_, c.err = c.f.Write(c.buf)
	c.buf = c.buf[:0]
}

// sum returns the checksum of what was written.
func (c *countingWriter) sum() uint32 { return crc32.Update(c.crc, castagnoli, c.buf) }

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// footer locates a segment's sections.
type footer struct {
	base, n                          uint64
	codes, codeIdx, dates            uint64
	termIdx, nterms, stemIdx, nstems uint64
	facetIdx, nfacets                uint64
	reserved                         uint64
	heads                            uint64 // the impact-ordered heads of long lists (heads.go)
	groups                           uint64 // the groups of common words (groups.go)
}

const footerSize = 15*8 + 4 + 8

// write writes the segment to path, a new file (not synced: see
// writeManifest).
func (b *segmentBuilder) write(path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := newCountingWriter(f)
	w.Write([]byte(segMagic))
	ft := footer{base: uint64(b.base), n: uint64(b.n)}

	// Codes, then the table of their offsets.
	ft.codes = uint64(w.n)
	offs := make([]uint32, 0, len(b.codes))
	var blob []byte
	for _, c := range b.codes {
		offs = append(offs, uint32(len(blob)))
		blob = binary.AppendUvarint(blob, uint64(len(c)))
		blob = append(blob, c...)
	}
	w.Write(blob)
	ft.codeIdx = uint64(w.n)
	for _, o := range offs {
		w.u32(o)
	}
	ft.dates = uint64(w.n)
	for _, d := range b.dates {
		w.u32(uint32(d))
	}

	// Posting data and the dictionary of terms, sorted.
	terms := b.terms()
	keys := make([]string, 0, len(terms))
	for t := range terms {
		keys = append(keys, t)
	}
	slices.Sort(keys)
	var dict []byte
	dictOffs := make([]uint32, 0, len(keys))
	stems := map[string][]uint32{}
	var bm roaring.Bitmap
	for i, t := range keys {
		p := terms[t]
		bm.Clear()
		bm.AddMany(p.docs)
		bm.RunOptimize()
		bmOff := w.n
		if _, err := bm.WriteTo(w); err != nil {
			return 0, err
		}
		bmLen := w.n - bmOff
		impOff := w.n
		w.Write(p.impacts)
		blkOff := w.n
		for _, o := range p.blocks {
			w.u32(o)
		}
		posOff := w.n
		w.Write(p.pos)
		dictOffs = append(dictOffs, uint32(len(dict)))
		dict = binary.AppendUvarint(dict, uint64(len(t)))
		dict = append(dict, t...)
		for _, v := range []int64{int64(len(p.docs)), bmOff, bmLen, impOff, blkOff, posOff, w.n - posOff} {
			dict = binary.AppendUvarint(dict, uint64(v))
		}
		if t[0] != codePrefix[0] && t[0] != keyPrefix[0] {
			s := stemOf(t)
			stems[s] = append(stems[s], uint32(i))
		}
	}
	dictAt := uint64(w.n)
	w.Write(dict)
	ft.termIdx = uint64(w.n)
	ft.nterms = uint64(len(keys))
	for _, o := range dictOffs {
		w.u32(uint32(dictAt) + o) // fits: see the size check below
	}
	if dictAt+uint64(len(dict)) > math.MaxUint32 {
		return 0, errors.New("segment too large")
	}

	// Stems: a stem and the terms that share it.
	skeys := make([]string, 0, len(stems))
	for s := range stems {
		skeys = append(skeys, s)
	}
	slices.Sort(skeys)
	var sblob []byte
	soffs := make([]uint32, 0, len(skeys))
	stemAt := uint64(w.n)
	for _, s := range skeys {
		soffs = append(soffs, uint32(stemAt)+uint32(len(sblob)))
		sblob = binary.AppendUvarint(sblob, uint64(len(s)))
		sblob = append(sblob, s...)
		sblob = binary.AppendUvarint(sblob, uint64(len(stems[s])))
		for _, i := range stems[s] {
			sblob = binary.AppendUvarint(sblob, uint64(i))
		}
	}
	w.Write(sblob)
	ft.stemIdx = uint64(w.n)
	ft.nstems = uint64(len(skeys))
	for _, o := range soffs {
		w.u32(o)
	}

	// Facet values and their bitmaps.
	fkeys := make([]string, 0, len(b.facets))
	for k := range b.facets {
		fkeys = append(fkeys, k)
	}
	slices.Sort(fkeys)
	var fblob []byte
	for _, k := range fkeys {
		fb := b.facets[k]
		fb.RunOptimize()
		data, err := fb.ToBytes()
		if err != nil {
			return 0, err
		}
		fblob = binary.AppendUvarint(fblob, uint64(len(k)))
		fblob = append(fblob, k...)
		fblob = binary.AppendUvarint(fblob, uint64(len(data)))
		fblob = append(fblob, data...)
	}
	ft.facetIdx = uint64(w.n)
	ft.nfacets = uint64(len(fkeys))
	w.Write(fblob)

	// The facet values of each document, by their index above: a search
	// with few hits counts its facets from these, visiting only its hits.
	vals := &facetCol{off: make([]uint32, b.n+1)}
	for _, k := range fkeys {
		for it := b.facets[k].Iterator(); it.HasNext(); {
			vals.off[it.Next()-b.base+1]++
		}
	}
	for d := range b.n {
		vals.off[d+1] += vals.off[d]
	}
	vals.ids = make([]uint32, vals.off[b.n])
	fill := slices.Clone(vals.off[:b.n])
	for i, k := range fkeys {
		it := b.facets[k].Iterator()
		for it.HasNext() {
			d := it.Next() - b.base
			vals.ids[fill[d]] = uint32(i)
			fill[d]++
		}
	}
	var col []byte
	colOffs := make([]uint32, 0, b.n+1)
	for d := range b.n {
		v := vals.of(d)
		colOffs = append(colOffs, uint32(len(col)))
		col = binary.AppendUvarint(col, uint64(len(v)))
		for _, id := range v {
			col = binary.AppendUvarint(col, uint64(id))
		}
	}
	colOffs = append(colOffs, uint32(len(col)))
	ft.reserved = uint64(w.n)
	w.u64(uint64(len(col)))
	w.Write(col)
	for _, o := range colOffs {
		w.u32(o)
	}

	ft.heads = uint64(w.n)
	writeHeads(w, keys, terms, b.base)
	ft.groups = uint64(w.n)
	writeGroups(w, keys, terms, stems, vals, b.base, b.n)
	for _, v := range []uint64{ft.base, ft.n, ft.codes, ft.codeIdx, ft.dates, ft.termIdx, ft.nterms, ft.stemIdx, ft.nstems,
		ft.facetIdx, ft.nfacets, uint64(len(fblob)), ft.reserved, ft.heads, ft.groups} {
		w.u64(v)
	}
	sum := w.sum()
	w.u32(sum)
	w.Write([]byte(segEnd))
	if w.err != nil {
		return 0, w.err
	}
	if w.flush(); w.err != nil {
		return 0, w.err
	}
	return w.n, f.Close()
}

// ErrDamaged is returned when a file of the index is not what was written.
var ErrDamaged = errors.New("search index damaged")

// segment is an open segment file.
type segment struct {
	name   string
	data   []byte
	base   uint32
	n      uint32
	ft     footer
	fkeys  []string // facet keys by index, sharing one string
	fbms   []uint32 // where each facet value's bitmap is in data, and its length: 2 a key
	fblob  uint64
	col    []byte // each document's facet values
	colIdx []byte // offsets in col, n+1 of them
}

// openSegment maps the file at path and checks it whole.
func openSegment(path string) (*segment, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size < int64(len(segMagic)+footerSize) {
		return nil, fmt.Errorf("%w: %s: too short", ErrDamaged, path)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	s := &segment{name: path, data: data}
	if err := s.check(); err != nil {
		s.close()
		return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, path, err)
	}
	return s, nil
}

func (s *segment) check() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	d := s.data
	if string(d[:len(segMagic)]) != segMagic || string(d[len(d)-len(segEnd):]) != segEnd {
		return errors.New("not a segment")
	}
	at := len(d) - footerSize
	if crc32.Checksum(d[:at+15*8], castagnoli) != binary.LittleEndian.Uint32(d[at+15*8:]) {
		return errors.New("checksum mismatch")
	}
	v := func(i int) uint64 { return binary.LittleEndian.Uint64(d[at+8*i:]) }
	s.ft = footer{base: v(0), n: v(1), codes: v(2), codeIdx: v(3), dates: v(4), termIdx: v(5), nterms: v(6),
		stemIdx: v(7), nstems: v(8), facetIdx: v(9), nfacets: v(10), reserved: v(12), heads: v(13), groups: v(14)}
	s.fblob = v(11)
	s.base, s.n = uint32(s.ft.base), uint32(s.ft.n)
	// The facet values' keys are copied into one string; their bitmaps
	// stay in the mapped file, read when a view is made or merged (a
	// segment has thousands of place values: held as bitmaps, twenty
	// segments took 40 MB and a quarter of a million objects).
	blob := d[s.ft.facetIdx : s.ft.facetIdx+s.fblob]
	p := blob
	var keys []byte
	ends := make([]int, 0, s.ft.nfacets)
	s.fbms = make([]uint32, 0, 2*s.ft.nfacets)
	for range s.ft.nfacets {
		k, rest := uvarintBytes(p)
		data, rest2 := uvarintBytes(rest)
		if _, err := roaring.New().FromUnsafeBytes(data); err != nil {
			return err
		}
		keys = append(keys, k...)
		ends = append(ends, len(keys))
		off := s.ft.facetIdx + uint64(len(blob)-len(rest2)-len(data))
		if off > math.MaxUint32 {
			return errors.New("facet bitmap beyond 4 GB")
		}
		s.fbms = append(s.fbms, uint32(off), uint32(len(data)))
		p = rest2
	}
	all := string(keys)
	s.fkeys = make([]string, len(ends))
	start := 0
	for i, end := range ends {
		s.fkeys[i] = all[start:end]
		start = end
	}
	at2 := v(12)
	colLen := binary.LittleEndian.Uint64(d[at2:])
	s.col = d[at2+8 : at2+8+colLen]
	s.colIdx = d[at2+8+colLen : at2+8+colLen+4*(s.ft.n+1)]
	return nil
}

func (s *segment) close() {
	if s.data != nil {
		syscall.Munmap(s.data)
		s.data = nil
	}
}

// facetBitmap returns the bitmap of facet value i (of s.fkeys), which
// reads the mapped file: a copy of what it holds must be made before the
// segment is closed.
func (s *segment) facetBitmap(i int) *roaring.Bitmap {
	off, n := s.fbms[2*i], s.fbms[2*i+1]
	bm := roaring.New()
	if _, err := bm.FromUnsafeBytes(s.data[off : off+n]); err != nil {
		panic(err) // checked on open
	}
	return bm
}

// uvarintBytes reads a length and that many bytes.
func uvarintBytes(p []byte) ([]byte, []byte) {
	n, k := binary.Uvarint(p)
	if k <= 0 || uint64(len(p)-k) < n {
		panic("bad length")
	}
	return p[k : k+int(n)], p[k+int(n):]
}

func (s *segment) u32(off uint64) uint32 { return binary.LittleEndian.Uint32(s.data[off:]) }

// code returns the memory code of document ord.
func (s *segment) code(ord uint32) string { return string(s.codeBytes(ord)) }

// codeBytes returns the memory code of document ord, in the mapped file.
func (s *segment) codeBytes(ord uint32) []byte {
	off := s.ft.codes + uint64(s.u32(s.ft.codeIdx+4*uint64(ord)))
	c, _ := uvarintBytes(s.data[off:])
	return c
}

// date returns the first and last day of document ord (0 when undated).
func (s *segment) date(ord uint32) (int32, int32) {
	off := s.ft.dates + 8*uint64(ord)
	return int32(s.u32(off)), int32(s.u32(off + 4))
}

// termList is one term's posting list in a segment.
type termList struct {
	seg     *segment
	idx     int // in the dictionary
	df      int
	docs    *roaring.Bitmap
	impacts []byte
	blocks  []byte
	pos     []byte
}

// dictKey returns the key of dictionary entry i and the rest of the entry.
func (s *segment) dictKey(table uint64, i int) ([]byte, []byte) {
	off := s.u32(table + 4*uint64(i))
	return uvarintBytes(s.data[off:])
}

// term looks up a term.
func (s *segment) term(t string) *termList {
	n := int(s.ft.nterms)
	i := sort.Search(n, func(i int) bool {
		k, _ := s.dictKey(s.ft.termIdx, i)
		return string(k) >= t
	})
	if i == n {
		return nil
	}
	if k, _ := s.dictKey(s.ft.termIdx, i); string(k) != t {
		return nil
	}
	return s.termAt(i)
}

func (s *segment) termAt(i int) *termList {
	_, p := s.dictKey(s.ft.termIdx, i)
	var v [7]uint64
	for j := range v {
		x, k := binary.Uvarint(p)
		if k <= 0 {
			panic("bad dictionary entry")
		}
		v[j], p = x, p[k:]
	}
	df, bmOff, bmLen, impOff, blkOff, posOff, posLen := v[0], v[1], v[2], v[3], v[4], v[5], v[6]
	l := &termList{seg: s, idx: i, df: int(df), docs: roaring.New(),
		impacts: s.data[impOff : impOff+df], blocks: s.data[blkOff:posOff], pos: s.data[posOff : posOff+posLen]}
	if _, err := l.docs.FromUnsafeBytes(s.data[bmOff : bmOff+bmLen]); err != nil {
		panic(err)
	}
	return l
}

// stemTerms returns the indexes of the terms whose stem is stem.
func (s *segment) stemTerms(stem string) []int {
	n := int(s.ft.nstems)
	i := sort.Search(n, func(i int) bool {
		k, _ := s.dictKey(s.ft.stemIdx, i)
		return string(k) >= stem
	})
	if i == n {
		return nil
	}
	k, p := s.dictKey(s.ft.stemIdx, i)
	if string(k) != stem {
		return nil
	}
	c, m := binary.Uvarint(p)
	p = p[m:]
	out := make([]int, 0, c)
	for range c {
		x, m := binary.Uvarint(p)
		out = append(out, int(x))
		p = p[m:]
	}
	return out
}

// termKey returns the term of dictionary entry i.
func (s *segment) termKey(i int) string {
	k, _ := s.dictKey(s.ft.termIdx, i)
	return string(k)
}

var _ io.Writer = (*countingWriter)(nil)
var _ = bytes.Equal

// mergeSegments builds one segment from the live documents of segs, in
// their order, numbered from base. It copies postings — impacts do not
// depend on the segment, and a document's positions are one run of bytes —
// so a merge reads no store and analyzes nothing.
func mergeSegments(segs []*segment, deleted *roaring.Bitmap, base uint32) *segmentBuilder {
	b := newSegmentBuilder(base)
	remap := make([][]int64, len(segs)) // old ordinal → new document, -1 when deleted
	for i, s := range segs {
		remap[i] = make([]int64, s.n)
		for ord := range s.n {
			if deleted.Contains(s.base + ord) {
				remap[i][ord] = -1
				continue
			}
			remap[i][ord] = int64(b.base + b.n)
			b.n++
			b.codes = append(b.codes, s.code(ord))
			first, last := s.date(ord)
			b.dates = append(b.dates, first, last)
		}
	}
	for i, s := range segs {
		for f, key := range s.fkeys {
			it := s.facetBitmap(f).Iterator()
			for it.HasNext() {
				if doc := remap[i][it.Next()-s.base]; doc >= 0 {
					b.facet(key, uint32(doc))
				}
			}
		}
		for t := range int(s.ft.nterms) {
			key := s.termKey(t)
			l := s.termAt(t)
			var p *posting
			pos := l.pos
			it := l.docs.Iterator()
			for ord := 0; it.HasNext(); ord++ {
				old := it.Next()
				// The run of this document's positions.
				n, k := binary.Uvarint(pos)
				end := k
				for range n {
					_, m := binary.Uvarint(pos[end:])
					end += m
				}
				run := pos[:end]
				pos = pos[end:]
				doc := remap[i][old-s.base]
				if doc < 0 {
					continue
				}
				if p == nil {
					p = b.posting(b.termID(key)) // no other term is added while p is used
				}
				if len(p.docs)%blockDocs == 0 {
					p.blocks = append(p.blocks, uint32(len(p.pos)))
				}
				p.docs = append(p.docs, uint32(doc))
				p.impacts = append(p.impacts, l.impacts[ord])
				p.pos = append(p.pos, run...)
			}
		}
	}
	return b
}

// countFacets adds to counts the facet values of the documents in hits,
// one of the segment's documents at a time.
func (s *segment) countFacets(hits *roaring.Bitmap, counts []int32) {
	it := hits.ManyIterator()
	buf := make([]uint32, 256)
	for {
		n := it.NextMany(buf)
		if n == 0 {
			return
		}
		for _, doc := range buf[:n] {
			s.eachFacet(doc-s.base, func(id uint32) { counts[id]++ })
		}
	}
}

// eachFacet calls fn with the index of each facet value of document ord.
func (s *segment) eachFacet(ord uint32, fn func(id uint32)) {
	p := s.col[binary.LittleEndian.Uint32(s.colIdx[4*ord:]):]
	c, k := binary.Uvarint(p)
	p = p[k:]
	for range c {
		id, k := binary.Uvarint(p)
		p = p[k:]
		fn(uint32(id))
	}
}

// termsWithPrefix calls fn with each term that begins with prefix.
func (s *segment) termsWithPrefix(prefix string, fn func(string)) {
	n := int(s.ft.nterms)
	i := sort.Search(n, func(i int) bool {
		k, _ := s.dictKey(s.ft.termIdx, i)
		return string(k) >= prefix
	})
	for ; i < n; i++ {
		k, _ := s.dictKey(s.ft.termIdx, i)
		if len(k) < len(prefix) || string(k[:len(prefix)]) != prefix {
			return
		}
		fn(string(k))
	}
}
