// Package corpus generates synthetic archives of any size for tests and
// benchmarks: every kind, both languages, dates of every precision, links
// that point forwards and backwards, places in a hierarchy. Its records are
// valid, so an import of a corpus must succeed.
//
// The texts are made to search like real ones: words of the archive's own
// domain in Arabic and English, drawn with a Zipf distribution so that a few
// words are in most records and most words in few; each record keeps to a
// theme; Arabic words come with and without the article, with a joined و, ب
// or ل, with and without hamza, as writers write them; persons, bodies and
// places are named in the texts; and lengths follow the kind, from diary
// entries of a few lines to reports of thousands of words.
package corpus

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/dhakira/dhakira"
)

var (
	docTypes   = []string{"press-release", "statement", "report", "letter", "leaflet", "periodical-issue"}
	diaryTypes = []string{"civil", "military", "political"}
	grades     = []dhakira.Reliability{dhakira.Correct, dhakira.Incorrect, dhakira.Unverified, dhakira.Unspecified}
)

// share of each kind in a generated corpus, in per mille.
var mix = []struct {
	kind dhakira.Kind
	n    int
}{
	{dhakira.KindPlace, 20}, {dhakira.KindEntity, 60}, {dhakira.KindPerson, 100}, {dhakira.KindDocument, 300},
	{dhakira.KindVideo, 100}, {dhakira.KindTestimony, 30}, {dhakira.KindDiary, 390},
}

// Options shape a corpus.
type Options struct {
	N      int      // records
	Seed   uint64   // same seed, same corpus
	Places []string // existing place codes to put records in (e.g. the gazetteer's); generated sites hang under them
	// Names are names of real places (e.g. the gazetteer's titles) for the
	// texts to mention, most mentioned first. They come after the towns
	// the corpus knows itself.
	Names    []dhakira.Text
	NoCodes  int // per mille of non-place records left without a code, for the archive to assign
	Drafts   int // per mille of drafts
	MaxWords int // longest text, in words (default 3000); longer texts are cut
}

type gen struct {
	rng    *rand.Rand
	opt    Options
	counts map[dhakira.Kind]int // records of each kind, decided up front
	ar, en *lang
	names  []dhakira.Text // towns, then Options.Names
	zNames *rand.Zipf     // which place a text names
	zPers  *rand.Zipf     // which person
	zEnt   *rand.Zipf     // which body
	// Per record: its theme, whether it came in English, and the persons
	// its texts named.
	theme     int
	english   bool
	mentioned []int
}

