package search

import (
	"strings"
	"testing"
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
