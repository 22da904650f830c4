package oai

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

// Whatever a record holds, the XML is well-formed and reads back as the
// text, but for the characters XML cannot carry.
func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<script>alert("x")</script> & 'quotes' ]]> done`, `<script>alert("x")</script> & 'quotes' ]]> done`},
		{"line one\nline two\r\n\ttabbed", "line one\nline two\r\n\ttabbed"},
		{"control \x00\x01\x1b chars, \uFFFE and invalid \xff\xfe UTF-8", "control \uFFFD\uFFFD\uFFFD chars, \uFFFD and invalid \uFFFD\uFFFD UTF-8"},
		{"عربي \u200fمع علامة اتجاه\u200e and 😀", "عربي \u200fمع علامة اتجاه\u200e and 😀"},
	} {
		var x xmlWriter
		x.start("doc", "a", c.in)
		x.elem("t", c.in)
		x.end("doc")
		var got struct {
			A string `xml:"a,attr"`
			T string `xml:"t"`
		}
		if err := xml.Unmarshal(x.b.Bytes(), &got); err != nil {
			t.Errorf("%q: %v\n%s", c.in, err, x.b.Bytes())
			continue
		}
		if got.A != c.want || got.T != c.want {
			t.Errorf("%q read back as attribute %q and text %q, want %q", c.in, got.A, got.T, c.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("word ", 300) + "The end."
	for _, c := range []struct {
		in, want string
		limit    int
	}{
		{"short text", "short text", 100},
		{"First sentence is here. Second sentence goes on and on", "First sentence is here. …", 30},
		{"no sentence ends in this long run of words at all", "no sentence ends in this long …", 32},
		{"جملة أولى هنا. وجملة ثانية طويلة جداً", "جملة أولى هنا. …", 19},
	} {
		if got := excerpt(c.in, c.limit); got != c.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
	if got := excerpt(long, maxDescription); utf8.RuneCountInString(got) > maxDescription+2 || !strings.HasSuffix(got, "word …") {
		t.Errorf("excerpt of %d characters: %d, ends %q", len(long), utf8.RuneCountInString(got), got[len(got)-10:])
	}
}