// Write writes a corpus as JSON Lines.
func Write(w io.Writer, opt Options) error {
	if opt.MaxWords <= 0 {
		opt.MaxWords = 3000
	}
	g := &gen{rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), opt: opt, counts: map[dhakira.Kind]int{}}
	total := 0
	for _, m := range mix {
		g.counts[m.kind] = max(1, opt.N*m.n/1000)
		total += g.counts[m.kind]
	}
	g.counts[dhakira.KindDiary] += opt.N - total
	g.init()
	bw := bufio.NewWriterSize(w, 1<<16)
	// Interleave kinds so links point both ways in the file.
	next := map[dhakira.Kind]int{}
	for i := 0; i < opt.N; i++ {
		k := mix[i%len(mix)].kind
		for next[k] >= g.counts[k] {
			k = mix[(i+g.rng.IntN(len(mix)))%len(mix)].kind
			if next[k] >= g.counts[k] {
				for _, m := range mix {
					if next[m.kind] < g.counts[m.kind] {
						k = m.kind
						break
					}
				}
			}
		}
		next[k]++
		r := g.record(k, next[k])
		data, err := r.Encode()
		if err != nil {
			return err
		}
		if _, err := bw.Write(data); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func (g *gen) init() {
	g.ar, g.en = newLang(g.rng, vocabAR), newLang(g.rng, vocabEN)
	seen := map[string]bool{}
	for _, list := range [][]dhakira.Text{towns, g.opt.Names} {
		for _, t := range list {
			if t.AR == "" || t.EN == "" || seen[t.AR] {
				continue
			}
			seen[t.AR] = true
			g.names = append(g.names, t)
		}
	}
	g.zNames = zipf(g.rng, 1.1, 1, len(g.names))
	g.zPers = zipf(g.rng, 1.1, 1, g.counts[dhakira.KindPerson])
	g.zEnt = zipf(g.rng, 1.1, 1, g.counts[dhakira.KindEntity])
}

// zipf draws from [0, n) with P(k) proportional to (v+k)^-s.
func zipf(rng *rand.Rand, s, v float64, n int) *rand.Zipf {
	return rand.NewZipf(rng, s, v, uint64(max(n, 1)-1))
}

func pick(z *rand.Zipf) int { return int(z.Uint64()) }

func (g *gen) code(k dhakira.Kind, n int) string { return dhakira.FormatCode(k, int64(n)) }

// some returns the code of a random record of kind k.
func (g *gen) some(k dhakira.Kind) string { return g.code(k, 1+g.rng.IntN(g.counts[k])) }

func (g *gen) place() string {
	if len(g.opt.Places) > 0 && g.rng.IntN(3) > 0 {
		return g.opt.Places[g.rng.IntN(len(g.opt.Places))]
	}
	return g.some(dhakira.KindPlace)
}

// lognormal draws a length around median, with most lengths within a factor
// e^sigma of it, kept within [lo, hi] and MaxWords.
func (g *gen) lognormal(median, sigma float64, lo, hi int) int {
	n := int(median * math.Exp(sigma*g.rng.NormFloat64()))
	return max(1, min(max(n, lo), hi, g.opt.MaxWords))
}

func (g *gen) date() string {
	y := 2011 + g.rng.IntN(14)
	m := 1 + g.rng.IntN(12)
	d := 1 + g.rng.IntN(28)
	switch g.rng.IntN(20) {
	case 0:
		return fmt.Sprintf("%04d", y)
	case 1, 2:
		return fmt.Sprintf("%04d-%02d", y, m)
	case 3:
		return fmt.Sprintf("%04d-%02d-%02d/%04d-%02d-%02d", y, m, d, y, m, min(d+3, 28))
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// personName is the name of person number n: the same n, the same name.
func personName(n int) dhakira.Text {
	h := uint64(n) * 0x9e3779b97f4a7c15
	h ^= h >> 29
	first := firstMen
	if h%3 == 0 {
		first = firstWomen
	}
	f := first[(h>>8)%uint64(len(first))]
	father := firstMen[(h>>20)%uint64(len(firstMen))]
	fam := families[(h>>32)%uint64(len(families))]
	return dhakira.Text{AR: f.AR + " " + father.AR + " " + fam.AR, EN: f.EN + " " + father.EN + " " + fam.EN}
}

// entityName is the name of body number n, and its type.
func (g *gen) entityName(n int) (dhakira.Text, string) {
	if n <= len(organizations) {
		o := organizations[n-1]
		return o.name, o.typ
	}
	p := orgPatterns[n%len(orgPatterns)]
	if p.number {
		num := 1 + (n/len(orgPatterns))%200
		return dhakira.Text{AR: fmt.Sprintf(p.ar, num), EN: fmt.Sprintf(p.en, num)}, p.typ
	}
	t := g.names[(n/len(orgPatterns))%len(g.names)]
	return dhakira.Text{AR: fmt.Sprintf(p.ar, t.AR), EN: fmt.Sprintf(p.en, t.EN)}, p.typ
}

// acronym returns the initials of an English name of several words
// ("Syrian Network for Human Rights" → "SNHR"), or "".
func acronym(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if c := w[0]; c >= 'A' && c <= 'Z' {
			b.WriteByte(c)
		}
	}
	if b.Len() < 3 {
		return ""
	}
	return b.String()
}

// texts makes a record's text: Arabic, with an English version for some;
// English alone for the records that came in English.
func (g *gen) texts(r *dhakira.Record, length func() int) {
	if !g.english {
		r.Text.AR = g.text(g.ar, length())
	}
	if g.english || r.Title.EN != "" && g.rng.IntN(100) < 35 {
		r.Text.EN = g.text(g.en, length())
	}
}

// titles gives a record a title in Arabic and, for most, in English; one
// record in ten came in English and may have no Arabic title.
func (g *gen) titles(r *dhakira.Record, t dhakira.Text) {
	r.Title = t
	g.english = g.rng.IntN(10) == 0
	switch {
	case g.english && g.rng.IntN(2) == 0:
		r.Title.AR = ""
	case !g.english && g.rng.IntN(10) < 3:
		r.Title.EN = ""
	}
}

func (g *gen) record(k dhakira.Kind, n int) *dhakira.Record {
	r := &dhakira.Record{Kind: k, Code: g.code(k, n), Reliability: grades[g.rng.IntN(len(grades))], Status: dhakira.Published}
	if g.opt.Drafts > 0 && g.rng.IntN(1000) < g.opt.Drafts {
		r.Status = dhakira.Draft
	}
	g.theme = g.rng.IntN(len(themesAR))
	g.english = false
	g.mentioned = g.mentioned[:0]
	switch k {
	case dhakira.KindPlace:
		r.Type = "site"
		kind, name := siteKinds[g.rng.IntN(len(siteKinds))], siteNames[g.rng.IntN(len(siteNames))]
		g.titles(r, dhakira.Text{AR: kind.AR + " " + name.AR, EN: name.EN + " " + kind.EN})
		if n > 1 && g.rng.IntN(3) == 0 {
			r.Attrs.Parent = g.code(k, 1+g.rng.IntN(n-1))
		} else if len(g.opt.Places) > 0 {
			r.Attrs.Parent = g.opt.Places[g.rng.IntN(len(g.opt.Places))]
		}
		lat, lon := 32.5+g.rng.Float64()*4.5, 35.7+g.rng.Float64()*6.5
		r.Attrs.Lat, r.Attrs.Lon = &lat, &lon
		r.Attrs.Level = "site"
		g.texts(r, func() int { return 10 + g.rng.IntN(31) })
	case dhakira.KindEntity:
		name, typ := g.entityName(n)
		r.Type = typ
		g.titles(r, name)
		if a := acronym(name.EN); a != "" {
			r.Attrs.Aliases = []dhakira.Alias{{Value: a, Lang: "en"}}
		}
		g.texts(r, func() int { return g.lognormal(100, 0.6, 20, 1000) })
	case dhakira.KindPerson:
		name := personName(n)
		g.titles(r, name)
		born := 1935 + g.rng.IntN(70)
		r.Attrs.Born = fmt.Sprintf("%04d", born)
		if g.rng.IntN(10) < 3 {
			r.Attrs.Died = fmt.Sprintf("%04d-%02d-%02d", max(born+1, 2011+g.rng.IntN(14)), 1+g.rng.IntN(12), 1+g.rng.IntN(28))
		}
		if g.rng.IntN(100) < 15 {
			father := firstMen[g.rng.IntN(len(firstMen))]
			r.Attrs.Aliases = []dhakira.Alias{{Value: "أبو " + father.AR, Lang: "ar"}, {Value: "Abu " + father.EN, Lang: "en"}}
		}
		g.texts(r, func() int { return g.lognormal(150, 0.5, 30, 1000) })
		if r.Text.AR != "" { // a biography opens with the name
			r.Text.AR = name.AR + " " + r.Text.AR
		}
		if r.Text.EN != "" {
			r.Text.EN = name.EN + " " + r.Text.EN
		}
		if g.rng.IntN(10) < 3 {
			r.Links = append(r.Links, dhakira.Link{Rel: dhakira.RelMemberOf, To: g.code(dhakira.KindEntity, 1+pick(g.zEnt))})
		}
	default:
		g.event(r, n)
	}
	r.Normalize()
	return r
}

// event fills the records of things that happened: documents, videos,
// testimonies and diary entries.
func (g *gen) event(r *dhakira.Record, n int) {
	k := r.Kind
	r.Date = g.date()
	r.Places = []string{g.place()}
	var length func() int
	switch k {
	case dhakira.KindDocument:
		r.Type = docTypes[g.rng.IntN(len(docTypes))]
		src, _ := g.entityName(1 + pick(g.zEnt))
		r.Source = &dhakira.Source{Name: src.EN, URL: fmt.Sprintf("https://example.org/doc/%d", n)}
		length = func() int { return g.lognormal(300, 0.8, 40, 3000) }
		g.titles(r, g.title())
	case dhakira.KindVideo:
		r.Attrs.URL = fmt.Sprintf("https://video.example.org/watch/%d", n)
		r.Attrs.Duration = fmt.Sprintf("%02d:%02d", g.rng.IntN(60), g.rng.IntN(60))
		length = func() int { return g.lognormal(80, 0.6, 15, 600) }
		g.titles(r, g.title())
	case dhakira.KindTestimony:
		witness := 1 + pick(g.zPers)
		name := personName(witness)
		g.titles(r, dhakira.Text{AR: "شهادة " + name.AR, EN: "Testimony of " + name.EN})
		r.Links = append(r.Links, dhakira.Link{Rel: dhakira.RelWitness, To: g.code(dhakira.KindPerson, witness)})
		length = func() int { return g.lognormal(60, 0.5, 15, 300) }
		start := 0
		for range 3 + g.rng.IntN(10) {
			words := g.lognormal(120, 0.5, 30, 600)
			end := start + words*60/(100+g.rng.IntN(60)) // seconds, at 100 to 160 words a minute
			s := dhakira.Segment{Start: timecode(start), End: timecode(end), Text: dhakira.Text{AR: g.text(g.ar, words)}}
			if g.rng.IntN(4) == 0 {
				s.Title.AR = g.phrase(g.ar, 2+g.rng.IntN(3))
			}
			if g.rng.IntN(5) == 0 {
				s.Text.EN = g.text(g.en, words)
			}
			r.Attrs.Segments = append(r.Attrs.Segments, s)
			start = end + 1
		}
	case dhakira.KindDiary:
		r.Type = diaryTypes[g.rng.IntN(len(diaryTypes))]
		length = func() int { return 20 + int(100*min(g.rng.Float64(), g.rng.Float64())) }
		g.titles(r, g.title())
	}
	g.texts(r, length)
	if k != dhakira.KindTestimony || g.rng.IntN(2) == 0 {
		r.Links = append(r.Links, dhakira.Link{Rel: dhakira.RelIssuedBy, To: g.code(dhakira.KindEntity, 1+pick(g.zEnt))})
	}
	linked := map[int]bool{}
	for _, p := range g.mentioned {
		if len(linked) == 3 {
			break
		}
		if !linked[p] {
			linked[p] = true
			l := dhakira.Link{Rel: dhakira.RelMentions, To: g.code(dhakira.KindPerson, p)}
			if g.rng.IntN(2) == 0 {
				l.Note = g.phrase(g.en, 2)
			}
			r.Links = append(r.Links, l)
		}
	}
	if k != dhakira.KindDiary && g.rng.IntN(3) == 0 {
		r.Links = append(r.Links, dhakira.Link{Rel: dhakira.RelRelated, To: g.some(dhakira.KindDiary)})
	}
	if (k == dhakira.KindDocument || k == dhakira.KindVideo) && g.opt.NoCodes > 0 && g.rng.IntN(1000) < g.opt.NoCodes {
		r.Code = "" // nothing links to documents or videos here
	}
}

func timecode(s int) string { return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60) }

// title makes the title of an event: a few words of its theme, and often
// the town where it happened.
func (g *gen) title() dhakira.Text {
	n := 2 + g.rng.IntN(5)
	t := dhakira.Text{AR: g.phrase(g.ar, n), EN: g.phrase(g.en, n)}
	if g.rng.IntN(100) < 55 {
		town := g.names[pick(g.zNames)]
		t.AR += " في " + town.AR
		t.EN += " in " + town.EN
	}
	return t
}
