package search

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/storetest"
)

func TestLatinKey(t *testing.T) {
	same := [][]string{
		{"hasakah", "hasakeh", "hassakeh", "hasaka", "hasake"},
		{"sednaya", "saydnaya", "saidnaya", "seidnaya"},
		{"daraa", "deraa", "dar'a"},
		{"qamishli", "kamishli", "qamechli", "kamichli"},
		{"raqqa", "rakka", "raqqah"},
		{"idlib", "edleb", "idleb"},
		{"douma", "duma", "doumah"},
		{"dhiban", "ziban", "thiban"},
		{"qusayr", "qusair", "kusayr", "qousair"},
	}
	for _, group := range same {
		for _, w := range group[1:] {
			if latinKey(w) != latinKey(group[0]) || latinKey(w) == "" {
				t.Errorf("%s → %q, %s → %q: want one key", group[0], latinKey(group[0]), w, latinKey(w))
			}
		}
	}
	apart := [][2]string{{"daraa", "deir"}, {"homs", "hama"}, {"hasakah", "hasan"}, {"idlib", "aleppo"}}
	for _, p := range apart {
		if latinKey(p[0]) == latinKey(p[1]) {
			t.Errorf("%s and %s share the key %q", p[0], p[1], latinKey(p[0]))
		}
	}
	for _, w := range []string{"al", "zor", "وثيقه", "2017"} {
		if k := latinKey(w); k != "" {
			t.Errorf("%s has a key %q", w, k)
		}
	}
}

func TestOneEdit(t *testing.T) {
	yes := [][2]string{{"detainees", "detainess"}, {"massacre", "masacre"}, {"massacre", "massacree"}, {"prison", "prsion"}, {"hunger", "hungar"}}
	no := [][2]string{{"prison", "brison"}, {"prison", "prison"}, {"massacre", "masacer"}, {"detainees", "detain"}}
	for _, p := range yes {
		if !oneEdit(p[0], p[1]) {
			t.Errorf("%s, %s: want one edit", p[0], p[1])
		}
	}
	for _, p := range no {
		if oneEdit(p[0], p[1]) {
			t.Errorf("%s, %s: not one edit (the first letter is never one)", p[0], p[1])
		}
	}
}

func TestPluralLexicon(t *testing.T) {
	for pl, sg := range map[string]string{"المجازر": "مجزرة", "سجون": "السجن", "الشهداء": "شهيد", "قنابل": "قنبلة", "المشافي": "مشفى", "المعتقلون": "معتقل"} {
		p, s := analyzeQuery(pl)[0], analyzeQuery(sg)[0]
		if !slices.Contains(pluralForms(p), s) || !slices.Contains(pluralForms(s), p) {
			t.Errorf("%s and %s are not joined: %v, %v", pl, sg, pluralForms(p), pluralForms(s))
		}
	}
}

// spellingCorpus holds the same names spelled several ways.
const spellingCorpus = `{"kind":"place","code":"SY08","type":"governorate","title":{"ar":"محافظة الحسكة","en":"Al-Hasakah Governorate"}}
{"kind":"place","code":"PLC-sednaya","type":"site","title":{"ar":"سجن صيدنايا","en":"Saydnaya Prison"}}
{"kind":"document","code":"DOC-1","title":{"en":"Report from Hasakeh"},"text":{"en":"Shelling in Hasakeh on Friday."}}
{"kind":"document","code":"DOC-2","title":{"en":"Displacement"},"text":{"en":"Families left the city."},"places":["SY08"]}
{"kind":"document","code":"DOC-3","title":{"en":"Statement on the prison"},"text":{"en":"The detainees of the prison went on strike."},"links":[{"rel":"mentions","to":"PLC-sednaya"}]}
{"kind":"document","code":"DOC-4","title":{"ar":"بيان عن المجازر"},"text":{"ar":"وثقت الشبكة المجازر في المدينة."}}
{"kind":"document","code":"DOC-5","title":{"ar":"مجزرة جديدة"},"text":{"ar":"وقعت مجزرة في القرية."}}
{"kind":"document","code":"DOC-6","title":{"en":"Hasakah"},"text":{"en":"Hasakah, the city."}}
`

