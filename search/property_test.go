package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
)

// The property tests hold the index to a brute-force scan: random corpora,
// random queries, and after each round of updates, deletions and merges,
// the index must find exactly the documents the scan finds, with the same
// total and the same facet counts.

var propWords = []string{"الوثيقة", "وثيقة", "والوثيقة", "المعتقلين", "معتقل", "المعتقلات", "سجن", "السجون", "حمص", "درعا",
	"قصف", "مجزرة", "prison", "prisons", "detainee", "detainees", "hunger", "strike", "strikes", "siege", "Homs", "Daraa",
	"shelling", "report", "reports", "x-ray", "regime's", "مجازر", "مجزرة", "Hasakah", "Saydnaya"}

// queryOnly are words no document holds: variants and typos of theirs.
// ("reporting" and "striking" are found through their stems alone.)
var queryOnly = []string{"Hasakeh", "Sednaya", "prisonz", "detainess", "shellings", "reprot", "Saidnaya", "مجزره", "reporting", "striking"}

var propNames = []string{"Al-Hasakah Governorate", "Sednaya Prison", "Hasaka", "Daraa", "Deir ez-Zor"}

func randomDoc(r *rand.Rand, code string) *Document {
	text := func(n int) string {
		var w []string
		for range n {
			w = append(w, propWords[r.IntN(len(propWords))])
		}
		return strings.Join(w, " ")
	}
	d := &Document{
		Code:        code,
		Kind:        []string{"document", "diary", "person"}[r.IntN(3)],
		Reliability: []string{"correct", "unverified"}[r.IntN(2)],
		Title:       []string{text(1 + r.IntN(3))},
		Text:        []string{text(r.IntN(12)), text(r.IntN(5))},
	}
	if r.IntN(2) == 0 {
		d.Names = []string{text(2), propNames[r.IntN(len(propNames))]}
	}
	if r.IntN(5) == 0 {
		d.Kind = "place"
		d.Title = append(d.Title, propNames[r.IntN(len(propNames))])
	}
	if r.IntN(3) > 0 {
		d.Type = []string{"report", "statement"}[r.IntN(2)]
	}
	d.Places = [][]string{nil, {"SY02"}, {"SY02", "SY0200"}, {"SY08"}}[r.IntN(4)]
	if r.IntN(4) > 0 {
		y := 2011 + r.IntN(4)
		d.DateFirst, d.DateLast = int32(y*10000+101), int32(y*10000+1231)
		d.Years = []string{fmt.Sprint(y)}
	}
	return d
}

// analyzed is a document as the brute force sees it.
type analyzed struct {
	seqs [][]string      // the exact terms of each value
	keys map[string]bool // the Latin-script keys of its names
}

func analyze(d *Document) analyzed {
	var a analyzed
	a.keys = map[string]bool{}
	for field, values := range [3][]string{d.Title, append(slices.Clone(d.Names), d.Code), d.Text} {
		for _, v := range values {
			var terms []string
			words(v, func(w string, _, _ int) { terms = exactTerms(terms, w) })
			a.seqs = append(a.seqs, terms)
			if field < 2 {
				for _, t := range terms {
					if k := latinKey(t); k != "" {
						a.keys[k] = true
					}
				}
			}
		}
	}
	return a
}

// wordMatch is the brute force of one query token: the word, its stem,
// its plural or singular, its Latin-script key, and typos when allowed.
func (a analyzed) wordMatch(tok string, typos bool) bool {
	if k := latinKey(tok); k != "" && a.keys[k] {
		return true
	}
	for _, s := range a.seqs {
		for _, term := range s {
			if term == tok || stemOf(term) == stemOf(tok) || slices.Contains(pluralForms(tok), term) {
				return true
			}
			if typos && utf8.RuneCountInString(tok) >= 5 && latinWord(tok) && oneEdit(tok, term) {
				return true
			}
		}
	}
	return false
}

