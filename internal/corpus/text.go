package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
)

// vocab is the vocabulary of one language.
type vocab struct {
	arabic   bool
	function []string
	themes   [][]string // words and phrases of each theme, most common first
	ranked   []string   // the themes' words, most common first, then the rare ones
	domain   int        // ranked[:domain] are the themes' words, ranked[domain:] the rare ones
}

var (
	vocabAR = newVocab(true, functionAR, themesAR, rareAR)
	vocabEN = newVocab(false, functionEN, themesEN, rareEN)
)

func newVocab(arabic bool, function, themes, rare []string) *vocab {
	v := &vocab{arabic: arabic, function: function}
	words := func(s string) []string {
		ws := strings.Fields(s)
		for i, w := range ws {
			ws[i] = strings.ReplaceAll(w, "_", " ")
		}
		return ws
	}
	for _, t := range themes {
		v.themes = append(v.themes, words(t))
	}
	// The n-th word of every theme ranks before the n+1-th of any.
	seen := map[string]bool{}
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			v.ranked = append(v.ranked, w)
		}
	}
	for i, more := 0, true; more; i++ {
		more = false
		for _, t := range v.themes {
			if i < len(t) {
				add(t[i])
				more = true
			}
		}
	}
	v.domain = len(v.ranked)
	for _, w := range words(strings.Join(rare, " ")) {
		add(w)
	}
	return v
}

// Vocabulary returns the words and set phrases ("قوات النظام") that the
// texts of lang ("ar" or "en") are made of, besides function words, names
// and numbers: the words of the themes most common first, then the rare
// words, least common last. Arabic words are listed in one spelling; texts
// also have them with a joined و, ب or ل, and some without their hamza.
func Vocabulary(lang string) []string {
	v := vocabEN
	if lang == "ar" {
		v = vocabAR
	}
	return append([]string(nil), v.ranked...)
}

// lang is a vocabulary with the draws of one corpus.
type lang struct {
	*vocab
	zFunc, zDomain, zRare *rand.Zipf
	zTheme                []*rand.Zipf
}

func newLang(rng *rand.Rand, v *vocab) *lang {
	l := &lang{
		vocab:   v,
		zFunc:   zipf(rng, 1.1, 2, len(v.function)),
		zDomain: zipf(rng, 1.1, 10, v.domain),
		zRare:   zipf(rng, 1.2, 4, len(v.ranked)-v.domain),
	}
	for _, t := range v.themes {
		l.zTheme = append(l.zTheme, zipf(rng, 1.1, 6, len(t)))
	}
	return l
}

// Shares of a text's words, in per mille: function words; names of
// places, persons and bodies; numbers; rare words. The rest are the words
// of the themes, some from the record's own theme.
const (
	shareFunction = 330
	shareName     = 20
	shareNumber   = 10
	shareRare     = 10
	shareTheme    = 30 // per cent of the themes' words
)

// text returns about n words of running text.
func (g *gen) text(l *lang, n int) string {
	n = min(n, g.opt.MaxWords)
	var b strings.Builder
	b.Grow(n * 9)
	for words := 0; words < n; {
		if words > 0 {
			b.WriteByte(' ')
		}
		words += g.word(&b, l)
		switch u := g.rng.IntN(100); {
		case u < 5 && l.arabic:
			b.WriteString("،")
		case u < 5:
			b.WriteByte(',')
		case u < 10:
			b.WriteByte('.')
		}
	}
	return b.String()
}

// word writes one word, phrase or name, and returns how many words it
// wrote.
func (g *gen) word(b *strings.Builder, l *lang) int {
	u := g.rng.IntN(1000)
	var w string
	switch {
	case u < shareFunction:
		w = l.function[pick(l.zFunc)]
		if l.arabic {
			w = g.spell(w)
		}
	case u < shareFunction+shareName:
		w = g.name(l)
	case u < shareFunction+shareName+shareNumber:
		w = g.number(l)
	case u < shareFunction+shareName+shareNumber+shareRare:
		w = g.vary(l, l.ranked[l.domain+pick(l.zRare)])
	default:
		w = g.content(l)
	}
	b.WriteString(w)
	return 1 + strings.Count(w, " ")
}

// content draws a word of the themes: from the record's theme or from all.
func (g *gen) content(l *lang) string {
	if g.rng.IntN(100) < shareTheme {
		t := l.themes[g.theme]
		return g.vary(l, t[pick(l.zTheme[g.theme])])
	}
	return g.vary(l, l.ranked[pick(l.zDomain)])
}

// phrase returns n words of the themes, without function words, for
// titles and notes.
func (g *gen) phrase(l *lang, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.content(l)
	}
	return strings.Join(ws, " ")
}

// name names a place, a person or a body in the language of l.
func (g *gen) name(l *lang) string {
	var t dhakira.Text
	switch x := g.rng.IntN(20); {
	case x < 10:
		t = g.names[pick(g.zNames)]
	case x < 17:
		p := 1 + pick(g.zPers)
		g.mentioned = append(g.mentioned, p)
		t = personName(p)
	default:
		t, _ = g.entityName(1 + pick(g.zEnt))
	}
	if l.arabic {
		return t.AR
	}
	return t.EN
}

// number is a year or a count, in Arabic texts sometimes in Arabic-Indic
// digits.
func (g *gen) number(l *lang) string {
	var s string
	if g.rng.IntN(5) < 2 {
		s = strconv.Itoa(2011 + g.rng.IntN(14))
	} else {
		s = strconv.Itoa(2 + int(g.rng.ExpFloat64()*25))
	}
	if l.arabic && g.rng.IntN(10) < 3 {
		return indic.Replace(s)
	}
	return s
}

var indic = strings.NewReplacer("0", "٠", "1", "١", "2", "٢", "3", "٣", "4", "٤", "5", "٥", "6", "٦", "7", "٧", "8", "٨", "9", "٩")

// vary writes an Arabic word as writers do: with و, ب or ل joined to it,
// with a pronoun joined after it, some without their hamza. English words
// are left alone.
func (g *gen) vary(l *lang, w string) string {
	if !l.arabic {
		return w
	}
	u := g.rng.IntN(100)
	switch {
	case strings.HasPrefix(w, "ال"):
		switch {
		case u < 6:
			w = "و" + w
		case u < 9:
			w = "ب" + w
		case u < 11:
			w = "لل" + w[len("ال"):] // ل + ال
		}
	case u < 4:
		w = "و" + w
	case u < 8 && !strings.Contains(w, " ") && !strings.ContainsAny(lastRune(w), "اىيوءئ"):
		if t, ok := strings.CutSuffix(w, "ة"); ok {
			w = t + "ت" // مدينة, مدينته
		}
		w += pronouns[g.rng.IntN(len(pronouns))]
	}
	return g.spell(w)
}

// pronouns are the suffixes his, her, their and our.
var pronouns = []string{"ه", "ها", "هم", "نا"}

func lastRune(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

var noHamza = strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا")

// spell drops the hamza from one word in seven that has one, and writes
// one final taa marbuta in twenty-five as haa.
func (g *gen) spell(w string) string {
	if strings.ContainsAny(w, "أإآ") && g.rng.IntN(7) == 0 {
		w = noHamza.Replace(w)
	}
	if strings.HasSuffix(w, "ة") && g.rng.IntN(25) == 0 {
		w = strings.TrimSuffix(w, "ة") + "ه"
	}
	return w
}
