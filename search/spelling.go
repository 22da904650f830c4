package search

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dhakira/dhakira/arabic"
)

// Readers type a name as they heard it. Three rules widen a query word,
// each ranking below the word as typed and below its stem:
//
//   - a Latin-script key shared by the spellings of a name (vowels,
//     doubled letters, q/k, ou/u/o, e/i, dh/z/th, -eh/-ah/-a): indexed for
//     a record's title and the names it carries (its places, the records
//     it links to, its aliases), not for its text;
//   - a plural for its singular and back, for Arabic broken plurals no
//     light stemmer joins (plurals.txt);
//   - one typo in a Latin word of five letters or more, never in its first
//     letter, when the word as typed finds little.
const (
	weightPlural  = 1.0
	weightVariant = 0.5
	weightTypo    = 0.25

	// keyPrefix marks the terms that hold Latin-script keys of names.
	keyPrefix = "\x02"
	// typoBelow is how many records a word must find for no typo to be tried.
	typoBelow = 5
)

// latinKey returns the key that spellings of a Latin-script name share, or
// "" when the word is not one (not Latin letters, or too short). The word
// is an exact term: folded, lowercase, without accents.
func latinKey(w string) string {
	if len(w) < 4 {
		return ""
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < 'a' || c > 'z') && c != '\'' {
			return ""
		}
	}
	w = strings.ReplaceAll(w, "'", "")
	for _, r := range [][2]string{{"dh", "z"}, {"th", "z"}, {"sh", "x"}, {"ch", "x"}, {"ph", "f"}, {"ck", "k"}, {"q", "k"}, {"c", "k"}} {
		w = strings.ReplaceAll(w, r[0], r[1])
	}
	// -eh, -ah: the taa marbuta.
	if n := len(w); n > 2 && w[n-1] == 'h' && isVowel(w[n-2]) {
		w = w[:n-1]
	}
	var b strings.Builder
	prevVowel := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		vowel := isVowel(c) || (c == 'w' || c == 'y') && prevVowel && i > 0
		switch {
		case i == 0 && vowel:
			b.WriteByte('a') // any opening vowel
		case vowel:
		case b.Len() > 0 && b.String()[b.Len()-1] == c: // doubled letters
		default:
			b.WriteByte(c)
		}
		prevVowel = vowel
	}
	if prevVowel && b.Len() > 1 {
		b.WriteByte('a') // a closing vowel: Daraa is not Deir
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
}

//go:embed plurals.txt
var pluralsFile string

// plurals maps each form of the lexicon, folded, to its other forms.
var plurals = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, line := range strings.Split(pluralsFile, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			continue
		}
		pl, sg := arabic.StripPrefix(arabic.Fold(f[0])), arabic.StripPrefix(arabic.Fold(f[1]))
		m[pl] = append(m[pl], sg)
		m[sg] = append(m[sg], pl)
	}
	return m
})

// pluralForms returns the other forms of a folded word in the lexicon.
func pluralForms(w string) []string { return plurals()[w] }

// oneEdit reports whether b is a one letter away from a — a letter
// changed, added, removed, or two neighbours swapped — keeping the first.
func oneEdit(a, b string) bool {
	if a == b || a == "" || b == "" || a[0] != b[0] {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > 1 || d < -1 {
		return false
	}
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	switch {
	case len(ra) == len(rb):
		if i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:]) {
			return true // swapped
		}
		return string(ra[i+1:]) == string(rb[i+1:])
	case len(ra) > len(rb):
		return string(ra[i+1:]) == string(rb[i:])
	default:
		return string(ra[i:]) == string(rb[i+1:])
	}
}

// typoCandidates returns the terms of the index one edit from w.
func (e *exec) typoCandidates(w string) []string {
	if c, ok := e.typos[w]; ok {
		return c
	}
	var out []string
	if utf8.RuneCountInString(w) >= 5 && latinWord(w) {
		seen := map[string]bool{}
		for _, s := range e.v.segs {
			s.termsWithPrefix(w[:1], func(t string) {
				if !seen[t] && oneEdit(w, t) {
					seen[t] = true
					out = append(out, t)
				}
			})
		}
	}
	e.typos[w] = out
	return out
}

func latinWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
