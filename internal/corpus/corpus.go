// Package corpus generates synthetic archives of any size for tests and
// benchmarks: every kind, both languages, dates of every precision, links
// that point forwards and backwards, places in a hierarchy. Its records are
// valid, so an import of a corpus must succeed.
package corpus

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/dhakira/dhakira"
)

var (
	wordsAR = strings.Fields(`الوثيقة بيان صحفي المعتقلين السجن المركزي النظام قوات الأمن المدنيين الحصار المساعدات الإنسانية
		المظاهرة السلمية الأهالي المدينة الريف القصف المدفعي الغارة الجوية المستشفى الميداني المدرسة الفرن الحي القديم
		المجلس المحلي الهلال الأحمر اللاجئين النازحين المخيم الحدود التقرير الحقوقي الانتهاكات الشهود المفقودين
		الإضراب عن الطعام الائتلاف الوطني المنظمة الدولية الأمم المتحدة مجلس الأمن الصليب الأحمر التحقيق العدالة
		الذاكرة الشهادة الرواية التوثيق الصحفيين الناشطين الطلاب الجامعة المسجد الكنيسة الساحة الجسر الطريق الدولي`)
	wordsEN = strings.Fields(`the press release detainees central prison regime security forces civilians siege humanitarian aid
		peaceful demonstration residents city countryside shelling airstrike field hospital school bakery old quarter
		local council red crescent refugees displaced camp border report rights violations witnesses missing
		hunger strike coalition international organization united nations security council investigation justice
		memory testimony account documentation journalists activists students university mosque church square bridge road`)
	docTypes    = []string{"press-release", "statement", "report", "letter", "leaflet", "periodical-issue"}
	entityTypes = []string{"military", "civil", "governmental", "political", "media", "international"}
	diaryTypes  = []string{"civil", "military", "political"}
	grades      = []dhakira.Reliability{dhakira.Correct, dhakira.Incorrect, dhakira.Unverified, dhakira.Unspecified}
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
	N        int      // records
	Seed     uint64   // same seed, same corpus
	Places   []string // existing place codes to put records in (e.g. the gazetteer's); generated sites hang under them
	NoCodes  int      // per mille of non-place records left without a code, for the archive to assign
	Drafts   int      // per mille of drafts
	MaxWords int      // longest text, in words (default 400)
}

type gen struct {
	rng    *rand.Rand
	opt    Options
	counts map[dhakira.Kind]int // records of each kind, decided up front
}

// Write writes a corpus as JSON Lines.
func Write(w io.Writer, opt Options) error {
	if opt.MaxWords == 0 {
		opt.MaxWords = 400
	}
	g := &gen{rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), opt: opt, counts: map[dhakira.Kind]int{}}
	total := 0
	for _, m := range mix {
		g.counts[m.kind] = max(1, opt.N*m.n/1000)
		total += g.counts[m.kind]
	}
	g.counts[dhakira.KindDiary] += opt.N - total
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

func (g *gen) code(k dhakira.Kind, n int) string { return dhakira.FormatCode(k, int64(n)) }

// some returns the code of a random record of kind k.
func (g *gen) some(k dhakira.Kind) string { return g.code(k, 1+g.rng.IntN(g.counts[k])) }

func (g *gen) place() string {
	if len(g.opt.Places) > 0 && g.rng.IntN(3) > 0 {
		return g.opt.Places[g.rng.IntN(len(g.opt.Places))]
	}
	return g.some(dhakira.KindPlace)
}

func (g *gen) words(list []string, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = list[g.rng.IntN(len(list))]
	}
	return strings.Join(ws, " ")
}

