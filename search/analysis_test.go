package search

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/dhakira/dhakira/arabic"
	"github.com/dhakira/dhakira/demo"
)

func terms(t *testing.T, analyzer, text string) string {
	t.Helper()
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(analyzer)
	if a == nil {
		t.Fatalf("no analyzer %s", analyzer)
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return strings.Join(out, " ")
}

func TestAnalyzers(t *testing.T) {
	exact := map[string]string{
		"الوثيقة والوثيقة بالوثيقة وثيقة": "وثيقه وثيقه وثيقه وثيقه",
		"الأتارب": "اتارب",
		"مُعْتَقَلِين في ســوريا":           "معتقلين في سوريا",
		"ﺍﻟﻮﺛﻴﻘﺔ":                           "وثيقه",
		"Detainees' Hunger-Strike, Ḩasakah": "detainees hunger strike hasakah",
		"عام ٢٠١٧":                          "عام 2017",
		"للمعتقلين":                         "معتقلين",
	}
	for in, want := range exact {
		if got := terms(t, analyzerExact, in); got != want {
			t.Errorf("exact(%q) = %q, want %q", in, got, want)
		}
	}
	stem := map[string]string{
		"المعتقلين":               "معتقل",
		"والمعتقلات":              "معتقل",
		"detainees' strikes":      "detaine strike",
		"Documentation documents": "document document",
	}
	for in, want := range stem {
		if got := terms(t, analyzerStem, in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
	// The trap the exact field exists for: the light stemmer alone keeps
	// وثيقة and الوثيقة apart (it takes the و of وثيقة for a conjunction);
	// the exact field brings them together.
	if a, b := terms(t, analyzerStem, "وثيقة"), terms(t, analyzerStem, "الوثيقة"); a == b {
		t.Errorf("stemmer: وثيقة → %s and الوثيقة → %s now agree; revisit the field boosts", a, b)
	}
	if a, b := terms(t, analyzerExact, "وثيقة"), terms(t, analyzerExact, "الوثيقة"); a != b {
		t.Errorf("exact: وثيقة → %s but الوثيقة → %s", a, b)
	}
}

// TestStemNeedle checks the promise the snippet marker's shortcut relies
// on: the folded text of every word contains the needle of its stem. Every
// word of the demo archive is tried, with English words whose endings the
// stemmer rewrites.
func TestStemNeedle(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	stem := m.AnalyzerNamed(analyzerStem)
	texts := []string{"capability relational happiness generously cities detainees organizations hopefully sensational " +
		"activities authorities liberalism formality sensitivity argued dying lying agreed conditional digitizer fulness"}
	for _, line := range bytes.Split(demo.JSONL, []byte("\n")) {
		var r struct{ Title, Text struct{ AR, EN string } }
		if json.Unmarshal(line, &r) == nil {
			texts = append(texts, r.Title.AR, r.Title.EN, r.Text.AR, r.Text.EN)
		}
	}
	words := 0
	for _, text := range texts {
		for _, tok := range stem.Analyze([]byte(text)) {
			words++
			word, needle := text[tok.Start:tok.End], stemNeedle(string(tok.Term))
			if !strings.Contains(arabic.Fold(word), needle) {
				t.Errorf("%q stems to %q, whose needle %q is not in it", word, tok.Term, needle)
			}
		}
	}
	if words < 10000 {
		t.Errorf("only %d words tried", words)
	}
}

// TestWordsFastPaths: words splits text where isWordRune says, whichever
// path (ASCII, the Arabic block, any rune) reads a rune; a byte that is
// not part of a rune is U+FFFD, not part of a word.
func TestWordsFastPaths(t *testing.T) {
	// The rule, rune by rune, with an apostrophe kept between letters.
	want := func(s string) []string {
		var out []string
		rs := []rune(s)
		start := -1
		for i, r := range rs {
			in := isWordRune(r)
			if !in && start >= 0 && (r == '\'' || r == '’') && i+1 < len(rs) {
				in = unicode.IsLetter(rs[i+1])
			}
			switch {
			case in && start < 0:
				start = i
			case !in && start >= 0:
				out = append(out, string(rs[start:i]))
				start = -1
			}
		}
		if start >= 0 {
			out = append(out, string(rs[start:]))
		}
		return out
	}
	var pool []rune
	for r := rune(0x0600); r <= 0x06FF; r++ {
		pool = append(pool, r)
	}
	pool = append(pool, 'a', 'Z', '1', ' ', '\'', '’', '-', '.', 'é', '\u0750', '\u200c', '\ufb50', 0x1F600)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			if rng.IntN(20) == 0 { // a byte that is not a rune here
				b.WriteString([]string{"\xff", "\x80", "\xd8", "\xdb\xff"}[rng.IntN(4)])
				continue
			}
			b.WriteRune(pool[rng.IntN(len(pool))])
		}
		s := b.String()
		var got []string
		words(s, func(w string, start, end int) {
			if s[start:end] != w {
				t.Errorf("%q: word %q at %d:%d", s, w, start, end)
			}
			got = append(got, w)
		})
		if !slices.Equal(got, want(s)) {
			t.Errorf("%q: words %q, want %q", s, got, want(s))
		}
	}
}
