package search

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"

	"github.com/dhakira/dhakira/arabic"
)

// Analysis is done once, in Go, before anything is indexed, and the same
// way for a query:
//
//   - a word's exact form is folded (hamza, alef maqsura, taa marbuta,
//     diacritics, tatweel, digits, Latin case and accents) and stripped of
//     the article and its joined prepositions (الوثيقة, والوثيقة, بالوثيقة
//     → وثيقه), and of an English possessive.
//   - its stem is the exact form light-stemmed: Arabic by the Lucene light
//     stemmer's rules, English by Snowball. Stems are not indexed: each
//     segment maps a stem to the exact forms that share it, and a query
//     word is looked up under its exact form and under the forms of its
//     stem, the exact form ranking higher.
const (
	analyzerExact = "dhakira_exact"
	analyzerStem  = "dhakira_stem"
)

// token is a word of a text: its analyzed term and where it is.
type token struct {
	Term       []byte
	Start, End int
}

// analyzer turns a text into tokens; stem says whether it stems.
type analyzer struct{ stem bool }

// Analyze returns the tokens of text, with their byte offsets in it. The
// stemming analyzer folds and stems without stripping the article first,
// as the light stemmer was written to do; the index stems exact forms.
func (a *analyzer) Analyze(text []byte) []token {
	var out []token
	words(string(text), func(word string, start, end int) {
		for _, f := range strings.Fields(arabic.Fold(word)) {
			f = dropPossessive(f)
			if a.stem {
				f = stemOf(f)
			} else {
				f = arabic.StripPrefix(f)
			}
			if f != "" {
				out = append(out, token{Term: []byte(f), Start: start, End: end})
			}
		}
	})
	return out
}

// analyzers names the two ways of analysis, as tests and the snippet
// marker ask for them.
type analyzers map[string]*analyzer

// AnalyzerNamed returns the analyzer called name, or nil.
func (m analyzers) AnalyzerNamed(name string) *analyzer { return m[name] }

// newMapping returns the analyzers by name.
func newMapping() (analyzers, error) {
	return analyzers{analyzerExact: {}, analyzerStem: {stem: true}}, nil
}

// isWordRune reports whether r is part of a word: letters (tatweel is
// one), digits and the marks (Arabic diacritics) written on them.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// asciiWord says which bytes are ASCII and part of a word: any byte of a
// multibyte rune is not (one is tried as a rune).
var asciiWord = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// arabicWord says which runes of the Arabic block U+0600–U+06FF are part
// of a word, most of an Arabic text.
var arabicWord = func() (t [256]bool) {
	for i := range t {
		t[i] = isWordRune(rune(0x0600 + i))
	}
	return t
}()

// arabicAt says whether s[i:] begins with a rune of the Arabic block (two
// bytes, the first 0xD8–0xDB), and if so whether it is part of a word.
func arabicAt(s string, i int) (block, in bool) {
	if i+1 >= len(s) || s[i]-0xD8 > 3 || s[i+1]&0xC0 != 0x80 {
		return false, false
	}
	return true, arabicWord[(s[i]&3)<<6|s[i+1]&0x3F]
}

// words calls f with each word of s and its byte offsets. An apostrophe
// between two letters stays in the word ("regime's"), as in Unicode's word
// boundaries. Runs of ASCII letters and of the Arabic block's letters,
// most of a text, are read by loops of their own (word splitting was a
// tenth of an index build).
func words(s string, f func(word string, start, end int)) {
	start := -1
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && c != '\'' { // ASCII, most of an English text
			if asciiWord[c] {
				if start < 0 {
					start = i
				}
				for i++; i < len(s) && asciiWord[s[i]]; i++ {
				}
				continue
			}
			if start >= 0 {
				f(s[start:i], start, i)
				start = -1
			}
			i++
			continue
		}
		if block, in := arabicAt(s, i); block { // never an apostrophe
			if in {
				if start < 0 {
					start = i
				}
				for i += 2; ; i += 2 {
					if block, in := arabicAt(s, i); !block || !in {
						break
					}
				}
				continue
			}
			if start >= 0 {
				f(s[start:i], start, i)
				start = -1
			}
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		in := isWordRune(r)
		if !in && start >= 0 && (r == '\'' || r == '’') && i+size < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			in = unicode.IsLetter(next)
		}
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			f(s[start:i], start, i)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		f(s[start:], start, len(s))
	}
}

// dropPossessive removes an English possessive ending.
func dropPossessive(w string) string {
	for _, p := range []string{"'s", "’s", "'", "’"} {
		if len(w) > len(p) && strings.HasSuffix(w, p) {
			return w[:len(w)-len(p)]
		}
	}
	return w
}

// exactTerms appends the exact terms of a word, usually one.
func exactTerms(dst []string, word string) []string {
	folded := arabic.Fold(word)
	if strings.IndexByte(folded, ' ') < 0 {
		if t := arabic.StripPrefix(dropPossessive(folded)); t != "" {
			dst = append(dst, t)
		}
		return dst
	}
	for _, f := range strings.Fields(folded) {
		if t := arabic.StripPrefix(dropPossessive(f)); t != "" {
			dst = append(dst, t)
		}
	}
	return dst
}

// analyzeQuery returns the exact terms of a query's text.
func analyzeQuery(text string) []string {
	var out []string
	words(text, func(w string, _, _ int) { out = exactTerms(out, w) })
	return out
}

// stemCache remembers stems: a vocabulary is small next to its texts.
// It is emptied when it holds maxStems, so that writing the segments of
// a large archive (every term is stemmed) leaves no vocabulary's worth of
// memory behind in the server.
var (
	stemCache sync.Map
	stems     atomic.Int64
)

const maxStems = 1 << 17

// stemOf returns the stem of a folded word: Arabic by the light stemmer,
// anything else by the English Snowball stemmer.
func stemOf(w string) string {
	if s, ok := stemCache.Load(w); ok {
		return s.(string)
	}
	var s string
	if arabic.HasArabic(w) {
		s = stemArabic(w)
	} else {
		env := snowballstem.NewEnv(w)
		english.Stem(env)
		s = env.Current()
	}
	if stems.Add(1) > maxStems {
		stems.Store(0)
		stemCache.Clear()
	}
	stemCache.Store(strings.Clone(w), s)
	return s
}

// The Arabic light stemmer of Lucene (org.apache.lucene.analysis.ar.ArabicStemmer):
// one prefix, then suffixes in this order, each when two letters remain.
var (
	arPrefixes = [][]rune{[]rune("ال"), []rune("وال"), []rune("بال"), []rune("كال"), []rune("فال"), []rune("لل"), []rune("و")}
	arSuffixes = [][]rune{[]rune("ها"), []rune("ان"), []rune("ات"), []rune("ون"), []rune("ين"), []rune("يه"), []rune("ية"), []rune("ه"), []rune("ة"), []rune("ي")}
)

func stemArabic(w string) string {
	r := []rune(w)
	for _, p := range arPrefixes {
		if len(p) == 1 && len(r) < 4 || len(r)-len(p) < 2 || !hasPrefix(r, p) {
			continue
		}
		r = r[len(p):]
		break
	}
	for _, s := range arSuffixes {
		if len(r)-len(s) >= 2 && hasPrefix(r[len(r)-len(s):], s) {
			r = r[:len(r)-len(s)]
		}
	}
	return string(r)
}

func hasPrefix(r, p []rune) bool {
	if len(r) < len(p) {
		return false
	}
	for i := range p {
		if r[i] != p[i] {
			return false
		}
	}
	return true
}