// scanMatch is the brute force: does d match t? little says which query
// tokens find so few documents that typos are tried.
func scanMatch(d *Document, t Term, little map[string]bool) bool {
	a := analyze(d)
	toks := analyzeQuery(t.Text)
	if t.Phrase {
		for _, s := range a.seqs {
			for i := 0; i+len(toks) <= len(s); i++ {
				if len(toks) > 0 && slices.Equal(s[i:i+len(toks)], toks) {
					return true
				}
			}
		}
		return false
	}
	if strings.TrimSpace(t.Text) == d.Code {
		return true
	}
	if len(toks) == 0 {
		return false
	}
	for _, tok := range toks {
		if !a.wordMatch(tok, little[tok]) {
			return false
		}
	}
	return true
}

// littleWords returns the query tokens that find fewer than typoBelow
// documents without typos.
func littleWords(docs map[string]*Document, p plan) map[string]bool {
	little := map[string]bool{}
	var terms []Term
	for _, g := range p.q.Groups {
		terms = append(terms, g...)
	}
	terms = append(terms, p.q.Exclude...)
	for _, t := range terms {
		if t.Phrase {
			continue
		}
		for _, tok := range analyzeQuery(t.Text) {
			n := 0
			for _, d := range docs {
				if analyze(d).wordMatch(tok, false) {
					n++
				}
			}
			little[tok] = n < typoBelow
		}
	}
	return little
}

func scanQuery(docs map[string]*Document, p plan) (codes []string, facets map[string]map[string]int) {
	facets = map[string]map[string]int{}
	little := littleWords(docs, p)
	for code, d := range docs {
		ok := (p.kind == "" || d.Kind == p.kind) && (p.place == "" || slices.Contains(d.Places, p.place))
		for _, g := range p.q.Groups {
			ok = ok && slices.ContainsFunc(g, func(t Term) bool { return scanMatch(d, t, little) })
		}
		for _, t := range p.q.Exclude {
			ok = ok && !scanMatch(d, t, little)
		}
		if p.from != 0 || p.to != 0 {
			ok = ok && d.DateFirst != 0 && (p.from == 0 || d.DateLast >= p.from) && (p.to == 0 || d.DateFirst <= p.to)
		}
		if !ok {
			continue
		}
		codes = append(codes, code)
		add := func(f, v string) {
			if facets[f] == nil {
				facets[f] = map[string]int{}
			}
			facets[f][v]++
		}
		add("kind", d.Kind)
		add("reliability", d.Reliability)
		if d.Type != "" {
			add("type", d.Type)
		}
		for _, pl := range d.Places {
			add("place", pl)
		}
		for _, y := range d.Years {
			add("year", y)
		}
	}
	slices.Sort(codes)
	return codes, facets
}

func randomQuery(r *rand.Rand, docs map[string]*Document) plan {
	word := func() string {
		if r.IntN(4) == 0 {
			return queryOnly[r.IntN(len(queryOnly))]
		}
		return propWords[r.IntN(len(propWords))]
	}
	term := func() Term {
		switch r.IntN(6) {
		case 0: // a phrase taken from a document, or made up
			for _, d := range docs {
				f := strings.Fields(d.Text[0])
				if len(f) >= 2 && r.IntN(2) == 0 {
					i := r.IntN(len(f) - 1)
					return Term{Text: f[i] + " " + f[i+1], Phrase: true}
				}
				break
			}
			return Term{Text: word() + " " + word(), Phrase: true}
		case 1:
			return Term{Text: fmt.Sprintf("DOC-%d", r.IntN(60))}
		}
		return Term{Text: word()}
	}
	var p plan
	for range r.IntN(3) {
		g := []Term{term()}
		if r.IntN(3) == 0 {
			g = append(g, term())
		}
		p.q.Groups = append(p.q.Groups, g)
	}
	if r.IntN(3) == 0 {
		p.q.Exclude = append(p.q.Exclude, term())
	}
	if r.IntN(4) == 0 {
		p.kind = []string{"document", "diary", "person"}[r.IntN(3)]
	}
	if r.IntN(4) == 0 {
		p.place = []string{"SY02", "SY0200", "SY08"}[r.IntN(3)]
	}
	if r.IntN(5) == 0 {
		p.from = int32(2012*10000 + 101)
	}
	if r.IntN(5) == 0 {
		p.to = int32(2013*10000 + 1231)
	}
	p.k = 1000
	return p
}

