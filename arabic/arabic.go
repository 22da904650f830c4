// Package arabic folds Arabic and Latin text so that what a reader types
// matches what the archive holds, whichever way either was spelled.
//
// Readers search in Arabic and English, with or without hamza, diacritics,
// tatweel, the article or a prefixed و/ب/ل, in Arabic-Indic, Persian or
// Latin digits, with Persian or Arabic forms of yeh and kaf, and with text
// copied from PDFs in presentation forms. The search index, the query
// parser and the back office's record picker all normalize through this one
// package, so that a word folded when it is indexed is folded the same way
// when it is searched for or looked up; the domain's date parser reads
// Arabic digits through it. It imports nothing of the project, so that the
// domain package may use it.
//
// Fold is the one normalization for matching; FoldRune is its per-rune form
// for token filters; StripPrefix removes a leading article (with و, ب, ك, ف
// or ل before it); Digits only turns Arabic-Indic and Persian digits into
// ASCII; IsArabic and HasArabic choose analyzers and text direction.
// SortKey is the key that orders titles and names alphabetically, for a
// list ordered by name (the lists of the site are ordered by date, code or
// time of change, so nothing calls it yet).
package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Letters that Fold produces or that StripPrefix looks for.
const (
	alef      = '\u0627' // ا
	heh       = '\u0647' // ه
	yeh       = '\u064A' // ي
	kaf       = '\u0643' // ك
	tatweel   = '\u0640' // ـ
	daggerAlf = '\u0670' // superscript (dagger) alef
)

// Fold returns s normalized for matching: two spellings of one word that a
// reader would take for the same word fold to the same string.
//
// Text is first put in Unicode NFKC form, so presentation forms copied from
// PDFs (U+FB50–U+FDFF, U+FE70–U+FEFF) become base letters and ligatures such
// as ﻻ become لا. Then each rune is mapped as FoldRune describes: alef with
// hamza or madda and alef wasla become bare alef; alef maqsura ى and Farsi
// yeh ی become ي; teh marbuta ة becomes ه; keheh ک becomes ك; harakat,
// dagger alef, Quranic marks and tatweel are removed; Arabic-Indic and
// Persian digits become ASCII digits; letters are lowercased and Latin
// letters lose their diacritics ("Ḩasakah" → "hasakah"); zero-width and
// bidirectional formatting characters are removed. Hamza on waw ؤ and on yeh
// ئ are kept: they are distinct letters, not spelling variants.
//
// Fold is applied to whole strings (titles, names, queries) before they are
// split into words, and again to the words; it is idempotent, so folding
// twice is harmless. It does not allocate when s is already folded, which is
// the common case for the second pass and for ASCII queries. Invalid UTF-8
// bytes become U+FFFD.
func Fold(s string) string {
	// Fast path: lowercase ASCII, the commonest query, is already folded.
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}

	s, changed := foldOnce(s)
	// Removing a rune can leave two runes side by side that NFKC composes
	// (a Hangul leading and vowel jamo around a zero-width joiner, say), and
	// lowercasing can give a letter that composes with a following mark.
	// Folding again until the text is stable keeps Fold idempotent; in
	// practice the loop body never runs for Arabic or Latin text. The bound
	// is for runs of more than 30 combining marks, where NFKC inserts a
	// grapheme joiner (U+034F) that folding removes again.
	for n := 0; changed && n < 4 && !nfkcInert(s) && norm.NFKC.QuickSpanString(s) < len(s); n++ {
		s, changed = foldOnce(s)
	}
	return s
}

// foldOnce applies NFKC and then foldRune to every rune of s. It reports
// whether the mapping changed anything; when neither step changes s, it
// returns s itself, without allocating.
func foldOnce(s string) (string, bool) {
	if !nfkcInert(s) {
		s = norm.NFKC.String(s) // returns s itself when it is in NFKC form
	}
	// Find the first rune that folding changes.
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, size := decode(s, i)
		if r == utf8.RuneError && size == 1 {
			break
		}
		if f, ok := foldRune(r); !ok || f != r {
			break
		}
		i += size
	}
	if i == len(s) {
		return s, false
	}

	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := decode(s, i)
		i += size
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			continue
		}
		if f, ok := foldRune(r); ok {
			b.WriteRune(f)
		}
	}
	return b.String(), true
}

// decode returns the rune at s[i:] and its width, like
// utf8.DecodeRuneInString, but decodes the two-byte runes of Arabic and
// accented Latin text inline.
func decode(s string, i int) (rune, int) {
	if c := s[i]; 0xC2 <= c && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	return utf8.DecodeRuneInString(s[i:])
}

