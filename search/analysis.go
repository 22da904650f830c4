package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/dhakira/dhakira/arabic"
)

// Two analyzers serve both languages, so a field holds a record's Arabic and
// English together and one query word is looked up once per field:
//
//   - exact: words folded (hamza, alef maqsura, taa marbuta, diacritics,
//     tatweel, digits, Latin case and accents) and stripped of the article
//     and its joined prepositions (الوثيقة, والوثيقة, بالوثيقة → وثيقه).
//   - stem: folded, then light-stemmed: Arabic by bleve's Lucene-port
//     stemmer, English by Snowball after the possessive is dropped.
//
// The exact field ranks above the stemmed one; the stemmed one catches
// suffixes (المعتقلين ~ معتقل, detainees ~ detainee).
const (
	analyzerExact = "dhakira_exact"
	analyzerStem  = "dhakira_stem"

	filterFold  = "dhakira_fold"
	filterStrip = "dhakira_strip_article"
	filterStem  = "dhakira_stem_ar_en"
)

// foldFilter applies arabic.Fold to every token.
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		folded := arabic.Fold(string(t.Term))
		if folded == "" {
			continue
		}
		if folded != string(t.Term) {
			t.Term = []byte(folded)
		}
		out = append(out, t)
	}
	return out
}

// stripFilter removes the article and the prepositions joined to it.
type stripFilter struct{}

func (stripFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if s := arabic.StripPrefix(string(t.Term)); len(s) != len(t.Term) {
			t.Term = []byte(s)
		}
	}
	return in
}

// stemFilter stems Arabic tokens with the Arabic stemmer and the others
// with the English one.
type stemFilter struct {
	ar, possessive, en analysis.TokenFilter
}

func (f stemFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	var arabicTokens, others analysis.TokenStream
	for _, t := range in {
		if arabic.HasArabic(string(t.Term)) {
			arabicTokens = append(arabicTokens, t)
		} else {
			others = append(others, t)
		}
	}
	if len(arabicTokens) > 0 {
		f.ar.Filter(arabicTokens)
	}
	if len(others) > 0 {
		f.en.Filter(f.possessive.Filter(others))
	}
	return in // the filters above change the tokens in place
}

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterTokenFilter(filterFold, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(filterStrip, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return stripFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(filterStem, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return stemFilter{ar: ar.NewArabicStemmerFilter(), possessive: en.NewPossessiveFilter(), en: en.NewEnglishStemmerFilter()}, nil
	}))
}

func addAnalyzers(m *mapping.IndexMappingImpl) error {
	if err := m.AddCustomAnalyzer(analyzerExact, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{filterFold, filterStrip},
	}); err != nil {
		return err
	}
	return m.AddCustomAnalyzer(analyzerStem, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{filterFold, filterStem},
	})
}