// length draws a text length: most texts short, some long.
func (g *gen) length() int {
	n := int(g.rng.ExpFloat64() * float64(g.opt.MaxWords) / 4)
	return min(max(n, 5), g.opt.MaxWords)
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

func (g *gen) record(k dhakira.Kind, n int) *dhakira.Record {
	r := &dhakira.Record{Kind: k, Code: g.code(k, n), Reliability: grades[g.rng.IntN(len(grades))], Status: dhakira.Published}
	if g.opt.Drafts > 0 && g.rng.IntN(1000) < g.opt.Drafts {
		r.Status = dhakira.Draft
	}
	r.Title.AR = g.words(wordsAR, 3+g.rng.IntN(8))
	if g.rng.IntN(10) > 0 {
		r.Title.EN = g.words(wordsEN, 3+g.rng.IntN(8))
	}
	switch k {
	case dhakira.KindPlace:
		r.Type = "site"
		if n > 1 && g.rng.IntN(3) == 0 {
			r.Attrs.Parent = g.code(k, 1+g.rng.IntN(n-1))
		} else if len(g.opt.Places) > 0 {
			r.Attrs.Parent = g.opt.Places[g.rng.IntN(len(g.opt.Places))]
		}
		lat, lon := 32.5+g.rng.Float64()*4.5, 35.7+g.rng.Float64()*6.5
		r.Attrs.Lat, r.Attrs.Lon = &lat, &lon
		r.Attrs.Level = "site"
	case dhakira.KindEntity:
		r.Type = entityTypes[g.rng.IntN(len(entityTypes))]
		r.Attrs.Aliases = []dhakira.Alias{{Value: g.words(wordsEN, 2), Lang: "en"}}
	case dhakira.KindPerson:
		r.Attrs.Born = fmt.Sprintf("%04d", 1940+g.rng.IntN(60))
	case dhakira.KindDocument:
		r.Type = docTypes[g.rng.IntN(len(docTypes))]
		r.Source = &dhakira.Source{Name: g.words(wordsEN, 3), URL: fmt.Sprintf("https://example.org/doc/%d", n)}
	case dhakira.KindVideo:
		r.Attrs.URL = fmt.Sprintf("https://video.example.org/watch/%d", n)
		r.Attrs.Duration = fmt.Sprintf("%02d:%02d", g.rng.IntN(60), g.rng.IntN(60))
	case dhakira.KindTestimony:
		for i := range 3 {
			r.Attrs.Segments = append(r.Attrs.Segments, dhakira.Segment{
				Start: fmt.Sprintf("00:%02d:00", i*10), End: fmt.Sprintf("00:%02d:00", i*10+9),
				Text: dhakira.Text{AR: g.words(wordsAR, 30)},
			})
		}
	case dhakira.KindDiary:
		r.Type = diaryTypes[g.rng.IntN(len(diaryTypes))]
	}
	if k != dhakira.KindPlace && k != dhakira.KindPerson && k != dhakira.KindEntity {
		r.Date = g.date()
		r.Places = []string{g.place()}
		r.Text.AR = g.words(wordsAR, g.length())
		if r.Title.EN != "" {
			r.Text.EN = g.words(wordsEN, g.length())
		}
		r.Links = append(r.Links, dhakira.Link{Rel: dhakira.RelIssuedBy, To: g.some(dhakira.KindEntity)})
		if g.rng.IntN(2) == 0 {
			r.Links = append(r.Links, dhakira.Link{Rel: dhakira.RelMentions, To: g.some(dhakira.KindPerson), Note: g.words(wordsEN, 2)})
		}
		if k != dhakira.KindDiary && g.rng.IntN(3) == 0 {
			r.Links = append(r.Links, dhakira.Link{Rel: dhakira.RelRelated, To: g.some(dhakira.KindDiary)})
		}
		if (k == dhakira.KindDocument || k == dhakira.KindVideo) && g.opt.NoCodes > 0 && g.rng.IntN(1000) < g.opt.NoCodes {
			r.Code = "" // nothing links to documents or videos here
		}
	} else {
		r.Text.AR = g.words(wordsAR, g.length()/2+5)
	}
	r.Normalize()
	return r
}