// nfkcInert reports whether NFKC would leave s as Fold needs it, without
// asking the norm package, whose check costs most of Fold's time on Arabic
// text. That holds when s is made of ASCII and of runes of the Arabic block
// other than the three marks that compose with a preceding letter
// (U+0653–U+0655) and the four letters with a compatibility decomposition
// (U+0675–U+0678): none of those runes is changed by NFKC, none composes
// with another, and the only marks among them, which NFKC might reorder,
// are all removed by foldArabic anyway.
func nfkcInert(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			continue
		}
		// The Arabic block U+0600–U+06FF is D8 80 … DB BF in UTF-8.
		if c < 0xD8 || c > 0xDB || i+1 == len(s) {
			return false
		}
		c1 := s[i+1]
		if c1&0xC0 != 0x80 {
			return false
		}
		switch r := rune(c&0x1F)<<6 | rune(c1&0x3F); {
		case '\u0653' <= r && r <= '\u0655', '\u0675' <= r && r <= '\u0678':
			return false
		}
		i++
	}
	return true
}

// FoldRune returns the folding of the single rune r, as Fold would fold it
// standing alone, and false when Fold removes it (diacritics, tatweel,
// zero-width characters). Token filters that work rune by rune use it.
//
// A few runes fold to more than one rune: ligatures of the presentation-forms
// blocks such as ﻻ (لا) or ﷲ (الله), and letters such as ٵ whose NFKC form
// is a letter and a high hamza. FoldRune returns those unchanged, with true;
// a filter that may meet them must run Fold over the whole token instead.
// Fold of text that holds none of them equals FoldRune applied rune by rune,
// except that Fold also sees sequences: و followed by a combining hamza above
// is ؤ to Fold but و to FoldRune.
func FoldRune(r rune) (rune, bool) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	if norm.NFKC.Properties(buf[:n]).Decomposition() == nil {
		// NFKC leaves a rune without a decomposition as it is.
		return foldRune(r)
	}
	// Rare: presentation forms, ligatures, compatibility characters.
	f := Fold(string(buf[:n]))
	switch utf8.RuneCountInString(f) {
	case 0:
		return 0, false
	case 1:
		g, _ := utf8.DecodeRuneInString(f)
		return g, true
	}
	return r, true
}

// foldRune maps one rune of text that is already in NFKC form.
func foldRune(r rune) (rune, bool) {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	case 0x0600 <= r && r <= 0x06FF:
		if f := arabicBlock[r-0x0600]; f >= 0 {
			return f, true
		}
		return 0, false
	case isInvisible(r), isCombiningDiacritic(r):
		return 0, false
	case unicode.Is(unicode.Latin, r):
		return unicode.ToLower(stripLatin(r)), true
	}
	return unicode.ToLower(r), true
}

// arabicBlock holds foldArabic for every rune of the Arabic block, -1 for a
// rune it removes: Fold looks up most runes of Arabic text here.
var arabicBlock = func() (t [256]rune) {
	for i := range t {
		f, ok := foldArabic(0x0600 + rune(i))
		if !ok {
			f = -1
		}
		t[i] = f
	}
	return t
}()

// foldArabic maps a rune of the Arabic block U+0600–U+06FF.
func foldArabic(r rune) (rune, bool) {
	switch {
	case r == '\u0622', r == '\u0623', r == '\u0625', r == '\u0671': // آ أ إ ٱ
		return alef, true
	case r == '\u0649', r == '\u06CC': // ى ی
		return yeh, true
	case r == '\u0629': // ة
		return heh, true
	case r == '\u06A9': // ک
		return kaf, true
	case '\u0660' <= r && r <= '\u0669': // ٠–٩
		return '0' + r - '\u0660', true
	case '\u06F0' <= r && r <= '\u06F9': // ۰–۹
		return '0' + r - '\u06F0', true
	case r == tatweel,
		r == daggerAlf,
		'\u064B' <= r && r <= '\u065F', // harakat, shadda, sukun, hamza and madda marks
		'\u06D6' <= r && r <= '\u06ED', // Quranic annotation marks
		'\u0610' <= r && r <= '\u061A', // honorific and Quranic marks over letters
		r == '\u061C':                  // Arabic letter mark (bidi)
		return 0, false
	}
	return r, true
}

// isInvisible reports whether r is a zero-width or bidirectional formatting
// character: it changes how text is shown, never what it says, and copied
// Arabic text is full of them.
func isInvisible(r rune) bool {
	switch {
	case '\u200B' <= r && r <= '\u200F', // zero-width space, non-joiner, joiner; LRM, RLM
		'\u202A' <= r && r <= '\u202E', // bidi embeddings and overrides
		'\u2066' <= r && r <= '\u2069', // bidi isolates
		r == '\u2060',                  // word joiner
		r == '\u00AD',                  // soft hyphen
		r == '\uFEFF':                  // zero-width no-break space, byte order mark
		return true
	}
	return false
}

// isCombiningDiacritic reports whether r is one of the generic combining
// diacritical marks, which Fold removes from Latin letters and which are left
// over when NFKC finds no precomposed letter for them.
func isCombiningDiacritic(r rune) bool {
	return '\u0300' <= r && r <= '\u036F' ||
		'\u1AB0' <= r && r <= '\u1AFF' ||
		'\u1DC0' <= r && r <= '\u1DFF' ||
		'\u20D0' <= r && r <= '\u20FF' ||
		'\uFE20' <= r && r <= '\uFE2F'
}

