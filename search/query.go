package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
