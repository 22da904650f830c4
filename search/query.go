package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/dhakira/dhakira/arabic"
)

// Term is a word or a quoted phrase of a query.
type Term struct {
	Text   string
	Phrase bool
}

// Query is a parsed query: every group must match (a group is one term, or
// terms joined by OR), and no excluded term may.
type Query struct {
	Groups  [][]Term
	Exclude []Term
}

// Empty reports whether the query asks for nothing in particular.
func (q Query) Empty() bool { return len(q.Groups) == 0 }

// maxTerms bounds the work one query can ask for.
const maxTerms = 32

// Parse reads the query language a reader can guess: words (all must
// match), "exact phrases", -word or -"phrase" to exclude, and OR (or أو)
// between alternatives. It never fails: whatever it cannot read as syntax
// it reads as words — an unclosed quote runs to the end, a lone - or OR is
// dropped, and words without a letter or digit are ignored.
func Parse(s string) Query {
	type tok struct {
		text   string
		phrase bool
		not    bool
	}
	var toks []tok
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	for i := 0; i < len(s) && len(toks) < maxTerms*2; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		not := false
		if r == '-' && i+1 < len(s) {
			not = true
			i++
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isQuote(r) {
			i += size
			end := strings.IndexFunc(s[i:], isQuote)
			if end < 0 {
				end = len(s) - i
			}
			text := strings.Join(strings.Fields(s[i:i+end]), " ")
			i += end
			if i < len(s) {
				_, qs := utf8.DecodeRuneInString(s[i:])
				i += qs
			}
			if meaningful(text) {
				toks = append(toks, tok{text: text, phrase: strings.Contains(text, " "), not: not})
			}
			continue
		}
		end := strings.IndexFunc(s[i:], unicode.IsSpace)
		if end < 0 {
			end = len(s) - i
		}
		text := s[i : i+end]
		i += end
		if text == "OR" || text == "أو" || text == "|" {
			if !not {
				toks = append(toks, tok{text: "OR"})
			}
			continue
		}
		if meaningful(text) {
			toks = append(toks, tok{text: text, not: not})
		}
	}
	var q Query
	joinNext := false
	for _, t := range toks {
		switch {
		case t.text == "OR" && !t.phrase:
			joinNext = len(q.Groups) > 0
		case t.not:
			q.Exclude = append(q.Exclude, Term{Text: t.text, Phrase: t.phrase})
			joinNext = false
		case joinNext:
			last := len(q.Groups) - 1
			q.Groups[last] = append(q.Groups[last], Term{Text: t.text, Phrase: t.phrase})
			joinNext = false
		default:
			q.Groups = append(q.Groups, []Term{{Text: t.text, Phrase: t.phrase}})
		}
	}
	if len(q.Groups) > maxTerms {
		q.Groups = q.Groups[:maxTerms]
	}
	if len(q.Exclude) > maxTerms {
		q.Exclude = q.Exclude[:maxTerms]
	}
	return q
}

func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '«', '»', '„':
		return true
	}
	return false
}

// meaningful reports whether s has a letter or a digit once folded.
func meaningful(s string) bool {
	return strings.IndexFunc(arabic.Fold(s), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// field boosts: the exact (normalized-only) fields rank above the stemmed
// ones, titles above names above texts.
var (
	wordFields = []struct {
		name  string
		boost float64
	}{{fTitleX, 6}, {fNamesX, 4}, {fTextX, 2}, {fTitle, 3}, {fNames, 2}, {fText, 1}}
	phraseFields = []struct {
		name  string
		boost float64
	}{{fTitleX, 6}, {fNamesX, 4}, {fTextX, 2}}
)

func termQuery(t Term) query.Query {
	var qs []query.Query
	if t.Phrase {
		for _, f := range phraseFields {
			p := bleve.NewMatchPhraseQuery(t.Text)
			p.SetField(f.name)
			p.SetBoost(f.boost)
			qs = append(qs, p)
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	for _, f := range wordFields {
		m := bleve.NewMatchQuery(t.Text)
		m.SetField(f.name)
		m.SetBoost(f.boost)
		m.SetOperator(query.MatchQueryOperatorAnd)
		qs = append(qs, m)
	}
	code := bleve.NewTermQuery(strings.TrimSpace(t.Text)) // a memory code typed as a word
	code.SetField(fCode)
	code.SetBoost(20)
	qs = append(qs, code)
	return bleve.NewDisjunctionQuery(qs...)
}

// bleveQuery turns a parsed query and the filters into one bleve query.
func bleveQuery(q Query, filters []query.Query) query.Query {
	must := append([]query.Query(nil), filters...)
	for _, g := range q.Groups {
		if len(g) == 1 {
			must = append(must, termQuery(g[0]))
			continue
		}
		var alts []query.Query
		for _, t := range g {
			alts = append(alts, termQuery(t))
		}
		must = append(must, bleve.NewDisjunctionQuery(alts...))
	}
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	for _, t := range q.Exclude {
		b.AddMustNot(termQuery(t))
	}
	return b
}