// put indexes docs as one new segment, replacing earlier versions, and
// deletes the codes in gone.
func put(t *testing.T, ix *Index, docs []*Document, gone []string) {
	t.Helper()
	var add []*segment
	codes := slices.Clone(gone)
	if len(docs) > 0 {
		b := newSegmentBuilder(ix.reserve(len(docs)))
		for _, d := range docs {
			b.add(d)
			codes = append(codes, d.Code)
		}
		s, err := ix.writeSegment(b)
		if err != nil {
			t.Fatal(err)
		}
		add = append(add, s)
	}
	seq, _ := ix.Seq()
	if err := ix.commit(add, nil, codes, seq+1); err != nil {
		t.Fatal(err)
	}
}

// mergeSome merges the segments of the index, all of them or a few, as
// the engine's merges do.
func mergeSome(t *testing.T, ix *Index, r *rand.Rand) {
	t.Helper()
	ix.mu.RLock()
	segs := slices.Clone(ix.v.segs)
	if len(segs) > 2 && r.IntN(2) == 0 {
		i := r.IntN(len(segs) - 1)
		segs = segs[i : i+2]
	}
	var n int
	for _, s := range segs {
		n += int(s.n)
	}
	b := mergeSegments(segs, ix.v.deleted, ix.reserve(n))
	ix.mu.RUnlock()
	var add []*segment
	if b.n > 0 {
		s, err := ix.writeSegment(b)
		if err != nil {
			t.Fatal(err)
		}
		add = append(add, s)
	}
	if err := ix.commit(add, segs, nil, 0); err != nil {
		t.Fatal(err)
	}
}

func check(t *testing.T, ix *Index, docs map[string]*Document, r *rand.Rand, round string) {
	t.Helper()
	// Random queries, then each word no document holds alone (a search
	// that may count its facets from a group).
	for i := range 60 + len(queryOnly) {
		p := plan{q: Query{Groups: [][]Term{{{Text: queryOnly[max(i-60, 0)]}}}}, k: 1000}
		if i < 60 {
			p = randomQuery(r, docs)
		}
		want, wantFacets := scanQuery(docs, p)
		ix.mu.RLock()
		v := ix.v
		res := v.run(p)
		var got []string
		for _, doc := range res.docs {
			s := v.segmentOf(doc)
			got = append(got, s.code(doc-s.base))
		}
		// A shorter page is the start of the longer one, whichever way
		// the best hits were found.
		// A shorter page is the start of the longer one, and the same
		// whether found from the lists' heads or by walking the lists.
		for _, k := range []int{1, 3, 7, 20} {
			short := p
			short.k = k
			sr := v.run(short)
			useHeads = false
			walked := v.run(short)
			useHeads = true
			if !slices.Equal(sr.docs, res.docs[:min(k, len(res.docs))]) || sr.total != res.total ||
				!slices.Equal(sr.docs, walked.docs) || fmt.Sprint(sr.facets) != fmt.Sprint(walked.facets) {
				ix.mu.RUnlock()
				t.Fatalf("%s: %+v: the best %d are %v (%d hits; walking the lists: %v), the page of %d begins %v (%d hits)",
					round, p, k, sr.docs, sr.total, walked.docs, p.k, res.docs, res.total)
			}
		}
		ix.mu.RUnlock()
		slices.Sort(got)
		if res.total != len(want) || !slices.Equal(got, want) {
			t.Fatalf("%s: %+v: index found %d %v, scan %d %v", round, p, res.total, got, len(want), want)
		}
		gotFacets := map[string]map[string]int{}
		for name, counts := range res.facets {
			gotFacets[name] = map[string]int{}
			for _, c := range counts {
				gotFacets[name][c.Value] = c.N
			}
		}
		if fmt.Sprint(gotFacets) != fmt.Sprint(wantFacets) {
			t.Fatalf("%s: %+v: facets %v, scan %v", round, p, gotFacets, wantFacets)
		}
	}
}