func spellingEngine(t *testing.T) *Engine {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var recs []*dhakira.Record
	for _, l := range strings.Split(strings.TrimSpace(spellingCorpus), "\n") {
		recs = append(recs, storetest.Rec(t, l))
	}
	storetest.Put(t, db, false, recs...)
	e, err := New(filepath.Join(dir, "index"), db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if _, err := e.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

func hitsOf(t *testing.T, e *Engine, q string) ([]string, []dhakira.SearchHit) {
	t.Helper()
	res, err := e.Search(context.Background(), dhakira.SearchRequest{Q: q, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, h := range res.Hits {
		codes = append(codes, h.Code)
	}
	return codes, res.Hits
}

func TestNameSpellings(t *testing.T) {
	e := spellingEngine(t)
	// Every spelling finds the governorate, what is placed in it, and what
	// spells it another way; the spelling typed ranks first.
	for _, q := range []string{"Hasakah", "Hasakeh", "Hassakeh", "Hasaka"} {
		got, _ := hitsOf(t, e, q)
		for _, want := range []string{"SY08", "DOC-1", "DOC-2", "DOC-6"} {
			if !slices.Contains(got, want) {
				t.Errorf("%s found %v, not %s", q, got, want)
			}
		}
	}
	if got, _ := hitsOf(t, e, "Hasakeh"); got[0] != "DOC-1" {
		t.Errorf("Hasakeh ranked %v: the record spelling it so first", got)
	}
	if got, _ := hitsOf(t, e, "Hasakah"); got[0] != "DOC-6" && got[0] != "SY08" {
		t.Errorf("Hasakah ranked %v: a record spelling it so first", got)
	}
	// A linked record's name, spelled another way.
	if got, _ := hitsOf(t, e, "Sednaya"); !slices.Contains(got, "DOC-3") || !slices.Contains(got, "PLC-sednaya") {
		t.Errorf("Sednaya found %v", got)
	}
	// The snippet marks the word that matched, not the word typed.
	_, hits := hitsOf(t, e, "Hasakah")
	for _, h := range hits {
		if h.Code == "DOC-1" && !strings.Contains(h.Snippet, "<mark>Hasakeh</mark>") {
			t.Errorf("DOC-1's snippet for Hasakah: %q", h.Snippet)
		}
	}
}

func TestTypos(t *testing.T) {
	e := spellingEngine(t)
	got, hits := hitsOf(t, e, "detainess")
	if !slices.Equal(got, []string{"DOC-3"}) || !strings.Contains(hits[0].Snippet, "<mark>detainees</mark>") {
		t.Errorf("detainess found %v %+v", got, hits)
	}
	// Never the first letter, and not for short words.
	for _, q := range []string{"retainees", "strk"} {
		if got, _ := hitsOf(t, e, q); len(got) != 0 {
			t.Errorf("%s found %v", q, got)
		}
	}
	// A word that finds enough tries no typo: "prison" is in DOC-3, and
	// "person" nowhere near it.
	if got, _ := hitsOf(t, e, "shellings"); !slices.Equal(got, []string{"DOC-1"}) {
		t.Errorf("shellings (a stem of shelling) found %v", got)
	}
}

func TestTypoRanksBelowVariant(t *testing.T) {
	e := spellingEngine(t)
	// "Hasakahh" is Hasakah with a letter added: no record has it, and its
	// key (hskh) is no name's, so it finds the Hasakah records by the typo.
	got, _ := hitsOf(t, e, "Hasakahh")
	if len(got) == 0 || got[0] != "DOC-6" && got[0] != "SY08" {
		t.Errorf("Hasakahh found %v", got)
	}
	if w := []float64{weightExact, weightStem, weightPlural, weightVariant, weightTypo}; !slices.IsSortedFunc(w, func(a, b float64) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	}) {
		t.Errorf("weights out of order: %v", w)
	}
}

func TestPlurals(t *testing.T) {
	e := spellingEngine(t)
	for _, q := range []string{"مجزرة", "المجازر", "مجازر"} {
		got, _ := hitsOf(t, e, q)
		slices.Sort(got)
		if !slices.Equal(got, []string{"DOC-4", "DOC-5"}) {
			t.Errorf("%s found %v", q, got)
		}
	}
	if got, _ := hitsOf(t, e, "المجازر"); got[0] != "DOC-4" {
		t.Errorf("المجازر ranked %v: the plural as typed first", got)
	}
	_, hits := hitsOf(t, e, "مجزرة")
	for _, h := range hits {
		if h.Code == "DOC-4" && !strings.Contains(h.Snippet, "<mark>المجازر</mark>") {
			t.Errorf("DOC-4's snippet for مجزرة: %q", h.Snippet)
		}
	}
}
