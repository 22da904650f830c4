package search

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func show(q Query) string {
	var parts []string
	for _, g := range q.Groups {
		var alts []string
		for _, t := range g {
			if t.Phrase {
				alts = append(alts, fmt.Sprintf("%q", t.Text))
			} else {
				alts = append(alts, t.Text)
			}
		}
		parts = append(parts, strings.Join(alts, "|"))
	}
	for _, t := range q.Exclude {
		parts = append(parts, "-"+t.Text)
	}
	return strings.Join(parts, " ")
}

func TestParse(t *testing.T) {
	cases := map[string]string{
		`وثيقة حمص`:                     `وثيقة حمص`,
		`"hunger strike" prison`:        `"hunger strike" prison`,
		`"single"`:                      `single`,
		`prison -Homs -"hunger strike"`: `prison -Homs -hunger strike`,
		`Daraa OR Homs siege`:           `Daraa|Homs siege`,
		`درعا أو حمص`:                   `درعا|حمص`,
		`a OR "b c" OR d`:               `a|"b c"|d`,
		`OR leading`:                    `leading`,
		`trailing OR`:                   `trailing`,
		`"unclosed phrase here`:         `"unclosed phrase here"`,
		`«صيدنايا» “Sednaya”`:           `صيدنايا Sednaya`,
		`- -- ... ،؟`:                   ``,
		`x-ray -`:                       `x-ray`,
		`  spaced   out  `:              `spaced out`,
		`-"" ""`:                        ``,
		`٢٠١٧`:                          `٢٠١٧`,
	}
	for in, want := range cases {
		if got := show(Parse(in)); got != want {
			t.Errorf("Parse(%q) = %s, want %s", in, got, want)
		}
	}
	long := strings.Repeat("word ", 200)
	if q := Parse(long); len(q.Groups) != maxTerms {
		t.Errorf("a 200-word query kept %d groups, want %d", len(q.Groups), maxTerms)
	}
}

// FuzzParse checks that any input parses, without panicking, into terms
// that are valid UTF-8 and meaningful, and that the index runs it.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`وثيقة "hunger strike" -Homs OR Daraa`, `"`, `-`, `OR OR`, `«»`, "\xff\xfe", `a -"b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		if len(q.Groups) > maxTerms || len(q.Exclude) > maxTerms {
			t.Fatalf("too many terms: %d, %d", len(q.Groups), len(q.Exclude))
		}
		check := func(term Term) {
			if !utf8.ValidString(term.Text) || !meaningful(term.Text) || strings.TrimSpace(term.Text) != term.Text {
				t.Fatalf("bad term %q from %q", term.Text, s)
			}
		}
		for _, g := range q.Groups {
			if len(g) == 0 {
				t.Fatalf("empty group from %q", s)
			}
			for _, term := range g {
				check(term)
			}
		}
		for _, term := range q.Exclude {
			check(term)
		}
		if res := fuzzIndex(t).run(plan{q: q, k: 20}); res.total > 1 {
			t.Fatalf("%q found %d records in an index of one", s, res.total)
		}
	})
}

var fuzzView *view

// fuzzIndex returns an index of one document, built once.
func fuzzIndex(t *testing.T) *view {
	if fuzzView != nil {
		return fuzzView
	}
	ix, _, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b := newSegmentBuilder(ix.reserve(1))
	b.add(&Document{Code: "DOC-1", Kind: "document", Title: []string{"الوثيقة الأولى", "hunger strike"}, Text: []string{"وثيقة"}})
	s, err := ix.writeSegment(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.commit([]*segment{s}, nil, nil, 1); err != nil {
		t.Fatal(err)
	}
	fuzzView = ix.v
	return fuzzView
}