func TestIndexAgreesWithScan(t *testing.T) {
	t.Cleanup(func() {
		longPhrase, longLists = 20000, 200000
		headMinDF, headSize, headUse = 2048, 256, 256
		groupMinDF, groupSize, groupSkew = 2048, 256, false
		stemGroupMinDF = 512
	})
	for seed := range uint64(6) {
		// Odd seeds read every query's segments on every core; all but
		// every third give lists of a document or more heads of two to
		// four, of which searches read one to three.
		if seed%2 == 1 {
			longPhrase, longLists = 0, 0
		} else {
			longPhrase, longLists = 20000, 200000
		}
		if seed%3 != 2 {
			headMinDF, headSize, headUse = 1, 2+int(seed%3), 1+int(seed%3)
			// Every word with a list has a group, whose head holds two to
			// eight documents.
			groupMinDF, groupSize = 1, 2+3*int(seed%3)
			groupSkew = seed%3 == 0
			// and every stem with a list.
			stemGroupMinDF = 1
		} else {
			headMinDF, headSize, headUse = 2048, 256, 256
			groupMinDF, groupSize, groupSkew = 2048, 256, false
			stemGroupMinDF = 512
		}
		r := rand.New(rand.NewPCG(seed, 12))
		dir := t.TempDir()
		ix, _, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		docs := map[string]*Document{}
		var batch []*Document
		for i := range 40 {
			d := randomDoc(r, fmt.Sprintf("DOC-%d", i))
			docs[d.Code] = d
			batch = append(batch, d)
		}
		put(t, ix, batch, nil)
		check(t, ix, docs, r, "first")
		for round := range 6 {
			// Updates, new records and deletions, in a few small segments.
			for range 1 + r.IntN(3) {
				var batch []*Document
				var gone []string
				for range 1 + r.IntN(8) {
					code := fmt.Sprintf("DOC-%d", r.IntN(60))
					if r.IntN(4) == 0 {
						delete(docs, code)
						gone = append(gone, code)
						batch = slices.DeleteFunc(batch, func(d *Document) bool { return d.Code == code })
						continue
					}
					if slices.ContainsFunc(batch, func(d *Document) bool { return d.Code == code }) {
						continue
					}
					d := randomDoc(r, code)
					docs[code] = d
					batch = append(batch, d)
				}
				put(t, ix, batch, gone)
			}
			check(t, ix, docs, r, fmt.Sprintf("round %d", round))
			if round%2 == 1 || r.IntN(2) == 0 {
				mergeSome(t, ix, r)
				check(t, ix, docs, r, fmt.Sprintf("round %d merged", round))
			}
			// What was committed is what opens again.
			if round == 3 {
				ix.Close()
				if ix, _, err = Open(dir); err != nil || ix.damaged != "" {
					t.Fatalf("reopen: %v %s", err, ix.damaged)
				}
				check(t, ix, docs, r, "reopened")
			}
		}
		if served := headsServed.Swap(0); seed%3 != 2 && served == 0 {
			t.Errorf("seed %d: no search found its best hits from the heads", seed)
		}
		if served := groupsServed.Swap(0); seed%3 != 2 && served == 0 {
			t.Errorf("seed %d: no search found its best hits from a word's group", seed)
		}
		if counted := groupsCounted.Swap(0); seed%3 != 2 && counted == 0 {
			t.Errorf("seed %d: no search counted its facets from a word's group", seed)
		}
		if served := stemGroupsServed.Swap(0); seed%3 != 2 && served == 0 {
			t.Errorf("seed %d: no search found its best hits from a stem's group", seed)
		}
		if counted := stemGroupsCounted.Swap(0); seed%3 != 2 && counted == 0 {
			t.Errorf("seed %d: no search counted its facets from a stem's group", seed)
		}
		n, _ := ix.DocCount()
		if int(n) != len(docs) {
			t.Errorf("seed %d: %d documents, want %d", seed, n, len(docs))
		}
		ix.Close()
	}
}

var _ = dhakira.Count{}
