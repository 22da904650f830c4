package oai

import (
	"bytes"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
)

// xmlWriter writes an XML document by hand: encoding/xml cannot be told
// which namespace prefixes to use, and harvesters expect oai_dc: and dc:.
// Every text and attribute value goes through escape.
type xmlWriter struct {
	b bytes.Buffer
}

// escape writes s as character data: markup characters as references,
// characters XML 1.0 does not allow (control characters, invalid UTF-8)
// as U+FFFD. In an attribute, quotes and white space that attribute value
// normalization would turn into spaces are references too; in text, line
// breaks and tabs stay as they are, for whoever reads the XML.
func (x *xmlWriter) escape(s string, attr bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			x.b.WriteString("&amp;")
		case r == '<':
			x.b.WriteString("&lt;")
		case r == '>':
			x.b.WriteString("&gt;")
		case r == '"' && attr:
			x.b.WriteString("&quot;")
		case r == '\r':
			x.b.WriteString("&#xD;")
		case r == '\n' && attr:
			x.b.WriteString("&#xA;")
		case r == '\t' && attr:
			x.b.WriteString("&#x9;")
		case r == utf8.RuneError && size == 1, !allowed(r):
			x.b.WriteRune('\uFFFD')
		case dhakira.BidiControl(r): // would reorder what a harvester shows after it
		case r == 0x7f:
		default:
			x.b.WriteRune(r)
		}
	}
}

// allowed reports whether XML 1.0 allows the character r.
func allowed(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// attrs are name, value pairs; a pair with an empty value is left out.
func (x *xmlWriter) tag(name string, attrs []string) {
	x.b.WriteByte('<')
	x.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		x.b.WriteByte(' ')
		x.b.WriteString(attrs[i])
		x.b.WriteString(`="`)
		x.escape(attrs[i+1], true)
		x.b.WriteByte('"')
	}
}

// start opens an element.
func (x *xmlWriter) start(name string, attrs ...string) {
	x.tag(name, attrs)
	x.b.WriteString(">\n")
}

// end closes an element.
func (x *xmlWriter) end(name string) {
	x.b.WriteString("</")
	x.b.WriteString(name)
	x.b.WriteString(">\n")
}

// elem writes an element holding text; an empty text makes an empty
// element.
func (x *xmlWriter) elem(name, text string, attrs ...string) {
	x.tag(name, attrs)
	if text == "" {
		x.b.WriteString("/>\n")
		return
	}
	x.b.WriteByte('>')
	x.escape(text, false)
	x.b.WriteString("</")
	x.b.WriteString(name)
	x.b.WriteString(">\n")
}
