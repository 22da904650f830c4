package locale_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

func TestLocalesComplete(t *testing.T) {
	ar, err := locale.Keys("ar")
	if err != nil {
		t.Fatal(err)
	}
	en, err := locale.Keys("en")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ar)
	slices.Sort(en)
	for _, k := range en {
		if _, ok := slices.BinarySearch(ar, k); !ok {
			t.Errorf("ar.toml lacks %s", k)
		}
	}
	for _, k := range ar {
		if _, ok := slices.BinarySearch(en, k); !ok {
			t.Errorf("en.toml lacks %s", k)
		}
	}
	// Every type of the vocabulary, every link type and grade is translated.
	tr, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range locale.Langs {
		for k, types := range dhakira.Types {
			for _, ty := range types {
				if !tr[lang].Has("type_" + string(k) + "_" + ty) {
					t.Errorf("%s: no label for %s type %s", lang, k, ty)
				}
			}
		}
		for _, r := range dhakira.Rels {
			for _, inv := range []bool{false, true} {
				if got := tr[lang].RelLabel(r, inv); got == "" || strings.HasPrefix(got, "rel_") {
					t.Errorf("%s: no label for %s (inverse %v)", lang, r, inv)
				}
			}
		}
	}
}

func TestPlurals(t *testing.T) {
	tr, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang string
		kind dhakira.Kind
		n    int
		want string
	}{
		{"ar", dhakira.KindDocument, 0, "لا وثائق"},
		{"ar", dhakira.KindDocument, 1, "وثيقة واحدة"},
		{"ar", dhakira.KindDocument, 2, "وثيقتان"},
		{"ar", dhakira.KindDocument, 3, "3 وثائق"},
		{"ar", dhakira.KindDocument, 10, "10 وثائق"},
		{"ar", dhakira.KindDocument, 11, "11 وثيقة"},
		{"ar", dhakira.KindDocument, 99, "99 وثيقة"},
		{"ar", dhakira.KindDocument, 100, "100 وثيقة"},
		{"ar", dhakira.KindDocument, 103, "103 وثائق"},
		{"ar", dhakira.KindDiary, 11, "11 حدثًا"},
		{"ar", dhakira.KindDiary, 100, "100 حدث"},
		{"ar", dhakira.KindEntity, 2, "كيانان"},
		{"en", dhakira.KindDocument, 1, "1 document"},
		{"en", dhakira.KindDocument, 0, "0 documents"},
		{"en", dhakira.KindEntity, 11, "11 entities"},
	} {
		if got := tr[c.lang].Count(c.kind, c.n); got != c.want {
			t.Errorf("%s %s %d: %q, want %q", c.lang, c.kind, c.n, got, c.want)
		}
	}
}

func TestDateFormats(t *testing.T) {
	tr, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ in, ar, en string }{
		{"2017-10-19", "19 تشرين الأول 2017", "October 19, 2017"},
		{"2017-10", "تشرين الأول 2017", "October 2017"},
		{"2017", "2017", "2017"},
		{"2011-01-05", "5 كانون الثاني 2011", "January 5, 2011"},
		{"2012-02/2012-06", "شباط 2012 – حزيران 2012", "February 2012 – June 2012"},
		{"2011/2012", "2011 – 2012", "2011 – 2012"},
		{"", "", ""},
		{"not a date", "not a date", "not a date"},
	} {
		if got := tr["ar"].Date(c.in); got != c.ar {
			t.Errorf("ar %q: %q, want %q", c.in, got, c.ar)
		}
		if got := tr["en"].Date(c.in); got != c.en {
			t.Errorf("en %q: %q, want %q", c.in, got, c.en)
		}
	}
	months := []string{"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"}
	for i, m := range months {
		if got := tr["ar"].Month(i + 1); got != m {
			t.Errorf("month %d: %q, want %q", i+1, got, m)
		}
	}
}

func TestTypeLabel(t *testing.T) {
	for _, c := range []struct {
		kind             dhakira.Kind
		slug, lang, want string
	}{
		{dhakira.KindDocument, "press-release", "ar", "بيان صحفي"},
		{dhakira.KindDocument, "press-release", "en", "Press release"},
		{dhakira.KindDiary, "military", "ar", "عسكري"},
		{dhakira.KindPlace, "governorate", "en", "Governorate"},
		{dhakira.KindDocument, "bulletin", "en", ""},
		{dhakira.KindDocument, "", "ar", ""},
		{dhakira.KindDocument, "press release", "ar", ""},
		{dhakira.KindDocument, "press-release", "fr", ""},
	} {
		if got := locale.TypeLabel(c.kind, c.slug, c.lang); got != c.want {
			t.Errorf("TypeLabel(%s, %q, %s) = %q, want %q", c.kind, c.slug, c.lang, got, c.want)
		}
	}
}