// stripLatin returns the base letter of a Latin letter with diacritics
// (Ḩ → H), or r itself when its canonical decomposition is not a letter
// followed by combining diacritics.
func stripLatin(r rune) rune {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFD.Properties(buf[:n]).Decomposition()
	if d == nil {
		return r
	}
	base, size := utf8.DecodeRune(d)
	for rest := d[size:]; len(rest) > 0; {
		m, size := utf8.DecodeRune(rest)
		if !isCombiningDiacritic(m) {
			return r
		}
		rest = rest[size:]
	}
	return base
}

// Digits returns s with Arabic-Indic digits ٠–٩ (U+0660–U+0669) and
// Persian digits ۰–۹ (U+06F0–U+06F9) replaced by ASCII 0–9, and nothing
// else changed, so that dates and codes typed with Arabic digits parse.
// It does not allocate when s holds no such digit.
func Digits(s string) string {
	// In UTF-8, ٠–٩ are D9 A0 … D9 A9 and ۰–۹ are DB B0 … DB B9; a byte
	// D9 or DB is always the first byte of a rune.
	i := 0
	for ; i+1 < len(s); i++ {
		if isDigitPair(s[i], s[i+1]) {
			break
		}
	}
	if i+1 >= len(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for i < len(s) {
		if i+1 < len(s) && isDigitPair(s[i], s[i+1]) {
			if s[i] == 0xD9 {
				b = append(b, '0'+s[i+1]-0xA0)
			} else {
				b = append(b, '0'+s[i+1]-0xB0)
			}
			i += 2
			continue
		}
		b = append(b, s[i])
		i++
	}
	return string(b)
}

// isDigitPair reports whether the bytes c0 c1 encode an Arabic-Indic or
// Persian digit.
func isDigitPair(c0, c1 byte) bool {
	return c0 == 0xD9 && 0xA0 <= c1 && c1 <= 0xA9 ||
		c0 == 0xDB && 0xB0 <= c1 && c1 <= 0xB9
}

// IsArabic reports whether r belongs to one of the Arabic blocks of Unicode
// (letters, marks, digits and punctuation alike, presentation forms
// included), so that analyzers and text direction can be chosen from it.
// Unlike unicode.Arabic, it counts the Arabic comma and question mark, the
// harakat and tatweel, which Unicode files under other scripts.
func IsArabic(r rune) bool {
	switch {
	case r < 0x0600:
		return false
	case r <= 0x06FF, // Arabic
		0x0750 <= r && r <= 0x077F,   // Arabic Supplement
		0x0870 <= r && r <= 0x08FF,   // Arabic Extended-B and -A
		0xFB50 <= r && r <= 0xFDFF,   // Arabic Presentation Forms-A
		0xFE70 <= r && r <= 0xFEFE,   // Arabic Presentation Forms-B (not the BOM)
		0x10EC0 <= r && r <= 0x10EFF, // Arabic Extended-C
		0x1EE00 <= r && r <= 0x1EEFF: // Arabic Mathematical Alphabetic Symbols
		return true
	}
	return false
}

// HasArabic reports whether s holds at least one rune for which IsArabic is
// true, so that a title, name or query can be given the Arabic analyzer and
// right-to-left direction.
func HasArabic(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if IsArabic(r) {
			return true
		}
		i += size
	}
	return false
}

// prefixes are the article and the clitics joined to it that StripPrefix
// removes, longest first, in folded form.
var prefixes = [...]string{
	"وال", // wa-l-
	"بال", // bi-l-
	"كال", // ka-l-
	"فال", // fa-l-
	"ال",  // al-
	"لل",  // li-l-, written with the alef of the article dropped
}

// StripPrefix removes one leading article from a folded Arabic word, with
// the و, ب, ك or ف joined before it, or the contracted لل (ل + ال), so that
// والوثيقه, بالوثيقه and للوثيقه all match وثيقه. At least two letters must
// remain, so short words that merely begin with these letters survive. It
// never removes a bare و, ب, ل, ف or ك: too many words begin with those
// letters (وثيقه itself), and the stemmed field is there for that. Words not
// in Arabic come back unchanged.
func StripPrefix(token string) string {
	for _, p := range prefixes {
		if len(token) > len(p) && token[:len(p)] == p &&
			utf8.RuneCountInString(token[len(p):]) >= 2 {
			return token[len(p):]
		}
	}
	return token
}

// SortKey returns a key that orders titles and names alphabetically when
// keys are compared as strings: Arabic in the order of the alphabet
// ignoring diacritics, tatweel and hamza forms, and ignoring the article of
// the first word, so that "الحسكة" sorts under ح next to "حلب"; Latin
// lowercased and without diacritics. It is Fold, then StripPrefix on the
// first word, with spaces trimmed and runs of spaces made one.
//
// Code point order of the folded Arabic letters is the alphabetical order
// (ا ب ت ث … ن ه و ي), and Latin sorts before Arabic.
func SortKey(s string) string {
	words := strings.Fields(Fold(s))
	if len(words) == 0 {
		return ""
	}
	words[0] = StripPrefix(words[0])
	return strings.Join(words, " ")
}
