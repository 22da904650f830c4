package arabic

import (
	"slices"
	"strings"
	"testing"
)

func TestStripPrefix(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Each prefix.
		{"al", "الوثيقه", "وثيقه"},
		{"wa-al", "والوثيقه", "وثيقه"},
		{"bi-al", "بالوثيقه", "وثيقه"},
		{"fa-al", "فالوثيقه", "وثيقه"},
		{"ka-al", "كالوثيقه", "وثيقه"},
		{"li-al contracted", "للوثيقه", "وثيقه"},
		{"al before alef", "الاتارب", "اتارب"},
		{"al before lam", "اللاذقيه", "لاذقيه"},

		// Longest prefix first, and only one.
		{"wa-al, not al after wa", "والحسكه", "حسكه"},
		{"one article only", "الالوان", "الوان"},

		// At least two letters remain.
		{"two letters remain", "الحب", "حب"},
		{"one letter would remain after al", "الم", "الم"},
		{"one letter would remain after wa-al", "والد", "والد"},
		{"one letter would remain after li-al", "لله", "لله"},
		{"one letter would remain after bi-al", "بالغ", "بالغ"},
		{"prefix alone", "ال", "ال"},
		{"wa-al alone", "وال", "وال"},

		// No bare clitic.
		{"no bare waw", "وثيقه", "وثيقه"},
		{"no bare beh", "بيروت", "بيروت"},
		{"no bare lam", "لبنان", "لبنان"},
		{"no bare feh", "فلسطين", "فلسطين"},
		{"no bare kaf", "كتاب", "كتاب"},

		// Not Arabic.
		{"empty", "", ""},
		{"Latin", "alhasakah", "alhasakah"},
		{"Latin article", "al-hasakah", "al-hasakah"},
		{"digits", "2017", "2017"},
	}
	for _, tt := range tests {
		if got := StripPrefix(tt.in); got != tt.want {
			t.Errorf("%s: StripPrefix(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestSortKey(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"الحسكة", "حسكه"},
		{"  ٱلرَّقَّة  ", "رقه"},
		{"والحسكة", "حسكه"},
		{"دير الزور", "دير الزور"}, // only the first word loses its article
		{"ريف   دمشق", "ريف دمشق"},
		{"إدلب", "ادلب"},
		{"ســـوريـــا", "سوريا"},
		{"Nāḩiyat Markaz al Ḩasakah", "nahiyat markaz al hasakah"},
		{"Al Hasakah", "al hasakah"}, // the Latin article is a word of its own
		{"", ""},
		{" \u200F ", ""},
	}
	for _, tt := range tests {
		if got := SortKey(tt.in); got != tt.want {
			t.Errorf("SortKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSortKeyOrder sorts Syria's governorates, some with the article and
// hamza and some without, and checks the order of the Arabic alphabet.
func TestSortKeyOrder(t *testing.T) {
	names := []string{
		"اللاذقية", "دمشق", "ٱلرقة", "حلب", "القنيطرة", "حماة", "السويداء",
		"طرطوس", "إدلب", "دير الزور", "الحسكة", "درعا", "حمص", "ريف دمشق",
	}
	want := []string{
		"إدلب",      // ا
		"الحسكة",    // ح س
		"حلب",       // ح ل
		"حماة",      // ح م ا
		"حمص",       // ح م ص
		"درعا",      // د ر
		"دمشق",      // د م
		"دير الزور", // د ي
		"ٱلرقة",     // ر ق
		"ريف دمشق",  // ر ي
		"السويداء",  // س
		"طرطوس",     // ط
		"القنيطرة",  // ق
		"اللاذقية",  // ل
	}
	got := slices.Clone(names)
	slices.SortStableFunc(got, func(a, b string) int {
		return strings.Compare(SortKey(a), SortKey(b))
	})
	if !slices.Equal(got, want) {
		t.Errorf("sorted by SortKey:\n got %q\nwant %q", got, want)
	}
}

func TestIsArabic(t *testing.T) {
	tests := []struct {
		r    rune
		want bool
	}{
		{'ا', true},
		{'ي', true},
		{'\u064E', true}, // fatha
		{'\u0640', true}, // tatweel
		{'،', true},      // Arabic comma
		{'٣', true},      // Arabic-Indic digit
		{'ڤ', true},      // veh, Arabic block
		{'ݐ', true},      // Arabic Supplement
		{'\u08A0', true}, // Arabic Extended-A
		{'ﻻ', true},      // presentation form
		{'\uFDF2', true}, // presentation form ligature
		{'a', false},
		{'3', false},
		{'ḩ', false},
		{'א', false},      // Hebrew
		{'\uFEFF', false}, // byte order mark
		{'\u200F', false}, // right-to-left mark
	}
	for _, tt := range tests {
		if got := IsArabic(tt.r); got != tt.want {
			t.Errorf("IsArabic(%U) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

func TestHasArabic(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"", false},
		{"Sednaya prison", false},
		{"Ḩasakah", false},
		{"صيدنايا", true},
		{"Sednaya صيدنايا", true},
		{"2017 ٢٠١٧", true},
		{"ﻻ", true},
		{"\xff", false},
	}
	for _, tt := range tests {
		if got := HasArabic(tt.s); got != tt.want {
			t.Errorf("HasArabic(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestDigits(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"2017-03-15", "2017-03-15"},
		{"٢٠١٧-٠٣-١٥", "2017-03-15"},
		{"٠١٢٣٤٥٦٧٨٩", "0123456789"},
		{"۰۱۲۳۴۵۶۷۸۹", "0123456789"},
		{"SY-٠٤-۱۲", "SY-04-12"},
		{"أَحمد ٣", "أَحمد 3"},     // nothing but digits changes
		{"ة ى ک ی ـ", "ة ى ک ی ـ"}, // nor letters Fold would change
		{"\u0669\xd9", "9\xd9"},    // a truncated rune at the end is left alone
		{"\xd9", "\xd9"},
	}
	for _, tt := range tests {
		if got := Digits(tt.in); got != tt.want {
			t.Errorf("Digits(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}
